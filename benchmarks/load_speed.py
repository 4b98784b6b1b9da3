"""The same translation on an idle machine and beside busy processes, for each thread setting and engine.

    python benchmarks/load_speed.py                      # opus-mt preset, 32 NTREX lines, 2 runs
    python benchmarks/load_speed.py --lines 16 --runs 1 --output /tmp/load   # a quick check

Each run is a fresh process that loads the opus-mt preset (random weights, MarianMT en->ru, 77M parameters)
and translates the first --lines NTREX English lines into Russian (greedy, batch 16, outputs as long as
real translations, see ``summix.bench.lengths``); only the translation is timed, after a warm-up batch.
Engines: transformers (the preset) and ctranslate2 (its conversion as ``summix models pull`` makes it).
Settings:

- ``default``: what summix chooses (OMP_WAIT_POLICY=PASSIVE, one thread per physical core;
  CTranslate2 as one-thread replicas);
- ``1 thread`` and ``all threads``: ``--threads 1`` and ``--threads <cores>`` (waiting passively too);
- ``all threads, spinning``: all threads with the OpenMP runtimes' own waiting, as before summix chose
  the policy (torch and ctranslate2 are imported before summix can set it).

Conditions: ``idle`` (nothing else started; the load average says how idle the machine really was) and
``busy``: N pure-Python busy loops (N = the cores this process may use) started 3 s before and killed
after. Every run has a timeout; a run past it is recorded as such. Runs are interleaved (settings in turn,
conditions in turn). Reported: seconds per run (median of --runs), the load average at the end of each run
and the share of CPU time used during it, and per engine and condition the ratio of the best fixed setting
(the faster of 1 and all threads) to the default, and of spinning to the default (> 1: the default is
faster). Writes results.json and results.md into --output
(default benchmarks/results/<date>-cpu-load).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from summix.bench import report  # noqa: E402

SETTINGS = ("default", "1 thread", "all threads", "all threads, spinning")
FIXED = ("1 thread", "all threads")  # the fixed settings the default is held against
CONDITIONS = ("idle", "busy")
BUSY_LOOP = "while True:\n    pass\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=32, help="NTREX lines translated per run [32]")
    parser.add_argument("--runs", type=int, default=2, help="runs per engine, setting and condition [2]")
    parser.add_argument("--engines", nargs="+", default=["transformers", "ctranslate2"])
    parser.add_argument("--busy", type=int, default=None, help="busy processes [the usable cores]")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run [300]")
    parser.add_argument("--work-dir", default=None, help="cache of built presets")
    parser.add_argument("--data", default=None, help="evaluation data folder with ntrex/ [../shared/eval]")
    parser.add_argument("--output", default=None)
    parser.add_argument(
        "--child", nargs=4, metavar=("ENGINE", "SETTING", "MODEL", "INPUT"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------------- one run
def child(engine: str, setting: str, model: str, input_path: str) -> None:
    """Load ``model`` with ``setting``, translate the input once to warm up and once timed; print JSON."""
    spinning = setting == "all threads, spinning"
    if spinning:  # the OpenMP runtimes start before summix can choose
        import ctranslate2  # noqa: F401
        import torch  # noqa: F401
    from summix.options import GenerationOptions, RuntimeOptions
    from summix.session import Session
    from summix.threads import usable_cores

    threads = {"default": None, "1 thread": 1}.get(setting, usable_cores())
    runtime = RuntimeOptions(device="cpu", backend=engine, threads=threads, batch_size=16)
    lines = Path(input_path).read_text(encoding="utf-8").splitlines()
    greedy = GenerationOptions(num_beams=1)
    with Session(runtime) as session:
        backend = session.backend(session.resolve(model))
        list(session.translate_batch(lines[:4], "ru", source="en", model=model, generation=greedy))
        start = time.perf_counter()
        items = list(session.translate_batch(lines, "ru", source="en", model=model, generation=greedy))
        seconds = time.perf_counter() - start
    found = {
        "seconds": round(seconds, 3),
        "translated": sum(item.ok for item in items),
        "threads": backend.threads.threads,
        "threads_reason": backend.threads.reason,
        # For "spinning" the runtimes were loaded before summix set the variable: they never read it.
        "wait_policy": "OpenMP's default" if spinning else os.environ.get("OMP_WAIT_POLICY", "(unset)"),
    }
    print(json.dumps(found))


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat's first line; (0, 1) elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 1
    total = sum(fields[:8])  # guest time is already counted in user time
    return total - fields[3] - (fields[4] if len(fields) > 4 else 0), total  # minus idle and I/O wait


def timed_child(engine: str, setting: str, model: Path, source: Path, timeout: float) -> dict:
    """One run in a fresh process with the user's environment minus any thread settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OMP_WAIT_POLICY", "SUMMIX_THREADS", "OMP_NUM_THREADS")
    }
    env |= {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, __file__, "--child", engine, setting, str(model), str(source)]
    before, start = cpu_times(), time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"status": f"timed out after {timeout:.0f} s", "wall_s": round(time.perf_counter() - start, 1)}
    after = cpu_times()
    run = {"wall_s": round(time.perf_counter() - start, 1), "load_1min_end": round(os.getloadavg()[0], 2)}
    run["cpu_busy_share"] = round((after[0] - before[0]) / max(1, after[1] - before[1]), 3)
    if proc.returncode != 0:
        return run | {"status": f"failed ({proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}"}
    return run | {"status": "ok"} | json.loads(proc.stdout.strip().splitlines()[-1])


class Busy:
    """``count`` busy-looping processes while in the block (killed, by their ids, when it ends)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Busy:
        self.procs = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(self.count)]
        time.sleep(3.0)  # let them take the cores before the run starts
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.kill()
        for proc in self.procs:
            proc.wait(timeout=30)


# --------------------------------------------------------------------------------------- the whole run
def prepare(args: argparse.Namespace, work: Path) -> tuple[dict[str, Path], Path]:
    """The model folder of each engine and the input file (the first --lines NTREX English lines)."""
    from summix.bench import lengths
    from summix.bench.presets import preset_conversion, preset_model

    source = preset_model("opus-mt", args.work_dir, args.data, print, lengths="realistic")
    models = {"transformers": source}
    if "ctranslate2" in args.engines:
        models["ctranslate2"] = preset_conversion(source, log=print)
    lines = lengths.ntrex_texts(args.data)["en"][: args.lines]
    path = work / "input.en.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {e: models[e] for e in args.engines}, path


def measure(args: argparse.Namespace, models: dict[str, Path], source: Path) -> list[dict]:
    from summix.threads import usable_cores

    busy = args.busy if args.busy is not None else usable_cores()
    runs: list[dict] = []
    for index in range(args.runs):
        for condition in CONDITIONS if index % 2 == 0 else CONDITIONS[::-1]:
            with Busy(busy if condition == "busy" else 0):
                for engine, model in models.items():
                    for setting in SETTINGS[index % len(SETTINGS) :] + SETTINGS[: index % len(SETTINGS)]:
                        run = timed_child(engine, setting, model, source, args.timeout)
                        run |= {"engine": engine, "setting": setting, "condition": condition, "run": index}
                        print(json.dumps(run), flush=True)
                        runs.append(run)
    return runs


def summarise(runs: list[dict]) -> list[dict]:
    """Median seconds per engine, condition and setting, and the default's ratio to the best fixed one."""
    table = []
    for engine in dict.fromkeys(r["engine"] for r in runs):
        for condition in CONDITIONS:
            cell = {"engine": engine, "condition": condition, "median_s": {}, "load_1min": {}}
            for setting in SETTINGS:
                done = [
                    r
                    for r in runs
                    if (r["engine"], r["condition"], r["setting"]) == (engine, condition, setting)
                ]
                ok = [r["seconds"] for r in done if r["status"] == "ok"]
                cell["median_s"][setting] = round(statistics.median(ok), 2) if ok else None
                cell["load_1min"][setting] = [r.get("load_1min_end") for r in done]
            seconds = cell["median_s"]
            fixed = [seconds[k] for k in FIXED if seconds[k]]
            default, spinning = seconds["default"], seconds["all threads, spinning"]
            cell["default_vs_best_fixed"] = round(min(fixed) / default, 3) if fixed and default else None
            cell["default_vs_spinning"] = round(spinning / default, 3) if spinning and default else None
            table.append(cell)
    return table


def environment() -> dict:
    from summix import __version__
    from summix.threads import physical_cores, usable_cores

    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "python": platform.python_version(),
        "summix": __version__,
        "cpu": platform.processor() or platform.machine(),
        "cpu_flags": report.cpu_flags(),
        "usable_cores": usable_cores(),
        "physical_cores": physical_cores(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _times(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


def markdown(result: dict) -> str:
    env, table = result["environment"], result["summary"]
    lines = [
        "# Translation speed on an idle and a busy machine, per thread setting",
        "",
        f"Command: `{result['command']}`",
        "",
        f"{env['date']} · CPU flags {env['cpu_flags']} · {env['usable_cores']} usable cores"
        f" ({env['physical_cores']} physical) · load average at start {env['load_average_at_start']},"
        f" at end {result['load_average_at_end']} · summix {env['summix']}",
        "",
        f"opus-mt preset (RANDOM weights), {result['settings']['lines']} NTREX lines en->ru, greedy,"
        " batch 16, realistic output lengths; seconds of the translation alone (median of"
        f" {result['settings']['runs']} runs, each in a fresh process); busy = {result['settings']['busy']}"
        " busy-looping processes. Load = the 1-minute load average at the end of each run.",
        "",
        "| engine | condition | " + " | ".join(SETTINGS) + " | default vs best fixed | vs spinning | load |",
        "|---|---|" + "---|" * len(SETTINGS) + "---|---|---|",
    ]
    for cell in table:
        seconds = " | ".join(
            str(cell["median_s"][s] if cell["median_s"][s] is not None else "-") for s in SETTINGS
        )
        loads = sorted({x for values in cell["load_1min"].values() for x in values if x is not None})
        span = f"{loads[0]}-{loads[-1]}" if loads else "-"
        ratio, spinning = (_times(cell[k]) for k in ("default_vs_best_fixed", "default_vs_spinning"))
        lines.append(
            f"| {cell['engine']} | {cell['condition']} | {seconds} | {ratio} | {spinning} | {span} |"
        )
    lines += [
        "",
        "Ratios: seconds of the other setting / seconds of the default (> 1: the default is faster); best"
        " fixed = the faster of 1 thread and all threads. Targets: busy, the default at least 0.8x the best"
        " fixed setting; idle, at least 0.95x. A run past its time limit shows as -.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> dict | None:
    args = parse_args(argv)
    if args.child:
        child(*args.child)
        return None
    import tempfile

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out = Path(args.output or ROOT / "benchmarks" / "results" / f"{stamp}-cpu-load")
    env = environment()
    with tempfile.TemporaryDirectory(prefix="summix-load-") as work:
        models, source = prepare(args, Path(work))
        runs = measure(args, models, source)
    from summix.threads import usable_cores

    result = {
        "command": "python benchmarks/load_speed.py " + " ".join(argv),
        "environment": env,
        "settings": {"lines": args.lines, "runs": args.runs, "busy": args.busy or usable_cores()}
        | {
            "engines": args.engines,
            "models": {e: str(m) for e, m in models.items()},
            "timeout_s": args.timeout,
        },
        "runs": runs,
        "summary": summarise(runs),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    from summix.bench.report import write_results

    write_results(out, result, markdown(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
