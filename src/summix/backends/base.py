"""The one interface every engine implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from summix.options import GenerationOptions
from summix.resolve import ModelRef


class Backend(Protocol):
    """A loaded seq2seq model that turns batches of source texts into target texts."""

    ref: ModelRef
    name: str
    device: str
    dtype: str
    max_input_tokens: int
    load_seconds: float

    def count_tokens(self, text: str, src: str) -> int:
        """Number of input tokens ``text`` takes, specials included, measured with the model's tokenizer."""
        ...

    def generate(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[str]:
        """Translate or summarise one batch; one output string per input, in order."""
        ...
