"""Flags on human references, read by hand: how many point at a real difference between source and
reference, and so how many are false alarms.

A flagged reference is not always a false alarm: human translations leave out, add and change names
and numbers (NTREX's Uzbek and Russian are two translations of the English, and each has its own
slips). :func:`draw` picks flagged NTREX segments at random for a reader; the reader's verdicts live in
a TSV file (direction, line, verdict, note), and :func:`estimate` turns them into the share of flags
that are real, with a 95 % Wilson interval, and the false-alarm share that follows.

Verdicts: ``real`` when at least one flag of the segment points at something the reference really
lacks, adds or changes (a name or number left out, added or different, a sentence cut, a text in
another language); ``false`` when the reference says what the source says and every flag is wrong (a
name translated as ordinary words, a transliteration the keys miss, a unit converted).
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from summix.bench.checks import FalseAlarms, by_document, pairs_of
from summix.bench.datasets import ALL_DIRECTIONS, load_set, ntrex_document_ids
from summix.errors import InputError

VERDICTS = ("real", "false")
Z95 = 1.959964  # the normal quantile of a two-sided 95 % interval


@dataclass(frozen=True)
class Flagged:
    """One flagged NTREX segment: its direction, its line (1-based) and what the checks said."""

    direction: str
    line: int
    reasons: tuple[str, ...]
    source: str
    output: str


@dataclass(frozen=True)
class Estimate:
    """One direction: the flagged share of all segments, the hand-read flags still flagged, how many of
    them are real, and the false-alarm share that follows (with its 95 % interval)."""

    direction: str
    segments: int
    flagged: int
    read: int
    real: int
    real_low: float
    real_high: float

    @property
    def false_alarms(self) -> float:
        """The estimated share of all segments flagged for nothing: flagged share x share not real."""
        return self.flagged / self.segments * (1 - self.real / self.read) if self.read else math.nan

    @property
    def false_alarm_range(self) -> tuple[float, float]:
        """The 95 % interval of :attr:`false_alarms` (from the interval of the real share)."""
        share = self.flagged / self.segments
        return share * (1 - self.real_high), share * (1 - self.real_low)


def flagged(data: str | None) -> dict[str, list[Flagged]]:
    """Every flagged NTREX segment of every direction, each document checked as one text."""
    documents = ntrex_document_ids(data)
    found = {}
    for src, tgt in ALL_DIRECTIONS:
        sources, outputs = pairs_of(load_set("ntrex", src, tgt, data))
        results = by_document(sources, outputs, src, tgt, documents)
        found[f"{src}-{tgt}"] = [
            Flagged(
                f"{src}-{tgt}", i + 1, tuple(f"{f.kind}: {f.reason}" for f in r.findings), r.source, r.output
            )
            for i, r in enumerate(results)
            if r.flagged
        ]
    return found


def draw(
    found: dict[str, list[Flagged]], per_direction: int, seed: int, skip: Collection[tuple[str, int]] = ()
) -> list[Flagged]:
    """``per_direction`` flagged segments of each direction drawn at random (``seed``), in line order,
    none of those in ``skip`` (already read: drawing more is drawing on without putting back)."""
    drawn = []
    for direction, flags in found.items():
        rows = [row for row in flags if (direction, row.line) not in skip]
        picked = random.Random(f"{seed}-{direction}").sample(rows, min(per_direction, len(rows)))
        drawn += sorted(picked, key=lambda row: row.line)
    return drawn


def read_verdicts(path: Path) -> dict[tuple[str, int], str]:
    """The verdicts of a TSV file (direction, line, verdict, note; ``#`` lines are comments).

    Raises:
        InputError: a row without four cells or with a verdict other than real or false (named).
    """
    verdicts = {}
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not row.strip() or row.startswith("#"):
            continue
        cells = row.split("\t")
        if len(cells) != 4 or cells[2] not in VERDICTS or not cells[1].isdigit():
            raise InputError(f"{path}:{number}: expected direction, line, real|false and a note, got {row!r}")
        verdicts[(cells[0], int(cells[1]))] = cells[2]
    return verdicts


def estimate(alarms: Sequence[FalseAlarms], verdicts: dict[tuple[str, int], str]) -> list[Estimate]:
    """One :class:`Estimate` per direction of ``alarms`` from the verdicts of segments still flagged."""
    rows = []
    for row in alarms:
        direction = f"{row.src}-{row.tgt}"
        read = [verdicts[(direction, line)] for line in row.flagged_lines if (direction, line) in verdicts]
        real = read.count("real")
        low, high = wilson(real, len(read))
        rows.append(Estimate(direction, row.segments, row.flagged, len(read), real, low, high))
    return rows


def wilson(successes: int, trials: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of a share (Wilson 1927), (0, 1) for no trials."""
    if not trials:
        return 0.0, 1.0
    share = successes / trials
    middle = share + Z95**2 / (2 * trials)
    spread = Z95 * math.sqrt(share * (1 - share) / trials + Z95**2 / (4 * trials**2))
    scale = 1 + Z95**2 / trials
    return max(0.0, (middle - spread) / scale), min(1.0, (middle + spread) / scale)


def as_markdown(rows: Sequence[Estimate]) -> list[str]:
    """The estimates as a Markdown table, one line per direction."""
    out = [
        "| direction | flagged | read by hand | real differences | false alarms (estimate, 95 % interval) |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        low, high = row.false_alarm_range
        real = f"{row.real} of {row.read} ({100 * row.real / row.read:.0f} %)" if row.read else "–"
        out.append(
            f"| {row.direction} | {100 * row.flagged / row.segments:.1f} % | {row.read} | {real} | "
            f"{100 * row.false_alarms:.1f} % ({100 * low:.1f}-{100 * high:.1f} %) |"
        )
    return out
