"""Choosing units under a budget: best first, each section's best before any section's second, no repeats,
no dangling openers, and a default length that fits the document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summix.extractive.units import Unit

SHARE = 0.11  # default summary length: about a ninth of the document's words
MIN_DEFAULT_WORDS = 25  # about one news sentence: the least a default summary aims at
MAX_DEFAULT_WORDS = 300  # a long report still gets a summary one can read at once
REDUNDANCY = 0.5  # cosine above which a candidate repeats a chosen unit


@dataclass(frozen=True)
class Budget:
    """How much summary to choose: at most ``sentences`` units and at most ``words`` words (None: no limit).

    The first unit is always taken, even when it alone is over the word budget.
    """

    sentences: int | None = None
    words: int | None = None


def default_budget(document_words: int) -> Budget:
    """About 11% of the document's words, at least MIN_DEFAULT_WORDS and at most MAX_DEFAULT_WORDS."""
    return Budget(words=min(MAX_DEFAULT_WORDS, max(MIN_DEFAULT_WORDS, round(SHARE * document_words))))


def choose(units: list[Unit], scores: np.ndarray, vectors: np.ndarray, budget: Budget) -> list[int]:
    """Indices of the chosen units, in document order.

    Candidates are the selectable units (all units when there are none). The best-scoring candidate that
    repeats no chosen unit (cosine above REDUNDANCY) and does not dangle (opens with a connective or
    pronoun while the unit before it is not chosen) is taken, again and again, while it fits the budget:
    the summary ends when the best line left does not fit, rather than padding with weaker short ones.
    While some section with candidates has no unit yet, only such sections compete (a section whose best
    line does not fit is left out), so a long document's later sections are not crowded out by its
    first. When every candidate dangles, the best one is taken alone.
    """
    candidates = [i for i, unit in enumerate(units) if unit.selectable] or list(range(len(units)))
    order = sorted(candidates, key=lambda i: (-round(float(scores[i]), 12), i))
    state = _State(units, vectors, budget)
    covering = len({units[i].section for i in candidates}) > 1
    while True:
        pick = state.best(order, new_section=covering)
        if pick is None and covering:
            covering = False
            continue
        if pick is None and not state.chosen:
            pick = order[0]  # every candidate dangles: the best still beats an empty summary
        if pick is None:
            return sorted(state.chosen)
        state.take(pick)


class _State:
    """The units chosen so far and what they use of the budget."""

    def __init__(self, units: list[Unit], vectors: np.ndarray, budget: Budget) -> None:
        self.units, self.vectors, self.budget = units, vectors, budget
        self.chosen: set[int] = set()
        self.words = 0
        self.sections: set[int] = set()  # sections with a chosen unit, or whose best did not fit

    def best(self, order: list[int], new_section: bool) -> int | None:
        """The first unit of ``order`` that may be added now (in a section not yet used, if asked)."""
        if self.budget.sentences is not None and len(self.chosen) >= self.budget.sentences:
            return None
        for i in order:
            if i in self.chosen or (new_section and self.units[i].section in self.sections):
                continue
            if self._dangles(i) or self._repeats(i):
                continue
            if self._fits(i):
                return i
            if not new_section:
                return None  # the best line left is over budget: stop rather than pad with lesser ones
            self.sections.add(self.units[i].section)  # this section's best does not fit: leave it out
        return None

    def take(self, i: int) -> None:
        self.chosen.add(i)
        self.words += self.units[i].words
        self.sections.add(self.units[i].section)

    def _fits(self, i: int) -> bool:
        limit = self.budget.words
        return not self.chosen or limit is None or self.words + self.units[i].words <= limit

    def _dangles(self, i: int) -> bool:
        return bool(self.units[i].opener) and (i - 1) not in self.chosen

    def _repeats(self, i: int) -> bool:
        return any(float(self.vectors[i] @ self.vectors[j]) > REDUNDANCY for j in self.chosen)
