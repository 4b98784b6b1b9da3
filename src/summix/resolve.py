"""Find installed models: a folder, an alias in the models folder, or a repo id in the Hugging Face cache.

Nothing here touches the network: the hub cache is read with ``local_files_only``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from summix import families
from summix.errors import ModelError, ModelNotFoundError, SettingError
from summix.families import Family
from summix.registry import ModelSpec, aliases, candidates, find_spec

LOCK_FILE = "summix-lock.json"
RANDOM_MARKER = "summix-random-weights.json"
# Written by `summix models convert` into a CTranslate2 model folder: what it was converted from, and how.
CT2_RECORD = "summix-ct2.json"
# The source's Hugging Face config.json, kept in a CTranslate2 folder (whose config.json is CT2's own).
SOURCE_CONFIG = "source_config.json"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ModelRef:
    """A model found on disk, with what summix needs to know to drive it."""

    name: str
    path: Path
    family: str
    repo_id: str | None
    revision: str
    random_weights: bool
    pair: tuple[str, str] | None  # the single direction of a one-pair model (Marian)
    spec: ModelSpec | None
    engine: str = "transformers"  # "ctranslate2" for a folder written by `summix models convert`
    quantization: str | None = None  # the CTranslate2 weight type of a converted folder

    @property
    def driver(self) -> Family:
        """The model's family: how it is recognised, driven and built."""
        return families.get(self.family)

    def serves(self, task: str, src: str, tgt: str) -> bool:
        """True when the model can do ``task`` from ``src`` to ``tgt``."""
        if self.spec is not None:
            return self.spec.serves(task, src, tgt)
        return self.driver.serves(self, task, src, tgt)

    @property
    def model_id(self) -> str:
        """The hub repo id when known, else the folder."""
        return self.repo_id or str(self.path)


def models_dir(override: str | Path | None = None) -> Path:
    """The folder holding local models: ``override`` > ``SUMMIX_MODELS_DIR`` > ``./models`` (it need not
    exist yet: then nothing is installed).

    Raises:
        SettingError: it names a file.
    """
    from_env = not override and os.environ.get("SUMMIX_MODELS_DIR")
    folder = Path(override or from_env or "models")
    if folder.exists() and not folder.is_dir():
        where = "SUMMIX_MODELS_DIR" if from_env else "{models_dir}"
        raise SettingError(f"the models folder {folder} is a file: give {where} a folder", "models_dir")
    return folder


def resolve_model(name: str, directory: str | Path | None = None, allow_pickle: bool = False) -> ModelRef:
    """Resolve ``name`` (a folder, an alias, or an ``org/name`` repo id) to an installed model.

    Raises:
        ModelNotFoundError: nothing is installed under that name (the message gives the pull command).
        ModelError: the folder is not a usable model.
    """
    _check_named(name)
    spec = find_spec(name)
    folder = find_folder(name, directory)
    if folder is not None:
        return inspect_folder(folder, name=name, spec=spec, allow_pickle=allow_pickle)
    if spec is None and not _REPO_ID.match(name) and not _SAFE_NAME.match(name):
        raise ModelNotFoundError(f"model folder {name!r} does not exist")
    raise _not_installed(name, spec)


def find_folder(name: str, directory: str | Path | None = None) -> Path | None:
    """Where ``name`` (a folder, an alias, or an ``org/name`` repo id) is installed; nothing is loaded.

    Looks in the models folder (by alias, folder name, or ``org--name``), then in the hub cache. A name
    that is no existing folder, plain folder name, alias or well-formed repo id never becomes a path.
    """
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    spec = find_spec(name)
    if spec is None and not (_REPO_ID.match(name) or _SAFE_NAME.match(name)):
        return None
    local = _local_folder(name, spec, models_dir(directory))
    if local is not None:
        return local
    return _hub_cache_folder(spec.repo_id if spec else name)


def managed_folder(name: str, directory: str | Path | None = None) -> Path | None:
    """Where ``name`` is installed, for the ``summix models`` commands: a folder of the models folder (by
    alias, folder name, ``org--name``, or a path that points into the models folder) or the hub cache
    snapshot of a repo id. Unlike :func:`find_folder`, a folder anywhere else is never returned.

    Raises:
        ModelNotFoundError: ``name`` is a path that leaves the models folder (``../../etc``, ``/abs``);
            the message lists the aliases.
    """
    root = models_dir(directory)
    inside = _path_inside(name, root)
    if inside is not None:
        return inside if inside.is_dir() else None
    spec = find_spec(name)
    return _local_folder(name, spec, root) or _hub_cache_folder(spec.repo_id if spec else name)


def _check_named(name: str) -> None:
    """Refuse an empty or blank model name ("" is no folder, though it reads as the current one).

    Raises:
        ModelNotFoundError: ``name`` is blank; the message lists the aliases.
    """
    if not name.strip():
        raise ModelNotFoundError(
            f"no model named ({name!r}): known aliases are {', '.join(aliases())}, or an org/name repo id"
        )


def _path_inside(name: str, root: Path) -> Path | None:
    """``name`` as a folder of ``root`` when it is written as a path into it; None for an alias, a plain
    folder name or an ``org/name`` repo id.

    Raises:
        ModelNotFoundError: an empty name, or any other name.
    """
    _check_named(name)
    if find_spec(name) is not None or _SAFE_NAME.match(name):
        return None
    # Lexical, not resolved: a model linked into the models folder is inside it; "../x" never is.
    path = Path(os.path.abspath(Path(name).expanduser()))
    if path.parent == Path(os.path.abspath(root)):
        return path
    if _REPO_ID.match(name) and ".." not in name:
        return None
    raise ModelNotFoundError(
        f"model {name!r} leaves the models folder ({root}): known aliases are {', '.join(aliases())}, "
        "or an org/name repo id, or a folder in the models folder ({models_dir} chooses it)",
        "models_dir",
    )


def folder_name(name: str) -> str:
    """The folder inside the models folder that holds ``name``: its alias, or ``org--name`` for a repo id.

    Raises:
        ModelNotFoundError: ``name`` is neither a curated alias nor an ``org/name`` repo id, so no folder
            name can be made from it that stays inside the models folder; the message lists the aliases.
    """
    spec = find_spec(name)
    if spec is not None:
        return spec.alias
    if _REPO_ID.match(name) and ".." not in name:
        return name.replace("/", "--")
    raise unknown_model(name)


def unknown_model(name: str) -> ModelNotFoundError:
    """The error for a name that is no alias, repo id or folder: it names the value and lists the aliases."""
    return ModelNotFoundError(
        f"unknown model {name!r}: known aliases are {', '.join(aliases())}, "
        "or an org/name repo id, or a model folder"
    )


def _not_installed(name: str, spec: ModelSpec | None) -> ModelNotFoundError:
    if spec is None and "/" not in name:
        return unknown_model(name)
    target = spec.alias if spec else name
    return ModelNotFoundError(f"model {name!r} is not installed: run `summix models pull {target}`")


def _local_folder(name: str, spec: ModelSpec | None, root: Path) -> Path | None:
    for candidate in dict.fromkeys([spec.alias if spec else None, name.replace("/", "--")]):
        if candidate and _SAFE_NAME.match(candidate) and (root / candidate).is_dir():
            return root / candidate
    return None


def _hub_cache_folder(repo_id: str) -> Path | None:
    """The snapshot of ``repo_id`` in the hub cache to use, read from the cache layout (no network).

    A snapshot pulled by summix (it has a lock file) wins, then the one ``refs/main`` names, then the newest.
    ``snapshot_download(local_files_only=True)`` is not used: it rejects snapshots that hold only some of the
    repo's files, which is what ``summix models pull --cache`` (and transformers) leave.
    """
    if not _REPO_ID.match(repo_id):
        return None
    try:
        from huggingface_hub import constants
    except ImportError:  # pragma: no cover - huggingface_hub is a dependency
        return None
    storage = Path(constants.HF_HUB_CACHE) / ("models--" + repo_id.replace("/", "--"))
    snapshots = storage / "snapshots"
    if not snapshots.is_dir():
        return None
    found = [p for p in snapshots.iterdir() if (p / "config.json").is_file()]
    ref = storage / "refs" / "main"
    main = ref.read_text(encoding="utf-8").strip() if ref.is_file() else None
    found.sort(key=lambda p: ((p / LOCK_FILE).is_file(), p.name == main, p.stat().st_mtime), reverse=True)
    return found[0] if found else None


def inspect_folder(
    path: Path, *, name: str | None = None, spec: ModelSpec | None = None, allow_pickle: bool = False
) -> ModelRef:
    """Read a model folder's config and lock file into a :class:`ModelRef`.

    Raises:
        ModelError: no config.json (or one that is not a JSON object), an unsupported family, or only
            pickle weights without ``allow_pickle``.
    """
    record = _read_json(path / CT2_RECORD)
    if record is not None:
        return _inspect_converted(path, record, name=name, spec=spec)
    config = _read_json(path / "config.json")
    if config is None:
        problem = (
            "its config.json is not a JSON object"
            if (path / "config.json").is_file()
            else "it has no config.json"
        )
        raise ModelError(f"{path} is not a model folder: {problem} (expected a seq2seq checkpoint)")
    family = families.detect(path, config)
    _check_weights(path, allow_pickle)
    lock = _read_json(path / LOCK_FILE) or {}
    marker = _read_json(path / RANDOM_MARKER)
    spec = spec or find_spec(lock.get("alias", "")) or find_spec(lock.get("repo_id", ""))
    checkpoint = families.Checkpoint(path, config, _read_json(path / "tokenizer_config.json") or {})
    return ModelRef(
        name=name or str(path),
        path=path,
        family=family.name,
        repo_id=lock.get("repo_id") or (spec.repo_id if spec else None),
        revision=lock.get("revision") or _snapshot_revision(path) or "unknown",
        random_weights=marker is not None,
        pair=family.pair(checkpoint, marker, spec),
        spec=spec,
    )


def _inspect_converted(path: Path, record: dict, *, name: str | None, spec: ModelSpec | None) -> ModelRef:
    """A CTranslate2 folder: its family, pair and provenance come from the conversion record."""
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"{path} has a {CT2_RECORD} but no model.bin: convert it again with `summix models convert`"
        )
    config = _read_json(path / SOURCE_CONFIG)
    # The family is read from the source's config, as for any checkpoint; the record's is a fallback.
    family = families.detect(path, config).name if config else families.get(str(record.get("family"))).name
    source = record.get("source") or {}
    spec = spec or find_spec(source.get("alias") or "") or find_spec(source.get("repo_id") or "")
    pair = record.get("pair")
    return ModelRef(
        name=name or str(path),
        path=path,
        family=family,
        repo_id=source.get("repo_id") or (spec.repo_id if spec else None),
        revision=source.get("revision") or "unknown",
        random_weights=bool(record.get("random_weights")),
        pair=(pair[0], pair[1]) if pair else None,
        spec=spec,
        engine="ctranslate2",
        quantization=record.get("quantization"),
    )


def hf_config(path: Path) -> dict:
    """The Hugging Face config of a model folder (for a CTranslate2 folder: the source's, kept beside it)."""
    converted = (path / CT2_RECORD).is_file()
    return _read_json(path / (SOURCE_CONFIG if converted else "config.json")) or {}


def detect_family(path: Path, config: dict) -> str:
    """The name of the family of the checkpoint in ``path`` (see :func:`summix.families.detect`).

    Raises:
        ModelError: no family recognises it.
    """
    return families.detect(path, config).name


def _check_weights(path: Path, allow_pickle: bool) -> None:
    if any(path.glob("*.safetensors")):
        return
    if any(path.glob("*.bin")):
        if allow_pickle:
            return
        raise ModelError(
            f"{path} has only pickle weights (*.bin), which can run code when loaded: "
            "convert them to safetensors, or set {allow_pickle} if you trust the source",
            "allow_pickle",
        )
    raise ModelError(f"{path} has a config.json but no weights (*.safetensors): re-run `summix models pull`")


def _snapshot_revision(path: Path) -> str | None:
    # The hub cache keeps each download under snapshots/<commit>/.
    return path.name if path.parent.name == "snapshots" else None


def _read_json(path: Path) -> dict | None:
    """The JSON object in ``path``; None when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def installed_models(directory: str | Path | None = None) -> list[ModelRef]:
    """Usable models in the models folder, and curated ones in the hub cache; unusable folders are skipped."""
    found: dict[Path, ModelRef] = {}
    root = models_dir(directory)
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    for folder in folders:
        try:
            ref = inspect_folder(folder, name=folder.name, spec=find_spec(folder.name))
        except ModelError:
            continue
        found[folder.resolve()] = ref
    from summix.registry import SPECS

    for spec in SPECS:
        cached = _hub_cache_folder(spec.repo_id)
        if cached is not None and cached.resolve() not in found:
            found[cached.resolve()] = inspect_folder(cached, name=spec.alias, spec=spec)
    # A conversion stands for its source model; it is listed on its own only when the source is gone.
    sources = [ref for ref in found.values() if ref.engine == "transformers"]
    converted = [ref for ref in found.values() if ref.engine != "transformers"]
    return sources + [ref for ref in converted if not any(is_conversion_of(ref, s) for s in sources)]


def is_conversion_of(converted: ModelRef, source: ModelRef) -> bool:
    """True when ``converted`` (a CTranslate2 folder) was made from ``source`` at its current revision."""
    record = _read_json(converted.path / CT2_RECORD) or {}
    origin = record.get("source") or {}
    if converted.engine != "ctranslate2" or origin.get("revision") != source.revision:
        return False
    same_folder = bool(origin.get("path")) and Path(origin["path"]).resolve() == source.path.resolve()
    return same_folder or bool(source.repo_id) and origin.get("repo_id") == source.repo_id


def find_converted(source: ModelRef, directory: str | Path | None = None) -> list[ModelRef]:
    """CTranslate2 conversions of ``source`` in the models folder and beside ``source``'s own folder."""
    roots = dict.fromkeys(p.resolve() for p in (models_dir(directory), source.path.parent) if p.is_dir())
    found: list[ModelRef] = []
    for root in roots:
        for folder in sorted(p for p in root.iterdir() if (p / CT2_RECORD).is_file()):
            try:
                ref = inspect_folder(folder, name=folder.name)
            except ModelError:
                continue
            if is_conversion_of(ref, source):
                found.append(ref)
    return found


def best_installed(refs: list[ModelRef], task: str, src: str, tgt: str) -> ModelRef | None:
    """The model of ``refs`` for ``task`` from ``src`` to ``tgt``: the curated default first, then any."""
    refs = [r for r in refs if r.serves(task, src, tgt)]
    order = [s.alias for s in candidates(task, src, tgt)]
    refs.sort(key=lambda r: order.index(r.spec.alias) if r.spec and r.spec.alias in order else len(order))
    return refs[0] if refs else None


def suggest_pull(task: str, src: str, tgt: str) -> str:
    """The pull command that would serve ``task`` from ``src`` to ``tgt``."""
    specs = candidates(task, src, tgt)
    return f"summix models pull {specs[0].alias}" if specs else "summix models list"
