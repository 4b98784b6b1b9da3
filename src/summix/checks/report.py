"""One line that says how many segments were flagged and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from summix.checks import CHECKS
from summix.checks.base import Finding


class HasFindings(Protocol):
    """Anything with findings: a :class:`~summix.checks.base.SegmentCheck` or a paragraph of a document."""

    @property
    def findings(self) -> tuple[Finding, ...]: ...


def summary_line(checks: Sequence[HasFindings], unit: str = "segments") -> str:
    """``"3 of 117 segments flagged: 2 numbers, 1 length"`` (``"0 of 117 segments flagged"`` when clean).

    Each kind counts the segments with at least one finding of that kind, most frequent first (ties in
    the order of ``CHECKS``).
    """
    kinds = Counter(kind for c in checks for kind in dict.fromkeys(f.kind for f in c.findings))
    flagged = sum(1 for c in checks if c.findings)
    line = f"{flagged} of {len(checks)} {unit} flagged"
    if not kinds:
        return line
    order = list(CHECKS)
    ranked = sorted(
        kinds.items(), key=lambda item: (-item[1], order.index(item[0]) if item[0] in order else 0)
    )
    return line + ": " + ", ".join(f"{count} {kind}" for kind, count in ranked)
