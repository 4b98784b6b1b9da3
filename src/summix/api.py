"""The public library API: ``translate()``, ``translate_batch()``, ``translate_chunk()`` and ``summarize()``.

Each is the function of the same job in :mod:`summix.translation` or :mod:`summix.summarizing` (same
parameters, same documentation) run on a default :class:`~summix.session.Session` for its ``runtime``
keyword, so models load once per process and are reused across calls (:func:`clear_backends` frees them).
A program that wants its own lifetime for models makes a ``Session`` and calls the same methods on it.
Nothing here prints.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from summix import summarizing, translation
from summix.options import RuntimeOptions
from summix.results import (
    BatchItem,
    ChunkResult,
    Summary,
    SummaryResult,
    Translation,
    TranslationResult,
)
from summix.session import Session

__all__ = [
    "BatchItem",
    "ChunkResult",
    "Session",
    "Summary",
    "SummaryResult",
    "Translation",
    "TranslationResult",
    "clear_backends",
    "default_session",
    "summarize",
    "translate",
    "translate_batch",
    "translate_chunk",
]

F = TypeVar("F", bound=Callable[..., Any])
_SESSIONS: dict[RuntimeOptions, Session] = {}


def default_session(runtime: RuntimeOptions | None = None) -> Session:
    """The process's session for ``runtime`` (default: from the ``SUMMIX_*`` environment).

    Raises:
        SettingError: a ``SUMMIX_*`` variable has a bad value.
    """
    runtime = runtime or RuntimeOptions.from_env()
    if runtime not in _SESSIONS:
        _SESSIONS[runtime] = Session(runtime)
    return _SESSIONS[runtime]


def clear_backends() -> None:
    """Forget every model the default sessions loaded (frees their memory once nothing else holds them)."""
    for session in _SESSIONS.values():
        session.close()
    _SESSIONS.clear()


def _on_default_session(job: F) -> F:
    """``job(session, *args, **kwargs)`` as ``public(*args, runtime=None, **kwargs)`` run on
    :func:`default_session` for ``runtime``; the signature shown is the job's, plus ``runtime``."""

    @functools.wraps(job)
    def public(*args: Any, runtime: RuntimeOptions | None = None, **kwargs: Any) -> Any:
        return job(default_session(runtime), *args, **kwargs)

    params = list(inspect.signature(job).parameters.values())[1:]
    keyword = inspect.Parameter("runtime", inspect.Parameter.KEYWORD_ONLY, default=None)
    public.__signature__ = inspect.Signature([*params, keyword])  # type: ignore[attr-defined]
    return public  # type: ignore[return-value]


translate = _on_default_session(translation.translate_document)
translate_batch = _on_default_session(translation.translate_batch)
translate_chunk = _on_default_session(translation.translate_chunk)
summarize = _on_default_session(summarizing.summarize)
