"""What a brief holds: frozen records a template can read without computing anything.

A :class:`Brief` is one source document in columns (the source and each produced language, one
paragraph per source paragraph), the summary in each language, what ran to produce them, the languages
that could not be produced with the command that fixes that, and the segments a reader should look at
twice. It is plain data: :mod:`summix.brief.build` assembles it from the library's results and
:mod:`summix.brief.render` turns it into HTML or Markdown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from summix import languages
from summix.options import Signature
from summix.text import DroppedLine

SCRIPT_NAMES: dict[str, str] = {"Latn": "Latin", "Cyrl": "Cyrillic"}

# A heading does not end like a sentence; closing quotes and brackets are looked past:
# "“The issue is closed”" is a heading.
_SENTENCE_ENDS = tuple(".!…:;,")
_CLOSERS = "\"'”’»›)]"
HEADING_WORDS = 12
TITLE_WORDS = 30


def code_of(tag: str) -> str:
    """The library's code for a tag (``uz`` for ``uz-Latn``, ``uz-Cyrl``, ``ru``, ``en``).

    Raises:
        LanguageError: an unknown tag.
    """
    return languages.check_language(tag)


def tag_of(code: str) -> str:
    """The tag of a language code, naming the script where the language has two: ``uz-Latn`` for ``uz``,
    the code itself otherwise. Tags are what a brief's columns, ``lang`` attributes and anchors use.

    Raises:
        LanguageError: an unknown code.
    """
    return languages.tagged_code(languages.get(code))


def language_of(tag: str) -> str:
    """``uz`` for ``uz-Cyrl``: the language a tag's text is in, as models serve it."""
    return languages.model_language(tag)


def script_of(tag: str) -> str:
    """``Cyrl`` for ``uz-Cyrl``, ``Latn`` for ``en``: the script a tag's text is written in."""
    return languages.script_of(tag)


def describe_tag(tag: str) -> str:
    """``Uzbek (Cyrillic)`` for ``uz-Cyrl``, ``Uzbek (Latin)`` for ``uz-Latn``, ``Russian`` for ``ru``: a tag
    for a reader."""
    name = languages.NAMES[language_of(tag)]
    return f"{name} ({SCRIPT_NAMES[script_of(tag)]})" if languages.has_scripts(tag) else name


def is_heading(paragraph: str, *, first: bool = False) -> bool:
    """True for a paragraph that reads as a heading: a short line with letters that does not end like a
    sentence ("Putin was not arrested", "Compensation for Soviet-Era damage?", "1‐modda"). The first
    paragraph of a document, its title line, may be longer (:data:`TITLE_WORDS` words, else
    :data:`HEADING_WORDS`).
    """
    words = paragraph.split()
    limit = TITLE_WORDS if first else HEADING_WORDS
    if not words or len(words) > limit or not any(ch.isalpha() for ch in paragraph):
        return False
    return not paragraph.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def word_count(paragraphs: Iterable[str]) -> int:
    """Whitespace-separated words in ``paragraphs``."""
    return sum(len(p.split()) for p in paragraphs)


@dataclass(frozen=True)
class Run:
    """What produced a column or a summary: the model and how it ran."""

    task: str
    model_id: str
    revision: str
    family: str
    engine: str
    device: str
    compute_type: str
    beams: int
    random_weights: bool
    pivot: str | None = None

    @classmethod
    def from_signature(cls, task: str, signature: Signature, pivot: str | None = None) -> Run:
        """The run a library result's signature describes (``task``: translate or summarize)."""
        return cls(
            task,
            signature.model_id,
            signature.revision,
            signature.family,
            signature.backend,
            signature.device,
            signature.dtype,
            signature.num_beams,
            signature.random_weights,
            pivot,
        )

    @property
    def model_name(self) -> str:
        """The model for a reader: a hub id as is, a local folder by its name (``model_id`` has the path)."""
        if self.model_id.startswith(("/", "./", "../", "~")) or "\\" in self.model_id:
            return self.model_id.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        return self.model_id

    @property
    def short_revision(self) -> str:
        """The first 12 characters of the revision (a commit is recognisable by them)."""
        return self.revision[:12]


@dataclass(frozen=True)
class Flag:
    """A segment a reader should look at twice.

    ``language`` is the tag of the column it is in; ``paragraph`` the 0-based paragraph index, or None for
    that language's summary. ``kind`` names the check ("numbers", "names", ...), ``reason`` is one sentence
    for a reader, ``items`` are the spans it is about.
    """

    language: str
    paragraph: int | None
    kind: str
    reason: str
    items: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | object) -> Flag:
        """A flag from plain data: a mapping or an object with ``language``, ``paragraph``, ``kind``,
        ``reason`` and optionally ``items``.

        Raises:
            ValueError: a field is missing or ``paragraph`` is neither None nor a whole number.
        """
        if isinstance(data, Flag):
            return data
        language, paragraph, kind, reason = (
            _field(data, k) for k in ("language", "paragraph", "kind", "reason")
        )
        if paragraph is not None and (isinstance(paragraph, bool) or not isinstance(paragraph, int)):
            raise ValueError(f"a flag's paragraph is a 0-based index or None (the summary): {paragraph!r}")
        items = _field(data, "items", ()) or ()
        return cls(str(language), paragraph, str(kind), str(reason), tuple(map(str, items)))


_REQUIRED = object()


def _field(data: Mapping[str, Any] | object, name: str, default: object = _REQUIRED) -> Any:
    """``data[name]`` or ``data.name``; ``default`` when absent, which is an error for required fields."""
    if isinstance(data, Mapping):
        if name in data:
            return data[name]
    elif hasattr(data, name):
        return getattr(data, name)
    if default is _REQUIRED:
        raise ValueError(
            f"{name!r} is missing in {data!r}: a flag needs language, paragraph, kind and reason, "
            "a finding kind and reason"
        )
    return default


def findings_as_flags(tag: str, paragraph: int | None, findings: Iterable[object]) -> tuple[Flag, ...]:
    """Flags for the findings of one check (objects or mappings with ``kind``, ``reason`` and optionally
    ``items``) on paragraph ``paragraph`` of column ``tag`` (None: its summary).

    Raises:
        ValueError: a finding lacks ``kind`` or ``reason``.
    """
    return tuple(
        Flag(tag, paragraph, str(_field(f, "kind")), str(_field(f, "reason")), tuple(_field(f, "items", ())))
        for f in findings
    )


@dataclass(frozen=True)
class Column:
    """The whole document in one language: one paragraph per source paragraph.

    ``run`` is None for the source itself and for text derived from it without a model (``note`` says
    how, e.g. transliterated from uz-Latn).
    """

    tag: str
    paragraphs: tuple[str, ...]
    run: Run | None = None
    is_source: bool = False
    note: str | None = None

    @property
    def words(self) -> int:
        """Words in this column."""
        return word_count(self.paragraphs)

    @property
    def name(self) -> str:
        """The column's language for a reader (see :func:`describe_tag`)."""
        return describe_tag(self.tag)

    @property
    def how(self) -> str:
        """How the column was made, for a reader: ``source``, ``translated``, ``translated via en``,
        or its note (``transliterated from uz-Latn``)."""
        if self.is_source:
            return "source"
        steps = ["translated" + (f" via {self.run.pivot}" if self.run.pivot else "")] if self.run else []
        return ", ".join(steps + ([self.note] if self.note else [])) or "copied from the source"


@dataclass(frozen=True)
class BriefSummary:
    """The summary in one language: ``method`` as the library reports it (``extractive``, ``abstractive``,
    or either with ``+translate`` when the summary was translated from another language)."""

    tag: str
    method: str
    sentences: tuple[str, ...]
    run: Run | None = None
    notes: tuple[str, ...] = ()
    translated_from: str | None = None

    @property
    def kind(self) -> str:
        """``abstractive`` or ``extractive``: how the summary's content was chosen."""
        return self.method.split("+", 1)[0]

    @property
    def translated(self) -> bool:
        """True when the summary was made in another language and translated."""
        return self.method.endswith("+translate")

    @property
    def text(self) -> str:
        """The summary as one paragraph."""
        return " ".join(self.sentences)

    @property
    def name(self) -> str:
        """The summary's language for a reader."""
        return describe_tag(self.tag)

    @property
    def how(self) -> str:
        """``abstractive``, ``extractive``, or either ``translated from en``, for a reader."""
        return self.kind + (f", translated from {self.translated_from}" if self.translated_from else "")

    @property
    def provenance(self) -> str:
        """Who made it: ``summarized by MODEL``, ``translated from en by MODEL``, or the embedded summarizer;
        then the notes."""
        if self.run is None:
            made = "embedded extractive summarizer, no model"
        elif self.translated:
            made = f"translated from {self.translated_from or 'the source'} by {self.run.model_name}"
        else:
            made = f"summarized by {self.run.model_name}"
        return " · ".join((made, *self.notes))


@dataclass(frozen=True)
class Missing:
    """A language that could not be produced (in part): what is missing, why, and the command to fix it."""

    tag: str
    parts: tuple[str, ...]
    reason: str
    command: str

    @property
    def name(self) -> str:
        """The language for a reader."""
        return describe_tag(self.tag)


@dataclass(frozen=True)
class Cell:
    """One paragraph of one column, with the flags raised on it."""

    tag: str
    text: str
    flags: tuple[Flag, ...]
    anchor: str


@dataclass(frozen=True)
class Row:
    """Paragraph ``index`` across every column, source first."""

    index: int
    heading: bool
    cells: tuple[Cell, ...]

    @property
    def number(self) -> int:
        """The 1-based paragraph number a reader sees."""
        return self.index + 1


def anchor(tag: str, paragraph: int | None) -> str:
    """The HTML id of a paragraph cell (``p5-ru``) or of a summary (``summary-ru``)."""
    return f"summary-{tag}" if paragraph is None else f"p{paragraph + 1}-{tag}"


@dataclass(frozen=True)
class FlaggedSegment:
    """One paragraph of one column (``paragraph`` None: one summary) and the flags raised on it."""

    language: str
    paragraph: int | None
    flags: tuple[Flag, ...]

    @property
    def anchor(self) -> str:
        """The HTML id of the segment (see :func:`anchor`)."""
        return anchor(self.language, self.paragraph)

    @property
    def place(self) -> str:
        """``Summary`` or ``¶ 5``: where the segment is, for a reader."""
        return "Summary" if self.paragraph is None else f"¶ {self.paragraph + 1}"

    @property
    def kinds(self) -> str:
        """The checks that raised its flags, each once: ``numbers, names``."""
        return ", ".join(dict.fromkeys(f.kind for f in self.flags))


@dataclass(frozen=True)
class Brief:
    """One document on one page: summaries, the full text in aligned columns, and what to look at twice.

    ``source`` is the document as read (its content paragraphs); ``columns`` the languages produced, in the
    order asked, each with one paragraph per source paragraph; ``summaries`` one per language produced;
    ``missing`` the languages (or parts of them) that could not be produced; ``dropped`` the input lines
    left out as page furniture; ``made`` the date (ISO) the brief was made; ``checked`` whether
    :mod:`summix.checks` looked at every column and summary (:func:`summix.brief.check_brief`).
    """

    title: str
    source: Column
    columns: tuple[Column, ...]
    summaries: tuple[BriefSummary, ...]
    missing: tuple[Missing, ...] = ()
    flags: tuple[Flag, ...] = ()
    dropped: tuple[DroppedLine, ...] = ()
    made: str = ""
    summix_version: str = ""
    checked: bool = False

    def __post_init__(self) -> None:
        """Raises ValueError when a column is not aligned with the source or a flag has no place."""
        count = len(self.source.paragraphs)
        for column in self.columns:
            if len(column.paragraphs) != count:
                raise ValueError(
                    f"column {column.tag} has {len(column.paragraphs)} paragraphs, the source {count}: "
                    "a brief needs one paragraph per source paragraph"
                )
        for flag in self.flags:
            self._check_flag(flag)

    def _check_flag(self, flag: Flag) -> None:
        if flag.paragraph is None:
            valid = [s.tag for s in self.summaries]
            if flag.language not in valid:
                raise ValueError(f"a summary flag for {flag.language!r}: the summaries are {valid}")
            return
        valid = [c.tag for c in self.columns]
        if flag.language not in valid:
            raise ValueError(f"a flag for column {flag.language!r}: the produced columns are {valid}")
        if not 0 <= flag.paragraph < len(self.source.paragraphs):
            raise ValueError(
                f"a flag for paragraph index {flag.paragraph}: "
                f"the document has indexes 0 to {len(self.source.paragraphs) - 1}"
            )

    def with_flags(self, flags: Iterable[Mapping[str, Any] | object]) -> Brief:
        """This brief with ``flags`` (plain data, see :meth:`Flag.from_data`) added to its own.

        Raises:
            ValueError: a flag is malformed, or names a column, summary or paragraph the brief lacks.
        """
        added = tuple(Flag.from_data(f) for f in flags)
        return dataclasses.replace(self, flags=self.flags + added)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The source column, then the produced ones."""
        return (self.source, *self.columns)

    @property
    def source_language(self) -> str:
        """The detected source language: en, ru or uz."""
        return language_of(self.source.tag)

    @property
    def source_script(self) -> str:
        """The source's script for a reader: Latin or Cyrillic."""
        return SCRIPT_NAMES[script_of(self.source.tag)]

    @property
    def headings(self) -> tuple[bool, ...]:
        """Per source paragraph: does it read as a heading (see :func:`is_heading`)?"""
        return tuple(is_heading(p, first=i == 0) for i, p in enumerate(self.source.paragraphs))

    @property
    def flagged_segments(self) -> int:
        """How many paragraphs and summaries carry at least one flag."""
        return len(self.flagged())

    def flagged(self) -> tuple[FlaggedSegment, ...]:
        """Every flagged segment once, in reading order (see :meth:`flags_in_order`), with its flags."""
        segments: dict[tuple[str, int | None], list[Flag]] = {}
        for flag in self.flags_in_order():
            segments.setdefault((flag.language, flag.paragraph), []).append(flag)
        return tuple(FlaggedSegment(tag, i, tuple(flags)) for (tag, i), flags in segments.items())

    @property
    def checks(self) -> str:
        """What the checks found, for a reader: ``2 segments flagged``, ``nothing flagged`` or ``not run``."""
        if not self.checked:
            return "not run"
        count = self.flagged_segments
        return f"{count} segment{'s' if count != 1 else ''} flagged" if count else "nothing flagged"

    def flags_in_order(self) -> tuple[Flag, ...]:
        """Every flag in reading order: summaries first, then by paragraph, then by column."""
        order = {
            tag: i for i, tag in enumerate([s.tag for s in self.summaries] + [c.tag for c in self.columns])
        }

        def position(flag: Flag) -> tuple[int, int]:
            return (-1 if flag.paragraph is None else flag.paragraph, order.get(flag.language, len(order)))

        return tuple(sorted(self.flags, key=position))

    def flags_at(self, tag: str, paragraph: int | None) -> tuple[Flag, ...]:
        """The flags on paragraph ``paragraph`` of column ``tag`` (None: on its summary)."""
        return tuple(f for f in self.flags if f.language == tag and f.paragraph == paragraph)

    def rows(self) -> tuple[Row, ...]:
        """Every paragraph across the columns, in document order."""
        headings = self.headings
        return tuple(
            Row(
                i,
                headings[i],
                tuple(
                    Cell(c.tag, c.paragraphs[i], self.flags_at(c.tag, i), anchor(c.tag, i))
                    for c in self.all_columns
                ),
            )
            for i in range(len(self.source.paragraphs))
        )

    def runs(self) -> tuple[tuple[str, Run], ...]:
        """(language tag, run) for every model that ran: translations, then summaries."""
        found = [(c.tag, c.run) for c in self.columns if c.run is not None]
        found += [(s.tag, s.run) for s in self.summaries if s.run is not None]
        return tuple(found)

    @property
    def random_weights(self) -> bool:
        """True when any model that ran has random weights (its output is meaningless)."""
        return any(run.random_weights for _, run in self.runs())


PairCheck = Callable[[Sequence[str], Sequence[str], str, str], Sequence[Any]]


def flags_from_checks(brief: Brief, check_pairs: PairCheck) -> tuple[Flag, ...]:
    """Flags for every produced column of ``brief``: ``check_pairs(source_paragraphs, column_paragraphs,
    src, tgt)`` returns one result per paragraph, each with ``findings`` (objects or mappings with
    ``kind``, ``reason`` and optionally ``items``), as ``summix.checks.check_pairs`` does.

    Raises:
        ValueError: ``check_pairs`` returns another number of results than there are paragraphs, or a
            finding lacks ``kind`` or ``reason``.
    """
    flags: list[Flag] = []
    src = brief.source_language
    for column in brief.columns:
        results = check_pairs(brief.source.paragraphs, column.paragraphs, src, language_of(column.tag))
        if len(results) != len(column.paragraphs):
            raise ValueError(
                f"{len(results)} check results for the {len(column.paragraphs)} paragraphs of {column.tag}"
            )
        for i, result in enumerate(results):
            flags.extend(findings_as_flags(column.tag, i, _field(result, "findings")))
    return tuple(flags)
