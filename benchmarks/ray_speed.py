"""Batch translation of NTREX English into Russian: the local engine against Ray, on this machine.

    python benchmarks/ray_speed.py                       # ctranslate2 int8, greedy, local 1x2 vs Ray 2x1
    python benchmarks/ray_speed.py --backend transformers --lines 200
    python benchmarks/ray_speed.py --lengths fixed       # outputs to the 2 x input + 10 bound instead

Runs ``summix translate FILE -i lines --from en --to ru`` as a user would, once per engine and input size,
and times each whole command (process start, model load, Ray start-up, translation, writing):

- local: ``--threads T`` in one process;
- ray:   ``--engine ray --workers W --threads 1``, a local Ray cluster started by the command.

Each engine also runs on the first ``--small`` lines; the difference of the two engines' times there is
the start-up overhead of Ray (start a cluster, start the actors, load one model per actor), and the full
file gives the throughput ratio. The outputs of the two engines are compared line for line (the same
backend and settings decode the same way).

The model is the opus-mt preset with random weights (MarianMT en->ru, 77M parameters, the architecture of
Helsinki-NLP/opus-mt-en-ru), converted as ``summix models pull`` converts (int8, a target map of the real
size) for ctranslate2: the timings are real, the output text is not. A random-weight model never ends by
itself: with ``--lengths realistic`` (the default) each output is as long as a real translation (the
batch's longest source x the en->ru token ratio measured on NTREX, see ``summix.bench.lengths``); with
``fixed`` it runs to the bound every real run has (2 x input + 10 tokens), a worst case. Writes
results.json and results.md into --output (default benchmarks/results/<date>-cpu-ray).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NTREX = ROOT.parent / "shared" / "eval" / "ntrex" / "ntrex.eng.txt"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", default=str(NTREX), help="one English segment per line [default: NTREX]")
    parser.add_argument("--lines", type=int, default=None, help="use only the first N lines")
    parser.add_argument("--small", type=int, default=16, help="lines of the start-up run [default: 16]")
    parser.add_argument("--backend", default="ctranslate2", choices=("ctranslate2", "transformers"))
    parser.add_argument("--beams", type=int, default=1, help="beam size [default: 1, greedy]")
    parser.add_argument("--batch-size", type=int, default=16, help="segments per model call [default: 16]")
    parser.add_argument("--threads", type=int, default=2, help="threads of the local engine [default: 2]")
    parser.add_argument("--workers", type=int, default=2, help="Ray actors, one thread each [default: 2]")
    parser.add_argument("--work-dir", default=None, help="cache of built presets")
    parser.add_argument(
        "--lengths", default="realistic", choices=("realistic", "fixed"), help="output lengths [realistic]"
    )
    parser.add_argument("--data", default=None, help="evaluation data folder with ntrex/ [../shared/eval]")
    parser.add_argument("--output", default=None)
    return parser.parse_args(argv)


def model_folder(args: argparse.Namespace) -> Path:
    """The opus-mt preset (built once) writing ``args.lengths`` outputs, or for ``ctranslate2`` its
    conversion as ``summix models pull`` makes it."""
    from summix.bench.presets import preset_conversion, preset_model

    source = preset_model("opus-mt", work_dir=args.work_dir, data=args.data, log=print, lengths=args.lengths)
    return source if args.backend == "transformers" else preset_conversion(source, log=print)


def command(engine: str, path: Path, model: Path, out: Path, args: argparse.Namespace) -> list[str]:
    base = [
        sys.executable,
        "-m",
        "summix",
        "translate",
        str(path),
        "-i",
        "lines",
        "--from",
        "en",
        "--to",
        "ru",
    ]
    base += ["-m", str(model), "--backend", args.backend]
    if engine == "local":
        return base + ["--threads", str(args.threads), "-o", str(out)]
    return base + [
        "--engine",
        "ray",
        "--workers",
        str(args.workers),
        "--threads",
        "1",
        "--output-dir",
        str(out),
    ]


def timed_run(cmd: list[str]) -> dict:
    """Run ``cmd``; its wall time and the summary line it printed last on stderr."""
    env = os.environ | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    lines = [line for line in proc.stderr.splitlines() if line.startswith("summix:")]
    return {"seconds": round(seconds, 2), "summary": lines[-1] if lines else ""}


def ray_texts(folder: Path) -> list[str]:
    """The Ray job's translations: the one lines file it wrote, as the local engine writes it."""
    (output,) = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return output.read_text(encoding="utf-8").splitlines()


def measure(args: argparse.Namespace, model: Path, work: Path) -> dict:
    lines = Path(args.input).read_text(encoding="utf-8").splitlines()[: args.lines]
    sizes = {"small": lines[: args.small], "full": lines}
    runs: dict = {}
    outputs: dict = {}
    for size, chunk in sizes.items():
        source = work / f"{size}.en.txt"
        source.write_text("\n".join(chunk) + "\n", encoding="utf-8")
        for engine in ("local", "ray"):
            out = work / (f"{size}-{engine}" + ("" if engine == "ray" else ".ru.txt"))
            runs[f"{engine} {size}"] = timed_run(command(engine, source, model, out, args))
            print(f"{engine:5} {size:5} {len(chunk):5} lines {runs[f'{engine} {size}']}", flush=True)
            if size == "full":
                outputs[engine] = (
                    out.read_text(encoding="utf-8").splitlines() if engine == "local" else ray_texts(out)
                )
    local, ray = outputs["local"], outputs["ray"]
    full, small = len(lines), len(sizes["small"])
    return {
        "lines": {"full": full, "small": small},
        "runs": runs,
        "outputs": {
            "local_lines": len(local),
            "ray_records": len(ray),
            "identical": local == ray,
            "differing_lines": sum(a != b for a, b in zip(local, ray, strict=False)),
        },
        "throughput_lines_per_s": {
            "local": round(full / runs["local full"]["seconds"], 2),
            "ray": round(full / runs["ray full"]["seconds"], 2),
        },
        "ray_vs_local_throughput": round(runs["local full"]["seconds"] / runs["ray full"]["seconds"], 3),
        "ray_startup_overhead_s": round(runs["ray small"]["seconds"] - runs["local small"]["seconds"], 2),
    }


def environment() -> dict:
    import ray
    import torch

    from summix import __version__

    info = {"ray": ray.__version__, "torch": torch.__version__, "summix": __version__}
    try:
        import ctranslate2

        info["ctranslate2"] = ctranslate2.__version__
    except ImportError:
        pass
    return info | {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "python": platform.python_version(),
        "logical_cpus": os.cpu_count(),
        "load_average_1min_at_start": round(os.getloadavg()[0], 2),
    }


LENGTHS = {
    "realistic": "outputs as long as real translations (longest source in a batch x the en->ru ratio"
    " measured on NTREX)",
    "fixed": "outputs to the length bound (2 x input + 10 tokens: random weights never end early)",
}


def markdown(result: dict) -> str:
    s, r = result["settings"], result["results"]
    rate, out = r["throughput_lines_per_s"], r["outputs"]
    rows = [f"| {name} | {run['seconds']:.1f} | {run['summary']} |" for name, run in r["runs"].items()]
    return "\n".join(
        [
            "# Batch translation: local engine vs Ray (CPU)",
            "",
            f"Command: `{result['command']}`",
            "",
            f"{result['environment']['date']} · {result['environment']['logical_cpus']} logical CPUs · load"
            f" average {result['environment']['load_average_1min_at_start']} at start,"
            f" {result['load_average_1min_at_end']} at end · ray {result['environment']['ray']} · summix"
            f" {result['environment']['summix']}",
            "",
            f"Model: opus-mt preset, RANDOM weights ({s['model']}), backend {s['backend']}, beams"
            f" {s['beams']}, batch {s['batch_size']}, {LENGTHS[s['lengths']]}; local engine"
            f" {s['threads']} threads in one process, Ray {s['workers']} actors x 1 thread on a local cluster"
            " started by the command. Timings are real; the output text is not.",
            "",
            "| run | wall s | summary line |",
            "|---|---|---|",
            *rows,
            "",
            f"- throughput on {r['lines']['full']} lines: local {rate['local']} lines/s,"
            f" Ray {rate['ray']} lines/s; Ray / local = {r['ray_vs_local_throughput']}",
            f"- start-up overhead of Ray (its {r['lines']['small']}-line run minus the local one):"
            f" {r['ray_startup_overhead_s']} s",
            f"- outputs: local {out['local_lines']} lines, Ray {out['ray_records']} records,"
            f" identical: {out['identical']} ({out['differing_lines']} lines differ)",
            "",
        ]
    )


def main(argv: list[str]) -> dict:
    args = parse_args(argv)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out = Path(args.output or ROOT / "benchmarks" / "results" / f"{stamp}-cpu-ray")
    work = Path(tempfile.mkdtemp(prefix="summix-ray-bench-"))
    model = model_folder(args)
    env = environment()
    try:
        results = measure(args, model, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    result = {
        "command": "python benchmarks/ray_speed.py " + " ".join(argv),
        "environment": env,
        "settings": vars(args) | {"model": str(model.name), "weights": "random"},
        "results": results,
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }
    from summix.bench.report import write_results

    write_results(out, result, markdown(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
