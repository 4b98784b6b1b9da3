"""Measure the checks of :mod:`summix.checks` on human translations.

* False alarms: the share of human reference segments flagged, overall and by kind, per direction
  (NTREX-128; UDHR and Tatoeba as held-out sets the thresholds were never tuned on).
* Detection: references broken on purpose (:mod:`summix.bench.corrupt`); a broken segment counts as
  detected when its checks have a finding the intact reference did not have.
* Speed: checking the 1,997 NTREX lines of one direction.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from summix.bench.corrupt import CORRUPTIONS, Sample
from summix.bench.datasets import ALL_DIRECTIONS, TestSet, check_set, load_set, ntrex_document_ids
from summix.checks import CHECKS, Context, SegmentCheck, check_pairs
from summix.checks.names import Name, names
from summix.errors import SummixError

HELD_OUT = ("udhr", "udhr-cyrl", "tatoeba", "tatoeba-cyrl")


@dataclass(frozen=True)
class FalseAlarms:
    """How many human translations of one set and direction were flagged, and why."""

    set_name: str
    src: str
    tgt: str
    segments: int
    flagged_lines: tuple[int, ...]  # the flagged segments' lines (1-based)
    by_kind: dict[str, int]
    examples: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    flagged_but_names: int = 0  # segments flagged by a check other than names

    @property
    def flagged(self) -> int:
        """How many segments were flagged."""
        return len(self.flagged_lines)

    @property
    def share(self) -> float:
        """The flagged share of segments (0 for an empty set)."""
        return self.flagged / self.segments if self.segments else 0.0


@dataclass(frozen=True)
class Detection:
    """How many broken translations of one kind and direction the checks caught."""

    src: str
    tgt: str
    corruption: str
    broken: int  # segments the corruption applied to
    detected: int  # ... whose checks found something new
    by_kind: dict[str, int]  # which kinds of check caught them
    broken_clean: int  # segments the corruption applied to whose intact reference was not flagged
    detected_clean: int  # ... whose checks found something

    @property
    def recall(self) -> float | None:
        """The detected share, or None when the corruption applied to no segment."""
        return self.detected / self.broken if self.broken else None

    @property
    def recall_clean(self) -> float | None:
        """The detected share among references the checks passed intact (None when there are none)."""
        return self.detected_clean / self.broken_clean if self.broken_clean else None


def pairs_of(test: TestSet) -> tuple[list[str], list[str]]:
    """Sources and outputs, one pair per reference (Tatoeba has several references for some sources)."""
    sources = [s for s, refs in zip(test.sources, test.references, strict=True) for _ in refs]
    outputs = [r for refs in test.references for r in refs]
    return sources, outputs


def false_alarms(test: TestSet, examples: int = 2, documents: Sequence[str] | None = None) -> FalseAlarms:
    """Check every reference of ``test`` against its source and count what is flagged: the set as one
    text, or each document as one text when ``documents`` gives the document of every segment."""
    sources, outputs = pairs_of(test)
    results = by_document(sources, outputs, test.src, test.tgt, documents)
    by_kind = Counter(kind for r in results for kind in r.kinds)
    shown = {kind: [_example(r, kind) for r in results if kind in r.kinds][:examples] for kind in by_kind}
    others = sum(1 for r in results if set(r.kinds) - {"names"})
    lines = tuple(i + 1 for i, r in enumerate(results) if r.flagged)
    return FalseAlarms(test.name, test.src, test.tgt, len(results), lines, dict(by_kind), shown, others)


def by_document(
    sources: Sequence[str],
    outputs: Sequence[str],
    src: str,
    tgt: str,
    documents: Sequence[str] | None = None,
    intact: Sequence[str] | None = None,
) -> list[SegmentCheck]:
    """Check aligned segments document by document (all as one text when ``documents`` is None), each
    in the context of its document's ``intact`` outputs when given: so a broken segment is checked as
    the only one broken in a document that is otherwise as the translator wrote it."""
    documents = documents or [""] * len(sources)
    results: list[SegmentCheck | None] = [None] * len(sources)
    for members in _groups(documents):
        mine_sources = tuple(sources[i] for i in members)
        context = Context(mine_sources, tuple(intact[i] for i in members)) if intact is not None else None
        checked = check_pairs(mine_sources, [outputs[i] for i in members], src, tgt, context=context)
        for i, result in zip(members, checked, strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _groups(documents: Sequence[str]) -> list[list[int]]:
    """The positions of each document's segments, documents in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for i, document in enumerate(documents):
        groups.setdefault(document, []).append(i)
    return list(groups.values())


def _example(result: SegmentCheck, kind: str) -> dict[str, object]:
    """A flagged segment as shown in the report: source, output and the reasons of ``kind``."""
    reasons = [f.reason for f in result.findings if f.kind == kind]
    return {"source": result.source, "output": result.output, "reasons": reasons}


def held_out(data: str | None) -> list[FalseAlarms]:
    """False alarms on every direction of the held-out sets (UDHR, Tatoeba) that the data has."""
    return [
        false_alarms(load_set(name, src, tgt, data)) for name in HELD_OUT for src, tgt in set_directions(name)
    ]


def set_directions(name: str) -> list[tuple[str, str]]:
    """The directions among en, ru and uz that test set ``name`` has; the Uzbek of a Cyrillic set
    (``udhr-cyrl``, ``tatoeba-cyrl``) is ``uz-Cyrl``."""
    cyrillic = name.endswith("-cyrl")
    found = []
    for pair in ALL_DIRECTIONS:
        src, tgt = ("uz-Cyrl" if cyrillic and code == "uz" else code for code in pair)
        try:
            check_set(name, src, tgt)
        except SummixError:
            continue  # the set has no such direction
        found.append((src, tgt))
    return found


def samples(src: str, tgt: str, data: str | None, limit: int | None = None) -> list[Sample]:
    """NTREX samples for ``src``->``tgt``, each with the third language's reference, foreign names and
    the source text of its document."""
    test = load_set("ntrex", src, tgt, data).head(limit)
    third_lang = next(lang for lang in ("en", "ru", "uz") if lang not in (src, tgt))
    third = load_set("ntrex", src, third_lang, data).head(limit)
    pool: tuple[Name, ...] = tuple(n for refs in test.references for n in names(refs[0], tgt))
    ids = ntrex_document_ids(data)[: len(test.sources)]
    documents = {i: "\n".join(s for s, d in zip(test.sources, ids, strict=True) if d == i) for i in set(ids)}
    return [
        Sample(source, refs[0], src, tgt, other[0], pool, documents[doc])
        for source, refs, other, doc in zip(test.sources, test.references, third.references, ids, strict=True)
    ]


def detection(group: Sequence[Sample], seed: int = 0, whole: bool = False) -> list[Detection]:
    """Break every sample each way in ``CORRUPTIONS`` and count what the checks catch, each broken
    segment checked within its document as the translator wrote it (see :func:`by_document`), or within
    the whole set taken as one text when ``whole``."""
    if not group:
        return []
    src, tgt = group[0].src, group[0].tgt
    sources, outputs = [s.source for s in group], [s.output for s in group]
    documents = [""] * len(group) if whole else [s.document for s in group]
    clean = by_document(sources, outputs, src, tgt, documents)
    rows = []
    for name, corrupt in CORRUPTIONS.items():
        rng = random.Random(f"{seed}-{name}-{src}-{tgt}")
        broken = [(i, corrupt(sample, rng)) for i, sample in enumerate(group)]
        broken = [(i, text) for i, text in broken if text is not None]
        changed = list(outputs)
        for i, text in broken:
            changed[i] = text
        checked = by_document(sources, changed, src, tgt, documents, intact=outputs)
        results = [checked[i] for i, _ in broken]
        caught = [_new_kinds(clean[i], result) for (i, _), result in zip(broken, results, strict=True)]
        by_kind = Counter(kind for kinds in caught for kind in kinds)
        passed = [bool(k) for (i, _), k in zip(broken, caught, strict=True) if not clean[i].flagged]
        rows.append(
            Detection(
                src, tgt, name, len(broken), sum(map(bool, caught)), dict(by_kind), len(passed), sum(passed)
            )
        )
    return rows


def _new_kinds(before: SegmentCheck, after: SegmentCheck) -> set[str]:
    """The kinds of the findings ``after`` has and ``before`` has not (the same kind and items)."""
    old = {(f.kind, f.items) for f in before.findings}
    return {f.kind for f in after.findings if (f.kind, f.items) not in old}


def speed(src: str, tgt: str, data: str | None, repeats: int = 3) -> dict[str, object]:
    """Seconds to check the NTREX lines of one direction: the first call (tables built), then the best of
    ``repeats`` more, as wall time and as this process's CPU time (which other processes do not inflate)."""
    test = load_set("ntrex", src, tgt, data)
    sources, outputs = pairs_of(test)
    wall, cpu = [], []
    for _ in range(repeats + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        check_pairs(sources, outputs, src, tgt)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"direction": f"{src}-{tgt}", "lines": len(sources), "first_wall_s": round(wall[0], 2),
            "best_wall_s": round(min(wall[1:]), 2), "best_cpu_s": round(min(cpu[1:]), 2),
            "lines_per_cpu_s": round(len(sources) / min(cpu[1:]))}  # fmt: skip


def as_dict(rows: Sequence[FalseAlarms | Detection]) -> list[dict[str, object]]:
    """Rows as JSON-ready dictionaries, with their share or recall."""
    out = []
    for row in rows:
        if isinstance(row, FalseAlarms):
            extra: dict[str, object] = {"flagged": row.flagged, "share": row.share}
        else:
            extra = {"recall": row.recall, "recall_clean": row.recall_clean}
        out.append({**asdict(row), **extra})
    return out


# ------------------------------------------------------------------------------------------- report


def markdown(ntrex: Sequence[FalseAlarms], others: Sequence[FalseAlarms], found: Sequence[Detection]) -> str:
    """The results as Markdown: false alarms by direction and kind, detection by corruption, examples."""
    kinds = list(CHECKS)
    lines = ["## False alarms on human references (share of segments flagged)", ""]
    lines += _alarm_table([*ntrex, *others], kinds)
    lines += ["", "## Detection of broken references (NTREX; share with a new finding)", ""]
    lines += [
        "A broken segment counts as detected when its checks have a finding the intact reference did not "
        "have. The last column keeps only references the checks passed intact (there any finding counts).",
        "",
    ]
    lines += _detection_table(found)
    lines += ["", "## Examples of flagged human references (NTREX)", ""]
    for row in ntrex:
        for kind, shown in row.examples.items():
            for example in shown[:1]:
                lines.append(f"- **{row.src}-{row.tgt} {kind}**: {'; '.join(example['reasons'])}  ")
                lines.append(f"  source: {_clip(example['source'])}  ")
                lines.append(f"  output: {_clip(example['output'])}")
    return "\n".join(lines) + "\n"


def _alarm_table(rows: Sequence[FalseAlarms], kinds: list[str]) -> list[str]:
    """One line per set and direction: segments, flagged share, and the share flagged by each kind."""
    header = ["set", "direction", "segments", "flagged", "flagged, names aside", *kinds]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        shares = [_percent(row.by_kind.get(kind, 0), row.segments) for kind in kinds]
        flagged = [_percent(row.flagged, row.segments), _percent(row.flagged_but_names, row.segments)]
        cells = [row.set_name, f"{row.src}-{row.tgt}", str(row.segments), *flagged]
        out.append("| " + " | ".join([*cells, *shares]) + " |")
    return out


def _detection_table(rows: Sequence[Detection]) -> list[str]:
    """One line per corruption, one column per direction: recall (broken segments), then both totals."""
    directions = sorted({f"{r.src}-{r.tgt}" for r in rows})
    header = ["corruption", *directions, "all", "on unflagged references"]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for corruption in CORRUPTIONS:
        mine = {f"{r.src}-{r.tgt}": r for r in rows if r.corruption == corruption}
        cells = [_percent(mine[d].detected, mine[d].broken) + f" ({mine[d].broken})" for d in directions]
        total = _percent(sum(r.detected for r in mine.values()), sum(r.broken for r in mine.values()))
        clean = sum(r.broken_clean for r in mine.values())
        unflagged = _percent(sum(r.detected_clean for r in mine.values()), clean) + f" ({clean})"
        out.append("| " + " | ".join([corruption, *cells, total, unflagged]) + " |")
    return out


def _percent(part: int, whole: int) -> str:
    """``"3.2 %"``, or a dash for an empty whole."""
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _clip(text: object, width: int = 160) -> str:
    """``text`` cut to ``width`` characters, for a table of examples."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
