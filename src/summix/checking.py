"""The checks of :mod:`summix.checks`, run on what summix itself translated or summarised.

With ``check`` on, every translated paragraph (or record line) and every summary sentence gets a
:class:`~summix.checks.base.SegmentCheck`: the weight-free findings, and in ``values["model"]`` the scores
the model gave its own output (:mod:`summix.scoring`): mean and least token log-probability, and with
``check="back"`` the back-score log P(source | output) from a model that translates the other way. Scores
are reported, never flagged. Nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from summix.checks import CHECKS
from summix.checks.base import SegmentCheck
from summix.errors import ModelError, SettingError
from summix.scoring import ScoreBook, model_values, total

if TYPE_CHECKING:
    from summix.session import Route, Session

CHECK_MODES: tuple[str, ...] = ("on", "back")


def check_mode(check: bool | str | None) -> str | None:
    """``check`` as None (off), ``"on"`` (checks and the model's scores) or ``"back"`` (and back-scores).

    Raises:
        SettingError: anything else (the message lists the valid values).
    """
    if check is None or check is False:
        return None
    if check is True:
        return "on"
    if check not in CHECK_MODES:
        raise SettingError(f"unknown {{check}} {check!r}: choose from True, False, 'back'", "check")
    return str(check)


def paragraph_checks(
    sources: Sequence[str], outputs: Sequence[str], src: str, tgt: str, models: Sequence[Any]
) -> tuple[SegmentCheck, ...]:
    """One check per paragraph pair (:func:`summix.checks.document.check_document`: findings of aligned
    sentences included), with ``values["model"]`` from ``models`` where it is not None."""
    from summix.checks.document import check_document

    checked = check_document(sources, outputs, src, tgt)
    return tuple(
        with_values(p.paragraph, p.findings, {"model": model} if model is not None else {})
        for p, model in zip(checked, models, strict=True)
    )


def with_values(base: SegmentCheck, findings: tuple, extra: Mapping[str, Any]) -> SegmentCheck:
    """``base`` with ``findings`` instead of its own, and ``extra`` added to its values."""
    return SegmentCheck(base.source, base.output, base.src, base.tgt, findings, {**base.values, **extra})


def summary_checks(
    source: str,
    sentences: Sequence[str],
    src: str,
    tgt: str,
    translated: Sequence[SegmentCheck] | None = None,
) -> tuple[SegmentCheck, ...]:
    """One check per summary sentence against the whole ``source`` (its numbers and names must be
    there: :func:`summix.checks.summary.check_summary`). For a summary translated from another language,
    ``translated`` holds each sentence's translation check: its findings are added (their reasons start
    with "translation: "), its values go under ``values["translation"]`` and its scores to ``"model"``."""
    from summix.checks.base import Finding
    from summix.checks.summary import check_summary

    found = []
    for number, sentence in enumerate(sentences):
        own = check_summary(source, sentence, src, tgt)
        if translated is None:
            found.append(own)
            continue
        step = translated[number]
        extra = {"translation": {k: v for k, v in step.values.items() if k != "model"}}
        if "model" in step.values:
            extra["model"] = step.values["model"]
        more = tuple(Finding(f.kind, f"translation: {f.reason}", f.items) for f in step.findings)
        found.append(with_values(own, own.findings + more, extra))
    return tuple(found)


def whole_output(book: ScoreBook, paragraphs: Sequence[str]) -> dict[str, Any]:
    """``model`` values of a whole output: its paragraphs' scores together."""
    keys = [p for p in paragraphs if p in book.paragraphs]
    return model_values(
        total(book.forward(p) for p in keys), total(book.backward(p) for p in keys) if keys else None
    )


def back_score(session: Session, route: Route, book: ScoreBook, src: str, tgt: str) -> str | None:
    """Add back-scores for the book's segments, by the route's own model when it translates ``tgt`` to
    ``src``, else by the installed one that does; None, or a note saying why there are none (no such
    model, a pivot, a reverse model that cannot be loaded).
    """
    from summix import pipeline
    from summix.resolve import suggest_pull

    if route.pivot is not None:
        return (
            f"no back-scores for {src}->{tgt}: it pivoted through English, and a back-score needs one model"
        )
    forward = route.steps[0].ref
    reverse = forward if forward.serves("translate", tgt, src) else session.find("translate", tgt, src)
    if reverse is None:
        return (
            f"no back-scores for {src}->{tgt}: no installed model translates {tgt}->{src} "
            f"(`{suggest_pull('translate', tgt, src)}` adds one)"
        )
    try:
        backend = session.backend(reverse)
    except ModelError as exc:  # the translation stands; only its back-scores are missing
        return f"no back-scores for {src}->{tgt}: {exc}"
    if not hasattr(backend, "score"):
        return f"no back-scores for {src}->{tgt}: the {backend.name} backend cannot score"
    runtime = session.runtime
    pipeline.back_scores(
        book,
        backend,
        src=src,
        tgt=tgt,
        batch_size=runtime.batch_size,
        max_batch_tokens=runtime.max_batch_tokens,
    )
    return None


# ------------------------------------------------------------------------------------ run summaries


@dataclass(frozen=True)
class Checked:
    """What the checks of one document or record found, for the run's summary lines: per target
    language, the kinds flagged in each part checked (none: a clean part), and notes about the checks."""

    parts: Mapping[str, tuple[tuple[str, ...], ...]]
    notes: tuple[str, ...] = ()


def kinds_of(checks: Sequence[SegmentCheck]) -> tuple[tuple[str, ...], ...]:
    """The kinds each check flagged."""
    return tuple(c.kinds for c in checks)


@dataclass
class Tally:
    """Counts over a whole run, in bounded memory: parts checked, parts flagged and kinds, per language."""

    unit: str
    checked: Counter = field(default_factory=Counter)
    flagged: Counter = field(default_factory=Counter)
    kinds: dict[str, Counter] = field(default_factory=dict)
    notes: dict[str, None] = field(default_factory=dict)

    def add(self, found: Checked) -> None:
        """Count one document's or record's parts."""
        for language, parts in found.parts.items():
            self.checked[language] += len(parts)
            self.flagged[language] += sum(1 for kinds in parts if kinds)
            self.kinds.setdefault(language, Counter()).update(k for kinds in parts for k in set(kinds))
        self.notes.update(dict.fromkeys(found.notes))

    def lines(self) -> tuple[str, ...]:
        """``"summix: checks, ru: 3 of 117 records flagged: 2 numbers, 1 length"`` per language, then the
        notes."""
        return tuple(
            f"summix: checks, {language}: "
            + count_line(self.checked[language], self.flagged[language], self.kinds[language], self.unit)
            for language in self.checked
        ) + tuple(f"summix: {note}" for note in self.notes)


def count_line(parts: int, flagged: int, kinds: Counter, unit: str) -> str:
    """The line of :func:`summix.checks.report.summary_line` from counts (most frequent kind first, ties
    in the order of ``CHECKS``)."""
    line = f"{flagged} of {parts} {unit} flagged"
    order = list(CHECKS)
    ranked = sorted(
        kinds.items(), key=lambda item: (-item[1], order.index(item[0]) if item[0] in order else 0)
    )
    return line + (": " + ", ".join(f"{count} {kind}" for kind, count in ranked) if ranked else "")
