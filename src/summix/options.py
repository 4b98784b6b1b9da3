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
    backend: str = "auto"
    batch_size: int = 8
    allow_pickle: bool = False
    models_dir: str | None = None

    @classmethod
    def from_env(cls, **given: object) -> RuntimeOptions:
        """Options from arguments, falling back to ``SUMMIX_DEVICE``/``SUMMIX_DTYPE``/``SUMMIX_THREADS``/
        ``SUMMIX_BACKEND`` and then the defaults. ``None`` arguments count as not given."""
        env = {
            "device": os.environ.get("SUMMIX_DEVICE"),
            "dtype": os.environ.get("SUMMIX_DTYPE"),
            "threads": int(os.environ["SUMMIX_THREADS"]) if os.environ.get("SUMMIX_THREADS") else None,
            "backend": os.environ.get("SUMMIX_BACKEND"),
        }
        merged = {k: v for k, v in env.items() if v is not None}
        merged.update({k: v for k, v in given.items() if v is not None})
        return cls(**merged)  # type: ignore[arg-type]


@dataclass(frozen=True)
class GenerationOptions:
    """Decoding settings. Output length is bounded relative to the input to stop runaway repetition."""

    num_beams: int = 4
    max_new_tokens: int = 256
    length_ratio: float = 2.0
    length_margin: int = 10
    no_repeat_ngram_size: int = 0
    min_new_tokens: int | None = None

    def budget(self, input_tokens: int) -> int:
        """Most new tokens for ``input_tokens`` of input: ratio x input + margin, at most max_new_tokens."""
        return max(1, min(self.max_new_tokens, int(input_tokens * self.length_ratio) + self.length_margin))


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
