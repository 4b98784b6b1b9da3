"""mT5 XL-Sum (csebuetnlp/mT5_multilingual_XLSum): summarises in the language of its input.

The card's settings: input <= 512 tokens, whitespace collapsed, ``max_length=84, num_beams=4,
no_repeat_ngram_size=2``. mT5 overflows in float16, so it runs in bfloat16 or float32 only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from summix.families.base import Built, Family

# Generation settings from the XL-Sum / CrossSum model cards.
XLSUM_GENERATION = {"max_length": 84, "num_beams": 4, "no_repeat_ngram_size": 2}


class MT5(Family):
    """mT5 summarizers (t5 and mt5 configs without a CrossSum language map)."""

    name = "mt5"
    title = "mT5 XL-Sum"
    order = 40
    model_types = ("mt5", "t5")
    tasks = ("summarize",)
    # The language names XL-Sum and CrossSum use (CrossSum's langid_map keys).
    codes = {"en": "english", "ru": "russian", "uz": "uzbek"}
    # XL-Sum's Uzbek articles and summaries (BBC Uzbek) are written in Cyrillic.
    scripts = {"uz": "Cyrl"}
    tokenizer_files = ("spiece.model",)
    target_key = "decoder_start_token_id"
    float16 = False

    def serves(self, ref: Any, task: str, src: str, tgt: str) -> bool:
        """Same-language summaries."""
        return task == "summarize" and src == tgt

    def bench_direction(self, ref: Any) -> tuple[str, str, str]:
        """English summaries."""
        return "summarize", "en", "en"

    def build_tiny(
        self, work: Path, arch: Any, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """A T5Tokenizer (spiece.model) and an mT5 model of ``arch`` with the XL-Sum card's settings."""
        return build_mt5(work, arch, lines, spm_vocab, marker={"summarizer": "xlsum"})


def build_mt5(
    work: Path,
    arch: Any,
    lines: Sequence[str],
    spm_vocab: int,
    *,
    marker: dict[str, Any],
    extra_pieces: Sequence[str] = (),
    task_params: Mapping[str, Any] | None = None,
) -> Built:
    """An mT5 summarizer: T5 special ids (pad 0, eos 1, unk 2), ``extra_pieces`` added as ordinary tokens,
    ``task_params`` added to the config's ``task_specific_params``."""
    from transformers import T5Tokenizer

    from summix.randomweights import model_vocab, tokenizer_files

    t5_ids = {"pad_id": 0, "eos_id": 1, "unk_id": 2, "bos_id": -1}
    spm_path, tok_dir = tokenizer_files(work, lines, spm_vocab, "unigram", ["spiece.model"], **t5_ids)
    tokenizer = T5Tokenizer.from_pretrained(tok_dir, local_files_only=True)
    tokenizer.model_max_length = arch.max_positions
    ids = (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id)
    if ids != (0, 1, 2):
        raise RuntimeError(f"unexpected T5 special ids pad/eos/unk {ids}")
    tokenizer.add_tokens([p for p in extra_pieces if tokenizer.convert_tokens_to_ids(p) in (None, 2)])
    for piece in extra_pieces:
        if tokenizer.convert_tokens_to_ids(piece) in (None, tokenizer.unk_token_id):
            raise RuntimeError(f"language token {piece} is not in the vocabulary")
    needed = len(tokenizer)
    vocab_size = model_vocab(arch, needed)
    params = {"summarization": dict(XLSUM_GENERATION), **(task_params or {})}
    generation = {"decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0, **XLSUM_GENERATION}
    return Built(
        tokenizer,
        _mt5_config(arch, vocab_size, params),
        generation,
        (needed, vocab_size),
        {"spiece.model": spm_path},
        marker=marker,
        untie_output=True,
        # as in the real mT5 config.json (transformers 5 ignores it on load and ties anyway)
        config_patch={"tie_word_embeddings": False},
    )


def _mt5_config(arch: Any, vocab_size: int, task_params: dict[str, Any]) -> Any:
    from transformers import MT5Config

    from summix.randomweights import t5_like_config

    return t5_like_config(
        MT5Config,
        arch,
        vocab_size,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        task_specific_params=task_params,
    )


FAMILY = MT5()
