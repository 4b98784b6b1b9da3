"""How each model family is driven, as its model card says: source codes, target forcing, output clean-up.

Shared by every backend, since they all tokenize with the checkpoint's own Hugging Face tokenizer.
"""

from __future__ import annotations

import re
from typing import Any

from summix.errors import ModelError
from summix.languages import M2M100_CODES, NLLB_CODES, XLSUM_NAMES
from summix.resolve import ModelRef, hf_config, langid_map

# Language tokens a multilingual decoder can leave in decoded text: __uz__ (M2M100), uzn_Latn (NLLB), and
# CrossSum's target piece "▁<extra_id_91>", an ordinary (not special) token that decoding keeps.
_LEFTOVER_CODES = re.compile(r"__[a-z]{2,3}__|\b[a-z]{3}_[A-Z][a-z]{3}\b|<extra_id_\d+>")


def check_direction(ref: ModelRef, task: str, src: str, tgt: str) -> None:
    """Raise ModelError when ``ref`` cannot do ``task`` from ``src`` to ``tgt``."""
    if ref.serves(task, src, tgt):
        return
    if ref.family == "marian":
        pair = "-".join(ref.pair) if ref.pair else "an unknown pair"
        raise ModelError(f"{ref.name} is a one-pair Marian model ({pair}); it cannot translate {src}->{tgt}")
    raise ModelError(f"{ref.name} ({ref.family}) cannot {task} {src}->{tgt}: see `summix models list`")


def prepare_source(tokenizer: Any, ref: ModelRef, src: str) -> None:
    """Set the tokenizer's source language where the family needs one."""
    if ref.family == "nllb":
        tokenizer.src_lang = NLLB_CODES[src]
    elif ref.family == "m2m100":
        tokenizer.src_lang = M2M100_CODES[src]


def target_token(tokenizer: Any, ref: ModelRef, tgt: str) -> str | None:
    """The token that starts (or is forced at the start of) the output in ``tgt``, if the family uses one."""
    if ref.family == "nllb":
        return NLLB_CODES[tgt]
    if ref.family == "m2m100":
        return f"__{M2M100_CODES[tgt]}__"
    if ref.family == "mt5" and ref.crosssum:
        return crosssum_token(ref, tgt)
    return None


def crosssum_token(ref: ModelRef, tgt: str) -> str:
    """The CrossSum decoder start token for ``tgt`` from the config's langid_map."""
    mapping = langid_map(hf_config(ref.path)) or {}
    name = XLSUM_NAMES[tgt]
    if name not in mapping:
        raise ModelError(f"{ref.name}'s langid_map has no {name!r}: it cannot summarise into {tgt}")
    return mapping[name][1]


def target_kwargs(tokenizer: Any, ref: ModelRef, tgt: str) -> dict[str, int]:
    """``generate()`` keyword arguments that make the model write ``tgt``.

    Raises:
        ModelError: the tokenizer does not know the language token (it would become <unk>).
    """
    token = target_token(tokenizer, ref, tgt)
    if token is None:
        return {}
    token_id = tokenizer.convert_tokens_to_ids(token)
    if token_id is None or token_id == tokenizer.unk_token_id:
        raise ModelError(
            f"{ref.name}'s tokenizer has no language token {token!r}: is it a {ref.family} tokenizer?"
        )
    key = "decoder_start_token_id" if ref.family == "mt5" else "forced_bos_token_id"
    return {key: token_id}


def clean_output(text: str) -> str:
    """Strip language codes a decoder left in the text and collapse whitespace."""
    return " ".join(_LEFTOVER_CODES.sub(" ", text).split())
