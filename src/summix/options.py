"""Options and results as frozen dataclasses, echoed back in every result's signature."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda", "mps")
DTYPES: tuple[str, ...] = ("auto", "float32", "bfloat16", "float16")
BACKENDS: tuple[str, ...] = ("auto", "transformers", "ctranslate2")


@dataclass(frozen=True)
class RuntimeOptions:
    """Where and how a model runs."""

    device: str = "auto"
    dtype: str = "auto"
    threads: int | None = None
    # CTranslate2 only: batches decoded in parallel, each on threads // inter_threads threads.
    inter_threads: int | None = None
    backend: str = "auto"
    batch_size: int = 8
    allow_pickle: bool = False
    models_dir: str | None = None
    # Segments per model call are bounded by padded source tokens (rows x longest row) instead of batch_size.
    max_batch_tokens: int | None = None

    @classmethod
    def from_env(cls, **given: object) -> RuntimeOptions:
        """Options from arguments, falling back to ``SUMMIX_DEVICE``/``SUMMIX_DTYPE``/``SUMMIX_THREADS``/
        ``SUMMIX_INTER_THREADS``/``SUMMIX_BACKEND``/``SUMMIX_MAX_BATCH_TOKENS`` and then the defaults.
        ``None`` arguments count as not given."""
        env = {
            "device": os.environ.get("SUMMIX_DEVICE"),
            "dtype": os.environ.get("SUMMIX_DTYPE"),
            "threads": _env_int("SUMMIX_THREADS"),
            "inter_threads": _env_int("SUMMIX_INTER_THREADS"),
            "backend": os.environ.get("SUMMIX_BACKEND"),
            "max_batch_tokens": _env_int("SUMMIX_MAX_BATCH_TOKENS"),
        }
        merged = {k: v for k, v in env.items() if v is not None}
        merged.update({k: v for k, v in given.items() if v is not None})
        return cls(**merged)  # type: ignore[arg-type]


def _env_int(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value else None


@dataclass(frozen=True)
class GenerationOptions:
    """Decoding settings. Output length is bounded relative to the input to stop runaway repetition."""

    num_beams: int = 4
    max_new_tokens: int = 256
    length_ratio: float = 2.0
    length_margin: int = 10
    no_repeat_ngram_size: int = 0
    min_new_tokens: int | None = None
    # Beam scores are divided by length ** length_penalty; None leaves the checkpoint's own setting.
    length_penalty: float | None = None

    def budget(self, input_tokens: int) -> int:
        """Most new tokens for ``input_tokens`` of input: ratio x input + margin, at most max_new_tokens."""
        return max(1, min(self.max_new_tokens, int(input_tokens * self.length_ratio) + self.length_margin))

    def decoding_lengths(self, input_tokens: int, forced: int) -> tuple[int, int]:
        """(least, most) new tokens for a batch whose longest input has ``input_tokens`` tokens, where the
        first ``forced`` output tokens are fixed (a target language token). Every engine decodes with these,
        so they all stop at the same place."""
        # A forced language token counts as a new token; demand at least one real token after it.
        least = self.min_new_tokens if self.min_new_tokens is not None else 1 + forced
        return least, max(least, self.budget(input_tokens) + forced)


def with_beams(beams: int | None) -> GenerationOptions | None:
    """Translation settings with ``beams`` in place of the model card's beam size; None keeps the card's."""
    return GenerationOptions(num_beams=beams) if beams else None


@dataclass(frozen=True)
class Signature:
    """What produced an output: enough to reproduce it."""

    model_id: str
    revision: str
    family: str
    backend: str
    device: str
    dtype: str
    num_beams: int
    max_new_tokens: int
    random_weights: bool
    summix_version: str
    extra: dict[str, str] = field(default_factory=dict)
