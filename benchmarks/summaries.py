"""Score the extractive summarizer against LEAD-k, TextRank and LexRank on human reference summaries.

    python benchmarks/summaries.py --summaries ../shared/eval/summaries/en_cnndm_dev.jsonl --lang en \\
        --sentences 3 --output benchmarks/results/DATE-cpu-summaries/en
    python benchmarks/summaries.py --help

``summix bench quality --summaries FILE --summary-lang LANG --method extractive [--sentences N | --words N]``
runs the same scoring. Both write ``quality.json`` and ``quality.md`` (with the exact command) into the
output folder.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

try:
    from summix.bench import quality, report
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from summix.bench import quality, report

from summix.errors import SummixError


def main(argv: list[str]) -> list[Path]:
    """Parse ``argv``, score the set, write the results; returns the files written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summaries", required=True, help='JSONL of {"document"|"text", "summary"} rows')
    parser.add_argument("--lang", required=True, choices=("en", "ru", "uz"), help="language of the documents")
    parser.add_argument("--sentences", type=int, help="sentences per summary [default: summix's length]")
    parser.add_argument("--words", type=int, help="word budget per summary")
    parser.add_argument("--limit", type=int, help="first N documents only")
    parser.add_argument("--output", required=True, help="folder for quality.json and quality.md")
    args = parser.parse_args(argv)
    options = quality.QualityOptions(
        sets=(),
        summaries=args.summaries,
        summary_lang=args.lang,
        method="extractive",
        summary_sentences=args.sentences,
        summary_words=args.words,
        limit=args.limit,
    )
    result = quality.run_quality(options, log=lambda line: print(line, file=sys.stderr))
    command = " ".join(shlex.quote(a) for a in ["python", "benchmarks/summaries.py", *argv])
    return report.write_quality(result, Path(args.output), command=command)


if __name__ == "__main__":
    try:
        for path in main(sys.argv[1:]):
            print(path)
    except SummixError as exc:
        sys.exit(f"summix: error: {exc}")
