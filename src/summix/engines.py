"""The engines that run a seq2seq model, in one table; each is imported only when a model is loaded.

Adding an engine is one :class:`Engine` line here and one module in ``summix/backends/`` whose class
implements :class:`summix.backends.base.Backend`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summix.errors import ModelError, SettingError

if TYPE_CHECKING:
    from summix.backends.base import Backend
    from summix.options import RuntimeOptions
    from summix.resolve import ModelRef


@dataclass(frozen=True)
class Engine:
    """One engine: where its backend class lives, what it needs installed, which options it takes."""

    name: str
    backend: str  # "module:Class" of its Backend implementation
    package: str  # the import that must succeed for it to be available
    install: str  # how to install it
    options: tuple[str, ...] = ()  # RuntimeOptions fields that only this engine uses
    converted: bool = False  # runs folders written by `summix models convert` (and prefers them)

    def available(self) -> bool:
        """True when the engine's package can be imported here."""
        return importlib.util.find_spec(self.package) is not None

    def require(self) -> None:
        """Raise ModelError (saying how to install it) when the engine's package is missing."""
        if not self.available():
            raise ModelError(f"the {self.name} backend needs the {self.package} package: {self.install}")

    def check_option(self, option: str) -> None:
        """Raise SettingError when ``option`` is one another engine owns."""
        owners = [e.name for e in ENGINES.values() if option in e.options]
        if owners and self.name not in owners:
            raise SettingError(
                f"{{{option}}} is a {' and '.join(owners)} setting: the {self.name} backend has none", option
            )

    def load(self, ref: ModelRef, runtime: RuntimeOptions) -> Backend:
        """Load ``ref`` on this engine.

        Raises:
            ModelError: the engine is missing, or the model cannot be loaded.
        """
        from summix.threads import prepare_openmp

        self.require()
        prepare_openmp()  # before the engine's import loads its OpenMP runtime
        module, cls = self.backend.split(":")
        return getattr(importlib.import_module(module), cls)(ref, runtime)


ENGINES: dict[str, Engine] = {
    "transformers": Engine(
        "transformers",
        "summix.backends.transformers:TransformersBackend",
        "transformers",
        "pip install summix",
    ),
    "ctranslate2": Engine(
        "ctranslate2",
        "summix.backends.ctranslate2:CTranslate2Backend",
        "ctranslate2",
        "pip install 'summix[fast]'",
        options=("inter_threads",),
        converted=True,
    ),
}
REFERENCE = "transformers"  # runs every source checkpoint as it is

# Which conversion to take when several are installed: int8 on CPU (fastest there), bf16 flavours on a GPU.
_CPU_PREFERENCE = ("int8", "int8_bfloat16", "int8_float16", "float32", "bfloat16", "float16")
_GPU_PREFERENCE = ("int8_bfloat16", "bfloat16", "int8_float16", "float16", "int8", "float32")


def names() -> tuple[str, ...]:
    """Every engine's name."""
    return tuple(ENGINES)


def get(name: str) -> Engine:
    """The engine called ``name``.

    Raises:
        SettingError: no engine has that name.
    """
    if name not in ENGINES:
        raise SettingError(f"unknown {{backend}} {name!r}: choose from auto, {', '.join(ENGINES)}", "backend")
    return ENGINES[name]


def choose(ref: ModelRef, runtime: RuntimeOptions) -> tuple[Engine, ModelRef]:
    """The engine and model folder for ``runtime.backend``; nothing is loaded.

    ``auto`` takes a converting engine when ``ref`` is a conversion, or has one installed and the engine is
    available; otherwise the reference engine. A converting engine asked for by name demands a conversion;
    the reference engine demands the source model.

    Raises:
        ModelError: the engine asked for is missing, has no conversion to run, or was given a conversion
            it cannot run.
    """
    if ref.engine != REFERENCE:
        return _for_conversion(ref, runtime.backend), ref
    if runtime.backend != "auto":
        engine = get(runtime.backend)
        return engine, (_converted(ref, runtime, engine, required=True) if engine.converted else ref)
    for engine in ENGINES.values():
        if engine.converted and engine.available():
            found = _converted(ref, runtime, engine, required=False)
            if found is not None:
                return engine, found
    return ENGINES[REFERENCE], ref


def _for_conversion(ref: ModelRef, requested: str) -> Engine:
    engine = get(ref.engine)
    if requested not in ("auto", engine.name):
        raise SettingError(
            f"{ref.name} is a {engine.name} conversion: set {{backend}} to {engine.name} or auto, "
            "or use its source model",
            "backend",
        )
    engine.require()
    return engine


def _converted(ref: ModelRef, runtime: RuntimeOptions, engine: Engine, *, required: bool) -> ModelRef | None:
    from summix.resolve import find_converted

    engine.require()
    converted = [c for c in find_converted(ref, runtime.models_dir) if c.engine == engine.name]
    if converted:
        return _preferred(converted, runtime.device)
    if not required:
        return None
    raise ModelError(
        f"{ref.name} has no {engine.name} conversion: run `summix models convert {ref.name}` "
        f"or use the {REFERENCE} backend"
    )


def _preferred(converted: Sequence[ModelRef], device: str) -> ModelRef:
    import ctranslate2

    gpu = device == "cuda" or device == "auto" and ctranslate2.get_cuda_device_count() > 0
    order = _GPU_PREFERENCE if gpu else _CPU_PREFERENCE
    rank = {q: i for i, q in enumerate(order)}
    return min(converted, key=lambda r: rank.get(r.quantization or "", len(order)))


def load_backend(ref: ModelRef, runtime: RuntimeOptions) -> Backend:
    """Load ``ref`` on the engine :func:`choose` picks.

    Raises:
        ModelError: no usable engine or conversion, or the model cannot be loaded.
    """
    engine, target = choose(ref, runtime)
    return engine.load(target, runtime)
