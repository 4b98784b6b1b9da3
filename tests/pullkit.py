"""Helpers shared by the pull tests (the ``hub`` and ``served`` fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib

from hubserver import LFS
from typer.testing import CliRunner

from summix.cli import app
from summix.registry.pins import FilePin, RepoPin

runner = CliRunner()
REPO = "test-org/tiny-marian"


def pull(*args: str):
    return runner.invoke(app, ["models", "pull", *args])


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.startswith("summix: ")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lock_entry(name: str, data: bytes) -> dict:
    """What the lock records for a served file: size, sha256, and the git blob id of a non-LFS file."""
    entry = {"size": len(data), "sha256": sha256(data)}
    if not LFS.search(name):
        entry["blob_id"] = blob_id(data)
    return entry


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def pin_of(
    repo_id: str, files: dict[str, bytes], revision: str, *, ref: str = "", prefix: str = ""
) -> RepoPin:
    """A registry pin that records exactly ``files`` (sizes, sha256 of LFS files, blob ids of the others)."""
    pinned = tuple(
        FilePin(
            name,
            "test",
            size=len(data),
            sha256=sha256(data) if LFS.search(name) else "",
            blob_id="" if LFS.search(name) else blob_id(data),
        )
        for name, data in sorted(files.items())
    )
    return RepoPin(repo_id, revision, ref or revision, revision[:7], "test", pinned)


def inference_files(served: dict[str, bytes]) -> dict[str, bytes]:
    """The files of ``served`` that pull fetches."""
    return {n: d for n, d in served.items() if n not in ("README.md", "pytorch_model.bin", "tf_model.h5")}
