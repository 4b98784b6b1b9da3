"""The speed harness (not the speed): every documented field, skipped configurations, plot, gpu.sh on CPU."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from benchdata import write_eval

from summix.api import clear_backends
from summix.bench import roofline, speed
from summix.cli.bench import speed_main

ROOT = Path(__file__).resolve().parents[1]
MEASURED = {
    "source_tokens_per_s",
    "target_tokens_per_s",
    "sentences_per_s",
    "call_latency_p50_s",
    "call_latency_p95_s",
    "doc_latency_p50_s",
    "doc_latency_p95_s",
    "load_seconds",
    "peak_rss_mb",
}
GPU_ONLY = {"peak_gpu_mb", "bound_tokens_per_s", "pct_of_bound"}


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


def test_speed_sweep_writes_every_documented_field(tiny_marian, tmp_path) -> None:
    data, out = write_eval(tmp_path / "eval"), tmp_path / "out"
    args = [
        "--model",
        str(tiny_marian),
        "--batch",
        "1",
        "3",
        "--beams",
        "1",
        "2",
        "--new-tokens",
        "4",
        "--iterations",
        "2",
        "--documents",
        "1",
        "--threads",
        "1",
        "--backend",
        "transformers",
        "nope",
        "--data",
        str(data),
        "--output",
        str(out),
    ]
    written = speed_main(args)
    assert {p.name for p in written} == {"speed.json", "results.md", "throughput.png"}
    report = json.loads((out / "speed.json").read_text(encoding="utf-8"))
    assert report["environment"]["torch_threads"] == 1 and report["environment"]["load_average"] is not None
    ok = [r for r in report["rows"] if r["status"] == "ok"]
    assert [(r["batch"], r["beams"]) for r in ok] == [(1, 1), (1, 2), (3, 1), (3, 2)]
    for row in ok:
        assert all(isinstance(row[name], (int, float)) and row[name] > 0 for name in MEASURED), row
        assert all(row[name] is None for name in GPU_ONLY)  # no GPU here: nothing invented
        assert row["target_tokens"] == 4 * row["sentences"] == 4 * 2 * row["batch"]
        assert row["weights"] == "random" and row["target_count"] == "fixed" and row["documents"] == 1
        assert row["call_latency_p50_s"] <= row["call_latency_p95_s"]
    skipped = [r for r in report["rows"] if r["backend"] == "nope"]
    assert len(skipped) == 4 and all(r["status"] == "skipped" for r in skipped)
    assert "unknown backend 'nope': choose from auto, transformers, ctranslate2" in skipped[0]["reason"]
    assert (out / "throughput.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| tiny-marian-en-ru | cpu | float32 | transformers | 3 | 2 |" in table
    assert "skipped: unknown backend" in table


@pytest.mark.parametrize(
    ("mode", "message"),
    [([], "nothing was measured: every configuration failed"), (["--end-to-end"], "does not exist")],
)
def test_a_run_that_measured_nothing_fails_and_writes_nothing(mode: list[str], message: str, tmp_path):
    from summix.errors import SummixError

    out = tmp_path / "out"
    with pytest.raises(SummixError, match=message):
        speed_main([*mode, "--model", str(tmp_path / "none"), "--threads", "1", "--output", str(out)])
    assert not out.exists()


def test_end_to_end_splits_load_summarize_and_translate(tiny_marian, tmp_path) -> None:
    out = tmp_path / "e2e"
    speed_main(["--end-to-end", "--model", str(tiny_marian), "--threads", "1", "--output", str(out)])
    (row,) = json.loads((out / "speed.json").read_text(encoding="utf-8"))["end_to_end"]
    assert row["summarizer"] == "extractive" and row["languages"] == ["ru", "en"]
    assert row["skipped"] == {"uz": "no preset given translates en->uz"}
    assert row["load_s"] > 0 and row["translate_s"] > 0 and row["summarize_s"] >= 0
    assert row["total_s"] >= row["load_s"] + row["translate_s"]


def test_end_to_end_hands_each_row_over_as_it_is_measured(tiny_marian) -> None:
    from summix.bench import speed

    options = speed.SpeedOptions(models=(str(tiny_marian),), threads=1)
    seen: list = []
    rows = speed.run_end_to_end(options, languages=("ru",), on_row=seen.append)
    assert len(rows) == 1 and seen == list(rows)


def test_bandwidth_bound_of_nllb_600m_matches_the_method() -> None:
    import torch
    from transformers import AutoModelForSeq2SeqLM, M2M100Config

    from summix.randomweights import PRESETS

    config = M2M100Config(
        vocab_size=PRESETS["nllb-600m"].vocab_size,
        d_model=1024,
        encoder_layers=12,
        decoder_layers=12,
        encoder_attention_heads=16,
        decoder_attention_heads=16,
        encoder_ffn_dim=4096,
        decoder_ffn_dim=4096,
    )
    with torch.device("meta"):
        model = AutoModelForSeq2SeqLM.from_config(config, dtype=torch.bfloat16)
    shape = roofline.decoder_shape(model)
    # 12 decoder layers of 16.8M parameters + the 256,206 x 1024 output projection, 2 bytes each
    assert shape.weight_bytes == pytest.approx(0.93e9, rel=0.01)
    assert shape.kv_bytes_per_token == 2 * 12 * 1024 * 2
    bound = roofline.bound_tokens_per_second(shape, 3.35, batch=64, beams=1, source_len=40, new_tokens=64)
    assert 150_000 < bound < 240_000  # the field notes' estimate: about 200k tokens/s on an H100
    assert roofline.bandwidth_for("NVIDIA H200") == 4.8 and roofline.bandwidth_for("Tesla T4") is None


def test_percentiles_interpolate() -> None:
    assert speed.percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert speed.percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    assert speed.percentile([], 50) is None


def test_gpu_script_says_no_gpu_and_runs_a_cpu_sweep(tiny_marian, tmp_path) -> None:
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "SUMMIX_BENCH_MODEL": str(tiny_marian),
        "CUDA_VISIBLE_DEVICES": "",
        "SUMMIX_THREADS": "1",
    }
    done = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu.sh"), str(tmp_path / "gpu")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "NO GPU FOUND" in done.stderr
    report = json.loads((tmp_path / "gpu" / "speed.json").read_text(encoding="utf-8"))
    statuses = {(r["backend"], r["batch"]): r["status"] for r in report["rows"]}
    assert statuses[("transformers", 1)] == statuses[("transformers", 16)] == "ok"
    assert {p.name for p in (tmp_path / "gpu").iterdir()} >= {
        "speed.json",
        "results.md",
        "env.txt",
        "log.txt",
    }
