"""Measure what ``--check`` costs and how fast ``summix check`` is, on this CPU.

    python benchmarks/check_scores.py [--data ../shared/eval] [--output DIR] [--runs 3] [--threads 2]

- ``summix check`` on the NTREX-128 en->ru references (1,997 lines), ``--format jsonl``, as a fresh process
  (start-up included): wall seconds, best of ``--runs``.
- The model's scores: the opus-mt preset (random weights of opus-mt-en-ru's size), 16 NTREX sentences in
  one batch, 64 new tokens each (greedy and 4 beams), ``generate()`` against ``generate_scored()`` on
  transformers float32 and a CTranslate2 int8 conversion, interleaved, median of ``--runs``: the ratio is
  what the scores add to a model call.
- Agreement: the largest difference of mean and least token log-probability between transformers and a
  float32 conversion of the same preset on the same sentences (greedy).

Writes results.json and results.md under ``--output`` (default
benchmarks/results/<date>-cpu-check-scores/) with this command, the CPU flags and the load.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from summix.bench.report import write_json, write_text
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from summix.bench.report import write_json, write_text

from summix.bench.datasets import load_set
from summix.errors import SummixError
from summix.options import GenerationOptions, RuntimeOptions

SENTENCES = 16
NEW_TOKENS = 64


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/check_scores.py", description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="the eval folder (default: ../shared/eval beside the repository)")
    parser.add_argument("--output", type=Path, help="results folder")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each configuration")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads of each engine")
    return parser.parse_args(argv)


def check_command(data: str | None, runs: int) -> dict[str, object]:
    """Wall seconds of ``summix check`` on the NTREX en->ru references, as a fresh process."""
    test = load_set("ntrex", "en", "ru", data)
    with tempfile.TemporaryDirectory() as work:
        source, output = Path(work) / "en.txt", Path(work) / "ru.txt"
        source.write_text("".join(s + "\n" for s in test.sources), encoding="utf-8")
        output.write_text("".join(r[0] + "\n" for r in test.references), encoding="utf-8")
        command = [sys.executable, "-m", "summix", "check", str(source), str(output)]
        command += ["--from", "en", "--to", "ru", "--format", "jsonl"]
        walls, lines = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True, env=_env())
            walls.append(time.perf_counter() - start)
            lines = done.stdout.count(b"\n")
    return {"lines": len(test.sources), "output_lines": lines, "best_wall_s": round(min(walls), 2),
            "walls_s": [round(w, 2) for w in walls]}  # fmt: skip


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _backends(threads: int) -> dict[str, object]:
    """The opus-mt preset on transformers float32, CTranslate2 float32 and CTranslate2 int8."""
    from summix.backends.ctranslate2 import CTranslate2Backend
    from summix.backends.transformers import TransformersBackend
    from summix.bench.presets import cache_dir, preset_model
    from summix.convert import convert_model
    from summix.resolve import resolve_model

    model = preset_model("opus-mt", log=print)
    runtime = RuntimeOptions(device="cpu", threads=threads)
    found: dict[str, object] = {
        "transformers float32": TransformersBackend(resolve_model(str(model)), runtime)
    }
    for quantization in ("float32", "int8"):
        folder = cache_dir() / f"{model.name}-ct2-{quantization}"
        if not folder.is_dir():
            convert_model(str(model), quantization=quantization, output=folder)
        found[f"ctranslate2 {quantization}"] = CTranslate2Backend(resolve_model(str(folder)), runtime)
    return found


def scoring_cost(sentences: list[str], backends: dict[str, object], runs: int) -> list[dict[str, object]]:
    """generate() against generate_scored() per engine and beam size, interleaved, median of ``runs``."""
    rows = []
    for beams in (1, 4):
        options = GenerationOptions(num_beams=beams, min_new_tokens=NEW_TOKENS, max_new_tokens=NEW_TOKENS)
        for name, backend in backends.items():
            kwargs = {"src": "en", "tgt": "ru", "task": "translate", "options": options}
            backend.generate(sentences[:2], **kwargs)  # type: ignore[attr-defined] - warm up
            plain, scored = [], []
            for _ in range(runs):
                plain.append(_timed(backend.generate, sentences, kwargs))  # type: ignore[attr-defined]
                scored.append(_timed(backend.generate_scored, sentences, kwargs))  # type: ignore[attr-defined]
            p, s = statistics.median(plain), statistics.median(scored)
            rows.append({"engine": name, "beams": beams, "generate_s": round(p, 3),
                         "generate_scored_s": round(s, 3), "ratio": round(s / p, 3)})  # fmt: skip
    return rows


def _timed(call, sentences: list[str], kwargs: dict) -> float:
    start = time.perf_counter()
    call(sentences, **kwargs)
    return time.perf_counter() - start


def agreement(sentences: list[str], backends: dict[str, object]) -> dict[str, object]:
    """Largest |difference| of mean and least log-probability, transformers against CTranslate2 float32."""
    options = GenerationOptions(num_beams=1, max_new_tokens=NEW_TOKENS)
    kwargs = {"src": "en", "tgt": "ru", "task": "translate", "options": options}
    ref = backends["transformers float32"].generate_scored(sentences, **kwargs)  # type: ignore[attr-defined]
    fast = backends["ctranslate2 float32"].generate_scored(sentences, **kwargs)  # type: ignore[attr-defined]
    same = sum(1 for (a, _), (b, _) in zip(ref, fast, strict=True) if a == b)
    pairs = [(a, b) for (_, a), (_, b) in zip(ref, fast, strict=True)]
    return {"sentences": len(sentences), "same_text": same,
            "max_mean_diff": max(abs(a.mean - b.mean) for a, b in pairs),
            "max_min_diff": max(abs(a.least - b.least) for a, b in pairs)}  # fmt: skip


def _environment(load_before: tuple[float, float, float], wall: float) -> dict[str, object]:
    flags = sorted(set(re.findall(r"\b(avx2|avx512f|fma)\b", Path("/proc/cpuinfo").read_text())))
    return {"cpu": platform.processor() or platform.machine(), "cpu_flags": flags, "cores": os.cpu_count(),
            "load_before": load_before, "load_after": os.getloadavg(), "wall_s": round(wall, 1)}  # fmt: skip


def markdown(data: dict) -> str:
    """results.md: the command, the machine, and one table per measurement."""
    env, check, agree = data["environment"], data["check_command"], data["agreement"]
    flags = ", ".join(env["cpu_flags"]) or "none of avx2/avx512f/fma"
    lines = [
        "# --check: the cost of the model's scores, and summix check's speed\n",
        f"Command: `{data['command']}` ({env['wall_s']} s wall).  ",
        f"CPU flags: {flags}; {env['cores']} cores; load average before {env['load_before'][0]:.2f}, "
        f"after {env['load_after'][0]:.2f}. Random weights: speed only, the texts mean nothing.\n",
        f"`summix check` (fresh process, --format jsonl): {check['lines']} NTREX en->ru lines in "
        f"{check['best_wall_s']} s wall, best of {len(check['walls_s'])} "
        f"({check['output_lines']} lines out).\n",
        f"Scores, transformers against CTranslate2 float32 (greedy, {agree['sentences']} sentences, "
        f"{agree['same_text']} identical outputs): largest difference {agree['max_mean_diff']:.2e} "
        f"(mean log-probability), {agree['max_min_diff']:.2e} (least).\n",
        "| engine | beams | generate() s | generate_scored() s | ratio |",
        "|---|---|---|---|---|",
    ]
    for r in data["scoring"]:
        lines.append(
            f"| {r['engine']} | {r['beams']} | {r['generate_s']} | {r['generate_scored_s']} | {r['ratio']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    args = _arguments(argv)
    command = "python benchmarks/check_scores.py " + " ".join(argv)
    started, load_before = time.perf_counter(), os.getloadavg()
    check = check_command(args.data, args.runs)
    sentences = load_set("ntrex", "en", "ru", args.data).sources[:SENTENCES]
    backends = _backends(args.threads)
    scoring = scoring_cost(sentences, backends, args.runs)
    data = {"command": command, "check_command": check, "scoring": scoring,
            "agreement": agreement(sentences, backends)}  # fmt: skip
    data["environment"] = _environment(load_before, time.perf_counter() - started)
    folder = args.output or Path("benchmarks/results") / f"{time.strftime('%Y-%m-%d')}-cpu-check-scores"
    print(write_json(folder / "results.json", data))
    print(write_text(folder / "results.md", markdown(data)))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SummixError as exc:
        sys.exit(f"summix: error: {exc}")
