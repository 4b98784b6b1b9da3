"""Measure the checks of ``summix.checks`` on human translations, or fit their length model.

    python benchmarks/checks.py run [--data ../shared/eval] [--output DIR] [--limit N] [--seed 0]
                                    [--whole-file]
    python benchmarks/checks.py fit-length [--data ../shared/eval]
    python benchmarks/checks.py draw [--per-direction 20] [--seed 1]

``run`` writes results.json and results.md under ``--output`` (default
benchmarks/results/<date>-cpu-checks/): false alarms on NTREX-128 (all six directions among en, ru, uz;
each of the 123 documents checked as one text, or the whole set as one with ``--whole-file``) and on the
held-out UDHR and Tatoeba sets (each set one text), detection of broken NTREX references (each broken
segment checked in its otherwise intact document), and the time to check 1,997 lines. ``fit-length``
fits the length model on NTREX references and rewrites src/summix/checks/length.json with this command
in it. ``draw`` prints flagged NTREX segments drawn at random, none of those already read, for a reader
to judge; the verdicts live in benchmarks/data/ntrex-flags-read.tsv, and ``run`` turns them into the
share of flags that point at a real difference and the false-alarm share that follows.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

try:
    from summix.bench import checks as bench
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from summix.bench import checks as bench

from summix.bench import byhand
from summix.bench.datasets import ALL_DIRECTIONS, load_set, ntrex_document_ids
from summix.bench.report import write_json, write_text
from summix.checks import length
from summix.errors import SummixError

ROOT = Path(__file__).resolve().parents[1]
READ = ROOT / "benchmarks" / "data" / "ntrex-flags-read.tsv"  # verdicts on flagged references, by hand


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/checks.py", description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("run", "fit-length", "draw"))
    parser.add_argument("--data", help="the eval folder (default: ../shared/eval beside the repository)")
    parser.add_argument("--output", type=Path, help="results folder (run only)")
    parser.add_argument("--limit", type=int, help="NTREX lines per direction for detection (default all)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corruptions, or of the draw")
    parser.add_argument("--per-direction", type=int, default=20, help="segments to draw per direction")
    parser.add_argument(
        "--whole-file",
        action="store_true",
        help="check NTREX as one text of 1,997 lines, not document by document (run only)",
    )
    return parser.parse_args(argv)


def fit_length(data: str | None) -> Path:
    """Fit the length model of every direction on NTREX references and rewrite length.json."""
    fitted = {}
    for src, tgt in ALL_DIRECTIONS:
        test = load_set("ntrex", src, tgt, data)
        fitted[f"{src}-{tgt}"] = length.fit(test.sources, [refs[0] for refs in test.references])
    source = "NTREX-128 references (newstest2019), 1,997 lines per direction"
    text = length.as_json(fitted, "python benchmarks/checks.py fit-length", source)
    return write_text(length.PARAMETERS, text)


def draw(args: argparse.Namespace) -> None:
    """Print flagged NTREX segments drawn at random, none of those already read, for a reader."""
    read = byhand.read_verdicts(READ) if READ.exists() else {}
    for row in byhand.draw(byhand.flagged(args.data), args.per_direction, args.seed, skip=read):
        print(f"### {row.direction}\t{row.line}")
        print("\n".join(f"  flag: {reason}" for reason in row.reasons))
        print(f"  source: {row.source}\n  output: {row.output}")


def run(args: argparse.Namespace, command: str) -> list[Path]:
    """Measure false alarms, detection and speed; write results.json and results.md."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    timing = bench.speed("en", "ru", args.data)
    documents = None if args.whole_file else ntrex_document_ids(args.data)
    ntrex = [
        bench.false_alarms(load_set("ntrex", s, t, args.data), documents=documents) for s, t in ALL_DIRECTIONS
    ]
    held = bench.held_out(args.data)
    read = byhand.estimate(ntrex, byhand.read_verdicts(READ))
    found = [
        row
        for src, tgt in ALL_DIRECTIONS
        for row in bench.detection(bench.samples(src, tgt, args.data, args.limit), args.seed, args.whole_file)
    ]
    environment = _environment(load_before, time.perf_counter() - started)
    folder = args.output or Path("benchmarks/results") / f"{time.strftime('%Y-%m-%d')}-cpu-checks"
    data = {"command": command, "environment": environment, "speed": timing,
            "false_alarms": bench.as_dict(ntrex), "held_out": bench.as_dict(held),
            "read_by_hand": [{**asdict(r), "false_alarms": r.false_alarms} for r in read],
            "detection": bench.as_dict(found)}  # fmt: skip
    header = _header(command, environment, timing)
    return [
        write_json(folder / "results.json", data),
        write_text(folder / "results.md", header + bench.markdown(ntrex, held, found) + _by_hand(read)),
    ]


def _by_hand(read: list[byhand.Estimate]) -> str:
    """The section of results.md on the flags read by hand."""
    lines = [
        "",
        "## Flagged NTREX references read by hand",
        "",
        "A flag on a human reference is a false alarm only when the reference says what the source "
        "says: human translations leave out, add and change names and numbers too. Flagged segments "
        f"drawn at random were read (`{READ.relative_to(ROOT)}`, drawn by "
        "`python benchmarks/checks.py draw`); *real* means the reference really lacks, adds or changes "
        "what a flag names. The false-alarm estimate is the flagged share times the share not real, its "
        "interval from the 95 % Wilson interval of that share; only segments the checks still flag count.",
        "",
        *byhand.as_markdown(read),
    ]
    return "\n".join(lines) + "\n"


def _environment(load_before: tuple[float, float, float], wall: float) -> dict[str, object]:
    """The CPU, its flags, the load before and after, and the wall time of the run."""
    flags = sorted(set(re.findall(r"\b(avx2|avx512f|fma)\b", Path("/proc/cpuinfo").read_text())))
    return {"cpu": platform.processor() or platform.machine(), "cpu_flags": flags, "cores": os.cpu_count(),
            "load_before": load_before, "load_after": os.getloadavg(), "wall_s": round(wall, 1),
            "python": platform.python_version()}  # fmt: skip


def _header(command: str, environment: dict[str, object], timing: dict[str, object]) -> str:
    """The top of results.md: what was run, where, and the speed figure with its load."""
    load = (
        f"load average before {environment['load_before'][0]:.2f}, after {environment['load_after'][0]:.2f}"
    )
    first, per_second = timing["first_wall_s"], timing["lines_per_cpu_s"]
    speed = (
        f"{timing['lines']} NTREX lines {timing['direction']} checked in {timing['best_cpu_s']} s "
        f"of CPU time, {timing['best_wall_s']} s wall (best of 3, after a first call of {first} s wall "
        f"that builds the tables): {per_second} lines per CPU second"
    )
    flags = ", ".join(environment["cpu_flags"]) or "none of avx2/avx512f/fma"
    return (
        "# Checks without model weights: false alarms, detection, speed\n\n"
        f"Command: `{command}` ({environment['wall_s']} s wall).  \n"
        f"CPU flags: {flags}; {environment['cores']} cores; {load}.  \n"
        f"Speed: {speed}.\n\n"
    )


def main(argv: list[str]) -> None:
    args = _arguments(argv)
    command = "python benchmarks/checks.py " + " ".join(argv)
    if args.what == "draw":
        draw(args)
        return
    paths = [fit_length(args.data)] if args.what == "fit-length" else run(args, command)
    for path in paths:
        print(path)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SummixError as exc:
        sys.exit(f"summix: error: {exc}")
