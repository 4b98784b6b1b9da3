"""Make a brief: summarize and translate one document on one session, then assemble the results.

:func:`build_brief` runs everything on one :class:`~summix.session.Session` (its own, or the one given), so
each model is resolved and loaded once for the whole brief: the summaries in one call (every language at
once, so the document is summarised once), then one translation run per language (Uzbek in both scripts is
one run, transliterated by the library). A language no installed model serves becomes a
:class:`~summix.brief.model.Missing` entry with the command that installs one, so a machine without models
still gets a brief: the extractive summary in the source language and the source text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from summix import __version__
from summix import text as textmod
from summix.brief.model import (
    Brief,
    BriefSummary,
    Column,
    Missing,
    Run,
    code_of,
    is_heading,
    language_of,
    tag_of,
)
from summix.errors import InputError, ModelNotFoundError
from summix.languages import by_model_language, check_source, parse_languages
from summix.options import RuntimeOptions, Signature, check_choice, check_positive, with_beams
from summix.results import Summary, SummaryResult, Translation
from summix.session import Session
from summix.summarizing import METHODS
from summix.translation import detect_source, translate_targets

Progress = Callable[[int], None]

DEFAULT_TAGS: tuple[str, ...] = ("uz-Latn", "ru", "en")
_PULL = re.compile(r"`(summix models pull [^`]+)`")
_RUN = re.compile(r":\s*run `")
_TITLE_PREFIX_WORDS = 12


def parse_tags(spec: str | Iterable[str]) -> tuple[str, ...]:
    """``"uz-Cyrl,ru"`` (or a list) as tags with their script where a language has two (``uz-Latn``,
    ``uz-Cyrl``, ``ru``, ``en``), each once, in the order given.

    Codes are read by :func:`summix.languages.parse_languages`: case does not matter, ``_`` may stand for
    ``-``, and ``uz`` means ``uz-Latn``.

    Raises:
        LanguageError: an unknown code (the message lists the valid ones), or no code at all.
    """
    codes = parse_languages(list(spec) if not isinstance(spec, str) else spec)
    return tuple(dict.fromkeys(tag_of(code) for code in codes))


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
    keep_apostrophes: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", parse_tags(self.tags))
        object.__setattr__(self, "source", check_source(self.source))
        check_choice("method", self.method, METHODS)
        check_positive("sentences", self.sentences)
        check_positive("beams", self.beams)

    @property
    def codes(self) -> tuple[str, ...]:
        """The tags as the library's language codes (``uz`` for ``uz-Latn``), in order."""
        return tuple(code_of(tag) for tag in self.tags)


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
    keep_apostrophes: bool = False,
    title: str | None = None,
    flags: Iterable[Mapping[str, Any] | object] = (),
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
    every language. Uzbek is written in the script of its tag, transliterated by the library where a model
    writes the other one, with the standard apostrophes in Latin unless ``keep_apostrophes``. ``flags``
    (plain data, see :meth:`~summix.brief.model.Flag.from_data`) are shown on their segments.

    Raises:
        InputError: the text has no content paragraphs.
        LanguageError: an unknown tag or source language.
        SettingError: an unknown method, or ``sentences`` or ``beams`` below 1.
        ModelNotFoundError: ``summarizer`` or ``translator`` names a model that is not installed, or
            ``method="abstractive"`` and no summarizer is.
        ModelError, CoverageError: as the session's ``summarize``/``translate`` raise them.
        ValueError: a malformed flag, or one naming a column or paragraph the brief lacks.
    """
    request = BriefRequest(
        parse_tags(languages), source, method, summarizer, translator, sentences, beams, keep_apostrophes
    )
    with nullcontext(session) if session is not None else Session(runtime) as used:
        brief = make_brief(used, text, request, title=title, made=made, progress=progress)
    return brief.with_flags(flags)


def make_brief(
    session: Session,
    text: str,
    request: BriefRequest,
    *,
    title: str | None = None,
    made: date | None = None,
    progress: Progress | None = None,
) -> Brief:
    """The brief ``request`` asks for, made on ``session`` (see :func:`build_brief`).

    Raises:
        InputError, ModelNotFoundError, ModelError, CoverageError: see :func:`build_brief`.
    """
    parts = gather(session, text, request, progress)
    return assemble(parts, request.tags, title=title, made=made)


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
    source = detect_source(content.paragraphs, request.source)
    summaries = session.summarize(
        text,
        request.codes,
        method=request.method,
        model=request.summarizer,
        translator=request.translator,
        sentences=request.sentences,
        source=source,
        progress=progress,
        partial=True,
        keep_apostrophes=request.keep_apostrophes,
    )
    translations, failures = translate_each(session, content.paragraphs, source, request, progress)
    return BriefParts(content, tag_of(source), summaries, translations, failures)


def translate_each(
    session: Session,
    paragraphs: Sequence[str],
    src: str,
    request: BriefRequest,
    progress: Progress | None = None,
) -> tuple[tuple[Translation, ...], dict[str, str]]:
    """``paragraphs`` (in language code ``src``) in each language of ``request`` but ``src``: one run per
    language the models serve (``uz`` and ``uz-Cyrl`` share one). The codes no installed model serves are
    returned apart, with the library's message.

    Raises:
        ModelNotFoundError: ``request.translator`` names a model that is missing (or serves no route).
        ModelError, CoverageError: a model cannot be used, or dropped text.
    """
    groups = by_model_language(code for code in request.codes if code != src)
    done: list[Translation] = []
    failures: dict[str, str] = {}
    generation = with_beams(request.beams)
    for codes in groups.values():
        try:
            done += translate_targets(
                session, paragraphs, src, codes, model=request.translator, generation=generation,
                progress=progress, keep_apostrophes=request.keep_apostrophes,
            )  # fmt: skip
        except ModelNotFoundError as exc:
            if request.translator is not None:
                raise
            failures.update(dict.fromkeys(codes, str(exc)))
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


def assemble(
    parts: BriefParts, tags: Sequence[str], *, title: str | None = None, made: date | None = None
) -> Brief:
    """A :class:`Brief` with a column and a summary per tag (the source's own tag is its source column).

    ``title`` defaults to the document's first paragraph when it reads as a title, else its first words;
    ``made`` to today.

    Raises:
        ValueError: a column is not aligned with the source (see :class:`Brief`).
    """
    source = Column(parts.source_tag, parts.content.paragraphs, is_source=True)
    columns, summaries, missing = [], [], []
    for tag in tags:
        column = _column(parts, tag)
        if column is not None:
            columns.append(column)
        summary = _summary(parts, tag)
        if isinstance(summary, BriefSummary):
            summaries.append(summary)
        lacking = _missing(parts, tag, summary, column is not None or tag == parts.source_tag)
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


def _column(parts: BriefParts, tag: str) -> Column | None:
    """The column for ``tag``: a translation, or the source in the other script (no run); None for the
    source's own tag and for a language that could not be made."""
    if tag == parts.source_tag:
        return None
    found = [t for t in parts.translations if t.language == code_of(tag)]
    if not found:
        return None
    translation = found[0]
    run = _run("translate", translation.signature, translation.pivot)
    note = "; ".join(_for_reader(translation.notes, tag)) or None
    return Column(tag, translation.paragraphs, run=run, note=note)


def _summary(parts: BriefParts, tag: str) -> BriefSummary | Summary | None:
    """The brief's summary for ``tag``; the library's ``unavailable`` one as is; None when not asked."""
    found = [s for s in parts.summaries.summaries if s.language == code_of(tag)]
    if not found or found[0].method == "unavailable":
        return found[0] if found else None
    summary = found[0]
    translated = summary.method.endswith("+translate")
    run = _run("translate" if translated else "summarize", summary.signature, summary.pivot)
    # A translated summary says where it came from in translated_from; the library's note says it again.
    notes = [n for n in summary.notes if not (translated and n.startswith("summary translated from"))]
    origin = language_of(parts.source_tag) if translated else None
    return BriefSummary(tag, summary.method, summary.sentences, run, _for_reader(notes, tag), origin)


def _for_reader(notes: Sequence[str], tag: str) -> tuple[str, ...]:
    """The library's notes on one output, without the code it starts them with (the brief shows it):
    ``uz-Cyrl: the model's output transliterated from uz-Latn`` is under the uz-Cyrl column already."""
    prefix = f"{code_of(tag)}: "
    return tuple(n.removeprefix(prefix) for n in notes)


def _run(task: str, signature: Signature | None, pivot: str | None) -> Run | None:
    return Run.from_signature(task, signature, pivot) if signature is not None else None


def _missing(
    parts: BriefParts, tag: str, summary: BriefSummary | Summary | None, has_text: bool
) -> Missing | None:
    """What of ``tag`` could not be produced, why, and the command that fixes it; None when nothing."""
    reasons: dict[str, str] = {}
    if isinstance(summary, Summary):
        reasons["summary"] = summary.notes[0] if summary.notes else "no installed model serves it"
    if not has_text:
        reasons["translation"] = parts.failures.get(code_of(tag), "no installed model serves it")
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
