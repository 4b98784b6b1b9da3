"""Records for batch translation: where input comes from, how each format is read, how outputs are written.

Pure functions and small classes with no model code: ``text`` (a whole file is one document), ``lines``
(each line one item), ``jsonl`` (a string field of each JSON object) and ``tsv`` (a column of a
tab-separated table whose first line is the header). Bad input never raises here: it becomes a record
with ``error`` set and its position (``file:line``) in the message.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from summix import text as textmod
from summix.errors import InputError

DEFAULT_GLOBS: dict[str, str] = {"text": "*.txt", "lines": "*.txt", "jsonl": "*.jsonl", "tsv": "*.tsv"}
ERROR_FIELD = "summix_error"
INPUT_FIELD = "summix_input"


# ------------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (``path`` None). ``rel`` names its outputs."""

    name: str
    path: Path | None
    rel: Path


def collect_sources(paths: Sequence[str], pattern: str, exclude: Path | None = None) -> list[Source]:
    """The inputs named by ``paths``: files, ``-`` for standard input, and the files of each folder that
    match ``pattern`` (sorted; ``**/`` in the pattern descends into subfolders). Files inside ``exclude``
    (the output folder) are left out of folders, so outputs are never read back as inputs.

    Raises:
        InputError: a path does not exist, a folder has no matching file or is ``exclude`` itself, or
            ``-`` is given twice.
    """
    sources: list[Source] = []
    for given in paths:
        path = Path(given)
        if given == "-":
            sources.append(Source("<stdin>", None, Path("stdin")))
        elif path.is_dir():
            sources.extend(_folder_sources(path, pattern, exclude))
        elif path.exists():
            sources.append(Source(given, path, Path(path.name)))
        else:
            raise InputError(
                f"{given}: no such file or folder; check the path (use - to read standard input)"
            )
    if sum(s.path is None for s in sources) > 1:
        raise InputError("standard input (-) can be read only once")
    return sources


def _folder_sources(folder: Path, pattern: str, exclude: Path | None) -> list[Source]:
    skip = exclude.resolve() if exclude is not None else None
    if skip == folder.resolve():
        raise InputError(
            f"{folder} is also the output folder: its outputs would be read as inputs next time; "
            "choose another --output-dir"
        )
    found = sorted(p for p in folder.glob(pattern) if p.is_file())
    if skip is not None:
        found = [p for p in found if not p.resolve().is_relative_to(skip)]
    if not found:
        raise InputError(f"{folder} has no files matching {pattern!r}: pass --glob PATTERN")
    return [Source(str(p), p, p.relative_to(folder)) for p in found]


class StdinFeed:
    """Standard input as lines; what a resume check read can be replayed if the input turned out to differ."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self._spool: IO[bytes] | None = None
        self._replay: IO[bytes] | None = None

    def lines(self) -> Iterator[bytes]:
        """The lines not read yet (after any replayed ones), each with its line end."""
        if self._replay is not None:
            replay, self._replay = self._replay, None
            yield from replay
        for line in self.stream:
            if self._spool is not None:
                self._spool.write(line)
            yield line

    def record(self) -> None:
        """Keep a copy of every line read from now on (on disk, so memory stays bounded)."""
        self._spool = tempfile.TemporaryFile(prefix="summix-stdin-")  # noqa: SIM115 - closed by forget()

    def rewind(self) -> None:
        """Read the recorded lines again before the rest of the stream."""
        if self._spool is not None:
            self._spool.seek(0)
            self._replay, self._spool = self._spool, None

    def forget(self) -> None:
        """Stop recording and drop the copy."""
        if self._spool is not None:
            self._spool.close()
        self._spool = None


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Record:
    """One unit of input: a document, a line, a JSONL record or a TSV row.

    ``text`` is what to translate (None for a copied line or a bad record); ``payload`` the parsed JSON
    object or TSV cells; ``error`` why the record cannot be translated; ``counted`` is False for lines that
    are copied as they are (JSONL blank lines, TSV headers) and do not count as items.
    """

    where: str
    source: int
    raw: bytes
    text: str | None = None
    payload: Any = None
    error: str | None = None
    counted: bool = True


def read_records(
    sources: Sequence[Source], input_format: str, field_name: str, feed: StdinFeed
) -> Iterator[Record]:
    """Every record of ``sources`` in order, read lazily.

    Raises:
        InputError: a TSV header has no column ``field_name`` (every row would fail).
    """
    for index, source in enumerate(sources):
        if input_format == "text":
            yield _document(source, index, feed)
            continue
        lines = feed.lines() if source.path is None else _file_lines(source)
        parse = _PARSERS[input_format]
        state: dict[str, Any] = {}
        for number, raw in enumerate(lines, start=1):
            yield parse(raw, f"{source.name}:{number}", index, number == 1, field_name, state)


def _file_lines(source: Source) -> Iterator[bytes]:
    assert source.path is not None
    try:
        with source.path.open("rb") as handle:
            yield from handle
    except OSError as exc:
        raise InputError(f"cannot read {source.name}: {exc.strerror or exc}; check its permissions") from None


def _document(source: Source, index: int, feed: StdinFeed) -> Record:
    """A whole file as one record; unreadable, binary, non-UTF-8 or empty files give an error record."""
    try:
        raw = b"".join(feed.lines()) if source.path is None else source.path.read_bytes()
    except OSError as exc:
        return Record(source.name, index, b"", error=f"cannot read {source.name}: {exc.strerror or exc}")
    try:
        text = textmod.decode_bytes(raw, source.name)
    except InputError as exc:
        return Record(source.name, index, raw, error=str(exc))
    if not text.strip():
        return Record(source.name, index, raw, error=f"{source.name} is empty: nothing to translate")
    return Record(source.name, index, raw, text=text)


def decode_line(raw: bytes, where: str, first: bool) -> str:
    """A line's text without its line end (``\\n`` or ``\\r\\n``) and, on a first line, without a BOM.

    Raises:
        InputError: a NUL byte (binary or UTF-16 data) or bytes that are not UTF-8; the message names
            the column.
    """
    body = raw[3:] if first and raw.startswith(b"\xef\xbb\xbf") else raw
    body = body.removesuffix(b"\n").removesuffix(b"\r")
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


def parse_line(raw: bytes, where: str, source: int, first: bool, _field: str, _state: dict) -> Record:
    """A ``lines`` record: the whole line is the text (a blank line translates to a blank line)."""
    try:
        return Record(where, source, raw, text=decode_line(raw, where, first))
    except InputError as exc:
        return Record(where, source, raw, error=str(exc))


def parse_jsonl(raw: bytes, where: str, source: int, first: bool, field_name: str, _state: dict) -> Record:
    """A JSONL record: a JSON object whose ``field_name`` (dots for nested keys) is a string."""
    try:
        line = decode_line(raw, where, first)
    except InputError as exc:
        return Record(where, source, raw, error=str(exc))
    if not line.strip():
        return Record(where, source, raw, counted=False)
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than Python can parse
        return Record(
            where, source, raw, error=f"{where}: not JSON ({exc}); each line must be one JSON object"
        )
    if not isinstance(data, dict):
        kind = type(data).__name__
        return Record(
            where, source, raw, error=f"{where}: a JSON {kind}, not an object with a {field_name!r} field"
        )
    try:
        return Record(where, source, raw, text=get_field(data, field_name), payload=data)
    except InputError as exc:
        return Record(where, source, raw, payload=data, error=f"{where}: {exc}")


def get_field(data: dict, path: str) -> str:
    """The string at ``path`` in ``data``; ``a.b`` is ``data["a"]["b"]``.

    Raises:
        InputError: the field is missing, or is not a string.
    """
    value: Any = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise InputError(
                f"the record has no field {path!r} (keys: {', '.join(map(str, data)) or 'none'})"
            )
        value = value[key]
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        raise InputError(f"field {path!r} is {kind}, not a string")
    return value


def parse_tsv(raw: bytes, where: str, source: int, first: bool, column: str, state: dict) -> Record:
    """A TSV row (tab-separated, no quoting); the first line of each file is the header naming ``column``.

    Raises:
        InputError: the header has no column ``column``.
    """
    try:
        line = decode_line(raw, where, first)
    except InputError as exc:
        if first:
            raise
        return Record(where, source, raw, error=str(exc))
    cells = line.split("\t")
    if first:
        if column not in cells:
            raise InputError(
                f"{where}: the header has no column {column!r} (columns: {', '.join(cells)}); pass --field"
            )
        state["index"], state["width"] = cells.index(column), len(cells)
        return Record(where, source, raw, payload=cells, counted=False)
    if state["index"] >= len(cells):
        error = f"{where}: the row has {len(cells)} cells, the header {state['width']}"
        return Record(where, source, raw, payload=cells, error=error)
    return Record(where, source, raw, text=cells[state["index"]], payload=cells)


_PARSERS = {"lines": parse_line, "jsonl": parse_jsonl, "tsv": parse_tsv}


# ------------------------------------------------------------------------------------------------ outputs


def format_record(
    record: Record,
    translations: Mapping[str, str] | None,
    error: str | None,
    fmt: str,
    field_name: str,
    targets: Sequence[str],
) -> dict[str, bytes]:
    """The bytes ``record`` adds to each output: a line per language for ``lines`` (blank when it has no
    translation), else one line under the key ``out``.

    JSONL: the same object with ``FIELD_uz``… added beside the field (or ``summix_error`` when ``error``;
    a line that is no object becomes ``{"summix_error": …, "summix_input": line}``); blank lines stay
    blank. TSV: the same row with a cell per language appended (empty ones for a bad row).
    """
    done = dict(translations or {})
    if fmt == "lines":
        return {lang: (done.get(lang, "") + "\n").encode("utf-8") for lang in targets}
    line = strip_line_end(record.raw)
    if fmt == "tsv":
        header = isinstance(record.payload, list) and not record.counted
        cells = [f"{field_name}_{lang}" if header else done.get(lang, "") for lang in targets]
        return {"out": line + ("\t" + "\t".join(cells) + "\n").encode("utf-8")}
    if not record.counted:
        return {"out": b"\n"}
    if not isinstance(record.payload, dict):
        return {"out": dump_json({ERROR_FIELD: error, INPUT_FIELD: line.decode("utf-8", "replace")})}
    data = record.payload
    if error is not None:
        data[ERROR_FIELD] = error
    else:
        parent, last = _parent(data, field_name)
        parent.update({f"{last}_{lang}": text for lang, text in done.items()})
    return {"out": dump_json(data)}


def strip_line_end(raw: bytes) -> bytes:
    """``raw`` without its ``\n`` or ``\r\n``."""
    return raw.removesuffix(b"\n").removesuffix(b"\r")


def _parent(data: dict, path: str) -> tuple[dict, str]:
    *keys, last = path.split(".")
    for key in keys:
        data = data[key]
    return data, last


def dump_json(data: Any) -> bytes:
    """One JSON line in UTF-8. Characters that some readers take for line breaks (U+0085, U+2028, U+2029)
    and those UTF-8 cannot carry (lone surrogates) are written as escapes."""
    try:
        text = json.dumps(data, ensure_ascii=False).translate(_LINE_BREAK_ESCAPES)
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data) + "\n").encode("utf-8")


# Outside strings these cannot occur in JSON, so escaping them everywhere is safe.
_LINE_BREAK_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def output_paths(source: Source, folder: Path, fmt: str, targets: Sequence[str]) -> dict[str, Path]:
    """Where ``source``'s outputs go in ``folder``: ``NAME.uz.txt`` per language for documents and lines,
    one ``NAME.uz-ru.jsonl`` (or ``.tsv``) with a field or column per language for records."""
    rel = source.rel
    base = folder / rel.parent
    if fmt in ("jsonl", "tsv"):
        return {"out": base / f"{rel.stem}.{'-'.join(targets)}{rel.suffix or '.' + fmt}"}
    ext = {"text": ".txt", "json": ".json", "md": ".md", "lines": rel.suffix or ".txt"}[fmt]
    return {lang: base / f"{rel.stem}.{lang}{ext}" for lang in targets}
