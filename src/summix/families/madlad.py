"""MADLAD-400 MT (google/madlad400-3b-mt): a T5 translator for 400+ languages, Apache-2.0.

The target language is chosen by a ``<2xx>`` token at the start of the source (``<2uz> Hello``), as in the
model card's example; there is no source-language setting and no forced output token. Its config is a plain
``t5`` one, so the ``<2xx>`` pieces in its vocabulary tell it apart from other T5 checkpoints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summix.families.base import Built, Checkpoint, Family

_MARK = "<2en>"  # a piece every MADLAD vocabulary holds


class Madlad(Family):
    """MADLAD-400 translation models (T5 architecture, ``<2xx>`` source prefix)."""

    name = "madlad"
    title = "MADLAD-400"
    order = 50
    model_types = ("t5",)
    specificity = 20
    codes = {"en": "<2en>", "ru": "<2ru>", "uz": "<2uz>"}
    tokenizer_files = ("spiece.model",)
    float16 = False  # T5-family activations overflow in float16
    leftover = re.compile(r"<2[a-z]{2,3}(?:_[A-Za-z]+)?>")

    def recognises(self, checkpoint: Checkpoint) -> bool:
        """A t5 config whose SentencePiece model (or tokenizer.json) holds the ``<2xx>`` pieces."""
        if checkpoint.model_type not in self.model_types:
            return False
        return any(_holds(checkpoint.path / name, _MARK) for name in ("spiece.model", "tokenizer.json"))

    def source_prefix(self, tgt: str | None) -> str:
        """``<2xx> `` for ``tgt``; for counting, any code (each is one piece)."""
        return self.codes[tgt or "en"] + " "

    def build_tiny(
        self, work: Path, arch: Any, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """A T5 tokenizer whose SentencePiece model has ``<2xx>`` pieces, and a T5 model of ``arch`` with
        MADLAD's special ids (decoder start 0, pad 1, eos 2) and an output layer of its own."""
        from transformers import T5Tokenizer

        from summix.randomweights import model_vocab, tokenizer_files

        codes = sorted({*self.codes.values(), "<2de>", "<2kk>", "<2tr>", "<2uk>"})
        special = {"unk_id": 0, "pad_id": 1, "eos_id": 2, "bos_id": -1}
        spm_path, tok_dir = tokenizer_files(
            work, lines, spm_vocab, "unigram", ["spiece.model"], user_defined_symbols=codes, **special
        )
        tokenizer = T5Tokenizer.from_pretrained(tok_dir, local_files_only=True, extra_ids=0)
        tokenizer.model_max_length = arch.max_positions
        ids = (tokenizer.unk_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id)
        if ids != (0, 1, 2) or len(tokenizer(codes[0])["input_ids"]) != 2:
            raise RuntimeError(f"unexpected MADLAD tokenizer: unk/pad/eos {ids}, {codes[0]} not one piece")
        needed = len(tokenizer)
        vocab_size = model_vocab(arch, needed)
        generation = {"decoder_start_token_id": 0, "eos_token_id": 2, "pad_token_id": 1}
        return Built(
            tokenizer,
            _config(arch, vocab_size),
            generation,
            (needed, vocab_size),
            {"spiece.model": spm_path},
            untie_output=True,
            config_patch={"tie_word_embeddings": False},
        )


def _config(arch: Any, vocab_size: int) -> Any:
    from transformers import T5Config

    from summix.randomweights import t5_like_config

    return t5_like_config(
        T5Config,
        arch,
        vocab_size,
        decoder_start_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        tie_word_embeddings=False,
    )


def _holds(path: Path, piece: str) -> bool:
    # The piece is stored as plain UTF-8 in both the SentencePiece protobuf and tokenizer.json.
    try:
        return piece.encode("utf-8") in path.read_bytes()
    except OSError:
        return False


FAMILY = Madlad()
