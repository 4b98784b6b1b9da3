"""Checks a reader can trust: which segments of a translation or summary to look at again.

Each check reads a (source, output) pair and needs no model weights::

    from summix.checks import check
    result = check("Sales rose 5% in 2019.", "Продажи выросли на 6% в 2019 году.", "en", "ru")
    result.flagged                        # True
    result.findings[0].reason             # 'the output lacks "5" from the source'

One module per kind of check, listed in ``CHECKS`` and imported the first time it runs. A check
module has a ``KIND`` and a ``run(pair: Pair) -> Outcome``. Documents are checked paragraph by paragraph
(:func:`summix.checks.document.check_document`), summaries against their source
(:func:`summix.checks.summary.check_summary`); :func:`summix.checks.report.summary_line` says in one line
how many segments were flagged and why.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from types import ModuleType

from summix.checks.base import Context, Finding, Outcome, Pair, SegmentCheck
from summix.errors import InputError
from summix.languages import model_language

__all__ = [
    "CHECKS",
    "Context",
    "Finding",
    "Outcome",
    "Pair",
    "SegmentCheck",
    "check",
    "check_pairs",
    "resolve_kinds",
]

# kind -> module. "empty" comes first: when it flags a segment, the others are not run.
CHECKS: dict[str, str] = {
    "empty": "summix.checks.empty",
    "numbers": "summix.checks.numbers",
    "names": "summix.checks.names",
    "length": "summix.checks.length",
    "truncated": "summix.checks.truncated",
    "language": "summix.checks.language",
    "copy": "summix.checks.copy",
    "repetition": "summix.checks.repetition",
}


def resolve_kinds(kinds: Iterable[str] | None = None) -> tuple[str, ...]:
    """The checks to run, in table order: all of them when ``kinds`` is None.

    Raises:
        InputError: a name is not in ``CHECKS``, or none is given (the message lists the valid ones).
    """
    if kinds is None:
        return tuple(CHECKS)
    chosen = set(kinds)
    if not chosen:
        raise InputError(f"no check given: choose from {', '.join(CHECKS)} (or name none to run all)")
    unknown = sorted(chosen - set(CHECKS))
    if unknown:
        raise InputError(f"unknown check {unknown[0]!r}: choose from {', '.join(CHECKS)}")
    return tuple(k for k in CHECKS if k in chosen)


def check(
    source: str, output: str, src: str, tgt: str, *, kinds: Iterable[str] | None = None
) -> SegmentCheck:
    """Check one output segment against its source segment (``src``/``tgt``: en, ru or uz).

    ``kinds`` picks checks by name (default: every check in ``CHECKS``).

    Raises:
        LanguageError: ``src`` or ``tgt`` is not en, ru or uz.
        InputError: an unknown check name.
    """
    pair = Pair(source, output, model_language(src), model_language(tgt))
    return _run(pair, resolve_kinds(kinds))


def check_pairs(
    sources: Sequence[str],
    outputs: Sequence[str],
    src: str,
    tgt: str,
    *,
    kinds: Iterable[str] | None = None,
    context: Context | None = None,
) -> list[SegmentCheck]:
    """Check aligned segments: ``outputs[i]`` against ``sources[i]``, one result per pair, in order.

    The segments are taken for one text (a document, a file of lines): what the whole text says, such as
    which capitalised words it also writes in lower case, informs the check of each pair. ``context``
    gives another whole text instead: a document whose sentences are checked one paragraph at a time, or
    the segments as they should read, aligned with ``sources`` by position, to check a changed one in.

    Raises:
        InputError: the two sequences differ in length (both counts are named), or an unknown check name.
        LanguageError: ``src`` or ``tgt`` is not en, ru or uz.
    """
    if len(sources) != len(outputs):
        raise InputError(
            f"cannot pair {len(sources)} source segments with {len(outputs)} output segments: "
            "give one output per source, in order"
        )
    src, tgt, chosen = model_language(src), model_language(tgt), resolve_kinds(kinds)
    whole = context or Context(tuple(sources), tuple(outputs))
    aligned = len(whole.sources) == len(sources)
    return [
        _run(Pair(s, o, src, tgt, whole, i if aligned else None), chosen)
        for i, (s, o) in enumerate(zip(sources, outputs, strict=True))
    ]


def _run(pair: Pair, kinds: tuple[str, ...]) -> SegmentCheck:
    """Run the named checks on ``pair``; after an "empty" finding nothing else is run."""
    findings: list[Finding] = []
    values = {}
    for kind in kinds:
        outcome: Outcome = module(kind).run(pair)
        findings.extend(outcome.findings)
        if outcome.values:
            values[kind] = outcome.values
        if kind == "empty" and outcome.findings:
            break
    return SegmentCheck(pair.source, pair.output, pair.src, pair.tgt, tuple(findings), values)


def module(kind: str) -> ModuleType:
    """The module of check ``kind``, imported on first use."""
    return importlib.import_module(CHECKS[kind])
