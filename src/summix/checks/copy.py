"""Copy: the output is (mostly) the source left untranslated.

Names and numbers are rightly copied, so only ordinary words count: lower-case words of letters. The
output is a copy when at least ``MIN_WORDS`` of its ordinary words are there and ``SHARE`` of them or
more stand in the source as well.
"""

from __future__ import annotations

from summix.checks.base import Finding, Outcome, Pair, fold, words

KIND = "copy"
SHARE = 0.8
MIN_WORDS = 3


def ordinary_words(text: str) -> list[str]:
    """The folded lower-case words of letters in ``text`` (names and numbers left out)."""
    return [fold(w) for w in words(text) if w.islower() and not any(ch.isdigit() for ch in w)]


def run(pair: Pair) -> Outcome:
    """Flag an output whose ordinary words are mostly the source's own."""
    output = ordinary_words(pair.output)
    source = set(ordinary_words(pair.source))
    shared = sum(1 for w in output if w in source)
    share = shared / len(output) if output else 0.0
    values = {"shared_words": round(share, 3)}
    if len(output) < MIN_WORDS or share < SHARE or pair.src == pair.tgt:
        return Outcome((), values)
    reason = f"{shared} of the output's {len(output)} words are the source's own: it looks untranslated"
    return Outcome((Finding(KIND, reason),), values)
