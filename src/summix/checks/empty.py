"""Empty: the source has words or numbers, the output none.

When this check flags a segment the other checks are not run on it: each would only say the same.
"""

from __future__ import annotations

from summix.checks.base import Finding, Outcome, Pair

KIND = "empty"


def has_content(text: str) -> bool:
    """True when ``text`` has a letter or a digit."""
    return any(ch.isalnum() for ch in text)


def run(pair: Pair) -> Outcome:
    """Flag an output without letters or digits for a source that has some."""
    if has_content(pair.output) or not has_content(pair.source):
        return Outcome()
    return Outcome((Finding(KIND, "the output is empty, the source is not"),))
