"""Language: the output is written in the language asked for.

The language is read by :func:`summix.text.detect_language`; an output with fewer than ``MIN_LETTERS``
letters (a name, a number, a two-word title) is not judged, because no detector reads so little
reliably. The script of the output is measured too (Uzbek may be written in Latin or Cyrillic).
"""

from __future__ import annotations

from summix.checks.base import Finding, Outcome, Pair, letters
from summix.languages import NAMES
from summix.text import detect_language, uzbek_script

KIND = "language"
MIN_LETTERS = 20


def run(pair: Pair) -> Outcome:
    """Flag an output that reads as another language than ``pair.tgt``."""
    if letters(pair.output) < MIN_LETTERS:
        return Outcome((), {"detected": None, "script": None})
    detected = detect_language(pair.output)
    values = {"detected": detected, "script": uzbek_script(pair.output)}
    if detected == pair.tgt:
        return Outcome((), values)
    reason = f"the output reads as {NAMES[detected]}, not {NAMES[pair.tgt]}"
    return Outcome((Finding(KIND, reason, (detected,)),), values)
