"""``text``: a file is one document, translated paragraph for paragraph with web cruft dropped, and written
as text, JSON or Markdown (one output per language, or all languages in one stream)."""

from __future__ import annotations

import dataclasses
from typing import Any

from summix.documents import dropped_note
from summix.formats.base import STREAM_KEY, DocumentFormat, Outcome, Record, Work
from summix.results import TranslationResult
from summix.sources import Source

_EXTENSIONS = {"text": ".txt", "json": ".json", "md": ".md"}


class TextFormat(DocumentFormat):
    """Whole documents."""

    name = "text"
    glob = "*.txt"
    renders = ("text", "json", "md")

    def document(self, record: Record, work: Work) -> Outcome:
        """Translate the document whole (see :func:`summix.translation.translate_document`).

        Raises:
            InputError, CoverageError: no content paragraphs, or the model dropped text.
        """
        request = work.request
        to = request.to if work.keys == (STREAM_KEY,) else work.keys
        result = work.session.translate(
            record.text or "",
            to,
            source=request.source,
            model=request.model,
            generation=request.generation,
            progress=work.progress,
            cache=work.cache,
            keep_apostrophes=request.keep_apostrophes,
            keep_all=request.keep_all,
            check=request.check or False,
        )
        for t in result.translations:
            work.stats += t.stats
        notes = tuple(
            f"summix: {result.source_language}->{t.language} pivoted through English"
            for t in result.translations
            if t.pivot
        )
        said = dict.fromkeys(note for t in result.translations for note in t.notes)
        notes += tuple(f"summix: {record.where}: {note}" for note in said)
        if request.output_format != "json":  # JSON lists them in source.dropped
            notes += tuple(filter(None, [dropped_note(result.dropped, record.where)]))
        parts = render_parts(result, request.output_format, work.keys)
        return Outcome(parts, notes=notes, checked=_checked(result) if request.check else None)

    def extension(self, source: Source, fmt: str) -> str:
        """``.txt``, ``.json`` or ``.md``."""
        return _EXTENSIONS[fmt]


def _checked(result: TranslationResult) -> Any:
    """What the checks found in each translated paragraph, for the run's summary."""
    from summix.checking import Checked, kinds_of

    return Checked({t.language: kinds_of(t.checks) for t in result.translations if t.checks is not None})


def render_parts(result: TranslationResult, fmt: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A translated document rendered in ``fmt``: whole (key ``out``), or one output per language."""
    from summix.render import render_translation

    if keys == (STREAM_KEY,):
        return {STREAM_KEY: (render_translation(result, fmt) + "\n").encode("utf-8")}
    by_language = {t.language: dataclasses.replace(result, translations=(t,)) for t in result.translations}
    return {key: (render_translation(by_language[key], fmt) + "\n").encode("utf-8") for key in keys}
