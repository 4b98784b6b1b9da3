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
import math
import os
import platform
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import cycle, islice
from pathlib import Path

from summix import __version__, pipeline
from summix import text as textmod
from summix.bench import datasets, presets, roofline
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


def _measure_calls(
    backend, work: Workload, pool, batch: int, options: GenerationOptions, calls: int, warmup: int
):
    """Time ``calls`` generate() calls after ``warmup`` untimed ones; return texts, outputs and latencies."""
    latencies, texts, outputs = [], [], []
    for index, inputs in enumerate(_batches(pool, batch, warmup + calls)):
        sync(backend.device)
        start = time.perf_counter()
        out = backend.generate(inputs, src=work.src, tgt=work.tgt, task=work.task, options=options)
        sync(backend.device)
        if index >= warmup:
            latencies.append(time.perf_counter() - start)
            texts.extend(inputs)
            outputs.extend(out)
    return texts, outputs, latencies


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


def _target_tokens(backend, work: Workload, outputs: Sequence[str], options: GenerationOptions) -> int:
    if options.min_new_tokens is not None:  # fixed length; a forced language token is not counted
        return options.min_new_tokens * len(outputs)
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
    gen = generation_options(config.ref, beams, options.new_tokens)
    calls = iterations_for(batch, options.iterations, backend.device)
    wanted = documents_for(options.documents, backend.device)
    with PeakMemory(backend.device) as memory:
        texts, outputs, latencies = _measure_calls(backend, work, pool, batch, gen, calls, options.warmup)
        documents, reason = _documents_or_reason(backend, work, batch, gen, wanted)
    seconds = sum(latencies)
    source_tokens = sum(backend.count_tokens(t, work.src) for t in texts)
    target_tokens = _target_tokens(backend, work, outputs, gen)
    bound = _bound(backend, work, batch, beams, source_tokens / len(texts), gen, options.bandwidth_tbs)
    return config.row(
        work,
        batch,
        beams,
        "ok",
        reason=reason,
        device=backend.device,
        dtype=backend.dtype,
        threads=_threads(),
        new_tokens=options.new_tokens,
        target_count="fixed" if gen.min_new_tokens else "retokenized",
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
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _threads() -> int:
    import torch

    return torch.get_num_threads()


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
    if preset is None:
        return resolve_model(name)
    return resolve_model(str(presets.preset_model(preset, options.work_dir, options.data, log)))


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
        session = Session(
            RuntimeOptions(
                device=config.device, dtype=config.dtype, threads=options.threads, backend=config.backend
            )
        )
        backend = session.backend(config.ref)
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
    """``summix summarize DOCUMENT --lang uz,ru,en`` once per preset: a summarizer preset summarises (and a
    translator preset, if any, translates its summary); a translator preset translates an extractive summary.
    ``on_row`` sees each row as soon as it is measured (to save partial results).

    Raises:
        SummixError: no preset or model given, an unknown preset, an unreadable document.
    """
    text = read_text(str(document))
    refs = [(_resolve(name, preset, options, log), preset) for name, preset in _targets(options)]
    summarizers = [r for r, _ in refs if "summarize" in r.driver.tasks]
    translators = [r for r, _ in refs if "translate" in r.driver.tasks]
    pairs = [(None, t) for t in translators] + [(s, t) for s in summarizers for t in translators or [None]]
    rows = []
    for device in options.devices:
        runtime = RuntimeOptions(
            device=device, dtype=options.dtypes[0], threads=options.threads, batch_size=8
        )
        for summarizer, translator in pairs:
            rows.append(_end_to_end_one(text, summarizer, translator, tuple(languages), runtime))
            if log:
                log(f"end to end {rows[-1].summarizer} + {rows[-1].translator}: {rows[-1].total_s} s")
            if on_row:
                on_row(rows[-1])
            _free(device)
    return tuple(rows)


def _end_to_end_one(
    text: str,
    summarizer: ModelRef | None,
    translator: ModelRef | None,
    languages: tuple[str, ...],
    runtime: RuntimeOptions,
) -> EndToEndRow:
    src = detect_source(textmod.paragraphs(text), "auto")
    served = [lang for lang in languages if lang == src or _serves(summarizer, translator, src, lang)]
    skipped = {lang: f"no preset given translates {src}->{lang}" for lang in languages if lang not in served}
    names = (summarizer.name if summarizer else "extractive", translator.name if translator else "-")
    try:
        with PeakMemory(runtime.device) as memory, Session(runtime) as session:
            start = time.perf_counter()
            for ref in (summarizer, translator):
                if ref is not None:
                    session.backend(ref)
            loaded = time.perf_counter()
            result = session.summarize(
                text,
                served,
                method="abstractive" if summarizer else "extractive",
                model=str(summarizer.path) if summarizer else None,
                translator=str(translator.path) if translator else None,
            )
            done = time.perf_counter()
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
    )


def _serves(summarizer: ModelRef | None, translator: ModelRef | None, src: str, tgt: str) -> bool:
    if summarizer is not None and summarizer.serves("cross-summarize", src, tgt):
        return True
    return translator is not None and translator.serves("translate", src, tgt)


# ----------------------------------------------------------------------------------------- environment


def environment(options: SpeedOptions) -> dict:
    """The machine and software a run used: enough to compare runs and to repeat one."""
    import torch
    import transformers

    info = {
        "summix_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "torch_threads": options.threads or torch.get_num_threads(),
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
