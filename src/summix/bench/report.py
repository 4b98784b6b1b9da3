"""Write benchmark results: one JSON per run, a Markdown table, and (speed) a PNG of throughput by batch."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from pathlib import Path

from summix.bench.published import published_for
from summix.bench.quality import QualityReport
from summix.bench.speed import SpeedReport, SpeedRow
from summix.errors import OutputError

RANDOM_NOTE = (
    "**Random weights: these models were never trained, so quality scores are meaningless (near zero).**"
)


def default_output(kind: str, device: str) -> Path:
    """``benchmarks/results/<date>-<device>/`` (``-quality`` appended for quality runs)."""
    slug = re.sub(r"[^a-z0-9]+", "-", device.lower()).strip("-") or "cpu"
    suffix = "-quality" if kind == "quality" else ""
    return Path("benchmarks") / "results" / f"{time.strftime('%Y-%m-%d')}-{slug}{suffix}"


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` atomically (a ``.part`` file renamed into place).

    Raises:
        OutputError: the folder cannot be created or the file written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; choose another --output") from exc
    return path


def write_json(path: Path, data: dict) -> Path:
    """Write ``data`` as indented UTF-8 JSON."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_results(folder: Path, result: dict, markdown: str) -> list[Path]:
    """``results.json`` and ``results.md`` of a benchmark script in ``folder``; prints where they went.

    Raises:
        OutputError: the folder cannot be created or a file written.
    """
    written = [write_json(folder / "results.json", result), write_text(folder / "results.md", markdown)]
    print(f"wrote {folder}/results.json and results.md")
    return written


def cpu_flags() -> str:
    """The vector instruction sets speed depends on (avx, avx2, avx512f, fma) that this CPU has."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    flags = {f for line in text.splitlines() if line.startswith("flags") for f in line.split(":")[1].split()}
    return " ".join(sorted(flags & {"avx", "avx2", "avx512f", "fma"})) or "none of avx, avx2, avx512f, fma"


def _fmt(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(c) if not isinstance(c, str) else c for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- quality


def quality_markdown(report: QualityReport, command: str = "") -> str:
    """The quality run as Markdown: system signature, scores per set and direction with the published
    figures for the same model beside them, metric signatures."""
    system = report.system
    parts = ["# Translation and summary quality", ""]
    if command:
        parts += [f"Command: `{command}`", ""]
    parts.append(" · ".join(f"{k}: {v}" for k, v in system.items()))
    if system.get("weights") == "random":
        parts += ["", RANDOM_NOTE]
    if report.results:
        parts += ["", _quality_table(report)]
    if report.summaries:
        parts += ["", "## Summaries", "", _summary_table(report)]
        if any(s.baselines for s in report.summaries):
            parts += ["", "### Beside the baselines (same documents, same sentence count)", ""]
            parts += [_baseline_table(report), "", BASELINE_NOTE]
    parts += ["", "## Metric signatures", ""]
    parts += [f"- {name}: `{sig}`" for name, sigs in report.metric_signatures.items() for sig in sigs]
    if report.skipped:
        parts += ["", "Skipped: " + "; ".join(report.skipped)]
    return "\n".join(parts) + "\n"


def _quality_table(report: QualityReport) -> str:
    rows = []
    for r in report.results:
        scores = {s.name: s.score for s in r.scores}
        published = published_for(r.signature.model_id, "translate", r.src, r.tgt)
        shown = ", ".join(f"{p.metric} {p.value} ({p.test_set})" for p in published) or "none for this model"
        rows.append(
            [
                r.test_set,
                f"{r.src}-{r.tgt}",
                r.unit,
                r.segments,
                r.max_references,
                scores.get("BLEU"),
                scores.get("chrF"),
                scores.get("chrF++"),
                scores.get("TER"),
                r.seconds,
                shown,
            ]
        )
    header = ["set", "direction", "unit", "segments", "refs", "BLEU", "chrF", "chrF++", "TER", "seconds"]
    return _table([*header, "published figure (model card, other test set)"], rows)


BASELINE_NOTE = (
    "Every system picks whole sentences from summix's own sentence split; a baseline takes as many sentences "
    "in each document as summix's summary has. Δ is summix minus the baseline (mean of per-document F1 x "
    "100) with its 95% paired bootstrap interval (1,000 resamples of the documents); an interval that "
    "contains 0 is no significant difference. NEWSROOM: coverage / density / compression "
    "(Grusky et al. 2018)."
)


def _baseline_table(report: QualityReport) -> str:
    rows = []
    for s in (s for s in report.summaries if s.baselines):
        scores = {x.name: x.score for x in s.scores}
        frag = s.fragments
        newsroom = f"{frag.coverage:.2f} / {frag.density:.1f} / {frag.compression:.1f}" if frag else ""
        rows.append(
            [s.name, s.language, s.budget, "summix " + s.method, s.mean_words, *_rouge(scores), "", newsroom]
        )
        for b in s.baselines:
            deltas = "; ".join(f"{d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]" for d in b.differences)
            rows.append(
                ["", "", "", b.name, b.mean_words, *_rouge({x.name: x.score for x in b.scores}), deltas, ""]
            )
    header = ["set", "lang", "budget", "system", "words", "ROUGE-1", "ROUGE-2", "ROUGE-L"]
    return _table([*header, "Δ R-1; R-2; R-L [95% CI]", "NEWSROOM"], rows)


def _rouge(scores: dict[str, float]) -> list[float | None]:
    return [scores.get("ROUGE-1"), scores.get("ROUGE-2"), scores.get("ROUGE-L")]


def _summary_table(report: QualityReport) -> str:
    rows = []
    for s in report.summaries:
        scores = {x.name: x.score for x in s.scores}
        model = s.signature.model_id if s.signature else None
        published = published_for(model, "summarize", s.language, s.language)
        shown = ", ".join(f"{p.metric} {p.value} ({p.test_set})" for p in published) or "none for this model"
        rows.append(
            [
                s.name,
                s.language,
                s.method,
                s.documents,
                scores.get("ROUGE-1"),
                scores.get("ROUGE-2"),
                scores.get("ROUGE-L"),
                f"{s.compression:.3f}",
                f"{s.supported_share:.2f}",
                s.unsupported_numbers,
                s.unsupported_entities,
                shown,
            ]
        )
    header = [
        "set",
        "lang",
        "method",
        "docs",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "compression",
        "supported",
        "new numbers",
        "new names",
        "published figure",
    ]
    return _table(header, rows)


def write_quality(report: QualityReport, folder: Path, command: str = "") -> list[Path]:
    """Write ``quality.json`` and ``quality.md`` into ``folder``."""
    data = {**report.to_dict(), "command": command}
    return [
        write_json(folder / "quality.json", data),
        write_text(folder / "quality.md", quality_markdown(report, command)),
    ]


# ------------------------------------------------------------------------------------------------ speed

_SPEED_HEADER = [
    "model",
    "device",
    "dtype",
    "backend",
    "batch",
    "beams",
    "src tok/s",
    "tgt tok/s",
    "sent/s",
    "call p50 s",
    "call p95 s",
    "doc p50 s",
    "doc p95 s",
    "load s",
    "peak RSS MB",
    "peak GPU MB",
    "bound tok/s",
    "% of bound",
    "threads",
    "conversion",
]


def _speed_cells(r: SpeedRow) -> list[object]:
    name = r.preset or Path(r.model).name
    if r.status != "ok":
        return [name, r.device, r.dtype, r.backend, r.batch, r.beams, f"{r.status}: {r.reason[:90]}"] + [
            ""
        ] * 13
    return [
        name,
        r.device,
        r.dtype,
        r.backend,
        r.batch,
        r.beams,
        r.source_tokens_per_s,
        r.target_tokens_per_s,
        r.sentences_per_s,
        _fmt(r.call_latency_p50_s, 3),
        _fmt(r.call_latency_p95_s, 3),
        _fmt(r.doc_latency_p50_s, 2),
        _fmt(r.doc_latency_p95_s, 2),
        _fmt(r.load_seconds, 2),
        r.peak_rss_mb,
        r.peak_gpu_mb,
        r.bound_tokens_per_s,
        r.pct_of_bound,
        r.threads,
        r.conversion,
    ]


def engine_ratios(rows: Sequence[SpeedRow]) -> list[tuple[str, float]]:
    """Target tokens/s of every other engine over transformers' for the same model, device, batch and
    beams (a converted model computes in its own types: the dtype is not matched)."""
    ok = [r for r in rows if r.status == "ok" and r.target_tokens_per_s]
    reference = {(r.model, r.device, r.batch, r.beams): r for r in ok if r.backend == "transformers"}
    found = []
    for r in ok:
        base = reference.get((r.model, r.device, r.batch, r.beams))
        if r.backend != "transformers" and base is not None:
            label = (
                f"{r.preset or Path(r.model).name} {r.device} batch {r.batch} beams {r.beams}: {r.backend}"
                f" {r.dtype} {r.conversion} / transformers {base.dtype}"
            )
            found.append((label, round(r.target_tokens_per_s / base.target_tokens_per_s, 2)))
    return found


def _lengths_line(first: SpeedRow) -> str:
    if first.target_count == "realistic":
        return (
            "output lengths realistic (each NTREX sentence writes its reference's length in target tokens, "
            "others source x the pair's ratio; batched by that length)"
        )
    return f"{first.new_tokens} new tokens per sentence ({first.target_count or 'fixed'})"


def speed_markdown(report: SpeedReport) -> str:
    """The speed run as Markdown: environment, one row per configuration, end-to-end timings."""
    env = report.environment
    parts = ["# Speed and memory", ""]
    if report.command:
        parts += [f"Command: `{report.command}`", ""]
    parts.append(" · ".join(f"{k}: {v}" for k, v in env.items()))
    if any(r.weights == "random" for r in report.rows) or report.end_to_end:
        parts += ["", "Random weights (architecture presets): the timings are real, the output text is not."]
    if report.rows:
        first = report.rows[0]
        parts += [
            "",
            f"Task {first.task} {first.src}->{first.tgt}, {_lengths_line(first)}; doc = whole documents "
            "through the pipeline.",
            "",
        ]
        parts.append(_table(_SPEED_HEADER, [_speed_cells(r) for r in report.rows]))
        ratios = engine_ratios(report.rows)
        if ratios:
            parts += ["", "Speed-up (target tokens/s, same run):", ""]
            parts += [f"- {label}: **{ratio:.2f}x**" for label, ratio in ratios]
    if report.end_to_end:
        rows = [
            [
                e.summarizer,
                e.translator,
                e.device,
                ",".join(e.languages),
                e.load_s,
                e.summarize_s,
                e.translate_s,
                e.total_s,
                e.peak_rss_mb,
                e.engines,
                e.lengths,
                e.reason or "; ".join(f"{k}: {v}" for k, v in e.skipped.items()),
            ]
            for e in report.end_to_end
        ]
        header = [
            "summarizer",
            "translator",
            "device",
            "languages",
            "load s",
            "summarize s",
            "translate s",
            "total s",
            "peak RSS MB",
            "engines",
            "lengths",
            "notes",
        ]
        parts += ["", "## End to end: `summix summarize DOC --lang uz,ru,en`", "", _table(header, rows)]
    return "\n".join(parts) + "\n"


def plot_throughput(rows: Sequence[SpeedRow], path: Path) -> Path | None:
    """A PNG of target tokens/s against batch size, one line per model, device, dtype, backend and beams.

    Returns None (and writes nothing) when no configuration was measured.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; set here, not at import, so importing stays cheap
    import matplotlib.pyplot as plt

    series: dict[str, list[tuple[int, float]]] = {}
    for r in rows:
        if r.status == "ok" and r.target_tokens_per_s:
            key = f"{r.preset or Path(r.model).name} {r.device} {r.dtype} {r.backend} beams={r.beams}"
            series.setdefault(key, []).append((r.batch, r.target_tokens_per_s))
    if not series:
        return None
    fig, ax = plt.subplots(figsize=(8, 5))
    for key, points in sorted(series.items()):
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=key)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("batch size (sentences)")
    ax.set_ylabel("output tokens per second")
    ax.set_title(
        "summix throughput by batch size (random-weight presets)" if _random(rows) else "summix throughput"
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _random(rows: Sequence[SpeedRow]) -> bool:
    return any(r.weights == "random" for r in rows)


def write_speed(report: SpeedReport, folder: Path, plot: bool = True) -> list[Path]:
    """Write ``speed.json``, ``results.md`` and (when something was measured) ``throughput.png``."""
    written = [
        write_json(folder / "speed.json", report.to_dict()),
        write_text(folder / "results.md", speed_markdown(report)),
    ]
    if plot:
        png = plot_throughput(report.rows, folder / "throughput.png")
        if png:
            written.append(png)
    return written
