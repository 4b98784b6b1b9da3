"""Batch translation on a Ray cluster: Ray Data reads and writes, one loaded model per actor.

Each actor runs :func:`summix.api.translate_chunk`, the same unit of work as the local engine, so model
resolution, backends, chunking and coverage checks are shared: there is no second model code path.
Output keeps every input field and adds ``<field>_<lang>`` columns, ``summix_error`` (null when the record
was translated) and ``position`` (a unique, increasing row key); rows are written in input order.

Resume is per input file: each one is written to ``OUTPUT/<name>.partial`` and renamed to ``OUTPUT/<name>``
with a ``_SUCCESS`` file only when complete, so a stopped job re-run over the same folder redoes only the
files that were not finished. Ray is imported only when this engine runs (``pip install 'summix[ray]'``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summix.errors import InputError, OutputError, SummixError
from summix.options import GenerationOptions, RuntimeOptions

RAY_FORMATS: tuple[str, ...] = ("jsonl", "parquet", "lines", "text")
SUCCESS = "_SUCCESS"
# Set by tests only: the first batch an actor process sees makes it exit, once per marker file.
FAULT_ONCE_ENV = "SUMMIX_RAY_FAULT_ONCE"
_TOKENS = "_summix_source_tokens"


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide the Ray job runs."""

    address: str | None = None  # None: start a local cluster; "auto" or "ray://host:port": join one
    workers: int = 2
    gpus_per_worker: float = 0.0
    cpus_per_worker: float = 0.5
    records_per_batch: int = 64
    max_restarts: int = 3


@dataclass(frozen=True)
class RaySummary:
    """What a Ray job did."""

    files: int
    kept: int
    records: int
    failed: int
    source_tokens: int
    seconds: float
    workers: int
    outputs: tuple[str, ...] = field(default_factory=tuple)

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        rate = self.source_tokens / self.seconds if self.seconds > 0 else 0.0
        return (
            f"summix: ray engine, {self.workers} workers: {self.records} records translated, "
            f"{self.failed} failed, {self.kept} files already complete; "
            f"{rate:.0f} source tokens/s over {self.seconds:.1f} s"
        )


def require_ray() -> Any:
    """Import Ray and Ray Data.

    Raises:
        SummixError: Ray is not installed (the message says how to install it).
    """
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Data is a separate extra of ray
    except ImportError:
        raise SummixError("--engine ray needs Ray Data: pip install 'summix[ray]'") from None
    return ray


class ChunkTranslator:
    """The callable class Ray Data runs in each actor: one model load per actor, reused for every batch."""

    def __init__(
        self,
        text_field: str,
        targets: Sequence[str],
        source: str,
        model: str | None,
        runtime: RuntimeOptions,
        generation: GenerationOptions | None,
        decode: bool,
    ) -> None:
        self.text_field = text_field
        self.targets = tuple(targets)
        self.kwargs = {"source": source, "model": model, "runtime": runtime, "generation": generation}
        self.decode = decode

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Translate one batch of records; add ``<field>_<lang>`` columns and ``summix_error``."""
        from summix.api import translate_chunk

        _maybe_fail_once()
        texts, errors = self._texts(batch)
        live = [i for i, e in enumerate(errors) if e is None]
        result = translate_chunk([texts[i] for i in live], self.targets, **self.kwargs)
        outputs: list[dict[str, str]] = [{} for _ in texts]
        for i, item in zip(live, result.items, strict=True):
            outputs[i], errors[i] = item.translations, item.error
        for lang in self.targets:
            batch[f"{self.output_field}_{lang}"] = [out.get(lang) for out in outputs]
        batch["summix_error"] = errors
        batch[_TOKENS] = [result.stats.source_tokens] + [0] * (len(texts) - 1) if texts else []
        return batch

    @property
    def output_field(self) -> str:
        return "text" if self.decode else self.text_field

    def _texts(self, batch: dict[str, Any]) -> tuple[list[str], list[str | None]]:
        if self.decode:  # whole documents read as bytes
            from summix.text import decode_bytes

            texts, errors = [], []
            for data, path in zip(batch["bytes"], batch["path"], strict=True):
                try:
                    texts.append(decode_bytes(bytes(data), str(path)))
                    errors.append(None)
                except InputError as exc:
                    texts.append("")
                    errors.append(str(exc))
            return texts, errors
        values = list(batch[self.text_field])
        errors = [
            None if isinstance(v, str) else f"field {self.text_field!r} is not a string" for v in values
        ]
        return [v if isinstance(v, str) else "" for v in values], errors


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
    paths: Sequence[str],
    *,
    input_format: str,
    text_field: str,
    output_dir: str,
    targets: Sequence[str],
    source: str = "auto",
    model: str | None = None,
    runtime: RuntimeOptions | None = None,
    generation: GenerationOptions | None = None,
    options: RayOptions | None = None,
) -> RaySummary:
    """Translate every input file on Ray into ``output_dir`` (one folder of Ray output per input file).

    ``input_format``: ``jsonl`` or ``parquet`` (``text_field`` is the column), ``lines`` (one segment per
    line), or ``text`` (each file is one document; all of them go into one ``documents`` output).

    Raises:
        SummixError: Ray is missing, or the format is unknown.
        InputError: an input path does not exist.
        OutputError: the output folder cannot be written.
    """
    if input_format not in RAY_FORMATS:
        raise SummixError(f"--engine ray reads {', '.join(RAY_FORMATS)}, not {input_format!r}")
    ray = require_ray()
    options = options or RayOptions()
    runtime = runtime or RuntimeOptions.from_env(threads=1)
    out = _output_root(output_dir)
    units = _units([Path(p) for p in paths], input_format)
    connect(ray, options)
    start = time.perf_counter()
    done: list[tuple[int, int, int]] = []
    kept = 0
    written: list[str] = []
    for name, files in units:
        final = out / name
        if (final / SUCCESS).exists():
            kept += 1
            continue
        decode = input_format == "text"
        translator_args = (text_field, tuple(targets), source, model, runtime, generation, decode)
        done.append(_run_unit(ray, files, final, input_format, translator_args, options))
        written.append(str(final))
    records, failed, tokens = (sum(col) for col in zip(*done, strict=True)) if done else (0, 0, 0)
    return RaySummary(len(units), kept, records, failed, tokens, time.perf_counter() - start, options.workers,
                      tuple(written))  # fmt: skip


def _output_root(output_dir: str) -> Path:
    out = Path(output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".summix-write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write to {output_dir}: {exc.strerror or exc}") from exc
    return out


def _units(paths: list[Path], input_format: str) -> list[tuple[str, list[Path]]]:
    """(output name, input files) pairs: one per file, or all documents together for ``text``."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file: {missing[0]}")
    files = [f for p in paths for f in (sorted(q for q in p.iterdir() if q.is_file()) if p.is_dir() else [p])]
    if input_format == "text":
        return [("documents", files)]
    return [(f.name, [f]) for f in files]


def _run_unit(
    ray: Any, files: list[Path], final: Path, input_format: str, translator_args: tuple, options: RayOptions
) -> tuple[int, int, int]:
    """Read, translate and write one unit; returns (records, failed, source tokens)."""
    from ray.data import ActorPoolStrategy
    from ray.data.expressions import monotonically_increasing_id

    dataset = _read(ray, [str(f) for f in files], input_format)
    dataset = dataset.with_column("position", monotonically_increasing_id())
    dataset = dataset.map_batches(
        ChunkTranslator,
        fn_constructor_args=translator_args,
        batch_size=options.records_per_batch,
        batch_format="pandas",
        compute=ActorPoolStrategy(size=options.workers),
        num_cpus=options.cpus_per_worker,
        num_gpus=options.gpus_per_worker or None,
        max_restarts=options.max_restarts,
        max_task_retries=options.max_restarts,
        runtime_env=_worker_env(),
    ).materialize()
    records, failed, tokens = _count(dataset)
    _write(
        dataset.drop_columns([_TOKENS] + (["bytes"] if input_format == "text" else [])), final, input_format
    )
    return records, failed, tokens


def _worker_env() -> dict[str, Any]:
    """The driver's summix and hub settings (models folder, offline mode, threads) for every actor."""
    return {
        "env_vars": {k: v for k, v in os.environ.items() if k.startswith(("SUMMIX_", "HF_", "TRANSFORMERS_"))}
    }


def _read(ray: Any, files: list[str], input_format: str) -> Any:
    if input_format == "jsonl":
        return ray.data.read_json(files, lines=True, file_extensions=None)
    if input_format == "parquet":
        return ray.data.read_parquet(files, file_extensions=None)
    if input_format == "lines":
        return ray.data.read_text(files, drop_empty_lines=False, file_extensions=None)
    return ray.data.read_binary_files(files, include_paths=True, file_extensions=None)


def _count(dataset: Any) -> tuple[int, int, int]:
    """Records, records with an error, and source tokens of a materialized dataset."""
    records = dataset.count()
    if not records:
        return 0, 0, 0
    batches = dataset.select_columns(["summix_error"]).iter_batches(batch_format="pandas", batch_size=4096)
    failed = sum(int(batch["summix_error"].notna().sum()) for batch in batches)
    return records, failed, int(dataset.sum(_TOKENS) or 0)


def _write(dataset: Any, final: Path, input_format: str) -> None:
    """Write through Ray's writer into ``<final>.partial``, then rename it into place with a _SUCCESS file."""
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    if input_format == "parquet":
        dataset.write_parquet(str(partial))
    else:
        dataset.write_json(str(partial), force_ascii=False)
    (partial / SUCCESS).write_text(json.dumps({"rows": dataset.count()}), encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)


def read_output(folder: str | Path) -> list[dict]:
    """The records a Ray job wrote for one input, in input order (JSON or Parquet shards)."""
    folder = Path(folder)
    rows: list[dict] = []
    for shard in sorted(p for p in folder.iterdir() if p.name != SUCCESS):
        if shard.suffix == ".parquet":
            import pyarrow.parquet as pq

            rows.extend(pq.read_table(shard).to_pylist())
        else:
            rows.extend(json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines() if line)
    return rows
