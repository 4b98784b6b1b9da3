"""The model's own scores of what it wrote: token log-probabilities, collected while translating.

Both engines score an output the same way: after decoding, one teacher-forced pass of the same model over
the token ids it wrote gives log P(token | source, tokens before it) for each of them, natural log, under
the model's distribution over the tokens it may write (a token its generation settings ban, such as
Marian's ``<pad>``, is left out of the normalisation, as CTranslate2 leaves it out of its vocabulary). The
forced target-language token (NLLB, M2M100) or the language piece the decoder starts from (CrossSum) is
not scored; the end token is. The pass scores the chosen tokens whatever the decoding (greedy or beams,
length penalty): the scores say how likely the model found its own output, not how it searched.

A back-score is log P(source | output) from a reverse model, by the same kind of pass with the output as
the input: the sum over the source's tokens (its end token included, a forced language token not).

Scores are reported, never used to flag anything: nobody has calibrated what a low score means for a real
model on these languages yet. Nothing here imports torch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SUMMARY = "\0summary"  # the book's key for a whole summary (a summary is one model output)


@dataclass(frozen=True)
class TokenScores:
    """Log-probabilities of the tokens of one output (or of several, summed): how many, their sum and the
    least of them."""

    tokens: int
    total: float
    least: float

    @classmethod
    def of(cls, logprobs: Sequence[float]) -> TokenScores:
        """The scores of one output from its tokens' log-probabilities."""
        values = [float(v) for v in logprobs]
        return cls(len(values), sum(values), min(values, default=0.0))

    def __add__(self, other: TokenScores) -> TokenScores:
        """The scores of two outputs taken together (a paragraph of several segments)."""
        if not self.tokens:
            return other
        if not other.tokens:
            return self
        return TokenScores(self.tokens + other.tokens, self.total + other.total, min(self.least, other.least))

    @property
    def mean(self) -> float | None:
        """The mean log-probability per token (None without tokens)."""
        return self.total / self.tokens if self.tokens else None

    def to_json(self) -> str:
        """A compact string, for the segment cache."""
        return json.dumps([self.tokens, self.total, self.least])

    @classmethod
    def from_json(cls, text: str) -> TokenScores | None:
        """The scores :meth:`to_json` wrote; None for anything else."""
        try:
            tokens, total, least = json.loads(text)
            return cls(int(tokens), float(total), float(least))
        except (ValueError, TypeError):
            return None


def total(scores: Iterable[TokenScores | None]) -> TokenScores | None:
    """The scores of several outputs taken together; None when any of them is unknown (or there are none)."""
    found = list(scores)
    if not found or any(s is None for s in found):
        return None
    result = TokenScores(0, 0.0, 0.0)
    for s in found:
        result = result + s  # type: ignore[operator]
    return result


def model_values(forward: TokenScores | None, back: TokenScores | None) -> dict[str, Any]:
    """``values["model"]`` of a check: the output's mean and least token log-probability and its token
    count, and the back-score (sum) with its token count; None where unknown."""

    def rounded(value: float | None) -> float | None:
        return round(value, 4) if value is not None else None

    return {
        "mean_logprob": rounded(forward.mean) if forward else None,
        "min_logprob": rounded(forward.least) if forward else None,
        "tokens": forward.tokens if forward else None,
        "back_logprob": rounded(back.total) if back else None,
        "back_tokens": back.tokens if back else None,
    }


@dataclass
class ScoreBook:
    """What one translation (or summary) run learnt about its outputs, for the checks.

    ``segments`` maps a segment's source text to its output's scores (None: the output came from a cache
    written without scores); ``outputs`` to the output text; ``paragraphs`` maps a paragraph's source text
    to its segments' source texts, in order; ``back`` holds back-scores by (segment source, output).
    ``documents`` gives, per document of the run, the final step's input paragraphs (a pivot's middle
    language differs from the source), so that scores can be found by position.
    """

    segments: dict[str, TokenScores | None] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    paragraphs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    back: dict[tuple[str, str], TokenScores] = field(default_factory=dict)
    documents: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def add(self, texts: Iterable[str], outputs: Mapping[str, str], scores: Mapping[str, TokenScores | None]):
        """Record the output and scores of each segment of ``texts``."""
        for text in texts:
            self.outputs[text] = outputs[text]
            self.segments[text] = scores.get(text)

    def forward(self, paragraph: str) -> TokenScores | None:
        """The scores of a paragraph's output (its segments together); None when unknown."""
        segments = self.paragraphs.get(paragraph)
        return total(self.segments.get(s) for s in segments) if segments else None

    def pairs(self) -> list[tuple[str, str]]:
        """Every (segment source, output) pair, once, in the order translated."""
        return [(source, output) for source, output in self.outputs.items()]

    def backward(self, paragraph: str) -> TokenScores | None:
        """The back-score of a paragraph (its segments' summed); None when any is missing."""
        segments = self.paragraphs.get(paragraph)
        if not segments:
            return None
        return total(self.back.get((s, self.outputs.get(s, ""))) for s in segments)

    def values(self, paragraph: str) -> dict[str, Any] | None:
        """``values["model"]`` of a paragraph's check; None when no model wrote it (a blank or copied
        paragraph)."""
        if paragraph not in self.paragraphs:
            return None
        return model_values(self.forward(paragraph), self.backward(paragraph))

    def document_values(self, index: int) -> list[dict[str, Any] | None]:
        """``values["model"]`` of each paragraph of document ``index`` (by the final step's inputs)."""
        return [self.values(p) for p in self.documents.get(index, ())]
