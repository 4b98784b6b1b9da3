"""How central each unit is, by one of three graph rankings chosen by where the unit stands and what the
summary asks for, raised for heading words, names and numbers.

* The opening section (the text up to the first subheading: the whole of a plain news story) is a graph
  whose edge is TextRank's sentence similarity (Mihalcea & Tarau 2004): the number of distinct words two
  units share over ``log |S_i| + log |S_j|``, words stemmed, function words kept. Unlike the cosine of
  TF-IDF vectors it does not divide a unit's links by the square root of its length, so a full informative
  sentence is not ranked below a short one (the 60-word cut and the list exclusion of :mod:`.units` stop a
  single unit from dominating).

  - For a summary of more than one sentence it is ranked by PacSum's directed centrality (Zheng & Lapata
    2019): ``LAMBDA_LATER`` times the summed edges to later units plus ``LAMBDA_EARLIER`` times those to
    earlier ones. News states its point first and elaborates after, so a unit that later units echo is
    central and one that only echoes earlier units is not. The weights (-2, 1) are (-a, 1 - a) with
    a = 2/3 in the space the paper's released code tunes (a in [0, 1]); the edge threshold is its default,
    the smallest similarity (beta = 0).
  - For a one-sentence summary it is ranked by TextRank (PageRank over the same graph), blind to position:
    one sentence must say what the whole text is about, and single-sentence news summaries are written
    that way rather than taken from the lead (Narayan et al. 2018, XSum; XL-Sum's BBC summaries are of
    that kind). The baselines agree on both development sets: LEAD beats TextRank at three sentences and
    loses to it at one, in English and in Russian.

* A section under a later subheading is ranked by continuous LexRank (Erkan & Radev 2004: PageRank over
  the TF-IDF cosine graph), blind to position: a long piece organises its sections by topic, and the
  section's point is the sentence densest in the section's own distinctive terms, not its first line.

Each section is a graph of its own and its scores are scaled to [0, 1]. They are raised by up to double
for a unit that says what its section is about: its similarity to the section's heading (Edmundson 1969's
title method) or, in a later section, to the closest sentence of the opening section, which announces a
long piece's main points (MEAD's first-sentence overlap, Radev et al. 2004). Two classic sentence
features raise them again (Edmundson 1969; Kupiec et al. 1995; named entities are what human news
summaries keep most often, Nenkova 2008): names (capitalised words after the first) and numerical data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from summix.extractive.units import Unit
from summix.extractive.vectors import TOKEN, cosine_matrix

LAMBDA_EARLIER = -2.0  # edges to earlier units count against (PacSum's lambda_1)
LAMBDA_LATER = 1.0  # edges to later units count for (PacSum's lambda_2)
DAMPING = 0.85  # PageRank's damping factor, as in LexRank and TextRank
BLOCK = 800  # units per similarity block: memory grows with the text, not with its square
SALIENCE = 0.2  # how much each feature (names, numbers) raises a unit's score at most
SALIENT_NAMES = 3  # names that earn the whole name bonus

_NUMBER = re.compile(r"\d")


def overlap_graph(stems: Sequence[Sequence[str]]) -> np.ndarray:
    """TextRank's similarity of every pair of units (Mihalcea & Tarau 2004, section 4.1): distinct stems
    shared over ``log |S_i| + log |S_j|`` (|S| counts the unit's words), 0 on the diagonal and where the
    logarithms sum to 0 (two one-word units)."""
    spread = Counter(s for unit in stems for s in set(unit))
    vocabulary: dict[str, int] = {}  # only stems in two units or more can be shared
    rows = [[vocabulary.setdefault(s, len(vocabulary)) for s in set(unit) if spread[s] > 1] for unit in stems]
    present = np.zeros((len(stems), len(vocabulary)), dtype=np.float32)
    for row, columns in enumerate(rows):
        present[row, columns] = 1.0
    shared = (present @ present.T).astype(np.float64)
    logs = np.log(np.maximum([len(unit) for unit in stems], 1)).astype(np.float64)
    norm = logs[:, None] + logs[None, :]
    weights = np.divide(shared, norm, out=np.zeros_like(shared), where=norm > 0)
    np.fill_diagonal(weights, 0.0)
    return weights


def centrality(stems: Sequence[Sequence[str]], positional: bool) -> np.ndarray:
    """Directed (``positional``) or TextRank centrality of each unit on the overlap graph, in [0, 1]."""
    return _blockwise(len(stems), lambda a, b: _ranked(overlap_graph(stems[a:b]), positional))


def lexrank(vectors: np.ndarray) -> np.ndarray:
    """Continuous LexRank (Erkan & Radev 2004) of each row of ``vectors`` (L2-normalised TF-IDF): PageRank
    over the cosine graph, scaled to [0, 1]."""
    return _blockwise(len(vectors), lambda a, b: _ranked(np.maximum(cosine_matrix(vectors[a:b]), 0.0), False))


def _ranked(weights: np.ndarray, positional: bool) -> np.ndarray:
    return _scaled(directed(weights) if positional else pagerank(weights.astype(np.float64)))


def _blockwise(n: int, score: Callable[[int, int], np.ndarray]) -> np.ndarray:
    """``score(start, end)`` over consecutive blocks of :data:`BLOCK` units: each block is a graph of its
    own, so the work and memory stay linear in the length of the text."""
    scores = np.zeros(n)
    for start in range(0, n, BLOCK):
        scores[start : start + BLOCK] = score(start, min(n, start + BLOCK))
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


def unit_scores(
    units: list[Unit],
    vectors: np.ndarray,
    stems: Sequence[Sequence[str]],
    graph: list[int],
    sentences: int | None = None,
) -> np.ndarray:
    """Scores in [0, 2 * (1 + 2 * SALIENCE)] for every unit; units outside ``graph`` (headings) score 0.

    ``vectors`` are the units' L2-normalised TF-IDF rows, ``stems`` their stemmed words, ``graph`` the
    units that form the similarity graphs, in document order, and ``sentences`` the summary's sentence
    budget (None: a word budget). Each section (the text between two headings) is a graph of its own: a
    section of a long review has its own main point, which a whole-document graph would judge by how much
    it repeats the sections before it.
    """
    scores = np.zeros(len(units))
    sections: dict[int, list[int]] = {}
    for i in graph:
        sections.setdefault(units[i].section, []).append(i)
    headings = _heading_vectors(units, vectors)
    opening = min(sections, default=0)
    for section, members in sections.items():
        if section == opening:
            central = centrality([stems[i] for i in members], positional=sentences != 1)
        else:
            central = lexrank(vectors[members])
        announced = vectors[sections[opening]] if section != opening else None
        topic = _topic(vectors[members], headings.get(section), announced)
        for k, i in enumerate(members):
            scores[i] = central[k] * (1.0 + topic[k]) * salience(units[i].text)
    return scores


def _topic(rows: np.ndarray, heading: np.ndarray | None, opening: np.ndarray | None) -> np.ndarray:
    """How closely each of a section's units says what the section is about, in [0, 1]: its similarity to
    the section's heading (Edmundson's title method) and, in a later section, to the closest sentence of
    the ``opening`` section: a long piece announces its main points in its opening (MEAD's first-sentence
    overlap, Radev et al. 2004, taken to the whole opening section)."""
    topic = rows @ heading if heading is not None else np.zeros(len(rows))
    if opening is not None:
        topic = np.maximum(topic, (rows @ opening.T).max(axis=1))
    return np.maximum(topic, 0.0)


def _heading_vectors(units: list[Unit], vectors: np.ndarray) -> dict[int, np.ndarray]:
    """Each section's heading as one L2-normalised vector (the sum of its heading units' vectors)."""
    sums: dict[int, np.ndarray] = {}
    for i, unit in enumerate(units):
        if unit.kind == "heading":
            sums[unit.section] = sums.get(unit.section, 0) + vectors[i]
    return {s: v / n for s, v in sums.items() if (n := float(np.linalg.norm(v))) > 0}


def salience(text: str) -> float:
    """1, plus up to SALIENCE for names (capitalised words after the first, all of it from SALIENT_NAMES
    on) and SALIENCE more when the unit carries a number (an amount, a date, a count)."""
    tokens = TOKEN.findall(text)
    names = sum(1 for t in tokens[1:] if t[0].isupper())
    numbers = any(_NUMBER.search(t) for t in tokens)
    return 1.0 + SALIENCE * (min(1.0, names / SALIENT_NAMES) + numbers)
