"""Pull, verify and remove models: the only module that reaches the network, and only in :func:`pull`.

``pull`` lists one revision's files with the hub API (:mod:`summix.hubapi`), fetches only what inference
needs (config, generation config, tokenizer files, safetensors weights; pickle weights only when allowed
and nothing else is there), checks every file against the hub's own hash (LFS sha256, or git's blob sha1
for small files) and, for a curated model at its pinned revision, against the registry's pins
(:mod:`summix.registry.pins`) before anything is downloaded. It writes :data:`LOCK_FILE` beside the model: the
exact commit, and each file's size and sha256. ``verify`` re-hashes the files against that lock and
re-checks the lock against the registry. ``--revision latest`` resolves to main, the hub's current
safetensors conversion, or the pin (:func:`summix.hubapi.resolve_latest`). Pickle weights, when allowed,
are converted once to ``model.safetensors`` (:mod:`summix.pickleconv`) and only that is kept.

Into the models folder, a download goes to ``<model>/.summix-partial/`` first and is resumed from there by the
next pull after an interruption (huggingface_hub's HTTP client also resumes dropped connections with Range
requests). With ``cache=True`` files go to the Hugging Face cache through ``hf_hub_download`` instead, and the
lock file is written into the snapshot folder (``snapshots/<commit>/summix-lock.json``).

``huggingface_hub`` is imported inside the functions that use it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from summix import __version__, families, pickleconv
from summix.digest import sha256_file
from summix.errors import ModelError, ModelNotFoundError, SummixError
from summix.hubapi import (
    RemoteFile,
    endpoint,
    file_differences,
    first_line,
    list_revision,
    pin_applies,
    pin_differences,
    resolve_latest,
)
from summix.registry import find_spec
from summix.registry.pins import RepoPin, pin_for
from summix.resolve import LOCK_FILE, detect_family, folder_name, managed_folder, models_dir

__all__ = ["RemoteFile", "pull", "select_files", "verify", "read_lock", "installed_folder", "remove"]

PARTIAL_DIR = ".summix-partial"
_SAFETENSORS = re.compile(r"^model(?:-\d+-of-\d+)?\.safetensors$|^model\.safetensors\.index\.json$")
CONVERTED = "model.safetensors"  # what single-file pickle weights become
_TRUE = {"1", "true", "yes", "on"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class PullResult:
    """What one pull did."""

    name: str
    repo_id: str
    revision: str
    path: Path
    files: int
    size: int
    downloaded: int
    up_to_date: bool
    converted: bool  # pickle weights were converted to model.safetensors
    resolved_from: str = ""  # for --revision latest: which rule chose the commit


@dataclass(frozen=True)
class _Job:
    """One pull, resolved: what to call it, where it comes from, and the exact commit."""

    name: str
    repo_id: str
    wanted: str
    commit: str
    resolved_from: str
    pinned: bool


@dataclass(frozen=True)
class Problem:
    """A file that does not match the lock."""

    file: str
    issue: str

    def __str__(self) -> str:
        return f"{self.file} {self.issue}"


def offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) is set, read now rather than at import."""
    return any(
        os.environ.get(v, "").strip().lower() in _TRUE for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def pull(
    name: str,
    *,
    revision: str | None = None,
    directory: str | Path | None = None,
    cache: bool = False,
    allow_pickle: bool = False,
    force: bool = False,
) -> PullResult:
    """Download ``name`` (an alias or ``org/name``) at ``revision`` (default: the registry's) and lock it.

    ``revision="latest"`` takes main, the hub's conversion of main's head, or the pin, in that order
    (:func:`summix.hubapi.resolve_latest`). A second pull of the same revision is a no-op; an interrupted
    one resumes. ``force`` re-hashes every file already there instead of trusting the lock, and downloads
    again whatever does not match. With ``allow_pickle``, pickle-only weights are converted to
    ``model.safetensors`` and the pickle is deleted.

    Raises:
        SummixError: offline mode is on, or the hub cannot be reached.
        ModelNotFoundError: an unknown alias, or no such repo or revision on the hub.
        ModelError: only pickle weights without ``allow_pickle`` (or ones that cannot be converted, or a
            torch with known weights-only advisories), an unsupported family, a download that failed or
            does not match the hub's hash, or a revision that contradicts the registry's pins.
    """
    if offline():
        raise SummixError(
            f"cannot pull {name!r}: HF_HUB_OFFLINE is set and `summix models pull` needs the network "
            "(unset HF_HUB_OFFLINE, or copy a model folder into the models folder)"
        )
    spec = find_spec(name)
    local = folder_name(name)
    repo_id = spec.repo_id if spec else name
    pin = pin_for(repo_id)
    wanted = revision or (spec.revision if spec else "main")
    latest = resolve_latest(repo_id, pin) if wanted == "latest" else None
    listing = latest.listing if latest else list_revision(repo_id, wanted)
    resolved_from = latest.reason if latest else ""
    selected = select_files(listing.files, allow_pickle=allow_pickle, where=f"{repo_id}@{wanted}")
    pinned = bool(latest and latest.pinned) or pin_applies(pin, wanted, listing.commit)
    if pin is not None and pinned:
        _check_pin(pin, repo_id, wanted, listing.commit, selected)
    _check_pickle(selected, cache)
    job = _Job(spec.alias if spec else name, repo_id, wanted, listing.commit, resolved_from, pinned)
    _quiet_unless_terminal()
    if cache:
        return _pull_to_cache(job, selected, force)
    return _pull_to_folder(job, selected, models_dir(directory) / local, force)


def _check_pin(pin: RepoPin, repo_id: str, wanted: str, commit: str, files: list[RemoteFile]) -> None:
    """Refuse, before any download, a revision that contradicts the registry's pins."""
    problems = pin_differences(pin, commit, files)
    if problems:
        raise ModelError(
            f"{repo_id}@{wanted} does not match the registry: {'; '.join(problems)} (recorded from "
            f"{pin.source}); refusing to download it"
        )


def _check_pickle(files: list[RemoteFile], cache: bool) -> None:
    """Pickle weights are converted when pulled: one file, into the models folder, with a safe torch."""
    pickled = [f.name for f in files if f.is_pickle]
    if not pickled:
        return
    if pickled != ["pytorch_model.bin"]:
        raise ModelError(
            f"only a single pytorch_model.bin can be converted to safetensors, not {', '.join(pickled)}: "
            "pick a {revision} with model.safetensors",
            "revision",
        )
    if cache:
        raise ModelError(
            "pickle weights are converted to model.safetensors in the models folder: pull without {cache}",
            "cache",
        )
    pickleconv.check_torch()


def _quiet_unless_terminal() -> None:
    # huggingface_hub's own download bars are progress for people: none on a redirected stderr.
    if not sys.stderr.isatty():
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()


def select_files(files: Iterable[RemoteFile], *, allow_pickle: bool, where: str) -> list[RemoteFile]:
    """The files inference needs: config and tokenizer files, and safetensors weights (else pickle ones).

    Raises:
        ModelError: no config.json, no weights, or only pickle weights without ``allow_pickle``.
    """
    files = [f for f in files if "/" not in f.name]
    names = {f.name for f in files}
    if "config.json" not in names:
        raise ModelError(f"{where} has no config.json: it is not a transformers checkpoint")
    weights = [f for f in files if _SAFETENSORS.match(f.name)]
    if not weights:
        weights = [f for f in files if f.is_pickle]
        if not weights:
            raise ModelError(f"{where} publishes no weights summix can load (model.safetensors)")
        if not allow_pickle:
            raise ModelError(
                f"{where} publishes only pickle weights (pytorch_model.bin), which can run code when loaded: "
                "set {allow_pickle} if you trust the source, or pick a {revision} with model.safetensors",
                "allow_pickle",
                "revision",
            )
    needed = families.inference_files()
    chosen = [f for f in files if f.name in needed] + weights
    return sorted(chosen, key=lambda f: (f.is_weights, f.name))


def read_lock(folder: Path) -> dict | None:
    """The lock file in ``folder``, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if _well_formed_lock(data) else None


def _well_formed_lock(data: object) -> bool:
    """True for a lock whose files are each an object with an integer size (or none) and a string sha256
    (or none): what :func:`verify` and ``pull`` read."""
    files = data.get("files") if isinstance(data, dict) else None
    return isinstance(files, dict) and all(
        isinstance(entry, dict)
        and isinstance(entry.get("size", 0), int | None)
        and isinstance(entry.get("sha256"), str | None)
        for entry in files.values()
    )


def verify(name: str, directory: str | Path | None = None) -> tuple[Path, dict, list[Problem]]:
    """Re-hash the files of an installed model against its lock file.

    Returns:
        The model folder, its lock, and the files that are missing, truncated or corrupted (empty: all good).

    Raises:
        ModelNotFoundError: nothing is installed under ``name``.
        ModelError: the folder has no lock file (it was not pulled by summix), or a damaged one.
    """
    folder = installed_folder(name, directory)
    lock = read_lock(folder)
    if lock is None and (folder / LOCK_FILE).is_file():
        raise ModelError(
            f"{folder / LOCK_FILE} is damaged: pull again with `summix models pull {name} --force`"
        )
    if lock is None:
        raise ModelError(
            f"{folder} has no {LOCK_FILE}: it was not pulled by summix, so there are no hashes to check "
            "(pull it again with `summix models pull`)"
        )
    problems = [p for entry in sorted(lock["files"].items()) if (p := _check_file(folder, *entry))]
    return folder, lock, problems + _registry_problems(folder, lock)


def _registry_problems(folder: Path, lock: dict) -> list[Problem]:
    """How a lock contradicts the registry's pins, for a curated model at its pinned revision."""
    pin = pin_for(str(lock.get("repo_id", "")))
    if pin is None or not lock.get("pinned"):
        return []
    found = []
    if (pin.full_commit or pin.commit_prefix) and not pin.matches_commit(str(lock.get("revision"))):
        found.append(Problem("revision", f"{lock.get('revision')} is not the registry's {pin.revision}"))
    for expected in pin.files:
        entry = lock["files"].get(expected.name)
        if entry is None:
            continue  # reported as missing against the lock, or converted
        blob = git_blob_sha1(folder / expected.name) if expected.blob_id else None
        found += [
            Problem(expected.name, f"differs from the registry: {d.removeprefix(expected.name + ' ')}")
            for d in file_differences(expected, entry.get("size"), entry.get("sha256"), blob)
        ]
    return found


def installed_folder(name: str, directory: str | Path | None = None) -> Path:
    """The folder of the installed model ``name``, in the models folder or the hub cache (see
    :func:`summix.resolve.managed_folder`): the one check every ``summix models`` command makes.

    Raises:
        ModelNotFoundError: nothing is installed under that name, or the name leaves the models folder
            (unknown names list the aliases).
    """
    folder = managed_folder(name, directory)
    if folder is not None:
        return folder
    folder_name(name)  # raises for a name that is no alias or repo id
    spec = find_spec(name)
    raise ModelNotFoundError(
        f"model {name!r} is not installed: run `summix models pull {spec.alias if spec else name}`"
    )


def removable(name: str, directory: str | Path | None = None) -> Path:
    """The folder :func:`remove` would delete for ``name``: inside the models folder or the hub cache only.

    Raises:
        ModelNotFoundError: nothing is installed under that name.
        ModelError: the folder lies elsewhere (summix does not delete folders it did not put there).
    """
    folder = installed_folder(name, directory)
    root = models_dir(directory).resolve()
    parent = folder.absolute().parent.resolve()
    if parent == root or _in_hub_cache(folder):
        return folder
    raise ModelError(
        f"{folder} is not in the models folder ({root}) or the hub cache: summix only removes models it "
        "manages; delete that folder yourself"
    )


def remove(folder: Path) -> None:
    """Delete a model folder from :func:`removable` (a symlink is unlinked; its target is left alone)."""
    if folder.is_symlink():
        folder.unlink()
    elif _in_hub_cache(folder):
        _remove_snapshot(folder)
    else:
        shutil.rmtree(folder)


def git_blob_sha1(path: Path) -> str:
    """The git blob id of a file: what the hub publishes for files not stored with LFS."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % path.stat().st_size)
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# -- downloading into the models folder --------------------------------------------------------------------


def _pull_to_folder(job: _Job, files: list[RemoteFile], folder: Path, force: bool) -> PullResult:
    old = read_lock(folder)
    if not force and _up_to_date(folder, old, job.commit, files):
        return _result(job, folder, files, downloaded=0, up_to_date=True)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    downloaded = 0
    for remote in files:
        if remote.is_weights:
            _check_config(folder, job.repo_id, remove=created)
        if remote.is_pickle and _converted_already(folder, old, remote, force):
            continue
        downloaded += _fetch(job.repo_id, job.commit, remote, folder, None if force else old)
    conversion = _convert_pickle(folder, files, old)
    _drop_stale(folder, old, files)
    _write_lock(folder, job, files, conversion)
    partial = folder / PARTIAL_DIR
    if partial.is_dir() and not any(partial.iterdir()):
        partial.rmdir()
    return _result(job, folder, files, downloaded=downloaded, up_to_date=False)


def _converted_already(folder: Path, old: dict | None, remote: RemoteFile, force: bool) -> bool:
    # A pull interrupted after converting, or a --force run: the pickle need not come again.
    source = (old or {}).get("converted_from") or {}
    target = folder / CONVERTED
    if not target.is_file() or source.get("sha256") != (remote.sha256 or remote.blob_id):
        return False
    recorded = (old or {}).get("files", {}).get(CONVERTED, {})
    return not force or sha256_file(target) == recorded.get("sha256")


def _convert_pickle(folder: Path, files: list[RemoteFile], old: dict | None) -> dict | None:
    """Convert a downloaded pytorch_model.bin into model.safetensors and delete it; returns its record."""
    remote = next((f for f in files if f.is_pickle), None)
    if remote is None:
        return None
    source = folder / remote.name
    if not source.is_file():  # converted by an earlier pull of this commit
        return (old or {}).get("converted_from")
    record = {
        "name": remote.name,
        "size": source.stat().st_size,
        "sha256": remote.sha256 or sha256_file(source),
        "torch": pickleconv.check_torch(),
    }
    pickleconv.convert(source, folder / CONVERTED)
    source.unlink()
    return record


def _local_names(files: list[RemoteFile]) -> set[str]:
    """The files a pull leaves in the folder: pickle weights are replaced by their conversion."""
    return {CONVERTED if f.is_pickle else f.name for f in files}


def _result(
    job: _Job, folder: Path, files: list[RemoteFile], *, downloaded: int, up_to_date: bool
) -> PullResult:
    return PullResult(
        name=job.name,
        repo_id=job.repo_id,
        revision=job.commit,
        path=folder,
        files=len(files),
        size=sum(f.size or 0 for f in files),
        downloaded=downloaded,
        up_to_date=up_to_date,
        converted=any(f.is_pickle for f in files),
        resolved_from=job.resolved_from,
    )


def _up_to_date(folder: Path, lock: dict | None, commit: str, files: list[RemoteFile]) -> bool:
    names = _local_names(files)
    if lock is None or lock.get("revision") != commit or set(lock["files"]) != names:
        return False
    for name in names:
        path = folder / name
        if not path.is_file() or path.stat().st_size != lock["files"][name].get("size"):
            return False
    return True


def _fetch(repo_id: str, commit: str, remote: RemoteFile, folder: Path, old: dict | None) -> int:
    """Download one file into ``folder`` unless an identical one is there; returns the bytes fetched."""
    dest = folder / remote.name
    if _already_have(dest, remote, old):
        return 0
    key = (remote.sha256 or remote.blob_id or commit)[:16]
    part = folder / PARTIAL_DIR / f"{remote.name}.{key}.part"
    part.parent.mkdir(exist_ok=True)
    if part.exists() and remote.size is not None and part.stat().st_size > remote.size:
        part.unlink()
    start = part.stat().st_size if part.exists() else 0
    try:
        _http_download(repo_id, commit, remote, part)
    except Exception as exc:  # noqa: BLE001 - a failed download becomes one line; the partial file stays
        have = part.stat().st_size if part.exists() else 0
        raise ModelError(
            f"downloading {repo_id}/{remote.name} stopped at {have:,} of {remote.size or 0:,} bytes "
            f"({first_line(exc)}): run the same pull again to resume"
        ) from exc
    issue = _hash_issue(part, remote)
    if issue:
        part.unlink()
        raise ModelError(f"downloaded {remote.name} of {repo_id} {issue}: it was deleted; pull again")
    os.replace(part, dest)
    return (remote.size or dest.stat().st_size) - start


def _http_download(repo_id: str, commit: str, remote: RemoteFile, part: Path) -> None:
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.file_download import http_get
    from huggingface_hub.utils import build_hf_headers

    where = endpoint()
    url = hf_hub_url(repo_id, remote.name, revision=commit, endpoint=where)
    # HEAD /resolve follows redirects on the hub and stops at the CDN: its Location is what to fetch.
    meta = get_hf_file_metadata(url, endpoint=where)
    headers = build_hf_headers()
    headers["Accept-Encoding"] = "identity"  # byte ranges must count stored bytes for a resume to be exact
    if urlparse(meta.location).netloc != urlparse(url).netloc:
        headers.pop("authorization", None)  # never send a token to the CDN
    with part.open("ab") as fh:
        http_get(
            meta.location,
            fh,
            resume_size=fh.tell(),
            headers=headers,
            expected_size=remote.size,
            displayed_filename=remote.name,
        )


def _already_have(dest: Path, remote: RemoteFile, old: dict | None) -> bool:
    if not dest.is_file() or (remote.size is not None and dest.stat().st_size != remote.size):
        return False
    recorded = ((old or {}).get("files") or {}).get(remote.name) or {}
    if remote.sha256 and recorded.get("sha256") == remote.sha256:
        return True  # the lock vouches for it: no need to re-hash gigabytes
    return _hash_issue(dest, remote) is None


def _hash_issue(path: Path, remote: RemoteFile) -> str | None:
    size = path.stat().st_size
    if remote.size is not None and size != remote.size:
        return f"has {size:,} bytes instead of {remote.size:,}"
    if remote.sha256 and sha256_file(path) != remote.sha256:
        return f"does not match the hub's sha256 {remote.sha256}"
    if not remote.sha256 and remote.blob_id and git_blob_sha1(path) != remote.blob_id:
        return f"does not match the hub's blob id {remote.blob_id}"
    return None


def _check_config(folder: Path, repo_id: str, remove: bool = False) -> None:
    """Refuse an unsupported family before fetching gigabytes of weights; ``remove`` the new folder then."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        detect_family(folder, config)
    except (OSError, ValueError, ModelError) as exc:
        if remove:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, ModelError):
            raise ModelError(str(exc).replace(str(folder), repo_id)) from exc
        raise ModelError(f"{repo_id}'s config.json cannot be read: {exc}") from exc


def _drop_stale(folder: Path, old: dict | None, files: list[RemoteFile]) -> None:
    # Files an earlier pull put here that this revision no longer has; nothing else is touched.
    keep = _local_names(files)
    for stale in set((old or {}).get("files") or {}) - keep:
        path = folder / stale
        if "/" not in stale and path.is_file():
            path.unlink()


def _write_lock(folder: Path, job: _Job, files: list[RemoteFile], conversion: dict | None = None) -> None:
    lock: dict = {
        "alias": job.name,
        "repo_id": job.repo_id,
        "revision": job.commit,
        "requested_revision": job.wanted,
        "resolved_from": job.resolved_from or job.wanted,
        "pinned": job.pinned,  # checked against the registry's pins (summix.registry.pins) before downloading
        "files": {name: _lock_entry(folder, name, files) for name in sorted(_local_names(files))},
        "pulled_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "summix_version": __version__,
    }
    if conversion:
        lock["converted_from"] = conversion
    tmp = folder / (LOCK_FILE + ".tmp")
    tmp.write_text(json.dumps(lock, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, folder / LOCK_FILE)


def _lock_entry(folder: Path, name: str, files: list[RemoteFile]) -> dict:
    remote = next((f for f in files if f.name == name), None)
    entry = {"size": (folder / name).stat().st_size, "sha256": _sha256_of(folder, name, remote)}
    if remote is not None and remote.blob_id:
        entry["blob_id"] = remote.blob_id
    return entry


def _sha256_of(folder: Path, name: str, remote: RemoteFile | None) -> str:
    # LFS files were checked against the hub's sha256 on arrival (or vouched for by the last lock).
    return (remote.sha256 if remote else None) or sha256_file(folder / name)


def _check_file(folder: Path, name: str, entry: dict) -> Problem | None:
    path = folder / name
    if not path.is_file():
        return Problem(name, "is missing")
    size, expected = path.stat().st_size, entry.get("size")
    if expected is not None and size < expected:
        return Problem(name, f"is truncated: {size:,} of {expected:,} bytes")
    if expected is not None and size != expected:
        return Problem(name, f"has {size:,} bytes, the lock says {expected:,}")
    if entry.get("sha256") and sha256_file(path) != entry["sha256"]:
        return Problem(name, "is corrupted: its sha256 differs from the lock")
    return None


# -- the hub cache -----------------------------------------------------------------------------------------


def _pull_to_cache(job: _Job, files: list[RemoteFile], force: bool) -> PullResult:
    from huggingface_hub import constants, hf_hub_download

    repo_id, commit = job.repo_id, job.commit
    snapshot = Path(constants.HF_HUB_CACHE) / f"models--{repo_id.replace('/', '--')}" / "snapshots" / commit
    if not force and _up_to_date(snapshot, read_lock(snapshot), commit, files):
        return _result(job, snapshot, files, downloaded=0, up_to_date=True)
    downloaded = 0
    for remote in files:
        if remote.is_weights:
            _check_config(snapshot, repo_id)
        path = snapshot / remote.name
        there = path.is_file()
        again = there and force and _hash_issue(path, remote) is not None
        try:
            hf_hub_download(repo_id, remote.name, revision=commit, endpoint=endpoint(), force_download=again)
        except Exception as exc:  # noqa: BLE001 - one line per failure
            raise ModelError(f"downloading {repo_id}/{remote.name} failed: {first_line(exc)}") from exc
        issue = _hash_issue(path, remote)
        if issue:
            raise ModelError(
                f"{remote.name} of {repo_id} in the hub cache {issue}: pull it again with {{force}}",
                "force",
            )
        downloaded += path.stat().st_size if again or not there else 0
    _write_lock(snapshot, job, files)
    return _result(job, snapshot, files, downloaded=downloaded, up_to_date=False)


def _in_hub_cache(folder: Path) -> bool:
    from huggingface_hub import constants

    cache = Path(constants.HF_HUB_CACHE).resolve()
    return folder.absolute().parent.name == "snapshots" and folder.absolute().is_relative_to(cache)


def _remove_snapshot(folder: Path) -> None:
    from huggingface_hub import constants, scan_cache_dir

    info = scan_cache_dir(constants.HF_HUB_CACHE)
    commit = folder.name
    if not any(commit == rev.commit_hash for repo in info.repos for rev in repo.revisions):
        shutil.rmtree(folder)
        return
    info.delete_revisions(commit).execute()


def describe_size(size: int) -> str:
    """Bytes as a short human figure (decimal units, as the hub shows them)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # pragma: no cover
