"""The curated registry as data: complete entries, unique aliases, a default for every direction."""

from __future__ import annotations

import dataclasses
import re

import pytest

from summix import families
from summix.cli.errors import flag
from summix.errors import ModelError, ModelNotFoundError
from summix.hub import RemoteFile, select_files
from summix.languages import LANGUAGES
from summix.registry import (
    DEFAULT_REASONS,
    DEFAULT_SUMMARIZERS,
    DEFAULT_TRANSLATORS,
    SPECS,
    TASKS,
    candidates,
    default_uses,
    get_spec,
)
from summix.resolve import folder_name

OPTIONAL = {"note"}  # "" where there is nothing to say
HEX40 = re.compile(r"[0-9a-f]{40}")
LFS_NAME = re.compile(r"\.(safetensors|bin|model)$|^tokenizer\.json$")  # stored with LFS on these repos


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.alias)
def test_every_entry_has_every_field(spec) -> None:
    for field in dataclasses.fields(spec):
        value = getattr(spec, field.name)
        if field.name not in OPTIONAL | {"directions", "non_commercial"}:
            assert value not in ("", (), {}, None, 0), (spec.alias, field.name)
    assert spec.family in families.names() and set(spec.tasks) <= set(TASKS)
    assert set(spec.tasks) <= set(families.get(spec.family).tasks)
    assert set(spec.languages) <= set(LANGUAGES)
    assert all(a in spec.languages and b in spec.languages and a != b for a, b in spec.directions)
    assert bool(spec.directions) == ("translate" in spec.tasks or "cross-summarize" in spec.tasks)
    assert spec.weights in ("safetensors", "pickle")
    assert spec.non_commercial == ("-NC" in spec.license)
    assert spec.download_mb > 0 and spec.parameters_m > 0 and spec.max_input_tokens >= 128
    assert spec.generation.get("num_beams", 0) >= 1
    assert spec.sources, spec.alias


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.alias)
def test_revisions_are_full_commits_or_say_why_not(spec) -> None:
    pin = spec.pin
    assert pin is not None and pin.revision == spec.revision and spec.files == pin.files
    if HEX40.fullmatch(spec.revision):
        assert pin.full_commit and spec.revision.startswith(pin.commit_prefix)
    else:
        # No stored page printed the full commit: the ref is kept, with the abbreviated commit the pages
        # print (pull refuses any other) and the reason in the note.
        assert re.fullmatch(r"refs/pr/\d+", spec.revision) and re.fullmatch(r"[0-9a-f]{7}", pin.commit_prefix)
        assert "No stored page prints the full commit" in pin.note
    assert re.fullmatch(r"|[0-9a-f]{64}", spec.weights_sha256)
    assert spec.source.startswith(f"https://huggingface.co/{spec.repo_id}/")
    # The page that was read shows this very revision (a hash is never copied from anywhere else).
    assert spec.revision in spec.source.replace("%2F", "/")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.alias)
def test_every_file_pull_fetches_is_listed_with_its_page(spec) -> None:
    names = [f.name for f in spec.files]
    assert "config.json" in names and "model.safetensors" in names and len(set(names)) == len(names)
    listing = _files(*names, "README.md", "pytorch_model.bin", "rust_model.ot", ".gitattributes")
    assert sorted(f.name for f in select_files(listing, allow_pickle=False, where="x")) == sorted(names)
    for pinned in spec.files:
        assert pinned.source.startswith(f"https://huggingface.co/{spec.repo_id}/"), pinned
        assert re.fullmatch(r"|[0-9a-f]{64}", pinned.sha256) and not pinned.blob_id  # no page prints one
        # Exact bytes, the listing's figure, or why no page showed either.
        assert pinned.size is not None or pinned.shown_size or pinned.note, pinned
        if LFS_NAME.search(pinned.name):
            assert pinned.sha256 or pinned.note, pinned  # a hash, or why there is none


def test_card_facts_come_with_their_sources() -> None:
    ru_en, nllb = get_spec("opus-mt-ru-en"), get_spec("nllb-600m")
    assert ru_en.generation["num_beams"] == 6 and "num_beams 6" in ru_en.sources["generation.num_beams"]
    assert nllb.generation["num_beams"] == 4 and "summix's choice" in nllb.sources["generation.num_beams"]
    assert get_spec("opus-mt-en-ru").generation["num_beams"] == 4
    xlsum = get_spec("mt5-xlsum")
    assert xlsum.generation["length_penalty"] == 0.6 and "length_penalty 0.6" in xlsum.sources["generation"]
    for alias in ("mt5-xlsum", "mt5-crosssum"):
        assert "huggingface.co/datasets/csebuetnlp/" in get_spec(alias).sources["license"]
    for spec in SPECS:
        assert spec.sources.get("license") and spec.sources.get("parameters_m"), spec.alias


def test_m2m100_418m_has_484m_parameters() -> None:
    import dataclasses

    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    from summix.randomweights import PRESETS, bart_like_config

    # facebook/m2m100_418M has NLLB-600M's shape with a 128,112-token vocabulary ("418M" is its name).
    arch = dataclasses.replace(PRESETS["nllb-600m"], vocab_size=128112)
    with torch.device("meta"):
        model = M2M100ForConditionalGeneration(bart_like_config(M2M100Config, arch, arch.vocab_size))
    counted = sum(p.numel() for p in model.parameters()) / 1e6
    assert round(counted) == get_spec("m2m100-418m").parameters_m == 484


def test_aliases_and_repo_ids_are_unique_and_safe_folder_names() -> None:
    aliases = [s.alias for s in SPECS]
    assert len(set(aliases)) == len(aliases)
    assert len({s.repo_id for s in SPECS}) == len(SPECS)
    for alias in aliases:
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", alias) and ".." not in alias
        assert folder_name(alias) == alias


def test_every_direction_has_a_default_translator_and_every_language_a_summarizer() -> None:
    for src in LANGUAGES:
        for tgt in LANGUAGES:
            if src != tgt:
                spec = get_spec(DEFAULT_TRANSLATORS[(src, tgt)])
                assert spec.serves("translate", src, tgt)
                assert candidates("translate", src, tgt)[0] is spec
        summarizer = get_spec(DEFAULT_SUMMARIZERS[src])
        assert summarizer.serves("summarize", src, src)
    for alias in set(DEFAULT_TRANSLATORS.values()) | set(DEFAULT_SUMMARIZERS.values()):
        assert DEFAULT_REASONS[alias] and default_uses(alias)


def test_the_issue_s_checkpoints_are_covered_and_en_trk_is_not() -> None:
    repos = {s.repo_id for s in SPECS}
    assert {
        "facebook/nllb-200-distilled-600M",
        "facebook/nllb-200-distilled-1.3B",
        "facebook/m2m100_418M",
        "Helsinki-NLP/opus-mt-en-ru",
        "Helsinki-NLP/opus-mt-ru-en",
        "csebuetnlp/mT5_multilingual_XLSum",
        "csebuetnlp/mT5_m2m_crossSum",
    } <= repos
    assert not any("trk" in r for r in repos)
    assert all(s.weights == "safetensors" for s in SPECS)  # no default needs --allow-pickle


def test_unknown_alias_names_the_value_and_lists_the_valid_ones() -> None:
    with pytest.raises(ModelNotFoundError) as err:
        get_spec("nllb-9000")
    assert "'nllb-9000'" in str(err.value)
    assert all(s.alias in str(err.value) for s in SPECS)
    assert get_spec("facebook/m2m100_418M").alias == "m2m100-418m"


@pytest.mark.parametrize("bad", ["../models", "/etc", "a/../b", "org/..", "a/b/c", "", ".hidden", "x y"])
def test_names_never_become_paths_outside_the_models_folder(bad: str) -> None:
    with pytest.raises(ModelNotFoundError, match="known aliases are nllb-600m"):
        folder_name(bad)


def test_repo_ids_get_a_flat_folder() -> None:
    assert folder_name("Helsinki-NLP/opus-mt-en-ru") == "opus-mt-en-ru"  # a curated repo: its alias
    assert folder_name("some-org/some.model") == "some-org--some.model"


def _files(*names: str) -> list[RemoteFile]:
    return [RemoteFile(n, 1, None, "0" * 40) for n in names]


def test_pull_selects_only_what_inference_needs() -> None:
    listing = _files(
        ".gitattributes",
        "README.md",
        "config.json",
        "generation_config.json",
        "model.safetensors",
        "pytorch_model.bin",
        "tf_model.h5",
        "rust_model.ot",
        "onnx/encoder_model.onnx",
        "sentencepiece.bpe.model",
        "special_tokens_map.json",
        "tokenizer.json",
        "tokenizer_config.json",
    )
    chosen = [f.name for f in select_files(listing, allow_pickle=True, where="x")]
    assert chosen == [
        "config.json",
        "generation_config.json",
        "sentencepiece.bpe.model",
        "special_tokens_map.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "model.safetensors",
    ]
    shards = _files("config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")
    shards += _files("model.safetensors.index.json", "pytorch_model-00001-of-00002.bin")
    assert {f.name for f in select_files(shards, allow_pickle=False, where="x") if f.is_weights} == {
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
        "model.safetensors.index.json",
    }


def test_pickle_only_or_weightless_listings_are_refused() -> None:
    with pytest.raises(ModelError, match="only pickle weights.*set allow_pickle") as refused:
        select_files(_files("config.json", "pytorch_model.bin"), allow_pickle=False, where="x")
    cli_line = refused.value.naming(flag)
    assert "set --allow-pickle" in cli_line and "a --revision with" in cli_line
    chosen = select_files(_files("config.json", "pytorch_model.bin"), allow_pickle=True, where="x")
    assert [f.name for f in chosen] == ["config.json", "pytorch_model.bin"]
    with pytest.raises(ModelError, match="no weights"):
        select_files(_files("config.json", "tf_model.h5"), allow_pickle=True, where="x")
    with pytest.raises(ModelError, match="no config.json"):
        select_files(_files("model.safetensors"), allow_pickle=False, where="x")
