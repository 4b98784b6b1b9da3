"""A brief's flags from :mod:`summix.checks`: every produced column checked against the source paragraph
by paragraph (and sentence by sentence where the sentences align), every summary against the source."""

from __future__ import annotations

import dataclasses

from summix.brief.model import Brief, Flag, findings_as_flags, flags_from_checks, language_of


def check_brief(brief: Brief) -> Brief:
    """``brief`` with a flag for each finding of :mod:`summix.checks` on its columns and summaries, marked
    checked (so a page can say that nothing was flagged rather than that nothing was looked at).

    The checks read the text only (no model). A column transliterated from another is checked in its own
    script, so its flags stand where its reader looks.
    """
    from summix.checks.document import check_document

    flagged = brief.with_flags(flags_from_checks(brief, check_document) + summary_flags(brief))
    return dataclasses.replace(flagged, checked=True)


def summary_flags(brief: Brief) -> tuple[Flag, ...]:
    """Flags for the numbers and names each summary states that the source does not have
    (:func:`summix.checks.summary.check_summary`)."""
    from summix.checks.summary import check_summary

    source = "\n".join(brief.source.paragraphs)
    flags: list[Flag] = []
    for summary in brief.summaries:
        result = check_summary(source, summary.text, brief.source_language, language_of(summary.tag))
        flags.extend(findings_as_flags(summary.tag, None, result.findings))
    return tuple(flags)
