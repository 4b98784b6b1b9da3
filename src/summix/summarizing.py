"""Summarising a document through a :class:`~summix.session.Session`: extractive, abstractive, and the
summary in other languages (cross-lingual summarizer, or translation). Nothing here prints or reads files."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summix import checking, extractive, pipeline
from summix import text as textmod
from summix.errors import ModelNotFoundError
from summix.languages import LANGUAGES, parse_languages
from summix.options import check_choice
from summix.resolve import ModelRef, suggest_pull
from summix.results import Summary, SummaryResult, signature
from summix.scoring import SUMMARY, ScoreBook
from summix.session import Session
from summix.translation import card_generation, content_paragraphs, detect_source, translate_paragraphs

Progress = Callable[[int], None]
METHODS: tuple[str, ...] = ("auto", "abstractive", "extractive")


@dataclass(frozen=True)
class _Job:
    """One summary request: the document, its language, and how to make the other languages."""

    paragraphs: list[str]
    src: str
    summarizer: ModelRef | None
    translator: str | None
    progress: Progress | None
    check: str | None = None  # None, "on" or "back" (see summix.checking.check_mode)

    @property
    def source(self) -> str:
        """The document's text, which every summary sentence is checked against."""
        return "\n\n".join(self.paragraphs)


def summarize(
    session: Session,
    text: str,
    languages: str | Sequence[str] = LANGUAGES,
    *,
    method: str = "auto",
    model: str | None = None,
    translator: str | None = None,
    sentences: int | None = None,
    source: str = "auto",
    progress: Progress | None = None,
    partial: bool = False,
    check: bool | str = False,
) -> SummaryResult:
    """Summarise a document, then give the summary in each of ``languages``.

    ``method``: ``extractive`` (embedded, needs no weights), ``abstractive`` (an installed mT5 summarizer,
    map-reduce over chunks), or ``auto`` (abstractive when a summarizer is installed, else extractive).
    Other languages come from a cross-lingual summarizer, or by translating the summary. With ``partial``,
    a language no installed model can serve comes back empty, with method ``unavailable`` and the reason
    (naming the pull command) in ``notes``, instead of raising. With ``check`` (True, or ``"back"`` for the
    back-scores of translated sentences), every sentence is checked against the document and the model's
    scores of what it wrote are kept (:mod:`summix.checking`).

    Raises:
        InputError, LanguageError, ModelError, CoverageError.
        SettingError: an unknown method or ``check``.
        ModelNotFoundError: a needed model is not installed (for other languages only without ``partial``).
    """
    start = time.perf_counter()
    check_choice("method", method, METHODS)
    mode = checking.check_mode(check)
    paragraphs = content_paragraphs(text)
    src = detect_source(paragraphs, source)
    targets = parse_languages(languages)
    chosen, summarizer = _choose_method(session, method, model, src)
    job = _Job(paragraphs, src, summarizer, translator, progress, mode)
    if chosen == "extractive":
        found = tuple(extractive.summarize_extractive(paragraphs, src, sentences))
        base = _checked(job, Summary(src, "extractive", found, None))
    else:
        base = _abstractive(session, job, src)
    outputs = tuple(_summary_or_reason(session, job, base, tgt, partial) for tgt in targets)
    total = sum(len(textmod.split_sentences(p, src)) for p in paragraphs)
    return SummaryResult(src, chosen, total, outputs, time.perf_counter() - start)


def _choose_method(session: Session, method: str, model: str | None, src: str) -> tuple[str, ModelRef | None]:
    if method == "extractive":
        return "extractive", None
    if model is not None:
        return "abstractive", session.resolve(model)
    found = session.find("summarize", src, src)
    if found is not None:
        return "abstractive", found
    if method == "abstractive":
        raise ModelNotFoundError(
            f"no installed model summarises {src}: run `{suggest_pull('summarize', src, src)}` "
            "or use the extractive {method}",
            "method",
        )
    return "extractive", None


def _abstractive(session: Session, job: _Job, tgt: str) -> Summary:
    assert job.summarizer is not None
    start = time.perf_counter()
    backend = session.backend(job.summarizer)
    options = card_generation(job.summarizer, task="summarize")
    book = ScoreBook() if job.check else None
    text, _stats = pipeline.summarize_map_reduce(
        job.paragraphs,
        backend,
        src=job.src,
        tgt=tgt,
        options=options,
        batch_size=session.runtime.batch_size,
        max_batch_tokens=session.runtime.max_batch_tokens,
        progress=job.progress,
        book=book,
    )
    parts = tuple(textmod.split_sentences(text, tgt)) or (text,)
    made = Summary(tgt, "abstractive", parts, signature(backend, options), None, time.perf_counter() - start)
    return _checked(job, made, book.values(SUMMARY) if book is not None else None)


def _checked(job: _Job, summary: Summary, model: dict | None = None) -> Summary:
    """``summary`` with a check of each sentence against the document (unchanged with checks off)."""
    if not job.check:
        return summary
    checks = checking.summary_checks(job.source, summary.sentences, job.src, summary.language)
    return dataclasses.replace(summary, checks=checks, model=model)


def _summary_or_reason(session: Session, job: _Job, base: Summary, tgt: str, partial: bool) -> Summary:
    """The summary in ``tgt``, or (with ``partial``) an empty one saying which model is missing."""
    try:
        return _summary_in(session, job, base, tgt)
    except ModelNotFoundError as exc:
        if not partial:
            raise
        return Summary(tgt, "unavailable", (), None, notes=(str(exc),))


def _summary_in(session: Session, job: _Job, base: Summary, tgt: str) -> Summary:
    if tgt == base.language:
        return base
    if job.summarizer is not None and job.summarizer.serves("cross-summarize", job.src, tgt):
        return _abstractive(session, job, tgt)
    start = time.perf_counter()
    result = translate_paragraphs(
        session,
        list(base.sentences),
        job.src,
        tgt,
        model=job.translator,
        progress=job.progress,
        check=job.check or False,
    )
    checks = None
    if result.checks is not None:
        checks = checking.summary_checks(job.source, result.paragraphs, job.src, tgt, result.checks)
    return Summary(
        tgt,
        base.method + "+translate",
        result.paragraphs,
        result.signature,
        result.pivot,
        time.perf_counter() - start,
        notes=(f"summary translated from {job.src}", *result.notes),
        checks=checks,
        model=result.model,
    )
