"""Random-weight models of the real architecture sizes, built once and cached for the speed benchmarks.

A preset folder is built with :func:`summix.randomweights.build_random_model` (the tokenizer trained on the
seed and, when the evaluation data is there, NTREX and UDHR text) into the cache folder: ``--work-dir`` >
``SUMMIX_BENCH_CACHE`` > ``~/.cache/summix/presets``. The NLLB-600M size takes ~40 s and 2.4 GB to build.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from summix.bench import datasets
from summix.errors import SummixError

# A larger tokenizer vocabulary than the tests' tiny one, so real text is cut into about as many tokens
# as the real checkpoints' tokenizers cut it (token counts drive the throughput figures).
SPM_VOCAB = 8000
# The target map of a Marian preset's conversion has the size of opus-mt-en-ru's target.spm: a 32k
# SentencePiece model (vocab.json's 62,518 entries are two such models less their overlap; assumed, real
# weights are not available here). It lists the SPM_VOCAB pieces the preset's own target.spm makes, then
# filler pieces up to that size, so the fast path does the output-layer work the real one would.
STAND_IN_TARGET_PIECES = 32000
STAND_IN_MAP = "stand-in-target-vmap.txt"
# Part of a preset's folder name: raised when presets are built differently, so that old builds are not
# reused (2: language-token output rows zeroed, see summix.randomweights.build_random_model).
BUILD = 2
# The curated model each preset has the architecture of: end-to-end runs install presets under these names.
STANDS_FOR: dict[str, str] = {"opus-mt": "opus-mt-en-ru", "nllb-600m": "nllb-600m", "mt5-base": "mt5-xlsum"}


def preset_names() -> tuple[str, ...]:
    """The architecture presets that have a model family (opus-mt, nllb-600m, mt5-base)."""
    from summix.randomweights import PRESET_FAMILY

    return tuple(PRESET_FAMILY)


def cache_dir(work_dir: str | Path | None = None) -> Path:
    """Where built presets live: ``work_dir`` > ``SUMMIX_BENCH_CACHE`` > ``~/.cache/summix/presets``."""
    chosen = work_dir or os.environ.get("SUMMIX_BENCH_CACHE")
    return Path(chosen) if chosen else Path.home() / ".cache" / "summix" / "presets"


def _training_files(data: str | Path | None) -> list[Path]:
    folder = Path(data) if data else datasets.default_data_dir()
    if folder is None:
        return []
    files = [folder / "ntrex" / f"ntrex.{code}.txt" for code in ("eng", "rus", "uzb")]
    files.append(folder / "udhr" / "udhr.uzb_cyrl.txt")
    return [f for f in files if f.is_file()]


def preset_model(
    name: str,
    work_dir: str | Path | None = None,
    data: str | Path | None = None,
    log=None,
    lengths: str | None = None,
) -> Path:
    """The folder of preset ``name`` with random weights, building it on first use; with ``lengths``
    (``fixed`` or ``realistic``, see :mod:`summix.bench.lengths`), the output lengths it writes through the
    pipeline are set to that.

    Raises:
        SummixError: an unknown preset name (the message lists the valid ones), or realistic lengths
            without NTREX.
    """
    folder = _built(name, work_dir, data, log)
    if lengths is not None:
        from summix.bench import lengths as output_lengths

        output_lengths.apply(folder, lengths, data)
    return folder


def _built(name: str, work_dir: str | Path | None, data: str | Path | None, log) -> Path:
    from summix.randomweights import PRESET_FAMILY, RANDOM_MARKER, build_random_model, corpus_lines

    if name not in PRESET_FAMILY:
        raise SummixError(f"unknown preset {name!r}: choose from {', '.join(PRESET_FAMILY)}")
    files = _training_files(data)
    folder = cache_dir(work_dir) / f"{name}-spm{SPM_VOCAB}-{'eval' if files else 'seed'}-v{BUILD}"
    if (folder / RANDOM_MARKER).is_file():  # the marker is written last: its presence means complete
        return folder
    if log:
        log(f"building the {name} preset with random weights in {folder} (once)")
    partial = folder.with_name(folder.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    family = PRESET_FAMILY[name]
    build_random_model(
        family, partial, arch=name, lines=corpus_lines(files), spm_vocab=SPM_VOCAB, quiet_languages=True
    )
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def stands_for(folder: Path) -> str:
    """The alias of the curated model the preset in ``folder`` (named ``PRESET-spm...``) stands for.

    Raises:
        SummixError: ``folder`` is not a preset folder.
    """
    name = Path(folder).name.split(f"-spm{SPM_VOCAB}-")[0]
    if name not in STANDS_FOR:
        raise SummixError(f"{folder} is not a preset folder (PRESET-spm{SPM_VOCAB}-...)")
    return STANDS_FOR[name]


def preset_conversion(folder: Path, quantization: str | None = None, log=None) -> Path:
    """The CTranslate2 conversion of the preset in ``folder`` that ``summix models pull`` would make of the
    model it stands in for (int8 on a CPU; a Marian preset with a target map of the real size,
    :data:`STAND_IN_TARGET_PIECES`, in a folder of its own: ``PRESET-ct2-int8-stand-in-map``), made on
    first use. Run it by its folder: other conversions of the preset may sit beside it.

    Raises:
        ModelError: ctranslate2 is not installed, or the conversion fails.
    """
    from summix.convert import AUTO_VMAP, default_quantization, ensure_converted
    from summix.resolve import resolve_model

    ref = resolve_model(str(folder))
    output = None
    vmap: str | Path = AUTO_VMAP
    if ref.driver.has_target_vocabulary(folder):
        vmap = _stand_in_map(folder, ref)
        quantization = quantization or default_quantization(ref)
        output = folder.with_name(f"{folder.name}-ct2-{quantization}-stand-in-map")
    done = ensure_converted(str(folder), quantization=quantization, vmap=vmap, output=output)
    if log and not done.reused:
        log(f"converted {folder.name} for ctranslate2 ({done.quantization}) in {done.seconds:.1f} s")
    return done.path


def _stand_in_map(folder: Path, ref) -> Path:
    path = folder / STAND_IN_MAP
    if path.is_file():
        return path
    real = ref.driver.target_vocabulary(folder)
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    taken = set(real) | {"<pad>", "</s>", "<unk>"}
    filler = [piece for piece in sorted(vocab, key=vocab.get) if piece not in taken]
    pieces = real + filler[: max(0, STAND_IN_TARGET_PIECES - len(real))]
    part = path.with_name(path.name + ".part")
    part.write_text("\t" + " ".join(pieces) + "\n", encoding="utf-8")
    part.rename(path)
    return path
