"""Turn results into text, JSON or Markdown. Pure functions: the CLI decides where they go."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from summix.languages import NAMES
from summix.results import SummaryResult, TranslationResult

if TYPE_CHECKING:
    from summix.checks.base import SegmentCheck

FORMATS: tuple[str, ...] = ("text", "json", "md")
# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that start markup inline
# ("&" only where it would start an entity such as &copy;).
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<|~]|&(?=#?\w+;))")
# At the start of a line these start a heading, quote, list or rule; a number is escaped at its dot.
MARKDOWN_LINE_START = re.compile(r"^(\s*\d*)([#>+=.)-])", re.MULTILINE)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as itself: inline markup characters backslash-escaped, and at the
    start of each line the ones that would start a heading, quote, list or rule."""
    return MARKDOWN_LINE_START.sub(r"\1\\\2", MARKDOWN_INLINE.sub(r"\\\1", text))


def _signature_line(sig: object | None) -> str:
    if sig is None:
        return "no model"
    weights = " (random weights: output is meaningless)" if sig.random_weights else ""
    return (
        f"{sig.model_id}@{sig.revision[:12]} · {sig.family} · {sig.backend}/{sig.device}/{sig.dtype}{weights}"
    )


def render_translation(result: TranslationResult, fmt: str) -> str:
    """The translations of one document in ``fmt`` (text, json or md)."""
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "md":
        parts = [f"# Translation from {NAMES[result.source_language]}"]
        for t in result.translations:
            via = f", via {t.pivot}" if t.pivot else ""
            head = f"## {NAMES[t.language]} ({t.language}{via})\n\n_{_signature_line(t.signature)}_"
            if t.checks is None:
                parts.append(f"{head}\n\n{markdown_text(t.text)}")
                continue
            marked = [
                markdown_text(p) + _mark(c, "\n\n") for p, c in zip(t.paragraphs, t.checks, strict=True)
            ]
            parts.append(f"{head}\n\n_{_check_line(t.checks, 'paragraphs')}_\n\n" + "\n\n".join(marked))
        return "\n\n".join(parts)
    if len(result.translations) == 1:
        return result.translations[0].text
    return "\n\n".join(f"[{t.language}] {NAMES[t.language]}\n\n{t.text}" for t in result.translations)


def render_summary(result: SummaryResult, fmt: str) -> str:
    """The summaries of one document in ``fmt`` (text, json or md)."""
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    shown = [s for s in result.summaries if s.method != "unavailable"]  # the CLI says why on stderr
    if fmt == "md":
        parts = [f"# Summary ({result.method}, from {NAMES[result.source_language]})"]
        for s in shown:
            checks = s.checks if s.checks is not None else [None] * len(s.sentences)
            bullets = "\n".join(
                f"- {markdown_text(sentence)}" + _mark(c, "\n  ")
                for sentence, c in zip(s.sentences, checks, strict=True)
            )
            head = f"## {NAMES[s.language]} ({s.language})\n\n_{s.method} · {_signature_line(s.signature)}_"
            if s.checks is not None:
                head += f"\n\n_{_check_line(s.checks, 'sentences')}_"
            parts.append(f"{head}\n\n{bullets}")
        return "\n\n".join(parts)
    return "\n\n".join(f"[{s.language}] {NAMES[s.language]} · {s.method}\n{s.text}" for s in shown)


def _mark(check: SegmentCheck | None, joint: str) -> str:
    """A quoted line after a flagged paragraph or bullet saying what the checks found ("" when clean)."""
    if check is None or not check.findings:
        return ""
    return f"{joint}> **check** · " + " · ".join(f"{f.kind}: {f.reason}" for f in check.findings)


def _check_line(checks: Sequence[SegmentCheck], unit: str) -> str:
    from summix.checks.report import summary_line

    return "checks: " + summary_line(checks, unit)
