"""Measure language detection on real text: confusion matrices before and after the short-text model.

    python benchmarks/langid.py --output benchmarks/results/DATE-cpu-langid
    python benchmarks/langid.py --data ../shared/eval          # print the tables only

"before" is ``summix.text.detect_language(text, short_text_model=False)`` (word and letter statistics
alone), "after" the default, where texts under ``SHORT_TEXT`` characters go to py3langid. Each line of
NTREX-128 (sentences), the UDHR (paragraphs) and Tatoeba (short sentences) is one text; repeated lines
within a set are counted once. NTREX is also scored as 123 whole documents (``ntrex.docids.tsv``).
Writes ``langid.json`` and ``results.md`` (with this command, the CPU flags and the load) when
``--output`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from itertools import groupby
from pathlib import Path

try:
    from summix import text as textmod
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from summix import text as textmod

GOLD = ("en", "ru", "uz-latn", "uz-cyrl")
PREDICTED = ("en", "ru", "uz")
# (set, gold class, files under the data folder)
SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ntrex", "en", ("ntrex/ntrex.eng.txt",)),
    ("ntrex", "ru", ("ntrex/ntrex.rus.txt",)),
    ("ntrex", "uz-latn", ("ntrex/ntrex.uzb.txt",)),
    ("udhr", "en", ("udhr/udhr.eng.txt",)),
    ("udhr", "ru", ("udhr/udhr.rus.txt",)),
    ("udhr", "uz-latn", ("udhr/udhr.uzb.txt",)),
    ("udhr", "uz-cyrl", ("udhr/udhr.uzb_cyrl.txt",)),
    ("tatoeba", "en", ("tatoeba/tatoeba.eng-uzb.latn.eng.txt", "tatoeba/tatoeba.eng-uzb.cyrl.eng.txt")),
    ("tatoeba", "ru", ("tatoeba/tatoeba.rus-uzb.latn.rus.txt", "tatoeba/tatoeba.rus-uzb.cyrl.rus.txt")),
    ("tatoeba", "uz-latn", ("tatoeba/tatoeba.eng-uzb.latn.uzb.txt", "tatoeba/tatoeba.rus-uzb.latn.uzb.txt")),
    ("tatoeba", "uz-cyrl", ("tatoeba/tatoeba.eng-uzb.cyrl.uzb.txt", "tatoeba/tatoeba.rus-uzb.cyrl.uzb.txt")),
)
METHODS: dict[str, Callable[[str], str]] = {
    "before": lambda text: textmod.detect_language(text, short_text_model=False),
    "after": textmod.detect_language,
}


@dataclass(frozen=True)
class Score:
    """One method on one set: a confusion matrix (gold class -> predicted language -> count)."""

    set: str
    method: str
    matrix: dict[str, dict[str, int]]
    seconds: float

    @property
    def right(self) -> int:
        return sum(row.get(gold[:2], 0) for gold, row in self.matrix.items())

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.matrix.values())


def load_texts(data: Path) -> dict[str, list[tuple[str, str]]]:
    """Each set's (gold class, text) pairs, each distinct non-blank line once per gold class."""
    sets: dict[str, list[tuple[str, str]]] = {}
    for name, gold, files in SOURCES:
        lines = [line.strip() for f in files for line in (data / f).read_text("utf-8").splitlines()]
        sets.setdefault(name, []).extend((gold, line) for line in dict.fromkeys(lines) if line)
    sets["ntrex-docs"] = _ntrex_documents(data)
    return sets


def _ntrex_documents(data: Path) -> list[tuple[str, str]]:
    """NTREX rebuilt into whole documents (consecutive lines with one document id), in each language."""
    ids = (data / "ntrex" / "ntrex.docids.tsv").read_text("utf-8").splitlines()
    documents = []
    for gold, code in (("en", "eng"), ("ru", "rus"), ("uz-latn", "uzb")):
        lines = (data / "ntrex" / f"ntrex.{code}.txt").read_text("utf-8").splitlines()
        for _, group in groupby(zip(ids, lines, strict=True), key=lambda pair: pair[0]):
            documents.append((gold, " ".join(line for _, line in group)))
    return documents


def score(name: str, texts: list[tuple[str, str]], method: str) -> Score:
    """Run one method over a set's texts and count (gold, predicted) pairs."""
    detect = METHODS[method]
    matrix = {gold: dict.fromkeys(PREDICTED, 0) for gold in GOLD if any(g == gold for g, _ in texts)}
    start = time.perf_counter()
    for gold, text in texts:
        matrix[gold][detect(text)] += 1
    return Score(name, method, matrix, time.perf_counter() - start)


def machine() -> dict[str, str]:
    """CPU flags and load, as every timing here must state them."""
    flags = sorted(set(re.findall(r"\b(avx2|avx512f|fma)\b", Path("/proc/cpuinfo").read_text())))
    return {
        "cpu_flags": " ".join(flags) or "none of avx2/avx512f/fma",
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "py3langid": _version("py3langid"),
    }


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def markdown(scores: list[Score], command: str, info: dict[str, str]) -> str:
    """The results as a Markdown report: a summary table, then each confusion matrix."""
    lines = [
        "# Language detection before and after the short-text model",
        "",
        f"Command: `{command}` ({date.today().isoformat()})",
        "",
        f"CPU flags: {info['cpu_flags']} · load average: {info['load_average']} · "
        f"py3langid {info['py3langid']} (model loaded once in {info['model_load_seconds']} s, "
        "not timed below) · "
        f"short text: under {textmod.SHORT_TEXT} characters",
        "",
        "Each distinct non-blank line of a file is one text (Tatoeba repeats sources); `ntrex-docs` are the "
        "123 NTREX documents in each language. before: `detect_language(text, short_text_model=False)`; "
        "after: `detect_language(text)`. Seconds are for the whole set, one process, same run.",
        "",
        "| set | texts | before right | after right | before s | after s |",
        "|---|---|---|---|---|---|",
    ]
    by_set = {(s.set, s.method): s for s in scores}
    for name in dict.fromkeys(s.set for s in scores):
        before, after = by_set[name, "before"], by_set[name, "after"]
        lines.append(
            f"| {name} | {before.total} | {_share(before)} | {_share(after)} "
            f"| {before.seconds:.3f} | {after.seconds:.3f} |"
        )
    lines += ["", "Rows: the true language (and script); columns: the detected language.", ""]
    for s in scores:
        lines += [f"## {s.set}, {s.method}", "", "| true \\ detected | " + " | ".join(PREDICTED) + " |"]
        lines.append("|---|" + "---|" * len(PREDICTED))
        lines += [
            f"| {g} | " + " | ".join(str(row[p]) for p in PREDICTED) + " |" for g, row in s.matrix.items()
        ]
        lines.append("")
    return "\n".join(lines)


def _share(s: Score) -> str:
    return f"{s.right}/{s.total} ({100 * s.right / s.total:.1f} %)"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "eval"
    parser.add_argument("--data", type=Path, default=default, help=f"evaluation folder (default {default})")
    parser.add_argument("--output", type=Path, help="write langid.json and results.md here")
    args = parser.parse_args(argv)
    if not (args.data / "ntrex").is_dir():
        sys.exit(f"langid: no evaluation data in {args.data}: pass --data DIR (with ntrex/, udhr/, tatoeba/)")
    start = time.perf_counter()
    textmod.detect_language("Load the short-text model before timing.")
    load_seconds = time.perf_counter() - start
    sets = load_texts(args.data)
    scores = [score(name, texts, method) for name, texts in sets.items() for method in METHODS]
    command = " ".join(["python", "benchmarks/langid.py", *argv])
    info = {**machine(), "model_load_seconds": f"{load_seconds:.2f}"}
    report = markdown(scores, command, info)
    print(report)
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
        payload = {"command": command, "machine": info, "scores": [asdict(s) for s in scores]}
        (args.output / "langid.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        (args.output / "results.md").write_text(report + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
