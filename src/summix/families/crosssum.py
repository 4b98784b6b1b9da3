"""mT5 CrossSum (csebuetnlp/mT5_m2m_crossSum): summarises from any language into any other.

The target language is chosen by ``decoder_start_token_id``: the piece the config's ``langid_map`` gives
for the language's XL-Sum name (russian -> ``▁<extra_id_63>``), an ordinary token that decoding keeps.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summix.errors import ModelError
from summix.families.base import Built, Checkpoint, read_json
from summix.families.mt5 import MT5, build_mt5

# The target languages of csebuetnlp/mT5_m2m_crossSum in the order of its langid_map: language i starts
# the decoder with the sentencepiece piece "▁<extra_id_{99 - i}>" (russian: 36 -> ▁<extra_id_63>).
LANGUAGES = (
    "kirundi", "indonesian", "ukrainian", "spanish", "arabic", "kyrgyz", "thai", "azerbaijani", "uzbek",
    "igbo", "french", "serbian_latin", "vietnamese", "marathi", "pidgin", "turkish", "tigrinya", "punjabi",
    "swahili", "somali", "nepali", "hindi", "telugu", "persian", "scottish_gaelic", "yoruba", "welsh",
    "gujarati", "serbian_cyrillic", "korean", "english", "sinhala", "tamil", "burmese", "pashto", "amharic",
    "russian", "japanese", "urdu", "portuguese", "chinese_simplified", "oromo", "bengali", "hausa",
    "chinese_traditional",
)  # fmt: skip


def langid_map() -> dict[str, list[Any]]:
    """``task_specific_params["langid_map"]`` as in csebuetnlp/mT5_m2m_crossSum: name -> [index, piece]."""
    return {name: [i, f"▁<extra_id_{99 - i}>"] for i, name in enumerate(LANGUAGES)}


def config_langid_map(config: Any) -> dict | None:
    """CrossSum's map from language name to ``[id, token]``: in the config or its task_specific_params."""
    found = config.get("langid_map") or (config.get("task_specific_params") or {}).get("langid_map")
    return found or None


class CrossSum(MT5):
    """An mT5 summarizer whose config carries a ``langid_map``."""

    name = "crosssum"
    title = "mT5 CrossSum"
    order = 45
    specificity = 10
    tasks = ("summarize", "cross-summarize")
    # The decoder start piece, an ordinary token that decoding keeps.
    leftover = re.compile(r"<extra_id_\d+>")

    def recognises(self, checkpoint: Checkpoint) -> bool:
        """A t5/mt5 config with a langid_map."""
        return checkpoint.model_type in self.model_types and config_langid_map(checkpoint.config) is not None

    def serves(self, ref: Any, task: str, src: str, tgt: str) -> bool:
        """Same-language and cross-lingual summaries."""
        return task == "summarize" and src == tgt or task == "cross-summarize"

    def target_token(self, ref: Any, tgt: str) -> str | None:
        """The langid_map piece of ``tgt``.

        Raises:
            ModelError: the map has no entry for the language.
        """
        mapping = _folder_langid_map(str(ref.path))
        name = self.codes[tgt]
        if name not in mapping:
            raise ModelError(f"{ref.name}'s langid_map has no {name!r}: it cannot summarise into {tgt}")
        return mapping[name][1]

    def target_in_output(self) -> bool:
        """The start piece is the decoder's first input, not an output token."""
        return False

    def ct2_free_start(self) -> bool:
        """The caller passes the language piece as the first token of the target prefix."""
        return True

    def build_tiny(
        self, work: Path, arch: Any, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """XL-Sum's tiny model plus the langid_map and its pieces (ordinary, non-special tokens, as the
        real vocabulary's ``▁<extra_id_N>`` pieces are)."""
        mapping = langid_map()
        pieces = [piece for _, piece in mapping.values()]
        return build_mt5(
            work,
            arch,
            lines,
            spm_vocab,
            marker={"summarizer": "crosssum"},
            extra_pieces=pieces,
            task_params={"langid_map": mapping},
        )


@functools.lru_cache(maxsize=32)
def _folder_langid_map(path: str) -> dict:
    from summix.resolve import SOURCE_CONFIG

    # A CTranslate2 folder keeps the source's config beside its own (its config.json is CT2's).
    folder = Path(path)
    config = read_json(folder / SOURCE_CONFIG) or read_json(folder / "config.json")
    return config_langid_map(config) or {}


FAMILY = CrossSum()
