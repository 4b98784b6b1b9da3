"""Engines that run a seq2seq model; each file imports its heavy engine only when loaded."""

from __future__ import annotations

from summix.backends.base import Backend
from summix.errors import ModelError
from summix.options import BACKENDS, RuntimeOptions
from summix.resolve import ModelRef


def load_backend(ref: ModelRef, runtime: RuntimeOptions) -> Backend:
    """Load ``ref`` on the engine ``runtime.backend`` names (``auto``: transformers).

    Raises:
        ModelError: an unknown backend name, or the model cannot be loaded.
    """
    if runtime.backend not in BACKENDS:
        raise ModelError(f"unknown backend {runtime.backend!r}: choose from {', '.join(BACKENDS)}")
    if runtime.backend == "ctranslate2":
        raise ModelError("the ctranslate2 backend is not available yet: use --backend transformers")
    from summix.backends.transformers import TransformersBackend

    return TransformersBackend(ref, runtime)
