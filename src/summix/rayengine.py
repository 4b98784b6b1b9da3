"""The Ray engine: the same request, formats and writers as the local engine, with the translation spread
over a Ray cluster (``pip install 'summix[ray]'``).

Ray Data reads each input file in a task (with the format's own reader, so bad records are reported the
same way), actors translate chunks of records (one :class:`~summix.session.Session` per actor, so each model
loads once per actor) and encode each record's output with the format's own encoder, and the driver writes
the outputs in input order through the same writers, with the same resume state, as the local engine: the
files are the ones the local engine writes. A crashed actor is restarted and its batches retried. A re-run
skips outputs that are complete; an output cut short is translated again from its start.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summix.batch import BatchSummary, Discard, Runner, Writer
from summix.errors import SummixError
from summix.formats import Outcome, Record, Work
from summix.languages import model_direction
from summix.options import RuntimeOptions, check_positive
from summix.request import TranslateRequest
from summix.session import Session
from summix.sources import Source, StdinFeed

# Set by tests only: the first batch an actor process sees makes it exit, once per marker file.
FAULT_ONCE_ENV = "SUMMIX_RAY_FAULT_ONCE"


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide the Ray job runs.

    Raises:
        SettingError: fewer than 1 worker, or a negative share of GPUs or CPUs, or negative restarts.
    """

    address: str | None = None  # None: start a local cluster; "auto" or "ray://host:port": join one
    workers: int = 2
    gpus_per_worker: float = 0.0
    cpus_per_worker: float = 0.5
    max_restarts: int = 3

    def __post_init__(self) -> None:
        check_positive("workers", self.workers)
        for name in ("gpus_per_worker", "cpus_per_worker", "max_restarts"):
            check_positive(name, getattr(self, name), zero_ok=True)


def require_ray() -> Any:
    """Import Ray and Ray Data.

    Raises:
        SummixError: Ray is not installed (the message says how to install it).
    """
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Data is a separate extra of ray
    except ImportError:
        raise SummixError("the ray engine needs Ray Data: pip install 'summix[ray]'") from None
    return ray


class ChunkTranslator:
    """The callable class Ray Data runs in each actor: one session per actor, reused for every batch."""

    def __init__(self, request: TranslateRequest, runtime: RuntimeOptions, keys: tuple[str, ...]) -> None:
        from summix.cache import SegmentCache

        self.request = request
        self.session = Session(runtime)
        self.keys = keys
        self.cache = SegmentCache(request.cache)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Translate one batch of records; add each one's pickled outcome and the batch's counters."""
        _maybe_fail_once()
        records = [Record.from_row({"record": data}) for data in batch["record"]]
        work = Work(self.session, self.request, self.keys, self.cache)
        outcomes = self.request.format.translate(records, work)
        batch["outcome"] = [pickle.dumps(outcome) for outcome in outcomes]
        batch["stats"] = [pickle.dumps(work.stats)] + [b""] * (len(records) - 1) if records else []
        return batch


def _maybe_fail_once() -> None:
    marker = os.environ.get(FAULT_ONCE_ENV)
    if marker and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        os._exit(1)  # a hard crash, as a killed worker would


def connect(ray: Any, options: RayOptions) -> None:
    """Join the cluster at ``options.address``, or start a local one; order is kept in Ray Data."""
    if not ray.is_initialized():
        if options.address:
            ray.init(address=options.address, log_to_driver=False)
        else:
            ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True


def run(
    request: TranslateRequest,
    runtime: RuntimeOptions,
    options: RayOptions | None = None,
    *,
    notify: Callable[[str], None],
    naming: Callable[[str], str] = str,
) -> BatchSummary:
    """Translate every input of ``request`` on Ray into its output folder.

    Raises:
        SummixError: Ray is missing; bad inputs or outputs (as for the local engine); or (``on_error``
            stop) the first bad item, as an ItemError naming its position.
    """
    ray = require_ray()
    options = options or RayOptions()
    runner = Runner(request, Session(runtime), stdin=None, stdout=None, notify=notify, naming=naming)
    _check_routes(runner)
    pending: dict[int, Writer] = {}
    try:
        for job in runner.jobs:
            opened = runner.open(job, resume=False)
            if opened is not None:
                pending[runner.sources.index(job.sources[0])] = opened[0]
        if pending:
            _run_pending(ray, runner, pending, options, runtime)
    except BaseException:  # an error or Ctrl-C: outputs never started leave nothing behind
        for writer in pending.values():
            runner.abandon(writer)
        raise
    notify(f"summix: ray engine, {options.workers} workers")
    return runner.summary()


def _run_pending(
    ray: Any, runner: Runner, pending: dict[int, Writer], options: RayOptions, runtime: RuntimeOptions
) -> None:
    connect(ray, options)
    keys = next(iter(pending.values())).job.keys
    rows = _dataset(ray, runner, sorted(pending), options, runtime, keys).iter_rows()
    try:
        _write_rows(runner, pending, rows)
    except ray.exceptions.RayError as exc:  # a summix error in a task or actor: say it as summix does
        cause = _summix_cause(exc)
        if cause is None:
            raise
        raise cause from None
    finally:
        for writer in pending.values():
            writer.sink.close()


def _check_routes(runner: Runner) -> None:
    """Resolve every direction of a given source language on the driver, so that a missing model is one
    line before the cluster starts (a detected source's missing directions fail their records instead).

    Raises:
        ModelNotFoundError, ModelError: a direction has no usable model.
    """
    request = runner.request
    if request.source != "auto":
        for tgt in request.record_targets:
            direction = model_direction(request.source, tgt)
            if direction is not None:
                runner.session.route(*direction, request.model)


def _summix_cause(exc: BaseException) -> SummixError | None:
    """The SummixError a Ray error wraps, if any (Ray keeps it as ``cause`` or ``__cause__``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, SummixError):
            return current
        seen.add(id(current))
        current = getattr(current, "cause", None) or current.__cause__
    return None


def _dataset(
    ray: Any,
    runner: Runner,
    indexes: list[int],
    options: RayOptions,
    runtime: RuntimeOptions,
    keys: tuple[str, ...],
) -> Any:
    from ray.data import ActorPoolStrategy

    request = runner.request
    files = [{"index": i, "source": pickle.dumps(runner.sources[i])} for i in indexes]
    reader = _Reader(request.input_format, request.field)
    return (
        ray.data.from_items(files)
        .flat_map(reader, concurrency=min(len(files), max(1, options.workers)))
        # A file is read into one block: cut it into chunks so that every actor gets a share.
        .repartition(target_num_rows_per_block=request.chunk_size)
        .map_batches(
            ChunkTranslator,
            fn_constructor_args=(request, runtime, keys),
            batch_size=request.chunk_size,
            batch_format="pandas",
            compute=ActorPoolStrategy(size=options.workers),
            num_cpus=options.cpus_per_worker,
            num_gpus=options.gpus_per_worker or None,
            max_restarts=options.max_restarts,
            max_task_retries=options.max_restarts,
            runtime_env=_worker_env(),
        )
    )


@dataclass(frozen=True)
class _Reader:
    """Reads one input file into record rows with the format's own reader (runs in a Ray task)."""

    input_format: str
    field: str

    def __call__(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        from summix import formats

        source: Source = pickle.loads(row["source"])  # noqa: S301 - written by this run's driver
        fmt = formats.get(self.input_format)
        return [r.to_row() for r in fmt.read(source, int(row["index"]), StdinFeed(None), self.field)]


def _write_rows(runner: Runner, pending: dict[int, Writer], rows: Iterator[dict[str, Any]]) -> None:
    """Write every translated row, in input order, into its job's outputs."""
    current: int | None = None
    written = 0
    discarded: set[int] = set()
    for row in rows:
        record = Record.from_row(row)
        if row["stats"]:
            runner.stats += pickle.loads(row["stats"])  # noqa: S301 - written by this run's actors
        if record.source != current:
            _finish(runner, pending, current, discarded)
            current, written = record.source, 0
        if record.source in discarded:
            continue
        outcome: Outcome = pickle.loads(row["outcome"])  # noqa: S301 - written by this run's actors
        writer = pending[record.source]
        try:
            runner.write(writer, record, outcome)
        except Discard:
            writer.sink.discard()
            discarded.add(record.source)
            continue
        written += 1
        if written % runner.request.chunk_size == 0:
            writer.checkpoint()
    _finish(runner, pending, current, discarded)
    for index in set(pending) - discarded:  # inputs with no record at all
        _finish(runner, pending, index, discarded)


def _finish(runner: Runner, pending: dict[int, Writer], index: int | None, discarded: set[int]) -> None:
    if index is None or index in discarded or index not in pending:
        return
    writer = pending.pop(index)
    try:
        runner.finish(writer, 0)
    finally:
        writer.sink.close()


def _worker_env() -> dict[str, Any]:
    """The driver's summix and hub settings (models folder, offline mode, threads) for every actor."""
    return {
        "env_vars": {k: v for k, v in os.environ.items() if k.startswith(("SUMMIX_", "HF_", "TRANSFORMERS_"))}
    }
