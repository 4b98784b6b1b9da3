"""The fast engine: a converted model run by CTranslate2 (``pip install 'summix[fast]'``).

Tokenization and detokenization use the checkpoint's own Hugging Face tokenizer (kept in the converted
folder), so the model sees exactly the tokens the transformers backend feeds it, and decoding lengths, forced
language tokens and suppressed ``<unk>`` follow the transformers backend step for step: greedy output is the
same.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from summix.backends.base import TokenCounter, cpu_threads, input_limit, quiet_loading
from summix.errors import ModelError, SettingError
from summix.families import Family
from summix.options import GenerationOptions, RuntimeOptions
from summix.resolve import ModelRef, hf_config
from summix.scoring import TokenScores


def pick_device(requested: str) -> str:
    """``auto``: cuda when CTranslate2 sees a GPU, else cpu; an explicit device must be one it can use.

    Raises:
        SettingError: the device is not available to CTranslate2 here.
    """
    import ctranslate2

    available = ["cpu"] + (["cuda"] if ctranslate2.get_cuda_device_count() > 0 else [])
    if requested == "auto":
        return available[-1]
    if requested not in available:
        raise SettingError(
            f"{{device}} {requested!r} is not available to ctranslate2 here (available: "
            f"{', '.join(available)}): use auto, or the transformers {{backend}}",
            "device",
            "backend",
        )
    return requested


def pick_compute_type(requested: str, device: str, family: Family, quantization: str) -> str:
    """The CTranslate2 compute type for a model converted with ``quantization``.

    ``requested`` is the float type (``auto``: float32 on CPU, bfloat16 on GPU); int8 weights stay int8 and
    compute in it, so an int8 model on CPU runs as ``int8_float32`` and on a GPU as ``int8_bfloat16``.

    Raises:
        ModelError: a float type the family cannot run in (the T5 family overflows in float16).
        SettingError: a type this device does not support.
    """
    import ctranslate2

    dtype = requested if requested != "auto" else "float32" if device == "cpu" else "bfloat16"
    family.check_dtype(dtype)
    compute = f"int8_{dtype}" if quantization.startswith("int8") else dtype
    supported = sorted(ctranslate2.get_supported_compute_types(device))
    if compute not in supported:
        raise SettingError(
            f"compute type {compute} is not supported on {device} here (supported: {', '.join(supported)}): "
            "set {dtype} to auto",
            "dtype",
        )
    return compute


def replicas(requested: int | None, threads: int, device: str) -> int:
    """How many replicas decode slices of a batch at once: ``requested`` (at most ``threads``), else on a
    CPU one per thread, each on one thread. Replicas share the weights; on 2 cores two one-thread replicas
    translated a batch of 16 2.9 times as fast as one replica on two threads, which was slower than one
    thread alone (benchmarks/results/2026-11-29-cpu-idle-run1): CTranslate2's
    threads inside one small model's operations cost more than they bring. On a GPU, one replica."""
    if requested:
        return max(1, min(requested, threads))
    return threads if device == "cpu" else 1


class CTranslate2Backend(TokenCounter):
    """A folder written by ``summix models convert``, run by ``ctranslate2.Translator``."""

    name = "ctranslate2"

    def __init__(self, ref: ModelRef, runtime: RuntimeOptions) -> None:
        import ctranslate2
        from transformers import AutoTokenizer

        quiet_loading()
        self.ref = ref
        self.device = pick_device(runtime.device)
        compute = pick_compute_type(runtime.dtype, self.device, ref.driver, ref.quantization or "float32")
        self.threads = cpu_threads(runtime.threads)
        threads = self.threads.threads
        self.replicas = replicas(runtime.inter_threads, threads, self.device)
        start = time.perf_counter()
        try:
            self.translator = ctranslate2.Translator(
                str(ref.path),
                device=self.device,
                compute_type=compute,
                inter_threads=self.replicas,
                intra_threads=threads // self.replicas if self.device == "cpu" else 0,
            )
            self.tokenizer = AutoTokenizer.from_pretrained(ref.path, local_files_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"cannot load {ref.path}: {str(exc).splitlines()[0]}") from exc
        self.load_seconds = time.perf_counter() - start
        self.dtype = self.translator.compute_type
        self.max_input_tokens = input_limit(hf_config(ref.path), ref)
        self.use_vmap = (ref.path / "vmap.txt").is_file()
        self.defaults = _generation_defaults(ref)

    def generate(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[str]:
        """Translate or summarise one batch; language codes left by the decoder are stripped."""
        ids = self.generate_ids(texts, src=src, tgt=tgt, task=task, options=options)
        decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True)
        return [self.ref.driver.clean_output(text) for text in decoded]

    def generate_ids(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[list[int]]:
        """Output token ids for one batch, without the start or forced language token and the end token.

        Raises:
            ModelError: the model cannot do ``task`` from ``src`` to ``tgt``, or lacks the language token.
        """
        _source, hypotheses, skip = self._translate(texts, src=src, tgt=tgt, task=task, options=options)
        return [self.tokenizer.convert_tokens_to_ids(h[skip:]) for h in hypotheses]

    def generate_scored(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[tuple[str, TokenScores]]:
        """:meth:`generate`, with each output's token log-probabilities (see :mod:`summix.scoring`): the
        chosen tokens are scored by ``score_batch``, as the transformers backend scores them.

        Raises:
            ModelError: the model cannot do ``task`` from ``src`` to ``tgt``, or lacks the language token.
        """
        source, hypotheses, skip = self._translate(
            texts, src=src, tgt=tgt, task=task, options=options, end_token=True
        )
        eos = self.tokenizer.eos_token
        ended = [bool(h) and h[-1] == eos for h in hypotheses]
        bodies = [h[:-1] if done else h for h, done in zip(hypotheses, ended, strict=True)]
        target = self.ref.driver.target_token(self.ref, tgt)
        # Without a fixed start token the decoder starts from the language piece, which the output lacks.
        lead = [target] if target and self.ref.driver.ct2_free_start() else []
        scored = self.translator.score_batch(source, [lead + b for b in bodies], max_input_length=0)
        # transformers spends the last allowed step on a forced end token: it is scored there too.
        forced_end = self.defaults.get("forced_eos_token_id") is not None
        scores = [
            TokenScores.of(r.log_probs[skip:] if done or forced_end else r.log_probs[skip:-1])
            for r, done in zip(scored, ended, strict=True)
        ]
        ids = [self.tokenizer.convert_tokens_to_ids(b[skip:]) for b in bodies]
        decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True)
        return [(self.ref.driver.clean_output(t), s) for t, s in zip(decoded, scores, strict=True)]

    def score(
        self, sources: Sequence[str], targets: Sequence[str], *, src: str, tgt: str
    ) -> list[TokenScores]:
        """log P(target | source) of each pair by ``score_batch``, ``sources`` in ``src`` and ``targets`` in
        ``tgt`` (a back-score when the model translates the other way).

        Raises:
            ModelError: the model does not translate ``src`` to ``tgt``, or lacks the language token.
        """
        family = self.ref.driver
        family.check_direction(self.ref, "translate", src, tgt)
        family.target_kwargs(self.tokenizer, self.ref, tgt)  # raises when the language token is unknown
        target = family.target_token(self.ref, tgt)
        encoded = self.tokenizer(self.encode_sources(sources, src, tgt))["input_ids"]
        source = [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded]
        pieces = self.tokenizer(text_target=list(targets), add_special_tokens=False)["input_ids"]
        lead = [target] if target else []
        rows = [lead + self.tokenizer.convert_ids_to_tokens(ids) for ids in pieces]
        skip = 1 if target and not family.ct2_free_start() else 0
        scored = self.translator.score_batch(source, rows, max_input_length=0)
        return [TokenScores.of(r.log_probs[skip:]) for r in scored]

    def _translate(
        self,
        texts: Sequence[str],
        *,
        src: str,
        tgt: str,
        task: str,
        options: GenerationOptions,
        end_token: bool = False,
    ) -> tuple[list[list[str]], list[list[str]], int]:
        """The source tokens, the best hypothesis of each text (with its end token when ``end_token`` and
        the model wrote one) and how many leading tokens of a hypothesis are not text (a forced language
        token)."""
        family = self.ref.driver
        family.check_direction(self.ref, task, src, tgt)
        family.target_kwargs(self.tokenizer, self.ref, tgt)  # raises when the language token is unknown
        target = family.target_token(self.ref, tgt)
        encoded = self.tokenizer(self.encode_sources(texts, src, tgt))["input_ids"]
        source = [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded]
        prefix = [[target] for _ in source] if target else None
        settings = self.decoding_kwargs(max(map(len, source)), target is not None, options)
        settings["return_end_token"] = end_token
        results = self.translator.translate_batch(source, prefix, **settings, **self.split(len(source)))
        # A forced language token comes back as the first output token; a decoder start piece does not.
        skip = 1 if target and family.target_in_output() else 0
        return source, [r.hypotheses[0] for r in results], skip

    def decoding_kwargs(self, input_len: int, forced: bool, options: GenerationOptions) -> dict[str, Any]:
        """``translate_batch`` settings equal to what the transformers backend passes to ``generate()``."""
        least, most = options.decoding_lengths(input_len, int(forced))
        if self.defaults.get("forced_eos_token_id") is not None:
            # transformers spends the last allowed step on a forced end token: the same text, one step fewer.
            most = max(1, most - 1)
            least = min(least, most)
        return {
            "beam_size": options.num_beams,
            "max_decoding_length": most,
            "min_decoding_length": least,
            "no_repeat_ngram_size": options.no_repeat_ngram_size
            or self.defaults.get("no_repeat_ngram_size")
            or 0,
            "repetition_penalty": self.defaults.get("repetition_penalty") or 1.0,
            "length_penalty": self.defaults.get("length_penalty", 1.0)
            if options.length_penalty is None
            else options.length_penalty,
            "disable_unk": self.tokenizer.unk_token_id is not None,
            "use_vmap": self.use_vmap,
            "max_input_length": 0,  # the pipeline keeps inputs under the model's limit; never cut silently
            "return_scores": False,
        }

    def split(self, rows: int) -> dict[str, Any]:
        """``translate_batch`` settings that spread ``rows`` over the replicas (one slice each)."""
        if self.replicas < 2 or rows < 2:
            return {}
        return {"max_batch_size": -(-rows // self.replicas), "batch_type": "examples"}


def _generation_defaults(ref: ModelRef) -> dict[str, Any]:
    """The checkpoint's generation_config.json, which transformers applies where summix passes nothing."""
    try:
        return json.loads((ref.path / "generation_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
