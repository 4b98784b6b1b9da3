"""``html``: HTML pages, translated text node by text node with every other byte kept.

The standard library's :class:`html.parser.HTMLParser` reads the page and says where each text node, tag,
comment and declaration starts; nothing is serialised again, so tags, attributes, comments, the doctype and
whitespace come back exactly as written. (lxml and html5lib build a tree and write it out anew, which changes
quoting, entities and whitespace.)

Translated: text nodes, including ``<title>``, and the ``alt`` and ``title`` attributes (an image's
description and an element's tooltip are text a reader sees). Kept as they are: ``<script>``, ``<style>``,
``<pre>``, ``<textarea>``, ``<template>``, ``<svg>`` and ``<math>`` with everything inside; ``<code>``,
``<kbd>``, ``<samp>`` and ``<var>``; any element marked ``translate="no"`` or with the class
``notranslate``; every other attribute; comments; bare URLs and e-mail addresses inside text. Inline
elements divide a paragraph into text runs, each translated on its own (``Click <a href=..>here</a> to go``
is three runs); the whitespace around each run is kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from summix.formats.markup import MarkupFormat, Span, collapse, edges, has_letters, split_links

_HIDDEN = frozenset({"script", "style", "pre", "textarea", "template", "svg", "math"})
_QUIET = frozenset({"code", "kbd", "samp", "var"})  # kept, but read as part of the sentence by summaries
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_BLOCK_NAMES = (  # elements that start a new block of prose
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol option p pre section summary table "
    "tbody td tfoot th thead title tr ul"
)
_BLOCKS = frozenset(_BLOCK_NAMES.split())
TEXT_ATTRIBUTES = frozenset({"alt", "title"})
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_REFERENCE = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+|[a-zA-Z][-.a-zA-Z0-9]*);?")


@dataclass
class _Kept:
    """An element whose content is kept: its tag, how deep its own tag is nested, and whether its text
    still counts as prose (inline code, ``translate="no"``) or not (scripts, styles, code blocks)."""

    tag: str
    depth: int
    quiet: bool


class _Scanner(HTMLParser):
    """Where each piece of a page lies: ``(start, end, kind)``, kind ``text`` (to translate), ``quiet``
    (text kept as it is), ``hidden`` (script and the like), ``break`` (a block boundary) or ``tag``."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = [0, *(m.end() for m in re.finditer("\n", text))]
        self.pieces: list[tuple[int, int, str]] = []
        self.attributes: list[Span] = []
        self.kept: _Kept | None = None

    def at(self) -> int:
        """The offset where the construct being handled starts."""
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def _content(self) -> str:
        if self.kept is None:
            return "text"
        return "quiet" if self.kept.quiet else "hidden"

    def handle_data(self, data: str) -> None:
        at = self.at()
        self.pieces.append((at, at + len(data), self._content()))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        at = self.at()
        found = _REFERENCE.match(self.text, at)
        self.pieces.append((at, found.end() if found else at + 1, self._content()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closes=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closes=True)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], *, closes: bool) -> None:
        at = self.at()
        if self.kept is not None:
            self.kept.depth += tag == self.kept.tag and not closes
        elif (tag in _HIDDEN or tag in _QUIET or _no_translate(attrs)) and tag not in _VOID and not closes:
            self.kept = _Kept(tag, 1, tag not in _HIDDEN)
        elif not _no_translate(attrs):
            self.attributes += _attribute_spans(self.get_starttag_text() or "", at, len(tag))
        self.pieces.append((at, at, "break" if tag in _BLOCKS else "tag"))

    def handle_endtag(self, tag: str) -> None:
        if self.kept is not None and tag == self.kept.tag:
            self.kept.depth -= 1
            if self.kept.depth == 0:
                self.kept = None
        at = self.at()
        self.pieces.append((at, at, "break" if tag in _BLOCKS else "tag"))

    def handle_comment(self, data: str) -> None:
        self._other()

    def handle_decl(self, decl: str) -> None:
        self._other()

    def handle_pi(self, data: str) -> None:
        self._other()

    def unknown_decl(self, data: str) -> None:
        self._other()

    def _other(self) -> None:
        at = self.at()
        self.pieces.append((at, at, "tag"))


def _no_translate(attrs: list[tuple[str, str | None]]) -> bool:
    """True for an element marked ``translate="no"`` or with the class ``notranslate``."""
    for name, value in attrs:
        if name == "translate" and (value or "").strip().lower() == "no":
            return True
        if name == "class" and "notranslate" in (value or "").split():
            return True
    return False


def _attribute_spans(tag_text: str, at: int, name_length: int) -> Iterator[Span]:
    """The ``alt`` and ``title`` values of a start tag that has text in them."""
    for found in _ATTRIBUTE.finditer(tag_text, 1 + name_length):
        value = found[2]
        if found[1].lower() not in TEXT_ATTRIBUTES or value is None:
            continue
        quote = value[0] if value[0] in "\"'" else ""
        start, end = found.start(2) + len(quote), found.end(2) - len(quote)
        inner = tag_text[start:end]
        text = collapse(html.unescape(inner))
        if has_letters(text):
            head, tail = edges(inner) if quote else ("", "")
            yield Span(at + start + len(head), at + end - len(tail), text, context=f"attribute{quote}")


def scan(text: str) -> _Scanner:
    """The pieces of a page."""
    scanner = _Scanner(text)
    scanner.feed(text)
    rest = scanner.rawdata  # what feed() could not finish: a comment, tag or declaration left open
    if rest.startswith("<"):
        # A browser reads it as markup to the end of the page (a comment swallows the rest, a tag is
        # dropped); close() would hand it over as text to translate. Keep it as it is.
        scanner.pieces.append((len(text) - len(rest), len(text), "hidden"))
    else:
        scanner.close()
    return scanner


def _text_spans(text: str, pieces: Sequence[tuple[int, int, str]]) -> Iterator[Span]:
    """A span for each run of adjacent text pieces (and the references among them) that has letters."""
    run: tuple[int, int] | None = None
    for start, end, kind in [*pieces, (len(text), len(text), "tag")]:
        if kind == "text" and run is not None and run[1] == start:
            run = (run[0], end)
            continue
        if run is not None:
            yield from _run_spans(text, *run)
        run = (start, end) if kind == "text" else None


def _run_spans(text: str, start: int, end: int) -> Iterator[Span]:
    for a, b in split_links(start, end, text):
        head, tail = edges(text[a:b], closing=True)
        words = collapse(html.unescape(text[a + len(head) : b - len(tail)]))
        if has_letters(words):
            yield Span(a + len(head), b - len(tail), words, context="text")


class HtmlFormat(MarkupFormat):
    """HTML pages (``.html``, ``.htm``)."""

    name = "html"
    glob = "*.html"
    label = "HTML"

    def spans(self, text: str) -> list[Span]:
        """Text nodes and ``alt``/``title`` values, in document order."""
        scanner = scan(text)
        return sorted([*_text_spans(text, scanner.pieces), *scanner.attributes], key=lambda s: s.start)

    def escape(self, text: str, span: Span) -> str:
        """``text`` with ``&``, ``<`` and ``>`` (and in an attribute, its quote) as character references."""
        out = collapse(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if span.context == "attribute":  # an unquoted value: quoted now, since words have spaces
            return '"' + out.replace('"', "&quot;") + '"'
        if span.context == 'attribute"':
            return out.replace('"', "&quot;")
        if span.context == "attribute'":
            return out.replace("'", "&#39;")
        return out

    def prose(self, text: str) -> str:
        """The page's text (``<code>`` and ``translate="no"`` text included, scripts and code blocks not),
        one block per paragraph, heading, list item, cell or title."""
        blocks: list[str] = []
        current: list[str] = []
        for start, end, kind in [*scan(text).pieces, (len(text), len(text), "break")]:
            if kind in ("text", "quiet"):
                current.append(text[start:end])
            elif kind == "break":
                blocks.append(collapse(html.unescape("".join(current))))
                current = []
        return "\n\n".join(b for b in blocks if b)
