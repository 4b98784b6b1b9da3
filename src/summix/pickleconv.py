"""Turning pickle weights (``pytorch_model.bin``) into ``model.safetensors`` once, at pull time.

Unpickling can run code, so it happens only with ``--allow-pickle``, only with torch's restricted
``weights_only`` loader, and only on a torch whose loader has no known code-execution advisory. Inference
then reads the safetensors file alone. torch and safetensors are imported inside the functions.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from summix.errors import ModelError

# Advisories against torch.load(weights_only=True), and the release that fixed each.
WEIGHTS_ONLY_ADVISORIES: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("GHSA-53q9-r3pm-6pq6 (CVE-2025-32434)", (2, 6, 0)),
    ("GHSA-63cw-57p8-fm3p (CVE-2026-24747)", (2, 10, 0)),
)
MIN_TORCH: tuple[int, int, int] = max(fixed for _, fixed in WEIGHTS_ONLY_ADVISORIES)


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("+")[0].split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_torch(version: str | None = None) -> str:
    """The installed torch version, when its ``weights_only`` loader is safe to use on untrusted files.

    Raises:
        ModelError: torch is missing, or older than the fix of every known advisory (the message names
            them and the minimum version).
    """
    if version is None:
        try:
            version = metadata.version("torch")
        except metadata.PackageNotFoundError:
            raise ModelError("converting pickle weights needs torch: pip install 'torch>=2.10'") from None
    if _version_tuple(version) >= MIN_TORCH:
        return version
    open_advisories = [name for name, fixed in WEIGHTS_ONLY_ADVISORIES if _version_tuple(version) < fixed]
    minimum = ".".join(map(str, MIN_TORCH))
    raise ModelError(
        f"torch {version} has known code-execution advisories against torch.load(weights_only=True) "
        f"({', '.join(open_advisories)}): upgrade to torch>={minimum} before pulling pickle weights, "
        "or pick a revision with model.safetensors"
    )


def convert(pickle_path: Path, target: Path) -> None:
    """Write the tensors of ``pickle_path`` to ``target`` (safetensors), through a temporary file.

    Tensors that share memory (tied embeddings) are stored once, under the name transformers ties the
    others to, as ``save_pretrained`` does.

    Raises:
        ModelError: the file is not a plain dict of tensors, or torch's restricted loader refuses it.
    """
    import torch
    from safetensors.torch import save_file

    check_torch(torch.__version__)
    try:
        state = torch.load(pickle_path, map_location="cpu", weights_only=True, mmap=True)
    except Exception as exc:  # noqa: BLE001 - the restricted unpickler's refusal is one line
        raise ModelError(f"{pickle_path.name} cannot be read as plain tensors: {exc}") from exc
    if not isinstance(state, Mapping) or not all(isinstance(t, torch.Tensor) for t in state.values()):
        raise ModelError(f"{pickle_path.name} is not a dict of tensors: refusing to convert it")
    part = target.with_name(target.name + ".part")
    save_file(unshared(dict(state)), str(part), metadata={"format": "pt"})
    os.replace(part, target)


def unshared(state: dict[str, Any]) -> dict[str, Any]:
    """``state`` with one entry per block of memory: safetensors refuses tensors that share storage."""
    groups: dict[tuple, list[str]] = {}
    for name, tensor in state.items():
        key = (tensor.untyped_storage().data_ptr(), tensor.storage_offset(), tuple(tensor.shape))
        groups.setdefault(key, []).append(name)
    kept = {}
    for names in groups.values():
        name = min(names, key=_keep_rank)
        kept[name] = state[name].contiguous()
    _check_no_overlap(kept)
    return kept


def _keep_rank(name: str) -> tuple[int, int, str]:
    # transformers ties encoder/decoder embeddings and the output layer to the shared embedding.
    return (not name.endswith("shared.weight"), name.startswith("lm_head"), name)


def _check_no_overlap(tensors: dict[str, Any]) -> None:
    # Different views of one storage (not whole copies) cannot be deduplicated safely: clone them apart.
    seen: dict[int, str] = {}
    for name in sorted(tensors):
        pointer = tensors[name].untyped_storage().data_ptr()
        if pointer in seen and tensors[name].numel():
            tensors[name] = tensors[name].clone()
        seen.setdefault(pointer, name)
