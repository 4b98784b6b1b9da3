"""Translating documents and batches of texts through a :class:`~summix.session.Session`.

One function walks a route (one model, or two through English) for any number of documents:
:func:`run_route`; a whole document, a chunk of records and a summary's translation all go through it.
Nothing here prints or reads files.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summix import checking, pipeline
from summix import text as textmod
from summix.cache import SegmentCache
from summix.errors import InputError, ItemError, ModelNotFoundError, SettingError, SummixError
from summix.languages import LANGUAGES, check_source, parse_targets, targets
from summix.options import GenerationOptions, Signature, check_choice
from summix.pipeline import RunStats
from summix.resolve import ModelRef
from summix.results import BatchItem, ChunkResult, Translation, TranslationResult, signature
from summix.scoring import ScoreBook
from summix.session import Route, Session

Progress = Callable[[int], None]
ON_ERROR: tuple[str, ...] = ("stop", "skip")
# Shorter texts say too little for language detection: they take the language of their whole chunk.
SHORT_ITEM = 80
Outcome = list[str] | SummixError


def card_generation(ref: ModelRef, task: str = "translate") -> GenerationOptions:
    """The model card's settings for ``ref`` (beams, length penalty, length, no-repeat n-grams)."""
    card = ref.spec.generation if ref.spec else {}
    # transformers 5 no longer reads generation settings from config.json: pass the card's explicitly.
    length_penalty = card.get("length_penalty")
    if task == "translate":
        return GenerationOptions(num_beams=int(card.get("num_beams", 4)), length_penalty=length_penalty)
    return GenerationOptions(
        num_beams=int(card.get("num_beams", 4)),
        length_penalty=length_penalty,
        max_new_tokens=int(card.get("max_length", 84)),
        length_ratio=1.0,
        no_repeat_ngram_size=int(card.get("no_repeat_ngram_size", 2)),
    )


def step_generation(ref: ModelRef, generation: GenerationOptions | None) -> GenerationOptions:
    """The decoding settings one translation step uses: ``generation``, else the model card's."""
    return generation or card_generation(ref)


def run_route(
    session: Session,
    route: Route,
    documents: Sequence[Sequence[str]],
    *,
    generation: GenerationOptions | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
    book: ScoreBook | None = None,
) -> tuple[list[Outcome], RunStats, Signature | None]:
    """Take ``documents`` (lists of paragraphs) along ``route``, keeping failed documents apart.

    Returns each document's paragraphs or its error, the pipeline's counters, and the signature of the
    last step. With a ``book``, the last step (the one that writes the output) records its scores there,
    and ``book.documents`` each document's input to that step.
    """
    current: list[Outcome] = [list(doc) for doc in documents]
    stats, sig = RunStats(), None
    for number, step in enumerate(route.steps, start=1):
        live = [i for i, doc in enumerate(current) if not isinstance(doc, SummixError)]
        last = book if number == len(route.steps) else None
        if last is not None:
            last.documents.update({i: tuple(current[i]) for i in live})  # type: ignore[arg-type]
        backend = session.backend(step.ref)
        options = step_generation(step.ref, generation)
        results, run = pipeline.translate_many(
            [current[i] for i in live],  # type: ignore[misc]
            backend,
            src=step.src,
            tgt=step.tgt,
            options=options,
            batch_size=session.runtime.batch_size,
            max_batch_tokens=session.runtime.max_batch_tokens,
            progress=progress,
            cache=cache,
            book=last,
        )
        stats, sig = stats + run, signature(backend, options)
        for i, result in zip(live, results, strict=True):
            current[i] = result
    return current, stats, sig


# --------------------------------------------------------------------------------------------- documents


def content_paragraphs(text: str) -> list[str]:
    """The document's paragraphs without web cruft.

    Raises:
        InputError: none is left.
    """
    paragraphs = textmod.paragraphs(text)
    if not paragraphs:
        raise InputError("the document has no prose paragraphs: nothing to translate or summarize")
    return paragraphs


def detect_source(paragraphs: Sequence[str], source: str) -> str:
    """``source`` checked, or the detected language of the document when it is ``auto``."""
    source = check_source(source)
    return textmod.detect_language(" ".join(paragraphs)[:5000]) if source == "auto" else source


def translate_document(
    session: Session,
    text: str,
    to: str | Sequence[str] | None = LANGUAGES,
    *,
    source: str = "auto",
    model: str | None = None,
    generation: GenerationOptions | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
    check: bool | str = False,
) -> TranslationResult:
    """Translate a whole document into each language of ``to``, paragraph for paragraph.

    ``to`` None (or ``auto``) means uz, ru and en without the source language; a target equal to the source
    is copied as is (the default: all three). Without ``model``, the installed default for each direction
    is used, pivoting through English when only X->en and en->Y are installed. Segments found in ``cache``
    skip the model. With ``check`` (True, or ``"back"`` for back-scores too), each translated paragraph
    gets its checks (:mod:`summix.checking`); the translations stay the same.

    Raises:
        InputError: the text has no content paragraphs.
        LanguageError: an unknown language code.
        SettingError: an unknown ``check``.
        ModelNotFoundError: no installed model serves a direction (the message names the pull command).
        ModelError, CoverageError: the model cannot be used, or dropped text.
    """
    start = time.perf_counter()
    checking.check_mode(check)
    paragraphs = content_paragraphs(text)
    src = detect_source(paragraphs, source)
    wanted = targets(parse_targets(to), src)
    options = {"model": model, "generation": generation, "progress": progress, "cache": cache, "check": check}
    outputs = tuple(translate_paragraphs(session, paragraphs, src, tgt, **options) for tgt in wanted)
    return TranslationResult(src, tuple(paragraphs), outputs, time.perf_counter() - start)


def translate_paragraphs(
    session: Session,
    paragraphs: Sequence[str],
    src: str,
    tgt: str,
    *,
    model: str | None = None,
    generation: GenerationOptions | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
    check: bool | str = False,
) -> Translation:
    """``paragraphs`` in ``tgt``: one output paragraph per input paragraph (copied when ``tgt`` is ``src``).
    With ``check``, each translated paragraph gets its checks (a copy gets none).

    Raises:
        SettingError: an unknown ``check``.
        ModelNotFoundError, ModelError: no usable model for the direction.
        CoverageError, InputError: the model dropped text, or the text cannot be encoded.
    """
    start = time.perf_counter()
    mode = checking.check_mode(check)
    if tgt == src:
        return Translation(tgt, tuple(paragraphs), None, None, 0.0)
    route = session.route(src, tgt, model)
    book = ScoreBook() if mode else None
    results, stats, sig = run_route(
        session, route, [paragraphs], generation=generation, progress=progress, cache=cache, book=book
    )
    if isinstance(results[0], SummixError):
        raise results[0]
    outputs = tuple(results[0])
    found = _document_checks(session, route, book, paragraphs, outputs, mode) if book is not None else {}
    return Translation(tgt, outputs, sig, route.pivot, time.perf_counter() - start, stats, **found)


def _document_checks(
    session: Session,
    route: Route,
    book: ScoreBook,
    paragraphs: Sequence[str],
    outputs: Sequence[str],
    mode: str | None,
) -> dict:
    """The fields a checked :class:`Translation` adds: its checks, its whole output's scores, notes."""
    src, tgt = route.steps[0].src, route.steps[-1].tgt
    note = checking.back_score(session, route, book, src, tgt) if mode == "back" else None
    checks = checking.paragraph_checks(paragraphs, outputs, src, tgt, book.document_values(0))
    model = checking.whole_output(book, book.documents.get(0, ()))
    return {"checks": checks, "model": model, "notes": (note,) if note else ()}


# ------------------------------------------------------------------------------------------------ batches


def item_paragraphs(text: str) -> list[str]:
    """A batch text's paragraphs: one per line (``\\n``, ``\\r\\n``), whitespace collapsed, blank ones ""."""
    return [" ".join(line.split()) for line in text.split("\n")]


def detect_sources(documents: Sequence[Sequence[str]], source: str) -> list[str]:
    """The source language of each document: ``source``, or when ``auto`` the detected one; documents
    shorter than :data:`SHORT_ITEM` characters take the language detected for all of them together.

    Raises:
        LanguageError: ``source`` is not auto or a known language.
    """
    source = check_source(source)
    if source != "auto":
        return [source] * len(documents)
    texts = [" ".join(p for p in doc if p) for doc in documents]
    whole = textmod.detect_language(" ".join(texts)[:5000])
    return [textmod.detect_language(t[:5000]) if len(t) >= SHORT_ITEM else whole for t in texts]


def translate_chunk(
    session: Session,
    texts: Sequence[str],
    targets: Sequence[str],
    *,
    source: str = "auto",
    model: str | None = None,
    generation: GenerationOptions | None = None,
    cache: SegmentCache | None = None,
    start: int = 0,
    progress: Progress | None = None,
    check: bool | str = False,
) -> ChunkResult:
    """Translate one chunk of texts into each of ``targets`` together (see :func:`translate_batch`).

    The unit of work of every batch engine: a worker calls it chunk after chunk with one session, so each
    model loads once. Positions count from ``start``. A text that cannot be translated gets ``error`` and
    no translations; the others go on. With ``check``, each translated line gets its checks.

    Raises:
        LanguageError, ModelError: a bad language, or an unusable model.
        SettingError: an unknown ``check``.
        ModelNotFoundError: no model serves a direction from a ``source`` given explicitly (for a
            detected source, the texts concerned get the error instead).
    """
    mode = checking.check_mode(check)
    documents = [item_paragraphs(t) for t in texts]
    sources = detect_sources(documents, source)
    chunk = _Chunk(documents, sources)
    for src, tgt in itertools.product(dict.fromkeys(sources), targets):
        live = [i for i, s in enumerate(sources) if s == src and chunk.errors[i] is None]
        route = _route_or_error(session, src, tgt, model, detected=check_source(source) == "auto")
        book = ScoreBook() if mode and isinstance(route, Route) else None
        results, run = _along(session, route, [documents[i] for i in live], generation, cache, progress, book)
        chunk.stats += run
        if book is not None and mode == "back":
            chunk.note(checking.back_score(session, route, book, src, tgt))  # type: ignore[arg-type]
        chunk.take(live, results, src, tgt, book)
    items = tuple(
        BatchItem(
            start + i,
            text,
            sources[i],
            chunk.outputs[i] if chunk.errors[i] is None else {},
            chunk.errors[i],
            chunk.checks[i] if mode and chunk.errors[i] is None else None,
        )
        for i, text in enumerate(texts)
    )
    return ChunkResult(items, chunk.stats, tuple(chunk.notes))


@dataclass
class _Chunk:
    """What a chunk gathers as its directions are translated: outputs, errors, checks and counters."""

    documents: list[list[str]]
    sources: list[str]
    outputs: list[dict[str, str]] = field(init=False)
    errors: list[str | None] = field(init=False)
    checks: list[dict[str, tuple]] = field(init=False)
    stats: RunStats = field(default_factory=RunStats)
    notes: dict[str, None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.outputs = [{} for _ in self.documents]
        self.errors = [None] * len(self.documents)
        self.checks = [{} for _ in self.documents]

    def note(self, text: str | None) -> None:
        """Keep a note about the checks (each once)."""
        if text:
            self.notes[text] = None

    def take(
        self, live: list[int], results: list[Outcome], src: str, tgt: str, book: ScoreBook | None
    ) -> None:
        """Keep each translated document's lines in ``tgt`` (and their checks), or its error."""
        for k, (i, result) in enumerate(zip(live, results, strict=True)):
            if isinstance(result, SummixError):
                self.errors[i] = str(result)
                continue
            self.outputs[i][tgt] = "\n".join(" ".join(p.split()) for p in result)
            if book is not None:
                models = book.document_values(k) or [None] * len(result)
                paragraphs = self.documents[i]
                self.checks[i][tgt] = checking.paragraph_checks(paragraphs, result, src, tgt, models)


def _route_or_error(
    session: Session, src: str, tgt: str, model: str | None, *, detected: bool
) -> Route | ModelNotFoundError | None:
    """The route from ``src`` to ``tgt`` (None: nothing to do); for a detected source, a missing model is
    the error of the documents concerned rather than of the whole run."""
    if src == tgt:
        return None
    try:
        return session.route(src, tgt, model)
    except ModelNotFoundError as exc:
        if not detected:
            raise
        return ModelNotFoundError(f"detected as {src}, and {exc}; give the source language if that is wrong")


def _along(
    session: Session,
    route: Route | ModelNotFoundError | None,
    documents: list[list[str]],
    generation: GenerationOptions | None,
    cache: SegmentCache | None,
    progress: Progress | None,
    book: ScoreBook | None = None,
) -> tuple[list[Outcome], RunStats]:
    if route is None or not documents:
        return list(documents), RunStats()
    if isinstance(route, ModelNotFoundError):
        return [route] * len(documents), RunStats()
    results, stats, _sig = run_route(
        session, route, documents, generation=generation, progress=progress, cache=cache, book=book
    )
    return results, stats


def translate_batch(
    session: Session,
    items: Iterable[str],
    to: str | Sequence[str] | None = "auto",
    *,
    source: str = "auto",
    model: str | None = None,
    generation: GenerationOptions | None = None,
    cache: SegmentCache | str | Path | None = None,
    on_error: str = "stop",
    chunk_size: int = 64,
    progress: Progress | None = None,
    check: bool | str = False,
) -> Iterator[BatchItem]:
    """Translate many texts, ``chunk_size`` at a time in shared batches; yield one :class:`BatchItem` per
    text, in input order, as each chunk finishes. Any iterable works, and memory stays bounded.

    Every line of a text is translated as one paragraph (sentences split, long ones cut, nothing dropped);
    blank lines stay blank and an empty text gives "" without a model call. No line is dropped as web
    cruft. ``to`` None (or ``auto``) gives uz, ru and en without ``source`` (all three when it is detected
    per text, so every text gets the same fields; its own language is copied). Identical segments are
    translated once per call; ``cache`` (a folder, or a :class:`~summix.cache.SegmentCache`) keeps them
    across runs. With ``source="auto"`` each text's language is detected (see :func:`detect_sources`).
    With ``check`` (True, or ``"back"``), each item's ``checks`` hold one check per line and language.

    Raises:
        ItemError: ``on_error="stop"`` and a text cannot be translated (the items before it were already
            yielded); with ``"skip"`` such a text comes back with ``error`` set and no translations.
        SettingError, LanguageError, OutputError: a bad setting or language, or a cache folder that
            cannot be written (checked when called).
        ModelError, ModelNotFoundError: no usable model (raised when the first chunk is translated).
    """
    check_choice("on_error", on_error, ON_ERROR)
    checking.check_mode(check)
    if chunk_size < 1:
        raise SettingError(f"{{chunk_size}} must be at least 1, not {chunk_size}", "chunk_size")
    source = check_source(source)
    wanted = targets(parse_targets(to), None if source == "auto" else source)
    memo = cache if isinstance(cache, SegmentCache) else SegmentCache(cache)
    chunk = functools.partial(
        translate_chunk,
        session,
        targets=wanted,
        source=source,
        model=model,
        generation=generation,
        cache=memo,
        progress=progress,
        check=check,
    )
    return _batch_items(items, chunk, chunk_size, on_error)


def _batch_items(
    items: Iterable[str], chunk: Callable[..., ChunkResult], size: int, on_error: str
) -> Iterator[BatchItem]:
    iterator, start = iter(items), 0
    while texts := list(itertools.islice(iterator, size)):
        for item in chunk(texts, start=start).items:
            if item.error is not None and on_error == "stop":
                raise ItemError(f"item {item.position}: {item.error}")
            yield item
        start += len(texts)
