"""What the hub says about a repository: a revision's files and hashes, the safetensors conversion a
``--revision latest`` pull takes, and how a listing compares with the registry's pins
(:mod:`summix.registry.pins`).

Only the functions that list or look up reach the network, through ``huggingface_hub`` (imported inside
them); every hub or network failure becomes one :class:`~summix.errors.SummixError` line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from summix.errors import ModelError, ModelNotFoundError, SummixError
from summix.registry.pins import FilePin, RepoPin

CONVERSION_BOT = "SFconvertbot"  # the hub's own safetensors conversion bot
_SAFETENSORS = re.compile(r"^model(?:-\d+-of-\d+)?\.safetensors$|^model\.safetensors\.index\.json$")
_PICKLE = re.compile(r"^pytorch_model(?:-\d+-of-\d+)?\.bin$|^pytorch_model\.bin\.index\.json$")
_NETWORK_ERRORS = {"ConnectError", "ConnectTimeout", "ReadTimeout", "NetworkError", "TimeoutException"}


@dataclass(frozen=True)
class RemoteFile:
    """One file of a hub revision, with the hash the hub publishes for it."""

    name: str
    size: int | None
    sha256: str | None  # LFS files: the sha256 of the content
    blob_id: str | None  # other files: git's blob sha1

    @property
    def is_weights(self) -> bool:
        """True for weight files (the big ones, fetched after the config has been checked)."""
        return bool(_SAFETENSORS.match(self.name) or _PICKLE.match(self.name))

    @property
    def is_pickle(self) -> bool:
        """True for pickle weights (``pytorch_model.bin`` and its shards)."""
        return bool(_PICKLE.match(self.name))


@dataclass(frozen=True)
class Listing:
    """A revision as the hub lists it: the exact commit and every file with its hash."""

    repo_id: str
    commit: str
    files: tuple[RemoteFile, ...]

    @property
    def has_safetensors(self) -> bool:
        """True when the revision publishes safetensors weights at its top level."""
        return any(_SAFETENSORS.match(f.name) for f in self.files)


@dataclass(frozen=True)
class Latest:
    """Where ``--revision latest`` landed, and why."""

    listing: Listing
    ref: str  # "main", the conversion's "refs/pr/N", or the registry's pinned revision
    reason: str  # one line for people: which of the three rules chose it
    pinned: bool = False  # the registry's pin was taken: its files must be checked


def endpoint() -> str | None:
    """The hub's URL from ``HF_ENDPOINT``, read at call time (huggingface_hub reads it once, at import)."""
    return os.environ.get("HF_ENDPOINT", "").rstrip("/") or None


def _api() -> Any:
    from huggingface_hub import HfApi

    return HfApi(endpoint=endpoint())


def list_revision(repo_id: str, revision: str) -> Listing:
    """The files of ``repo_id`` at ``revision`` with their sizes and hashes, and the exact commit.

    Raises:
        ModelNotFoundError: no such repository or revision.
        SummixError: offline mode, no network, or any other hub failure (one line).
    """
    try:
        info = _api().model_info(repo_id, revision=revision, files_metadata=True)
    except Exception as exc:  # noqa: BLE001 - every hub or network failure becomes one line
        raise hub_error(exc, repo_id, revision) from exc
    if not info.sha:
        raise ModelError(f"the hub did not say which commit {repo_id}@{revision} is")
    files = tuple(
        RemoteFile(
            name=s.rfilename,
            size=s.lfs.size if s.lfs else s.size,
            sha256=s.lfs.sha256 if s.lfs else None,
            blob_id=None if s.lfs else s.blob_id,
        )
        for s in info.siblings or []
    )
    return Listing(repo_id, info.sha, files)


def hub_error(exc: Exception, repo_id: str, revision: str) -> SummixError:
    """One line for a failed hub request: what was asked, what went wrong, what to do."""
    from huggingface_hub.errors import (
        GatedRepoError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    if isinstance(exc, GatedRepoError):
        return ModelError(f"{repo_id} is gated: accept its terms on the hub and log in with `hf auth login`")
    if isinstance(exc, RepositoryNotFoundError):
        return ModelNotFoundError(f"no model repository {repo_id!r} on the hub (or it is private)")
    if isinstance(exc, RevisionNotFoundError):
        return ModelNotFoundError(f"{repo_id} has no revision {revision!r} on the hub")
    if isinstance(exc, OfflineModeIsEnabled):
        return SummixError("HF_HUB_OFFLINE is set: `summix models pull` needs the network")
    where = endpoint() or "https://huggingface.co"
    if _is_network_error(exc):
        return SummixError(
            f"cannot reach the Hugging Face hub at {where} ({first_line(_root(exc))}): no network? "
            "Every summix command but `models pull` works offline"
        )
    return ModelError(f"cannot list {repo_id}@{revision} on {where}: {first_line(exc)}")


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _root(exc: BaseException) -> BaseException:
    return _chain(exc)[-1]


def _is_network_error(exc: BaseException) -> bool:
    return any(isinstance(e, OSError) or type(e).__name__ in _NETWORK_ERRORS for e in _chain(exc))


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, without the long signed URLs the hub's CDN uses."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return re.sub(r" for url '[^']*'", "", line)


# -- --revision latest ---------------------------------------------------------------------------------


def resolve_latest(repo_id: str, pin: RepoPin | None) -> Latest:
    """The revision ``--revision latest`` pulls, in this order:

    1. ``main``, when it publishes safetensors weights;
    2. otherwise the newest open safetensors conversion by the hub's bot whose parent is main's current
       head (a conversion of an older main would undo what main changed since);
    3. otherwise the registry's pinned revision (or ``main`` for a repository summix does not pin).

    Raises:
        ModelNotFoundError, SummixError: as :func:`list_revision` (or a failed pull-request lookup).
    """
    main = list_revision(repo_id, "main")
    if main.has_safetensors:
        return Latest(main, "main", f"main ({main.commit[:7]}) publishes safetensors")
    conversion = current_conversion(repo_id, main.commit)
    if conversion is not None:
        return conversion
    if pin is None:
        return Latest(main, "main", f"main ({main.commit[:7]}); no safetensors conversion of it")
    listing = list_revision(repo_id, pin.revision)
    reason = f"the registry's pin {pin.revision}: main has no safetensors and no conversion of its head"
    return Latest(listing, pin.revision, reason, pinned=True)


def current_conversion(repo_id: str, main_commit: str) -> Latest | None:
    """The newest open conversion pull request whose parent is ``main_commit``, with its listing."""
    for number in conversion_prs(repo_id):
        ref = f"refs/pr/{number}"
        head, parent = head_and_parent(repo_id, ref)
        if parent != main_commit:
            continue
        listing = list_revision(repo_id, head)
        if listing.has_safetensors:
            return Latest(listing, ref, f"{ref} ({head[:7]}), the hub's safetensors conversion of main")
    return None


def conversion_prs(repo_id: str) -> list[int]:
    """Numbers of the open pull requests the hub's conversion bot opened on ``repo_id``, newest first.

    Raises:
        SummixError: the hub could not be asked (one line).
    """
    try:
        found = _api().get_repo_discussions(
            repo_id, author=CONVERSION_BOT, discussion_type="pull_request", discussion_status="open"
        )
        numbers = [d.num for d in found if d.author == CONVERSION_BOT and d.is_pull_request]
    except Exception as exc:  # noqa: BLE001 - one line per failure
        raise hub_error(exc, repo_id, "pull requests") from exc
    return sorted(numbers, reverse=True)


def head_and_parent(repo_id: str, ref: str) -> tuple[str, str | None]:
    """The commit ``ref`` points at and its first parent (None for a root commit).

    Raises:
        SummixError: the hub could not be asked (one line).
    """
    try:
        commits = _api().list_repo_commits(repo_id, revision=ref)
    except Exception as exc:  # noqa: BLE001 - one line per failure
        raise hub_error(exc, repo_id, ref) from exc
    if not commits:
        raise ModelError(f"the hub lists no commits for {repo_id}@{ref}")
    return commits[0].commit_id, commits[1].commit_id if len(commits) > 1 else None


# -- the registry's pins -------------------------------------------------------------------------------


def pin_applies(pin: RepoPin | None, wanted: str, commit: str) -> bool:
    """True when a pull of ``wanted`` (resolved to ``commit``) is the revision ``pin`` describes."""
    return pin is not None and (wanted in (pin.revision, pin.ref) or commit == pin.revision)


def pin_differences(pin: RepoPin, commit: str, files: list[RemoteFile]) -> list[str]:
    """How a listing (``commit`` and the ``files`` pull selected) contradicts ``pin``; empty if it agrees."""
    found: list[str] = []
    if (pin.full_commit or pin.commit_prefix) and not pin.matches_commit(commit):
        recorded = pin.revision if pin.full_commit else f"a commit starting {pin.commit_prefix}"
        found.append(f"{pin.ref} is now commit {commit}, the registry recorded {recorded}")
    if not pin.files:
        return found
    names = {f.name for f in files}
    found += [f"{p.name} is missing" for p in pin.files if p.name not in names]
    found += [f"{f.name} is not in the registry" for f in files if pin.file(f.name) is None]
    for remote in files:
        expected = pin.file(remote.name)
        if expected is not None:
            found += file_differences(expected, remote.size, remote.sha256, remote.blob_id)
    return found


def file_differences(pin: FilePin, size: int | None, sha256: str | None, blob_id: str | None) -> list[str]:
    """How one file's size and hashes contradict its pin (a missing hash contradicts a recorded one)."""
    found = []
    if pin.size is not None and size != pin.size:
        found.append(f"{pin.name} has {size} bytes, the registry says {pin.size:,}")
    if pin.sha256 and sha256 != pin.sha256:
        found.append(f"{pin.name} has sha256 {sha256}, the registry expects {pin.sha256}")
    if pin.blob_id and blob_id != pin.blob_id:
        found.append(f"{pin.name} has blob id {blob_id}, the registry expects {pin.blob_id}")
    return found
