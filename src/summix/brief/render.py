"""Render a :class:`~summix.brief.model.Brief` as one self-contained HTML file or as Markdown.

The templates ship in the package (``summix/brief/templates``) and are rendered with Jinja2. HTML
autoescaping is on, so every text from the document or a model reaches the page as text, never as
markup. Markdown has no escaping of its own: every value printed by the Markdown template goes
through :func:`escape_markdown` (the environment's ``finalize``), values that start a line through
:func:`markdown_block` as well, and only the few values marked safe on purpose (inline code, macro
output) are written as they are.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from summix.brief.model import Brief, anchor, describe_tag
from summix.errors import SettingError
from summix.options import check_choice
from summix.render import MARKDOWN_INLINE, MARKDOWN_LINE_START

FORMATS: tuple[str, ...] = ("html", "md")
SUFFIXES: dict[str, str] = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def format_for(output: str | None, fmt: str | None = None) -> str:
    """The brief format: ``fmt`` when given, else from ``output``'s suffix, else ``html``.

    Raises:
        SettingError: ``fmt`` is not html or md, or ``output`` has a suffix that names neither.
    """
    if fmt is not None:
        check_choice("output_format", fmt, FORMATS)
        return fmt
    if output is None or output == "-":
        return "html"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise SettingError(
            f"cannot tell the brief format from {output!r}: name it {', '.join(SUFFIXES)} "
            "or pass {output_format} html|md",
            "output_format",
        )
    return SUFFIXES[suffix]


def render_brief(brief: Brief, fmt: str = "html") -> str:
    """``brief`` as an HTML page (``html``) or Markdown (``md``).

    Raises:
        SettingError: ``fmt`` is neither.
    """
    check_choice("output_format", fmt, FORMATS)
    template = _environment(fmt).get_template(f"brief.{fmt}")
    return template.render(brief=brief, rows=brief.rows(), describe=describe_tag, anchor=anchor)


def escape_markdown(value: object) -> str:
    """``value`` as Markdown text that renders as itself: markup characters are backslash-escaped.

    Values marked safe (:class:`markupsafe.Markup`, from the ``code`` filter) are returned unchanged.
    """
    if isinstance(value, Markup):
        return str(value)
    return MARKDOWN_INLINE.sub(r"\\\1", str(value))


def markdown_block(value: object) -> Markup:
    """``value`` escaped (see :func:`escape_markdown`) for the start of a line, where ``#``, ``>``, ``-``,
    ``+``, ``=`` and ``1.`` would start a heading, quote, list or rule (on each of its lines)."""
    text = escape_markdown(value)
    return Markup(MARKDOWN_LINE_START.sub(r"\1\\\2", text))


def markdown_code(value: object) -> Markup:
    """``value`` as an inline code span, fenced with more backticks than it contains."""
    text = str(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def thousands(value: int) -> str:
    """1961 -> ``1,961``."""
    return f"{value:,}"


@functools.cache
def _environment(fmt: str) -> jinja2.Environment:
    """The Jinja2 environment for ``fmt``: autoescaping HTML, or Markdown-escaping every printed value."""
    markdown = fmt == "md"
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summix.brief", "templates"),
        autoescape=not markdown,
        finalize=escape_markdown if markdown else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = thousands
    env.filters["code"] = markdown_code
    env.filters["block"] = markdown_block
    return env
