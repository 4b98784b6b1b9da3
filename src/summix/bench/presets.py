"""Random-weight models of the real architecture sizes, built once and cached for the speed benchmarks.

A preset folder is built with :func:`summix.randomweights.build_random_model` (the tokenizer trained on the
seed and, when the evaluation data is there, NTREX and UDHR text) into the cache folder: ``--work-dir`` >
``SUMMIX_BENCH_CACHE`` > ``~/.cache/summix/presets``. The NLLB-600M size takes ~40 s and 2.4 GB to build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from summix.bench import datasets
from summix.errors import SummixError

# A larger tokenizer vocabulary than the tests' tiny one, so real text is cut into about as many tokens
# as the real checkpoints' tokenizers cut it (token counts drive the throughput figures).
SPM_VOCAB = 8000


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
    name: str, work_dir: str | Path | None = None, data: str | Path | None = None, log=None
) -> Path:
    """The folder of preset ``name`` with random weights, building it on first use.

    Raises:
        SummixError: an unknown preset name (the message lists the valid ones).
    """
    from summix.randomweights import PRESET_FAMILY, RANDOM_MARKER, build_random_model, corpus_lines

    if name not in PRESET_FAMILY:
        raise SummixError(f"unknown preset {name!r}: choose from {', '.join(PRESET_FAMILY)}")
    files = _training_files(data)
    folder = cache_dir(work_dir) / f"{name}-spm{SPM_VOCAB}-{'eval' if files else 'seed'}"
    if (folder / RANDOM_MARKER).is_file():  # the marker is written last: its presence means complete
        return folder
    if log:
        log(f"building the {name} preset with random weights in {folder} (once)")
    partial = folder.with_name(folder.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    family = PRESET_FAMILY[name]
    build_random_model(family, partial, arch=name, lines=corpus_lines(files), spm_vocab=SPM_VOCAB)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder
