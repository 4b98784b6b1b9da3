"""Settings as frozen dataclasses, checked when they are made and echoed back in every result's signature.

:class:`RuntimeOptions` says where and how models run; :class:`GenerationOptions` how they decode. What a
``summix translate`` run does (inputs, formats, targets) is a :class:`summix.request.TranslateRequest`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from summix import engines
from summix.errors import SettingError
from summix.threads import usable_cores

DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda", "mps")
DTYPES: tuple[str, ...] = ("auto", "float32", "bfloat16", "float16")
BACKENDS: tuple[str, ...] = ("auto", *engines.names())


def check_choice(setting: str, value: str, valid: tuple[str, ...]) -> None:
    """Raise SettingError naming ``setting`` when ``value`` is not one of ``valid``."""
    if value not in valid:
        raise SettingError(f"unknown {{{setting}}} {value!r}: choose from {', '.join(valid)}", setting)


def check_positive(setting: str, value: float | None, *, zero_ok: bool = False) -> None:
    """Raise SettingError naming ``setting`` when ``value`` is given and below 1 (below 0 with ``zero_ok``).
    Every numeric setting is checked with this, so each refusal reads the same."""
    if value is None:
        return
    if zero_ok and value < 0:
        raise SettingError(f"{{{setting}}} must be 0 or more, not {value}", setting)
    if not zero_ok and value < 1:
        raise SettingError(f"{{{setting}}} must be a positive number, not {value}", setting)


@dataclass(frozen=True)
class RuntimeOptions:
    """Where and how a model runs. Every value is checked when the object is made.

    Raises:
        SettingError: an unknown device, dtype or backend; a count below 1; more threads than the cores
            this process may use; inter_threads for an engine that has no replicas.
    """

    device: str = "auto"
    dtype: str = "auto"
    # None: one per physical core (see summix.threads).
    threads: int | None = None
    # CTranslate2 only: batches decoded in parallel, each on threads // inter_threads threads.
    inter_threads: int | None = None
    backend: str = "auto"
    batch_size: int = 8
    allow_pickle: bool = False
    models_dir: str | None = None
    # Segments per model call are bounded by padded source tokens (rows x longest row) instead of batch_size.
    max_batch_tokens: int | None = None

    def __post_init__(self) -> None:
        check_choice("device", self.device, DEVICES)
        check_choice("dtype", self.dtype, DTYPES)
        check_choice("backend", self.backend, BACKENDS)
        for name in ("threads", "inter_threads", "batch_size", "max_batch_tokens"):
            check_positive(name, getattr(self, name))
        cores = usable_cores()
        if self.threads is not None and self.threads > cores:
            raise SettingError(
                f"{{threads}} {self.threads} is more than the {cores} CPU cores this process may use: "
                f"choose at most {cores}",
                "threads",
            )
        if self.inter_threads and self.inter_threads > 1 and self.backend != "auto":
            engines.get(self.backend).check_option("inter_threads")

    @classmethod
    def from_env(cls, **given: object) -> RuntimeOptions:
        """Options from arguments, falling back to ``SUMMIX_DEVICE``/``SUMMIX_DTYPE``/``SUMMIX_THREADS``/
        ``SUMMIX_INTER_THREADS``/``SUMMIX_BACKEND``/``SUMMIX_MAX_BATCH_TOKENS`` and then the defaults.
        ``None`` arguments count as not given.

        Raises:
            SettingError: a bad value (an environment variable's included).
        """
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
        try:
            return cls(**merged)  # type: ignore[arg-type]
        except SettingError as exc:  # name the variable that set a bad value, not a flag never given
            from_env = {k for k in exc.settings if env.get(k) is not None and given.get(k) is None}
            if not from_env:
                raise
            rest = [k for k in exc.settings if k not in from_env]
            message = exc.naming(lambda k: f"SUMMIX_{k.upper()}" if k in from_env else "{" + k + "}")
            raise SettingError(message, *rest) from None


def _env_int(name: str) -> int | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a whole number") from None


@dataclass(frozen=True)
class GenerationOptions:
    """Decoding settings. Output length is bounded relative to the input to stop runaway repetition.

    Raises:
        SettingError: a beam size or length below 1.
    """

    num_beams: int = 4
    max_new_tokens: int = 256
    length_ratio: float = 2.0
    length_margin: int = 10
    no_repeat_ngram_size: int = 0
    min_new_tokens: int | None = None
    # Beam scores are divided by length ** length_penalty; None leaves the checkpoint's own setting.
    length_penalty: float | None = None
    # Write exactly the budget (least = most): random-weight stand-ins, which never end by themselves, then
    # write as many tokens as a real translation would (see summix.randomweights.stand_in_generation).
    exact_length: bool = False

    def __post_init__(self) -> None:
        check_positive("beams", self.num_beams)
        check_positive("max_new_tokens", self.max_new_tokens)

    def budget(self, input_tokens: int) -> int:
        """Most new tokens for ``input_tokens`` of input: ratio x input + margin, at most max_new_tokens."""
        return max(1, min(self.max_new_tokens, int(input_tokens * self.length_ratio) + self.length_margin))

    def decoding_lengths(self, input_tokens: int, forced: int) -> tuple[int, int]:
        """(least, most) new tokens for a batch whose longest input has ``input_tokens`` tokens, where the
        first ``forced`` output tokens are fixed (a target language token). Every engine decodes with these,
        so they all stop at the same place."""
        # A forced language token counts as a new token; demand at least one real token after it.
        least = self.min_new_tokens if self.min_new_tokens is not None else 1 + forced
        most = max(least, self.budget(input_tokens) + forced)
        return (most if self.exact_length else least), most


def with_beams(beams: int | None) -> GenerationOptions | None:
    """Translation settings with ``beams`` in place of the model card's beam size; None keeps the card's.

    Raises:
        SettingError: ``beams`` is below 1.
    """
    check_positive("beams", beams)
    return GenerationOptions(num_beams=beams) if beams is not None else None


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
