"""Speed and memory: a sweep of device x dtype x backend x batch x beams over a model or a random preset.

Input is real text (the seed review and, when the data folder is there, NTREX). Random-weight models write a
fixed number of tokens per sentence (``min_new_tokens = max_new_tokens``) so that every configuration
does the same work; real models write what they write and their output is re-tokenized to count it.
Timings are taken around the loaded backend's ``generate()`` (throughput) and around the whole pipeline for
a few documents (latency), with ``torch.cuda.synchronize()`` on both sides on a GPU. A configuration that
cannot run (no GPU, a backend not installed, float16 for mT5) is recorded as skipped with the reason; one
that fails (out of memory) as an error; the sweep goes on.
"""

from __future__ import annotations

import gc
import itertools
import json
import math
import os
import platform
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import cycle, islice
from pathlib import Path

from summix import __version__, pipeline
from summix import text as textmod
from summix.bench import datasets, presets, roofline
from summix.bench import lengths as output_lengths
from summix.documents import read_text
from summix.errors import CoverageError, SummixError
from summix.options import GenerationOptions, RuntimeOptions, check_positive
from summix.resolve import ModelRef, resolve_model
from summix.session import Session
from summix.translation import detect_source

Log = Callable[[str], None]
SEED = Path(__file__).resolve().parents[3] / "seeds" / "000_e1aca306d864d71d.txt"
DOC_SENTENCES = 15  # without NTREX, the seed is cut into documents of the NTREX median length


@dataclass(frozen=True)
class SpeedOptions:
    """The sweep: which models, and every axis to cross."""

    models: tuple[str, ...] = ()  # folders or aliases
    presets: tuple[str, ...] = ()  # random-weight architecture presets
    devices: tuple[str, ...] = ("cpu",)
    dtypes: tuple[str, ...] = ("auto",)
    backends: tuple[str, ...] = ("transformers",)
    batches: tuple[int, ...] = (1, 16)
    beams: tuple[int, ...] = (1,)
    new_tokens: int = 64
    iterations: int | None = None  # measured model calls per configuration; None: see iterations_for()
    warmup: int = 1
    documents: int | None = None  # timed through the whole pipeline per configuration; see documents_for()
    threads: int | None = None
    data: str | None = None
    work_dir: str | None = None  # preset cache
    bandwidth_tbs: float | None = None  # override the GPU's HBM bandwidth for the bound
    time_budget_s: float | None = None  # configurations not started by then are skipped
    # Random weights: "fixed" (new_tokens per sentence; the pipeline's 2 x input + 10 bound) or "realistic"
    # (as long as real translations; see summix.bench.lengths).
    lengths: str = "fixed"

    def __post_init__(self) -> None:
        """Raises SettingError: a count below 1 (warmup, a bandwidth or a time budget below 0)."""
        for batch in self.batches:
            check_positive("batch", batch)
        for beams in self.beams:
            check_positive("beams", beams)
        for name in ("new_tokens", "iterations", "documents", "threads"):
            check_positive(name, getattr(self, name))
        for name in ("warmup", "bandwidth_tbs", "time_budget_s"):
            check_positive(name, getattr(self, name), zero_ok=True)


@dataclass(frozen=True)
class SpeedRow:
    """One configuration's measurements (None where not measured: skipped, error, or no GPU)."""

    model: str
    preset: str | None
    family: str
    weights: str
    task: str
    src: str
    tgt: str
    device: str
    dtype: str
    backend: str
    batch: int
    beams: int
    status: str  # ok, skipped or error
    reason: str = ""
    threads: int | None = None
    new_tokens: int | None = None
    target_count: str = ""  # "fixed" (random weights) or "retokenized"
    calls: int = 0
    sentences: int = 0
    source_tokens: int = 0
    target_tokens: int = 0
    seconds: float = 0.0
    source_tokens_per_s: float | None = None
    target_tokens_per_s: float | None = None
    sentences_per_s: float | None = None
    call_latency_p50_s: float | None = None
    call_latency_p95_s: float | None = None
    documents: int = 0
    doc_latency_p50_s: float | None = None
    doc_latency_p95_s: float | None = None
    load_seconds: float | None = None
    peak_rss_mb: float | None = None
    peak_gpu_mb: float | None = None
    bound_tokens_per_s: float | None = None
    pct_of_bound: float | None = None
    conversion: str = ""  # the CTranslate2 folder a converting engine ran


@dataclass(frozen=True)
class EndToEndRow:
    """``summix summarize DOC --lang ...`` timed in three parts: loading models, summarising, translating."""

    summarizer: str
    translator: str
    device: str
    languages: tuple[str, ...]
    skipped: dict[str, str]
    load_s: float | None = None
    summarize_s: float | None = None
    translate_s: float | None = None
    total_s: float | None = None
    peak_rss_mb: float | None = None
    status: str = "ok"
    reason: str = ""
    engines: str = ""  # engine and compute type of each loaded model
    lengths: str = "fixed"


@dataclass(frozen=True)
class SpeedReport:
    """A whole run: the machine, the options, and one row per configuration."""

    environment: dict
    options: dict
    rows: tuple[SpeedRow, ...] = ()
    end_to_end: tuple[EndToEndRow, ...] = ()
    command: str = ""

    def to_dict(self) -> dict:
        """The JSON form written by the benchmark scripts."""
        return {"kind": "speed", **asdict(self)}


# ------------------------------------------------------------------------------------------ measuring


def sync(device: str) -> None:
    """Wait for queued GPU work, so that a timer read afterwards covers it."""
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


class PeakMemory:
    """Peak resident memory (sampled every 20 ms in a thread) and peak GPU memory while in the block."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.rss_mb: float | None = None
        self.gpu_mb: float | None = None
        self._stop = threading.Event()

    def __enter__(self) -> PeakMemory:
        try:
            import psutil
        except ImportError:  # psutil is in the bench extra; without it RSS is simply not reported
            psutil = None
        self._process = psutil.Process() if psutil else None
        self._peak = self._rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        if self.device.startswith("cuda"):
            import torch

            torch.cuda.reset_peak_memory_stats()
        return self

    def _rss(self) -> int:
        return self._process.memory_info().rss if self._process else 0

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self._peak = max(self._peak, self._rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._peak = max(self._peak, self._rss())
        self.rss_mb = round(self._peak / 2**20, 1) if self._process else None
        if self.device.startswith("cuda"):
            import torch

            self.gpu_mb = round(torch.cuda.max_memory_allocated() / 2**20, 1)


def iterations_for(batch: int, given: int | None, device: str = "cuda") -> int:
    """Measured calls per configuration: ``given``, else enough for ~32 sentences, between 2 and 8 (on a
    CPU, where one call at batch 1 takes seconds: ~16 sentences, between 2 and 4)."""
    if given:
        return given
    if device == "cpu":
        return max(2, min(4, math.ceil(16 / batch)))
    return max(2, min(8, math.ceil(32 / batch)))


def documents_for(given: int | None, device: str = "cuda") -> int:
    """Documents timed through the pipeline per configuration: ``given``, else 1 on a CPU and 2 elsewhere
    (so that a CPU sweep of a few configurations stays within minutes)."""
    return given if given is not None else 1 if device == "cpu" else 2


# ------------------------------------------------------------------------------------------------ input


@dataclass(frozen=True)
class Workload:
    """What one model is timed on: its task and direction, a pool of inputs, and documents."""

    task: str
    src: str
    tgt: str
    pool: tuple[str, ...]
    documents: tuple[tuple[str, ...], ...]  # paragraphs of each document
    # Realistic lengths (translation with random weights): output tokens per pool sentence, and the pair's
    # ratio for whole documents; empty and None otherwise.
    target_lengths: tuple[tuple[str, int], ...] = ()
    ratio: float | None = None


def _seed_sentences() -> list[str]:
    paragraphs = textmod.paragraphs(SEED.read_text(encoding="utf-8")) if SEED.is_file() else []
    return [s for p in paragraphs for s in textmod.split_sentences(p, "en")]


def workload(ref: ModelRef, data: str | None, documents: int) -> Workload:
    """Real text for ``ref``: the seed's sentences and NTREX in the source language (when available);
    documents are NTREX documents, or the seed cut into :data:`DOC_SENTENCES`-sentence pieces."""
    task, src, tgt = ref.driver.bench_direction(ref)
    seed = _seed_sentences() if src == "en" else []
    folder = Path(data) if data else datasets.default_data_dir()
    if folder is not None and (folder / "ntrex").is_dir():
        other = "ru" if src == "en" else "en"
        docs = datasets.load_set("ntrex-docs", src, other, folder).sources[:documents]
        sentences = seed + list(datasets.load_set("ntrex", src, other, folder).sources)
        doc_paragraphs = tuple(tuple(d.split("\n\n")) for d in docs)
    else:
        sentences = seed
        cuts = range(0, DOC_SENTENCES * documents, DOC_SENTENCES)
        doc_paragraphs = tuple(tuple(seed[i : i + DOC_SENTENCES]) for i in cuts if seed[i:])
    if not sentences:
        raise SummixError(f"no {src} text to time: pass --data FOLDER with ntrex/ (or use an English model)")
    return Workload(task, src, tgt, tuple(sentences), doc_paragraphs)


def with_target_lengths(work: Workload, ref: ModelRef, data: str | None) -> Workload:
    """``work`` with realistic output lengths for a random-weight translator (see
    :mod:`summix.bench.lengths`): a sentence from NTREX writes its reference's length in target tokens, any
    other its source tokens x the pair's ratio measured on NTREX; ``work`` as it is for a real model or a
    summarizer (which write what their card allows).

    Raises:
        SummixError: no NTREX in the data folder.
    """
    if not ref.random_weights or work.task != "translate":
        return work
    texts = output_lengths.ntrex_texts(data)
    count = output_lengths.tokenizer_count(ref.path)
    ratio = output_lengths.pair_ratios(count, {work.src: texts[work.src], work.tgt: texts[work.tgt]})
    pair = ratio[f"{work.src}-{work.tgt}"]
    references = dict(zip(texts[work.src], texts[work.tgt], strict=True))
    lengths = {
        text: output_lengths.content_tokens(count, references[text], work.tgt)
        if text in references
        else round(count(text, work.src) * pair)
        for text in dict.fromkeys(work.pool)
    }
    return replace(work, target_lengths=tuple((t, max(1, n)) for t, n in lengths.items()), ratio=pair)


def _chunked_pool(work: Workload, backend) -> tuple[str, ...]:
    """Summarizers read chunks up to their input budget, as the pipeline gives them."""
    if work.task == "translate":
        return work.pool
    budget = backend.max_input_tokens
    chunks = textmod.pack_chunks(list(work.pool), lambda t: backend.count_tokens(t, work.src), budget)
    return tuple(" ".join(c) for c in chunks)


def _batches(pool: Sequence[str], batch: int, count: int) -> Iterator[list[str]]:
    stream = cycle(pool)
    for _ in range(count):
        yield list(islice(stream, batch))


# ----------------------------------------------------------------------------------------------- sweep


@dataclass(frozen=True)
class _Config:
    ref: ModelRef
    preset: str | None
    device: str
    dtype: str
    backend: str

    def row(self, work: Workload, batch: int, beams: int, status: str, **values) -> SpeedRow:
        return SpeedRow(
            model=self.ref.model_id,
            preset=self.preset,
            family=self.ref.family,
            weights="random" if self.ref.random_weights else "real",
            task=work.task,
            src=work.src,
            tgt=work.tgt,
            device=values.pop("device", self.device),
            dtype=values.pop("dtype", self.dtype),
            backend=self.backend,
            batch=batch,
            beams=beams,
            status=status,
            **values,
        )


def generation_options(ref: ModelRef, beams: int, new_tokens: int) -> GenerationOptions:
    """Fixed-length output for random weights (min = max new tokens), a cap for real ones."""
    fixed = new_tokens if ref.random_weights else None
    return GenerationOptions(num_beams=beams, max_new_tokens=new_tokens, min_new_tokens=fixed)


@dataclass(frozen=True)
class _Call:
    """One generate() call of a measurement: its inputs, settings, and output tokens per row (None for a
    real model, whose outputs are re-tokenized to count them)."""

    inputs: list[str]
    options: GenerationOptions
    tokens: int | None


def exact_options(beams: int, tokens: int) -> GenerationOptions:
    """Greedy or beam settings that write exactly ``tokens`` new tokens (plus a forced language token)."""
    return GenerationOptions(
        num_beams=beams, max_new_tokens=tokens, length_ratio=1000.0, length_margin=0, exact_length=True
    )


def plan_calls(
    ref: ModelRef, work: Workload, pool, batch: int, beams: int, new_tokens: int, count: int, warmup: int
):
    """The ``count`` calls of one configuration, the first ``warmup`` of them untimed. With realistic lengths
    the timed calls' sentences are sorted by their output length and batched (each batch writes its
    longest); otherwise every sentence writes ``new_tokens`` (random weights) or what it writes (real)."""
    stream = list(_batches(pool, batch, count))
    if not work.target_lengths:
        gen = generation_options(ref, beams, new_tokens)
        return [_Call(inputs, gen, gen.min_new_tokens) for inputs in stream]
    lengths = dict(work.target_lengths)
    timed = sorted((t for inputs in stream[warmup:] for t in inputs), key=lambda t: lengths[t])
    groups = stream[:warmup] + [timed[i : i + batch] for i in range(0, len(timed), batch)]
    return [
        _Call(g, exact_options(beams, max(lengths[t] for t in g)), max(lengths[t] for t in g)) for g in groups
    ]


def _measure_calls(backend, work: Workload, calls: Sequence[_Call], warmup: int):
    """Time the calls after ``warmup`` untimed ones; return texts, outputs, latencies and output tokens."""
    latencies, texts, outputs, tokens = [], [], [], 0
    for index, call in enumerate(calls):
        sync(backend.device)
        start = time.perf_counter()
        out = backend.generate(call.inputs, src=work.src, tgt=work.tgt, task=work.task, options=call.options)
        sync(backend.device)
        if index >= warmup:
            latencies.append(time.perf_counter() - start)
            texts.extend(call.inputs)
            outputs.extend(out)
            tokens += call.tokens * len(out) if call.tokens else _target_tokens(backend, work, out)
    return texts, outputs, latencies, tokens


def _document_latencies(
    backend, work: Workload, batch: int, options: GenerationOptions, wanted: int
) -> list[float]:
    """Seconds per document through the whole pipeline (segmenting, batching, coverage check), for the
    first ``wanted`` documents of ``work``."""
    latencies = []
    for paragraphs in work.documents[:wanted]:
        sync(backend.device)
        start = time.perf_counter()
        if work.task == "translate":
            pipeline.translate_paragraphs(
                paragraphs, backend, src=work.src, tgt=work.tgt, options=options, batch_size=batch
            )
        else:
            pipeline.summarize_map_reduce(
                paragraphs, backend, src=work.src, tgt=work.tgt, options=options, batch_size=batch
            )
        sync(backend.device)
        latencies.append(time.perf_counter() - start)
    return latencies


def _documents_or_reason(backend, work: Workload, batch: int, options: GenerationOptions, wanted: int):
    """Document latencies, or none and the reason: random weights can emit only special tokens for a
    segment, which the pipeline's coverage check rightly refuses; throughput is still measured."""
    if not wanted:
        return [], ""
    try:
        return _document_latencies(backend, work, batch, options, wanted), ""
    except CoverageError as exc:
        if not backend.ref.random_weights:
            raise
        return [], f"document latency not measured: random-weight output failed the coverage check ({exc})"


def _target_tokens(backend, work: Workload, outputs: Sequence[str]) -> int:
    """Output tokens of a real model's outputs, re-tokenized (a forced language token is not counted)."""
    overhead = backend.count_tokens("", work.tgt)
    return sum(max(0, backend.count_tokens(o, work.tgt) - overhead) for o in outputs)


def _bound(backend, work: Workload, batch: int, beams: int, source_len: float, options, bandwidth):
    """The bandwidth-bound output tokens/s on a GPU, or None (CPU, unknown GPU, no torch model)."""
    model = getattr(backend, "model", None)
    if not backend.device.startswith("cuda") or model is None:
        return None
    import torch

    tbs = bandwidth or roofline.bandwidth_for(torch.cuda.get_device_name())
    if tbs is None:
        return None
    shape = roofline.decoder_shape(model)
    return roofline.bound_tokens_per_second(
        shape, tbs, batch=batch, beams=beams, source_len=source_len, new_tokens=options.max_new_tokens
    )


def measure(config: _Config, backend, work: Workload, pool, batch: int, beams: int, options: SpeedOptions):
    """Measure one configuration on a loaded backend."""
    count = iterations_for(batch, options.iterations, backend.device) + options.warmup
    calls = plan_calls(config.ref, work, pool, batch, beams, options.new_tokens, count, options.warmup)
    gen = calls[-1].options
    wanted = documents_for(options.documents, backend.device)
    with PeakMemory(backend.device) as memory:
        texts, outputs, latencies, target_tokens = _measure_calls(backend, work, calls, options.warmup)
        documents, reason = _documents_or_reason(
            backend, work, batch, _document_options(work, beams, gen), wanted
        )
    seconds = sum(latencies)
    source_tokens = sum(backend.count_tokens(t, work.src) for t in texts)
    bound = _bound(backend, work, batch, beams, source_tokens / len(texts), gen, options.bandwidth_tbs)
    return config.row(
        work,
        batch,
        beams,
        "ok",
        reason=reason,
        device=backend.device,
        dtype=backend.dtype,
        threads=_threads(backend),
        new_tokens=None if work.target_lengths else options.new_tokens,
        target_count=_target_count(work, calls[-1]),
        calls=len(latencies),
        sentences=len(texts),
        source_tokens=source_tokens,
        target_tokens=target_tokens,
        seconds=round(seconds, 4),
        source_tokens_per_s=round(source_tokens / seconds, 1),
        target_tokens_per_s=round(target_tokens / seconds, 1),
        sentences_per_s=round(len(texts) / seconds, 2),
        call_latency_p50_s=_round(percentile(latencies, 50)),
        call_latency_p95_s=_round(percentile(latencies, 95)),
        documents=len(documents),
        doc_latency_p50_s=_round(percentile(documents, 50)),
        doc_latency_p95_s=_round(percentile(documents, 95)),
        load_seconds=round(backend.load_seconds, 3),
        peak_rss_mb=memory.rss_mb,
        peak_gpu_mb=memory.gpu_mb,
        bound_tokens_per_s=round(bound, 1) if bound else None,
        pct_of_bound=round(100 * target_tokens / seconds / bound, 2) if bound else None,
        conversion=conversion_note(backend),
    )


def _document_options(work: Workload, beams: int, gen: GenerationOptions) -> GenerationOptions:
    """Settings for whole documents: with realistic lengths, the batch's longest source x the pair's ratio
    (as a preset writes them through the pipeline); otherwise those of the calls."""
    if work.ratio is None:
        return gen
    from summix.randomweights import stand_in_options

    return stand_in_options(GenerationOptions(num_beams=beams), work.ratio)


def _target_count(work: Workload, call: _Call) -> str:
    if work.target_lengths:
        return "realistic"
    return "fixed" if call.tokens else "retokenized"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _threads(backend) -> int | None:
    choice = getattr(backend, "threads", None)
    return choice.threads if choice is not None else None


def _targets(options: SpeedOptions) -> list[tuple[str, str | None]]:
    """(name, preset) of everything to time: presets first, then models.

    Raises:
        SummixError: nothing given, or an unknown preset name.
    """
    unknown = [name for name in options.presets if name not in presets.preset_names()]
    if unknown:
        raise SummixError(f"unknown preset {unknown[0]!r}: choose from {', '.join(presets.preset_names())}")
    targets = [(name, name) for name in options.presets] + [(name, None) for name in options.models]
    if not targets:
        raise SummixError("nothing to time: pass --model ALIAS|FOLDER or --preset opus-mt|nllb-600m|mt5-base")
    return targets


def _resolve(name: str, preset: str | None, options: SpeedOptions, log: Log | None) -> ModelRef:
    """The model to time; a preset is built on first use and set to write ``options.lengths`` through the
    pipeline (a model given by name is never changed)."""
    if preset is None:
        return resolve_model(name)
    folder = presets.preset_model(preset, options.work_dir, options.data, log, lengths=options.lengths)
    return resolve_model(str(folder))


def run_speed(
    options: SpeedOptions, log: Log | None = None, on_row: Callable[[SpeedRow], None] | None = None
) -> tuple[SpeedRow, ...]:
    """Run the sweep; ``on_row`` sees each row as soon as it is measured (to save partial results).
    A model that cannot be built or found gives one error row, and the sweep goes on with the next.

    Raises:
        SummixError: no model or preset given, an unknown preset name.
    """
    deadline = time.monotonic() + options.time_budget_s if options.time_budget_s else None
    rows: list[SpeedRow] = []
    for name, preset in _targets(options):
        try:
            ref = _resolve(name, preset, options, log)
            work = workload(
                ref, options.data, max(documents_for(options.documents, d) for d in options.devices)
            )
            if output_lengths.check_mode(options.lengths) == "realistic":
                work = with_target_lengths(work, ref, options.data)
            found = _sweep_model(ref, preset, work, options, deadline, log)
        except Exception as exc:  # noqa: BLE001 - a model that fails to build or load must not stop the rest
            found = iter([_failed(name, preset, exc, log)])
        for row in found:
            rows.append(row)
            if on_row:
                on_row(row)
    return tuple(rows)


def _sweep_model(ref, preset, work, options: SpeedOptions, deadline, log) -> Iterator[SpeedRow]:
    for device in options.devices:
        for dtype in options.dtypes:
            for backend in options.backends:
                yield from _sweep_loaded(
                    _Config(ref, preset, device, dtype, backend), work, options, deadline, log
                )


def _failed(name: str, preset: str | None, exc: Exception, log: Log | None) -> SpeedRow:
    if log:
        log(f"{name}: error: {_reason(exc)}")
    return SpeedRow(name, preset, "", "", "", "", "", "", "", "", 0, 0, "error", _reason(exc))


def _reason(exc: BaseException) -> str:
    """One line for a report: the exception type and the first line of its message."""
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"


def _sweep_loaded(
    config: _Config, work: Workload, options: SpeedOptions, deadline: float | None, log: Log | None
) -> Iterator[SpeedRow]:
    """Load the model once for this device, dtype and backend, and measure every batch size and beam."""
    grid = [(batch, beams) for batch in options.batches for beams in options.beams]
    if deadline is not None and time.monotonic() > deadline:
        yield from (config.row(work, b, k, "skipped", reason="time budget spent") for b, k in grid)
        return
    try:
        converted = _convert_preset(config, log)
        session = Session(
            RuntimeOptions(
                device=config.device, dtype=config.dtype, threads=options.threads, backend=config.backend
            )
        )
        backend = session.backend(resolve_model(str(converted)) if converted else config.ref)
    except SummixError as exc:  # a bad setting, no GPU, backend not installed, float16 for mT5: say why
        yield from (config.row(work, b, k, "skipped", reason=str(exc)) for b, k in grid)
        return
    except Exception as exc:  # noqa: BLE001 - e.g. out of memory while loading: record it, go on
        _free(config.device)
        yield from (config.row(work, b, k, "error", reason=_reason(exc)) for b, k in grid)
        return
    try:
        pool = _chunked_pool(work, backend)
        for batch, beams in grid:
            yield _one(config, backend, work, pool, batch, beams, options, deadline, log)
    finally:
        session.close()
        _free(config.device)


def _convert_preset(config: _Config, log: Log | None) -> Path | None:
    """The folder a preset (or a preset's folder given by name) timed on a converting engine (or ``auto``)
    runs: its conversion as ``summix models pull`` would make it, made first; None for the reference
    engine or any other model (which runs as installed)."""
    from summix import engines

    wanted = config.backend if config.backend != "auto" else "ctranslate2"
    if (
        config.ref.engine != "transformers"
        or wanted not in engines.names()
        or not engines.get(wanted).converted
    ):
        return None
    if config.preset is None and _stands_for(config.ref) is None:
        return None
    if config.backend == "auto" and not engines.get(wanted).available():
        return None
    # The default conversion (int8 on a CPU): an int8 model computes in whichever float type is asked for.
    return presets.preset_conversion(config.ref.path, log=log)


def conversion_note(backend) -> str:
    """The CTranslate2 folder a backend runs, its weight type and vocabulary map; "" for the reference."""
    ref = backend.ref
    if ref.engine == "transformers":
        return ""
    from summix.keys import model_identity

    vmap = model_identity(ref).get("vmap")
    return f"{ref.path.name} ({ref.quantization}" + (f", map {Path(vmap).name}" if vmap else "") + ")"


def _one(config, backend, work, pool, batch, beams, options, deadline, log) -> SpeedRow:
    if deadline is not None and time.monotonic() > deadline:
        return config.row(work, batch, beams, "skipped", reason="time budget spent")
    name = config.preset or config.ref.name
    label = f"{name} {backend.device}/{backend.dtype}/{config.backend} batch {batch} beams {beams}"
    try:
        row = measure(config, backend, work, pool, batch, beams, options)
    except Exception as exc:  # noqa: BLE001 - one failed configuration (e.g. out of memory) must not lose the rest
        _free(config.device)
        row = config.row(work, batch, beams, "error", reason=_reason(exc))
    if log:
        log(f"{label}: {_summary(row)}")
    return row


def _summary(row: SpeedRow) -> str:
    if row.status != "ok":
        return f"{row.status}: {row.reason}"
    bound = f", {row.pct_of_bound}% of bound" if row.pct_of_bound is not None else ""
    return f"{row.target_tokens_per_s} tgt tok/s, {row.sentences_per_s} sent/s{bound}"


def _free(device: str) -> None:
    gc.collect()
    if device.startswith("cuda"):
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()


# ----------------------------------------------------------------------------------------- end to end


def run_end_to_end(
    options: SpeedOptions,
    document: str | Path = SEED,
    languages: Sequence[str] = ("uz", "ru", "en"),
    log: Log | None = None,
    on_row: Callable[[EndToEndRow], None] | None = None,
) -> tuple[EndToEndRow, ...]:
    """``summix summarize DOCUMENT --lang uz,ru,en`` per preset and engine: a summarizer preset summarises
    (and a translator preset, if any, translates its summary); a translator preset translates an extractive
    summary, or several translator presets together translate it as a user's installed defaults would
    (each direction by the default model the preset stands for, see :data:`summix.bench.presets.STANDS_FOR`).
    Presets run on a converting engine (or ``auto``) are converted first. ``on_row`` sees each row as soon
    as it is measured (to save partial results).

    Raises:
        SummixError: no preset or model given, an unknown preset or lengths, an unreadable document.
    """
    text = read_text(str(document))
    output_lengths.check_mode(options.lengths)
    refs = [(_resolve(name, preset, options, log), preset) for name, preset in _targets(options)]
    rows = []
    for device, backend in itertools.product(options.devices, options.backends):
        run = [
            (_run_ref(ref, preset, device, options.dtypes[0], backend, log), preset) for ref, preset in refs
        ]
        runtime = RuntimeOptions(
            device=device, dtype=options.dtypes[0], threads=options.threads, batch_size=8, backend=backend
        )
        for summarizer, translators in _combinations(run):
            with tempfile.TemporaryDirectory(prefix="summix-defaults-") as folder:
                chosen = _as_defaults(translators, Path(folder), runtime) if len(translators) > 1 else runtime
                row = _end_to_end_one(text, summarizer, translators, tuple(languages), chosen)
            rows.append(replace(row, lengths=options.lengths))
            if log:
                log(f"end to end {row.summarizer} + {row.translator} ({row.engines}): {row.total_s} s")
            if on_row:
                on_row(rows[-1])
            _free(device)
    return tuple(rows)


def _run_ref(ref: ModelRef, preset: str | None, device: str, dtype: str, backend: str, log: Log | None):
    """The model an end-to-end run drives: a preset's conversion on a converting engine, else ``ref``."""
    converted = _convert_preset(_Config(ref, preset, device, dtype, backend), log)
    return resolve_model(str(converted)) if converted else ref


def _combinations(refs: Sequence[tuple[ModelRef, str | None]]):
    """(summarizer, translators) of each end-to-end row: an extractive summary translated by each
    translator, or by all together when they all stand in for curated defaults; each summarizer with each
    translator (or alone)."""
    summarizers = [r for r, _ in refs if "summarize" in r.driver.tasks]
    translators = [(r, p) for r, p in refs if "translate" in r.driver.tasks]
    single = [(r,) for r, _ in translators]
    stand_ins = len(translators) > 1 and all(_stands_for(r) for r, _ in translators)
    combined = [tuple(r for r, _ in translators)] if stand_ins else []
    return [(None, t) for t in combined or single] + [(s, t) for s in summarizers for t in single or [()]]


def _stands_for(ref: ModelRef) -> str | None:
    """The alias a preset folder (or a conversion of one) stands for; None for any other model."""
    from summix.resolve import CT2_RECORD

    folder = ref.path
    if ref.engine != "transformers":
        record = json.loads((ref.path / CT2_RECORD).read_text(encoding="utf-8"))
        folder = Path((record.get("source") or {}).get("path") or ref.path)
    try:
        return presets.stands_for(folder)
    except SummixError:
        return None


def _as_defaults(translators: Sequence[ModelRef], folder: Path, runtime: RuntimeOptions) -> RuntimeOptions:
    """``runtime`` with a models folder in which each translator preset (or its conversion) is installed
    (linked) under the alias of the model it stands for."""
    for ref in translators:
        (folder / str(_stands_for(ref))).symlink_to(ref.path, target_is_directory=True)
    return replace(runtime, models_dir=str(folder))


def _end_to_end_one(
    text: str,
    summarizer: ModelRef | None,
    translators: tuple[ModelRef, ...],
    languages: tuple[str, ...],
    runtime: RuntimeOptions,
) -> EndToEndRow:
    src = detect_source(textmod.paragraphs(text), "auto")
    served = [lang for lang in languages if lang == src or _serves(summarizer, translators, src, lang)]
    skipped = {lang: f"no preset given translates {src}->{lang}" for lang in languages if lang not in served}
    names = (
        Path(summarizer.name).name if summarizer else "extractive",
        " + ".join(Path(t.name).name for t in translators) or "-",
    )
    try:
        with PeakMemory(runtime.device) as memory, Session(runtime) as session:
            start = time.perf_counter()
            _preload(session, summarizer, translators, src, served)
            loaded = time.perf_counter()
            result = session.summarize(
                text,
                served,
                method="abstractive" if summarizer else "extractive",
                model=str(summarizer.path) if summarizer else None,
                translator=str(translators[0].path) if len(translators) == 1 else None,
            )
            done = time.perf_counter()
            engines = ", ".join(
                f"{Path(s.model_id).name}: {s.backend} {s.dtype}" for s in session.signatures()
            )
    except SummixError as exc:
        return EndToEndRow(*names, runtime.device, tuple(served), skipped, status="error", reason=str(exc))
    translate = sum(s.seconds for s in result.summaries if s.method.endswith("+translate"))
    return EndToEndRow(
        *names,
        runtime.device,
        tuple(served),
        skipped,
        load_s=round(loaded - start, 3),
        summarize_s=round(done - loaded - translate, 3),
        translate_s=round(translate, 3),
        total_s=round(done - start, 3),
        peak_rss_mb=memory.rss_mb,
        engines=engines,
    )


def _preload(session: Session, summarizer, translators: Sequence[ModelRef], src: str, served) -> None:
    """Load the models the run will use: the given ones, or with several translators the installed
    default of each direction."""
    refs = [summarizer] if summarizer is not None else []
    if len(translators) == 1:
        refs += translators
    elif translators:
        refs += [step.ref for tgt in served if tgt != src for step in session.route(src, tgt).steps]
    for ref in refs:
        session.backend(ref)


def _serves(summarizer: ModelRef | None, translators: Sequence[ModelRef], src: str, tgt: str) -> bool:
    if summarizer is not None and summarizer.serves("cross-summarize", src, tgt):
        return True
    return any(t.serves("translate", src, tgt) for t in translators)


# ----------------------------------------------------------------------------------------- environment


def environment(options: SpeedOptions) -> dict:
    """The machine and software a run used: enough to compare runs and to repeat one."""
    from summix.threads import prepare_openmp

    prepare_openmp()  # torch is imported here, before any model loads (see summix.threads)
    import torch
    import transformers

    info = {
        "summix_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "torch_threads": options.threads or "auto: one per physical core (rows: threads)",
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "gpu": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    if info["gpu"]:
        info["hbm_bandwidth_tbs"] = options.bandwidth_tbs or roofline.bandwidth_for(info["gpu"])
    return info


def speed_report(
    options: SpeedOptions, rows=(), end_to_end=(), command: str = "", env: dict | None = None
) -> SpeedReport:
    """Bundle rows with the environment (``env``, taken at the start of the run, or now) and options; the
    load average now is added as ``load_average_end``, since a busy machine skews every timing."""
    env = dict(env or environment(options))
    if hasattr(os, "getloadavg"):
        env["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return SpeedReport(env, asdict(options), tuple(rows), tuple(end_to_end), command)
