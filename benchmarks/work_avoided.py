"""What each way of avoiding work buys, measured against the same run without it, on random-weight presets.

    python benchmarks/work_avoided.py                    # every variant, 2 runs each
    python benchmarks/work_avoided.py --runs 1 --lines 16 --output /tmp/avoided   # a quick check

Each pair of variants translates the same NTREX English lines with realistic output lengths (see
``summix.bench.lengths``), greedy, in one process, the two variants in turn in every run (A, B, A, B ...)
so that other load hits both alike; reported is the median of the per-run ratios (baseline seconds /
variant seconds: > 1 means the variant is faster) with both medians and the load average.

- ``encoder once``: the nllb-600m preset (transformers) translating --doc-lines lines into uz and ru
  together (one encoder pass per batch serves both) against each language on its own;
- ``target map``: the opus-mt preset on ctranslate2 int8 with the target-vocabulary map pull makes
  (32,000 of 62,518 output rows; see ``summix.bench.presets``) against the same conversion without a map;
- ``2 replicas``: that conversion as two one-thread replicas (``--inter-threads 2``) against one translator
  on all threads, at batch 16 and at batch 1;
- ``token batches``: that conversion batching by padded tokens (``--max-batch-tokens``, 16 x the lines'
  mean length) against 16 lines a batch.

The output of each pair is compared too (equal for the encoder and the map: they do not change it).
Writes results.json and results.md into --output (default benchmarks/results/<date>-cpu-work-avoided).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from summix.bench import report  # noqa: E402


def parse_args(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=64, help="NTREX lines for the opus-mt variants [64]")
    parser.add_argument("--doc-lines", type=int, default=8, help="lines of the nllb-600m document [8]")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None, help="threads [summix's choice]")
    parser.add_argument("--skip", nargs="*", default=[], help="variants to leave out (e.g. 'encoder once')")
    parser.add_argument("--work-dir", default=None, help="cache of built presets")
    parser.add_argument("--data", default=None, help="evaluation data folder with ntrex/ [../shared/eval]")
    parser.add_argument("--output", default=None)
    return parser.parse_args(argv)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def translate_lines(model: Path, lines: list[str], threads: int | None, **runtime) -> Callable[[], list]:
    """A function translating ``lines`` en->ru with ``model`` in a session of its own (loaded once)."""
    from summix.options import GenerationOptions, RuntimeOptions
    from summix.session import Session

    session = Session(RuntimeOptions(device="cpu", threads=threads, **runtime))
    session.backend(session.resolve(str(model)))
    greedy = GenerationOptions(num_beams=1)

    def run() -> list:
        items = session.translate_batch(lines, "ru", source="en", model=str(model), generation=greedy)
        return [item.translations.get("ru") for item in items]

    run()  # warm-up
    return run


def encoder_pair(model: Path, lines: list[str], threads: int | None) -> tuple[Callable, Callable]:
    """(each language alone, both together) for ``lines`` into uz and ru (items that fail the coverage
    check, as random weights may, are kept as errors in both)."""
    from summix.options import GenerationOptions, RuntimeOptions
    from summix.session import Session

    session = Session(RuntimeOptions(device="cpu", threads=threads, backend="transformers", batch_size=8))
    session.backend(session.resolve(str(model)))
    greedy = GenerationOptions(num_beams=1)

    def translated(to: str) -> list:
        items = session.translate_batch(
            lines,
            to,
            source="en",
            model=str(model),
            generation=greedy,
            on_error="skip",
            chunk_size=len(lines),
        )
        return [(item.translations, item.error) for item in items]

    def alone() -> list:
        uz, ru = translated("uz"), translated("ru")
        return [({**a, **b}, e or f) for (a, e), (b, f) in zip(uz, ru, strict=True)]

    def together() -> list:
        return translated("uz,ru")

    return alone, together


def variants(args, presets_: dict[str, Path], lines: list[str]) -> dict[str, tuple[Callable, Callable]]:
    """name -> (baseline, variant), each loaded once."""
    found: dict[str, tuple[Callable, Callable]] = {}
    mapped, plain = presets_["opus-mt map"], presets_["opus-mt plain"]
    t = args.threads
    if "encoder once" not in args.skip:
        found["encoder once"] = encoder_pair(presets_["nllb-600m"], lines[: args.doc_lines], t)
    if "target map" not in args.skip:
        found["target map"] = (translate_lines(plain, lines, t), translate_lines(mapped, lines, t))
    if "2 replicas" not in args.skip:
        from summix.threads import usable_cores

        for batch in (16, 1):
            found[f"2 replicas, batch {batch}"] = (
                translate_lines(mapped, lines, t or usable_cores(), batch_size=batch, inter_threads=1),
                translate_lines(mapped, lines, t or usable_cores(), batch_size=batch, inter_threads=2),
            )
    if "token batches" not in args.skip:
        budget = 16 * max(1, round(statistics.mean(len(line.split()) * 1.4 for line in lines)))
        found["token batches"] = (
            translate_lines(mapped, lines, t, batch_size=16),
            translate_lines(mapped, lines, t, batch_size=16, max_batch_tokens=budget),
        )
    return found


def models(args) -> dict[str, Path]:
    """The presets (realistic lengths) and the two opus-mt conversions, built and converted once."""
    from summix.bench.presets import preset_conversion, preset_model
    from summix.convert import ensure_converted

    opus = preset_model("opus-mt", args.work_dir, args.data, print, lengths="realistic")
    found = {
        "opus-mt map": preset_conversion(opus, log=print),
        "opus-mt plain": ensure_converted(str(opus), quantization="int8", vmap=None).path,
    }
    if "encoder once" not in args.skip:
        found["nllb-600m"] = preset_model("nllb-600m", args.work_dir, args.data, print, lengths="realistic")
    return found


def measure(pairs: dict[str, tuple[Callable, Callable]], runs: int) -> dict[str, dict]:
    results = {}
    for name, (baseline, variant) in pairs.items():
        seconds: dict[str, list[float]] = {"baseline": [], "variant": []}
        same = True
        for index in range(runs):
            order = (("baseline", baseline), ("variant", variant))
            outputs = {}
            for label, fn in order if index % 2 == 0 else order[::-1]:
                took, outputs[label] = timed(fn)
                seconds[label].append(round(took, 3))
            same = same and outputs["baseline"] == outputs["variant"]
        ratios = [b / v for b, v in zip(seconds["baseline"], seconds["variant"], strict=True)]
        results[name] = {
            "seconds": seconds,
            "median_ratio": round(statistics.median(ratios), 3),
            "same_output": same,
            "load_1min_after": round(os.getloadavg()[0], 2),
        }
        print(name, json.dumps(results[name]), flush=True)
    return results


def markdown(result: dict) -> str:
    lines = [
        "# Work avoided: each technique against the same run without it",
        "",
        f"Command: `{result['command']}`",
        "",
        f"{result['date']} · CPU flags {result['cpu_flags']} · {os.cpu_count()} logical CPUs · load average"
        f" at start {result['load_average_at_start']}, at end {result['load_average_at_end']} · python"
        f" {platform.python_version()}",
        "",
        "RANDOM-weight presets, realistic output lengths, greedy; ratio = baseline / variant seconds,"
        f" median of {result['runs']} interleaved runs (> 1: faster).",
        "",
        "| technique | baseline s | with it s | speed-up | same output | load after |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in result["results"].items():
        base, variant = (statistics.median(row["seconds"][k]) for k in ("baseline", "variant"))
        lines.append(
            f"| {name} | {base:.2f} | {variant:.2f} | {row['median_ratio']:.2f}x | {row['same_output']} |"
            f" {row['load_1min_after']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> dict:
    from summix.bench import lengths
    from summix.threads import prepare_openmp

    prepare_openmp()
    args = parse_args(argv)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out = Path(args.output or ROOT / "benchmarks" / "results" / f"{stamp}-cpu-work-avoided")
    start_load = [round(x, 2) for x in os.getloadavg()]
    lines = lengths.ntrex_texts(args.data)["en"][: args.lines]
    results = measure(variants(args, models(args), lines), args.runs)
    result = {
        "command": "python benchmarks/work_avoided.py " + " ".join(argv),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "cpu_flags": report.cpu_flags(),
        "runs": args.runs,
        "lines": args.lines,
        "doc_lines": args.doc_lines,
        "load_average_at_start": start_load,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "results": results,
    }
    from summix.bench.report import write_results

    write_results(out, result, markdown(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
