"""Truncated: the source ends a sentence, the output stops in the middle of one.

A model that runs out of tokens leaves its output cut off after a word or a comma. Human translators
end a sentence where the source does (NTREX-128: 0.2-0.5 % of references do not), so an output that
ends on a letter, digit, comma or dash after a source that ends on ``. ! ? …`` is flagged.
"""

from __future__ import annotations

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
    return Outcome(
        (Finding(KIND, f"the output stops mid-sentence (on {output_end!r}); the source ends one"),)
    )
