"""What decides an output, in one place: the segment cache and the resume state are both keyed from here.

A translation step's output depends on the model (id, revision or folder fingerprint, family, conversion and
its quantization and vocabulary map), the engine, the decoding settings, the direction and the task; a
cached segment also on the device and compute type it ran with. :func:`step_settings` lists them, so a
setting added here changes every key at once.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from summix.options import GenerationOptions
from summix.resolve import CT2_RECORD, ModelRef


def digest(parts: Any) -> str:
    """The SHA-256 of ``parts`` as canonical JSON."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def model_identity(ref: ModelRef) -> dict[str, Any]:
    """What identifies the weights ``ref`` runs: repo id and revision (for a local folder without one, its
    weight files' sizes and times), family, and for a conversion its engine, quantization and vocabulary
    map."""
    revision = ref.revision if ref.revision != "unknown" else _folder_fingerprint(ref.path)
    identity: dict[str, Any] = {"model": ref.model_id, "revision": revision, "family": ref.family}
    if ref.engine != "transformers":
        record = _conversion_record(str(ref.path))
        identity.update(engine=ref.engine, quantization=ref.quantization, vmap=record.get("vmap"))
    return identity


def step_settings(
    ref: ModelRef, engine: str, options: GenerationOptions, *, src: str, tgt: str, task: str
) -> dict[str, Any]:
    """Every setting that changes what one step (one model, one direction) writes."""
    return {
        **model_identity(ref),
        "engine": engine,
        "generation": asdict(options),
        "direction": [src, tgt],
        "task": task,
    }


def scope_key(backend: Any, *, src: str, tgt: str, task: str, options: GenerationOptions) -> str:
    """The part of a cached segment's key shared by every segment of one loaded model, direction and
    settings: :func:`step_settings` plus the device and compute type the backend runs with."""
    settings = step_settings(backend.ref, backend.name, options, src=src, tgt=tgt, task=task)
    return digest([settings, backend.device, backend.dtype])


def _folder_fingerprint(path: Path) -> str:
    weights = sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin"))
    stats = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in weights if p.is_file()]
    return "folder:" + hashlib.sha256(repr(stats).encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=64)
def _conversion_record(path: str) -> dict:
    try:
        return json.loads((Path(path) / CT2_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
