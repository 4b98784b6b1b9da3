"""The CTranslate2 backend against the transformers reference, on tiny random-weight models of every family.

Greedy decoding of a float32 conversion must give exactly the transformers token ids (int8 may differ and is
only checked for structure), token log-probabilities must agree (this catches a wrongly scaled or shifted
output layer that greedy argmax would hide), and the CLI must give what the API gives.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import ctranslate2
import pytest
from conftest import SEED, install
from safetensors.torch import load_file, save_file
from typer.testing import CliRunner

from summix import api, families
from summix.backends.ctranslate2 import CTranslate2Backend, pick_compute_type
from summix.backends.transformers import TransformersBackend
from summix.cli import app
from summix.convert import convert_model
from summix.engines import choose as choose_engine
from summix.errors import ModelError, SummixError
from summix.options import GenerationOptions, RuntimeOptions
from summix.render import render_translation
from summix.resolve import CT2_RECORD, SOURCE_CONFIG, resolve_model
from summix.translation import card_generation

runner = CliRunner()
# One thread: tiny models gain nothing from more, and a busy machine makes OpenMP waits costly.
RUNTIME = RuntimeOptions(device="cpu", threads=1)
TEXTS = [
    "The government announced a new education reform on Monday.",
    "Prices rose.",
    "Students from twenty countries took part in the olympiad, and the jury praised them.",
    "Doctors advise drinking more water during the summer heat.",
]
# family fixture -> (task, source, target) it is driven with
CASES = {
    "tiny_nllb": ("translate", "en", "uz"),
    "tiny_m2m100": ("translate", "en", "ru"),
    "tiny_marian": ("translate", "en", "ru"),
    "tiny_xlsum": ("summarize", "en", "en"),
    "tiny_crosssum": ("cross-summarize", "en", "ru"),
    "tiny_madlad": ("translate", "en", "ru"),
}
# Greedy with the length budget (ratio x input + margin), a hard cap, and a fixed length.
GREEDY = (
    GenerationOptions(num_beams=1, length_ratio=0.5, length_margin=3),
    GenerationOptions(num_beams=1, max_new_tokens=7),
    GenerationOptions(num_beams=1, min_new_tokens=12, max_new_tokens=12),
)
# A short document: three paragraphs, five sentences, one repeated.
DOCUMENT = (
    "Parliament approved the budget after a long debate.\n\n"
    "Prices for bread rose again. Farmers expect a good harvest.\n\n"
    "Prices for bread rose again. The museum opened an exhibition of manuscripts."
)


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    api.clear_backends()


@pytest.fixture(scope="session")
def convert(tmp_path_factory) -> Callable[[Path, str], Path]:
    """Convert a model once per session into a folder of its own (not beside it, where `auto` would look)."""
    done: dict[tuple[Path, str], Path] = {}
    root = tmp_path_factory.mktemp("ct2")

    def run(model: Path, quantization: str = "float32") -> Path:
        key = (model, quantization)
        if key not in done:
            out = root / f"{model.parent.name}-{model.name}-ct2-{quantization}"
            done[key] = convert_model(str(model), quantization=quantization, output=out).path
        return done[key]

    return run


def both(model: Path, converted: Path) -> tuple[TransformersBackend, CTranslate2Backend]:
    return TransformersBackend(resolve_model(str(model)), RUNTIME), CTranslate2Backend(
        resolve_model(str(converted)), RUNTIME
    )


@pytest.mark.parametrize("family", list(CASES))
def test_greedy_token_ids_equal_transformers(family, request, convert) -> None:
    model = request.getfixturevalue(family)
    task, src, tgt = CASES[family]
    reference, fast = both(model, convert(model))
    for options in GREEDY:
        for batch in (TEXTS, TEXTS[1:2]):
            expected = reference.generate_ids(batch, src=src, tgt=tgt, task=task, options=options)
            got = fast.generate_ids(batch, src=src, tgt=tgt, task=task, options=options)
            assert got == expected, (family, options)
            assert all(expected), "every row produced tokens"
            assert fast.generate(batch, src=src, tgt=tgt, task=task, options=options) == reference.generate(
                batch, src=src, tgt=tgt, task=task, options=options
            )


def early_stopping_variant(model: Path, out: Path) -> Path:
    """A copy of ``model`` whose end token scores above the token it writes most often (past the forced
    start), so outputs stop early whatever the tokenizer was trained on."""
    reference = TransformersBackend(resolve_model(str(model)), RUNTIME)
    task, src, tgt = CASES[next(k for k in CASES if k.replace("tiny_", "") in model.name)]
    outputs = reference.generate_ids(TEXTS, src=src, tgt=tgt, task=task, options=GREEDY[0])
    token = Counter(t for row in outputs for t in row[2:]).most_common(1)[0][0]
    shutil.copytree(model, out)
    weights = load_file(out / "model.safetensors")
    key = (
        "lm_head.weight"
        if "lm_head.weight" in weights
        else next(k for k in weights if k.endswith("shared.weight"))
    )
    rows = weights[key].clone()
    rows[reference.tokenizer.eos_token_id] = rows[token] * 1.2
    weights[key] = rows
    save_file(weights, out / "model.safetensors", metadata={"format": "pt"})
    return out


@pytest.mark.parametrize("family", ["tiny_nllb", "tiny_marian", "tiny_xlsum", "tiny_crosssum"])
def test_greedy_ids_equal_when_outputs_end_early(family, request, convert, tmp_path) -> None:
    model = early_stopping_variant(
        request.getfixturevalue(family), tmp_path / request.getfixturevalue(family).name
    )
    task, src, tgt = CASES[family]
    reference, fast = both(model, convert(model))
    for options in (GREEDY[0], GenerationOptions(num_beams=1, min_new_tokens=6)):
        expected = reference.generate_ids(TEXTS, src=src, tgt=tgt, task=task, options=options)
        assert fast.generate_ids(TEXTS, src=src, tgt=tgt, task=task, options=options) == expected
    assert min(len(row) for row in expected) < 20, "the variant should end some outputs early"


@pytest.mark.parametrize("family", ["tiny_nllb", "tiny_m2m100", "tiny_marian", "tiny_xlsum"])
def test_token_log_probs_equal_transformers(family, request, convert) -> None:
    import torch

    model = request.getfixturevalue(family)
    task, src, tgt = CASES[family]
    reference, fast = both(model, convert(model))
    tok = reference.tokenizer
    family = reference.ref.driver
    family.prepare_source(tok, src)
    source = tok(TEXTS[0], return_tensors="pt")
    target = [tok.convert_tokens_to_ids(t) for t in [family.target_token(reference.ref, tgt)] if t]
    target += tok("Prices rose again in the capital.", add_special_tokens=False)["input_ids"]
    start = reference.model.generation_config.decoder_start_token_id
    with torch.no_grad():
        logits = reference.model(**source, decoder_input_ids=torch.tensor([[start, *target]])).logits[0]
    if reference.ref.family == "marian":  # CTranslate2 drops Marian's <pad> (last) from the vocabulary
        logits = logits[:, :-1]
    expected = torch.log_softmax(logits, -1)[range(len(target) + 1), [*target, tok.eos_token_id]].tolist()
    scored = fast.translator.score_batch(
        [tok.convert_ids_to_tokens(source["input_ids"][0])], [tok.convert_ids_to_tokens(target)]
    )[0]
    assert scored.log_probs == pytest.approx(expected, abs=2e-3)


def test_language_tokens_keep_their_ids(tiny_m2m100, tiny_nllb, convert) -> None:
    for model, token in ((tiny_m2m100, "__uz__"), (tiny_nllb, "uzn_Latn")):
        fast = CTranslate2Backend(resolve_model(str(convert(model))), RUNTIME)
        vocabulary = json.loads((fast.ref.path / "shared_vocabulary.json").read_text(encoding="utf-8"))
        assert vocabulary.index(token) == fast.tokenizer.convert_tokens_to_ids(token)
        assert len(vocabulary) == json.loads((fast.ref.path / SOURCE_CONFIG).read_text())["vocab_size"]


def test_int8_conversion_translates(tiny_marian, tiny_nllb, convert) -> None:
    for model, tgt in ((tiny_marian, "ru"), (tiny_nllb, "uz")):
        fast = CTranslate2Backend(resolve_model(str(convert(model, "int8"))), RUNTIME)
        assert fast.dtype.startswith("int8") and fast.ref.quantization == "int8"
        out = fast.generate(
            TEXTS, src="en", tgt=tgt, task="translate", options=GenerationOptions(num_beams=2)
        )
        assert len(out) == len(TEXTS) and all(isinstance(t, str) and t.strip() for t in out)


def test_converted_folder_resolves_as_its_family(tiny_marian, convert) -> None:
    path = convert(tiny_marian)
    record = json.loads((path / CT2_RECORD).read_text(encoding="utf-8"))
    assert record["source"]["path"] == str(tiny_marian.resolve()) and record["quantization"] == "float32"
    assert record["converter"]["ctranslate2"] == ctranslate2.__version__
    ref = resolve_model(str(path))  # model.bin is CTranslate2's format, not pickle: no refusal
    assert (ref.engine, ref.family, ref.pair, ref.random_weights) == (
        "ctranslate2",
        "marian",
        ("en", "ru"),
        True,
    )
    assert {"source.spm", "target.spm", "vocab.json", "tokenizer_config.json"} <= {
        p.name for p in path.iterdir()
    }


def test_whole_document_matches_transformers(tiny_marian, convert, seed_text) -> None:
    greedy = GenerationOptions(num_beams=1, max_new_tokens=8)
    run = RuntimeOptions(device="cpu", threads=1, max_batch_tokens=300)
    fast = api.translate(
        seed_text, "ru", source="en", model=str(convert(tiny_marian)), runtime=run, generation=greedy
    )
    reference = api.translate(
        seed_text, "ru", source="en", model=str(tiny_marian), runtime=run, generation=greedy
    )
    assert fast.translations[0].signature.backend == "ctranslate2"
    assert reference.translations[0].signature.backend == "transformers"
    assert fast.translations[0].paragraphs == reference.translations[0].paragraphs


def test_cli_and_api_give_the_same_translation(tiny_nllb, convert, models_dir, tmp_path) -> None:
    install(models_dir, tiny_nllb, "tiny-nllb")
    install(models_dir, convert(tiny_nllb), "tiny-nllb-ct2-float32")
    doc = tmp_path / "doc.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    args = [
        "translate",
        str(doc),
        "--to",
        "ru",
        "--from",
        "en",
        "--model",
        "tiny-nllb",
        "--backend",
        "ctranslate2",
    ]
    result = runner.invoke(app, [*args, "--max-batch-tokens", "40", "--threads", "1"])
    assert result.exit_code == 0, result.output
    runtime = RuntimeOptions.from_env(backend="ctranslate2", max_batch_tokens=40, threads=1)
    expected = api.translate(DOCUMENT, "ru", source="en", model="tiny-nllb", runtime=runtime)
    assert result.stdout == render_translation(expected, "text") + "\n"
    assert expected.translations[0].signature.backend == "ctranslate2"


def test_auto_takes_the_conversion_and_says_so(tiny_marian, convert, models_dir, tmp_path) -> None:
    install(models_dir, tiny_marian, "opus-tiny")
    doc = tmp_path / "doc.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    args = ["translate", str(doc), "--to", "ru", "--from", "en", "--format", "json", "--threads", "1"]
    before = runner.invoke(app, args)
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout)["outputs"][0]["signature"]["backend"] == "transformers"
    api.clear_backends()
    install(models_dir, convert(tiny_marian, "int8"), "opus-tiny-ct2-int8")
    after = runner.invoke(app, args)
    assert after.exit_code == 0, after.output
    signature = json.loads(after.stdout)["outputs"][0]["signature"]
    assert (signature["backend"], signature["dtype"]) == ("ctranslate2", "int8_float32")
    assert "summix: backend ctranslate2 (int8_float32)" in after.stderr


def test_ctranslate2_without_conversion_is_one_line(tiny_marian) -> None:
    result = runner.invoke(
        app, ["translate", str(SEED), "--to", "ru", "--model", str(tiny_marian), "--backend", "ctranslate2"]
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"summix models convert {tiny_marian}" in lines[0], result.stderr


def test_transformers_backend_refuses_a_conversion(tiny_marian, convert) -> None:
    ref = resolve_model(str(convert(tiny_marian)))
    with pytest.raises(SummixError, match="ctranslate2 conversion"):
        choose_engine(ref, RuntimeOptions(backend="transformers"))
    with pytest.raises(SummixError, match="unknown backend 'onnx'"):
        choose_engine(ref, RuntimeOptions(backend="onnx"))


def test_models_convert_command(tiny_xlsum, tmp_path) -> None:
    model = tmp_path / "xlsum"
    shutil.copytree(tiny_xlsum, model)
    # A models command takes models of the models folder: --dir names the one holding this copy.
    result = runner.invoke(app, ["models", "convert", "xlsum", "--dir", str(tmp_path), "-q", "int8"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "xlsum-ct2-int8"
    assert (
        str(out) in result.stdout
        and (out / "model.bin").is_file()
        and not (tmp_path / "xlsum-ct2-int8.part").exists()
    )
    again = runner.invoke(app, ["models", "convert", str(model), "--dir", str(tmp_path), "-q", "int8"])
    assert again.exit_code == 1 and "--force" in again.stderr
    bad = runner.invoke(app, ["models", "convert", "xlsum", "--dir", str(tmp_path), "-q", "int4"])
    assert bad.exit_code == 1 and "int4" in bad.stderr and "int8_bfloat16" in bad.stderr
    ref = resolve_model(str(model))
    assert choose_engine(ref, RuntimeOptions(backend="auto", device="cpu"))[1].path == out


def test_crosssum_conversion_summarises_into_another_language(tiny_crosssum, convert, seed_text) -> None:
    result = api.summarize(
        seed_text, "ru", method="abstractive", model=str(convert(tiny_crosssum)), runtime=RUNTIME
    )
    summary = result.summaries[0]
    assert summary.language == "ru" and summary.signature.backend == "ctranslate2" and summary.text.strip()
    assert "extra_id" not in summary.text


def test_compute_type_per_device() -> None:
    marian, nllb = families.get("marian"), families.get("nllb")
    assert pick_compute_type("auto", "cpu", marian, "int8") == "int8_float32"
    assert pick_compute_type("auto", "cpu", nllb, "bfloat16") == "float32"
    for t5 in ("mt5", "crosssum", "madlad"):
        with pytest.raises(ModelError, match="overflows in float16"):
            pick_compute_type("float16", "cuda", families.get(t5), "float16")
    if "bfloat16" in ctranslate2.get_supported_compute_types("cpu"):
        assert pick_compute_type("bfloat16", "cpu", marian, "float32") == "bfloat16"
    else:
        with pytest.raises(SummixError, match="not supported on cpu"):
            pick_compute_type("bfloat16", "cpu", marian, "float32")


@pytest.mark.parametrize(
    ("option", "value", "needles"),
    [
        ("--backend", "onnx", ("onnx", "auto, transformers, ctranslate2")),
        ("--max-batch-tokens", "0", ("0",)),
        ("--inter-threads", "0", ("0",)),
    ],
)
def test_bad_backend_options_are_one_line(option, value, needles) -> None:
    result = runner.invoke(app, ["translate", str(SEED), "--to", "ru", option, value])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summix: error: ") and option in lines[0], result.stderr
    assert all(n in lines[0] for n in needles)


def test_replicas_split_a_batch_and_keep_its_order(tiny_nllb, convert) -> None:
    reference = TransformersBackend(resolve_model(str(tiny_nllb)), RUNTIME)
    runtime = RuntimeOptions(device="cpu", threads=2, inter_threads=2)
    fast = CTranslate2Backend(resolve_model(str(convert(tiny_nllb))), runtime)
    assert fast.replicas == 2 and fast.split(len(TEXTS)) == {"max_batch_size": 2, "batch_type": "examples"}
    options = GREEDY[0]
    expected = reference.generate_ids(TEXTS, src="en", tgt="uz", task="translate", options=options)
    assert fast.generate_ids(TEXTS, src="en", tgt="uz", task="translate", options=options) == expected


def test_target_vmap_keeps_marian_output_to_target_pieces(tiny_marian, tiny_nllb, tmp_path) -> None:
    from summix.randomweights import train_sentencepiece

    model = tmp_path / "marian-ru-target"
    shutil.copytree(tiny_marian, model)
    cyrillic = [
        "Правительство объявило о новой реформе образования.",
        "Цены на хлеб снова выросли в столице.",
    ]
    spm = train_sentencepiece(cyrillic * 20, tmp_path / "spm", vocab_size=60, model_type="unigram")
    shutil.copy(spm, model / "target.spm")
    out = convert_model(str(model), quantization="float32", output=tmp_path / "ct2", vmap="target").path
    lines = (out / "vmap.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("\t")
    allowed = set(lines[0][1:].split())
    vocab = json.loads((model / "vocab.json").read_text(encoding="utf-8"))
    assert 10 < len(allowed) < len(vocab) / 4 and "<pad>" not in allowed
    fast = CTranslate2Backend(resolve_model(str(out)), RUNTIME)
    assert fast.use_vmap and json.loads((out / CT2_RECORD).read_text())["vmap"] == "target"
    rows = fast.generate_ids(TEXTS, src="en", tgt="ru", task="translate", options=GREEDY[0])
    produced = {fast.tokenizer.convert_ids_to_tokens(i) for row in rows for i in row}
    assert produced and produced <= allowed | {"<unk>", "</s>"}
    with pytest.raises(ModelError, match="only Marian models"):
        convert_model(str(tiny_nllb), output=tmp_path / "nllb", vmap="target")


def test_marian_conversions_take_the_target_map_by_default(tiny_marian, tiny_nllb, tmp_path) -> None:
    model = tmp_path / "marian"
    shutil.copytree(tiny_marian, model)
    convert_cmd = ["models", "convert", "marian", "--dir", str(tmp_path)]
    default = runner.invoke(app, [*convert_cmd, "-q", "float32"])
    assert default.exit_code == 0 and "target vocabulary map" in default.stdout, default.output
    record = json.loads((tmp_path / "marian-ct2-float32" / CT2_RECORD).read_text(encoding="utf-8"))
    assert record["vmap"] == "target"
    off = runner.invoke(app, [*convert_cmd, "-q", "int8", "--no-vmap"])
    assert off.exit_code == 0 and "map" not in off.stdout, off.output
    assert not (tmp_path / "marian-ct2-int8" / "vmap.txt").exists()
    both_given = runner.invoke(app, [*convert_cmd, "--vmap", "target", "--no-vmap"])
    assert both_given.exit_code == 1 and "--no-vmap" in both_given.stderr
    # A family without a target vocabulary of its own gets no map unless one is given.
    nllb = convert_model(str(tiny_nllb), quantization="int8", output=tmp_path / "nllb")
    assert nllb.vmap is None and not (nllb.path / "vmap.txt").exists()


@pytest.mark.parametrize("quantization", ["float32", "int8"])
def test_the_target_map_keeps_greedy_output_of_target_pieces(tiny_marian, tmp_path, quantization) -> None:
    def converted(name: str, **vmap) -> Path:
        return convert_model(str(tiny_marian), quantization=quantization, output=tmp_path / name, **vmap).path

    mapped, plain = converted("map"), converted("plain", vmap=None)
    allowed = set((mapped / "vmap.txt").read_text(encoding="utf-8").split()) | {"</s>", "<unk>"}
    with_map, without = (CTranslate2Backend(resolve_model(str(p)), RUNTIME) for p in (mapped, plain))
    assert with_map.use_vmap and not without.use_vmap
    sentences = [s for p in SEED.read_text(encoding="utf-8").split("\n") for s in p.split(". ") if s][:24]
    compared = 0
    for options in GREEDY:
        unmapped = without.generate_ids(sentences, src="en", tgt="ru", task="translate", options=options)
        kept = with_map.generate_ids(sentences, src="en", tgt="ru", task="translate", options=options)
        for row, other in zip(unmapped, kept, strict=True):
            if set(without.tokenizer.convert_ids_to_tokens(row)) <= allowed:
                assert other == row
                compared += 1
    assert compared >= len(sentences)  # the rule was exercised, not skipped


def test_madlad_converts_and_translates_through_the_cli(tiny_madlad, convert, models_dir) -> None:
    converted = convert(tiny_madlad)
    record = json.loads((converted / CT2_RECORD).read_text(encoding="utf-8"))
    assert record["family"] == "madlad" and (converted / "spiece.model").is_file()
    assert resolve_model(str(converted)).family == "madlad"
    install(models_dir, tiny_madlad, "tiny-madlad")
    install(models_dir, converted, "tiny-madlad-ct2-float32")
    args = ["translate", "-", "--from", "en", "--to", "uz,ru", "-m", "tiny-madlad", "--format", "json"]
    result = runner.invoke(
        app, [*args, "--beams", "1", "--threads", "1"], input="Good morning.\n\nPrices rose.\n"
    )
    assert result.exit_code == 0, result.output
    outputs = json.loads(result.stdout)["outputs"]
    assert [o["language"] for o in outputs] == ["uz", "ru"]
    for output in outputs:
        assert output["signature"]["backend"] == "ctranslate2" and output["signature"]["family"] == "madlad"
        assert len(output["parts"]) == 2 and all(p.strip() for p in output["parts"])
        assert "<2" not in output["text"]


class Spy:
    """Calls through to ``target`` and remembers the keyword arguments of every call to ``method``."""

    def __init__(self, target: object, method: str) -> None:
        self.target, self.method, self.calls = target, method, []

    def __getattr__(self, name: str):
        attribute = getattr(self.target, name)
        if name != self.method:
            return attribute

        def call(*args, **kwargs):
            self.calls.append(kwargs)
            return attribute(*args, **kwargs)

        return call


def test_the_cards_length_penalty_reaches_both_engines(tiny_xlsum, convert) -> None:
    import dataclasses

    from summix.registry import get_spec

    xlsum = get_spec("mt5-xlsum")  # its config.json sets length_penalty 0.6, which transformers 5 ignores
    reference, fast = both(tiny_xlsum, convert(tiny_xlsum))
    reference.ref = dataclasses.replace(reference.ref, spec=xlsum)
    fast.ref = dataclasses.replace(fast.ref, spec=xlsum)
    options = card_generation(reference.ref, task="summarize")
    assert options.length_penalty == 0.6 and options.num_beams == 4 and options.no_repeat_ngram_size == 2
    reference.model = Spy(reference.model, "generate")
    fast.translator = Spy(fast.translator, "translate_batch")
    for backend in (reference, fast):
        assert backend.generate(TEXTS[:2], src="en", tgt="en", task="summarize", options=options)
    assert reference.model.calls[-1]["length_penalty"] == 0.6
    assert reference.model.calls[-1]["num_beams"] == 4
    assert fast.translator.calls[-1]["length_penalty"] == 0.6
    # Without a card setting, each engine keeps the checkpoint's own (transformers' default is 1.0).
    plain = dataclasses.replace(options, length_penalty=None)
    reference.generate(TEXTS[:1], src="en", tgt="en", task="summarize", options=plain)
    fast.generate(TEXTS[:1], src="en", tgt="en", task="summarize", options=plain)
    assert "length_penalty" not in reference.model.calls[-1]
    assert fast.translator.calls[-1]["length_penalty"] == 1.0
