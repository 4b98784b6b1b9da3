"""Random-weight models built offline must load and generate exactly like the real checkpoints' folders."""

from __future__ import annotations

import json
import os

os.environ["HF_HUB_OFFLINE"] = "1"  # before transformers / huggingface_hub are imported: never the network

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from summix import families  # noqa: E402
from summix.families.crosssum import langid_map as crosssum_langid_map  # noqa: E402
from summix.randomweights import (  # noqa: E402
    PRESET_FAMILY,
    PRESETS,
    RANDOM_MARKER,
    Arch,
    build_random_model,
    corpus_lines,
    is_random_model,
    read_marker,
    train_sentencepiece,
)

SENTENCES = {
    "en": "The summit in Dushanbe brought together the leaders of Central Asia.",
    "ru": "На саммите в Душанбе встретились лидеры стран Центральной Азии.",
    "uz": "Dushanbedagi sammitda Markaziy Osiyo davlatlari rahbarlari uchrashdi, oʻzbek gʻalla maʼlumot.",
}
UZ_WORD = "oʻzbek"

# name -> (family, build kwargs)
VARIANTS = {
    "nllb": ("nllb", {}),
    "m2m100": ("m2m100", {}),
    "marian": ("marian", {"pair": ("en", "ru")}),
    "mt5-xlsum": ("mt5", {}),
    "mt5-crosssum": ("crosssum", {}),
    "madlad": ("madlad", {}),
}


def test_presets_have_documented_sizes():
    assert Arch(1, 1, 1, 1, 1).vocab_size is None
    assert Arch(1, 1, 1, 1, 1).max_positions == 512
    tiny = PRESETS["tiny"]
    assert (tiny.d_model, tiny.encoder_layers, tiny.decoder_layers, tiny.heads, tiny.ffn) == (32, 2, 2, 2, 64)
    assert tiny.vocab_size is None
    opus = PRESETS["opus-mt"]
    assert (opus.d_model, opus.encoder_layers, opus.decoder_layers, opus.heads, opus.ffn) == (
        512,
        6,
        6,
        8,
        2048,
    )
    assert opus.vocab_size == 62518
    nllb = PRESETS["nllb-600m"]
    assert (nllb.d_model, nllb.encoder_layers, nllb.decoder_layers, nllb.heads, nllb.ffn) == (
        1024,
        12,
        12,
        16,
        4096,
    )
    assert nllb.vocab_size == 256206
    mt5 = PRESETS["mt5-base"]
    assert (mt5.d_model, mt5.encoder_layers, mt5.decoder_layers, mt5.heads, mt5.ffn) == (
        768,
        12,
        12,
        12,
        2048,
    )
    assert mt5.vocab_size == 250112
    assert PRESET_FAMILY == {"opus-mt": "marian", "nllb-600m": "nllb", "mt5-base": "mt5"}
    assert set(PRESET_FAMILY.values()) <= set(families.names())
    assert {name for name, _ in VARIANTS.values()} == set(families.names())  # every family has a builder


def test_corpus_covers_every_script():
    text = "\n".join(corpus_lines())
    assert "ʻ" in text and "ʼ" in text  # Uzbek Latin oʻ/gʻ and tutuq belgisi
    for letter in "ўқғҳ":  # Uzbek Cyrillic
        assert letter in text
    assert "ы" in text  # Russian
    assert "the" in text.lower()


def test_corpus_reads_extra_files(tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("first extra line\n\n  second extra line  \n", encoding="utf-8")
    lines = corpus_lines([extra])
    assert "first extra line" in lines and "second extra line" in lines
    assert "" not in lines


def test_train_sentencepiece_is_deterministic(tmp_path):
    spm = pytest.importorskip("sentencepiece")
    lines = corpus_lines()
    a = train_sentencepiece(lines, tmp_path / "a", vocab_size=300)
    b = train_sentencepiece(lines, tmp_path / "b", vocab_size=300)
    assert a.suffix == ".model" and a.read_bytes() == b.read_bytes()
    proc = spm.SentencePieceProcessor(model_file=str(a))
    assert proc.get_piece_size() <= 300
    pieces = proc.encode(UZ_WORD, out_type=str)
    assert proc.unk_id() not in proc.encode(UZ_WORD) and "".join(pieces).replace("▁", "") == UZ_WORD
    t5 = train_sentencepiece(lines, tmp_path / "t5", 300, "unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    proc = spm.SentencePieceProcessor(model_file=str(t5))
    assert (proc.pad_id(), proc.eos_id(), proc.unk_id(), proc.bos_id()) == (0, 1, 2, -1)


def test_build_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        build_random_model("bart", tmp_path / "x")
    with pytest.raises(ValueError):
        build_random_model("marian", tmp_path / "y", arch="no-such-preset")
    pytest.importorskip("transformers")
    with pytest.raises(ValueError):
        build_random_model("marian", tmp_path / "z", arch=Arch(32, 1, 1, 2, 64, vocab_size=10))
    with pytest.raises(ValueError):
        build_random_model("madlad", tmp_path / "w", arch=Arch(30, 1, 1, 4, 64))


# --------------------------------------------------------------------------------------------- built models
@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    root = tmp_path_factory.mktemp("randomweights")
    return {name: build_random_model(family, root / name, **kw) for name, (family, kw) in VARIANTS.items()}


def _load(path: Path):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True).eval()
    return tokenizer, model


def _generate(model, tokenizer, texts, **kwargs):
    import torch

    batch = tokenizer(list(texts), return_tensors="pt", padding=True)
    with torch.no_grad():
        return model.generate(**batch, max_new_tokens=8, **kwargs)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_folder_loads_with_auto_classes(built, name):
    family = VARIANTS[name][0]
    path = built[name]
    tokenizer, model = _load(path)
    expected_tokenizer = {"nllb": "NllbTokenizer", "m2m100": "M2M100Tokenizer", "marian": "MarianTokenizer"}
    assert type(tokenizer).__name__ == expected_tokenizer.get(family, "T5Tokenizer")
    expected_model = {
        "nllb": "M2M100ForConditionalGeneration",
        "m2m100": "M2M100ForConditionalGeneration",
        "marian": "MarianMTModel",
        "mt5": "MT5ForConditionalGeneration",
        "crosssum": "MT5ForConditionalGeneration",
        "madlad": "T5ForConditionalGeneration",
    }
    assert type(model).__name__ == expected_model[family]
    assert (path / "model.safetensors").is_file()

    marker = json.loads((path / RANDOM_MARKER).read_text(encoding="utf-8"))
    assert marker["family"] == family and marker["seed"] == 0
    assert "meaningless" in marker["note"]
    assert marker["arch"]["d_model"] == 32
    assert is_random_model(path) and read_marker(path) == marker

    if family == "m2m100":
        assert model.config.vocab_size >= len(tokenizer) + 100
        assert max(tokenizer.lang_code_to_id.values()) < model.config.vocab_size
    else:
        assert model.config.vocab_size >= len(tokenizer)
    assert model.get_output_embeddings().weight.shape[0] == model.config.vocab_size


@pytest.mark.parametrize("name", list(VARIANTS))
def test_tokenizer_covers_the_three_languages(built, name):
    tokenizer, _ = _load(built[name])
    for text in SENTENCES.values():
        ids = tokenizer(text, add_special_tokens=False).input_ids
        assert len(ids) > 3
        assert ids.count(tokenizer.unk_token_id) == 0, tokenizer.convert_ids_to_tokens(ids)
    ids = tokenizer(UZ_WORD, add_special_tokens=False).input_ids
    assert set(ids) != {tokenizer.unk_token_id}
    assert tokenizer.decode(ids, skip_special_tokens=True).strip() == UZ_WORD


@pytest.mark.parametrize("name", list(VARIANTS))
def test_generate_with_the_family_target_forcing(built, name):
    family = VARIANTS[name][0]
    tokenizer, model = _load(built[name])
    kwargs: dict = {}
    forced = None
    if family == "nllb":
        tokenizer.src_lang = "eng_Latn"
        forced = tokenizer.convert_tokens_to_ids("uzn_Latn")
        kwargs["forced_bos_token_id"] = forced
    elif family == "m2m100":
        tokenizer.src_lang = "en"
        forced = tokenizer.get_lang_id("uz")
        kwargs["forced_bos_token_id"] = forced
    elif name == "mt5-crosssum":
        piece = model.config.task_specific_params["langid_map"]["uzbek"][1]
        forced = tokenizer.convert_tokens_to_ids(piece)
        kwargs["decoder_start_token_id"] = forced
    texts = [f"<2uz> {t}" if family == "madlad" else t for t in SENTENCES.values()]
    out = _generate(model, tokenizer, texts, **kwargs)
    assert out.shape[0] == len(SENTENCES) and 1 < out.shape[1] <= 9

    start = model.generation_config.decoder_start_token_id
    if family in ("nllb", "m2m100"):
        assert (out[:, 0] == start).all() and start == tokenizer.eos_token_id == 2
        assert (out[:, 1] == forced).all()
    elif name == "mt5-crosssum":
        assert (out[:, 0] == forced).all()
    elif family == "madlad":  # MADLAD's config: the decoder starts from id 0, pad is 1
        assert (out[:, 0] == 0).all() and start == 0 and tokenizer.pad_token_id == 1
    else:  # marian and mt5 start from <pad>
        assert (out[:, 0] == tokenizer.pad_token_id).all() and start == tokenizer.pad_token_id
    assert int(out.max()) < model.config.vocab_size
    for text in tokenizer.batch_decode(out, skip_special_tokens=True):
        assert isinstance(text, str)


def test_nllb_language_codes_and_encoding(built):
    tokenizer, model = _load(built["nllb"])
    codes = tokenizer.extra_special_tokens
    assert len(codes) == 202 and {"eng_Latn", "rus_Cyrl", "uzn_Latn"} <= set(codes)
    ids = {tokenizer.convert_tokens_to_ids(code) for code in codes}
    assert tokenizer.unk_token_id not in ids and len(ids) == 202 and max(ids) < model.config.vocab_size
    for code in ("eng_Latn", "rus_Cyrl"):
        tokenizer.src_lang = code
        ids = tokenizer(SENTENCES["en"]).input_ids
        assert ids[0] == tokenizer.convert_tokens_to_ids(code) and ids[-1] == tokenizer.eos_token_id
    assert model.config.tokenizer_class == "NllbTokenizer"
    assert model.config.decoder_start_token_id == 2
    assert (built["nllb"] / "sentencepiece.bpe.model").is_file()


def test_m2m100_language_ids_follow_the_vocab(built):
    tokenizer, model = _load(built["m2m100"])
    vocab = json.loads((built["m2m100"] / "vocab.json").read_text(encoding="utf-8"))
    assert list(vocab)[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert len(tokenizer) == len(vocab)  # the 100 __xx__ tokens are not counted
    assert tokenizer.get_lang_id("uz") == len(vocab) + sorted(tokenizer.lang_code_to_id).index("uz")
    assert model.config.vocab_size == len(vocab) + 108
    tokenizer.src_lang = "ru"
    ids = tokenizer(SENTENCES["ru"]).input_ids
    assert ids[0] == tokenizer.get_lang_id("ru") and ids[-1] == tokenizer.eos_token_id


def test_marian_layout(built):
    tokenizer, model = _load(built["marian"])
    vocab = json.loads((built["marian"] / "vocab.json").read_text(encoding="utf-8"))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1 and vocab["<pad>"] == len(vocab) - 1
    assert (built["marian"] / "source.spm").is_file() and (built["marian"] / "target.spm").is_file()
    assert (tokenizer.source_lang, tokenizer.target_lang) == ("en", "ru")
    assert read_marker(built["marian"])["pair"] == ["en", "ru"]
    assert model.config.decoder_start_token_id == tokenizer.pad_token_id == len(vocab) - 1
    assert model.config.eos_token_id == 0
    assert model.generation_config.bad_words_ids == [[tokenizer.pad_token_id]]
    assert tokenizer(SENTENCES["en"]).input_ids[-1] == 0


def test_mt5_layout(built):
    for name in ("mt5-xlsum", "mt5-crosssum"):
        tokenizer, model = _load(built[name])
        assert (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id) == (0, 1, 2)
        assert tokenizer.convert_tokens_to_ids("<extra_id_0>") not in (None, tokenizer.unk_token_id)
        gen = model.generation_config
        assert (gen.max_length, gen.num_beams, gen.no_repeat_ngram_size) == (84, 4, 2)
        assert model.config.decoder_start_token_id == 0
        # real mT5 has an output projection of its own
        assert model.lm_head.weight.data_ptr() != model.shared.weight.data_ptr()
        assert tokenizer(SENTENCES["uz"]).input_ids[-1] == 1
    xlsum = read_marker(built["mt5-xlsum"])
    assert xlsum["summarizer"] == "xlsum"
    _, model = _load(built["mt5-xlsum"])
    assert "langid_map" not in (model.config.task_specific_params or {})


def test_crosssum_langid_map(built):
    tokenizer, model = _load(built["mt5-crosssum"])
    langid_map = model.config.task_specific_params["langid_map"]
    assert langid_map == crosssum_langid_map() and len(langid_map) == 45
    assert langid_map["russian"] == [36, "▁<extra_id_63>"]
    assert langid_map["english"] == [30, "▁<extra_id_69>"]
    assert langid_map["uzbek"] == [8, "▁<extra_id_91>"]
    ids = {tokenizer.convert_tokens_to_ids(piece) for _, piece in langid_map.values()}
    assert tokenizer.unk_token_id not in ids and None not in ids and len(ids) == 45
    assert max(ids) < model.config.vocab_size


def test_real_size_vocab_keeps_output_on_real_tokens(tmp_path):
    pytest.importorskip("transformers")
    arch = Arch(d_model=32, encoder_layers=1, decoder_layers=1, heads=2, ffn=64, vocab_size=1500)
    path = build_random_model("marian", tmp_path / "marian", arch=arch, spm_vocab=400)
    tokenizer, model = _load(path)
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    assert len(vocab) == 1500 == model.config.vocab_size and vocab["<pad>"] == 1499
    out = _generate(model, tokenizer, [SENTENCES["en"]], num_beams=1)
    real = min(i for token, i in vocab.items() if token.startswith("<unused_"))
    assert all(i < real or i == tokenizer.pad_token_id for i in out[0].tolist())


def test_same_seed_gives_the_same_model(tmp_path):
    pytest.importorskip("transformers")
    from safetensors.torch import load_file

    arch = Arch(d_model=16, encoder_layers=1, decoder_layers=1, heads=2, ffn=32)
    a = build_random_model("marian", tmp_path / "a", arch=arch, spm_vocab=300, seed=3)
    b = build_random_model("marian", tmp_path / "b", arch=arch, spm_vocab=300, seed=3)
    c = build_random_model("marian", tmp_path / "c", arch=arch, spm_vocab=300, seed=4)
    wa, wb, wc = (load_file(str(p / "model.safetensors")) for p in (a, b, c))
    assert wa.keys() == wb.keys()
    assert all((wa[k] == wb[k]).all() for k in wa)
    assert any(not (wa[k] == wc[k]).all() for k in wa)
    assert (a / "vocab.json").read_bytes() == (b / "vocab.json").read_bytes()


def test_madlad_layout(built):
    tokenizer, model = _load(built["madlad"])
    assert (tokenizer.unk_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id) == (0, 1, 2)
    ids = tokenizer("<2uz> " + SENTENCES["en"]).input_ids
    assert tokenizer.convert_ids_to_tokens(ids[0]) == "<2uz>" and ids[-1] == 2
    assert model.config.model_type == "t5" and model.config.decoder_start_token_id == 0
    assert model.lm_head.weight.data_ptr() != model.shared.weight.data_ptr()
    assert (built["madlad"] / "spiece.model").is_file()
    assert families.detect(built["madlad"], model.config.to_dict()).name == "madlad"


@pytest.mark.parametrize("family", ["nllb", "m2m100"])
def test_quiet_languages_never_writes_a_language_token(tmp_path, family):
    pytest.importorskip("transformers")
    from summix.families import get
    from summix.resolve import resolve_model

    arch = Arch(d_model=32, encoder_layers=1, decoder_layers=1, heads=2, ffn=64)
    path = build_random_model(family, tmp_path / family, arch=arch, spm_vocab=400, quiet_languages=True)
    tokenizer, model = _load(path)
    codes = [get(family).target_token(resolve_model(str(path)), lang) for lang in ("en", "ru", "uz")]
    rows = model.get_output_embeddings().weight[tokenizer.convert_tokens_to_ids(codes)]
    assert read_marker(path)["zeroed_language_rows"] >= 100 and not rows.any()
    forced = tokenizer.convert_tokens_to_ids(codes[2])
    out = _generate(model, tokenizer, [SENTENCES["en"]], num_beams=1, forced_bos_token_id=forced)[0].tolist()
    assert forced in out[:2] and forced not in out[2:]  # the forced token once, then ordinary pieces
    assert tokenizer.decode(out, skip_special_tokens=True).strip()
