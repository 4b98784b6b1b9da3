"""Compare every curated model's pins with the live Hugging Face hub (run it on a networked machine).

    python benchmarks/check_registry.py [--repo org/name ...]

For each repository in ``summix.registry.pins``, prints one line per finding:

- ``differs``: the pinned revision no longer resolves to the recorded commit, or a file, size or hash
  differs from what is recorded (``summix models pull`` would refuse it);
- ``newer``: main now publishes safetensors, or the hub's bot opened a conversion of main's current head;
- ``record``: a full commit, exact size, sha256 or blob id the hub publishes that the registry lacks.

Exit status: 0 nothing differs and nothing is newer; 1 something does; 2 the hub could not be reached
(one line; everything in summix but ``models pull`` works offline). ``HF_ENDPOINT`` selects the hub.
"""

from __future__ import annotations

import argparse
import sys

from summix.errors import SummixError
from summix.hubcheck import DIFFERS, NEWER, Finding, check
from summix.registry.pins import PINS


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print it; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", action="append", help="Only these repositories (org/name).")
    args = parser.parse_args(argv)
    pins = [p for p in PINS if not args.repo or p.repo_id in args.repo]
    findings: list[Finding] = []
    for pin in pins:
        try:
            found = check(pin)
        except SummixError as exc:
            if "cannot reach" in str(exc) or "HF_HUB_OFFLINE" in str(exc):
                print(f"check_registry: {exc}", file=sys.stderr)
                return 2
            found = [Finding(pin.repo_id, DIFFERS, str(exc))]
        for finding in found:
            print(finding)
        findings += found
        if not found:
            print(f"{pin.repo_id}: ok")
    return 1 if any(f.kind in (DIFFERS, NEWER) for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
