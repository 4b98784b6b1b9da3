"""Convert an installed checkpoint into a CTranslate2 model folder for the fast backend.

The folder is written beside the original (``models/NAME-ct2-int8``) and holds CTranslate2's ``model.bin``,
the tokenizer files the backend tokenizes with, the source's Hugging Face config, and a record of what it was
converted from (:data:`summix.resolve.CT2_RECORD`), so it is found and driven as a model of the same family.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from summix import __version__, engines, families
from summix.errors import ModelError, SettingError
from summix.resolve import CT2_RECORD, RANDOM_MARKER, SOURCE_CONFIG, ModelRef, models_dir, resolve_model

QUANTIZATIONS: tuple[str, ...] = ("int8", "int8_float16", "int8_bfloat16", "bfloat16", "float16", "float32")
TARGET_VMAP = "target"
# The default map: the target vocabulary where the family has one (Marian), none elsewhere.
AUTO_VMAP = "auto"
NO_VMAP = "none"
CONVERTER = "ctranslate2"


@dataclass(frozen=True)
class Conversion:
    """A finished conversion."""

    source: ModelRef
    path: Path
    quantization: str
    seconds: float
    megabytes: float
    vmap: str | None = None  # "target", a map file, or None
    reused: bool = False  # an up-to-date conversion was already there; nothing was written


def copied_files(ref: ModelRef) -> list[str]:
    """The files a conversion keeps beside the weights: every tokenizer and config file any family needs
    (config.json is kept as the source config), and the random-weight marker."""
    wanted = sorted(families.inference_files() - {"config.json"}) + [RANDOM_MARKER]
    return [name for name in wanted if (ref.path / name).is_file()]


def default_output(ref: ModelRef, quantization: str, directory: str | Path | None = None) -> Path:
    """Where a conversion of ``ref`` goes: beside its folder, or in the models folder for a hub download."""
    if ref.path.parent.name != "snapshots":
        return ref.path.parent / f"{ref.path.name}-ct2-{quantization}"
    stem = ref.spec.alias if ref.spec else (ref.repo_id or ref.name).replace("/", "--")
    return models_dir(directory) / f"{stem}-ct2-{quantization}"


def convert_model(
    name: str,
    *,
    quantization: str = "int8",
    output: str | Path | None = None,
    directory: str | Path | None = None,
    vmap: str | Path | None = AUTO_VMAP,
    force: bool = False,
    allow_pickle: bool = False,
) -> Conversion:
    """Convert the installed model ``name`` (alias, repo id or folder) to CTranslate2 with ``quantization``.

    ``vmap`` restricts the output layer at run time: ``"auto"`` (the default) is ``"target"`` for a family
    with a target vocabulary of its own (Marian: only the pieces its target.spm can produce, see
    :func:`target_vmap`; greedy output is unchanged wherever it used only those pieces) and no map
    elsewhere; ``None`` or ``"none"`` no map; or a vocabulary map file (source token -> likely target
    tokens). The folder is built under a temporary name and renamed when complete.

    Raises:
        ModelNotFoundError: ``name`` is not installed.
        ModelError: a bad quantization or map, ``name`` is already converted, the output exists (without
            ``force``), ctranslate2 is not installed, or the conversion fails.
    """
    check_quantization(quantization)
    engines.get(CONVERTER).require()
    ref = resolve_model(name, directory, allow_pickle)
    if ref.engine != "transformers":
        raise ModelError(f"{name} is already a CTranslate2 model: convert its source checkpoint instead")
    vmap = chosen_vmap(ref, vmap)
    out = Path(output) if output else default_output(ref, quantization, directory)
    if out.exists() and not force:
        raise SettingError(f"{out} already exists: set {{force}} to replace it", "force")
    start = time.perf_counter()
    part = out.with_name(out.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    try:
        _write(ref, part, quantization, vmap, allow_pickle)
    except (OSError, ValueError, RuntimeError) as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise ModelError(f"cannot convert {name}: {str(exc).splitlines()[0] if str(exc) else exc!r}") from exc
    if out.exists():
        shutil.rmtree(out)
    part.rename(out)
    return Conversion(ref, out, quantization, time.perf_counter() - start, _megabytes(out), _vmap_label(vmap))


def check_quantization(quantization: str) -> None:
    """Raise SettingError naming the valid values when ``quantization`` is not one of them."""
    if quantization not in QUANTIZATIONS:
        raise SettingError(
            f"unknown {{quantization}} {quantization!r}: choose from {', '.join(QUANTIZATIONS)}",
            "quantization",
        )


def chosen_vmap(ref: ModelRef, vmap: str | Path | None) -> str | Path | None:
    """The map a conversion of ``ref`` uses for the ``vmap`` setting (see :func:`convert_model`).

    Raises:
        SettingError: ``vmap`` is neither a keyword nor an existing file.
    """
    if vmap is None or str(vmap) == NO_VMAP:
        return None
    if str(vmap) == AUTO_VMAP:
        return TARGET_VMAP if ref.driver.has_target_vocabulary(ref.path) else None
    if str(vmap) != TARGET_VMAP and not Path(vmap).is_file():
        raise SettingError(
            f"{{vmap}} {str(vmap)!r} is not a file: pass a map file, {TARGET_VMAP!r}, {AUTO_VMAP!r} "
            f"or {NO_VMAP!r}",
            "vmap",
        )
    return vmap


def _vmap_label(vmap: str | Path | None) -> str | None:
    if vmap is None:
        return None
    return TARGET_VMAP if str(vmap) == TARGET_VMAP else str(Path(vmap).resolve())


def default_quantization(ref: ModelRef) -> str:
    """The weight type a conversion of ``ref`` gets by default: int8 on a machine without a GPU that
    CTranslate2 can use (fastest there); on one with a GPU, the first of int8_bfloat16, int8_float16 and
    bfloat16 that the GPU computes in and the family can run in (the T5 family overflows in float16).

    Raises:
        ModelError: ctranslate2 is not installed.
    """
    engines.get(CONVERTER).require()
    import ctranslate2

    if ctranslate2.get_cuda_device_count() < 1:
        return "int8"
    supported = ctranslate2.get_supported_compute_types("cuda")
    for quantization in ("int8_bfloat16", "int8_float16", "bfloat16"):
        dtype = quantization.removeprefix("int8_")
        if quantization in supported and (dtype != "float16" or ref.driver.float16):
            return quantization
    return "int8"


def ensure_converted(
    name: str,
    *,
    quantization: str | None = None,
    directory: str | Path | None = None,
    vmap: str | Path | None = AUTO_VMAP,
    allow_pickle: bool = False,
    output: str | Path | None = None,
) -> Conversion:
    """A conversion of the installed model ``name`` for the fast backend: the one already there when it
    was made from the model's current revision with ``quantization`` (default: :func:`default_quantization`)
    and the same map, else a new one written to ``output`` (default: the default place), replacing what
    is there (a stale conversion).

    Raises:
        ModelNotFoundError: ``name`` is not installed.
        ModelError: see :func:`convert_model`.
    """
    from summix.resolve import find_converted

    engines.get(CONVERTER).require()
    ref = resolve_model(name, directory, allow_pickle)
    quantization = quantization or default_quantization(ref)
    check_quantization(quantization)
    label = _vmap_label(chosen_vmap(ref, vmap))
    for found in find_converted(ref, directory):
        record = json.loads((found.path / CT2_RECORD).read_text(encoding="utf-8"))
        if found.quantization == quantization and record.get("vmap") == label:
            return Conversion(ref, found.path, quantization, 0.0, _megabytes(found.path), label, reused=True)
    return convert_model(
        name,
        quantization=quantization,
        output=output,
        directory=directory,
        vmap=vmap,
        force=True,
        allow_pickle=allow_pickle,
    )


def _megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


def _write(ref: ModelRef, out: Path, quantization: str, vmap: str | Path | None, allow_pickle: bool) -> None:
    from summix.threads import prepare_openmp

    prepare_openmp()  # torch loads here; a model run later in this process shares its OpenMP runtime
    from summix.backends.ct2_loaders import Converter

    files = copied_files(ref)
    free_start = ref.driver.ct2_free_start()
    converter = Converter(ref.path, copy_files=files, allow_pickle=allow_pickle, free_start=free_start)
    label = _vmap_label(vmap)
    with tempfile.TemporaryDirectory(prefix="summix-vmap-") as tmp:
        if str(vmap) == TARGET_VMAP:
            vmap = Path(tmp) / "vmap.txt"
            vmap.write_text(target_vmap(ref), encoding="utf-8")
        converter.convert(str(out), vmap=str(vmap) if vmap else None, quantization=quantization, force=True)
    shutil.copy(ref.path / "config.json", out / SOURCE_CONFIG)
    record = _record(ref, quantization, files, label)
    (out / CT2_RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def target_vmap(ref: ModelRef) -> str:
    """A vocabulary map that allows every piece the model's target side can produce and nothing else
    (see the family's ``target_vocabulary``: Marian's ``target.spm``); leaving the others out of the output
    layer saves that share of it.

    Raises:
        ModelError: ``ref``'s family has no separate target vocabulary, or its folder lacks it.
    """
    allowed = ref.driver.target_vocabulary(ref.path)
    # A line with an empty source lists the tokens every batch may produce.
    return "\t" + " ".join(allowed) + "\n"


def _record(ref: ModelRef, quantization: str, files: list[str], vmap: str | None) -> dict:
    import ctranslate2
    import transformers

    return {
        "format": 1,
        "family": ref.family,
        "pair": list(ref.pair) if ref.pair else None,
        "random_weights": ref.random_weights,
        "quantization": quantization,
        "vmap": vmap,
        "source": {
            "name": ref.name,
            "path": str(ref.path.resolve()),
            "alias": ref.spec.alias if ref.spec else None,
            "repo_id": ref.repo_id,
            "revision": ref.revision,
        },
        "tokenizer_files": files,
        "converter": {
            "summix": __version__,
            "ctranslate2": ctranslate2.__version__,
            "transformers": transformers.__version__,
        },
    }
