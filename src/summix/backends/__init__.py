"""Engines that run a seq2seq model; each file imports its heavy engine only when loaded."""

from __future__ import annotations

from summix.backends.base import Backend
from summix.errors import ModelError
from summix.options import BACKENDS, RuntimeOptions
from summix.resolve import ModelRef, find_converted

# Which conversion to take when several are installed: int8 on CPU (fastest there), bf16 flavours on a GPU.
_CPU_PREFERENCE = ("int8", "int8_bfloat16", "int8_float16", "float32", "bfloat16", "float16")
_GPU_PREFERENCE = ("int8_bfloat16", "bfloat16", "int8_float16", "float16", "int8", "float32")


def load_backend(ref: ModelRef, runtime: RuntimeOptions) -> Backend:
    """Load ``ref`` on the engine :func:`choose_engine` picks.

    Raises:
        ModelError: an unknown backend name, no usable conversion, or the model cannot be loaded.
    """
    engine, target = choose_engine(ref, runtime)
    if engine == "ctranslate2":
        from summix.backends.ctranslate2 import CTranslate2Backend

        return CTranslate2Backend(target, runtime)
    from summix.backends.transformers import TransformersBackend

    return TransformersBackend(target, runtime)


def choose_engine(ref: ModelRef, runtime: RuntimeOptions) -> tuple[str, ModelRef]:
    """The engine and model folder for ``runtime.backend``.

    ``auto`` takes CTranslate2 when ``ref`` is a conversion, or has one installed and ctranslate2 imports;
    otherwise transformers. ``ctranslate2`` demands a conversion; ``transformers`` demands the source model.

    Raises:
        ModelError: an unknown backend, ctranslate2 asked for but missing or with no conversion, or a
            conversion given to the transformers backend.
    """
    from summix.convert import engine_missing

    if runtime.backend not in BACKENDS:
        raise ModelError(f"unknown backend {runtime.backend!r}: choose from {', '.join(BACKENDS)}")
    if ref.engine == "ctranslate2":
        if runtime.backend == "transformers":
            raise ModelError(
                f"{ref.name} is a CTranslate2 conversion: use --backend ctranslate2 or pass its source model"
            )
        _raise_if(engine_missing())
        return "ctranslate2", ref
    if runtime.backend == "transformers":
        return "transformers", ref
    missing = engine_missing()
    if runtime.backend == "auto" and missing is not None:
        return "transformers", ref
    _raise_if(missing)
    converted = find_converted(ref, runtime.models_dir)
    if converted:
        return "ctranslate2", _preferred(converted, runtime.device)
    if runtime.backend == "auto":
        return "transformers", ref
    raise ModelError(
        f"{ref.name} has no CTranslate2 conversion: run `summix models convert {ref.name}` "
        "or use --backend transformers"
    )


def _raise_if(error: ModelError | None) -> None:
    if error is not None:
        raise error


def _preferred(converted: list[ModelRef], device: str) -> ModelRef:
    import ctranslate2

    gpu = device == "cuda" or device == "auto" and ctranslate2.get_cuda_device_count() > 0
    order = _GPU_PREFERENCE if gpu else _CPU_PREFERENCE
    rank = {q: i for i, q in enumerate(order)}
    return min(converted, key=lambda r: rank.get(r.quantization or "", len(order)))
