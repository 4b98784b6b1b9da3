"""How central each unit is: position-aware directed centrality (PacSum) averaged with LexRank.

Units are nodes; an edge is the cosine similarity of two units' TF-IDF vectors. Two centralities are
computed on that graph and each is scaled to [0, 1]:

* PacSum (Zheng & Lapata 2019): ``LAMBDA_LATER`` times the summed edges to units after a unit plus
  ``LAMBDA_EARLIER`` times the summed edges to units before it. News states its point first and elaborates
  after, so a unit that later units echo is central and one that only echoes earlier units is not; the
  paper found the best weights on news with earlier edges counting *against* a unit (lambda_1 = -2,
  lambda_2 = 1). Its edge threshold is left at the smallest similarity (beta = 0): TF-IDF vectors of
  sentences share few terms, and a higher threshold leaves most units without any edge.
* Continuous LexRank (Erkan & Radev 2004): PageRank over the same graph, blind to position, which finds
  the central unit where the first one is a teaser or a caption.

The score is their mean, raised by up to double for units that share the words of their section's
heading (Edmundson 1969's title method: a heading names what its section is about), multiplied by a
length factor that stops long units winning on their many shared
terms (LexRank's known length bias) and by a mild bonus for units that carry numbers, amounts or names
(Edmundson 1969; named entities are what human news summaries keep most often, Nenkova 2008).
"""

from __future__ import annotations

import re

import numpy as np

from summix.extractive.units import Unit
from summix.extractive.vectors import TOKEN, cosine_matrix

LAMBDA_EARLIER = -2.0  # edges to earlier units count against (PacSum's lambda_1)
LAMBDA_LATER = 1.0  # edges to later units count for (PacSum's lambda_2)
DAMPING = 0.85  # PageRank's damping factor, as in LexRank and TextRank
BLOCK = 800  # units per similarity block: memory grows with the text, not with its square
LONG_WORDS = 40  # a unit over this many words is scored as if shared terms were spread over its length
SALIENCE = 0.2  # the most a unit's numbers and names raise its score
SALIENT_ITEMS = 3  # numbers and names that earn the whole bonus

_NUMBER = re.compile(r"\d")


def centrality(vectors: np.ndarray) -> np.ndarray:
    """Mean of scaled PacSum and LexRank centrality of each row of ``vectors`` (L2-normalised TF-IDF).

    A long document is cut into consecutive blocks of :data:`BLOCK` units and each block is a graph of its
    own, so the work and memory stay linear in the length of the text.
    """
    scores = np.zeros(len(vectors))
    for start in range(0, len(vectors), BLOCK):
        similarity = np.maximum(cosine_matrix(vectors[start : start + BLOCK]).astype(np.float64), 0.0)
        scores[start : start + BLOCK] = (_scaled(directed(similarity)) + _scaled(pagerank(similarity))) / 2
    return scores


def directed(similarity: np.ndarray) -> np.ndarray:
    """PacSum centrality: weighted sums of the edges to later and to earlier units."""
    later = np.triu(similarity, k=1)
    return LAMBDA_LATER * later.sum(axis=1) + LAMBDA_EARLIER * later.sum(axis=0)


def pagerank(weights: np.ndarray, tolerance: float = 1e-8, max_steps: int = 200) -> np.ndarray:
    """PageRank of a weighted undirected graph (no self-loops) by power iteration.

    A node with no edge spreads its rank evenly over all nodes, as in standard PageRank.
    """
    n = len(weights)
    if n == 0:
        return np.zeros(0)
    degree = weights.sum(axis=1)
    linked = degree > 0
    transition = np.where(linked[:, None], weights / np.where(linked, degree, 1.0)[:, None], 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_steps):
        updated = (1.0 - DAMPING) / n + DAMPING * (transition.T @ rank)
        if np.abs(updated - rank).sum() < tolerance:
            return updated
        rank = updated
    return rank


def _scaled(values: np.ndarray) -> np.ndarray:
    """``values`` mapped linearly onto [0, 1] (all ones when they are all equal)."""
    if len(values) == 0:
        return values
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.ones(len(values))


def unit_scores(units: list[Unit], vectors: np.ndarray, graph: list[int]) -> np.ndarray:
    """Scores in [0, 2.4] for every unit; units outside ``graph`` (headings) score 0.

    ``graph`` lists the units that form the similarity graph, in document order. Each section (the text
    between two headings) is a graph of its own: a section of a long review has its own lead and its own
    main point, which a whole-document graph would judge by how much it repeats the sections before it.
    """
    scores = np.zeros(len(units))
    sections: dict[int, list[int]] = {}
    for i in graph:
        sections.setdefault(units[i].section, []).append(i)
    headings = _heading_vectors(units, vectors)
    for section, members in sections.items():
        central = centrality(vectors[members])
        topic = vectors[members] @ headings[section] if section in headings else np.zeros(len(members))
        for k, i in enumerate(members):
            title = 1.0 + max(0.0, float(topic[k]))
            scores[i] = central[k] * title * _length_factor(units[i]) * _salience_factor(units[i])
    return scores


def _heading_vectors(units: list[Unit], vectors: np.ndarray) -> dict[int, np.ndarray]:
    """Each section's heading as one L2-normalised vector (the sum of its heading units' vectors)."""
    sums: dict[int, np.ndarray] = {}
    for i, unit in enumerate(units):
        if unit.kind == "heading":
            sums[unit.section] = sums.get(unit.section, 0) + vectors[i]
    return {s: v / n for s, v in sums.items() if (n := float(np.linalg.norm(v))) > 0}


def _length_factor(unit: Unit) -> float:
    """1 up to LONG_WORDS words, then falling as 1/length."""
    return min(1.0, LONG_WORDS / max(unit.words, 1))


def _salience_factor(unit: Unit) -> float:
    """1 plus up to SALIENCE for numbers and capitalised words after the first (names, places, amounts)."""
    tokens = TOKEN.findall(unit.text)
    items = sum(1 for t in tokens[1:] if t[0].isupper() or _NUMBER.search(t))
    return 1.0 + SALIENCE * min(1.0, items / SALIENT_ITEMS)
