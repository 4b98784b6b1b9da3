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
from summix.scoring import TokenScores

# Rows x positions x vocabulary of one scoring pass's logits (float32): bounds its memory at about 256 MB.
SCORE_CELLS = 1 << 26

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
        self._encodings: dict[tuple[tuple[int, ...], ...], Any] | None = None
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
        out, _kwargs, _batch = self._generated(texts, src=src, tgt=tgt, task=task, options=options)
        decoded = self.tokenizer.batch_decode(out, skip_special_tokens=True)
        return [self.ref.driver.clean_output(text) for text in decoded]

    def generate_scored(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[tuple[str, TokenScores]]:
        """:meth:`generate`, with each output's token log-probabilities (see :mod:`summix.scoring`)."""
        out, kwargs, batch = self._generated(texts, src=src, tgt=tgt, task=task, options=options)
        scores = self._score(batch, out, first=_skipped(kwargs))
        decoded = self.tokenizer.batch_decode(out, skip_special_tokens=True)
        return [(self.ref.driver.clean_output(t), s) for t, s in zip(decoded, scores, strict=True)]

    def score(
        self, sources: Sequence[str], targets: Sequence[str], *, src: str, tgt: str
    ) -> list[TokenScores]:
        """log P(target | source) of each pair by one teacher-forced pass, ``sources`` in ``src`` and
        ``targets`` in ``tgt`` (a back-score when the model translates the other way).

        Raises:
            ModelError: the model does not translate ``src`` to ``tgt``, or lacks the language token.
        """
        import torch

        self.ref.driver.check_direction(self.ref, "translate", src, tgt)
        batch = self._encoded(sources, src, tgt)
        forcing = self.ref.driver.target_kwargs(self.tokenizer, self.ref, tgt)
        start = forcing.get("decoder_start_token_id", self.model.generation_config.decoder_start_token_id)
        forced = [forcing["forced_bos_token_id"]] if "forced_bos_token_id" in forcing else []
        pieces = self.tokenizer(text_target=list(targets), add_special_tokens=False)["input_ids"]
        rows = [[start, *forced, *ids, self.tokenizer.eos_token_id] for ids in pieces]
        width = max(map(len, rows))
        pad = self.tokenizer.pad_token_id
        padded = torch.tensor([row + [pad] * (width - len(row)) for row in rows], device=self.device)
        return self._score(batch, padded, first=1 + len(forced))

    def generate_ids(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[list[int]]:
        """Output token ids for one batch, without start or forced language token, end token and padding."""
        out, kwargs, _batch = self._generated(texts, src=src, tgt=tgt, task=task, options=options)
        skip = _skipped(kwargs)
        eos = self.tokenizer.eos_token_id
        rows = [row[skip:] for row in out.tolist()]
        return [row[: row.index(eos)] if eos in row else row for row in rows]

    def _generated(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> tuple[Any, dict[str, Any], Any]:
        """The output ids of one batch, the ``generate()`` settings and the encoded input."""
        import torch

        self.ref.driver.check_direction(self.ref, task, src, tgt)
        batch = self._encoded(texts, src, tgt)
        kwargs = self._generate_kwargs(batch["input_ids"].shape[1], tgt, options)
        with torch.inference_mode():
            kept = self._kept_encoding(batch)
            return self.model.generate(**batch, **kwargs, **kept), kwargs, batch

    def _kept_encoding(self, batch: Any) -> dict[str, Any]:
        """``generate()``'s ``encoder_outputs`` for a batch while encodings are kept (keyed by its exact
        input ids); {} otherwise, and then ``generate()`` runs the encoder itself."""
        if self._encodings is None:
            return {}
        from transformers.modeling_outputs import BaseModelOutput

        key = tuple(tuple(row) for row in batch["input_ids"].tolist())
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

    def _encoded(self, texts: Sequence[str], src: str, tgt: str) -> Any:
        sources = self.encode_sources(texts, src, tgt)
        return self.tokenizer(sources, return_tensors="pt", padding=True).to(self.device)

    def _score(self, batch: Any, sequences: Any, *, first: int) -> list[TokenScores]:
        """Teacher-forced log-probabilities of ``sequences[:, first:]`` up to and including each row's end
        token (the whole row when it has none), given the encoded ``batch``; rows go through in slices
        that keep the logits under :data:`SCORE_CELLS`."""
        width = sequences.shape[1]
        step = max(1, SCORE_CELLS // max(1, (width - 1) * self.model.config.vocab_size))
        found: list[TokenScores] = []
        for at in range(0, sequences.shape[0], step):
            part = {key: value[at : at + step] for key, value in batch.items()}
            found += self._score_rows(part, sequences[at : at + step], first)
        return found

    def _score_rows(self, batch: Any, sequences: Any, first: int) -> list[TokenScores]:
        import torch

        with torch.inference_mode():
            logits = self.model(**batch, decoder_input_ids=sequences[:, :-1]).logits.float()
            banned = _banned_tokens(self.model.generation_config)
            if banned:
                logits[..., banned] = float("-inf")  # never written: out of the normalisation
            chosen = torch.log_softmax(logits, -1).gather(-1, sequences[:, 1:, None]).squeeze(-1)
        eos = self.tokenizer.eos_token_id
        found = []
        for row, values in zip(sequences.tolist(), chosen.tolist(), strict=True):
            end = row.index(eos, first) + 1 if eos in row[first:] else len(row)
            found.append(TokenScores.of(values[first - 1 : end - 1]))
        return found

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


def _skipped(kwargs: dict[str, Any]) -> int:
    """Leading output positions that are not generated text: the decoder start, and a forced language
    token."""
    return 2 if "forced_bos_token_id" in kwargs else 1


def _banned_tokens(config: Any) -> list[int]:
    """Tokens the checkpoint's generation settings never let it write (single-token ``bad_words_ids``)."""
    return [ids[0] for ids in getattr(config, "bad_words_ids", None) or [] if len(ids) == 1]
