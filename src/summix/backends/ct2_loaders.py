"""Turning a Hugging Face checkpoint into a CTranslate2 model specification, family by family.

The stock ``ctranslate2.converters.TransformersConverter`` gets three things wrong for the families summix
drives under transformers 5; the loaders here correct them:

- M2M100: the converter reads the vocabulary from ``tokenizer.get_vocab()`` and the special-tokens map, which
  under transformers 5 no longer list the 100 ``__xx__`` language tokens, so the vocabulary comes out short
  of the model's embedding and conversion stops. Here every id is read back from the tokenizer itself.
- mT5: ``MT5Config`` forces ``tie_word_embeddings=True`` whatever the checkpoint says, and the stock loader
  then scales the decoder output by ``d_model ** -0.5``, which transformers does not do for mT5. Greedy output
  is unchanged (argmax ignores a constant factor) but beam scores are wrong. Here the scale follows what
  transformers really computes.
- CrossSum: the decoder starts from a language piece instead of ``<pad>``. The converted model gets no fixed
  start token, so the caller passes the language piece as the first token of the target prefix.

Imports ctranslate2, torch and transformers at once: import this module only when converting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
import transformers
from ctranslate2.converters import transformers as ct2_transformers


def vocabulary_by_id(tokenizer: Any, size: int) -> list[str]:
    """The token of every id below ``size`` as the tokenizer maps it, with unique fillers for ids it lacks.

    Ids past the tokenizer (fairseq's "madeup words" that pad the embedding) come back as ``<unk>`` or None;
    a vocabulary must not hold one token twice, so they get distinct names.
    """
    tokens: list[str] = []
    seen: set[str] = set()
    for index in range(size):
        token = tokenizer.convert_ids_to_tokens(index)
        if token is None or token in seen:
            token = f"madeupword{index}"
        seen.add(token)
        tokens.append(token)
    return tokens


class M2M100Loader(ct2_transformers.M2M100Loader):
    """NLLB and M2M100, with the vocabulary read id by id from the tokenizer."""

    def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
        return vocabulary_by_id(tokenizer, model.config.vocab_size)


class _T5Fixes:
    """Output scaling as transformers 5 computes it, and an optional free decoder start (CrossSum)."""

    free_start = False

    def get_model_spec(self, model: Any) -> Any:
        # The stock loader scales when tie_word_embeddings is set; transformers 5 scales T5 only when
        # scale_decoder_outputs is set, and mT5 never.
        model.config.tie_word_embeddings = bool(getattr(model.config, "scale_decoder_outputs", False))
        return super().get_model_spec(model)  # type: ignore[misc]

    def set_config(self, config: Any, model: Any, tokenizer: Any) -> None:
        super().set_config(config, model, tokenizer)  # type: ignore[misc]
        if self.free_start:
            config.decoder_start_token = None


class T5Loader(_T5Fixes, ct2_transformers.T5Loader):
    """T5 checkpoints (``model_type`` t5)."""


class MT5Loader(_T5Fixes, ct2_transformers.MT5Loader):
    """mT5 checkpoints (XL-Sum, CrossSum)."""


def make_loader(config: Any, *, free_start: bool) -> Any:
    """The loader for a checkpoint's config class; ``free_start`` leaves the decoder start token open.

    Raises:
        ValueError: the configuration is not one summix converts.
    """
    name = type(config).__name__
    loaders: dict[str, type] = {
        "M2M100Config": M2M100Loader,
        "MarianConfig": ct2_transformers.MarianMTLoader,
        "T5Config": T5Loader,
        "MT5Config": MT5Loader,
    }
    if name not in loaders:
        raise ValueError(f"no CTranslate2 conversion for {name} (supported: {', '.join(loaders)})")
    loader = loaders[name]()
    loader.free_start = free_start
    return loader


class Converter(ct2_transformers.TransformersConverter):
    """Converts a local checkpoint offline: safetensors only unless pickle is allowed, no remote code."""

    def __init__(
        self, path: Path, *, copy_files: list[str], allow_pickle: bool = False, free_start: bool = False
    ) -> None:
        super().__init__(str(path), copy_files=copy_files)
        self._path = Path(path)
        self._allow_pickle = allow_pickle
        self._free_start = free_start

    def _load(self) -> Any:
        from summix.backends.base import quiet_loading

        quiet_loading()
        with torch.no_grad():
            config = transformers.AutoConfig.from_pretrained(self._path, local_files_only=True)
            loader = make_loader(config, free_start=self._free_start)
            model = getattr(transformers, loader.architecture_name).from_pretrained(
                self._path,
                config=config,
                dtype=torch.float32,
                local_files_only=True,
                use_safetensors=not self._allow_pickle,
            )
            tokenizer = transformers.AutoTokenizer.from_pretrained(self._path, local_files_only=True)
            spec = loader(model, tokenizer)
            for name in self._copy_files or []:
                spec.register_file(str(self._path / name))
            return spec
