"""The reference engine: Hugging Face transformers ``AutoModelForSeq2SeqLM.generate()``."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from summix.backends.base import TokenCounter, cpu_threads, input_limit, quiet_loading
from summix.errors import ModelError, SettingError
from summix.families import Family
from summix.options import GenerationOptions, RuntimeOptions
from summix.resolve import ModelRef

# Encoder outputs kept for reuse (see TransformersBackend.keep_encodings) take at most this many bytes;
# the oldest go first.
ENCODINGS_BYTES = 256 * 2**20


def pick_device(requested: str) -> str:
    """Resolve ``auto`` to cuda, mps or cpu; check that an explicit device exists.

    Raises:
        SettingError: the requested device is not available here.
    """
    import torch

    available = {
        "cpu": True,
        "cuda": torch.cuda.is_available(),
        "mps": bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()),
    }
    if requested == "auto":
        return next(d for d in ("cuda", "mps", "cpu") if available[d])
    if not available.get(requested, False):
        have = ", ".join(d for d, ok in available.items() if ok)
        raise SettingError(
            f"{{device}} {requested!r} is not available here (available: {have}): use auto", "device"
        )
    return requested


def pick_dtype(requested: str, device: str, family: Family) -> str:
    """``auto``: float32 on CPU, bfloat16 on GPUs (never float16 there: the T5 family overflows in it).

    Raises:
        ModelError: a float type the family cannot run in.
    """
    dtype = requested if requested != "auto" else "float32" if device == "cpu" else "bfloat16"
    family.check_dtype(dtype)
    return dtype


class TransformersBackend(TokenCounter):
    """A checkpoint loaded with AutoTokenizer + AutoModelForSeq2SeqLM (safetensors, no remote code)."""

    name = "transformers"

    def __init__(self, ref: ModelRef, runtime: RuntimeOptions) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        quiet_loading()
        self.ref = ref
        self.device = pick_device(runtime.device)
        self.threads = cpu_threads(runtime.threads)
        torch.set_num_threads(self.threads.threads)
        self.dtype = pick_dtype(runtime.dtype, self.device, ref.driver)
        start = time.perf_counter()
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(ref.path, local_files_only=True)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(
                ref.path,
                local_files_only=True,
                dtype=getattr(torch, self.dtype),
                use_safetensors=not runtime.allow_pickle,
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load {ref.path}: {str(exc).splitlines()[0]}") from exc
        self.model.to(self.device).eval()
        # Every call passes max_new_tokens (bounded by its input); a checkpoint's own max_length would only
        # make generate() warn on each call that both are set.
        self.model.generation_config.max_length = None
        self.load_seconds = time.perf_counter() - start
        self.max_input_tokens = input_limit(self.model.config.to_dict(), ref)
        self._encodings: dict[tuple[str, tuple[str, ...]], Any] | None = None
        self.encoder_passes = 0

    def keep_encodings(self, keep: bool) -> None:
        """Start (True) or stop keeping each batch's encoder output, so that the same sources decoded into
        several languages are encoded once: the encoder output of a batch depends only on its source texts
        and language, and ``generate()`` given it decodes exactly as from the texts. A family whose source
        names the target (a ``<2xx>`` prefix) feeds other texts per language, so nothing is reused
        there. Starting again keeps what is kept; stopping frees it."""
        if not keep:
            self._encodings = None
        elif self._encodings is None:
            self._encodings = {}

    def generate(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[str]:
        """Run ``generate()`` on one batch and decode; language codes left by the decoder are stripped."""
        out, _kwargs = self._run(texts, src=src, tgt=tgt, task=task, options=options)
        decoded = self.tokenizer.batch_decode(out, skip_special_tokens=True)
        return [self.ref.driver.clean_output(text) for text in decoded]

    def generate_ids(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[list[int]]:
        """Output token ids for one batch, without start or forced language token, end token and padding."""
        out, kwargs = self._run(texts, src=src, tgt=tgt, task=task, options=options)
        skip = 2 if "forced_bos_token_id" in kwargs else 1
        eos = self.tokenizer.eos_token_id
        rows = [row[skip:] for row in out.tolist()]
        return [row[: row.index(eos)] if eos in row else row for row in rows]

    def _run(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> tuple[Any, dict[str, Any]]:
        import torch

        self.ref.driver.check_direction(self.ref, task, src, tgt)
        sources = self.encode_sources(texts, src, tgt)
        batch = self.tokenizer(sources, return_tensors="pt", padding=True).to(self.device)
        kwargs = self._generate_kwargs(batch["input_ids"].shape[1], tgt, options)
        with torch.inference_mode():
            encoded = self._encoded((src, tuple(sources)), batch)
            return self.model.generate(**batch, **kwargs, **encoded), kwargs

    def _encoded(self, key: tuple[str, tuple[str, ...]], batch: Any) -> dict[str, Any]:
        """``generate()``'s ``encoder_outputs`` for a batch while encodings are kept; {} otherwise (then
        ``generate()`` runs the encoder itself)."""
        if self._encodings is None:
            return {}
        from transformers.modeling_outputs import BaseModelOutput

        hidden = self._encodings.get(key)
        if hidden is None:
            self.encoder_passes += 1
            hidden = self.model.get_encoder()(**batch, return_dict=True).last_hidden_state
            self._encodings[key] = hidden
            while (
                sum(h.nbytes for h in self._encodings.values()) > ENCODINGS_BYTES and len(self._encodings) > 1
            ):
                del self._encodings[next(iter(self._encodings))]
        # generate() expands the output it is given in place for beams: hand it a fresh one each time.
        return {"encoder_outputs": BaseModelOutput(last_hidden_state=hidden)}

    def _generate_kwargs(self, input_len: int, tgt: str, options: GenerationOptions) -> dict[str, Any]:
        forcing = self.ref.driver.target_kwargs(self.tokenizer, self.ref, tgt)
        min_new, max_new = options.decoding_lengths(input_len, len(forcing))
        kwargs: dict[str, Any] = {
            "num_beams": options.num_beams,
            "max_new_tokens": max_new,
            "min_new_tokens": min_new,
            "do_sample": False,
            **forcing,
        }
        if options.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = options.no_repeat_ngram_size
        if options.length_penalty is not None:
            kwargs["length_penalty"] = options.length_penalty
        if self.tokenizer.unk_token_id is not None:
            kwargs["suppress_tokens"] = [self.tokenizer.unk_token_id]
        return kwargs
