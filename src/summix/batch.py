"""Running a :class:`~summix.request.TranslateRequest`: inputs read lazily in chunks, translated, and
written in input order as each chunk finishes, so memory stays bounded for any size.

Files are written as hidden ``.NAME.part`` files and renamed over ``NAME`` when complete, next to a hidden
``.NAME.summix-state`` file that records how far the run got (records written, a SHA-256 of the input they
came from, and the key of every setting that decides the output: :func:`summix.request.resume_key`). A
re-run of the same request skips outputs that are complete and continues a partial one after its last
complete record; a re-run with other settings translates again.

:class:`Runner` holds what both engines share (planning, resuming, writing each record's outcome, counting);
:func:`run` is the local engine. Nothing here prints: messages go to the ``notify`` callback.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from summix.cache import SegmentCache
from summix.checking import Tally
from summix.errors import ItemError, SettingError
from summix.formats import Format, Outcome, Record, Work
from summix.pipeline import RunStats
from summix.request import TranslateRequest, resume_key
from summix.session import Session
from summix.sinks import STATE_VERSION, Sink, StreamSink, check_writable, special
from summix.sources import Source, StdinFeed, collect_sources

EXIT_OK, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 3
MAX_REPORTED = 100

Notify = Callable[[str], None]


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
    checks: tuple[str, ...] = ()  # with --check: the checks' summary lines, per language

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


# --------------------------------------------------------------------------------------------------- jobs


@dataclass(frozen=True)
class Job:
    """Sources whose records go to one set of outputs (``None``: standard output)."""

    sources: tuple[Source, ...]
    outputs: dict[str, Path] | None
    resumable: bool

    @property
    def keys(self) -> tuple[str, ...]:
        """The output keys (languages, or ``out``)."""
        return tuple(self.outputs) if self.outputs else ()


def plan_jobs(request: TranslateRequest, sources: Sequence[Source]) -> list[Job]:
    """One job per source with an output folder; else one job writing every source to the output file or
    standard output.

    Raises:
        SettingError: several documents or languages for one stream, or outputs that would collide or
            overwrite an input.
        OutputError: the output folder cannot be written.
    """
    fmt, folder, targets = request.format, request.folder, request.record_targets
    if folder is not None:
        check_writable(folder, "output_dir" if request.output_dir else "output")
        jobs = [Job((s,), fmt.output_paths(s, folder, request.output_format, targets), True) for s in sources]
        _check_collisions(jobs, sources)
        return jobs
    if fmt.whole_files and len(sources) > 1:
        raise SettingError(
            f"{len(sources)} documents need an {{output_dir}} (one output per input and language)",
            "output_dir",
        )
    keys = fmt.stream_keys(targets)
    to_stream = not request.output or request.output == "-"
    if to_stream and not fmt.streams:
        raise SettingError(
            f"{fmt.name} output goes to files, not standard output: give {{output}} or {{output_dir}}",
            "output",
            "output_dir",
        )
    if not to_stream:
        path = Path(str(request.output))
        if not special(path):
            check_writable(path.resolve().parent, "output")
        job = Job(tuple(sources), {key: path for key in keys}, not fmt.whole_files)
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
                raise SettingError(
                    f"the output {path} is an input: choose another {{output_dir}} or {{output}}",
                    "output_dir",
                    "output",
                )
            if resolved in seen:
                raise SettingError(
                    f"two inputs would both write {path}: translate them into separate folders"
                )
            seen.add(resolved)


# ------------------------------------------------------------------------------------------------ writing


class Discard(Exception):
    """A document was skipped: its job writes no output at all."""


@dataclass
class Writer:
    """One job being written: its sink, and how far it got (records, and the digest of their input)."""

    job: Job
    sink: Sink
    settings: str
    digest: Any = field(default_factory=hashlib.sha256)
    count: int = 0
    saved: int = 0  # records a state file on disk says are written: what a re-run can continue from

    def add(self, record: Record, parts: dict[str, Any]) -> None:
        """Write one record's output and count its input."""
        self.sink.write(parts)
        _hash(self.digest, record)
        self.count += 1

    def state(self) -> dict:
        """What the state file records."""
        return {
            "version": STATE_VERSION,
            "settings": self.settings,
            "records": self.count,
            "input_sha256": self.digest.hexdigest(),
            "complete": False,
        }

    def checkpoint(self) -> None:
        """Make what was written durable and record how far it got."""
        self.sink.checkpoint(self.state())
        self.saved = self.count if self.job.resumable else 0

    @property
    def name(self) -> str:
        """The first output's path, or ``<stdout>``."""
        return str(next(iter(self.job.outputs.values()))) if self.job.outputs else "<stdout>"


def _hash(digest: Any, record: Record) -> None:
    digest.update(f"{record.source}\0{len(record.raw)}\0".encode())
    digest.update(record.raw)


class Runner:
    """One run's shared state: the request and session, the inputs, the counters, and where messages go.

    Both engines plan jobs, open them (resuming), write each record's outcome and finish them through it.
    """

    def __init__(
        self,
        request: TranslateRequest,
        session: Session,
        *,
        stdin: IO[bytes] | None,
        stdout: IO[bytes] | None,
        notify: Notify,
        progress: Callable[[int], None] | None = None,
        naming: Callable[[str], str] = str,
    ) -> None:
        """Collect the inputs and plan the jobs.

        Raises:
            InputError: an input is missing; SettingError, OutputError: see :func:`plan_jobs`.
        """
        self.start = time.perf_counter()
        self.request, self.session = request, session
        self.format: Format = request.format
        self.sources = collect_sources(request.inputs, request.pattern, exclude=request.folder)
        self.jobs = plan_jobs(request, self.sources)
        self.feed = StdinFeed(stdin)
        self.stdout, self.notify, self.progress = stdout, notify, progress
        self.naming = naming  # how a message names a setting: its library name, or the CLI's flag
        self.counts = dict.fromkeys(("done", "kept", "skipped", "failed"), 0)
        self.stats = RunStats()
        self.tally = Tally(self.format.check_unit)
        self.reported = 0
        self._settings: str | None = None

    @property
    def settings(self) -> str:
        """The resume key (:func:`summix.request.resume_key`), computed once."""
        if self._settings is None:
            self._settings = resume_key(self.request, self.session)
        return self._settings

    def records(self, job: Job) -> Iterator[Record]:
        """The job's records, read lazily in order."""
        for source in job.sources:
            index = self.sources.index(source)
            yield from self.format.read(source, index, self.feed, self.request.field)

    def work(self, job: Job, cache: SegmentCache | None) -> Work:
        """What the format needs to translate the job's chunks."""
        keys = job.keys or self.format.stream_keys(self.request.record_targets)
        return Work(self.session, self.request, keys, cache, self.progress)

    def open(self, job: Job, *, resume: bool = True) -> tuple[Writer, Iterator[Record]] | None:
        """A writer for ``job`` and the records still to do; None when its outputs are already complete
        (its records count as kept). Without ``resume`` a partial output starts over."""
        sink = (
            self.format.sink(job.outputs, keep_state=job.resumable)
            if job.outputs
            else StreamSink(self.stdout)
        )
        settings = self.settings if job.resumable else ""
        state = sink.load_state() if job.resumable else None
        if state is None or state.get("settings") != settings or not (resume or state.get("complete")):
            sink.open(None)
            return Writer(job, sink, settings), self.records(job)
        return self._resume(job, sink, state)

    def _resume(self, job: Job, sink: Sink, state: dict) -> tuple[Writer, Iterator[Record]] | None:
        self.feed.record()  # standard input cannot be read twice: keep what the check reads
        writer, records, kept = Writer(job, sink, self.settings), self.records(job), 0
        for record in itertools.islice(records, state["records"]):
            _hash(writer.digest, record)
            writer.count, kept = writer.count + 1, kept + record.counted
        same = writer.count == state["records"] and writer.digest.hexdigest() == state["input_sha256"]
        if same and state["complete"]:
            same = next(records, None) is None
        if not same:
            self.notify(f"summix: {writer.name}: the input changed since the last run, starting it over")
            self.feed.rewind()
            sink.open(None)
            return Writer(job, sink, self.settings), self.records(job)
        self.feed.forget()
        self.counts["kept"] += kept
        writer.saved = writer.count
        if state["complete"]:
            sink.close()
            return None
        sink.open(state["sizes"])
        self.notify(f"summix: {writer.name}: continuing after the {writer.count} records written before")
        return writer, records

    def write(self, writer: Writer, record: Record, outcome: Outcome) -> None:
        """Write one record's outcome in order and count it.

        Raises:
            ItemError: ``on_error`` is stop and the record failed: what came before it is written and
                recorded.
            Discard: ``on_error`` is skip and a document failed: its job gets no output.
        """
        for note in outcome.notes:
            self.notify(note)
        if outcome.checked is not None:
            self.tally.add(outcome.checked)
        if outcome.problem is not None and self.request.on_error == "stop":
            writer.checkpoint()
            raise ItemError(self._stop_message(outcome.problem), "on_error", *outcome.settings)
        if outcome.problem is not None:
            self._report(outcome)
            if not outcome.parts:
                raise Discard
        elif record.counted:
            self.counts["done"] += 1
        writer.add(record, outcome.parts)

    def finish(self, writer: Writer, start: int) -> None:
        """Commit the job's outputs (complete, renamed into place)."""
        writer.sink.commit(writer.state())
        if writer.count == start == 0:
            names = ", ".join(s.name for s in writer.job.sources)
            self.notify(f"summix: {names}: empty input, empty output")

    def abandon(self, writer: Writer) -> None:
        """After a failure or an interrupt, keep only what a re-run can continue from: the part files and
        state of a resumable job whose state records written records. An output that was never started
        (nothing recorded) leaves nothing behind."""
        if writer.saved:
            writer.sink.close()
        else:
            writer.sink.discard()

    def _stop_message(self, problem: str) -> str:
        before = self.counts["done"] + self.counts["kept"]
        if not before:
            return problem
        return (
            f"{problem}; stopped there, the {before} items before it are written "
            "(fix it and re-run the same command to continue, or set {on_error} to skip)"
        )

    def _report(self, outcome: Outcome) -> None:
        kind = "skipped" if outcome.bad_input else "failed"  # the words the summary line counts them by
        self.counts[kind] += 1
        self.reported += 1
        if self.reported <= MAX_REPORTED:
            problem = ItemError(outcome.problem or "", *outcome.settings).naming(self.naming)
            self.notify(f"summix: {problem} ({kind})")
        elif self.reported == MAX_REPORTED + 1:
            self.notify("summix: further errors are not shown; the summary line counts them")

    def summary(self) -> BatchSummary:
        """The run's counts so far."""
        c = self.counts
        return BatchSummary(
            c["done"],
            c["kept"],
            c["skipped"],
            c["failed"],
            self.stats,
            time.perf_counter() - self.start,
            self.tally.lines(),
        )


# --------------------------------------------------------------------------------------------- local run


def run(request: TranslateRequest, session: Session, **streams: Any) -> BatchSummary:
    """Translate every input of ``request`` in this process and write the outputs (see the module
    docstring). ``streams``: ``stdin``, ``stdout``, ``notify``, ``progress`` and ``naming``, as
    :class:`Runner` takes.

    Raises:
        SummixError: bad inputs or outputs, no usable model, or (``on_error`` stop) the first bad item, as
            an :class:`ItemError` naming its position; everything before it is kept.
    """
    runner = Runner(request, session, **streams)
    cache = SegmentCache(request.cache)
    try:
        for job in runner.jobs:
            _run_job(runner, job, cache)
    finally:
        cache.close()
        runner.feed.forget()
    return runner.summary()


def _run_job(runner: Runner, job: Job, cache: SegmentCache) -> None:
    opened = runner.open(job)
    if opened is None:
        return
    writer, records = opened
    work, start = runner.work(job, cache), writer.count
    try:
        while chunk := list(itertools.islice(records, runner.request.chunk_size)):
            outcomes = runner.format.translate(chunk, work)
            for record, outcome in zip(chunk, outcomes, strict=True):
                runner.write(writer, record, outcome)
            writer.checkpoint()
        runner.finish(writer, start)
    except Discard:
        writer.sink.discard()
    except BaseException:  # an error or Ctrl-C: no empty or unusable part file survives it
        runner.abandon(writer)
        raise
    finally:
        runner.stats += work.stats
        writer.sink.close()
