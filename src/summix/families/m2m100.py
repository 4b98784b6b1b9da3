"""M2M100 (facebook/m2m100_*): two-letter codes, ``src_lang`` + ``forced_bos_token_id`` of ``__xx__``.

``decode(skip_special_tokens=True)`` can leave ``__uz__`` in the text, so leftover codes are stripped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summix.families.base import Built, Family

# M2M100Tokenizer puts 100 "__xx__" language tokens right after vocab.json, then 8 "madeup words".
LANGUAGE_TOKENS = 100
MADEUP_WORDS = 8


class M2M100(Family):
    """M2M100: fairseq vocabulary plus 100 language tokens."""

    name = "m2m100"
    title = "M2M100"
    order = 20
    model_types = ("m2m_100", "m2m100")
    codes = {"en": "en", "ru": "ru", "uz": "uz"}
    tokenizer_files = ("vocab.json", "sentencepiece.bpe.model")
    leftover = re.compile(r"__[a-z]{2,3}__")

    def prepare_source(self, tokenizer: Any, src: str) -> None:
        """``tokenizer.src_lang`` = the code of ``src``."""
        tokenizer.src_lang = self.codes[src]

    def target_token(self, ref: Any, tgt: str) -> str | None:
        """``__xx__`` for ``tgt``, forced as the first output token."""
        return f"__{self.codes[tgt]}__"

    def build_tiny(
        self, work: Path, arch: Any, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """An M2M100 tokenizer (vocab.json in fairseq order + spm) and a model of ``arch``."""
        from transformers import M2M100Tokenizer

        from summix.randomweights import model_vocab, spm_pieces, tokenizer_files

        spm_path, tok_dir = tokenizer_files(work, lines, spm_vocab, "bpe", ["sentencepiece.bpe.model"])
        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        for piece in spm_pieces(spm_path):
            vocab.setdefault(piece, len(vocab))
        (tok_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
        tokenizer = M2M100Tokenizer(
            vocab_file=str(tok_dir / "vocab.json"),
            spm_file=str(tok_dir / "sentencepiece.bpe.model"),
            src_lang="en",
            model_max_length=arch.max_positions,
        )
        # len(tokenizer) leaves out the 100 "__xx__" tokens (len(vocab.json) + i), then 8 madeup words.
        languages_end = len(vocab) + LANGUAGE_TOKENS
        if max(tokenizer.lang_code_to_id.values()) != languages_end - 1:
            raise RuntimeError("M2M100 language ids are not where they were expected")
        vocab_size = model_vocab(arch, languages_end + MADEUP_WORDS)
        config = m2m100_config(arch, vocab_size, "M2M100Tokenizer")
        generation = {**GENERATION, "early_stopping": True, "num_beams": 5}
        languages = tuple(range(languages_end - LANGUAGE_TOKENS, languages_end))
        return Built(tokenizer, config, generation, (languages_end, vocab_size), language_rows=languages)


# generation_config.json of the real checkpoints (M2M100 adds beams and early stopping).
GENERATION = {
    "bos_token_id": 0,
    "decoder_start_token_id": 2,
    "eos_token_id": 2,
    "max_length": 200,
    "pad_token_id": 1,
}


def m2m100_config(arch: Any, vocab_size: int, tokenizer_class: str) -> Any:
    """The M2M100 architecture's config (NLLB's too) of ``arch``'s sizes."""
    from transformers import M2M100Config

    from summix.randomweights import bart_like_config

    return bart_like_config(
        M2M100Config,
        arch,
        vocab_size,
        activation_function="relu",
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class=tokenizer_class,
    )


FAMILY = M2M100()
