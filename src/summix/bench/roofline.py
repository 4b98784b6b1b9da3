"""The bandwidth-bound estimate of greedy decoding speed on a GPU.

Each decoding step reads every decoder weight once for the whole batch (the output projection in full; the
embedding table only row by row, which is negligible) plus, for every sequence, its key/value cache (self
attention over the tokens so far, cross attention over the source). With HBM bandwidth B, a step takes at
least ``(W + sequences x KV) / B`` seconds, and a batch of ``batch`` sentences writes ``batch`` tokens per
step. The encoder runs once per batch and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# HBM bandwidth in TB/s by GPU name (the vendors' specifications).
BANDWIDTH_TBS: dict[str, float] = {"H200": 4.8, "H100": 3.35, "A100": 2.0, "L4": 0.3, "A10G": 0.6}


def bandwidth_for(gpu_name: str) -> float | None:
    """HBM bandwidth (TB/s) of the GPU called ``gpu_name``, or None when it is not in the table."""
    return next((tbs for key, tbs in BANDWIDTH_TBS.items() if key in gpu_name.upper()), None)


@dataclass(frozen=True)
class DecoderShape:
    """What one decoding step reads: weight bytes, and per-token key/value bytes of one sequence."""

    weight_bytes: int
    kv_bytes_per_token: int  # keys + values of all decoder layers for one token position


def decoder_shape(model: Any) -> DecoderShape:
    """Measure a loaded transformers seq2seq model: its decoder's weights without the embedding tables, the
    output projection, and the key/value width, at the dtype the model is loaded in."""
    import torch

    seen: set[int] = set()
    total = 0
    embeddings = [m for m in model.get_decoder().modules() if isinstance(m, torch.nn.Embedding)]
    skip = {id(p) for m in embeddings for p in m.parameters()}
    params = [p for p in model.get_decoder().parameters() if id(p) not in skip]
    for p in [*params, model.get_output_embeddings().weight]:
        if id(p) not in seen:  # a tied weight is one Parameter, read once
            seen.add(id(p))
            total += p.numel() * p.element_size()
    config = model.config
    layers = getattr(config, "decoder_layers", None) or getattr(config, "num_decoder_layers", None)
    width = getattr(config, "d_kv", 0) * getattr(config, "num_heads", 0) or config.d_model
    element = next(model.parameters()).element_size()
    return DecoderShape(total, 2 * int(layers) * int(width) * element)


def bound_tokens_per_second(
    shape: DecoderShape, bandwidth_tbs: float, *, batch: int, beams: int, source_len: float, new_tokens: int
) -> float:
    """Output tokens per second a bandwidth-bound decoder could reach for this batch.

    The key/value cache per sequence is taken at its average size over the output: ``source_len`` cross
    attention positions plus ``new_tokens / 2`` self attention positions; beams multiply the sequences.
    """
    kv = shape.kv_bytes_per_token * (source_len + new_tokens / 2)
    step_bytes = shape.weight_bytes + batch * beams * kv
    return batch * bandwidth_tbs * 1e12 / step_bytes
