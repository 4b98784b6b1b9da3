"""A session: one run's runtime settings, the models it resolved, the routes it chose and the backends it
loaded. Everything the library does goes through one; the public ``summix.translate()`` and friends use a
default session per runtime setting, and a program (or a test) can make its own.

Models are resolved and routes chosen once per session; backends load on first use and stay loaded until
:meth:`Session.close`. A session sees the models installed when it first looked: make a new one after
installing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summix import engines
from summix.backends.base import Backend
from summix.engines import Engine
from summix.errors import ModelNotFoundError
from summix.options import GenerationOptions, RuntimeOptions, Signature
from summix.resolve import ModelRef, best_installed, installed_models, resolve_model, suggest_pull
from summix.results import BatchItem, ChunkResult, SummaryResult, TranslationResult

Loader = Callable[[ModelRef, RuntimeOptions], Backend]
Progress = Callable[[int], None]
PIVOT = "en"  # the language a two-step route goes through


@dataclass(frozen=True)
class Step:
    """One model taking text from ``src`` to ``tgt``."""

    src: str
    tgt: str
    ref: ModelRef


@dataclass(frozen=True)
class Route:
    """The models that take text from one language to another: one direct step, or two through English."""

    steps: tuple[Step, ...]

    @property
    def pivot(self) -> str | None:
        """The language in the middle of a two-step route."""
        return self.steps[0].tgt if len(self.steps) > 1 else None

    @property
    def names(self) -> str:
        """The models' names, joined by ``+``."""
        return " + ".join(step.ref.name for step in self.steps)


def _keep_encodings(backend: Backend, keep: bool) -> None:
    keep_encodings = getattr(backend, "keep_encodings", None)  # an engine without encoder reuse has none
    if keep_encodings is not None:
        keep_encodings(keep)


class Session:
    """Runtime settings, resolved models and routes, and loaded backends for one run."""

    def __init__(self, runtime: RuntimeOptions | None = None, *, loader: Loader | None = None) -> None:
        """``loader`` turns a model into a loaded backend (default: the engine :mod:`summix.engines`
        chooses); it is read when the session is made.

        Raises:
            SettingError: ``runtime`` is None and a ``SUMMIX_*`` variable has a bad value.
        """
        self.runtime = runtime or RuntimeOptions.from_env()
        self._load = loader or engines.load_backend
        self._backends: dict[Path, Backend] = {}
        self._refs: dict[str, ModelRef] = {}
        self._routes: dict[tuple[str, str, str | None], Route | ModelNotFoundError] = {}
        self._installed: list[ModelRef] | None = None
        self._sharing = 0

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------ models

    def resolve(self, name: str) -> ModelRef:
        """The installed model ``name`` (alias, repo id or folder), resolved once per session.

        Raises:
            ModelNotFoundError: nothing is installed under that name.
            ModelError: the folder is not a usable model.
        """
        if name not in self._refs:
            self._refs[name] = resolve_model(name, self.runtime.models_dir, self.runtime.allow_pickle)
        return self._refs[name]

    def installed(self) -> list[ModelRef]:
        """The usable models in the models folder and the hub cache, listed once per session."""
        if self._installed is None:
            self._installed = installed_models(self.runtime.models_dir)
        return self._installed

    def find(self, task: str, src: str, tgt: str) -> ModelRef | None:
        """The installed model for ``task`` from ``src`` to ``tgt``: the curated default first."""
        return best_installed(self.installed(), task, src, tgt)

    def route(self, src: str, tgt: str, model: str | None = None) -> Route:
        """The models that take ``src`` to ``tgt`` (``model``, or the installed defaults), chosen once.

        Raises:
            ModelNotFoundError: neither a direct model nor both halves of a pivot are installed.
            ModelError: ``model`` is not a usable model.
        """
        key = (src, tgt, model)
        if key not in self._routes:
            try:
                self._routes[key] = self._choose_route(src, tgt, model)
            except ModelNotFoundError as exc:
                self._routes[key] = exc
        found = self._routes[key]
        if isinstance(found, ModelNotFoundError):
            raise found
        return found

    def _choose_route(self, src: str, tgt: str, model: str | None) -> Route:
        if model is not None:
            return Route((Step(src, tgt, self.resolve(model)),))
        direct = self.find("translate", src, tgt)
        if direct is not None:
            return Route((Step(src, tgt, direct),))
        if PIVOT not in (src, tgt):
            first, second = self.find("translate", src, PIVOT), self.find("translate", PIVOT, tgt)
            if first is not None and second is not None:
                return Route((Step(src, PIVOT, first), Step(PIVOT, tgt, second)))
        raise ModelNotFoundError(
            f"no installed model translates {src}->{tgt}: run `{suggest_pull('translate', src, tgt)}` "
            "(or give a {model} folder)",
            "model",
        )

    def plan(self, ref: ModelRef) -> tuple[Engine, ModelRef]:
        """The engine and folder ``ref`` would run on (:func:`summix.engines.choose`); nothing is loaded."""
        return engines.choose(ref, self.runtime)

    def backend(self, ref: ModelRef) -> Backend:
        """The loaded backend for ``ref``, loading it on first use.

        Raises:
            ModelError: the model cannot be loaded.
        """
        if ref.path not in self._backends:
            self._backends[ref.path] = self._load(ref, self.runtime)
        backend = self._backends[ref.path]
        if self._sharing:
            _keep_encodings(backend, True)
        return backend

    @contextmanager
    def sharing_encodings(self) -> Iterator[None]:
        """Within the block, backends that can keep each batch's encoder output, so that the same sources
        translated into several languages by one model are encoded once (output is unchanged); what they
        kept is freed when the block ends."""
        self._sharing += 1
        try:
            yield
        finally:
            self._sharing -= 1
            if not self._sharing:
                for backend in self._backends.values():
                    _keep_encodings(backend, False)

    def signatures(self) -> list[Signature]:
        """What each loaded model runs on (engine, device, dtype), as signatures."""
        from summix.results import signature

        return [signature(backend, GenerationOptions()) for backend in self._backends.values()]

    def close(self) -> None:
        """Forget every loaded backend (their memory is freed once nothing else holds them)."""
        self._backends.clear()

    # -------------------------------------------------------------------------------------------- work

    def translate(self, text: str, *args: Any, **options: Any) -> TranslationResult:
        """Translate one document: see :func:`summix.translation.translate_document`."""
        from summix.translation import translate_document

        return translate_document(self, text, *args, **options)

    def translate_chunk(self, texts: Sequence[str], *args: Any, **options: Any) -> ChunkResult:
        """Translate one chunk of texts: see :func:`summix.translation.translate_chunk`."""
        from summix.translation import translate_chunk

        return translate_chunk(self, texts, *args, **options)

    def translate_batch(self, items: Iterable[str], *args: Any, **options: Any) -> Iterator[BatchItem]:
        """Translate many texts: see :func:`summix.translation.translate_batch`."""
        from summix.translation import translate_batch

        return translate_batch(self, items, *args, **options)

    def summarize(self, text: str, *args: Any, **options: Any) -> SummaryResult:
        """Summarise one document: see :func:`summix.summarizing.summarize`."""
        from summix.summarizing import summarize

        return summarize(self, text, *args, **options)
