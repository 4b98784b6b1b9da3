"""Score a model's translations and summaries against human references.

    python benchmarks/quality.py --model nllb-600m --set ntrex udhr --directions en-uz uz-en
    python benchmarks/quality.py --help

The same as ``summix bench quality``; see ``summix.cli.bench`` for the options.
"""

import sys
from pathlib import Path

try:
    from summix.cli.bench import quality_main
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from summix.cli.bench import quality_main

from summix.errors import SummixError

if __name__ == "__main__":
    try:
        quality_main(sys.argv[1:])
    except SummixError as exc:
        sys.exit(f"summix: error: {exc}")
