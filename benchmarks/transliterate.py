"""Uzbek Latin ⇄ Cyrillic transliteration: word error rate on the UDHR, a hard-word list, and speed.

Scores summix.translit against the two PyPI libraries that do the same, when they are importable
(benchmark-only cross-checks, not summix dependencies):

    pip install --target /tmp/summix-xcheck uztransliterator==2.0.2 alifbo==0.6.0
    PYTHONPATH=src:/tmp/summix-xcheck python benchmarks/transliterate.py

Word error rate: per aligned UDHR paragraph, the word-level edit distance between output and
reference (whitespace tokens, punctuation attached), summed and divided by the reference's words;
every apostrophe variant (ʻ ʼ ‘ ’ ' `) counts as one character. Writes results.json, results.md and
errors.md (every remaining summix error, both directions) under benchmarks/results/<date>-cpu-transliterate/.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import re
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from summix.translit import to_cyrillic, to_latin

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
DEFAULT_UDHR = DEFAULT_EVAL / "udhr"
HARD_WORDS = REPO / "benchmarks" / "data" / "uz_hard_words.tsv"
_APOSTROPHES = re.compile("[ʻʼ‘’'`]")

Convert = Callable[[str], str]


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--udhr", type=Path, default=DEFAULT_UDHR, help="folder with udhr.uzb*.txt")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder with tatoeba/ and ntrex/")
    parser.add_argument("--hard-words", type=Path, default=HARD_WORDS, help="Cyrillic<TAB>Latin list")
    parser.add_argument("--runs", type=int, default=5, help="timed repetitions of each direction")
    parser.add_argument("--out", type=Path, default=None, help="results folder (default: dated)")
    return parser.parse_args(argv)


def systems() -> tuple[dict[str, tuple[Convert, Convert]], dict[str, str]]:
    """(name -> (Cyrillic→Latin, Latin→Cyrillic)) for summix and each importable library; versions."""
    found: dict[str, tuple[Convert, Convert]] = {"summix": (to_latin, to_cyrillic)}
    versions = {"summix": _version("summix")}
    try:
        from UzTransliterator import UzTransliterator

        uzt = UzTransliterator()
        found["uztransliterator"] = (
            lambda t: uzt.transliterate(t, from_="cyr", to="lat"),
            lambda t: uzt.transliterate(t, from_="lat", to="cyr"),
        )
        versions["uztransliterator"] = _version("uztransliterator")
    except ImportError:
        print("uztransliterator is not installed: skipped (pip install uztransliterator==2.0.2)")
    try:
        import alifbo

        # alifbo writes the 2026 Latin alphabet; to_old_latin gives the 1995 one that the UDHR uses.
        found["alifbo"] = (
            lambda t: alifbo.to_old_latin(alifbo.from_cyrillic(t).text).text,
            lambda t: alifbo.to_cyrillic(t).text,
        )
        versions["alifbo"] = _version("alifbo")
    except ImportError:
        print("alifbo is not installed: skipped (pip install alifbo==0.6.0)")
    return found, versions


def _version(dist: str) -> str:
    """The installed version of a distribution, or "?"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def tokens(text: str) -> list[str]:
    """Whitespace tokens with every apostrophe variant folded to one."""
    return _APOSTROPHES.sub("'", text).split()


def edit_distance(hyp: list[str], ref: list[str]) -> int:
    """Word-level Levenshtein distance."""
    row = list(range(len(ref) + 1))
    for i, h in enumerate(hyp, 1):
        diagonal, row[0] = row[0], i
        for j, r in enumerate(ref, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (h != r))
    return row[-1]


def wer(outputs: list[str], references: list[str]) -> dict:
    """Word error rate of aligned lines, in percent, with its counts."""
    errors = sum(edit_distance(tokens(o), tokens(r)) for o, r in zip(outputs, references, strict=True))
    words = sum(len(tokens(r)) for r in references)
    return {"wer_percent": round(100 * errors / words, 3), "errors": errors, "words": words}


def differences(outputs: list[str], references: list[str]) -> list[tuple[int, str, str]]:
    """(line number, reference words, output words) for every differing stretch."""
    found = []
    for number, (out, ref) in enumerate(zip(outputs, references, strict=True), 1):
        hyp_tokens, ref_tokens = tokens(out), tokens(ref)
        matcher = difflib.SequenceMatcher(a=ref_tokens, b=hyp_tokens, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op != "equal":
                found.append((number, " ".join(ref_tokens[a0:a1]), " ".join(hyp_tokens[b0:b1])))
    return found


def timed(convert: Convert, lines: list[str], runs: int) -> dict:
    """Seconds to convert every line: the first (cold) call, then min and median of ``runs`` more."""
    start = time.perf_counter()
    for line in lines:
        convert(line)
    cold = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for line in lines:
            convert(line)
        times.append(time.perf_counter() - start)
    return {
        "cold_s": round(cold, 4),
        "min_s": round(min(times), 4),
        "median_s": round(statistics.median(times), 4),
    }


def hard_words(path: Path) -> list[tuple[str, str, str]]:
    """(Cyrillic, Latin, note) rows of the hard-word list."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cyrillic, latin, note = line.split("\t")
            rows.append((cyrillic, latin, note))
    return rows


def score_hard(convert: tuple[Convert, Convert], rows: list[tuple[str, str, str]]) -> dict:
    """Exact matches (apostrophes folded) on the hard words, both directions, with the misses."""
    to_lat, to_cyr = convert
    misses: dict[str, list[str]] = {"cyrl_to_latn": [], "latn_to_cyrl": []}
    for cyrillic, latin, _ in rows:
        if tokens(to_lat(cyrillic)) != tokens(latin):
            misses["cyrl_to_latn"].append(f"{cyrillic} → {to_lat(cyrillic)} (want {latin})")
        if tokens(to_cyr(latin)) != tokens(cyrillic):
            misses["latn_to_cyrl"].append(f"{latin} → {to_cyr(latin)} (want {cyrillic})")
    total = len(rows)
    return {
        "words": total,
        "cyrl_to_latn_correct": total - len(misses["cyrl_to_latn"]),
        "latn_to_cyrl_correct": total - len(misses["latn_to_cyrl"]),
        "misses": misses,
    }


def evaluate(
    name: str, convert: tuple[Convert, Convert], latin: list[str], cyrillic: list[str], runs: int
) -> dict:
    """UDHR word error rates and timings of one system, both directions."""
    to_lat, to_cyr = convert
    out_lat = [to_lat(line) for line in cyrillic]
    out_cyr = [to_cyr(line) for line in latin]
    return {
        "cyrl_to_latn": wer(out_lat, latin) | {"time": timed(to_lat, cyrillic, runs)},
        "latn_to_cyrl": wer(out_cyr, cyrillic) | {"time": timed(to_cyr, latin, runs)},
        "diff_cyrl_to_latn": differences(out_lat, latin) if name == "summix" else [],
        "diff_latn_to_cyrl": differences(out_cyr, cyrillic) if name == "summix" else [],
    }


def round_trips(eval_dir: Path) -> dict:
    """Held-out checks without a parallel reference: Tatoeba's Cyrillic Uzbek sentences through
    Latin and back, and NTREX's Latin Uzbek through Cyrillic and back (summix only)."""
    tatoeba = eval_dir / "tatoeba"
    cyrillic = [
        line
        for name in ("tatoeba.eng-uzb.cyrl.uzb.txt", "tatoeba.rus-uzb.cyrl.uzb.txt")
        for line in (tatoeba / name).read_text(encoding="utf-8").splitlines()
    ]
    cyrillic = list(dict.fromkeys(cyrillic))  # the two test sets share sentences
    latin = (eval_dir / "ntrex" / "ntrex.uzb.txt").read_text(encoding="utf-8").splitlines()
    back_cyr = [to_cyrillic(to_latin(line)) for line in cyrillic]
    back_lat = [to_latin(to_cyrillic(line)) for line in latin]
    return {
        "tatoeba_cyrl_latn_cyrl": wer(back_cyr, cyrillic) | {"lines": len(cyrillic)},
        "ntrex_latn_cyrl_latn": wer(back_lat, latin) | {"lines": len(latin)},
        "diff_tatoeba": differences(back_cyr, cyrillic),
        "diff_ntrex": differences(back_lat, latin),
    }


def environment() -> dict:
    """Date, CPU, flags, load and versions: enough to compare runs."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")), "?"
    )
    flags = sorted(set(re.findall(r"\b(avx2|avx512f|fma)\b", cpuinfo)))
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "cpu": model,
        "cpu_flags": flags,
        "logical_cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def markdown(result: dict) -> str:
    """The results as a short Markdown report."""
    env = result["environment"]
    lines = [
        "# Uzbek Latin ⇄ Cyrillic transliteration",
        "",
        f"Command: `{result['command']}`",
        "",
        f"{env['date']} · {env['cpu']} · flags {' '.join(env['cpu_flags']) or 'none'} · "
        f"{env['logical_cpus']} logical CPUs · python {env['python']} · versions {result['versions']}",
        f"1-min/5-min/15-min load average at start {env['load_average_start']}, "
        f"at end {env['load_average_end']}",
        "",
        f"UDHR ({result['udhr_lines']} aligned paragraphs, {result['udhr_words']} Latin words): "
        "word error rate, "
        "apostrophe variants counted as one; time to convert every paragraph (cold first call / min / "
        f"median of {result['runs']} more).",
        "",
        "| system | Cyrl→Latn WER | Latn→Cyrl WER | Cyrl→Latn s | Latn→Cyrl s "
        "| hard words Cyrl→Latn | hard words Latn→Cyrl |",
        "|---|---|---|---|---|---|---|",
        *_system_rows(result["systems"]),
        *_round_trip_rows(result["round_trips"]),
        "",
        "Hard-word misses:",
        "",
    ]
    for name, r in result["systems"].items():
        for direction, misses in r["hard_words"]["misses"].items():
            if misses:
                lines.append(f"- {name} {direction}: " + "; ".join(misses))
    return "\n".join(lines) + "\n"


def _system_rows(systems: dict) -> list[str]:
    """One table row per system: UDHR word error rates, timings, hard words."""
    lines = []
    for name, r in systems.items():
        c2l, l2c, hard = r["cyrl_to_latn"], r["latn_to_cyrl"], r["hard_words"]
        cells = [
            name,
            _wer(c2l),
            _wer(l2c),
            _t(c2l["time"]),
            _t(l2c["time"]),
            f"{hard['cyrl_to_latn_correct']}/{hard['words']}",
            f"{hard['latn_to_cyrl_correct']}/{hard['words']}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _round_trip_rows(trips: dict) -> list[str]:
    """The held-out round-trip table."""
    lines = [
        "",
        "Held-out round trips (summix; no parallel reference, so these show what the loanword list and "
        "rules cannot restore, plus noise in the sources; every difference is in errors.md):",
        "",
        "| text | lines | words | word error rate |",
        "|---|---|---|---|",
    ]
    for key, title in (
        ("tatoeba_cyrl_latn_cyrl", "Tatoeba Uzbek Cyrillic → Latin → Cyrillic"),
        ("ntrex_latn_cyrl_latn", "NTREX-128 Uzbek Latin → Cyrillic → Latin"),
    ):
        r = trips[key]
        lines.append(f"| {title} | {r['lines']} | {r['words']} | {_wer(r)} |")
    return lines


def _wer(r: dict) -> str:
    """Word error rate with its counts."""
    return f"{r['wer_percent']:.2f} % ({r['errors']}/{r['words']})"


def _t(t: dict) -> str:
    """cold / min / median seconds."""
    return f"{t['cold_s']:.3f} / {t['min_s']:.3f} / {t['median_s']:.3f}"


def errors_markdown(summix: dict, trips: dict) -> str:
    """Every remaining summix difference from the references, both directions, and in the round trips."""
    out = ["# summix transliteration: every remaining difference", ""]
    sections = (
        (summix, "diff_cyrl_to_latn", "UDHR Cyrillic → Latin"),
        (summix, "diff_latn_to_cyrl", "UDHR Latin → Cyrillic"),
        (trips, "diff_tatoeba", "Tatoeba Cyrillic → Latin → Cyrillic"),
        (trips, "diff_ntrex", "NTREX Latin → Cyrillic → Latin"),
    )
    for source, key, title in sections:
        out += [f"## {title}", "", "| line | reference | summix |", "|---|---|---|"]
        out += [f"| {n} | {ref} | {hyp} |" for n, ref, hyp in source[key]]
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> dict:
    """Run the benchmark and write its results."""
    args = parse_args(argv)
    latin = (args.udhr / "udhr.uzb.txt").read_text(encoding="utf-8").splitlines()
    cyrillic = (args.udhr / "udhr.uzb_cyrl.txt").read_text(encoding="utf-8").splitlines()
    env = environment()
    found, versions = systems()
    rows = hard_words(args.hard_words)
    results = {}
    for name, convert in found.items():
        results[name] = evaluate(name, convert, latin, cyrillic, args.runs)
        results[name]["hard_words"] = score_hard(convert, rows)
    trips = round_trips(args.eval)
    env["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result = {
        "command": "PYTHONPATH=src:/tmp/summix-xcheck python "
        + shlex.join(["benchmarks/transliterate.py", *argv]),
        "environment": env,
        "versions": versions,
        "runs": args.runs,
        "udhr_lines": len(latin),
        "udhr_words": sum(len(tokens(line)) for line in latin),
        "systems": results,
        "round_trips": trips,
    }
    out = args.out or REPO / "benchmarks" / "results" / f"{datetime.now():%Y-%m-%d}-cpu-transliterate"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (out / "results.md").write_text(markdown(result), encoding="utf-8")
    (out / "errors.md").write_text(errors_markdown(results["summix"], trips), encoding="utf-8")
    print(markdown(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
