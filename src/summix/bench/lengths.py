"""Output lengths of random-weight models in the speed benchmarks: fixed, or as long as real translations.

A random-weight model never writes its end token, so every output runs to its bound: in the sweep a fixed
``--new-tokens`` (good for comparing engines: every configuration does the same work), and through the
pipeline 2 x input + 10 tokens, a worst case no real model reaches. ``realistic`` bounds each output
(least = most) by the length a real translation has:

- in the sweep, a sentence from NTREX gets the length of its human reference in target tokens; any other
  sentence its source length x the language pair's ratio; sentences are sorted by that length and batched,
  and each batch writes its longest length;
- through the pipeline (whole documents, the end-to-end run, ``summix translate`` on a preset), the batch's
  longest source x the pair's ratio: the ratios are written into the preset's marker file
  (:data:`summix.randomweights.OUTPUT_LENGTHS`) and :func:`summix.randomweights.stand_in_generation`
  applies them.

A pair's ratio is measured on NTREX-128 (1,997 aligned sentences in English, Russian and Uzbek) with the
model's own tokenizer: target tokens without special tokens / source tokens with them (what the length
budget is computed from).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from itertools import permutations
from pathlib import Path

from summix.bench import datasets
from summix.errors import SummixError

MODES: tuple[str, ...] = ("fixed", "realistic")
Count = Callable[[str, str], int]  # (text, language) -> tokens, special tokens included


def check_mode(mode: str) -> str:
    """``mode`` when it is one of :data:`MODES`.

    Raises:
        SummixError: another value (the message lists the valid ones).
    """
    if mode not in MODES:
        raise SummixError(f"unknown lengths {mode!r}: choose from {', '.join(MODES)}")
    return mode


def ntrex_texts(data: str | Path | None) -> dict[str, list[str]]:
    """NTREX's aligned English, Russian and Uzbek lines by language.

    Raises:
        SummixError: the data folder has no NTREX (realistic lengths are measured on it).
    """
    folder = Path(data) if data else datasets.default_data_dir()
    if folder is None or not (folder / "ntrex").is_dir():
        raise SummixError("realistic lengths are measured on NTREX: pass --data FOLDER with ntrex/")
    russian = datasets.load_set("ntrex", "en", "ru", folder)
    uzbek = datasets.load_set("ntrex", "en", "uz", folder)
    return {
        "en": list(russian.sources),
        "ru": [refs[0] for refs in russian.references],
        "uz": [refs[0] for refs in uzbek.references],
    }


def content_tokens(count: Count, text: str, lang: str) -> int:
    """Tokens of ``text`` in ``lang`` without the special tokens every text gets."""
    return max(0, count(text, lang) - count("", lang))


def pair_ratios(count: Count, texts: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """For aligned ``texts`` by language, ``{"src-tgt": target tokens / source tokens}`` for every pair."""
    totals = {lang: sum(count(t, lang) for t in lines) for lang, lines in texts.items()}
    content = {lang: sum(content_tokens(count, t, lang) for t in lines) for lang, lines in texts.items()}
    return {f"{s}-{t}": round(content[t] / totals[s], 4) for s, t in permutations(texts, 2) if totals[s]}


def tokenizer_count(folder: Path) -> Count:
    """Counts tokens as a backend loaded from ``folder`` would (source language set, specials included),
    with only the tokenizer loaded."""
    from transformers import AutoTokenizer

    from summix.backends.base import TokenCounter
    from summix.resolve import resolve_model

    counter = TokenCounter()
    counter.ref = resolve_model(str(folder))
    counter.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    return counter.count_tokens


def record(folder: Path, ratios: Mapping[str, float] | None, source: str = "") -> list[Path]:
    """Write ``ratios`` (None: remove them) into the marker of the random-weight model in ``folder`` and
    of its CTranslate2 conversions; returns the folders changed.

    Raises:
        SummixError: ``folder`` holds no random-weight model (a real model is never touched).
    """
    from summix.randomweights import OUTPUT_LENGTHS, RANDOM_MARKER, read_marker
    from summix.resolve import find_converted, resolve_model

    if read_marker(folder) is None:
        raise SummixError(f"{folder} is not a random-weight model: its output lengths are its own")
    folders = [folder] + [c.path for c in find_converted(resolve_model(str(folder)))]
    for path in folders:
        marker = read_marker(path) or {}
        marker.pop(OUTPUT_LENGTHS, None)
        if ratios is not None:
            marker[OUTPUT_LENGTHS] = {"ratios": dict(ratios), "measured_on": source}
        part = path / (RANDOM_MARKER + ".part")
        part.write_text(json.dumps(marker, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(part, path / RANDOM_MARKER)
    return folders


def apply(folder: Path, mode: str, data: str | Path | None) -> dict[str, float] | None:
    """Make the random-weight model in ``folder`` (and its conversions) write ``mode`` lengths through the
    pipeline; returns the ratios written (None for ``fixed``).

    Raises:
        SummixError: an unknown mode, or ``realistic`` without NTREX.
    """
    if check_mode(mode) == "fixed":
        record(folder, None)
        return None
    texts = ntrex_texts(data)
    ratios = pair_ratios(tokenizer_count(folder), texts)
    record(folder, ratios, f"NTREX-128, {len(texts['en'])} aligned lines, the model's tokenizer")
    return ratios
