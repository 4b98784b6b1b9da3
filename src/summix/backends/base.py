"""The one interface every engine implements, and the small helpers engines share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from summix.options import GenerationOptions
from summix.resolve import ModelRef
from summix.threads import ThreadChoice, choose_threads, physical_cores

__all__ = ["Backend", "TokenCounter", "cpu_threads", "input_limit", "physical_cores", "quiet_loading"]


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


class TokenCounter:
    """``count_tokens`` for engines that keep a Hugging Face tokenizer in ``self.tokenizer``."""

    ref: ModelRef
    tokenizer: Any

    def count_tokens(self, text: str, src: str) -> int:
        """Input tokens for ``text`` with the model's own tokenizer, special tokens (and the family's source
        prefix) included. Counting an over-long text is how it gets cut, so the tokenizer's warning that such
        a text would overflow the model is not printed (``verbose=False``)."""
        family = self.ref.driver
        family.prepare_source(self.tokenizer, src)
        encoded = self.tokenizer(family.source_prefix(None) + text, add_special_tokens=True, verbose=False)
        return len(encoded["input_ids"])

    def encode_sources(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        """``texts`` as the family's card says to feed them: source language set, target prefix added."""
        family = self.ref.driver
        family.prepare_source(self.tokenizer, src)
        prefix = family.source_prefix(tgt)
        return [prefix + text for text in texts]


def input_limit(config: Mapping, ref: ModelRef) -> int:
    """Most input tokens for ``ref``: the curated spec's limit, else the Hugging Face config's positions."""
    if ref.spec is not None:
        return ref.spec.max_input_tokens
    positions = config.get("max_position_embeddings")
    # T5 has relative positions (no hard limit); mT5 summarizers were trained on 512-token inputs.
    return min(int(positions), 1024) if positions else 512


def quiet_loading() -> None:
    """Turn off transformers' and huggingface_hub's own progress bars ("Loading weights 89/89").

    They write to stderr even when it is a file; summix shows its own progress, and only on a terminal.
    Called when a model is loaded, never at import.
    """
    import huggingface_hub.utils
    import transformers.utils.logging

    transformers.utils.logging.disable_progress_bar()
    huggingface_hub.utils.disable_progress_bars()


def cpu_threads(requested: int | None) -> ThreadChoice:
    """Threads for CPU inference: ``requested`` when given (RuntimeOptions keeps it within the usable
    cores), else one per physical core free at load time (:func:`summix.threads.choose_threads`).

    More threads than cores only adds contention in matrix products, so the default never exceeds them.
    """
    return choose_threads(requested)
