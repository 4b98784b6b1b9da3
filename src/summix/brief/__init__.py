"""Briefs: one document in, one page out with its summary in each language, the full text side by side
paragraph by paragraph, what ran, what could not be produced, and where a reader should look twice.

    from summix.brief import build_brief, render_brief
    brief = build_brief(open("doc.txt", encoding="utf-8").read(), "uz-Latn,ru,en")
    open("brief.html", "w", encoding="utf-8").write(render_brief(brief, "html"))

:mod:`summix.brief.model` holds the frozen records, :mod:`summix.brief.build` makes them on one
:class:`~summix.session.Session`, :mod:`summix.brief.checking` flags segments with :mod:`summix.checks`,
:mod:`summix.brief.render` turns them into HTML or Markdown with the templates in
``summix/brief/templates``.
"""

from __future__ import annotations

from summix.brief.build import DEFAULT_TAGS, BriefRequest, build_brief, make_brief, parse_tags
from summix.brief.checking import check_brief
from summix.brief.model import (
    Brief,
    BriefSummary,
    Column,
    Flag,
    Missing,
    Run,
    findings_as_flags,
    flags_from_checks,
)
from summix.brief.render import FORMATS, format_for, render_brief

__all__ = [
    "DEFAULT_TAGS",
    "FORMATS",
    "Brief",
    "BriefRequest",
    "BriefSummary",
    "Column",
    "Flag",
    "Missing",
    "Run",
    "build_brief",
    "check_brief",
    "findings_as_flags",
    "flags_from_checks",
    "format_for",
    "make_brief",
    "parse_tags",
    "render_brief",
]
