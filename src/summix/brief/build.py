"""Make a brief: summarize and translate one document through the library, then assemble the results.

:func:`build_brief` asks the library for the summaries once (every language in one call, so the
document is summarised once) and for one translation per language (models load once per process and
are reused). Anything with the library's ``summarize(text, languages, **options)`` and
``translate(text, to, **options)`` can stand in for it (``session=``). A language no installed model
serves becomes a :class:`~summix.brief.model.Missing` entry with the command that installs one, so a
machine without models still gets a brief: the extractive summary in the source language and the source
text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from summix import __version__
from summix import text as textmod
from summix.api import Summary, SummaryResult, Translation, TranslationResult
from summix.brief.model import (
    Brief,
    BriefSummary,
    Column,
    Missing,
    Run,
    is_heading,
    language_of,
    script_of,
)
from summix.errors import InputError, LanguageError, ModelNotFoundError
from summix.languages import check_language
from summix.options import RuntimeOptions, Signature, with_beams

Transliterate = Callable[[str, str], str]
Progress = Callable[[int], None]

DEFAULT_TAGS: tuple[str, ...] = ("uz-Latn", "ru", "en")
VALID_TAGS: tuple[str, ...] = ("en", "ru", "uz", "uz-Latn", "uz-Cyrl")
# Lower-case spelling (with "-" for "_") -> canonical tag; plain "uz" is Latin, the script models write.
_TAGS: dict[str, str] = {
    "en": "en",
    "en-latn": "en",
    "ru": "ru",
    "ru-cyrl": "ru",
    "uz": "uz-Latn",
    "uz-latn": "uz-Latn",
    "uz-cyrl": "uz-Cyrl",
}
_PULL = re.compile(r"`(summix models pull [^`]+)`")
_RUN = re.compile(r":\s*run `")
_TITLE_PREFIX_WORDS = 12


class Library(Protocol):
    """What a brief needs from summix: the two document calls of ``summix.api`` (or of a session)."""

    def summarize(self, text: str, languages: Sequence[str], **options: Any) -> SummaryResult: ...

    def translate(self, text: str, to: Sequence[str], **options: Any) -> TranslationResult: ...


@dataclass(frozen=True)
class ApiLibrary:
    """``summix.api``'s module functions behind the :class:`Library` interface, with ``runtime`` bound."""

    runtime: RuntimeOptions | None = None

    def summarize(self, text: str, languages: Sequence[str], **options: Any) -> SummaryResult:
        """``summix.api.summarize`` with this runtime."""
        from summix import api

        return api.summarize(text, languages, runtime=self.runtime, **options)

    def translate(self, text: str, to: Sequence[str], **options: Any) -> TranslationResult:
        """``summix.api.translate`` with this runtime."""
        from summix import api

        return api.translate(text, to, runtime=self.runtime, **options)


@dataclass(frozen=True)
class BriefRequest:
    """Everything that decides what a brief contains, checked once."""

    tags: tuple[str, ...] = DEFAULT_TAGS
    source: str = "auto"
    method: str = "auto"
    summarizer: str | None = None
    translator: str | None = None
    sentences: int | None = None
    beams: int | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages (en, ru, uz) the tags ask for, each once, in order."""
        return tuple(dict.fromkeys(language_of(t) for t in self.tags))


def parse_tags(spec: str | Iterable[str]) -> tuple[str, ...]:
    """``"uz-Cyrl,ru"`` (or a list) as canonical tags, each once, in the order given.

    Case does not matter and ``_`` may stand for ``-``; ``uz`` means ``uz-Latn``.

    Raises:
        LanguageError: an unknown tag (the message lists the valid ones), or no tag at all.
    """
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    tags = []
    for part in (p.strip() for p in parts if p.strip()):
        key = part.lower().replace("_", "-")
        if key not in _TAGS:
            raise LanguageError(
                f"unknown language {part!r}: use one of {', '.join(VALID_TAGS)} (e.g. uz-Cyrl,ru,en)"
            )
        tags.append(_TAGS[key])
    if not tags:
        raise LanguageError(f"no language given in {spec!r}: use one of {', '.join(VALID_TAGS)}")
    return tuple(dict.fromkeys(tags))


def build_brief(
    text: str,
    languages: str | Iterable[str] = DEFAULT_TAGS,
    *,
    session: Library | None = None,
    runtime: RuntimeOptions | None = None,
    source: str = "auto",
    method: str = "auto",
    summarizer: str | None = None,
    translator: str | None = None,
    sentences: int | None = None,
    beams: int | None = None,
    title: str | None = None,
    flags: Iterable[Mapping[str, Any] | object] = (),
    transliterate: Transliterate | None = None,
    made: date | None = None,
    progress: Progress | None = None,
) -> Brief:
    """Summarise and translate ``text`` into each of ``languages`` and assemble a :class:`Brief`.

    ``languages``: tags as in :func:`parse_tags` (``uz-Latn``, ``uz-Cyrl``, ``ru``, ``en``). ``session``: what
    runs the work (default: ``summix.api`` with ``runtime``). ``method``, ``summarizer`` (a model for
    ``summarize``), ``translator`` (a model for both the translations and translated summaries),
    ``sentences`` and ``beams`` go to the library as in ``summix summarize``/``translate``. A language no
    installed model serves is listed in ``Brief.missing`` with its pull command, unless ``translator``
    names a model, which must then serve every language. ``flags`` (plain data, see
    :meth:`~summix.brief.model.Flag.from_data`) are shown on their segments. Uzbek in a script the models do
    not write is made with ``transliterate(text, tag)`` (default: ``summix.translit.transliterate``).

    Raises:
        InputError: the text has no content paragraphs.
        LanguageError: an unknown tag, or uz-Cyrl asked for where no transliterator is available.
        ModelNotFoundError: ``summarizer`` or ``translator`` names a model that is not installed, or
            ``method="abstractive"`` and no summarizer is.
        SummixError, ModelError, CoverageError: as ``summix.api.summarize``/``translate`` raise them.
        ValueError: a malformed flag, or one naming a column or paragraph the brief lacks.
    """
    request = BriefRequest(parse_tags(languages), source, method, summarizer, translator, sentences, beams)
    library = session or ApiLibrary(runtime)
    content = textmod.content(text)
    if not content.paragraphs:
        raise InputError("the document has no prose paragraphs: nothing to put in a brief")
    source_tag = detect_tag(content.paragraphs, source)
    convert = _converter(request.tags, source_tag, transliterate)
    summaries = library.summarize(
        text,
        request.languages,
        method=method,
        model=summarizer,
        translator=translator,
        sentences=sentences,
        source=language_of(source_tag),
        progress=progress,
        partial=True,
    )
    translations, failures = translate_each(library, text, language_of(source_tag), request, progress)
    parts = BriefParts(content, source_tag, summaries, translations, failures)
    brief = assemble(parts, request.tags, convert=convert, title=title, made=made)
    return brief.with_flags(flags)


def detect_tag(paragraphs: Sequence[str], source: str = "auto") -> str:
    """The source's tag: its language (``source``, or detected when ``auto``) and, for Uzbek, its script.

    Raises:
        LanguageError: ``source`` is not auto, en, ru or uz.
    """
    joined = " ".join(paragraphs)[:5000]
    language = textmod.detect_language(joined) if source == "auto" else check_language(source)
    if language != "uz":
        return language
    return "uz-Cyrl" if textmod.uzbek_script(joined) == "cyrl" else "uz-Latn"


def translate_each(
    library: Library, text: str, src: str, request: BriefRequest, progress: Progress | None = None
) -> tuple[TranslationResult, dict[str, str]]:
    """One translation call per language of ``request`` other than ``src``, gathered in one result; the
    languages no installed model serves are returned apart, with the library's message.

    Raises:
        ModelNotFoundError: ``request.translator`` names a model that is missing (or serves no route).
    """
    done: list[Translation] = []
    failures: dict[str, str] = {}
    seconds = 0.0
    for language in (lang for lang in request.languages if lang != src):
        try:
            result = library.translate(
                text,
                [language],
                source=src,
                model=request.translator,
                generation=with_beams(request.beams),
                progress=progress,
            )
        except ModelNotFoundError as exc:
            if request.translator is not None:
                raise
            failures[language] = str(exc)
            continue
        done.extend(result.translations)
        seconds += result.seconds
    paragraphs = textmod.paragraphs(text)
    return TranslationResult(src, tuple(paragraphs), tuple(done), seconds), failures


@dataclass(frozen=True)
class BriefParts:
    """What the library produced for one document: the raw material of a brief.

    ``failures`` maps a language whose translation could not be made to the library's message.
    """

    content: textmod.Content
    source_tag: str
    summaries: SummaryResult
    translations: TranslationResult
    failures: Mapping[str, str]


Converter = Callable[[Sequence[str], str, str], tuple[str, ...]]


def assemble(
    parts: BriefParts,
    tags: Sequence[str],
    *,
    convert: Converter | None = None,
    title: str | None = None,
    made: date | None = None,
) -> Brief:
    """A :class:`Brief` with a column and a summary per tag (the source's own tag is its source column).

    ``convert(paragraphs, written, tag)`` rewrites Uzbek text written in script ``written`` into the script
    of ``tag`` (default: none; Uzbek asked for in another script than it is written in is then an error).
    ``title`` defaults to the document's first paragraph when it reads as a title, else its first words;
    ``made`` to today.

    Raises:
        ValueError: a column is not aligned with the source (see :class:`Brief`), or text must change
            script and no ``convert`` is given.
    """
    convert = convert or _no_conversion
    source = Column(parts.source_tag, parts.content.paragraphs, is_source=True)
    columns, summaries, missing = [], [], []
    for tag in tags:
        column = _column(parts, tag, convert)
        if column is not None and tag != parts.source_tag:
            columns.append(column)
        summary = _summary(parts, tag, convert)
        if isinstance(summary, BriefSummary):
            summaries.append(summary)
        lacking = _missing(parts, tag, summary, column)
        if lacking is not None:
            missing.append(lacking)
    return Brief(
        title=title or _title(parts.content.paragraphs),
        source=source,
        columns=tuple(columns),
        summaries=tuple(summaries),
        missing=tuple(missing),
        dropped=parts.content.dropped,
        made=(made or date.today()).isoformat(),
        summix_version=__version__,
    )


def _column(parts: BriefParts, tag: str, convert: Converter) -> Column | None:
    """The column for ``tag``: the source (in ``tag``'s script), a translation, or None when missing."""
    if language_of(tag) == language_of(parts.source_tag):
        written = script_of(parts.source_tag)
        paragraphs, note = _in_script(parts.content.paragraphs, written, tag, convert)
        return Column(tag, paragraphs, note=note)
    found = [t for t in parts.translations.translations if t.language == language_of(tag)]
    if not found:
        return None
    translation = found[0]
    run = _run("translate", translation.signature, translation.pivot)
    # Translation models write Uzbek in Latin script.
    paragraphs, note = _in_script(translation.paragraphs, "Latn", tag, convert)
    return Column(tag, paragraphs, run=run, note=note)


def _summary(parts: BriefParts, tag: str, convert: Converter) -> BriefSummary | Summary | None:
    """The brief's summary for ``tag``; the library's ``unavailable`` one as is; None when not asked."""
    found = [s for s in parts.summaries.summaries if s.language == language_of(tag)]
    if not found or found[0].method == "unavailable":
        return found[0] if found else None
    summary = found[0]
    translated = summary.method.endswith("+translate")
    # A summary made from the source in its own language keeps the source's script; models write Latin.
    own = summary.language == language_of(parts.source_tag) and not translated
    written = script_of(parts.source_tag) if own else "Latn"
    sentences, note = _in_script(summary.sentences, written, tag, convert)
    run = _run("translate" if translated else "summarize", summary.signature, summary.pivot)
    # A translated summary says where it came from in translated_from; the library's note says it again.
    notes = tuple(n for n in summary.notes if not (translated and n.startswith("summary translated from")))
    origin = language_of(parts.source_tag) if translated else None
    return BriefSummary(tag, summary.method, sentences, run, notes + ((note,) if note else ()), origin)


def _run(task: str, signature: Signature | None, pivot: str | None) -> Run | None:
    return Run.from_signature(task, signature, pivot) if signature is not None else None


def _in_script(
    texts: Sequence[str], written: str, tag: str, convert: Converter
) -> tuple[tuple[str, ...], str | None]:
    """``texts`` (Uzbek ones written in ``written`` script) in ``tag``'s script, and a note when rewritten."""
    if not _rewrites(written, tag):
        return tuple(texts), None
    return convert(texts, written, tag), f"transliterated from uz-{written}"


def _rewrites(written: str, tag: str) -> bool:
    """True when text written in ``written`` script must be transliterated to appear under ``tag``."""
    return language_of(tag) == "uz" and script_of(tag) != written


def _missing(
    parts: BriefParts, tag: str, summary: BriefSummary | Summary | None, column: Column | None
) -> Missing | None:
    """What of ``tag`` could not be produced, why, and the command that fixes it; None when nothing."""
    reasons: dict[str, str] = {}
    if isinstance(summary, Summary):
        reasons["summary"] = summary.notes[0] if summary.notes else "no installed model serves it"
    if column is None:
        reasons["translation"] = parts.failures.get(language_of(tag), "no installed model serves it")
    if not reasons:
        return None
    message = next(iter(reasons.values()))
    commands = [m.group(1) for r in reasons.values() if (m := _PULL.search(r))]
    # The library's message ends with the command, which the brief shows on its own.
    reason = _RUN.split(message, maxsplit=1)[0]
    return Missing(tag, tuple(reasons), reason, commands[0] if commands else "summix models list")


def _title(paragraphs: Sequence[str]) -> str:
    """The first paragraph when it reads as a title, else its first words and an ellipsis."""
    first = paragraphs[0]
    if is_heading(first, first=True):
        return first
    words = first.split()
    return " ".join(words[:_TITLE_PREFIX_WORDS]) + ("…" if len(words) > _TITLE_PREFIX_WORDS else "")


def _no_conversion(paragraphs: Sequence[str], written: str, tag: str) -> tuple[str, ...]:
    raise ValueError(f"{tag} text is written in {written} script here and no transliteration was given")


def _converter(tags: Sequence[str], source_tag: str, given: Transliterate | None) -> Converter:
    """Rewrites Uzbek paragraphs into a tag's script with ``given`` (default: summix.translit).

    Raises:
        LanguageError: a tag needs another script than the text is written in, and no transliterator
            exists.
    """
    # Models write Uzbek in Latin script; a Cyrillic source is its own uz-Cyrl text.
    needed = ("uz-Cyrl" in tags and source_tag != "uz-Cyrl") or (
        source_tag == "uz-Cyrl" and "uz-Latn" in tags
    )
    if not needed:
        return _no_conversion
    transliterate = given or _installed_transliterator()

    def convert(paragraphs: Sequence[str], written: str, tag: str) -> tuple[str, ...]:
        return tuple(transliterate(p, tag) for p in paragraphs)

    return convert


def _installed_transliterator() -> Transliterate:
    try:
        from summix.translit import transliterate  # type: ignore[import-not-found]
    except ImportError:
        raise LanguageError(
            "uz-Cyrl needs Uzbek transliteration (summix.translit), which this installation lacks: "
            "ask for uz-Latn instead"
        ) from None
    return transliterate
