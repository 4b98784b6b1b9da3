"""Make a brief: summarize and translate one document on one session, then assemble the results.

:func:`build_brief` runs everything on one :class:`~summix.session.Session` (its own, or the one given), so
each model is resolved and loaded once for the whole brief: the summaries in one call (every language at
once, so the document is summarised once), then one translation per language. A language no installed
model serves becomes a :class:`~summix.brief.model.Missing` entry with the command that installs one, so a
machine without models still gets a brief: the extractive summary in the source language and the source
text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from summix import __version__, translit
from summix import text as textmod
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
from summix.languages import check_source
from summix.options import RuntimeOptions, Signature, check_choice, check_positive, with_beams
from summix.results import Summary, SummaryResult, Translation
from summix.session import Session
from summix.summarizing import METHODS
from summix.translation import detect_source, translate_paragraphs
from summix.translit import VALID_TAGS, parse_language_tag

Transliterate = Callable[[str, str], str]
Progress = Callable[[int], None]

DEFAULT_TAGS: tuple[str, ...] = ("uz-Latn", "ru", "en")
_PULL = re.compile(r"`(summix models pull [^`]+)`")
_RUN = re.compile(r":\s*run `")
_TITLE_PREFIX_WORDS = 12


def parse_tags(spec: str | Iterable[str]) -> tuple[str, ...]:
    """``"uz-Cyrl,ru"`` (or a list) as canonical tags, each once, in the order given.

    Tags are read by :func:`summix.translit.parse_language_tag`: case does not matter, ``_`` may stand
    for ``-``, and ``uz`` means ``uz-Latn``.

    Raises:
        LanguageError: an unknown tag (the message lists the valid ones), or no tag at all.
    """
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    tags = [parse_language_tag(part).code for part in parts if part.strip()]
    if not tags:
        raise LanguageError(
            f"no language given in {{languages}} ({spec!r}): use one of {', '.join(VALID_TAGS)}", "languages"
        )
    return tuple(dict.fromkeys(tags))


@dataclass(frozen=True)
class BriefRequest:
    """Everything that decides what a brief contains, checked when it is made.

    Raises:
        LanguageError: an unknown tag or source language.
        SettingError: an unknown method, or ``sentences`` or ``beams`` below 1.
    """

    tags: tuple[str, ...] = DEFAULT_TAGS
    source: str = "auto"
    method: str = "auto"
    summarizer: str | None = None
    translator: str | None = None
    sentences: int | None = None
    beams: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", parse_tags(self.tags))
        object.__setattr__(self, "source", check_source(self.source))
        check_choice("method", self.method, METHODS)
        check_positive("sentences", self.sentences)
        check_positive("beams", self.beams)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages (en, ru, uz) the tags ask for, each once, in order."""
        return tuple(dict.fromkeys(language_of(t) for t in self.tags))


def build_brief(
    text: str,
    languages: str | Iterable[str] = DEFAULT_TAGS,
    *,
    session: Session | None = None,
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

    ``languages``: tags as in :func:`parse_tags` (``uz-Latn``, ``uz-Cyrl``, ``ru``, ``en``). ``session``
    runs the work (default: a session of its own for ``runtime``, closed when the brief is made).
    ``method``, ``summarizer`` (a model for ``summarize``), ``translator`` (a model for both the
    translations and translated summaries), ``sentences`` and ``beams`` (translations only) go to the
    library as in ``summix summarize``/``translate``. A language no installed model serves is listed in
    ``Brief.missing`` with its pull command, unless ``translator`` names a model, which must then serve
    every language. ``flags`` (plain data, see :meth:`~summix.brief.model.Flag.from_data`) are shown on
    their segments. Uzbek in a script the models do not write is made with ``transliterate(text, tag)``
    (default: :func:`summix.translit.transliterate`).

    Raises:
        InputError: the text has no content paragraphs.
        LanguageError: an unknown tag or source language.
        SettingError: an unknown method, or ``sentences`` or ``beams`` below 1.
        ModelNotFoundError: ``summarizer`` or ``translator`` names a model that is not installed, or
            ``method="abstractive"`` and no summarizer is.
        ModelError, CoverageError: as the session's ``summarize``/``translate`` raise them.
        ValueError: a malformed flag, or one naming a column or paragraph the brief lacks.
    """
    request = BriefRequest(parse_tags(languages), source, method, summarizer, translator, sentences, beams)
    with nullcontext(session) if session is not None else Session(runtime) as used:
        brief = make_brief(
            used, text, request, title=title, transliterate=transliterate, made=made, progress=progress
        )
    return brief.with_flags(flags)


def make_brief(
    session: Session,
    text: str,
    request: BriefRequest,
    *,
    title: str | None = None,
    transliterate: Transliterate | None = None,
    made: date | None = None,
    progress: Progress | None = None,
) -> Brief:
    """The brief ``request`` asks for, made on ``session`` (see :func:`build_brief`).

    Raises:
        InputError, ModelNotFoundError, ModelError, CoverageError: see :func:`build_brief`.
    """
    parts = gather(session, text, request, progress)
    convert = _converter(request.tags, parts.source_tag, transliterate)
    return assemble(parts, request.tags, convert=convert, title=title, made=made)


def gather(
    session: Session, text: str, request: BriefRequest, progress: Progress | None = None
) -> BriefParts:
    """Run the summaries and translations ``request`` asks for on ``session``.

    Raises:
        InputError: the text has no content paragraphs.
        ModelNotFoundError, ModelError, CoverageError: see :func:`build_brief`.
    """
    content = textmod.content(text)
    if not content.paragraphs:
        raise InputError("the document has no prose paragraphs: nothing to put in a brief")
    source_tag = detect_tag(content.paragraphs, request.source)
    summaries = session.summarize(
        text,
        request.languages,
        method=request.method,
        model=request.summarizer,
        translator=request.translator,
        sentences=request.sentences,
        source=language_of(source_tag),
        progress=progress,
        partial=True,
    )
    translations, failures = translate_each(
        session, content.paragraphs, language_of(source_tag), request, progress
    )
    return BriefParts(content, source_tag, summaries, translations, failures)


def detect_tag(paragraphs: Sequence[str], source: str = "auto") -> str:
    """The source's tag: its language (``source``, or detected when ``auto``) and, for Uzbek, its script.

    Raises:
        LanguageError: ``source`` is not auto, en, ru or uz.
    """
    language = detect_source(paragraphs, source)
    if language != "uz":
        return language
    return "uz-Cyrl" if textmod.uzbek_script(" ".join(paragraphs)[:5000]) == "cyrl" else "uz-Latn"


def translate_each(
    session: Session,
    paragraphs: Sequence[str],
    src: str,
    request: BriefRequest,
    progress: Progress | None = None,
) -> tuple[tuple[Translation, ...], dict[str, str]]:
    """``paragraphs`` in each language of ``request`` other than ``src``, one translation per language;
    the languages no installed model serves are returned apart, with the library's message.

    Raises:
        ModelNotFoundError: ``request.translator`` names a model that is missing (or serves no route).
        ModelError, CoverageError: a model cannot be used, or dropped text.
    """
    done: list[Translation] = []
    failures: dict[str, str] = {}
    generation = with_beams(request.beams)
    for language in (lang for lang in request.languages if lang != src):
        try:
            done.append(
                translate_paragraphs(
                    session,
                    paragraphs,
                    src,
                    language,
                    model=request.translator,
                    generation=generation,
                    progress=progress,
                )
            )
        except ModelNotFoundError as exc:
            if request.translator is not None:
                raise
            failures[language] = str(exc)
    return tuple(done), failures


@dataclass(frozen=True)
class BriefParts:
    """What the library produced for one document: the raw material of a brief.

    ``failures`` maps a language whose translation could not be made to the library's message.
    """

    content: textmod.Content
    source_tag: str
    summaries: SummaryResult
    translations: tuple[Translation, ...]
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
    found = [t for t in parts.translations if t.language == language_of(tag)]
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
    """Rewrites Uzbek paragraphs into a tag's script with ``given`` (default: summix.translit)."""
    # Models write Uzbek in Latin script; a Cyrillic source is its own uz-Cyrl text.
    needed = ("uz-Cyrl" in tags and source_tag != "uz-Cyrl") or (
        source_tag == "uz-Cyrl" and "uz-Latn" in tags
    )
    if not needed:
        return _no_conversion
    rewrite = given or translit.transliterate

    def convert(paragraphs: Sequence[str], written: str, tag: str) -> tuple[str, ...]:
        return tuple(rewrite(p, tag) for p in paragraphs)

    return convert
