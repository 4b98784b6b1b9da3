"""Translating documents and batches of texts through a :class:`~summix.session.Session`.

One function walks a route (one model, or two through English) for any number of documents:
:func:`run_route`; a whole document, a chunk of records and a summary's translation all go through it.
Nothing here prints or reads files.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summix import checking, pipeline, scripts
from summix.cache import SegmentCache
from summix.documents import document_content
from summix.errors import ItemError, ModelNotFoundError, SummixError
from summix.languages import (
    LANGUAGES,
    by_model_language,
    check_source,
    model_direction,
    model_language,
    parse_targets,
    targets,
)
from summix.options import GenerationOptions, Signature, check_choice, check_positive
from summix.pipeline import RunStats
from summix.resolve import ModelRef
from summix.results import BatchItem, ChunkResult, Translation, TranslationResult, signature
from summix.scoring import ScoreBook
from summix.session import Route, Session

Progress = Callable[[int], None]
ON_ERROR: tuple[str, ...] = ("stop", "skip")
# A text with fewer letters ("OK", "2024") says nothing of its language: it takes the language of most of
# its chunk's text. Longer ones are detected alone: the detector reads even 5-9 letter sentences right (66
# of 67 distinct Tatoeba lines in en, ru and Uzbek in both scripts).
FEW_LETTERS = 5
_LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends a record's text may use, CRLF first
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


def step_generation(
    ref: ModelRef, generation: GenerationOptions | None, src: str = "", tgt: str = ""
) -> GenerationOptions:
    """The decoding settings one translation step from ``src`` to ``tgt`` uses: ``generation``, else the
    model card's; a random-weight stand-in with recorded output lengths writes realistic lengths
    (:func:`summix.randomweights.stand_in_generation`)."""
    options = generation or card_generation(ref)
    if not ref.random_weights:
        return options
    from summix.randomweights import stand_in_generation

    return stand_in_generation(ref.path, src, tgt, options)


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
        options = step_generation(step.ref, generation, step.src, step.tgt)
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
    """The document's paragraphs without web cruft (see :func:`summix.documents.document_content`).

    Raises:
        InputError: none is left.
    """
    return list(document_content(text).paragraphs)


def detect_source(paragraphs: Sequence[str], source: str) -> str:
    """``source`` checked, or the detected language of the document when it is ``auto`` (``uz-Cyrl`` for
    Uzbek in Cyrillic script: :func:`summix.scripts.detect`)."""
    source = check_source(source)
    return scripts.detect(" ".join(paragraphs)[:5000]) if source == "auto" else source


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
    keep_apostrophes: bool = False,
    keep_all: bool = False,
    check: bool | str = False,
) -> TranslationResult:
    """Translate a whole document into each language of ``to``, paragraph for paragraph.

    ``to`` None (or ``auto``) means uz, ru and en without the source language; a target equal to the source
    is copied as is (the default: all three). Without ``model``, the installed default for each direction
    is used, pivoting through English when only X->en and en->Y are installed. Segments found in ``cache``
    skip the model. Uzbek in either script is served by the same models: ``uz`` and ``uz-Cyrl`` together
    take one model run (:func:`translate_targets`). Page furniture ("Share", "5 min read") is left out and
    listed in the result's ``dropped``; with ``keep_all`` every line is translated. With ``check`` (True, or
    ``"back"`` for back-scores too), each translated paragraph gets its checks (:mod:`summix.checking`);
    the translations stay the same.

    Raises:
        InputError: the text has no content paragraphs.
        LanguageError: an unknown language code.
        SettingError: an unknown ``check``.
        ModelNotFoundError: no installed model serves a direction (the message names the pull command).
        ModelError, CoverageError: the model cannot be used, or dropped text.
    """
    start = time.perf_counter()
    checking.check_mode(check)
    found = document_content(text, keep_all=keep_all)
    paragraphs = list(found.paragraphs)
    src = detect_source(paragraphs, source)
    wanted = targets(parse_targets(to), src)
    outputs = translate_targets(
        session, paragraphs, src, wanted, model=model, generation=generation, progress=progress,
        cache=cache, keep_apostrophes=keep_apostrophes, check=check,
    )  # fmt: skip
    return TranslationResult(src, tuple(paragraphs), outputs, time.perf_counter() - start, found.dropped)


def translate_paragraphs(
    session: Session,
    paragraphs: Sequence[str],
    src: str,
    tgt: str,
    **options: Any,
) -> Translation:
    """``paragraphs`` in ``tgt``: one output paragraph per input paragraph (copied when ``tgt`` is ``src``).
    ``options`` are those of :func:`translate_targets`.

    Raises:
        ModelNotFoundError, ModelError: no usable model for the direction.
        CoverageError, InputError: the model dropped text, or the text cannot be encoded.
    """
    return translate_targets(session, paragraphs, src, (tgt,), **options)[0]


@dataclass(frozen=True)
class _Run:
    """One language's text for a document: a model's output (in the script the model writes, ``written``),
    or the source itself (no signature)."""

    paragraphs: tuple[str, ...]
    written: str
    signature: Signature | None = None
    pivot: str | None = None
    seconds: float = 0.0
    stats: RunStats = field(default_factory=RunStats)
    notes: tuple[str, ...] = ()
    book: ScoreBook | None = None  # with checks: the model's scores of its output


def translate_targets(
    session: Session,
    paragraphs: Sequence[str],
    src: str,
    tgts: Sequence[str],
    *,
    model: str | None = None,
    generation: GenerationOptions | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
    keep_apostrophes: bool = False,
    check: bool | str = False,
) -> tuple[Translation, ...]:
    """``paragraphs`` in each of ``tgts``, one model run per language: the scripts of one language
    (``uz``, ``uz-Cyrl``) are the same output transliterated (:mod:`summix.scripts`), and the source's own
    language in another script is the source transliterated. Uzbek Latin output gets the standard
    apostrophes unless ``keep_apostrophes``. With ``check``, each translated paragraph gets its checks, as
    written in its script (a copy or a transliteration of the source gets none).

    Raises:
        SettingError: an unknown ``check``.
        ModelNotFoundError, ModelError: no usable model for a direction.
        CoverageError, InputError: the model dropped text, or the text cannot be encoded.
    """
    mode = checking.check_mode(check)
    runs: dict[str, _Run] = {}
    out = []
    with session.sharing_encodings():  # one model serving several languages encodes the source once
        for tgt in tgts:
            language = model_language(tgt)
            if language in runs:  # counted once, by the first output that used the run
                run = dataclasses.replace(runs[language], seconds=0.0, stats=RunStats())
            else:
                run = runs[language] = _run_language(
                    session, paragraphs, src, language, model=model, generation=generation, progress=progress,
                    cache=cache, mode=mode,
                )  # fmt: skip
            out.append(_checked(_written(run, src, tgt, keep_apostrophes), run, paragraphs, src))
    return tuple(out)


def _run_language(
    session: Session, paragraphs: Sequence[str], src: str, language: str, *, mode: str | None, **options: Any
) -> _Run:
    """``paragraphs`` translated into ``language`` by its route's models (the source itself when it is
    in that language already); with a check ``mode``, the model's scores and back-scores in its book."""
    start = time.perf_counter()
    direction = model_direction(src, language)
    if direction is None:
        return _Run(tuple(paragraphs), src)
    route = session.route(*direction, options.pop("model"))
    given, note = scripts.to_model(paragraphs, src, scripts.model_code(route.steps[0].ref, src))
    book = ScoreBook() if mode else None
    results, stats, sig = run_route(session, route, [given], book=book, **options)
    if isinstance(results[0], SummixError):
        raise results[0]
    notes = (note,) if note else ()
    if book is not None and mode == "back":
        notes += tuple(n for n in [checking.back_score(session, route, book, *direction)] if n)
    written = scripts.model_code(route.steps[-1].ref, language)
    seconds = time.perf_counter() - start
    return _Run(tuple(results[0]), written, sig, route.pivot, seconds, stats, notes, book)


def _checked(translation: Translation, run: _Run, paragraphs: Sequence[str], src: str) -> Translation:
    """``translation`` with a check of each paragraph against the source, and the model's scores (as it
    was when no model ran, or checks are off)."""
    if run.book is None:
        return translation
    models = run.book.document_values(0)
    checks = checking.paragraph_checks(paragraphs, translation.paragraphs, src, translation.language, models)
    model = checking.whole_output(run.book, run.book.documents.get(0, ()))
    return dataclasses.replace(translation, checks=checks, model=model)


def _written(run: _Run, src: str, tgt: str, keep_apostrophes: bool) -> Translation:
    """``run``'s text as the translation into ``tgt``: in ``tgt``'s script, the signature and notes saying
    how it got there."""
    start = time.perf_counter()
    parts, sig, notes = scripts.written_as(
        run.paragraphs, run.written, tgt, run.signature, keep_apostrophes=keep_apostrophes
    )
    seconds = run.seconds + time.perf_counter() - start
    return Translation(tgt, tuple(parts), sig, run.pivot, seconds, run.stats, run.notes + notes)


# ------------------------------------------------------------------------------------------------ batches


def item_paragraphs(text: str) -> list[str]:
    """A batch text's paragraphs: one per line (``\\n``, ``\\r\\n`` or ``\\r``), whitespace collapsed, blank
    ones ""."""
    return [" ".join(line.split()) for line in _LINE_END.split(text)]


def _joined(paragraphs: Sequence[str], ends: Sequence[str]) -> str:
    """One output paragraph per line of the text, joined by that text's own line ends (``ends``, from
    :data:`_LINE_END`): a record whose field ends its lines with CRLF gets its translation back with CRLF."""
    return "".join(p + end for p, end in zip(paragraphs, [*ends, ""], strict=True))


def detect_sources(documents: Sequence[Sequence[str]], source: str) -> list[str]:
    """The source language of each document: ``source``, or when ``auto`` the detected one (with its
    script: :func:`summix.scripts.detect`), each on its own. A document with fewer than
    :data:`FEW_LETTERS` letters takes the language most of the text of all of them is detected in, when
    that language is written in its script ("Да" among English lines keeps its own).

    Raises:
        LanguageError: ``source`` is not auto or a known language.
    """
    source = check_source(source)
    if source != "auto":
        return [source] * len(documents)
    texts = [" ".join(p for p in doc if p) for doc in documents]
    own = [scripts.detect(t[:5000]) for t in texts]
    weights: Counter[str] = Counter()
    for text, language in zip(texts, own, strict=True):
        weights[language] += len(text)
    most = weights.most_common(1)[0][0] if weights else "en"
    few = [sum(ch.isalpha() for ch in text) < FEW_LETTERS for text in texts]
    return [
        most if short and scripts.written_in(text, most) else language
        for text, language, short in zip(texts, own, few, strict=True)
    ]


@dataclass
class _Chunk:
    """The texts of one chunk being translated: their paragraphs and sources, and what each got."""

    documents: list[list[str]]
    ends: list[list[str]]  # each text's line ends, in order (one fewer than its paragraphs)
    sources: list[str]
    outputs: list[dict[str, str]]
    errors: list[str | None]
    stats: RunStats = field(default_factory=RunStats)
    checks: list[dict[str, tuple]] | None = None  # with checks: each text's, per language
    notes: dict[str, None] = field(default_factory=dict)  # about the checks, each once

    def live(self, src: str) -> list[int]:
        """The texts in ``src`` that have not failed."""
        return [i for i, s in enumerate(self.sources) if s == src and self.errors[i] is None]

    def item(self, i: int, position: int, text: str) -> BatchItem:
        """Text ``i``'s item: its translations and checks, or its error."""
        ok = self.errors[i] is None
        checks = self.checks[i] if self.checks is not None and ok else None
        return BatchItem(
            position, text, self.sources[i], self.outputs[i] if ok else {}, self.errors[i], checks
        )


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
    keep_apostrophes: bool = False,
    check: bool | str = False,
) -> ChunkResult:
    """Translate one chunk of texts into each of ``targets`` together (see :func:`translate_batch`).

    The unit of work of every batch engine: a worker calls it chunk after chunk with one session, so each
    model loads once. Positions count from ``start``. A text that cannot be translated gets ``error`` and
    no translations; the others go on. The scripts of one language (``uz``, ``uz-Cyrl``) take one model
    run between them. With ``check``, each translated line gets its checks.

    Raises:
        LanguageError, ModelError: a bad language, or an unusable model.
        SettingError: an unknown ``check``.
        ModelNotFoundError: no model serves a direction from a ``source`` given explicitly (for a
            detected source, the texts concerned get the error instead).
    """
    mode = checking.check_mode(check)
    documents = [item_paragraphs(t) for t in texts]
    sources = detect_sources(documents, source)
    ends = [_LINE_END.findall(t) for t in texts]
    chunk = _Chunk(documents, ends, sources, [{} for _ in texts], [None] * len(texts))
    chunk.checks = [{} for _ in texts] if mode else None
    by_language = by_model_language(targets)
    detected = check_source(source) == "auto"
    with session.sharing_encodings():  # one model serving several languages encodes each source once
        for src, (language, group) in itertools.product(dict.fromkeys(sources), by_language.items()):
            route = _route_or_error(session, src, language, model, detected=detected)
            book = ScoreBook() if mode and isinstance(route, Route) else None
            job = functools.partial(
                _along, session, route, generation=generation, cache=cache, progress=progress, book=book
            )
            _translate_group(chunk, src, group, job, keep_apostrophes, book)
            if book is not None and mode == "back":
                chunk.notes.update(dict.fromkeys(n for n in [_back_score(session, route, book)] if n))
    items = tuple(chunk.item(i, start + i, text) for i, text in enumerate(texts))
    return ChunkResult(items, chunk.stats, tuple(chunk.notes))


def _back_score(session: Session, route: Any, book: ScoreBook) -> str | None:
    return checking.back_score(session, route, book, route.steps[0].src, route.steps[-1].tgt)


def _translate_group(
    chunk: _Chunk,
    src: str,
    group: Sequence[str],
    job: Callable[..., Any],
    keep_apostrophes: bool,
    book: ScoreBook | None = None,
) -> None:
    """Translate the chunk's live texts in ``src`` once, and write the result in each of ``group`` (the
    scripts of one language), with its checks when there is a ``book``."""
    live = chunk.live(src)
    results, run, written = job(src, [chunk.documents[i] for i in live])
    chunk.stats += run
    for k, (i, result) in enumerate(zip(live, results, strict=True)):
        if isinstance(result, SummixError):
            chunk.errors[i] = str(result)
            continue
        for tgt in group:
            parts = _in_script(result, src, written, tgt, keep_apostrophes)
            chunk.outputs[i][tgt] = _joined([" ".join(p.split()) for p in parts], chunk.ends[i])
            if book is not None and chunk.checks is not None:
                models = book.document_values(k) or [None] * len(parts)
                found = checking.paragraph_checks(chunk.documents[i], parts, src, tgt, models)
                chunk.checks[i][tgt] = found


def _in_script(
    parts: list[str], src: str, written: str | None, tgt: str, keep_apostrophes: bool
) -> list[str]:
    """A text's paragraphs in ``tgt``: a model's output (``written`` names its script), or with
    ``written`` None the source itself (copied, or transliterated into another script)."""
    if written is not None:
        return scripts.from_model(parts, written, tgt, keep_apostrophes=keep_apostrophes)[0]
    return parts if tgt == src else scripts.rewrite(parts, tgt, keep_apostrophes=keep_apostrophes)


def _route_or_error(
    session: Session, src: str, tgt: str, model: str | None, *, detected: bool
) -> Route | ModelNotFoundError | None:
    """The route from ``src`` to ``tgt`` (None: the same language, nothing to translate); for a detected
    source, a missing model is the error of the documents concerned rather than of the whole run."""
    direction = model_direction(src, tgt)
    if direction is None:
        return None
    try:
        return session.route(*direction, model)
    except ModelNotFoundError as exc:
        if not detected:
            raise
        return ModelNotFoundError(f"detected as {src}, and {exc}; give the source language if that is wrong")


def _along(
    session: Session,
    route: Route | ModelNotFoundError | None,
    src: str,
    documents: list[list[str]],
    *,
    generation: GenerationOptions | None,
    cache: SegmentCache | None,
    progress: Progress | None,
    book: ScoreBook | None = None,
) -> tuple[list[Outcome], RunStats, str | None]:
    """``documents`` in ``src`` along ``route``: each one's paragraphs or error, the counters, and the
    code of the script the model wrote (None when no model ran)."""
    if route is None or not documents:
        return list(documents), RunStats(), None
    if isinstance(route, ModelNotFoundError):
        return [route] * len(documents), RunStats(), None
    reads = scripts.model_code(route.steps[0].ref, src)
    given = [scripts.to_model(doc, src, reads)[0] for doc in documents]
    results, stats, _sig = run_route(
        session, route, given, generation=generation, progress=progress, cache=cache, book=book
    )
    return results, stats, scripts.model_code(route.steps[-1].ref, route.steps[-1].tgt)


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
    keep_apostrophes: bool = False,
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
    Uzbek may be asked for in either script (``uz``, ``uz-Cyrl``); Uzbek Latin output gets the standard
    apostrophes unless ``keep_apostrophes``. With ``check`` (True, or ``"back"``), each item's ``checks``
    hold one check per line and language.

    Raises:
        ItemError: ``on_error="stop"`` and a text cannot be translated (the items before it were already
            yielded); with ``"skip"`` such a text comes back with ``error`` set and no translations.
        SettingError, LanguageError, OutputError: a bad setting or language, or a cache folder that
            cannot be written (checked when called).
        ModelError, ModelNotFoundError: no usable model (raised when the first chunk is translated).
    """
    check_choice("on_error", on_error, ON_ERROR)
    checking.check_mode(check)
    check_positive("chunk_size", chunk_size)
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
        keep_apostrophes=keep_apostrophes,
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
