"""Marian opus-mt (Helsinki-NLP/opus-mt-*): one language pair per model, no language token.

Multi-target opus-mt models (en-trk) need a ``>>uzb_Latn<<`` prefix, but score 2-3 BLEU on Uzbek: summix
does not offer them, so a Marian folder serves exactly the pair its registry entry, its
``tokenizer_config.json`` (``source_lang``/``target_lang``, as MarianTokenizer saves them) or its name says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from summix.errors import ModelError
from summix.families.base import Built, Checkpoint, Family

_OPUS_PAIR = re.compile(r"opus-mt-(?:tc-big-)?([a-z]{2,3})-([a-z]{2,3})(?:$|[^a-z])")
# Language codes a checkpoint may use (ISO 639-1, ISO 639-3, Northern Uzbek) for summix's languages.
_ISO_CODES = {"en": "en", "eng": "en", "ru": "ru", "rus": "ru", "uz": "uz", "uzb": "uz", "uzn": "uz"}
_HOW_TO_TELL = (
    'add "source_lang" and "target_lang" (such as "en" and "ru") to its tokenizer_config.json, or name '
    "its folder opus-mt-XX-YY (opus-mt-en-ru)"
)


class Marian(Family):
    """MarianMT: a bilingual model with its own source and target SentencePiece models."""

    name = "marian"
    title = "Marian opus-mt"
    order = 30
    model_types = ("marian",)
    codes = {"en": "en", "ru": "ru", "uz": "uz"}
    tokenizer_files = ("vocab.json", "source.spm", "target.spm")

    def pair(
        self, checkpoint: Checkpoint, marker: Mapping[str, Any] | None, spec: Any
    ) -> tuple[str, str] | None:
        """The registry's direction, else the random-weight marker's, else the ``source_lang`` and
        ``target_lang`` of ``tokenizer_config.json`` (ISO 639-1 or 639-3: ``eng``/``rus``/``uzb`` are en,
        ru, uz), else the one in the folder's name (``opus-mt-en-ru``). Codes of other languages are kept
        as they are (the model then serves no direction of summix's)."""
        if spec is not None and spec.directions:
            return spec.directions[0]
        if marker and marker.get("pair"):
            src, tgt = marker["pair"]
            return (src, tgt)
        tokenizer = checkpoint.tokenizer_config
        declared = _pair(tokenizer.get("source_lang"), tokenizer.get("target_lang"))
        if declared is not None:
            return declared
        for text in (checkpoint.path.name, str(checkpoint.config.get("_name_or_path", ""))):
            match = _OPUS_PAIR.search(text)
            if match:
                return _pair(match.group(1), match.group(2))
        return None

    def serves(self, ref: Any, task: str, src: str, tgt: str) -> bool:
        """Only translation, and only in the model's own direction."""
        return task == "translate" and ref.pair == (src, tgt)

    def direction_error(self, ref: Any, task: str, src: str, tgt: str) -> ModelError:
        """Names the one pair the model translates, or says how to tell summix which pair that is."""
        if ref.pair is None:
            return ModelError(
                f"{ref.name} is a one-pair Marian model and summix cannot tell which pair: {_HOW_TO_TELL}"
            )
        pair = "-".join(ref.pair)
        return ModelError(f"{ref.name} is a one-pair Marian model ({pair}); it cannot translate {src}->{tgt}")

    def has_target_vocabulary(self, path: Path) -> bool:
        """True when the folder has its target.spm (every opus-mt checkpoint does)."""
        return (path / "target.spm").is_file() and (path / "vocab.json").is_file()

    def target_vocabulary(self, path: Path) -> list[str]:
        """The vocabulary pieces ``target.spm`` can produce: pieces only the source side makes are never
        right as output (opus-mt shares one vocabulary between two SentencePiece models).

        Raises:
            ModelError: the folder has no target.spm.
        """
        import sentencepiece

        spm_path = path / "target.spm"
        if not spm_path.is_file():
            raise ModelError(f"{path} has no target.spm: a target vocabulary map needs one")
        vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        spm = sentencepiece.SentencePieceProcessor(model_file=str(spm_path))
        pieces = [spm.id_to_piece(i) for i in range(spm.get_piece_size()) if not spm.is_control(i)]
        return [piece for piece in dict.fromkeys(pieces) if piece in vocab and piece != "<pad>"]

    def bench_direction(self, ref: Any) -> tuple[str, str, str]:
        """The model's own pair (en->ru when unknown)."""
        return ("translate", *ref.pair) if ref.pair else ("translate", "en", "ru")

    def build_tiny(
        self, work: Path, arch: Any, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """A MarianTokenizer (vocab.json with <pad> last, source/target spm) and a model of ``arch``;
        ``pair`` (default en->ru) is recorded in the tokenizer and the marker."""
        from transformers import MarianTokenizer

        from summix.randomweights import model_vocab, spm_pieces, tokenizer_files

        pair = tuple(str(p) for p in options.get("pair", ("en", "ru")))
        spm_path, tok_dir = tokenizer_files(work, lines, spm_vocab, "unigram", ["source.spm", "target.spm"])
        vocab = {"</s>": 0, "<unk>": 1}
        for piece in spm_pieces(spm_path):
            vocab.setdefault(piece, len(vocab))
        real = len(vocab)
        vocab_size = model_vocab(arch, real + 1)
        # A real opus-mt vocab.json has exactly config.vocab_size entries with <pad> last (CTranslate2 relies
        # on it): fill the gap with pieces sentencepiece never produces.
        for i in range(vocab_size - 1 - real):
            vocab[f"<unused_{i}>"] = len(vocab)
        vocab["<pad>"] = len(vocab)
        (tok_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
        tokenizer = MarianTokenizer(
            source_spm=str(tok_dir / "source.spm"),
            target_spm=str(tok_dir / "target.spm"),
            vocab=str(tok_dir / "vocab.json"),
            source_lang=pair[0],
            target_lang=pair[1],
            model_max_length=arch.max_positions,
        )
        pad = tokenizer.pad_token_id
        if (pad, tokenizer.eos_token_id, tokenizer.unk_token_id) != (vocab_size - 1, 0, 1):
            raise RuntimeError("unexpected Marian special ids")
        config, generation = _config(arch, vocab_size, pad)
        return Built(tokenizer, config, generation, (real, vocab_size - 1), marker={"pair": list(pair)})


def _config(arch: Any, vocab_size: int, pad: int) -> tuple[Any, dict[str, Any]]:
    from transformers import MarianConfig

    from summix.randomweights import bart_like_config

    config = bart_like_config(
        MarianConfig,
        arch,
        vocab_size,
        decoder_vocab_size=vocab_size,
        activation_function="swish",
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
    )
    generation = {
        "bad_words_ids": [[pad]],
        "bos_token_id": 0,
        "decoder_start_token_id": pad,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "max_length": arch.max_positions,
        "num_beams": 4,
        "pad_token_id": pad,
    }
    return config, generation


FAMILY = Marian()


def _pair(source: Any, target: Any) -> tuple[str, str] | None:
    """summix's codes for a checkpoint's source and target codes (``eng``, ``uzb_Latn``, ``en``; other
    languages' codes lower-cased as they are); None unless both are given as text."""
    codes = []
    for value in (source, target):
        if not isinstance(value, str) or not value.strip():
            return None
        code = re.split(r"[_-]", value.strip().lower())[0]
        codes.append(_ISO_CODES.get(code, code))
    return (codes[0], codes[1])
