"""NLLB-200 (facebook/nllb-200-*): FLORES-200 codes, ``src_lang`` + ``forced_bos_token_id``.

The card: a sentence-level model trained on inputs of at most 512 tokens; leaving out the source code gives
garbage (CTranslate2#2017), so the tokenizer's ``src_lang`` is always set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summix.families.base import Built, Checkpoint
from summix.families.m2m100 import GENERATION, M2M100, m2m100_config


class Nllb(M2M100):
    """NLLB-200: an M2M100 architecture with an NLLB tokenizer."""

    name = "nllb"
    title = "NLLB-200"
    order = 10
    specificity = 10  # the same model_type as M2M100: the tokenizer class tells them apart
    codes = {"en": "eng_Latn", "ru": "rus_Cyrl", "uz": "uzn_Latn"}
    tokenizer_files = ("sentencepiece.bpe.model",)
    leftover = re.compile(r"\b[a-z]{3}_[A-Z][a-z]{3}\b")

    def recognises(self, checkpoint: Checkpoint) -> bool:
        """An m2m_100 config whose tokenizer is an NLLB tokenizer."""
        tokenizer = str(checkpoint.tokenizer_config.get("tokenizer_class", "")).lower()
        return checkpoint.model_type in self.model_types and "nllb" in tokenizer

    def target_token(self, ref: Any, tgt: str) -> str | None:
        """The FLORES-200 code of ``tgt``, forced as the first output token."""
        return self.codes[tgt]

    def build_tiny(
        self, work: Path, arch: Any, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """An NLLB tokenizer (with all 202 language codes) and an M2M100 model of ``arch``."""
        from transformers import NllbTokenizer

        from summix.randomweights import model_vocab, tokenizer_files

        spm_path, tok_dir = tokenizer_files(work, lines, spm_vocab, "bpe", ["sentencepiece.bpe.model"])
        # Built from a bare spm, the tokenizer does not add the language codes on its own: pass them.
        tokenizer = NllbTokenizer.from_pretrained(
            tok_dir, extra_special_tokens=_language_codes(), src_lang="eng_Latn", local_files_only=True
        )
        tokenizer.model_max_length = arch.max_positions
        _check_tokenizer(tokenizer, self.codes.values())
        needed = len(tokenizer)
        vocab_size = model_vocab(arch, needed)
        config = m2m100_config(arch, vocab_size, "NllbTokenizer")
        spm = {"sentencepiece.bpe.model": spm_path}
        languages = tuple(sorted(tokenizer.convert_tokens_to_ids(_language_codes())))
        return Built(tokenizer, config, dict(GENERATION), (needed, vocab_size), spm, language_rows=languages)


def _language_codes() -> list[str]:
    try:  # the 202 FLORES-200 codes, as transformers ships them
        from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

        return list(FAIRSEQ_LANGUAGE_CODES)
    except ImportError:  # pragma: no cover - transformers moved it
        return list(Nllb.codes.values())


def _check_tokenizer(tokenizer: Any, codes: Any) -> None:
    for code in codes:
        if tokenizer.convert_tokens_to_ids(code) in (None, tokenizer.unk_token_id):
            raise RuntimeError(f"NLLB tokenizer lost language code {code}")
    ids = (tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id)
    if ids != (0, 1, 2, 3):
        raise RuntimeError(f"unexpected NLLB special ids bos/pad/eos/unk {ids}")


FAMILY = Nllb()
