"""The public library API: ``summarize()``, ``translate()`` and ``translate_batch()``.

Resolves models, loads each backend once per process, and runs the pipeline. Nothing here prints.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from summix import __version__, extractive, pipeline
from summix import text as textmod
from summix.backends import load_backend
from summix.backends.base import Backend
from summix.cache import SegmentCache
from summix.errors import ItemError, ModelNotFoundError, SummixError
from summix.languages import LANGUAGES, check_language, parse_languages
from summix.options import GenerationOptions, RuntimeOptions, Signature
from summix.resolve import ModelRef, find_installed, resolve_model, suggest_pull

Progress = Callable[[int], None]
METHODS: tuple[str, ...] = ("auto", "abstractive", "extractive")
ON_ERROR: tuple[str, ...] = ("raise", "skip")
# Shorter texts say too little for language detection: they take the language of their whole chunk.
SHORT_ITEM = 80
_BACKENDS: dict[tuple, Backend] = {}


@dataclass(frozen=True)
class Translation:
    """A document in one target language: one paragraph per source paragraph."""

    language: str
    paragraphs: tuple[str, ...]
    signature: Signature | None
    pivot: str | None = None
    seconds: float = 0.0
    stats: pipeline.RunStats = field(default_factory=pipeline.RunStats)

    @property
    def text(self) -> str:
        """The paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class TranslationResult:
    """Every requested language for one source document."""

    source_language: str
    source_paragraphs: tuple[str, ...]
    translations: tuple[Translation, ...]
    seconds: float

    def to_dict(self) -> dict:
        """The stable JSON form (schema: ``summix.schema``)."""
        return {
            "summix_version": __version__,
            "task": "translate",
            "source": {"language": self.source_language, "paragraphs": list(self.source_paragraphs)},
            "outputs": [_output_dict(t, t.text, list(t.paragraphs)) for t in self.translations],
            "seconds": round(self.seconds, 4),
        }


@dataclass(frozen=True)
class Summary:
    """The summary in one language."""

    language: str
    method: str
    sentences: tuple[str, ...]
    signature: Signature | None
    pivot: str | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """The summary as one paragraph."""
        return " ".join(self.sentences)


@dataclass(frozen=True)
class SummaryResult:
    """Summaries of one document in every requested language."""

    source_language: str
    method: str
    source_sentences: int
    summaries: tuple[Summary, ...]
    seconds: float

    def to_dict(self) -> dict:
        """The stable JSON form (schema: ``summix.schema``)."""
        return {
            "summix_version": __version__,
            "task": "summarize",
            "method": self.method,
            "source": {"language": self.source_language, "sentences": self.source_sentences},
            "outputs": [_output_dict(s, s.text, list(s.sentences)) for s in self.summaries],
            "seconds": round(self.seconds, 4),
        }


def _output_dict(item: Translation | Summary, text: str, parts: list[str]) -> dict:
    return {
        "language": item.language,
        "text": text,
        "parts": parts,
        "method": getattr(item, "method", "translate"),
        "pivot": item.pivot,
        "signature": asdict(item.signature) if item.signature else None,
        "seconds": round(item.seconds, 4),
        "notes": list(getattr(item, "notes", ())),
    }


def backend_key(ref: ModelRef, runtime: RuntimeOptions) -> tuple:
    """What makes two loaded backends interchangeable: the model folder and the runtime options that
    change how it is loaded."""
    return (
        str(ref.path),
        runtime.backend,
        runtime.device,
        runtime.dtype,
        runtime.threads,
        runtime.inter_threads,
    )


def get_backend(ref: ModelRef, runtime: RuntimeOptions) -> Backend:
    """The loaded backend for ``ref``, loading it on first use; later calls in this process reuse it."""
    key = backend_key(ref, runtime)
    if key not in _BACKENDS:
        _BACKENDS[key] = load_backend(ref, runtime)
    return _BACKENDS[key]


def loaded_signatures() -> list[Signature]:
    """What each model loaded in this process runs on (engine, device, dtype), as signatures."""
    return [signature(backend, GenerationOptions()) for backend in _BACKENDS.values()]


def clear_backends() -> None:
    """Forget every loaded model (frees their memory once nothing else holds them)."""
    _BACKENDS.clear()


def signature(backend: Backend, options: GenerationOptions, **extra: str) -> Signature:
    """Describe what produced an output."""
    ref = backend.ref
    return Signature(
        model_id=ref.model_id,
        revision=ref.revision,
        family=ref.family,
        backend=backend.name,
        device=backend.device,
        dtype=backend.dtype,
        num_beams=options.num_beams,
        max_new_tokens=options.max_new_tokens,
        random_weights=ref.random_weights,
        summix_version=__version__,
        extra=dict(extra),
    )


def detect_source(paragraphs: Sequence[str], source: str) -> str:
    """``source`` checked, or the detected language of the document when it is ``auto``."""
    return (
        textmod.detect_language(" ".join(paragraphs)[:5000]) if source == "auto" else check_language(source)
    )


def translate(
    text: str,
    to: str | Sequence[str] = LANGUAGES,
    *,
    source: str = "auto",
    model: str | None = None,
    runtime: RuntimeOptions | None = None,
    generation: GenerationOptions | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
) -> TranslationResult:
    """Translate a whole document into each language of ``to``, paragraph for paragraph.

    ``to`` defaults to uz, ru, en without the source language; the source language itself is copied as is.
    Without ``model``, the installed default for each direction is used, pivoting through English when only
    X->en and en->Y are installed. Segments found in ``cache`` skip the model; new ones are stored there.

    Raises:
        InputError: the text has no content paragraphs.
        LanguageError: an unknown language code.
        ModelNotFoundError: no installed model serves a direction (the message names the pull command).
        ModelError, CoverageError: the model cannot be used, or dropped text.
    """
    start = time.perf_counter()
    runtime = runtime or RuntimeOptions.from_env()
    paragraphs = _content(text)
    src = detect_source(paragraphs, source)
    targets = _targets(to, src)
    outputs = tuple(
        _translate_one(paragraphs, src, tgt, model, runtime, generation, progress, cache) for tgt in targets
    )
    return TranslationResult(src, tuple(paragraphs), outputs, time.perf_counter() - start)


def _content(text: str) -> list[str]:
    paragraphs = textmod.paragraphs(text)
    if not paragraphs:
        from summix.errors import InputError

        raise InputError("the document has no prose paragraphs: nothing to translate or summarize")
    return paragraphs


def _targets(to: str | Sequence[str], src: str) -> tuple[str, ...]:
    if isinstance(to, str) and to.strip().lower() == "auto" or not to:
        return tuple(lang for lang in LANGUAGES if lang != src)
    return parse_languages(to)


def _translate_one(
    paragraphs: list[str],
    src: str,
    tgt: str,
    model: str | None,
    runtime: RuntimeOptions,
    generation: GenerationOptions | None,
    progress: Progress | None,
    cache: SegmentCache | None = None,
) -> Translation:
    start = time.perf_counter()
    if tgt == src:
        return Translation(tgt, tuple(paragraphs), None, None, 0.0)
    route = translation_route(src, tgt, model, runtime)
    current, sig, total = paragraphs, None, pipeline.RunStats()
    for step_src, step_tgt, ref in route:
        backend = get_backend(ref, runtime)
        options = generation or default_generation(ref)
        current, stats = pipeline.translate_paragraphs(
            current,
            backend,
            src=step_src,
            tgt=step_tgt,
            options=options,
            batch_size=runtime.batch_size,
            max_batch_tokens=runtime.max_batch_tokens,
            progress=progress,
            cache=cache,
        )
        sig, total = signature(backend, options), total + stats
    pivot = "en" if len(route) > 1 else None
    return Translation(tgt, tuple(current), sig, pivot, time.perf_counter() - start, total)


@dataclass(frozen=True)
class BatchItem:
    """One text of :func:`translate_batch`: its translation in each language, or why it has none."""

    position: int
    source: str
    source_language: str
    translations: dict[str, str]
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when every requested language was produced."""
        return self.error is None


@dataclass(frozen=True)
class ChunkResult:
    """The items of one chunk, in input order, and what the pipeline did for them."""

    items: tuple[BatchItem, ...]
    stats: pipeline.RunStats


def batch_targets(to: str | Sequence[str], source: str = "auto") -> tuple[str, ...]:
    """The languages of a batch: ``to``, or for ``auto`` uz, ru, en without ``source`` (all three when the
    source is detected per text, so every text gets the same fields; its own language is copied).

    Raises:
        LanguageError: an unknown code.
    """
    if isinstance(to, str) and to.strip().lower() == "auto" or not to:
        src = None if source == "auto" else check_language(source)
        return tuple(lang for lang in LANGUAGES if lang != src)
    return parse_languages(to)


def item_paragraphs(text: str) -> list[str]:
    """A batch text's paragraphs: one per line (``\n``, ``\r\n``), whitespace collapsed, blank ones ""."""
    return [" ".join(line.split()) for line in text.split("\n")]


def detect_sources(documents: Sequence[Sequence[str]], source: str) -> list[str]:
    """The source language of each document: ``source``, or when ``auto`` the detected one; documents
    shorter than :data:`SHORT_ITEM` characters take the language detected for all of them together.

    Raises:
        LanguageError: ``source`` is not auto, en, ru or uz.
    """
    if source != "auto":
        return [check_language(source)] * len(documents)
    texts = [" ".join(p for p in doc if p) for doc in documents]
    whole = textmod.detect_language(" ".join(texts)[:5000])
    return [textmod.detect_language(t[:5000]) if len(t) >= SHORT_ITEM else whole for t in texts]


def translate_batch(
    items: Iterable[str],
    to: str | Sequence[str] = "auto",
    *,
    source: str = "auto",
    model: str | None = None,
    runtime: RuntimeOptions | None = None,
    generation: GenerationOptions | None = None,
    cache: SegmentCache | str | Path | None = None,
    on_error: str = "raise",
    chunk_size: int = 64,
    progress: Progress | None = None,
) -> Iterator[BatchItem]:
    """Translate many texts, ``chunk_size`` at a time in shared batches; yield one :class:`BatchItem` per
    text, in input order, as each chunk finishes. Any iterable works, and memory stays bounded.

    Every line of a text is translated as one paragraph (sentences split, long ones cut, nothing dropped);
    blank lines stay blank and an empty text gives "" without a model call. Unlike :func:`translate`, no
    line is dropped as web cruft. ``to``: see :func:`batch_targets`. Identical segments are translated
    once per call; ``cache`` (a folder, or a :class:`~summix.cache.SegmentCache`) keeps them across runs.
    With ``source="auto"`` each text's language is detected (see :func:`detect_sources`).

    Raises:
        ItemError: ``on_error="raise"`` and a text cannot be translated (the items before it were already
            yielded); with ``"skip"`` such a text comes back with ``error`` set and no translations.
        LanguageError, OutputError: a bad language, or a cache folder that cannot be written (checked
            when called).
        ModelError, ModelNotFoundError: no usable model (see :func:`translate_chunk`; raised when the
            first chunk is translated).
    """
    if on_error not in ON_ERROR:
        raise SummixError(f"unknown on_error {on_error!r}: choose from {', '.join(ON_ERROR)}")
    targets = batch_targets(to, source)
    memo = cache if isinstance(cache, SegmentCache) else SegmentCache(cache)
    runtime = runtime or RuntimeOptions.from_env()
    chunk = functools.partial(
        translate_chunk,
        targets=targets,
        source=source,
        model=model,
        runtime=runtime,
        generation=generation,
        cache=memo,
        progress=progress,
    )
    return _batch_items(items, chunk, max(1, chunk_size), on_error)


def _batch_items(
    items: Iterable[str], chunk: Callable[..., ChunkResult], size: int, on_error: str
) -> Iterator[BatchItem]:
    iterator, start = iter(items), 0
    while texts := list(itertools.islice(iterator, size)):
        for item in chunk(texts, start=start).items:
            if item.error is not None and on_error == "raise":
                raise ItemError(f"item {item.position}: {item.error}")
            yield item
        start += len(texts)


def translate_chunk(
    texts: Sequence[str],
    targets: Sequence[str],
    *,
    source: str = "auto",
    model: str | None = None,
    runtime: RuntimeOptions | None = None,
    generation: GenerationOptions | None = None,
    cache: SegmentCache | None = None,
    start: int = 0,
    progress: Progress | None = None,
) -> ChunkResult:
    """Translate one chunk of texts into each of ``targets`` together (see :func:`translate_batch`).

    This is the unit of work a batch worker runs: models load on first use and stay loaded in the
    process, so a worker that calls it chunk after chunk loads each model once. Positions count from
    ``start``. A text that cannot be translated gets ``error`` and no translations; the others go on.

    Raises:
        LanguageError, ModelError: a bad language, or an unusable model.
        ModelNotFoundError: no model serves a direction from a ``source`` given explicitly (for a
            detected source, the texts concerned get the error instead).
    """
    how = _How(model, runtime or RuntimeOptions.from_env(), generation, cache, progress, source == "auto")
    documents = [item_paragraphs(t) for t in texts]
    sources = detect_sources(documents, source)
    outputs: list[dict[str, str]] = [{} for _ in texts]
    errors: list[str | None] = [None] * len(texts)
    stats = pipeline.RunStats()
    for src, tgt in itertools.product(dict.fromkeys(sources), targets):
        live = [i for i, s in enumerate(sources) if s == src and errors[i] is None]
        results, run = _route_many([documents[i] for i in live], src, tgt, how)
        stats += run
        for i, result in zip(live, results, strict=True):
            if isinstance(result, SummixError):
                errors[i] = str(result)
            else:
                outputs[i][tgt] = "\n".join(" ".join(p.split()) for p in result)
    items = tuple(
        BatchItem(start + i, text, sources[i], outputs[i] if errors[i] is None else {}, errors[i])
        for i, text in enumerate(texts)
    )
    return ChunkResult(items, stats)


@dataclass(frozen=True)
class _How:
    """How a chunk is translated: everything but the texts and the direction."""

    model: str | None
    runtime: RuntimeOptions
    generation: GenerationOptions | None
    cache: SegmentCache | None
    progress: Progress | None
    detected: bool


def _route_many(
    documents: list[list[str]], src: str, tgt: str, how: _How
) -> tuple[list[list[str] | SummixError], pipeline.RunStats]:
    """Take ``documents`` from ``src`` to ``tgt`` through one model or two (pivot), keeping failures apart."""
    current: list[list[str] | SummixError] = list(documents)
    if src == tgt or not documents:
        return current, pipeline.RunStats()
    try:
        route = translation_route(src, tgt, how.model, how.runtime)
    except ModelNotFoundError as exc:
        if not how.detected:
            raise
        why = ModelNotFoundError(f"detected as {src}, and {exc}; give the source language if that is wrong")
        return [why] * len(documents), pipeline.RunStats()
    stats = pipeline.RunStats()
    for step_src, step_tgt, ref in route:
        live = [i for i, doc in enumerate(current) if not isinstance(doc, SummixError)]
        results, run = pipeline.translate_many(
            [current[i] for i in live],  # type: ignore[misc]
            get_backend(ref, how.runtime),
            src=step_src,
            tgt=step_tgt,
            options=how.generation or default_generation(ref),
            batch_size=how.runtime.batch_size,
            max_batch_tokens=how.runtime.max_batch_tokens,
            progress=how.progress,
            cache=how.cache,
        )
        stats += run
        for i, result in zip(live, results, strict=True):
            current[i] = result
    return current, stats


def translation_route(
    src: str, tgt: str, model: str | None, runtime: RuntimeOptions
) -> list[tuple[str, str, ModelRef]]:
    """The models that take ``src`` to ``tgt``: one direct step, or two through English.

    Raises:
        ModelNotFoundError: neither a direct model nor both pivot halves are installed.
    """
    if model is not None:
        return [(src, tgt, resolve_model(model, runtime.models_dir, runtime.allow_pickle))]
    direct = find_installed("translate", src, tgt, runtime.models_dir)
    if direct is not None:
        return [(src, tgt, direct)]
    if "en" not in (src, tgt):
        first = find_installed("translate", src, "en", runtime.models_dir)
        second = find_installed("translate", "en", tgt, runtime.models_dir)
        if first is not None and second is not None:
            return [(src, "en", first), ("en", tgt, second)]
    raise ModelNotFoundError(
        f"no installed model translates {src}->{tgt}: run `{suggest_pull('translate', src, tgt)}` "
        "(or pass --model FOLDER)"
    )


def default_generation(ref: ModelRef, task: str = "translate") -> GenerationOptions:
    """The model card's settings for ``ref`` (beams, length, no-repeat n-grams)."""
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


def summarize(
    text: str,
    languages: str | Sequence[str] = LANGUAGES,
    *,
    method: str = "auto",
    model: str | None = None,
    translator: str | None = None,
    sentences: int | None = None,
    source: str = "auto",
    runtime: RuntimeOptions | None = None,
    progress: Progress | None = None,
    partial: bool = False,
) -> SummaryResult:
    """Summarise a document, then give the summary in each of ``languages``.

    ``method``: ``extractive`` (embedded, needs no weights), ``abstractive`` (an installed mT5 summarizer,
    map-reduce over chunks), or ``auto`` (abstractive when a summarizer is installed, else extractive).
    Other languages come from a cross-lingual summarizer, or by translating the summary. With ``partial``,
    a language no installed model can serve comes back empty, with method ``unavailable`` and the reason
    (naming the pull command) in ``notes``, instead of raising.

    Raises:
        InputError, LanguageError, ModelError, CoverageError.
        ModelNotFoundError: a needed model is not installed (for other languages only without ``partial``).
    """
    start = time.perf_counter()
    runtime = runtime or RuntimeOptions.from_env()
    paragraphs = _content(text)
    src = detect_source(paragraphs, source)
    targets = parse_languages(languages)
    chosen, summarizer = _choose_method(method, model, src, runtime)
    if chosen == "extractive":
        base = Summary(
            src, "extractive", tuple(extractive.summarize_extractive(paragraphs, src, sentences)), None
        )
    else:
        base = _abstractive(paragraphs, src, src, summarizer, runtime, progress)
    outputs = tuple(
        _summary_or_reason(partial, tgt, base, paragraphs, src, summarizer, translator, runtime, progress)
        for tgt in targets
    )
    total = sum(len(textmod.split_sentences(p, src)) for p in paragraphs)
    return SummaryResult(src, chosen, total, outputs, time.perf_counter() - start)


def _choose_method(
    method: str, model: str | None, src: str, runtime: RuntimeOptions
) -> tuple[str, ModelRef | None]:
    if method not in METHODS:
        from summix.errors import SummixError

        raise SummixError(f"unknown method {method!r}: choose from {', '.join(METHODS)}")
    if method == "extractive":
        return "extractive", None
    if model is not None:
        return "abstractive", resolve_model(model, runtime.models_dir, runtime.allow_pickle)
    found = find_installed("summarize", src, src, runtime.models_dir)
    if found is not None:
        return "abstractive", found
    if method == "abstractive":
        raise ModelNotFoundError(
            f"no installed model summarises {src}: run `{suggest_pull('summarize', src, src)}` "
            "or use --method extractive"
        )
    return "extractive", None


def _abstractive(
    paragraphs: list[str],
    src: str,
    tgt: str,
    ref: ModelRef | None,
    runtime: RuntimeOptions,
    progress: Progress | None,
) -> Summary:
    assert ref is not None
    start = time.perf_counter()
    backend = get_backend(ref, runtime)
    options = default_generation(ref, task="summarize")
    text, _stats = pipeline.summarize_map_reduce(
        paragraphs,
        backend,
        src=src,
        tgt=tgt,
        options=options,
        batch_size=runtime.batch_size,
        max_batch_tokens=runtime.max_batch_tokens,
        progress=progress,
    )
    parts = tuple(textmod.split_sentences(text, tgt)) or (text,)
    return Summary(tgt, "abstractive", parts, signature(backend, options), None, time.perf_counter() - start)


def _summary_or_reason(partial: bool, tgt: str, *args: object) -> Summary:
    """The summary in ``tgt``, or (with ``partial``) an empty one saying which model is missing."""
    try:
        return _summary_in(tgt, *args)  # type: ignore[arg-type]
    except ModelNotFoundError as exc:
        if not partial:
            raise
        return Summary(tgt, "unavailable", (), None, notes=(str(exc),))


def _summary_in(
    tgt: str,
    base: Summary,
    paragraphs: list[str],
    src: str,
    summarizer: ModelRef | None,
    translator: str | None,
    runtime: RuntimeOptions,
    progress: Progress | None,
) -> Summary:
    if tgt == base.language:
        return base
    if summarizer is not None and summarizer.serves("cross-summarize", src, tgt):
        return _abstractive(paragraphs, src, tgt, summarizer, runtime, progress)
    start = time.perf_counter()
    result = _translate_one(list(base.sentences), src, tgt, translator, runtime, None, progress)
    return Summary(
        tgt,
        base.method + "+translate",
        result.paragraphs,
        result.signature,
        result.pivot,
        time.perf_counter() - start,
        notes=(f"summary translated from {src}",),
    )
