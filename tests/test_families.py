"""Every family through the real transformers load + generate path, on tiny random-weight models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import summix
from summix.api import clear_backends
from summix.errors import ModelError
from summix.resolve import RANDOM_MARKER, resolve_model

DOC = (
    "Tashkent hosted a regional summit on Monday.\n"
    "Leaders discussed water, energy and transport. They signed five agreements.\n"
    "Next steps"
)


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


@pytest.mark.parametrize(
    "fixture, targets", [("tiny_nllb", "uz,ru"), ("tiny_m2m100", "uz,ru"), ("tiny_madlad", "uz,ru")]
)
def test_multilingual_translators(request, fixture: str, targets: str) -> None:
    model = request.getfixturevalue(fixture)
    result = summix.translate(DOC, targets, source="en", model=str(model))
    assert [t.language for t in result.translations] == ["uz", "ru"]
    for t in result.translations:
        assert len(t.paragraphs) == 3
        assert all(p.strip() for p in t.paragraphs)
        assert (
            "__" not in t.text
            and "_Latn" not in t.text
            and "_Cyrl" not in t.text
            and "<extra_id" not in t.text
            and "<2" not in t.text
        )
        assert t.signature.random_weights and t.signature.family == resolve_model(str(model)).family


def test_forced_language_token_is_generated(tiny_nllb, tiny_m2m100) -> None:
    from summix.options import RuntimeOptions
    from summix.session import Session

    with Session(RuntimeOptions()) as session:
        for folder, token in ((tiny_nllb, "uzn_Latn"), (tiny_m2m100, "__uz__")):
            backend = session.backend(resolve_model(str(folder)))
            kwargs = backend.ref.driver.target_kwargs(backend.tokenizer, backend.ref, "uz")
            assert backend.tokenizer.convert_ids_to_tokens(kwargs["forced_bos_token_id"]) == token


def test_madlad_source_starts_with_the_target_token(tiny_madlad) -> None:
    from summix.options import RuntimeOptions
    from summix.session import Session

    ref = resolve_model(str(tiny_madlad))
    assert (
        ref.family == "madlad"
        and ref.serves("translate", "en", "uz")
        and not ref.serves("summarize", "en", "en")
    )
    with Session(RuntimeOptions()) as session:
        backend = session.backend(ref)
        sources = backend.encode_sources(["Good morning."], "en", "ru")
        assert sources == ["<2ru> Good morning."]
        ids = backend.tokenizer(sources)["input_ids"][0]
        assert backend.tokenizer.convert_ids_to_tokens(ids[0]) == "<2ru>"
        # the counted budget includes the target token, whatever the target
        assert backend.count_tokens("Good morning.", "en") == len(ids)
        assert ref.driver.clean_output("<2uz> salom  dunyo") == "salom dunyo"


def test_marian_one_pair(tiny_marian) -> None:
    result = summix.translate(DOC, "ru", source="en", model=str(tiny_marian))
    assert len(result.translations[0].paragraphs) == 3
    with pytest.raises(ModelError, match="en-ru"):
        summix.translate(DOC, "uz", source="en", model=str(tiny_marian))


def _marian_folder(tiny_marian: Path, folder: Path, **languages: str) -> Path:
    """A copy of the tiny Marian model whose only word on its pair is ``languages`` in its tokenizer
    config (the random-weight marker's own record of the pair is left out)."""
    shutil.copytree(tiny_marian, folder)
    marker = json.loads((folder / RANDOM_MARKER).read_text())
    (folder / RANDOM_MARKER).write_text(json.dumps({k: v for k, v in marker.items() if k != "pair"}))
    config_path = folder / "tokenizer_config.json"
    config = json.loads(config_path.read_text())
    config = {k: v for k, v in config.items() if k not in ("source_lang", "target_lang")}
    config_path.write_text(json.dumps({**config, **languages}))
    return folder


def test_marian_pair_from_the_tokenizer_config_then_the_name(tiny_marian, tmp_path: Path) -> None:
    iso3 = _marian_folder(tiny_marian, tmp_path / "my-marian", source_lang="eng", target_lang="rus")
    assert resolve_model(str(iso3)).pair == ("en", "ru")
    assert summix.translate(DOC, "ru", source="en", model=str(iso3)).translations[0].paragraphs
    with pytest.raises(ModelError, match=r"\(en-ru\); it cannot translate ru->en"):
        summix.translate(DOC, "en", source="ru", model=str(iso3))
    uzbek = _marian_folder(tiny_marian, tmp_path / "uz-model", source_lang="uzb_Latn", target_lang="en")
    assert resolve_model(str(uzbek)).pair == ("uz", "en")
    named = _marian_folder(tiny_marian, tmp_path / "opus-mt-ru-en")
    assert resolve_model(str(named)).pair == ("ru", "en")
    unknown = _marian_folder(tiny_marian, tmp_path / "checkpoint-500")
    assert resolve_model(str(unknown)).pair is None
    with pytest.raises(ModelError) as error:
        summix.translate(DOC, "ru", source="en", model=str(unknown))
    message = str(error.value)
    assert "source_lang" in message and "tokenizer_config.json" in message and "opus-mt-XX-YY" in message


def test_source_language_is_copied(tiny_nllb) -> None:
    result = summix.translate(DOC, "en,uz", source="en", model=str(tiny_nllb))
    assert result.translations[0].signature is None
    assert list(result.translations[0].paragraphs) == [p for p in DOC.split("\n")]


def test_xlsum_abstractive_map_reduce(tiny_xlsum, seed_text) -> None:
    result = summix.summarize(seed_text, "en", method="abstractive", model=str(tiny_xlsum))
    assert result.method == "abstractive"
    summary = result.summaries[0]
    assert summary.language == "en" and summary.text.strip()
    assert summary.signature.family == "mt5"
    assert summary.signature.num_beams == 4  # the XL-Sum card's settings


def test_crosssum_writes_each_language(tiny_crosssum) -> None:
    result = summix.summarize(DOC, "uz,ru,en", method="abstractive", model=str(tiny_crosssum), source="en")
    assert [s.language for s in result.summaries] == ["uz", "ru", "en"]
    assert all(s.method == "abstractive" and s.text.strip() for s in result.summaries)


def test_extractive_summary_translated(tiny_nllb, seed_text) -> None:
    result = summix.summarize(seed_text, "uz,en", method="extractive", translator=str(tiny_nllb))
    uz, en = result.summaries
    assert en.method == "extractive" and uz.method == "extractive+translate"
    assert len(uz.sentences) == len(en.sentences)


def test_crosssum_language_piece_is_not_left_in_text(tiny_crosssum) -> None:
    result = summix.summarize(DOC, "uz", method="abstractive", model=str(tiny_crosssum), source="en")
    assert "<extra_id" not in result.summaries[0].text
