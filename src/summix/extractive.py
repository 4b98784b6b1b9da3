"""An extractive summarizer that needs no model weights: LexRank over TF-IDF sentence vectors.

Sentences are nodes of a graph weighted by the cosine similarity of their TF-IDF vectors; PageRank
(damping 0.85, power iteration) scores how central each one is, a small bonus favours lead sentences,
and the best-scoring sentences (each section's best first) that are not near-duplicates of one already
chosen are returned in document order. Only numpy is needed, so this works where torch and model
weights are absent.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from summix.errors import InputError, LanguageError
from summix.text import APOSTROPHES, LANGUAGES, split_sentences

DAMPING = 0.85
REDUNDANCY = 0.5  # cosine above which a candidate repeats a chosen sentence
LEAD_BONUS = 0.2  # the first sentence's score is raised by 20%, later ones by less
LEAD_DECAY = 10.0  # sentences over which the lead bonus fades (by 1/e)
SECTION_LEAD_BONUS = 1.0  # a section's first sentence states what the section is about (news style)
MIN_WORDS = 4  # shorter sentences ("Why?", "We are not beggars.") make poor summary lines
HEADING_WORDS = 25  # a paragraph this short whose last sentence lacks final punctuation is a title

_APOS = "[" + re.escape(APOSTROPHES) + "]"
_ASCII_APOSTROPHES = str.maketrans({a: "'" for a in APOSTROPHES})
# Words are letter/digit runs; an apostrophe between letters belongs to the word (oʻzbek, taʼlim).
_TOKEN = re.compile(r"[^\W_]+(?:" + _APOS + r"[^\W_]+)*")
_FINAL_PUNCT = (".", "!", "…")
_CLOSERS = "\"'»”’)]"


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``."""
    return frozenset(words.split())


def _longest_first(words: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``words``, longest first, so the longest ending matches."""
    return tuple(sorted(words.split(), key=len, reverse=True))


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _wordset(
        "a an the and or but if of to in on at by for with from as is are was were be been being it its "
        "this that these those he she they we you i his her their our your them him us not no so than "
        "then there here which who whom what when where also has have had do does did will would can "
        "could should may might said says about into over after before more most"
    ),
    "ru": _wordset(
        "и в во не на что с со по это как к а но из за от о об для то же она он они мы вы его её ее их "
        "был была были было быть бы так также уже только который которые которая которого при после "
        "до у ли или если все всё еще ещё чем где когда даже этот эта эти того этого тем том его ему "
        "сказал заявил"
    ),
    "uz": _wordset(
        "va bilan uchun bu edi ham deb bir u ular emas esa yil qilib keyin lekin ammo biroq hamda yoki "
        "uning ularning shu o'z bo'lgan bo'ldi bo'lib qilish kerak mumkin haqida bo'yicha dedi etdi "
        "etib qildi hali endi faqat yana barcha har ko'p kabi orqali ekan bor yo'q men biz siz "
        "ва билан учун бу эди ҳам деб бир у улар эмас эса йил қилиб кейин лекин аммо бироқ ҳамда ёки "
        "унинг уларнинг шу ўз бўлган бўлди бўлиб қилиш керак мумкин ҳақида бўйича деди этди"
    ),
}
_RU_ENDINGS = _longest_first(
    "ами ями ого его ому ему ыми ими ией ия ии ию ие ий ый ой ая яя ое ее ые ых их ом ем ам ям ах ях "
    "ов ев ей а я о е ы и у ю ь"
)
_UZ_ENDINGS = _longest_first(
    "lar lari larni larga larda ning ni ga ka qa da ta dan tan dagi gi si i im ing imiz ingiz "
    "лар лари ларни ларга ларда нинг ни га ка қа да та дан тан даги ги си и им инг имиз ингиз"
)
_EN_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def summarize_extractive(paragraphs: list[str], lang: str, n_sentences: int | None = None) -> list[str]:
    """Pick the most central sentences of a document, in document order.

    ``paragraphs`` are content paragraphs (see :func:`summix.text.paragraphs`); each is split with
    :func:`summix.text.split_sentences` and the returned strings are exactly such sentences. Titles and
    headings (short paragraphs whose last sentence lacks final punctuation, or a lone short question)
    and sentences under four words are not chosen unless nothing else is left. Headings split the
    document into sections, and each section's best sentence is taken before any section's second, so
    later sections are not crowded out. ``n_sentences`` defaults to 8% of the sentences, clamped to
    3..10; fewer are returned when fewer distinct candidates exist. Deterministic.

    Raises:
        InputError: the paragraphs hold no sentences.
        LanguageError: ``lang`` is not one of en, ru, uz.
        ValueError: ``n_sentences`` is below 1.
    """
    if lang not in LANGUAGES:
        raise LanguageError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    if n_sentences is not None and n_sentences < 1:
        raise ValueError(f"n_sentences must be at least 1, got {n_sentences}")
    sentences, selectable, sections = _sentences(paragraphs, lang)
    if not sentences:
        raise InputError("the document has no sentences to summarize: pass a file that has text")
    if not any(selectable):  # only headings and fragments: better those than an empty summary
        selectable = [True] * len(sentences)
    wanted = n_sentences if n_sentences is not None else _default_count(len(sentences))
    vectors = _tfidf([_terms(s, lang) for s in sentences])
    scores = _pagerank(vectors) * _lead_prior(len(sentences)) * _section_lead_prior(sections, selectable)
    chosen = _select(scores, vectors, selectable, sections, wanted)
    return [sentences[i] for i in sorted(chosen)]


def _default_count(total: int) -> int:
    """About 8% of the document's sentences, at least 3 and at most 10."""
    return min(10, max(3, round(0.08 * total)))


def _sentences(paragraphs: list[str], lang: str) -> tuple[list[str], list[bool], list[int]]:
    """Split every paragraph; return the sentences, whether each may be chosen, and its section number.

    A heading starts a new section.
    """
    sentences: list[str] = []
    selectable: list[bool] = []
    sections: list[int] = []
    section = 0
    for paragraph in paragraphs:
        parts = split_sentences(paragraph, lang)
        heading = _is_heading(parts)
        section += heading
        sentences.extend(parts)
        selectable.extend(not heading and len(_TOKEN.findall(s)) >= MIN_WORDS for s in parts)
        sections.extend([section] * len(parts))
    return sentences, selectable, sections


def _is_heading(parts: list[str]) -> bool:
    """True for a title or section heading: short, and not ended like a sentence (or a lone question)."""
    if not parts:
        return False
    words = sum(len(_TOKEN.findall(p)) for p in parts)
    ending = parts[-1].rstrip(_CLOSERS)
    if len(parts) == 1 and ending.endswith("?") and words <= 12:
        return True
    return words <= HEADING_WORDS and not ending.endswith(_FINAL_PUNCT)


def _terms(sentence: str, lang: str) -> list[str]:
    """The sentence's content terms: lower-cased words minus stopwords, reduced to a stem."""
    words = _TOKEN.findall(sentence.lower().translate(_ASCII_APOSTROPHES))
    stop = _STOPWORDS[lang]
    return [_stem(w, lang) for w in words if w not in stop and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=1 << 16)
def _stem(word: str, lang: str) -> str:
    """A crude stem so that inflected forms of one word match.

    English loses a possessive and one plural/verb suffix; Russian and Uzbek lose one ending from a
    short list and are then cut to six letters, which is enough to merge most case forms of a noun.
    """
    if lang == "en":
        word = word.removesuffix("'s")
        for suffix, replacement in _EN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                return word[: -len(suffix)] + replacement
        return word
    endings = _RU_ENDINGS if lang == "ru" else _UZ_ENDINGS
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:6]


class _Vectors(NamedTuple):
    """Sparse L2-normalised TF-IDF rows: entry k is ``vals[k]`` at (``rows[k]``, ``cols[k]``).

    Kept sparse so that memory grows with the text, not with sentences squared or the vocabulary.
    """

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    shape: tuple[int, int]

    def times(self, x: np.ndarray) -> np.ndarray:
        """``V @ x`` for a vector over terms."""
        return np.bincount(self.rows, weights=self.vals * x[self.cols], minlength=self.shape[0])

    def times_t(self, y: np.ndarray) -> np.ndarray:
        """``V.T @ y`` for a vector over sentences."""
        return np.bincount(self.cols, weights=self.vals * y[self.rows], minlength=self.shape[1])

    def row(self, i: int) -> dict[int, float]:
        """Row ``i`` as {term column: weight} (entries are stored sorted by row)."""
        start, end = np.searchsorted(self.rows, [i, i + 1])
        return dict(zip(self.cols[start:end].tolist(), self.vals[start:end].tolist(), strict=True))


def _tfidf(documents: list[list[str]]) -> _Vectors:
    """TF-IDF vectors, one per sentence (sublinear tf, smoothed idf); a sentence without terms is zero."""
    vocabulary = {term: i for i, term in enumerate(sorted({t for doc in documents for t in doc}))}
    entries = [
        (r, vocabulary[t], c) for r, doc in enumerate(documents) for t, c in sorted(Counter(doc).items())
    ]
    rows = np.array([e[0] for e in entries], dtype=np.int64)
    cols = np.array([e[1] for e in entries], dtype=np.int64)
    counts = np.array([e[2] for e in entries], dtype=np.float64)
    shape = (len(documents), len(vocabulary))
    df = np.bincount(cols, minlength=shape[1])
    idf = np.log((1.0 + shape[0]) / (1.0 + df)) + 1.0
    weights = (1.0 + np.log(counts)) * idf[cols] if entries else counts
    norms = np.sqrt(np.bincount(rows, weights=weights**2, minlength=shape[0]))
    return _Vectors(rows, cols, weights / norms[rows] if entries else weights, shape)


def _pagerank(vectors: _Vectors, tolerance: float = 1e-10, max_steps: int = 200) -> np.ndarray:
    """PageRank over the cosine-similarity graph of the sentences (no self-loops), by power iteration.

    The graph is never built: similarity times a vector is ``V (V^T x)`` minus the diagonal. A sentence
    similar to no other spreads its weight evenly, as in standard PageRank.
    """
    n = vectors.shape[0]
    self_similarity = np.bincount(vectors.rows, weights=vectors.vals**2, minlength=n)
    degree = vectors.times(vectors.times_t(np.ones(n))) - self_similarity
    linked = degree > 1e-12  # below this the sum is rounding noise: the sentence shares no term
    rank = np.full(n, 1.0 / n)
    for _ in range(max_steps):
        spread = np.where(linked, rank / np.where(linked, degree, 1.0), 0.0)
        flow = vectors.times(vectors.times_t(spread)) - self_similarity * spread
        updated = (1.0 - DAMPING) / n + DAMPING * (flow + rank[~linked].sum() / n)
        if np.abs(updated - rank).sum() < tolerance:
            return updated
        rank = updated
    return rank


def _lead_prior(n: int) -> np.ndarray:
    """Multipliers that favour early sentences slightly, since news leads state the main point."""
    return 1.0 + LEAD_BONUS * np.exp(-np.arange(n) / LEAD_DECAY)


def _section_lead_prior(sections: list[int], selectable: list[bool]) -> np.ndarray:
    """Multipliers that favour the first selectable sentence of each section (the one after its heading)."""
    firsts = {}
    for i, section in enumerate(sections):
        if selectable[i]:
            firsts.setdefault(section, i)
    starts = np.zeros(len(sections))
    starts[list(firsts.values())] = 1.0
    return 1.0 + SECTION_LEAD_BONUS * starts


def _select(
    scores: np.ndarray, vectors: _Vectors, selectable: list[bool], sections: list[int], wanted: int
) -> list[int]:
    """Choose up to ``wanted`` sentences: first the best of each section, then the best of the rest.

    Taking each section's leader first keeps a long document's later sections in the summary; sections
    compete by their leader's score when there are more sections than ``wanted``. A candidate whose
    cosine similarity to a chosen sentence exceeds REDUNDANCY is skipped (MMR).
    """
    # Rounding makes ties (and their index-order tie-break) independent of float noise.
    order = sorted(range(len(scores)), key=lambda i: (-round(float(scores[i]), 12), i))
    order = [i for i in order if selectable[i]]
    leaders = list({sections[i]: i for i in reversed(order)}.values())
    rank = {i: position for position, i in enumerate(order)}
    leaders.sort(key=rank.__getitem__)
    chosen: dict[int, dict[int, float]] = {}
    for candidates in (leaders, order):
        for i in candidates:
            if len(chosen) == wanted:
                return list(chosen)
            if i not in chosen:
                row = vectors.row(i)
                if all(_cosine(row, other) <= REDUNDANCY for other in chosen.values()):
                    chosen[i] = row
    return list(chosen)


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Cosine similarity of two L2-normalised sparse rows."""
    if len(b) < len(a):
        a, b = b, a
    return sum(weight * b.get(col, 0.0) for col, weight in a.items())
