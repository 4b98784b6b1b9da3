"""Repetition: the output runs in a loop ("poor, poor, poor", "the end of the end of the end of").

The longest run of one word sequence (of 1 to ``MAX_N`` words) repeated back to back is counted on
both sides; the output is flagged when a sequence repeats ``MIN_REPEATS`` times or more and more often
than anything in the source does (a source that says "ha ha ha" may be translated "ха ха ха").
"""

from __future__ import annotations

from summix.checks.base import Finding, Outcome, Pair, fold, words

KIND = "repetition"
MAX_N = 6
MIN_REPEATS = 3


def longest_loop(text: str) -> tuple[int, str]:
    """(how many times, which words) for the word sequence ``text`` repeats most often back to back."""
    tokens = [fold(w) for w in words(text)]
    best = (1, "")
    for n in range(1, MAX_N + 1):
        start = 0
        while start < len(tokens) - 2 * n + 1:
            if tokens[start] != tokens[start + n]:
                start += 1  # cheap test first: most positions start no repeat
                continue
            count = _repeats(tokens, start, n)
            if count > best[0]:
                best = (count, " ".join(tokens[start : start + n]))
            # A start inside this loop repeats no more often than the loop itself: measuring each would make
            # a long loop quadratic.
            start += (count - 1) * n + 1
    return best


def _repeats(tokens: list[str], start: int, n: int) -> int:
    """How many times ``tokens[start:start+n]`` stands back to back from ``start`` on."""
    unit = tokens[start : start + n]
    count = 1
    while tokens[start + count * n : start + (count + 1) * n] == unit:
        count += 1
    return count


def run(pair: Pair) -> Outcome:
    """Flag an output that repeats a word sequence ``MIN_REPEATS`` times or more, beyond the source."""
    count, loop = longest_loop(pair.output)
    in_source, _ = longest_loop(pair.source)
    values = {"repeats": count, "source_repeats": in_source}
    if count < MIN_REPEATS or count <= in_source:
        return Outcome((), values)
    reason = f'the output repeats "{loop}" {count} times in a row'
    return Outcome((Finding(KIND, reason, (loop,)),), values)
