"""An extractive summarizer that needs no model weights, for English, Russian and Uzbek (Latin or Cyrillic).

The document's lines are split into units (:mod:`.units`): sentences that know their paragraph and section,
with headings, lists of names, "Key: value" boxes and fragments set aside and over-long sentences cut. Units
are scored by graph centrality (:mod:`.scoring`): position-aware PacSum in the opening of a news story,
position-blind TextRank for a one-sentence summary and LexRank in sections under subheadings, raised for
heading words, names and numbers. They are chosen under a word or sentence budget that covers each
section and avoids repeats and dangling openers (:mod:`.select`). Only numpy and the Snowball stemmers
are needed, so this works where torch and model weights are absent.

:func:`extract` returns the sentences with where they came from and NEWSROOM statistics;
:func:`summarize_extractive` returns just the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from summix.bench.metrics import FragmentStats, fragment_stats
from summix.errors import InputError, LanguageError
from summix.extractive.scoring import unit_scores
from summix.extractive.select import Budget, choose, default_budget
from summix.extractive.units import Unit, build_units
from summix.extractive.vectors import TOKEN, stems, terms, tfidf
from summix.options import check_positive
from summix.text import LANGUAGES

__all__ = ["Budget", "ExtractiveSummary", "SummarySentence", "extract", "summarize_extractive"]


@dataclass(frozen=True)
class SummarySentence:
    """One chosen sentence and where it stands in the document.

    ``paragraph`` indexes the paragraphs given to :func:`extract`; ``section`` counts the headings up to it
    (0 before the first heading or title); ``position`` is the sentence's place in its paragraph (pieces of
    a cut over-long sentence count separately); ``score`` is its centrality score.
    """

    text: str
    paragraph: int
    section: int
    position: int
    score: float


@dataclass(frozen=True)
class ExtractiveSummary:
    """The chosen sentences in document order, the budget they were chosen under, and how extractive
    the summary is (NEWSROOM coverage, density and compression against the paragraphs)."""

    language: str
    sentences: tuple[SummarySentence, ...]
    budget: Budget
    source_words: int
    fragments: FragmentStats

    @property
    def text(self) -> str:
        """The sentences joined by single spaces."""
        return " ".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        """Words in the summary, counted as the budget counts them (letter and digit runs)."""
        return sum(len(TOKEN.findall(s.text)) for s in self.sentences)


def extract(
    paragraphs: list[str], lang: str, *, sentences: int | None = None, words: int | None = None
) -> ExtractiveSummary:
    """Choose the most central sentences of a document, in document order, with their provenance.

    ``paragraphs`` are content paragraphs (see :func:`summix.text.paragraphs`). Without ``sentences`` or
    ``words`` the summary aims at about 11% of the document's words (25 to 300 words): one to three
    sentences for a short news story, a paragraph per section for a long review. With either, at most
    that many sentences / words are chosen (always at least one sentence, which may be longer than
    ``words``). Fewer are returned when fewer distinct candidates exist. Deterministic.

    Raises:
        InputError: the paragraphs hold no sentences.
        LanguageError: ``lang`` is not one of en, ru, uz.
        SettingError: ``sentences`` or ``words`` is below 1.
    """
    _check(lang, sentences, words)
    units = build_units(paragraphs, lang)
    if not units:
        raise InputError("the document has no sentences to summarize: pass a file that has text")
    total = sum(u.words for u in units)
    budget = Budget(sentences, words) if sentences or words else default_budget(total)
    vectors = tfidf([terms(u.text, lang) for u in units])
    graph = [i for i, unit in enumerate(units) if unit.kind != "heading"]
    scores = unit_scores(units, vectors, [stems(u.text, lang) for u in units], graph, sentences)
    chosen = [_sentence(units[i], float(scores[i])) for i in choose(units, scores, vectors, budget)]
    stats = fragment_stats(" ".join(paragraphs), " ".join(s.text for s in chosen))
    return ExtractiveSummary(lang, tuple(chosen), budget, total, stats)


def summarize_extractive(
    paragraphs: list[str], lang: str, n_sentences: int | None = None, *, words: int | None = None
) -> list[str]:
    """The sentences :func:`extract` chooses (``n_sentences`` is its ``sentences``), as plain strings.

    Raises:
        InputError: the paragraphs hold no sentences.
        LanguageError: ``lang`` is not one of en, ru, uz.
        SettingError: ``n_sentences`` or ``words`` is below 1.
    """
    return [s.text for s in extract(paragraphs, lang, sentences=n_sentences, words=words).sentences]


def _check(lang: str, sentences: int | None, words: int | None) -> None:
    if lang not in LANGUAGES:
        raise LanguageError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    check_positive("sentences", sentences)
    check_positive("words", words)


def _sentence(unit: Unit, score: float) -> SummarySentence:
    return SummarySentence(unit.text, unit.paragraph, unit.section, unit.position, round(score, 6))
