"""``summix check``: an output checked against its source, with no model, from two aligned texts.

The output can come from anywhere (a human, summix, another system). ``lines``: line N of the output
is the translation of line N of the source, every line counts (a blank one too), so the report has
exactly one entry per input line, in order. ``text``: two documents aligned by paragraph (a non-blank line
is a paragraph, as summix reads documents; a source whose page furniture summix left out of its
translation is matched without it), checked paragraph by paragraph and sentence by sentence where
they align (:func:`summix.checks.document.check_document`). Nothing here prints.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from summix.checking import count_line
from summix.checks import check_pairs, resolve_kinds
from summix.checks.base import SegmentCheck
from summix.errors import InputError
from summix.languages import check_language
from summix.options import check_choice

UNITS: tuple[str, ...] = ("lines", "text")
REPORTS: tuple[str, ...] = ("text", "jsonl", "json")
_NAMES = {"lines": ("line", "lines"), "text": ("paragraph", "paragraphs")}


@dataclass(frozen=True)
class FileCheck:
    """The checks of an output against its source: one per line (``unit`` lines) or per paragraph
    (``unit`` text), in order."""

    unit: str
    src: str
    tgt: str
    checks: tuple[SegmentCheck, ...]

    @property
    def flagged(self) -> int:
        """How many lines or paragraphs have a finding."""
        return sum(1 for c in self.checks if c.findings)

    def summary(self) -> str:
        """``"3 of 117 lines flagged: 2 numbers, 1 length"``."""
        kinds = Counter(kind for c in self.checks for kind in c.kinds)
        return count_line(len(self.checks), self.flagged, kinds, _NAMES[self.unit][1])

    def entries(self) -> Iterator[dict[str, Any]]:
        """``{"line": N, "flags": [...], "values": {...}}`` per line (``"paragraph"`` for text), from 1."""
        name = _NAMES[self.unit][0]
        for number, c in enumerate(self.checks, start=1):
            yield {name: number, **c.to_json()}


def check_texts(
    source: str, output: str, src: str, tgt: str, *, unit: str = "lines", kinds: Iterable[str] | None = None
) -> FileCheck:
    """Check ``output`` against ``source`` (whole texts), line by line or paragraph by paragraph.

    Raises:
        SettingError: ``unit`` is not lines or text.
        InputError: the line (or paragraph) counts differ, both named; an unknown check name.
        LanguageError: ``src`` or ``tgt`` is not en, ru or uz.
    """
    check_choice("input_format", unit, UNITS)
    src, tgt, chosen = check_language(src), check_language(tgt), resolve_kinds(kinds)
    if unit == "lines":
        sources, outputs = lines_of(source), lines_of(output)
        if len(sources) != len(outputs):
            raise InputError(
                f"the source has {len(sources)} lines and the output {len(outputs)}: line N of the "
                "output must translate line N of the source (or check whole documents with {input_format} "
                "text)",
                "input_format",
            )
        return FileCheck(unit, src, tgt, tuple(check_pairs(sources, outputs, src, tgt, kinds=chosen)))
    return FileCheck(unit, src, tgt, _paragraph_checks(source, output, src, tgt, chosen))


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` (a final line end closes the last line; it does not open another)."""
    if not text:
        return []
    return text.removesuffix("\n").split("\n")


def _paragraph_checks(source: str, output: str, src: str, tgt: str, kinds: tuple[str, ...]) -> tuple:
    from summix.checking import with_values
    from summix.checks.document import check_document
    from summix.text import paragraphs

    sources, outputs = paragraphs(source, keep_all=True), paragraphs(output, keep_all=True)
    if len(sources) != len(outputs):
        content = paragraphs(source)  # summix leaves page furniture out of what it translates
        if len(content) != len(outputs):
            raise InputError(
                f"the source has {len(sources)} paragraphs ({len(content)} without page furniture) and the "
                f"output {len(outputs)}: a document is checked paragraph by paragraph (a non-blank line is "
                "a paragraph), so give both with the same paragraphs, or check line by line with "
                "{input_format} lines",
                "input_format",
            )
        sources = content
    checked = check_document(sources, outputs, src, tgt, kinds=kinds)
    return tuple(with_values(p.paragraph, p.findings, {}) for p in checked)


def render(result: FileCheck, fmt: str) -> str:
    """The report in ``fmt``: ``jsonl`` (one object per line or paragraph), ``json`` (one object) or
    ``text`` (a line per flagged line or paragraph, then the summary line).

    Raises:
        SettingError: an unknown ``fmt``.
    """
    check_choice("output_format", fmt, REPORTS)
    if fmt == "jsonl":
        return "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in result.entries())
    if fmt == "json":
        return json.dumps(_document(result), ensure_ascii=False, indent=2) + "\n"
    name = _NAMES[result.unit][0]
    flagged = [
        f"{name} {number}: " + "; ".join(f"{f.kind}: {f.reason}" for f in c.findings)
        for number, c in enumerate(result.checks, start=1)
        if c.findings
    ]
    return "".join(line + "\n" for line in [*flagged, result.summary()])


def _document(result: FileCheck) -> dict[str, Any]:
    kinds = Counter(kind for c in result.checks for kind in c.kinds)
    return {
        "source_language": result.src,
        "output_language": result.tgt,
        "input_format": result.unit,
        "summary": result.summary(),
        "counts": {"checked": len(result.checks), "flagged": result.flagged, "kinds": dict(kinds)},
        "checks": list(result.entries()),
    }
