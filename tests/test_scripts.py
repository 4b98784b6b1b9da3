"""Uzbek in both scripts without model weights: language codes, the script helpers, ``summix transliterate``,
standard apostrophes (with a scripted backend), and extractive summaries in either script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import summix
from summix import api, engines, extractive, languages, scripts
from summix.errors import LanguageError
from summix.options import RuntimeOptions
from summix.request import TranslateRequest, resume_key
from summix.resolve import resolve_model
from summix.schema import RESULT_SCHEMA
from summix.session import Session
from summix.translit import transliterate

runner = CliRunner()

UZ_CYRL = [
    "Ўзбекистон Республикаси Президенти бугун Тошкентда янги қарорни имзолади ва уни эълон қилди.",
    "Қарор мамлакатдаги барча мактабларда таълим сифатини ошириш ҳақида.",
    "Вазирлар маҳкамаси уни бир ой ичида бажаришни топширди.",
]
UZ_LATN = [transliterate(p, to="uz-Latn") for p in UZ_CYRL]


# ---------------------------------------------------------------------------------------- language codes


@pytest.mark.parametrize(
    ("code", "expected"),
    [("uz", "uz"), ("uz-Latn", "uz"), ("UZ_LATN", "uz"), ("uz-Cyrl", "uz-Cyrl"), ("uz_cyrl", "uz-Cyrl"),
     ("uzc", "uz-Cyrl"), ("ru", "ru"), ("EN", "en")],
)  # fmt: skip
def test_one_table_parses_every_spelling(code: str, expected: str) -> None:
    assert languages.check_language(code) == expected
    assert languages.model_language(code) == ("uz" if expected.startswith("uz") else expected)


def test_unknown_codes_name_every_valid_one_and_directions_may_name_scripts() -> None:
    with pytest.raises(LanguageError) as exc:
        languages.check_language("kk")
    assert all(code in str(exc.value) for code in ("uz", "ru", "en", "uz-Latn", "uz-Cyrl", "uzc"))
    assert languages.parse_direction("en-uz-Cyrl") == ("en", "uz-Cyrl")
    assert languages.parse_direction("uz_cyrl-ru") == ("uz-Cyrl", "ru")
    assert languages.parse_direction("uz-Latn-en") == ("uz", "en")
    with pytest.raises(LanguageError, match="not SRC-TGT"):
        languages.parse_direction("en")


def test_auto_targets_leave_out_the_source_language_in_either_script() -> None:
    assert languages.targets(None, "uz-Cyrl") == ("ru", "en")
    assert languages.targets(None, "uz") == ("ru", "en")
    assert languages.targets(None, None) == ("uz", "ru", "en")
    assert languages.model_direction("uz-Cyrl", "uz") is None
    assert languages.model_direction("en", "uz-Cyrl") == ("en", "uz")


# -------------------------------------------------------------------------------------- script helpers


def test_model_output_in_the_other_script_is_transliterated_and_says_so() -> None:
    parts, extra = scripts.from_model(["Oʻzbekiston va sirk"], "uz", "uz-Cyrl")
    assert parts == ["Ўзбекистон ва цирк"] and extra == {"script": "transliterated from uz-Latn"}
    parts, extra = scripts.from_model(["Ўзбекистон"], "uz-Cyrl", "uz")
    assert parts == ["Oʻzbekiston"]
    assert extra == {"script": "transliterated from uz-Cyrl", "apostrophes": "standard"}


def test_latin_output_gets_standard_apostrophes_unless_kept() -> None:
    raw = ["O'zbekiston tog' bag'rida ma'lumot 'radio' va «Правда»"]
    parts, extra = scripts.from_model(raw, "uz", "uz")
    # Quotation marks stay quotation marks, and Russian the model copied stays Russian.
    assert parts == ["Oʻzbekiston togʻ bagʻrida maʼlumot 'radio' va «Правда»"]
    assert extra == {"apostrophes": "standard"}
    assert scripts.from_model(raw, "uz", "uz", keep_apostrophes=True) == (raw, {"apostrophes": "kept"})
    assert scripts.from_model(["Привет"], "ru", "ru") == (["Привет"], {})


def test_cyrillic_input_is_transliterated_for_a_model_that_reads_latin_only() -> None:
    given, note = scripts.to_model(UZ_CYRL, "uz-Cyrl", "uz")
    assert given == UZ_LATN and note == "uz-Cyrl input transliterated to uz-Latn for the model"
    assert scripts.to_model(UZ_LATN, "uz", "uz") == (UZ_LATN, None)
    assert scripts.to_model(["Привет, мир."], "ru", "ru") == (["Привет, мир."], None)


def test_cyrillic_uzbek_is_detected_with_its_script() -> None:
    assert scripts.detect(" ".join(UZ_CYRL)) == "uz-Cyrl"
    assert scripts.detect(" ".join(UZ_LATN)) == "uz"
    assert scripts.detect("Президент подписал новый указ и объявил об этом сегодня в Ташкенте.") == "ru"


# ------------------------------------------------------------------------------------ summix transliterate

MIXED = "\ufeffЎзбекистон Республикаси\r\n\n  https://kun.uz/news?id=5 ва «цирк», 2024 йил!\r\nSalom — 3,5%\n"


def _transliterate(*args: str, input: bytes | str | None = None):
    return runner.invoke(app(), ["transliterate", *args], input=input)


def app():
    from summix.cli import app as cli_app

    return cli_app


def test_transliterate_keeps_everything_but_uzbek_words_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(MIXED.encode("utf-8"))
    result = _transliterate(str(source), "--to", "uz-Latn")
    assert result.exit_code == 0, result.output
    expected = "\ufeffOʻzbekiston Respublikasi\r\n\n  https://kun.uz/news?id=5 va «sirk», 2024 yil!\r\n"
    expected += "Salom — 3,5%\n"
    assert result.stdout_bytes == expected.encode("utf-8") and result.stderr == ""
    back = _transliterate("-", "--to", "uzc", input=result.stdout_bytes)
    assert back.exit_code == 0 and back.stdout_bytes == MIXED.replace("Salom", "Салом").encode("utf-8")


def test_transliterate_writes_a_file_whole_with_o(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = _transliterate("-", "--to", "uz_cyrl", "-o", str(out), input="Oʻzbekiston\n")
    assert result.exit_code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8") == "Ўзбекистон\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no part file left behind
    blocker = tmp_path / "out.txt"  # a file where the output's folder should be
    failed = _transliterate("-", "--to", "uz-Cyrl", "-o", str(blocker / "x.txt"), input="Salom\n")
    assert failed.exit_code == 1 and len(failed.stderr.splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "Ўзбекистон\n"


@pytest.mark.parametrize("bad", ["en", "xx", "uz-Arab"])
def test_an_unknown_script_is_one_line_naming_the_valid_ones(bad: str, tmp_path: Path) -> None:
    result = _transliterate("-", "--to", bad, input="Salom\n")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and result.stdout == "" and len(lines) == 1
    assert lines[0].startswith("summix: error: ") and "--to" in lines[0]
    assert "uz-Latn" in lines[0] and "uz-Cyrl" in lines[0] and repr(bad) in lines[0]


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Sal\xf6m\n".encode("latin-1"))
    for path in (latin1, tmp_path / "absent.txt"):
        result = _transliterate(str(path), "--to", "uz-Cyrl")
        assert result.exit_code == 1 and result.stdout == "" and len(result.stderr.splitlines()) == 1


def test_the_library_exports_transliterate() -> None:
    assert summix.transliterate("Ўзбекистон", to="uz") == "Oʻzbekiston"
    assert "transliterate" in summix.__all__


# ---------------------------------------------------------------------------- apostrophes, scripted model


class EchoBackend:
    """Gives back every segment as it came: what the pipeline does around the model shows exactly."""

    name, device, dtype, load_seconds, max_input_tokens = "scripted", "cpu", "float32", 0.0, 64

    def __init__(self, ref) -> None:
        self.ref, self.seen = ref, []

    def count_tokens(self, text: str, src: str) -> int:
        return len(text.split()) + 1

    def generate(self, texts, *, src, tgt, task, options):
        self.seen += list(texts)
        return list(texts)


@pytest.fixture
def echo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "echo-nllb"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "m2m_100"}')
    (folder / "tokenizer_config.json").write_text('{"tokenizer_class": "NllbTokenizer"}')
    (folder / "model.safetensors").write_bytes(b"stub")
    backend = EchoBackend(resolve_model(str(folder)))
    monkeypatch.setattr(engines, "load_backend", lambda ref, runtime: backend)
    yield backend
    api.clear_backends()


def test_apostrophes_are_standard_by_default_and_kept_on_request(echo) -> None:
    session = Session(RuntimeOptions.from_env())
    text = ["O'zbekiston tog'lari"]
    model = str(echo.ref.path)
    standard = next(session.translate_batch(text, "uz,uz-Cyrl", source="en", model=model))
    assert standard.translations == {"uz": "Oʻzbekiston togʻlari", "uz-Cyrl": "Ўзбекистон тоғлари"}
    kept = next(session.translate_batch(text, "uz", source="en", model=model, keep_apostrophes=True))
    assert kept.translations == {"uz": "O'zbekiston tog'lari"}
    assert echo.seen == text * 2  # one model call gave both scripts


def test_keep_apostrophes_is_part_of_the_resume_key(echo, tmp_path: Path) -> None:
    session = Session(RuntimeOptions.from_env())
    keys = {
        resume_key(
            TranslateRequest(("-",), to="uz", source="en", model=str(echo.ref.path), keep_apostrophes=k),
            session,
        )
        for k in (False, True)
    }
    assert len(keys) == 2


def test_cli_translate_with_keep_apostrophes(echo, tmp_path: Path) -> None:
    args = ["translate", "-", "-i", "lines", "--from", "en", "--to", "uz", "-m", str(echo.ref.path)]
    standard = runner.invoke(app(), args, input="tog' bag'ri\n")
    kept = runner.invoke(app(), [*args, "--keep-apostrophes"], input="tog' bag'ri\n")
    assert (standard.stdout, kept.stdout) == ("togʻ bagʻri\n", "tog' bag'ri\n")


def test_document_signature_and_notes_say_how_the_script_was_made(echo) -> None:
    result = Session(RuntimeOptions.from_env()).translate(
        "\n\n".join(UZ_CYRL), "en,uz-Cyrl,uz", model=str(echo.ref.path)
    )
    assert result.source_language == "uz-Cyrl"
    en, cyrl, latn = result.translations
    assert echo.seen == UZ_LATN and en.paragraphs == tuple(UZ_LATN)  # the model read Latin
    assert en.notes == ("uz-Cyrl input transliterated to uz-Latn for the model",)
    assert en.signature is not None and en.signature.extra == {}
    assert cyrl.paragraphs == tuple(UZ_CYRL) and cyrl.signature is None  # the source itself
    assert latn.paragraphs == tuple(UZ_LATN) and latn.notes == ("uz: transliterated from the uz-Cyrl text",)
    data = result.to_dict()
    jsonschema.validate(data, RESULT_SCHEMA)
    assert data["outputs"][0]["notes"] == list(en.notes)


# ----------------------------------------------------------------------------- summaries in either script


def test_extractive_summary_keeps_the_script_of_a_cyrillic_source() -> None:
    result = api.summarize("\n\n".join(UZ_CYRL), "uz-Cyrl,uz", method="extractive", sentences=1)
    cyrl, latn = result.summaries
    chosen = extractive.summarize_extractive(UZ_CYRL, "uz", 1)
    assert result.source_language == "uz-Cyrl" and cyrl.sentences == tuple(chosen) and cyrl.notes == ()
    assert latn.language == "uz" and latn.sentences == tuple(transliterate(s, to="uz") for s in chosen)
    assert latn.notes == ("uz: transliterated from the uz-Cyrl text",)


def test_a_summary_of_a_text_in_both_scripts_is_in_the_script_asked_for_and_says_each_thing_once() -> None:
    # Half the paragraphs in each script: the Latin summary quoted Cyrillic sentences as they were, and
    # the Cyrillic one then held a sentence twice (once from each script).
    mixed = [UZ_LATN[0], UZ_CYRL[0], UZ_LATN[1], UZ_CYRL[1]]
    result = api.summarize("\n\n".join(mixed), "uz,uz-Cyrl", method="extractive", sentences=2)
    latn, cyrl = result.summaries
    assert not any(re.search("[а-яўқғҳ]", s, re.IGNORECASE) for s in latn.sentences), latn.sentences
    assert not any(re.search("[a-z]", s, re.IGNORECASE) for s in cyrl.sentences), cyrl.sentences
    assert len(set(cyrl.sentences)) == len(cyrl.sentences) == 2
    assert extractive.vectors.stem("ўзбекистонда", "uz") == extractive.vectors.stem("o'zbekistonda", "uz")


def test_a_copy_into_its_own_language_writes_each_paragraph_in_the_script_asked_for() -> None:
    latn = api.translate("\n\n".join([UZ_LATN[0], UZ_CYRL[1]]), "uz", source="uz").translations[0]
    assert latn.paragraphs == (UZ_LATN[0], UZ_LATN[1])
    assert latn.notes == ("uz: parts in the other script transliterated",)
    resolution = "Бош Ассамблеянинг 217 A (III) қарори."  # a Latin letter inside a Cyrillic paragraph
    cyrl = api.translate(resolution, "uz-Cyrl", source="uz-Cyrl").translations[0]
    assert cyrl.paragraphs == (resolution,) and cyrl.notes == ()


def test_summarize_cli_writes_cyrillic_for_a_latin_document(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("\n\n".join(UZ_LATN), encoding="utf-8")
    result = runner.invoke(
        app(), ["summarize", str(doc), "--lang", "uzc", "--method", "extractive", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    out = data["outputs"][0]
    assert data["source"]["language"] == "uz" and out["language"] == "uz-Cyrl"
    assert all(part in UZ_CYRL for part in out["parts"])


def test_cli_from_uz_cyrl_reads_cyrillic_through_a_latin_model(echo) -> None:
    args = ["translate", "-", "-i", "lines", "--from", "uzc", "--to", "en", "-m", str(echo.ref.path)]
    result = runner.invoke(app(), args, input=UZ_CYRL[0] + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == UZ_LATN[0] + "\n" and echo.seen == [UZ_LATN[0]]
