"""Realistic output lengths of random-weight models (summix.bench.lengths) and the speed benchmark modes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from benchdata import NTREX, write_eval

from summix.api import clear_backends
from summix.backends.ctranslate2 import CTranslate2Backend
from summix.backends.transformers import TransformersBackend
from summix.bench import lengths, speed
from summix.cli.bench import speed_main
from summix.convert import convert_model
from summix.errors import SummixError
from summix.options import GenerationOptions, RuntimeOptions
from summix.randomweights import OUTPUT_LENGTHS, RANDOM_MARKER
from summix.resolve import resolve_model
from summix.translation import step_generation

RUNTIME = RuntimeOptions(device="cpu", threads=1)
TEXTS = ["Prices for bread rose again in the capital.", "Farmers expect a good harvest.", "Schools opened."]


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


def test_exact_length_writes_the_whole_budget() -> None:
    options = GenerationOptions(length_ratio=0.5, length_margin=1, exact_length=True)
    assert options.decoding_lengths(20, 1) == (12, 12)
    assert GenerationOptions(length_ratio=0.5, length_margin=1).decoding_lengths(20, 1) == (2, 12)


def test_pair_ratios_count_target_content_over_source_tokens() -> None:
    def count(text: str, lang: str) -> int:  # one token per word, and an end token
        return len(text.split()) + 1

    texts = {"en": ["a b c", "d"], "ru": ["x y", "z w v"]}
    # ru content 5 over en tokens 4 + 2; en content 4 over ru tokens 5 + 2
    assert lengths.pair_ratios(count, texts) == {"en-ru": round(5 / 6, 4), "ru-en": round(4 / 7, 4)}


def test_recorded_ratios_make_a_stand_in_write_realistic_lengths_in_both_engines(tiny_nllb, tmp_path) -> None:
    model = tmp_path / "nllb"
    shutil.copytree(tiny_nllb, model)
    converted = convert_model(str(model), quantization="float32").path
    assert lengths.record(model, {"en-uz": 0.5}, "test") == [model, converted]
    marker = json.loads((converted / RANDOM_MARKER).read_text(encoding="utf-8"))
    assert marker[OUTPUT_LENGTHS]["ratios"] == {"en-uz": 0.5}
    ref = resolve_model(str(model))
    options = step_generation(ref, GenerationOptions(num_beams=1), "en", "uz")
    assert options.exact_length and options.length_ratio == 0.5 and options.num_beams == 1
    assert step_generation(ref, None, "en", "ru") == step_generation(resolve_model(str(tiny_nllb)), None)
    reference = TransformersBackend(ref, RUNTIME)
    longest = max(
        len(ids) for ids in reference.tokenizer(reference.encode_sources(TEXTS, "en", "uz"))["input_ids"]
    )
    expected = int(longest * 0.5) + 1
    for backend in (reference, CTranslate2Backend(resolve_model(str(converted)), RUNTIME)):
        rows = backend.generate_ids(TEXTS, src="en", tgt="uz", task="translate", options=options)
        assert [len(row) for row in rows] == [expected] * len(TEXTS), backend.name
    lengths.record(model, None)
    assert not step_generation(resolve_model(str(model)), None, "en", "uz").exact_length
    with pytest.raises(SummixError, match="not a random-weight model"):
        lengths.record(tmp_path, {"en-uz": 1.0})


def test_realistic_sweep_writes_reference_lengths(tiny_marian, tmp_path) -> None:
    data, out = write_eval(tmp_path / "eval"), tmp_path / "out"
    args = ["--model", str(tiny_marian), "--batch", "2", "--iterations", "2", "--documents", "1"]
    args += [
        "--threads",
        "1",
        "--data",
        str(data),
        "--lengths",
        "realistic",
        "--output",
        str(out),
        "--no-plot",
    ]
    speed_main(args)
    report = json.loads((out / "speed.json").read_text(encoding="utf-8"))
    (row,) = [r for r in report["rows"] if r["status"] == "ok"]
    assert row["target_count"] == "realistic" and row["new_tokens"] is None and row["documents"] == 1
    work = speed.with_target_lengths(
        speed.workload(resolve_model(str(tiny_marian)), str(data), 1),
        resolve_model(str(tiny_marian)),
        str(data),
    )
    known = dict(work.target_lengths)
    russian = {en: ru for _, en, ru, _ in NTREX}
    count = lengths.tokenizer_count(tiny_marian)
    some = next(en for en in russian if en in known)
    assert known[some] == lengths.content_tokens(count, russian[some], "ru")  # the reference's length
    assert 0 < row["target_tokens"] <= max(known.values()) * row["sentences"]
    assert "output lengths realistic" in (out / "results.md").read_text(encoding="utf-8")


def test_realistic_lengths_need_ntrex(tiny_marian, tmp_path) -> None:
    with pytest.raises(SummixError, match="--data FOLDER with ntrex"):
        lengths.ntrex_texts(tmp_path)
    with pytest.raises(SummixError, match="unknown lengths 'long'"):
        lengths.check_mode("long")


@pytest.mark.parametrize(
    ("backend", "engine"), [("transformers", "transformers float32"), ("auto", "ctranslate2 int8_float32")]
)
def test_end_to_end_runs_stand_ins_as_installed_defaults(
    tiny_marian, tiny_nllb, tmp_path, backend, engine
) -> None:
    opus, nllb = tmp_path / "opus-mt-spm8000-eval", tmp_path / "nllb-600m-spm8000-eval"
    shutil.copytree(tiny_marian, opus)
    shutil.copytree(tiny_nllb, nllb)
    options = speed.SpeedOptions(models=(str(opus), str(nllb)), threads=1, backends=(backend,))
    rows = speed.run_end_to_end(options, languages=("uz", "ru", "en"))
    (row,) = rows  # one row: the presets together, as installed defaults
    first, second = row.translator.split(" + ")
    assert first.startswith("opus-mt-spm8000-eval") and second.startswith("nllb-600m-spm8000-eval"), row
    assert row.status == "ok" and row.languages == ("uz", "ru", "en") and not row.skipped, row
    # Each direction went to the default the stand-in takes the place of: opus-mt for ru, NLLB for uz.
    expected = {f"opus-mt-en-ru: {engine}", f"nllb-200-distilled-600M: {engine}"}
    assert set(row.engines.split(", ")) == expected
    assert row.total_s >= row.translate_s > 0


def test_conversions_are_made_on_demand_for_presets(tiny_marian, tmp_path) -> None:
    from summix.bench import presets

    folder = tmp_path / "opus-mt-spm8000-eval"
    shutil.copytree(tiny_marian, folder)
    converted = presets.preset_conversion(folder)
    assert converted.name == "opus-mt-spm8000-eval-ct2-int8-stand-in-map"
    record = json.loads((converted / "summix-ct2.json").read_text(encoding="utf-8"))
    assert record["quantization"] == "int8" and Path(record["vmap"]).name == presets.STAND_IN_MAP
    pieces = (folder / presets.STAND_IN_MAP).read_text(encoding="utf-8").split()
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    # The tiny vocabulary is smaller than a real target.spm: all is listed but the end and padding pieces.
    assert len(pieces) == min(presets.STAND_IN_TARGET_PIECES, len(vocab) - 2)
    assert presets.preset_conversion(folder) == converted  # made once
