"""``md``: Markdown documents, translated text span by text span with every other byte kept.

markdown-it-py parses the document (CommonMark, GFM tables and strikethrough): its block rules say where
each paragraph, heading and table cell lies in the source, and its inline rules, watched as they apply,
which characters of a block are markup (emphasis and strikethrough delimiters that pair up, code spans,
link and image syntax with their targets, autolinks, raw HTML, hard breaks) and which are text. Front
matter, code blocks (fenced and indented), HTML blocks, link reference definitions and the table
delimiter row are never inside a text span; nor are bare URLs and e-mail addresses.

Inline markup divides a paragraph into text runs, translated one by one (``Click **here** to go`` is three
runs), so that no marker has to survive a trip through the model. A run that ran over several lines is
written on one line of the same paragraph. A translation is escaped where Markdown would read it as markup;
a block whose inline markup would still change (emphasis flanking the new words differently, say) is kept
as it was, with a note.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summix.formats.markup import (
    MarkupFormat,
    Rendered,
    Span,
    collapse,
    edges,
    has_letters,
    splice,
    split_at,
    split_links,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

TEXT, SOFT, KEEP = 0, 1, 2  # a character of a block: text, a soft line break inside text, or markup
_TEXTUAL = ("text", "text_special", "softbreak")  # tokens that carry text, not markup
_LINES = "summix_lines"  # env key: each text line's (first non-space offset, end offset) in the source
_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}
_SPECIAL = re.compile(r"[\\`*_\[\]~<]|&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"[#>+=-]|\d{1,9}(?=[.)])")
# Footnote references and labels ("[^1]", "[^1]:") and a task item's box ("[ ] ", "[x] "): text to
# CommonMark, markup to GitHub and most renderers, so they never go to the model.
_EXTENSIONS = re.compile(r"\[\^[^\]\s]+\]:?|^\[[ xX]\](?= )")
_ESCAPED = re.compile(
    r"\\([!-/:-@\[-`{-~])|(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)


@dataclass(frozen=True)
class _Block:
    """The inline source of a paragraph, heading or table cell, and where each character lies in the
    document (container prefixes such as ``> `` and list indentation are not in it)."""

    content: str
    offsets: tuple[int, ...]
    context: str  # "heading" or "cell" (how translations are escaped), "" for paragraphs

    def source(self, a: int, b: int) -> tuple[int, int]:
        """The document range of ``content[a:b]``, including prefixes between lines it spans."""
        end = self.offsets[b] if b < len(self.offsets) else self.offsets[b - 1] + 1
        return self.offsets[a], end


@dataclass(frozen=True)
class _Parsed:
    env: dict
    tokens: tuple[Token, ...]
    blocks: tuple[_Block, ...]
    spans: tuple[Span, ...]
    coords: tuple[tuple[int, int], ...]  # each span's range in its block's content


@dataclass(frozen=True)
class _Applied:
    """One inline rule that matched: its name, the range it consumed, the tokens it made (with their
    content when made) and, for links and images, where the label ends."""

    name: str
    start: int
    end: int
    tokens: tuple[tuple[Token, str], ...]
    label: int


# --------------------------------------------------------------------------------------------- parser


@functools.cache
def _parser() -> MarkdownIt:
    """markdown-it-py with tables and strikethrough, whose block and inline rules record where they apply."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for name in ("paragraph", "heading", "lheading", "table"):
        _wrap(md.block.ruler, name, _block_recorder)
    for name in md.inline.ruler.get_all_rules():
        _wrap(md.inline.ruler, name, functools.partial(_inline_recorder, name))
    # Unpaired delimiters stay tokens of their own, so that each one can be told from paired ones.
    md.inline.ruler2.disable("fragments_join")
    return md


def _wrap(ruler: Any, name: str, recorder: Callable[[Any], Any]) -> None:
    rule = next(r for r in ruler.__rules__ if r.name == name)
    ruler.at(name, recorder(rule.fn), {"alt": list(rule.alt)})


def _block_recorder(fn: Callable[..., bool]) -> Callable[..., bool]:
    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        found = fn(state, start, end, silent)
        if found and not silent:
            lines = state.env.setdefault(_LINES, {})
            for line in range(start, state.line):
                lines[line] = (state.bMarks[line] + state.tShift[line], state.eMarks[line])
        return found

    return rule


def _inline_recorder(name: str, fn: Callable[..., bool]) -> Callable[..., bool]:
    def rule(state: Any, silent: bool) -> bool:
        if silent or not isinstance(state, _recording_class()):
            return fn(state, silent)
        start, count, pending = state.pos, len(state.tokens), bool(state.pending)
        label = _label_end(name, state)
        found = fn(state, silent)
        if found:
            made = state.tokens[count:]
            if pending and made and made[0].type == "text":
                made = made[1:]  # the text before the rule, flushed by its first token
            state.applied.append(_Applied(name, start, state.pos, tuple((t, t.content) for t in made), label))
        return found

    return rule


@functools.cache
def _recording_class() -> type:
    from markdown_it.rules_inline import StateInline

    class Recording(StateInline):
        """An inline parse that keeps the rules that matched, in the order they finished."""

        def __init__(self, src: str, md: MarkdownIt, env: dict) -> None:
            super().__init__(src, md, env, [])
            self.applied: list[_Applied] = []

    return Recording


def _label_end(name: str, state: Any) -> int:
    from markdown_it.helpers import parseLinkLabel

    at = state.pos
    if name == "link" and state.src.startswith("[", at):
        return parseLinkLabel(state, at, True)
    if name == "image" and state.src.startswith("![", at):
        return parseLinkLabel(state, at + 1, False)
    return -1


# -------------------------------------------------------------------------------------- inline marks


def classify(src: str, env: dict) -> list[int]:
    """For each character of an inline source: TEXT, SOFT (a line break inside text) or KEEP (markup)."""
    md = _parser()
    state = _recording_class()(src, md, env)
    md.inline.tokenize(state)
    for rule in md.inline.ruler2.getRules(""):
        rule(state)
    marks = [TEXT] * len(src)
    for applied in reversed(state.applied):  # outer rules finish last: mark them first, then what is inside
        _mark(applied, marks, src, env)
    for applied in state.applied:
        if _names_reference(applied, src):  # [label] and [label][]: the label is the key of the definition
            marks[applied.start : applied.end] = [KEEP] * (applied.end - applied.start)
    return marks


def _names_reference(a: _Applied, src: str) -> bool:
    """True for a shortcut (``[label]``) or collapsed (``[label][]``) reference link or image."""
    return a.name in ("link", "image") and a.label > a.start and src[a.label + 1 : a.end] in ("", "[]")


def _mark(a: _Applied, marks: list[int], src: str, env: dict) -> None:
    made = {t.type for t, _ in a.tokens}
    if a.name == "newline":
        marks[a.start : a.end] = [KEEP if "hardbreak" in made else SOFT] * (a.end - a.start)
    elif a.name in ("emphasis", "strikethrough"):
        _delimiters(a, marks)
    elif a.name in ("link", "image") and a.label > a.start:
        marks[a.start : a.end] = [KEEP] * (a.end - a.start)
        inner = a.start + (1 if a.name == "link" else 2)
        # A link's label was parsed in this state (its own rules mark it next); an image's alt text apart.
        label = [TEXT] * (a.label - inner) if a.name == "link" else classify(src[inner : a.label], env)
        marks[inner : a.label] = label
    elif made - {"text", "text_special"}:
        marks[a.start : a.end] = [KEEP] * (a.end - a.start)


def _delimiters(a: _Applied, marks: list[int]) -> None:
    """Emphasis and strikethrough delimiters: markup when paired (their token became a tag, or was
    emptied into its neighbour), text when left alone."""
    at = a.start
    for token, made in a.tokens:
        paired = token.type != "text" or token.content != made
        marks[at : at + len(made)] = [KEEP if paired else TEXT] * len(made)
        at += len(made)
    if at != a.end:
        marks[a.start : a.end] = [KEEP] * (a.end - a.start)


def _runs(marks: Sequence[int]) -> Iterator[tuple[int, int]]:
    """The ranges of consecutive text (TEXT or SOFT) characters."""
    start = None
    for i, mark in enumerate([*marks, KEEP]):
        if mark != KEEP and start is None:
            start = i
        elif mark == KEEP and start is not None:
            yield start, i
            start = None


def decode(raw: str) -> str:
    """Markdown source text as read: backslash escapes and entity references resolved."""
    return _ESCAPED.sub(lambda m: m[1] if m[1] is not None else html.unescape(m[2]), raw)


# ------------------------------------------------------------------------------------------- blocks


def _mask_front_matter(text: str) -> str:
    """``text`` with YAML (``---``) or TOML (``+++``) front matter blanked out, offsets unchanged."""
    lines = text.split("\n")
    closers = _FRONT_MATTER.get(lines[0].rstrip())
    if closers is None:
        return text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            head = "\n".join(lines[: i + 1])
            return re.sub(r"[^\n]", " ", head) + text[len(head) :]
    return text


def _blocks(text: str, tokens: Sequence[Token], env: dict) -> Iterator[_Block]:
    """The paragraphs, headings and table cells of the document, in order."""
    lines: dict[int, tuple[int, int]] = env.get(_LINES, {})
    cells: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        if token.type == "tr_open" and token.map:
            cells = _cells(text, lines.get(token.map[0]))
        if token.type != "inline" or not token.map:
            continue
        opener = tokens[i - 1]
        if opener.type in ("th_open", "td_open"):
            block = _cell_block(text, cells.pop(0) if cells else None)
        elif opener.type == "heading_open" and opener.markup.startswith("#"):
            block = _atx_block(text, lines.get(token.map[0]), opener.markup, token.content)
        else:  # a paragraph, or a setext heading (its inline map leaves the underline out)
            block = _lines_block(text, [lines.get(n) for n in range(*token.map)])
        if block is not None:
            yield block


def _lines_block(text: str, lines: Sequence[tuple[int, int] | None]) -> _Block | None:
    if not lines or any(line is None for line in lines):
        return None
    pieces: list[str] = []
    offsets: list[int] = []
    for n, (start, end) in enumerate(lines):  # type: ignore[misc]
        if n:
            offsets.append(lines[n - 1][1])  # type: ignore[index]  # the newline ending the line before
        if n == len(lines) - 1:
            end = start + len(text[start:end].rstrip())
        pieces.append(text[start:end])
        offsets.extend(range(start, end))
    return _Block("\n".join(pieces), tuple(offsets), "")


def _atx_block(text: str, line: tuple[int, int] | None, markup: str, content: str) -> _Block | None:
    if line is None or not content:
        return None
    at = text.find(content, line[0] + len(markup), line[1])
    return _Block(content, tuple(range(at, at + len(content))), "heading") if at >= 0 else None


def _cell_block(text: str, cell: tuple[int, int] | None) -> _Block | None:
    if cell is None or cell[0] == cell[1]:
        return None
    return _Block(text[cell[0] : cell[1]], tuple(range(*cell)), "cell")


def _cells(text: str, line: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The source range of each cell of a table row, split as markdown-it-py splits it: at each pipe
    not preceded by a backslash, leading and trailing pipes dropped, whitespace around cells left out."""
    if line is None:
        return []
    row = text[line[0] : line[1]]
    start = line[0] + len(row) - len(row.lstrip())
    end = line[0] + len(row.rstrip())
    bounds = [start - 1, *(i for i in range(start, end) if text[i] == "|" and text[i - 1] != "\\"), end]
    columns = [(a + 1, b) for a, b in itertools.pairwise(bounds)]
    if columns and columns[0][0] == columns[0][1]:
        columns.pop(0)
    if columns and columns[-1][0] == columns[-1][1]:
        columns.pop()
    return [_trimmed(text, a, b) for a, b in columns]


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    raw = text[a:b]
    head, tail = edges(raw)
    return (a + len(head), b - len(tail)) if raw.strip() else (a, a)


# -------------------------------------------------------------------------------------------- spans


def _block_spans(block: _Block, group: int, env: dict) -> Iterator[tuple[Span, tuple[int, int]]]:
    """The text spans of one block, with their ranges in the block's content."""
    marks = classify(block.content, env)
    for run_start, run_end in _runs(marks):
        for start, end in split_at(_EXTENSIONS, run_start, run_end, block.content):
            for a, b in split_links(start, end, block.content):
                span = _span(block, a, b, group)
                if span is not None:
                    yield span, (a, b)


def _span(block: _Block, a: int, b: int, group: int) -> Span | None:
    lead, trail = edges(block.content[a:b], closing=True)
    text = collapse(decode(block.content[a + len(lead) : b - len(trail)]))
    if not has_letters(text):
        return None
    context = [block.context]
    if not lead.strip() and (a == 0 or block.content[a - 1] == "\n"):
        context.append("start")  # after the line's prefix and at most some white space
    if not trail and block.content.startswith("[", b):
        context.append("bang")  # a "!" written before "[" would turn a link into an image
    start, end = block.source(a, b)
    # A run that ran over several lines is written on one: a line break around it becomes a space.
    lead, trail = (re.sub(r"[ \t]*\n", " ", ws) for ws in (lead, trail))
    return Span(start, end, text, lead, trail, " ".join(c for c in context if c), group)


@functools.lru_cache(maxsize=8)
def parse(text: str) -> _Parsed:
    """The document's tokens, blocks and text spans (the last few documents are kept)."""
    env: dict = {}
    tokens = tuple(_parser().parse(_mask_front_matter(text), env))
    blocks = tuple(_blocks(text, tokens, env))
    found = [item for group, block in enumerate(blocks) for item in _block_spans(block, group, env)]
    return _Parsed(env, tokens, blocks, tuple(s for s, _ in found), tuple(c for _, c in found))


def _shape(token: Token) -> tuple:
    """What identifies a token apart from its text: type, markers, code, raw HTML, link targets."""
    kept = (
        token.content
        if token.type in ("code_inline", "html_inline", "fence", "code_block", "html_block")
        else ""
    )
    return (token.type, token.tag, token.markup, token.nesting, token.info, kept, sorted(token.attrs.items()))


def _skeleton(content: str, env: dict) -> list[tuple]:
    """The inline markup of ``content``: every token but text."""
    children = _parser().parseInline(content, env)[0].children or []
    return [_shape(t) for t in children if t.type not in _TEXTUAL]


def _inline_fits(block: _Block, local: Sequence[tuple[int, int, str]], env: dict) -> bool:
    """True when the block with ``local`` edits (in its content's terms) has the same inline markup."""
    return _skeleton(splice(block.content, local), env) == _skeleton(block.content, env)


def _outline(tokens: Sequence[Token]) -> list:
    """The structure of a document: every block token, and the inline markup of every block."""
    return [
        [_shape(c) for c in t.children or [] if c.type not in _TEXTUAL] if t.type == "inline" else _shape(t)
        for t in tokens
    ]


def _outline_of(text: str) -> list:
    return _outline(_parser().parse(_mask_front_matter(text), {}))


def _misfits(groups: list[int], fits: Callable[[list[int]], bool]) -> list[int]:
    """The groups whose edits, applied alone, change the document's outline (found by halving)."""
    if not groups or fits(groups):
        return []
    if len(groups) == 1:
        return groups
    middle = len(groups) // 2
    return _misfits(groups[:middle], fits) + _misfits(groups[middle:], fits)


def _plain(children: Sequence[Token]) -> str:
    parts = []
    for t in children:
        if t.type in ("text", "text_special", "code_inline"):
            parts.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif t.type == "image":
            parts.append(" " + _plain(t.children or []) + " ")
    return collapse("".join(parts))


class MarkdownFormat(MarkupFormat):
    """Markdown documents (``.md``, ``.markdown``)."""

    name = "md"
    glob = "*.md"
    label = "Markdown"

    def spans(self, text: str) -> list[Span]:
        """Headings, paragraphs, list items, table cells, block quotes, link text and image alt text."""
        return list(parse(text).spans)

    def escape(self, text: str, span: Span) -> str:
        """``text`` on one line, with what Markdown would read as markup escaped by backslashes."""
        out = _SPECIAL.sub(lambda m: "\\" + m[0], collapse(text))
        # A pipe, even escaped, over a "---" line makes a table of a setext heading: write it as a reference.
        out = out.replace("|", "&#124;")
        context = span.context.split()
        if "heading" in context:
            out = re.sub(r"(^|\s)(#+)$", r"\1\\\2", out)  # not a closing sequence
        if "bang" in context and out.endswith("!"):
            out = out[:-1] + "\\!"
        found = _LINE_START.match(out) if "start" in context else None
        if found is not None:  # not a heading, quote, list item or setext underline
            cut = found.end() if found[0][0].isdigit() else 0
            out = out[:cut] + "\\" + out[cut:]
        return out

    def render(self, text: str, spans: Sequence[Span], outputs: Sequence[str], where: str) -> Rendered:
        """The translated document. A block stays as it was, with a note, where its translation would
        change the markup: its own inline markup, or the document's blocks (a line that no longer opens a
        code fence, say)."""
        parsed = parse(text)
        edits: dict[int, list[tuple[int, int, str]]] = {}
        kept: list[int] = []
        rows = zip(spans, parsed.coords, outputs, strict=True)
        for group, items in itertools.groupby(rows, key=lambda row: row[0].group):
            changed = [(s, c, s.lead + self.escape(out, s) + s.trail) for s, c, out in items if out != s.text]
            if not changed:
                continue
            local = [(a, b, new) for _, (a, b), new in changed]
            if _inline_fits(parsed.blocks[group], local, parsed.env):
                edits[group] = [(s.start, s.end, new) for s, _, new in changed]
            else:
                kept.append(group)
        kept += self._misfits(parsed, text, edits)
        lines = [text.count("\n", 0, parsed.blocks[g].offsets[0]) + 1 for g in sorted(kept)]
        notes = tuple(
            f"summix: {where}:{n}: kept as it was: its translation would change its markup" for n in lines
        )
        return Rendered(splice(text, [e for g in sorted(edits) if g not in kept for e in edits[g]]), notes)

    @staticmethod
    def _misfits(parsed: _Parsed, text: str, edits: dict[int, list[tuple[int, int, str]]]) -> list[int]:
        """The blocks whose edits change the outline of the whole document (all of them, if only
        together they do)."""
        outline = _outline(parsed.tokens)

        def fits(groups: list[int]) -> bool:
            return _outline_of(splice(text, [e for g in sorted(groups) for e in edits[g]])) == outline

        bad = _misfits(list(edits), fits)
        if not bad:
            return []
        return bad if fits([g for g in edits if g not in bad]) else list(edits)

    def prose(self, text: str) -> str:
        """Paragraphs, headings, list items and table cells as plain text, one block each."""
        blocks = (_plain(t.children or []) for t in parse(text).tokens if t.type == "inline")
        return "\n\n".join(b for b in blocks if b)
