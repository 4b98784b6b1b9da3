"""Summarising a document through a :class:`~summix.session.Session`: extractive, abstractive, and the
summary in other languages (cross-lingual summarizer, or translation). Nothing here prints or reads files."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summix import checking, extractive, pipeline, scripts
from summix import text as textmod
from summix.bench.metrics import fragment_stats
from summix.documents import document_content
from summix.errors import ModelNotFoundError, SettingError
from summix.languages import LANGUAGES, by_model_language, model_language, parse_languages
from summix.options import check_choice, check_positive
from summix.resolve import ModelRef, suggest_pull
from summix.results import SentenceOrigin, Summary, SummaryResult, Translation, signature
from summix.scoring import SUMMARY, ScoreBook
from summix.session import Session
from summix.translation import card_generation, detect_source, translate_targets

Progress = Callable[[int], None]
METHODS: tuple[str, ...] = ("auto", "abstractive", "extractive")


@dataclass(frozen=True)
class _Job:
    """One summary request: the document, its language (with its script: ``uz-Cyrl``), and how to make
    the other languages."""

    paragraphs: list[str]
    src: str
    summarizer: ModelRef | None
    translator: str | None
    progress: Progress | None
    keep_apostrophes: bool = False
    check: str | None = None  # None, "on" or "back" (see summix.checking.check_mode)

    @property
    def language(self) -> str:
        """The document's language as models serve it (``uz`` for ``uz-Cyrl``)."""
        return model_language(self.src)

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
    keep_apostrophes: bool = False,
    words: int | None = None,
    keep_all: bool = False,
    check: bool | str = False,
) -> SummaryResult:
    """Summarise a document, then give the summary in each of ``languages``.

    ``method``: ``extractive`` (embedded, needs no weights), ``abstractive`` (an installed mT5 summarizer,
    map-reduce over chunks), or ``auto`` (abstractive when a summarizer is installed and no extractive
    length is given, else extractive). ``sentences`` and ``words`` bound an extractive summary (default:
    about 11% of the document's words). Other languages come from a cross-lingual summarizer, or by
    translating the summary. With ``partial``, a language no installed model can serve comes back empty,
    with method ``unavailable`` and the reason (naming the pull command) in ``notes``, instead of raising.
    Uzbek may be asked for in either script (``uz``, ``uz-Cyrl``): the extractive summary of a document
    keeps its script and is transliterated into the other, a model's summary is transliterated into the
    script asked for; Uzbek Latin from a model gets the standard apostrophes unless ``keep_apostrophes``.
    Page furniture is left out of the document and listed in the result's ``dropped``; ``keep_all`` keeps
    every line. With ``check`` (True, or ``"back"`` for the back-scores of translated sentences), every
    sentence is checked against the document and the model's scores of what it wrote are kept
    (:mod:`summix.checking`).

    Raises:
        InputError, LanguageError, ModelError, CoverageError.
        SettingError: an unknown method or ``check``; ``sentences`` or ``words`` below 1, or given with
            ``abstractive``.
        ModelNotFoundError: a needed model is not installed (for other languages only without ``partial``).
    """
    start = time.perf_counter()
    length = _check_length(method, sentences, words)
    mode = checking.check_mode(check)
    found = document_content(text, keep_all=keep_all)
    paragraphs = list(found.paragraphs)
    src = detect_source(paragraphs, source)
    targets = parse_languages(languages)
    fixed = length is not None
    chosen, summarizer = _choose_method(session, method, model, model_language(src), fixed_length=fixed)
    job = _Job(paragraphs, src, summarizer, translator, progress, keep_apostrophes, mode)
    if chosen == "extractive":
        base = _extractive(paragraphs, src, job.language, length or extractive.Budget())
    else:
        base = _abstractive(session, job, job.language)
    outputs = _in_each(session, job, base, targets, partial)
    total = sum(len(textmod.split_sentences(p, job.language)) for p in paragraphs)
    return SummaryResult(src, chosen, total, outputs, time.perf_counter() - start, found.dropped)


def _check_length(method: str, sentences: int | None, words: int | None) -> extractive.Budget | None:
    """The extractive length asked for (None: the default one).

    Raises:
        SettingError: an unknown method, a length below 1, or a length with the abstractive method.
    """
    check_choice("method", method, METHODS)
    check_positive("sentences", sentences)
    check_positive("words", words)
    if sentences is None and words is None:
        return None
    if method == "abstractive":
        raise SettingError(
            "{sentences} and {words} set the length of an extractive summary: use the extractive "
            "{method}, or leave them out for the summarizer's own length",
            "sentences",
            "words",
            "method",
        )
    return extractive.Budget(sentences, words)


def _extractive(paragraphs: list[str], src: str, language: str, length: extractive.Budget) -> Summary:
    """The embedded summarizer's summary of a document in ``src`` (``language`` without its script), with
    where each sentence came from and its NEWSROOM statistics."""
    found = extractive.extract(paragraphs, language, sentences=length.sentences, words=length.words)
    origins = tuple(SentenceOrigin(s.paragraph, s.section, s.position, s.score) for s in found.sentences)
    texts = tuple(s.text for s in found.sentences)
    return Summary(src, "extractive", texts, None, origins=origins, fragments=found.fragments)


def _choose_method(
    session: Session, method: str, model: str | None, src: str, *, fixed_length: bool
) -> tuple[str, ModelRef | None]:
    if method == "extractive" or (method == "auto" and fixed_length):
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
    """The summarizer's summary in model language ``tgt``, in the script the model writes it in."""
    assert job.summarizer is not None
    start = time.perf_counter()
    backend = session.backend(job.summarizer)
    options = card_generation(job.summarizer, task="summarize")
    given, note = scripts.to_model(job.paragraphs, job.src, scripts.model_code(job.summarizer, job.src))
    book = ScoreBook() if job.check else None
    text, _stats = pipeline.summarize_map_reduce(
        given,
        backend,
        src=job.language,
        tgt=tgt,
        options=options,
        batch_size=session.runtime.batch_size,
        max_batch_tokens=session.runtime.max_batch_tokens,
        progress=job.progress,
        book=book,
    )
    parts = tuple(textmod.split_sentences(text, tgt)) or (text,)
    written = scripts.model_code(job.summarizer, tgt)
    # Copied fragments only mean something in the language (and script) the model read.
    stats = fragment_stats(" ".join(given), text) if tgt == job.language else None
    seconds = time.perf_counter() - start
    notes = (note,) if note else ()
    sig = signature(backend, options)
    model = book.values(SUMMARY) if book is not None else None
    return Summary(written, "abstractive", parts, sig, None, seconds, notes, fragments=stats, model=model)


def _in_each(
    session: Session, job: _Job, base: Summary, targets: Sequence[str], partial: bool
) -> tuple[Summary, ...]:
    """The summary in each of ``targets``, checked when checks are on; the scripts of one language
    (``uz``, ``uz-Cyrl``) come from one model run."""
    made: dict[str, Summary] = {}
    for tgts in by_model_language(targets).values():
        made.update(_group_or_reason(session, job, base, tgts, partial))
    return tuple(_checked(job, made[tgt]) for tgt in targets)


def _group_or_reason(
    session: Session, job: _Job, base: Summary, tgts: Sequence[str], partial: bool
) -> dict[str, Summary]:
    """The summary in each of ``tgts`` (scripts of one language), or (with ``partial``) empty ones
    saying which model is missing."""
    try:
        return _group(session, job, base, tgts)
    except ModelNotFoundError as exc:
        if not partial:
            raise
        return {tgt: Summary(tgt, "unavailable", (), None, notes=(str(exc),)) for tgt in tgts}


def _group(session: Session, job: _Job, base: Summary, tgts: Sequence[str]) -> dict[str, Summary]:
    """The summary in each of ``tgts``, the scripts of one language, each written from the same text."""
    language = model_language(tgts[0])
    if language == model_language(base.language):
        return {tgt: _in_script(base, tgt, job.keep_apostrophes) for tgt in tgts}
    if job.summarizer is not None and job.summarizer.serves("cross-summarize", job.language, language):
        made = _abstractive(session, job, language)
        return {tgt: _in_script(made, tgt, job.keep_apostrophes) for tgt in tgts}
    start = time.perf_counter()
    results = translate_targets(
        session, list(base.sentences), base.language, tgts, model=job.translator, progress=job.progress,
        keep_apostrophes=job.keep_apostrophes, check=job.check or False,
    )  # fmt: skip
    seconds = time.perf_counter() - start  # counted once, by the first script
    return {
        tgt: _translated(job, base, result, seconds if i == 0 else 0.0)
        for i, (tgt, result) in enumerate(zip(tgts, results, strict=True))
    }


def _translated(job: _Job, base: Summary, result: Translation, seconds: float) -> Summary:
    """``base`` translated sentence for sentence into ``result``'s language, with its checks."""
    checks = None
    if result.checks is not None:
        found = result.checks
        checks = checking.summary_checks(job.source, result.paragraphs, job.src, result.language, found)
    return Summary(
        result.language,
        base.method + "+translate",
        result.paragraphs,
        result.signature,
        result.pivot,
        seconds,
        notes=(f"summary translated from {base.language}", *result.notes),
        origins=base.origins,  # translated paragraph for paragraph: sentence i still comes from there
        checks=checks,
        model=result.model,
    )


def _checked(job: _Job, summary: Summary) -> Summary:
    """``summary`` with a check of each sentence against the document, when checks are on and it has
    none yet (a translated summary comes with its translation's)."""
    if not job.check or summary.checks is not None or summary.method == "unavailable":
        return summary
    checks = checking.summary_checks(job.source, summary.sentences, job.src, summary.language)
    return dataclasses.replace(summary, checks=checks)


def _in_script(summary: Summary, tgt: str, keep_apostrophes: bool) -> Summary:
    """``summary`` written in ``tgt``'s script (one language, either script), saying how it got there."""
    parts, sig, notes = scripts.written_as(
        summary.sentences, summary.language, tgt, summary.signature, keep_apostrophes=keep_apostrophes
    )
    return dataclasses.replace(
        summary, language=tgt, sentences=tuple(parts), signature=sig, notes=summary.notes + notes
    )
