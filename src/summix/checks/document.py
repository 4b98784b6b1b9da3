"""Documents: check a translation paragraph by paragraph, and sentence by sentence where they align.

The source and the output must have as many paragraphs (a translator keeps them). Within a paragraph the
sentences are compared one by one when both sides split into the same number of sentences; otherwise
the paragraph is checked as one segment only, which still catches a dropped sentence by its length,
numbers and names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summix.checks import check_pairs
from summix.checks.base import Context, Finding, SegmentCheck
from summix.errors import InputError
from summix.text import split_sentences


@dataclass(frozen=True)
class ParagraphCheck:
    """One paragraph checked as a whole, and its sentences (empty when the sentence counts differ)."""

    paragraph: SegmentCheck
    sentences: tuple[SegmentCheck, ...]

    @property
    def aligned(self) -> bool:
        """True when the sentences were compared one by one."""
        return bool(self.sentences)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The paragraph's findings, then those of its sentences that say something new, reasons
        prefixed with the sentence number ("sentence 2: ...")."""
        seen = {(f.kind, f.items) for f in self.paragraph.findings}
        extra = [
            Finding(f.kind, f"sentence {number}: {f.reason}", f.items)
            for number, sentence in enumerate(self.sentences, start=1)
            for f in sentence.findings
            if (f.kind, f.items) not in seen or not f.items
        ]
        return self.paragraph.findings + tuple(extra)


def check_document(
    source_paragraphs: Sequence[str],
    output_paragraphs: Sequence[str],
    src: str,
    tgt: str,
    *,
    kinds: Iterable[str] | None = None,
) -> list[ParagraphCheck]:
    """Check ``output_paragraphs[i]`` against ``source_paragraphs[i]``, and their sentences where aligned.

    Raises:
        InputError: the paragraph counts differ (both are named), or an unknown check name.
        LanguageError: ``src`` or ``tgt`` is not en, ru or uz.
    """
    if len(source_paragraphs) != len(output_paragraphs):
        raise InputError(
            f"the source has {len(source_paragraphs)} paragraphs and the output {len(output_paragraphs)}: "
            "a document is checked paragraph by paragraph, so give both with the same paragraphs"
        )
    chosen = tuple(kinds) if kinds is not None else None
    whole = Context(tuple(source_paragraphs), tuple(output_paragraphs))
    paragraphs = check_pairs(source_paragraphs, output_paragraphs, src, tgt, kinds=chosen, context=whole)
    return [_with_sentences(p, chosen, whole) for p in paragraphs]


def _with_sentences(paragraph: SegmentCheck, kinds: tuple[str, ...] | None, whole: Context) -> ParagraphCheck:
    """The paragraph's check, with its sentences checked one by one when both sides have as many."""
    sources = split_sentences(paragraph.source, paragraph.src)
    outputs = split_sentences(paragraph.output, paragraph.tgt)
    if len(sources) < 2 or len(sources) != len(outputs):
        return ParagraphCheck(paragraph, ())
    sentences = check_pairs(sources, outputs, paragraph.src, paragraph.tgt, kinds=kinds, context=whole)
    return ParagraphCheck(paragraph, tuple(sentences))
