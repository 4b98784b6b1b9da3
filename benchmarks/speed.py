"""Measure speed and memory over device x dtype x backend x batch x beams.

    python benchmarks/speed.py --preset opus-mt --device cpu --batch 1 16 --beams 1 4
    python benchmarks/speed.py --preset nllb-600m opus-mt --device cuda --dtype bfloat16 float16 float32
    python benchmarks/speed.py --end-to-end --preset opus-mt nllb-600m mt5-base
    python benchmarks/speed.py --help

The same as ``summix bench speed``; see ``summix.cli.bench`` for the options.
"""

import sys
from pathlib import Path

try:
    from summix.cli.bench import speed_main
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from summix.cli.bench import speed_main

from summix.errors import SummixError

if __name__ == "__main__":
    try:
        speed_main(sys.argv[1:])
    except SummixError as exc:
        sys.exit(f"summix: error: {exc}")
