"""The SHA-256 of a file, read in blocks: what the models' lock files and the outputs' resume state record.

Kept apart from :mod:`summix.hub` so that writing outputs does not import the hub client's modules.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK = 1 << 20  # bytes read at a time


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()
