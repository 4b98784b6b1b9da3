"""``lines``: each line is one item; exactly one output line per input line, blank lines stay blank."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from summix.errors import InputError
from summix.formats.base import Checks, Columns, Done, Parts, Record, RecordFormat, one_language
from summix.sources import Source, StdinFeed, source_lines


def decode_line(raw: bytes, where: str, first: bool) -> str:
    """A line's text without its line end (``\\n`` or ``\\r\\n``) and, on a first line, without a BOM.

    Raises:
        InputError: a NUL byte (binary or UTF-16 data) or bytes that are not UTF-8; the message names
            the column.
    """
    body = raw[3:] if first and raw.startswith(b"\xef\xbb\xbf") else raw
    body = strip_line_end(body)
    nul = body.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{where}: NUL byte at column {nul + 1}: binary or UTF-16 data, not UTF-8 text "
            "(convert UTF-16 with: iconv -f utf-16 -t utf-8)"
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not valid UTF-8: byte 0x{body[exc.start]:02x} at column {exc.start + 1}; "
            "re-save the file as UTF-8 (e.g. iconv -f cp1251 -t utf-8)"
        ) from None


def strip_line_end(raw: bytes) -> bytes:
    """``raw`` without its ``\\n`` or ``\\r\\n``."""
    return raw.removesuffix(b"\n").removesuffix(b"\r")


class LineFormat(RecordFormat):
    """A format with one record per line of its files."""

    def read(self, source: Source, index: int, feed: StdinFeed, field_name: str) -> Iterator[Record]:
        """Each line parsed by :meth:`parse` (``state`` carries what a header line said)."""
        state: dict[str, Any] = {}
        for number, raw in enumerate(source_lines(source, feed), start=1):
            yield self.parse(raw, f"{source.name}:{number}", index, number == 1, field_name, state)

    def parse(self, raw: bytes, where: str, source: int, first: bool, field_name: str, state: dict) -> Record:
        """One line as a record."""
        raise NotImplementedError


class LinesFormat(LineFormat):
    """One item per line; the output has one line per input line in each language."""

    name = "lines"
    glob = "*.txt"
    per_language = True

    def read(self, source: Source, index: int, feed: StdinFeed, field_name: str) -> Iterator[Record]:
        """Each line is a record; a lone ``\\r`` ends a line too, as documents, ``summix check`` and
        editors count lines (a file with classic Mac line ends is not one item)."""
        number = 0
        for raw in source_lines(source, feed):
            for part in strip_line_end(raw).split(b"\r"):
                number += 1
                yield self.parse(part, f"{source.name}:{number}", index, number == 1, field_name, {})

    def parse(self, raw: bytes, where: str, source: int, first: bool, field_name: str, state: dict) -> Record:
        """The whole line is the text (a blank line translates to a blank line)."""
        try:
            return Record(where, source, raw, text=decode_line(raw, where, first))
        except InputError as exc:
            return Record(where, source, raw, error=str(exc))

    def encode(
        self, record: Record, done: Done, error: str | None, columns: Columns, *, checks: Checks = None
    ) -> Parts:
        """A line per language (blank when the record has no translation)."""
        found = dict(done or {})
        return {lang: (found.get(lang, "") + "\n").encode("utf-8") for lang in columns.targets}

    def extension(self, source: Source, fmt: str) -> str:
        """The input's own ending (``.txt`` for standard input)."""
        return source.rel.suffix or ".txt"

    def stream_keys(self, targets: Sequence[str]) -> tuple[str, ...]:
        """One language per stream.

        Raises:
            SettingError: more than one target language.
        """
        return one_language(targets, "lines input")
