"""Truncated: the source ends a sentence, the output stops in the middle of one.

A model that runs out of tokens leaves its output cut off after a word or a comma. Human translators
end a sentence where the source does (NTREX-128: 0.2-0.5 % of references do not), so an output that
ends on a comma or dash after a source that ends on ``. ! ? …`` is flagged, and so is one that ends on
a letter or digit when it is also shorter than human translations of the source usually are: one of
the usual length has only left out its full stop.
"""

from __future__ import annotations

from summix.checks import length
from summix.checks.base import Finding, Outcome, Pair

KIND = "truncated"
_CLOSERS = "\"'»”’)]} \u00a0"
_SENTENCE_ENDS = ".!?…"
_CUT_ENDS = ",-–—"


def run(pair: Pair) -> Outcome:
    """Flag an output that stops mid-sentence where the source ends one."""
    source_end = pair.source.rstrip(_CLOSERS)[-1:]
    output_end = pair.output.rstrip()[-1:]
    if source_end not in tuple(_SENTENCE_ENDS) or not output_end:
        return Outcome()
    if not (output_end.isalnum() or output_end in _CUT_ENDS):
        return Outcome()
    if output_end.isalnum() and not _short(pair):
        return Outcome()  # a translation of the usual length that only lacks its full stop
    return Outcome(
        (Finding(KIND, f"the output stops mid-sentence (on {output_end!r}); the source ends one"),)
    )


def _short(pair: Pair) -> bool:
    """True when the output is shorter than human translations of the source usually are (below the
    mean of :mod:`summix.checks.length`), or when there is no length model for the pair."""
    measured = length.measure(pair)
    return measured is None or measured[2] < 0
