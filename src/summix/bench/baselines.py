"""Baseline extractive summarizers for the summary benchmark, on summix's own units.

Every baseline picks whole units from :func:`summix.extractive.units.build_units` (the same sentence split
the summarizer uses, headings left out), so differences in score come from the choice of sentences, not
from the split. Implemented from the papers:

* ``lead``: the first k units (the news baseline: See et al. 2017 report LEAD-3 on CNN/Daily Mail).
* ``textrank``: Mihalcea & Tarau (2004): PageRank (damping 0.85) over the graph whose edge weight is the
  number of words two units share divided by ``log |S_i| + log |S_j|`` (|S| counts the unit's words).
  Words are lower-cased and stemmed as the summarizer stems them; stop words are kept, as in the paper
  (and as summa, the implementation the project's first figures used, does for Russian).
* ``lexrank``: Erkan & Radev (2004), LexRank with threshold: PageRank (damping 0.85) over the graph that
  links two units whose idf-weighted cosine is above 0.1, the threshold the paper found best.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from summix.extractive.scoring import pagerank
from summix.extractive.units import build_units
from summix.extractive.vectors import cosine_matrix, stem, terms, tfidf, words

LEXRANK_THRESHOLD = 0.1
BASELINES: tuple[str, ...] = ("lead", "textrank", "lexrank")


def units_of(paragraphs: list[str], lang: str) -> list[str]:
    """The candidate sentences of a document: summix's units, headings left out (all when only headings).

    Raises:
        LanguageError: ``lang`` is not one of en, ru, uz.
    """
    units = build_units(paragraphs, lang)
    return [u.text for u in units if u.kind != "heading"] or [u.text for u in units]


def pick(name: str, sentences: list[str], lang: str, k: int) -> list[str]:
    """The ``k`` sentences the baseline ``name`` chooses, in document order.

    Raises:
        ValueError: an unknown baseline name (the valid ones are in :data:`BASELINES`).
    """
    rankers: dict[str, Callable[[list[str], str], np.ndarray]] = {
        "lead": lambda s, _lang: -np.arange(len(s), dtype=float),
        "textrank": textrank_scores,
        "lexrank": lexrank_scores,
    }
    if name not in rankers:
        raise ValueError(f"unknown baseline {name!r}: choose from {', '.join(BASELINES)}")
    scores = rankers[name](sentences, lang)
    best = sorted(range(len(sentences)), key=lambda i: (-round(float(scores[i]), 12), i))[:k]
    return [sentences[i] for i in sorted(best)]


def textrank_scores(sentences: list[str], lang: str) -> np.ndarray:
    """TextRank centrality of each sentence (Mihalcea & Tarau 2004, section 4.1)."""
    tokens = [[stem(w, lang) for w in words(s.lower())] for s in sentences]
    bags = [set(t) for t in tokens]
    n = len(bags)
    weights = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(bags[i] & bags[j])
            norm = _log(len(tokens[i])) + _log(len(tokens[j]))
            if shared and norm > 0:
                weights[i, j] = weights[j, i] = shared / norm
    return pagerank(weights)


def _log(size: int) -> float:
    return math.log(size) if size > 0 else 0.0


def lexrank_scores(sentences: list[str], lang: str) -> np.ndarray:
    """LexRank-with-threshold centrality of each sentence (Erkan & Radev 2004, section 3.2)."""
    similarity = cosine_matrix(tfidf([terms(s, lang) for s in sentences]))
    return pagerank((similarity > LEXRANK_THRESHOLD).astype(float))
