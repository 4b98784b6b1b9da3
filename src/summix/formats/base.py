"""What every format is: how it is found in a folder, read into records, translated, written and named per
language. Both engines (local and Ray) use the same objects, so a format behaves the same on either.

Bad input never raises while reading: it becomes a record with ``error`` set and its position
(``file:line``) in the message.
"""

from __future__ import annotations

import pickle
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from summix.documents import document_text, read_file
from summix.errors import CoverageError, InputError, SettingError
from summix.pipeline import RunStats
from summix.sinks import FileSink, Sink
from summix.sources import Source, StdinFeed

if TYPE_CHECKING:
    from summix.cache import SegmentCache
    from summix.checking import Checked
    from summix.checks.base import SegmentCheck
    from summix.request import TranslateRequest
    from summix.session import Session

ERROR_FIELD = "summix_error"
INPUT_FIELD = "summix_input"
STREAM_KEY = "out"  # the key of the one output of a run that writes to a stream or a single file
Done = Mapping[str, str] | None  # a record's translation per language; None when it has none
# With --check: a record's checks per language, one per line of its text (None: not checked).
Checks = Mapping[str, "tuple[SegmentCheck, ...]"] | None
Parts = dict[str, Any]  # what a record adds to each output, by output key


@dataclass(frozen=True)
class Columns:
    """How added output is named: the translated field (or column) and the target languages, in order."""

    field: str
    targets: tuple[str, ...]

    def names(self, field: str | None = None) -> dict[str, str]:
        """Each target language's output name, ``FIELD_LANG`` (``field`` for the field: the last part of
        a nested JSONL key)."""
        return {lang: f"{field or self.field}_{lang}" for lang in self.targets}

    def taken(self, present: Container[str], field: str | None = None) -> str | None:
        """The first output name already in ``present`` (a record's keys, a header's cells), or None."""
        return next((name for name in self.names(field).values() if name in present), None)


@dataclass(frozen=True)
class Record:
    """One unit of input: a document, a line, a JSONL record, a TSV row or a Parquet row.

    ``text`` is what to translate (None for a copied line or a bad record); ``payload`` the parsed JSON
    object, TSV cells or Parquet row; ``error`` why the record cannot be translated; ``counted`` is False for
    lines that are copied as they are (JSONL blank lines, TSV headers) and do not count as items.
    """

    where: str
    source: int
    raw: bytes
    text: str | None = None
    payload: Any = None
    error: str | None = None
    counted: bool = True

    def to_row(self) -> dict[str, Any]:
        """The record as a row of plain values (for Ray Data)."""
        return {"record": pickle.dumps(self), "source": self.source}

    @staticmethod
    def from_row(row: Mapping[str, Any]) -> Record:
        """The record :meth:`to_row` stored."""
        return pickle.loads(row["record"])  # noqa: S301 - rows this process's own engine wrote


@dataclass(frozen=True)
class Outcome:
    """A record's output per output key, what went wrong with it (``bad_input``: the record itself, not
    the model), notes for standard error, and with --check what the checks found (for the run's summary).
    ``problem`` may name ``settings`` as ``{name}`` placeholders, as a :class:`SummixError` message does."""

    parts: dict[str, Any]
    problem: str | None = None
    bad_input: bool = False
    notes: tuple[str, ...] = ()
    checked: Checked | None = None
    settings: tuple[str, ...] = ()


@dataclass
class Work:
    """What translating a chunk needs besides the records: the session, the request, the keys of the
    outputs being written, the segment cache and the progress callback."""

    session: Session
    request: TranslateRequest
    keys: tuple[str, ...]
    cache: SegmentCache | None = None
    progress: Any = None
    stats: RunStats = field(default_factory=RunStats)

    @property
    def columns(self) -> Columns:
        """How the request names added output."""
        return Columns(self.request.field, self.request.record_targets)


class Format:
    """One input format. Subclasses set the class attributes and implement :meth:`read` and
    :meth:`translate`."""

    name: ClassVar[str]
    glob: ClassVar[str]  # the files a folder contributes by default
    # How its outputs can be rendered (the first is the default); record formats keep their own.
    renders: ClassVar[tuple[str, ...]] = ()
    # One output per language (documents, lines), or one output with a field or column per language.
    per_language: ClassVar[bool] = False
    streams: ClassVar[bool] = True  # can read standard input and write standard output
    # Each input file is one item (a document): several of them cannot share one output.
    whole_files: ClassVar[bool] = False
    # What the run's check summary counts ("3 of 117 records flagged").
    check_unit: ClassVar[str] = "records"

    def output_formats(self) -> tuple[str, ...]:
        """The formats its output can be written in; the first is the default."""
        return self.renders or (self.name,)

    def read(self, source: Source, index: int, feed: StdinFeed, field_name: str) -> Iterator[Record]:
        """Every record of ``source`` in order, read lazily (``index`` numbers the source)."""
        raise NotImplementedError

    def prose(self, text: str) -> str:
        """A document's text as summaries read it: without markup (plain text is read as it is)."""
        return text

    def translate(self, chunk: Sequence[Record], work: Work) -> list[Outcome]:
        """Translate one chunk and encode each record's output; counters go to ``work.stats``."""
        raise NotImplementedError

    def extension(self, source: Source, fmt: str) -> str:
        """The file ending of ``source``'s outputs in ``fmt``."""
        return source.rel.suffix or f".{fmt}"

    def output_paths(self, source: Source, folder: Path, fmt: str, targets: Sequence[str]) -> dict[str, Path]:
        """Where ``source``'s outputs go in ``folder``: ``NAME.uz.txt`` per language for per-language
        formats, else one ``NAME.uz-ru.jsonl`` (``.tsv``, ``.parquet``) with a field or column per
        language."""
        rel = source.rel
        base = folder / rel.parent
        ext = self.extension(source, fmt)
        if self.per_language:
            return {lang: base / f"{rel.stem}.{lang}{ext}" for lang in targets}
        return {STREAM_KEY: base / f"{rel.stem}.{'-'.join(targets)}{ext}"}

    def stream_keys(self, targets: Sequence[str]) -> tuple[str, ...]:
        """The output keys of a run written to one stream or file."""
        return (STREAM_KEY,)

    def sink(self, outputs: dict[str, Path], *, keep_state: bool) -> Sink:
        """The writer of one job's files."""
        return FileSink(outputs, keep_state=keep_state)


def one_language(targets: Sequence[str], what: str) -> tuple[str, ...]:
    """The one output key of a stream or file that takes one language (``what`` names the input).

    Raises:
        SettingError: more than one target language.
    """
    if len(targets) > 1:
        raise SettingError(
            f"{what} writes one language per stream or file, not {len(targets)} ({', '.join(targets)}): "
            "pick one with {to}, or write one file per language with {output_dir}",
            "to",
            "output_dir",
        )
    return (targets[0],)


class DocumentFormat(Format):
    """A format whose files are each one document (text, Markdown, HTML), with one output per language.
    Subclasses implement :meth:`document`."""

    per_language = True
    whole_files = True
    check_unit = "paragraphs"

    def read(self, source: Source, index: int, feed: StdinFeed, field_name: str) -> Iterator[Record]:
        """The document as one record; an unreadable, binary, non-UTF-8 or empty one is an error record."""
        raw = b""
        try:
            raw = b"".join(feed.lines()) if source.path is None else read_file(source.path)
            yield Record(source.name, index, raw, text=document_text(raw, source.name))
        except InputError as exc:
            yield Record(source.name, index, raw, error=str(exc))

    def translate(self, chunk: Sequence[Record], work: Work) -> list[Outcome]:
        """Translate each document whole; a bad one, or one the model could not translate, gets a problem."""
        return [self._outcome(record, work) for record in chunk]

    def _outcome(self, record: Record, work: Work) -> Outcome:
        if record.error is not None or record.text is None:
            return Outcome({}, record.error, True)
        try:
            return self.document(record, work)
        except (InputError, CoverageError) as exc:
            problem = f"{record.where}: {exc.template}"
            return Outcome({}, problem, isinstance(exc, InputError), settings=exc.settings)

    def document(self, record: Record, work: Work) -> Outcome:
        """One readable document translated, with its output for each of ``work.keys``.

        Raises:
            InputError, CoverageError: the text cannot be encoded, or the model dropped text.
        """
        raise NotImplementedError


class RecordFormat(Format):
    """A format of many small records (lines, JSONL, TSV, Parquet): each record's text is translated as
    lines of paragraphs, into the same languages for every record, and nothing is dropped as cruft."""

    def translate(self, chunk: Sequence[Record], work: Work) -> list[Outcome]:
        """Translate the chunk's texts together and encode each record (bad records pass through)."""
        request = work.request
        chunk = [self._refuse_taken(record, work.columns) for record in chunk]
        todo = [r for r in chunk if r.text is not None]
        result = work.session.translate_chunk(
            [r.text or "" for r in todo],
            request.record_targets,
            source=request.source,
            model=request.model,
            generation=request.generation,
            cache=work.cache,
            progress=work.progress,
            keep_apostrophes=request.keep_apostrophes,
            check=request.check or False,
        )
        work.stats += result.stats
        items = {id(r): item for r, item in zip(todo, result.items, strict=True)}
        outcomes = [self._outcome(r, items.get(id(r)), work) for r in chunk]
        if result.notes and outcomes:  # the chunk's notes about the checks ride on its first record
            first = outcomes[0]
            checked = _checked(first.checked.parts if first.checked else {}, result.notes)
            outcomes[0] = replace(first, checked=checked)
        return outcomes

    def taken(self, record: Record, columns: Columns) -> str | None:
        """The field or column ``record`` has already that its translation would be written to (None: no
        such; formats whose records are not named fields have none)."""
        return None

    def _refuse_taken(self, record: Record, columns: Columns) -> Record:
        """``record``, or when its translation would overwrite a field it has, the record as bad input."""
        name = self.taken(record, columns) if record.text is not None else None
        if name is None:
            return record
        problem = f"{record.where}: the record already has {name!r}, which the translation would overwrite"
        return replace(record, text=None, error=problem)

    def _outcome(self, record: Record, item: Any, work: Work) -> Outcome:
        problem = record.error or (
            f"{record.where}: {item.error}" if item is not None and item.error else None
        )
        translations = item.translations if item is not None and problem is None else None
        checks = item.checks if translations is not None else None
        parts = self.encode(record, translations, problem, work.columns, checks=checks)
        # A record counts once per language: flagged when any of its lines is.
        kinds = {lang: (tuple(k for c in found for k in c.kinds),) for lang, found in (checks or {}).items()}
        return Outcome(parts, problem, record.error is not None, checked=_checked(kinds) if checks else None)

    def encode(
        self, record: Record, done: Done, error: str | None, columns: Columns, *, checks: Checks = None
    ) -> Parts:
        """What ``record`` adds to each output, given its translations (None when it has none) or error,
        and with --check its checks (only JSONL writes them; the other formats keep their shape)."""
        raise NotImplementedError


def _checked(parts: Mapping[str, tuple[tuple[str, ...], ...]], notes: tuple[str, ...] = ()) -> Checked:
    from summix.checking import Checked

    return Checked(parts, notes)
