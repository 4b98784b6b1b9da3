"""What Markdown and HTML documents share: the text is found in the source as spans, only those spans are
translated, and every other byte (markup, code, URLs, attributes, comments) is written back as it was.

A format finds its spans (:meth:`MarkupFormat.spans`); each span's text goes to the model as one
paragraph, and its translation replaces the span, escaped for where it stands. A span whose translation is
its own text (a target equal to the source) keeps its bytes, so an untouched document round-trips byte for
byte, BOM and CRLF line ends included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summix.formats.base import DocumentFormat, Outcome, Record, Work, one_language

if TYPE_CHECKING:
    from summix.checking import Checked

BOM = b"\xef\xbb\xbf"
_SPACE = re.compile(r"\s*")
_CLOSING = re.compile(r"[\s.,;:!?]*")
# Bare URLs and e-mail addresses inside text are kept as they are: they never reach the model.
_LINKS = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,;:!?'\")\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Span:
    """A piece of text in the source: ``source[start:end]`` is replaced by ``lead``, the escaped
    translation of ``text`` and ``trail``. ``context`` tells the format how to escape it there, and
    ``group`` which block it belongs to (for formats that check a block after translating it)."""

    start: int
    end: int
    text: str
    lead: str = ""
    trail: str = ""
    context: str = ""
    group: int = 0


@dataclass(frozen=True)
class Rendered:
    """A translated document, and notes on passages that had to stay as they were; with --check, the
    kinds flagged in each text span (for the run's summary)."""

    text: str
    notes: tuple[str, ...] = ()
    kinds: tuple[tuple[str, ...], ...] | None = None


def has_letters(text: str) -> bool:
    """True when ``text`` has a letter: text without one (numbers, punctuation) is kept as it is."""
    return any(ch.isalpha() for ch in text)


def collapse(text: str) -> str:
    """``text`` with every run of whitespace made one space, and no space at either end."""
    return " ".join(text.split())


def edges(raw: str, *, closing: bool = False) -> tuple[str, str]:
    """The leading and trailing whitespace of ``raw`` (all of it when ``raw`` is only whitespace). With
    ``closing``, the head takes punctuation that ends what came before too (``, and more`` after a link)."""
    body = raw.strip()
    if not body:
        return raw, ""
    head = (_CLOSING if closing else _SPACE).match(raw)[0]  # type: ignore[index]
    return head, raw[len(raw.rstrip()) :]


def split_links(start: int, end: int, source: str) -> Iterator[tuple[int, int]]:
    """The parts of ``source[start:end]`` between bare URLs and e-mail addresses."""
    return split_at(_LINKS, start, end, source)


def split_at(pattern: re.Pattern[str], start: int, end: int, source: str) -> Iterator[tuple[int, int]]:
    """The parts of ``source[start:end]`` between the matches of ``pattern``."""
    for found in pattern.finditer(source, start, end):
        yield start, found.start()
        start = found.end()
    yield start, end


def splice(source: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, text)`` of ``edits`` (in order, not overlapping) replaced."""
    out, at = [], 0
    for start, end, text in edits:
        out += [source[at:start], text]
        at = end
    out.append(source[at:])
    return "".join(out)


def restore_bytes(text: str, raw: bytes) -> bytes:
    """``text`` encoded with the BOM and CRLF line ends of the input it came from, when it had them."""
    newlines = raw.count(b"\n")
    if newlines and raw.count(b"\r\n") == newlines:
        text = text.replace("\n", "\r\n")
    return (BOM if raw.startswith(BOM) else b"") + text.encode("utf-8")


class MarkupFormat(DocumentFormat):
    """A document format whose markup is kept: one output per language, in the input's own format."""

    label: str  # the format's name in messages ("Markdown", "HTML")

    def spans(self, text: str) -> list[Span]:
        """The text spans of a document, in order."""
        raise NotImplementedError

    def escape(self, text: str, span: Span) -> str:
        """A translation made safe to stand where ``span`` was."""
        raise NotImplementedError

    def prose(self, text: str) -> str:
        """The document's text without markup: blocks separated by blank lines (what summaries read)."""
        raise NotImplementedError

    def render(self, text: str, spans: Sequence[Span], outputs: Sequence[str], where: str) -> Rendered:
        """``text`` with each span replaced by its output (spans whose output is their text stay)."""
        return Rendered(splice(text, self.edits(spans, outputs)))

    def edits(self, spans: Sequence[Span], outputs: Sequence[str]) -> list[tuple[int, int, str]]:
        """The replacements for the spans whose output differs from their text."""
        return [
            (s.start, s.end, s.lead + self.escape(out, s) + s.trail)
            for s, out in zip(spans, outputs, strict=True)
            if out != s.text
        ]

    def document(self, record: Record, work: Work) -> Outcome:
        """The document in the language of each output key, in its own format and bytes.

        Raises:
            InputError, CoverageError: a span cannot be encoded, or the model dropped text.
        """
        rendered = self.translations(record.text or "", work, record.where)
        parts = {lang: restore_bytes(r.text, record.raw) for lang, r in rendered.items()}
        notes = tuple(dict.fromkeys(n for r in rendered.values() for n in r.notes))
        return Outcome(parts, notes=notes, checked=_checked(rendered) if work.request.check else None)

    def translations(self, text: str, work: Work, where: str) -> dict[str, Rendered]:
        """The document in the language of each of ``work.keys`` (the scripts of one language share a
        model run: :func:`summix.translation.translate_targets`).

        Raises:
            InputError, CoverageError: a span cannot be encoded, or the model dropped text.
            ModelNotFoundError, ModelError: no usable model for a direction.
        """
        from summix.translation import detect_source, translate_targets

        spans = self.spans(text)
        if not spans:  # only code, markup or numbers: every language gets the document as it is
            return {lang: Rendered(text) for lang in work.keys}
        request, texts = work.request, [s.text for s in spans]
        src = detect_source(texts, request.source)
        done = translate_targets(
            work.session, texts, src, work.keys, model=request.model, generation=request.generation,
            progress=work.progress, cache=work.cache, keep_apostrophes=request.keep_apostrophes,
            check=request.check or False,
        )  # fmt: skip
        rendered = {}
        for lang, translation in zip(work.keys, done, strict=True):
            work.stats += translation.stats
            result = self.render(text, spans, translation.paragraphs, where)
            notes = [f"summix: {where}: {src}->{lang} pivoted through English"] if translation.pivot else []
            notes += [f"summix: {where}: {note}" for note in translation.notes]
            kinds = tuple(c.kinds for c in translation.checks) if translation.checks is not None else None
            rendered[lang] = Rendered(result.text, (*notes, *result.notes), kinds)
        return rendered

    def stream_keys(self, targets: Sequence[str]) -> tuple[str, ...]:
        """One language per stream or file.

        Raises:
            SettingError: more than one target language.
        """
        return one_language(targets, f"{self.label} input")


def _checked(rendered: dict[str, Rendered]) -> Checked:
    """What the checks found in each text span, per language (a document of code only has none)."""
    from summix.checking import Checked

    return Checked({lang: r.kinds for lang, r in rendered.items() if r.kinds is not None})
