"""Batch translation for scripts: many files or standard input, as documents, lines, JSONL or TSV records.

Input is read lazily, ``chunk_size`` records at a time, so memory stays bounded for any size; results are
written in input order as each chunk finishes. Files are written as hidden ``.NAME.part`` files and renamed
over ``NAME`` when complete, next to a hidden ``.NAME.summix-state`` file that records how far the run got
(records written, a SHA-256 of the input they came from, the settings). A re-run with the same arguments
skips outputs that are complete and continues a partial one after its last complete record.

The translation itself is :func:`summix.api.translate_chunk` (records) or :func:`summix.api.translate`
(whole documents). Nothing here prints: messages go to the ``notify`` callback.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from summix import api
from summix.cache import SegmentCache
from summix.errors import CoverageError, InputError, ItemError, OutputError, SummixError
from summix.options import GenerationOptions, RuntimeOptions, with_beams
from summix.pipeline import RunStats
from summix.records import (
    DEFAULT_GLOBS,
    Record,
    Source,
    StdinFeed,
    collect_sources,
    format_record,
    output_paths,
    read_records,
)

INPUT_FORMATS: tuple[str, ...] = ("text", "lines", "jsonl", "tsv")
# Documents render as text, JSON or Markdown; records keep their own format.
OUTPUT_FORMATS: dict[str, tuple[str, ...]] = {
    "text": ("text", "json", "md"),
    "lines": ("lines",),
    "jsonl": ("jsonl",),
    "tsv": ("tsv",),
}
ON_ERROR: tuple[str, ...] = ("stop", "skip")
EXIT_OK, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 3
CHUNK_SIZE = 128
MAX_REPORTED = 100
STATE_VERSION = 1

Notify = Callable[[str], None]


# ------------------------------------------------------------------------------------------------ options


@dataclass(frozen=True)
class BatchOptions:
    """What ``summix translate`` was asked to do (see ``summix translate --help``)."""

    paths: tuple[str, ...] = ("-",)
    to: str = "auto"
    source: str = "auto"
    model: str | None = None
    input_format: str = "text"
    output_format: str | None = None
    field: str = "text"
    output: str | None = None
    output_dir: str | None = None
    glob: str | None = None
    on_error: str = "stop"
    chunk_size: int = CHUNK_SIZE
    cache_dir: str | None = None
    beams: int | None = None  # None: the model card's

    @property
    def generation(self) -> GenerationOptions | None:
        """Decoding settings: the model card's, with ``beams`` in place of its beam size when given."""
        return with_beams(self.beams)

    @property
    def fmt(self) -> str:
        """The output format: as given, else the input format's own."""
        return self.output_format or OUTPUT_FORMATS[self.input_format][0]

    @property
    def folder(self) -> Path | None:
        """The output folder: ``--output-dir``, or ``-o`` naming an existing folder."""
        if self.output_dir:
            return Path(self.output_dir)
        if self.output and self.output != "-" and Path(self.output).is_dir():
            return Path(self.output)
        return None

    def settings_key(self, targets: Sequence[str]) -> str:
        """What decides the outputs, apart from the input bytes: a re-run with another key starts over."""
        parts = [
            self.input_format,
            self.fmt,
            self.field,
            list(targets),
            self.source,
            self.model,
            self.chunk_size,
        ]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def check_options(options: BatchOptions) -> None:
    """Check the option values before anything is read.

    Raises:
        SummixError: an unknown format or error policy, or contradictory output options.
    """
    _check_choice("--input-format", options.input_format, INPUT_FORMATS)
    _check_choice(
        f"--format for --input-format {options.input_format}",
        options.fmt,
        OUTPUT_FORMATS[options.input_format],
    )
    _check_choice("--on-error", options.on_error, ON_ERROR)
    if options.output_dir and options.output:
        raise SummixError("give either --output-dir DIR or -o FILE, not both")
    if options.chunk_size < 1:
        raise SummixError(f"--chunk-size must be at least 1, got {options.chunk_size}")
    if not options.field.strip():
        raise SummixError(
            "--field is empty: name the JSONL field or TSV column to translate, e.g. --field text"
        )


def _check_choice(name: str, value: str, valid: Sequence[str]) -> None:
    if value not in valid:
        raise SummixError(f"unknown {name} {value!r}: choose from {', '.join(valid)}")


# ------------------------------------------------------------------------------------------------ outputs


def _hidden(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}{suffix}")


class StreamSink:
    """Output to one stream (standard output), flushed after every chunk; it cannot resume."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def load_state(self) -> None:
        """A stream has no state to resume from."""

    def open(self, _sizes: dict[str, int] | None) -> None:
        """Nothing to open: the stream belongs to the caller."""

    def write(self, parts: dict[str, bytes]) -> None:
        """Append every part to the stream."""
        try:
            for data in parts.values():
                self.stream.write(data)
        except BrokenPipeError:
            raise OutputError("standard output was closed before the output was complete") from None

    def checkpoint(self, _state: dict) -> None:
        """Push what was written to the reader."""
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise OutputError("standard output was closed before the output was complete") from None

    commit = checkpoint

    def discard(self) -> None:
        """Nothing was written for a skipped document: nothing to undo."""

    def close(self) -> None:
        """Nothing to close: the stream belongs to the caller."""


class FileSink:
    """Files written as hidden ``.NAME.part`` files and renamed over ``NAME`` when complete. With
    ``keep_state``, a hidden ``.NAME.summix-state`` file next to the first output records how far the run
    got, so a killed run can continue and a complete output is not redone."""

    def __init__(self, outputs: dict[str, Path], *, keep_state: bool = True) -> None:
        self.keep_state = keep_state
        self.finals = outputs
        self.parts = {key: _hidden(path, ".part") for key, path in outputs.items()}
        self.state_path = _hidden(next(iter(outputs.values())), ".summix-state")
        self._files: dict[str, IO[bytes]] = {}

    def load_state(self) -> dict | None:
        """The recorded state when it is readable and matches the files on disk, else None."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            return None
        sizes = state.get("sizes", {})
        if set(sizes) != set(self.finals):
            return None
        if state.get("complete") and self._finish_rename(sizes):
            return state
        parts_ok = all(
            self.parts[k].is_file() and self.parts[k].stat().st_size >= n for k, n in sizes.items()
        )
        return state if parts_ok and not state.get("complete") else None

    def _finish_rename(self, sizes: dict[str, int]) -> bool:
        """True when every final file is there with its recorded size (renaming parts a kill left behind)."""
        for key, final in self.finals.items():
            part = self.parts[key]
            if part.is_file() and part.stat().st_size == sizes[key]:
                os.replace(part, final)
            if not final.is_file() or final.stat().st_size != sizes[key]:
                return False
        return True

    def open(self, sizes: dict[str, int] | None) -> None:
        """Open the part files: empty, or cut back to ``sizes`` to continue after the last checkpoint."""
        try:
            for key, part in self.parts.items():
                part.parent.mkdir(parents=True, exist_ok=True)
                handle = part.open("r+b" if sizes else "wb")
                if sizes:
                    handle.truncate(sizes[key])
                    handle.seek(sizes[key])
                self._files[key] = handle
        except OSError as exc:
            raise OutputError(
                f"cannot write {part}: {exc.strerror or exc}; choose another output folder"
            ) from None

    def write(self, parts: dict[str, bytes]) -> None:
        """Append each part to its file."""
        for key, data in parts.items():
            self._files[key].write(data)

    def checkpoint(self, state: dict) -> None:
        """Make the written bytes durable, then record ``state`` with their sizes (atomically)."""
        sizes = {}
        for key, handle in self._files.items():
            handle.flush()
            os.fsync(handle.fileno())
            sizes[key] = handle.tell()
        if self.keep_state:
            write_atomic(self.state_path, json.dumps({**state, "sizes": sizes}).encode("utf-8"))

    def commit(self, state: dict) -> None:
        """Record the outputs as complete, then rename each part over its final name."""
        self.checkpoint({**state, "complete": True})
        self.close()
        for key, final in self.finals.items():
            os.replace(self.parts[key], final)

    def discard(self) -> None:
        """Remove the part files and the state: nothing is kept for this output."""
        self.close()
        for path in [*self.parts.values(), self.state_path]:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the part files (they stay on disk for a later run to continue)."""
        for handle in self._files.values():
            handle.close()
        self._files.clear()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: readers never see half a file.

    Raises:
        OutputError: the folder cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
    except OSError as exc:
        raise OutputError(
            f"cannot write {path}: {exc.strerror or exc}; choose another output folder"
        ) from None


def check_writable(folder: Path) -> None:
    """Create ``folder`` if needed and check that files can be created in it.

    Raises:
        OutputError: it cannot be created or written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError(
            f"cannot write to {folder}: {exc.strerror or exc}; choose a writable --output-dir"
        ) from None


# --------------------------------------------------------------------------------------------------- jobs


@dataclass(frozen=True)
class Job:
    """Sources whose records go to one set of outputs (``None``: standard output)."""

    sources: tuple[Source, ...]
    outputs: dict[str, Path] | None
    resumable: bool


def plan_jobs(options: BatchOptions, sources: Sequence[Source], targets: Sequence[str]) -> list[Job]:
    """One job per source with an output folder; else one job writing every source to ``-o`` or stdout.

    Raises:
        SummixError: several documents or languages for one stream, or outputs that would collide or
            overwrite an input.
        OutputError: the output folder cannot be written.
    """
    fmt, folder = options.fmt, options.folder
    if folder is not None:
        check_writable(folder)
        jobs = [Job((s,), output_paths(s, folder, fmt, targets), True) for s in sources]
        _check_collisions(jobs, sources)
        return jobs
    if fmt == "lines" and len(targets) > 1:
        raise SummixError(
            f"--input-format lines writes one language per stream, not {len(targets)}: "
            "pick one with --to, or write one file per language with --output-dir DIR"
        )
    if options.input_format == "text" and len(sources) > 1:
        raise SummixError(
            f"{len(sources)} documents need --output-dir DIR (one output per input and language)"
        )
    if options.output and options.output != "-":
        path = Path(options.output)
        check_writable(path.parent)
        key = targets[0] if fmt == "lines" else "out"
        job = Job(tuple(sources), {key: path}, options.input_format != "text")
        _check_collisions([job], sources)
        return [job]
    return [Job(tuple(sources), None, False)]


def _check_collisions(jobs: Sequence[Job], sources: Sequence[Source]) -> None:
    inputs = {s.path.resolve() for s in sources if s.path is not None}
    seen: set[Path] = set()
    for job in jobs:
        for path in (job.outputs or {}).values():
            resolved = path.resolve()
            if resolved in inputs:
                raise SummixError(f"the output {path} is an input: choose another --output-dir or -o")
            if resolved in seen:
                raise SummixError(f"two inputs would both write {path}: translate them into separate folders")
            seen.add(resolved)


# -------------------------------------------------------------------------------------------------- a run


@dataclass(frozen=True)
class BatchSummary:
    """What a run did: items translated now (``done``), complete from an earlier run (``kept``), bad input
    passed over (``skipped``), and items the model could not translate (``failed``)."""

    done: int
    kept: int
    skipped: int
    failed: int
    stats: RunStats
    seconds: float

    @property
    def exit_code(self) -> int:
        """0 when every item is translated, 3 when some were skipped or failed."""
        return EXIT_PARTIAL if self.skipped or self.failed else EXIT_OK

    def line(self) -> str:
        """One line for standard error: the counts, the segments, and the model's speed."""
        s = self.stats
        rate = s.generated_tokens / s.generate_seconds if s.generate_seconds > 0 else 0.0
        return (
            f"summix: {self.done} done, {self.kept} already done, {self.skipped} skipped, "
            f"{self.failed} failed · {s.segments} segments ({s.generated} translated, {s.cache_hits} reused)"
            f" · {s.generated_tokens} source tokens at {rate:.0f} tokens/s · {self.seconds:.1f} s"
        )


@dataclass
class _Run:
    """One ``summix translate`` run: settings, counters, and where messages go."""

    options: BatchOptions
    runtime: RuntimeOptions
    targets: tuple[str, ...]
    cache: SegmentCache
    feed: StdinFeed
    stdout: IO[bytes]
    notify: Notify
    progress: Callable[[int], None] | None
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("done", "kept", "skipped", "failed"), 0)
    )
    stats: RunStats = field(default_factory=RunStats)
    reported: int = 0


@dataclass(frozen=True)
class _Outcome:
    """A record's output bytes per output key, and what went wrong with it (``bad_input``: the record)."""

    parts: dict[str, bytes]
    problem: str | None = None
    bad_input: bool = False


def run(
    options: BatchOptions,
    runtime: RuntimeOptions,
    *,
    stdin: IO[bytes],
    stdout: IO[bytes],
    notify: Notify,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Translate every input of ``options`` and write the outputs; see the module docstring.

    Raises:
        SummixError: bad options, inputs or outputs, no usable model, or (``on_error="stop"``) the first
            bad item, as an :class:`ItemError` naming its position; everything before it is kept.
    """
    start = time.perf_counter()
    check_options(options)
    targets = api.batch_targets(options.to, options.source)
    pattern = options.glob or DEFAULT_GLOBS[options.input_format]
    sources = collect_sources(options.paths, pattern, exclude=options.folder)
    jobs = plan_jobs(options, sources, targets)
    cache = SegmentCache(options.cache_dir)
    state = _Run(options, runtime, targets, cache, StdinFeed(stdin), stdout, notify, progress)
    try:
        for job in jobs:
            _run_job(job, state)
    finally:
        state.cache.close()
        state.feed.forget()
    c = state.counts
    return BatchSummary(
        c["done"], c["kept"], c["skipped"], c["failed"], state.stats, time.perf_counter() - start
    )


def _run_job(job: Job, run_: _Run) -> None:
    if job.outputs:
        sink: FileSink | StreamSink = FileSink(job.outputs, keep_state=job.resumable)
    else:
        sink = StreamSink(run_.stdout)
    try:
        records, cursor, complete = _resume(job, sink, run_.options.settings_key(run_.targets), run_)
        if complete:
            return
        start = cursor.count
        for chunk in _chunks(records, run_.options.chunk_size):
            _write_chunk(chunk, job, cursor, run_)
            cursor.checkpoint()
        cursor.commit()
        if cursor.count == start == 0:
            run_.notify(f"summix: {', '.join(s.name for s in job.sources)}: empty input, empty output")
    except _Discard:
        sink.discard()
    finally:
        sink.close()


class _Discard(Exception):
    """A document was skipped: its job writes no output at all."""


@dataclass
class _Cursor:
    """How far one job's output got: records written, and the digest of the input they came from."""

    sink: FileSink | StreamSink
    settings: str
    digest: Any = field(default_factory=hashlib.sha256)
    count: int = 0

    def add(self, record: Record, parts: dict[str, bytes]) -> None:
        self.sink.write(parts)
        _hash(self.digest, record)
        self.count += 1

    def state(self) -> dict:
        return {
            "version": STATE_VERSION,
            "settings": self.settings,
            "records": self.count,
            "input_sha256": self.digest.hexdigest(),
            "complete": False,
        }

    def checkpoint(self) -> None:
        self.sink.checkpoint(self.state())

    def commit(self) -> None:
        self.sink.commit(self.state())


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while chunk := list(itertools.islice(records, size)):
        yield chunk


def _records(job: Job, run_: _Run) -> Iterator[Record]:
    return read_records(job.sources, run_.options.input_format, run_.options.field, run_.feed)


def _hash(digest: Any, record: Record) -> None:
    digest.update(f"{record.source}\0{len(record.raw)}\0".encode())
    digest.update(record.raw)


def _resume(
    job: Job, sink: FileSink | StreamSink, settings: str, run_: _Run
) -> tuple[Iterator[Record], _Cursor, bool]:
    """Skip what an earlier run finished. Returns the records still to do, the cursor after the skipped
    ones, and whether the outputs were already complete."""
    state = sink.load_state() if job.resumable else None
    if state is None or state.get("settings") != settings:
        sink.open(None)
        return _records(job, run_), _Cursor(sink, settings), False
    run_.feed.record()  # standard input cannot be read twice: keep what the check reads
    records, cursor, kept = _records(job, run_), _Cursor(sink, settings), 0
    for record in itertools.islice(records, state["records"]):
        _hash(cursor.digest, record)
        cursor.count, kept = cursor.count + 1, kept + record.counted
    same = cursor.count == state["records"] and cursor.digest.hexdigest() == state["input_sha256"]
    if same and state["complete"]:
        same = next(records, None) is None
    if not same:
        run_.notify(f"summix: {_name(sink)}: the input changed since the last run, starting it over")
        run_.feed.rewind()
        sink.open(None)
        return _records(job, run_), _Cursor(sink, settings), False
    run_.feed.forget()
    run_.counts["kept"] += kept
    if not state["complete"]:
        sink.open(state["sizes"])
        run_.notify(f"summix: {_name(sink)}: continuing after the {cursor.count} records written before")
    return records, cursor, bool(state["complete"])


def _name(sink: FileSink | StreamSink) -> str:
    return str(next(iter(sink.finals.values()))) if isinstance(sink, FileSink) else "<stdout>"


def _write_chunk(chunk: list[Record], job: Job, cursor: _Cursor, run_: _Run) -> None:
    """Translate one chunk and write it in order.

    Raises:
        ItemError: ``--on-error stop`` and a record is bad: what came before it is written and recorded.
        _Discard: ``--on-error skip`` and a document failed: it gets no output.
    """
    for record, outcome in zip(chunk, _translate(chunk, job, run_), strict=True):
        if outcome.problem is not None and run_.options.on_error == "stop":
            cursor.checkpoint()
            raise ItemError(_stop_message(outcome.problem, run_))
        if outcome.problem is not None:
            _report(outcome, run_)
            if not outcome.parts:
                raise _Discard
        elif record.counted:
            run_.counts["done"] += 1
        cursor.add(record, outcome.parts)


def _stop_message(problem: str, run_: _Run) -> str:
    before = run_.counts["done"] + run_.counts["kept"]
    if not before:
        return problem
    return (
        f"{problem}; stopped there, the {before} items before it are written "
        "(fix it and re-run the same command to continue, or pass --on-error skip)"
    )


def _report(outcome: _Outcome, run_: _Run) -> None:
    run_.counts["skipped" if outcome.bad_input else "failed"] += 1
    run_.reported += 1
    if run_.reported <= MAX_REPORTED:
        run_.notify(f"summix: {outcome.problem} (skipped)")
    elif run_.reported == MAX_REPORTED + 1:
        run_.notify("summix: further errors are not shown; the summary line counts them")


def _translate(chunk: list[Record], job: Job, run_: _Run) -> list[_Outcome]:
    if run_.options.input_format == "text":
        keys = tuple(job.outputs) if job.outputs else ("out",)
        return [_translate_document(record, keys, run_) for record in chunk]
    todo = [r for r in chunk if r.text is not None]
    result = api.translate_chunk(
        [r.text or "" for r in todo],
        run_.targets,
        source=run_.options.source,
        model=run_.options.model,
        runtime=run_.runtime,
        generation=run_.options.generation,
        cache=run_.cache,
        progress=run_.progress,
    )
    run_.stats += result.stats
    items = {id(r): item for r, item in zip(todo, result.items, strict=True)}
    return [_record_outcome(r, items.get(id(r)), run_) for r in chunk]


def _record_outcome(record: Record, item: api.BatchItem | None, run_: _Run) -> _Outcome:
    problem = record.error or (f"{record.where}: {item.error}" if item is not None and item.error else None)
    translations = item.translations if item is not None and problem is None else None
    options = run_.options
    parts = format_record(record, translations, problem, options.fmt, options.field, run_.targets)
    return _Outcome(parts, problem, record.error is not None)


def _translate_document(record: Record, keys: tuple[str, ...], run_: _Run) -> _Outcome:
    if record.error is not None or record.text is None:
        return _Outcome({}, record.error, True)
    options = run_.options
    try:
        result = api.translate(
            record.text,
            options.to if keys == ("out",) else run_.targets,
            source=options.source,
            model=options.model,
            runtime=run_.runtime,
            generation=options.generation,
            progress=run_.progress,
            cache=run_.cache,
        )
    except (InputError, CoverageError) as exc:
        return _Outcome({}, f"{record.where}: {exc}", isinstance(exc, InputError))
    for t in result.translations:
        run_.stats += t.stats
        if t.pivot:
            run_.notify(f"summix: {result.source_language}->{t.language} pivoted through English")
    return _Outcome(document_parts(result, options.fmt, keys))


def document_parts(result: api.TranslationResult, fmt: str, keys: tuple[str, ...]) -> dict[str, bytes]:
    """A translated document rendered in ``fmt``: whole (key ``out``), or one output per language."""
    from summix.render import render_translation

    if keys == ("out",):
        return {"out": (render_translation(result, fmt) + "\n").encode("utf-8")}
    by_language = {t.language: dataclasses.replace(result, translations=(t,)) for t in result.translations}
    return {key: (render_translation(by_language[key], fmt) + "\n").encode("utf-8") for key in keys}
