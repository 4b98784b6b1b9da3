"""Model families, one module each. A module defines ``FAMILY``, an instance of :class:`Family`.

Adding a family is adding a module here (plus its registry entries): the table below finds every module of
this package, so no other file names a family. Family modules import nothing heavy at module level.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path

from summix.errors import ModelError
from summix.families.base import COMMON_FILES, Built, Checkpoint, Family, read_json

__all__ = ["Built", "Checkpoint", "Family", "detect", "get", "inference_files", "names"]


@functools.cache
def _table() -> dict[str, Family]:
    found: dict[str, Family] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base":
            continue
        family = importlib.import_module(f"{__name__}.{module.name}").FAMILY
        found[family.name] = family
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def names() -> tuple[str, ...]:
    """Every family's name."""
    return tuple(_table())


def get(name: str) -> Family:
    """The family called ``name``.

    Raises:
        ModelError: no family has that name; the message lists the known ones.
    """
    table = _table()
    if name not in table:
        raise ModelError(f"unknown model family {name!r}: summix drives {', '.join(table)}")
    return table[name]


def detect(path: Path, config: dict) -> Family:
    """The family of the checkpoint in ``path`` whose Hugging Face config is ``config``.

    Raises:
        ModelError: no family recognises it; the message lists the supported families.
    """
    checkpoint = Checkpoint(path, config, read_json(path / "tokenizer_config.json"))
    ranked = sorted(_table().values(), key=lambda f: -f.specificity)
    for family in ranked:
        if family.recognises(checkpoint):
            return family
    kind = checkpoint.model_type or "unknown"
    raise ModelError(f"{path} holds a {kind!r} model: summix supports the families {', '.join(names())}")


def inference_files() -> frozenset[str]:
    """The non-weight files any family's checkpoint needs: configs and every family's tokenizer files."""
    return frozenset(COMMON_FILES).union(*(f.tokenizer_files for f in _table().values()))
