"""Summaries: every number and name a summary states should come from its source.

A summary leaves most of the source out, so nothing is required of it; what it does say is checked.
Precision is the share of the summary's numbers (and names) found in the source; below 1 is a finding.
The summary may be in another language than the source (cross-lingual summaries).
"""

from __future__ import annotations

from summix.checks.base import Finding, Outcome, Pair, SegmentCheck, quoted
from summix.checks.casing import casing
from summix.checks.names import names, required, unmatched
from summix.checks.numbers import mentions
from summix.checks.numbers import unmatched as unmatched_numbers
from summix.languages import model_language


def check_summary(source: str, summary: str, src: str, tgt: str | None = None) -> SegmentCheck:
    """Check that the numbers and names of ``summary`` (in ``tgt``, default ``src``) are in ``source``.

    ``values["numbers"]`` and ``values["names"]`` hold the summary's items, those not in the source, and
    the precision (None when the summary has none).

    Raises:
        LanguageError: ``src`` or ``tgt`` is not en, ru or uz.
    """
    pair = Pair(source, summary, model_language(src), model_language(tgt or src))
    outcomes = {"numbers": _numbers(pair), "names": _names(pair)}
    findings = tuple(f for outcome in outcomes.values() for f in outcome.findings)
    values = {kind: outcome.values for kind, outcome in outcomes.items()}
    return SegmentCheck(pair.source, pair.output, pair.src, pair.tgt, findings, values)


def _numbers(pair: Pair) -> Outcome:
    """The summary's numbers that the source does not have."""
    stated = [m for m in mentions(pair.output, pair.tgt) if m.required]
    unsupported = unmatched_numbers(stated, mentions(pair.source, pair.src))
    return _precision("numbers", [m.text for m in stated], unsupported)


def _names(pair: Pair) -> Outcome:
    """The summary's required names (common words and titles aside) that no word of the source matches."""
    stated = required(names(pair.output, pair.tgt, casing([pair.output], pair.tgt)))
    unsupported = [n.text for n in unmatched(stated, pair.source, pair.src)]
    return _precision("names", [n.text for n in stated], unsupported)


def _precision(kind: str, stated: list[str], unsupported: list[str]) -> Outcome:
    """An outcome with the precision of ``stated`` items and a finding when some are ``unsupported``."""
    precision = 1 - len(unsupported) / len(stated) if stated else None
    values = {"summary": stated, "unsupported": unsupported, "precision": precision}
    if not unsupported:
        return Outcome((), values)
    reason = f"the summary states {quoted(unsupported)}, not in the source ({kind} precision {precision:.2f})"
    return Outcome((Finding(kind, reason, tuple(unsupported)),), values)
