"""A maintainer's comparison of the registry's pins (:mod:`summix.registry.pins`) with the live hub.

For each pinned repository: does the pinned revision still resolve to the recorded commit, with the
recorded files, sizes and hashes; which hashes and exact sizes the hub publishes that the registry has
not recorded yet; has main gained safetensors; is there a newer conversion by the hub's bot (one whose
parent is main's current head). ``python benchmarks/check_registry.py`` prints it; it needs the network.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from summix.hub import select_files
from summix.hubapi import (
    Listing,
    RemoteFile,
    current_conversion,
    list_revision,
    pin_differences,
)
from summix.registry.pins import FilePin, RepoPin

# Kinds of finding, most serious first: the registry is wrong, the hub has something newer, or the registry
# could record more than it does.
DIFFERS, NEWER, RECORD = "differs", "newer", "record"


@dataclass(frozen=True)
class Finding:
    """One line of the comparison."""

    repo_id: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.repo_id}: {self.kind}: {self.text}"


def check(pin: RepoPin) -> list[Finding]:
    """Compare ``pin`` with what the hub publishes now.

    Raises:
        SummixError: the hub could not be asked (no network, offline mode, no such repository).
    """
    listing = list_revision(pin.repo_id, pin.revision)
    selected = select_files(listing.files, allow_pickle=True, where=f"{pin.repo_id}@{pin.revision}")
    found = [Finding(pin.repo_id, DIFFERS, text) for text in pin_differences(pin, listing.commit, selected)]
    if not pin.full_commit:
        text = f"{pin.revision} resolves to {listing.commit}: record it as the revision"
        found.append(Finding(pin.repo_id, RECORD, text))
    found += [Finding(pin.repo_id, RECORD, text) for text in _unrecorded(pin, selected)]
    return found + _newer(pin, listing)


def _unrecorded(pin: RepoPin, files: Iterable[RemoteFile]) -> list[str]:
    """Sizes and hashes the hub publishes for files whose pin lacks them."""
    lines = []
    for remote in files:
        pinned = pin.file(remote.name) or FilePin(remote.name, "")
        missing = []
        if pinned.size is None and remote.size is not None:
            missing.append(f"size {remote.size}")
        if not pinned.sha256 and remote.sha256:
            missing.append(f"sha256 {remote.sha256}")
        if not pinned.blob_id and remote.blob_id:
            missing.append(f"blob id {remote.blob_id}")
        if missing:
            lines.append(f"{remote.name}: {', '.join(missing)}")
    return lines


def _newer(pin: RepoPin, pinned: Listing) -> list[Finding]:
    main = list_revision(pin.repo_id, "main")
    if main.commit == pinned.commit:
        return []
    if main.has_safetensors:
        return [Finding(pin.repo_id, NEWER, f"main ({main.commit}) now publishes safetensors")]
    conversion = current_conversion(pin.repo_id, main.commit)
    if conversion is None or conversion.listing.commit == pinned.commit:
        return []
    text = f"{conversion.ref} = {conversion.listing.commit} converts main's head {main.commit[:7]}"
    return [Finding(pin.repo_id, NEWER, text)]
