"""The public library API: ``summarize()`` and ``translate()``.

Resolves models, loads each backend once per process, and runs the pipeline. Nothing here prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from summix import __version__, extractive, pipeline
from summix import text as textmod
from summix.backends import load_backend
from summix.backends.base import Backend
from summix.errors import ModelNotFoundError
from summix.languages import LANGUAGES, check_language, parse_languages
from summix.options import GenerationOptions, RuntimeOptions, Signature
from summix.resolve import ModelRef, find_installed, resolve_model, suggest_pull

Progress = Callable[[int], None]
METHODS: tuple[str, ...] = ("auto", "abstractive", "extractive")
_BACKENDS: dict[tuple, Backend] = {}


@dataclass(frozen=True)
class Translation:
    """A document in one target language: one paragraph per source paragraph."""

    language: str
    paragraphs: tuple[str, ...]
    signature: Signature | None
    pivot: str | None = None
    seconds: float = 0.0

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
    }


def get_backend(ref: ModelRef, runtime: RuntimeOptions) -> Backend:
    """The loaded backend for ``ref``, loading it on first use; later calls in this process reuse it."""
    key = (str(ref.path), runtime.backend, runtime.device, runtime.dtype, runtime.threads)
    if key not in _BACKENDS:
        _BACKENDS[key] = load_backend(ref, runtime)
    return _BACKENDS[key]


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
) -> TranslationResult:
    """Translate a whole document into each language of ``to``, paragraph for paragraph.

    ``to`` defaults to uz, ru, en without the source language; the source language itself is copied as is.
    Without ``model``, the installed default for each direction is used, pivoting through English when only
    X->en and en->Y are installed.

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
        _translate_one(paragraphs, src, tgt, model, runtime, generation, progress) for tgt in targets
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
) -> Translation:
    start = time.perf_counter()
    if tgt == src:
        return Translation(tgt, tuple(paragraphs), None, None, 0.0)
    route = translation_route(src, tgt, model, runtime)
    current, sig = paragraphs, None
    for step_src, step_tgt, ref in route:
        backend = get_backend(ref, runtime)
        options = generation or default_generation(ref)
        current, _stats = pipeline.translate_paragraphs(
            current,
            backend,
            src=step_src,
            tgt=step_tgt,
            options=options,
            batch_size=runtime.batch_size,
            max_batch_tokens=runtime.max_batch_tokens,
            progress=progress,
        )
        sig = signature(backend, options)
    pivot = "en" if len(route) > 1 else None
    return Translation(tgt, tuple(current), sig, pivot, time.perf_counter() - start)


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
    if task == "translate":
        return GenerationOptions(num_beams=card.get("num_beams", 4))
    return GenerationOptions(
        num_beams=card.get("num_beams", 4),
        max_new_tokens=card.get("max_length", 84),
        length_ratio=1.0,
        no_repeat_ngram_size=card.get("no_repeat_ngram_size", 2),
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
) -> SummaryResult:
    """Summarise a document, then give the summary in each of ``languages``.

    ``method``: ``extractive`` (embedded, needs no weights), ``abstractive`` (an installed mT5 summarizer,
    map-reduce over chunks), or ``auto`` (abstractive when a summarizer is installed, else extractive).
    Other languages come from a cross-lingual summarizer, or by translating the summary.

    Raises:
        InputError, LanguageError, ModelNotFoundError, ModelError, CoverageError.
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
        _summary_in(tgt, base, paragraphs, src, summarizer, translator, runtime, progress) for tgt in targets
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
