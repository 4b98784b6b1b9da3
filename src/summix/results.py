"""What the library returns: frozen results that echo the model and settings that produced them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from summix import __version__
from summix.bench.metrics import FragmentStats
from summix.options import GenerationOptions, Signature
from summix.pipeline import RunStats
from summix.text import DroppedLine

if TYPE_CHECKING:
    from summix.checks.base import SegmentCheck


@dataclass(frozen=True)
class Translation:
    """A document in one target language: one paragraph per source paragraph.

    When checked: ``checks`` holds one check per paragraph, ``model`` the model's scores of the whole
    output (:func:`summix.scoring.model_values`), and ``notes`` what could not be checked.
    """

    language: str
    paragraphs: tuple[str, ...]
    signature: Signature | None
    pivot: str | None = None
    seconds: float = 0.0
    stats: RunStats = field(default_factory=RunStats)
    # How the text got here where a reader should know: input or output transliterated; with checks, what
    # could not be checked.
    notes: tuple[str, ...] = field(default_factory=tuple)
    checks: tuple[SegmentCheck, ...] | None = None
    model: Mapping[str, Any] | None = None

    @property
    def text(self) -> str:
        """The paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class TranslationResult:
    """Every requested language for one source document, and the lines left out of it as page furniture
    (empty with ``keep_all``)."""

    source_language: str
    source_paragraphs: tuple[str, ...]
    translations: tuple[Translation, ...]
    seconds: float
    dropped: tuple[DroppedLine, ...] = ()

    def to_dict(self) -> dict:
        """The stable JSON form (schema: ``summix.schema``)."""
        return {
            "summix_version": __version__,
            "task": "translate",
            "source": {
                "language": self.source_language,
                "paragraphs": list(self.source_paragraphs),
                "dropped": [line.to_dict() for line in self.dropped],
            },
            "outputs": [_output_dict(t, t.text, list(t.paragraphs)) for t in self.translations],
            "seconds": round(self.seconds, 4),
        }


@dataclass(frozen=True)
class SentenceOrigin:
    """Where an extracted summary sentence stands in the document: ``paragraph`` indexes the source's
    content paragraphs, ``section`` counts the headings before it, ``position`` is its place in its
    paragraph, ``score`` its centrality (see :class:`summix.extractive.SummarySentence`)."""

    paragraph: int
    section: int
    position: int
    score: float


@dataclass(frozen=True)
class Summary:
    """The summary in one language.

    ``origins`` gives, for an extractive summary (and its translation, sentence for sentence), where each
    sentence came from; it is empty for an abstractive one. ``fragments`` are NEWSROOM coverage, density
    and compression against the document, for a summary in the document's own language (None otherwise:
    copied fragments are not defined across languages).
    """

    language: str
    method: str
    sentences: tuple[str, ...]
    signature: Signature | None
    pivot: str | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    origins: tuple[SentenceOrigin, ...] = ()
    fragments: FragmentStats | None = None
    # When checked: one check per sentence, and the model's scores of what it wrote (see Translation).
    checks: tuple[SegmentCheck, ...] | None = None
    model: Mapping[str, Any] | None = None

    @property
    def text(self) -> str:
        """The summary as one paragraph."""
        return " ".join(self.sentences)

    def to_dict(self) -> dict:
        """The summary's entry in ``outputs`` (schema: ``summix.schema``)."""
        pairs = zip(self.sentences, self.origins, strict=True) if self.origins else None
        return {
            **_output_dict(self, self.text, list(self.sentences)),
            "sentences": [{"text": t, **asdict(o)} for t, o in pairs] if pairs else None,
            "fragments": asdict(self.fragments) if self.fragments else None,
        }


@dataclass(frozen=True)
class SummaryResult:
    """Summaries of one document in every requested language, and the lines left out of the document as
    page furniture (empty with ``keep_all``)."""

    source_language: str
    method: str
    source_sentences: int
    summaries: tuple[Summary, ...]
    seconds: float
    dropped: tuple[DroppedLine, ...] = ()

    def to_dict(self) -> dict:
        """The stable JSON form (schema: ``summix.schema``)."""
        return {
            "summix_version": __version__,
            "task": "summarize",
            "method": self.method,
            "source": {
                "language": self.source_language,
                "sentences": self.source_sentences,
                "dropped": [line.to_dict() for line in self.dropped],
            },
            "outputs": [s.to_dict() for s in self.summaries],
            "seconds": round(self.seconds, 4),
        }


def _output_dict(item: Translation | Summary, text: str, parts: list[str]) -> dict:
    found = {
        "language": item.language,
        "text": text,
        "parts": parts,
        "method": getattr(item, "method", "translate"),
        "pivot": item.pivot,
        "signature": asdict(item.signature) if item.signature else None,
        "seconds": round(item.seconds, 4),
        "notes": list(item.notes),
    }
    if item.checks is not None:
        from summix.checks.report import summary_line

        unit = "paragraphs" if isinstance(item, Translation) else "sentences"
        found["checks"] = [c.to_json() for c in item.checks]
        found["check_summary"] = summary_line(item.checks, unit)
        found["model"] = dict(item.model) if item.model is not None else None
    return found


@dataclass(frozen=True)
class BatchItem:
    """One text of a batch: its translation in each language, or why it has none."""

    position: int
    source: str
    source_language: str
    translations: dict[str, str]
    error: str | None = None
    # When checked: per language, one check per line of the text (a copied language has none).
    checks: dict[str, tuple[SegmentCheck, ...]] | None = None

    @property
    def ok(self) -> bool:
        """True when every requested language was produced."""
        return self.error is None


@dataclass(frozen=True)
class ChunkResult:
    """The items of one chunk, in input order, and what the pipeline did for them."""

    items: tuple[BatchItem, ...]
    stats: RunStats
    notes: tuple[str, ...] = ()  # about the checks: what could not be checked


def signature(backend: Any, options: GenerationOptions, **extra: str) -> Signature:
    """Describe what produced an output: the loaded ``backend``'s model and engine, and ``options``."""
    ref = backend.ref
    return Signature(
        model_id=ref.model_id,
        revision=ref.revision,
        family=ref.family,
        backend=backend.name,
        device=backend.device,
        dtype=backend.dtype,
        num_beams=options.num_beams,
        max_new_tokens=options.max_new_tokens,
        random_weights=ref.random_weights,
        summix_version=__version__,
        extra=dict(extra),
    )
