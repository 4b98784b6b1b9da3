"""Uzbek in both scripts with tiny random-weight models: ``--to uz-Cyrl`` in every format, Cyrillic input,
XL-Sum's Cyrillic, and the Cyrillic quality sets.

Random weights give random words: the tests check the scripts (the Cyrillic output is the Latin output
transliterated), fields, file names, model calls and signatures, never the wording.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from benchdata import write_eval
from typer.testing import CliRunner

from summix import api
from summix.cli import app
from summix.cli.bench import quality_main
from summix.options import GenerationOptions, RuntimeOptions
from summix.resolve import resolve_model
from summix.schema import RESULT_SCHEMA
from summix.session import Session
from summix.translit import transliterate

runner = CliRunner()
TEXT = "The summit opened in Dushanbe.\n\nLeaders of five countries came. They signed a treaty."
UZ_CYRL = "Ўзбекистон Республикаси Президенти бугун Тошкентда янги қарорни имзолади ва уни эълон қилди."
# Letters only Cyrillic Uzbek has: a model that reads Latin must never see them.
UZBEK_CYRILLIC = re.compile("[ЎўҚқҒғҲҳ]")


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    api.clear_backends()


def translate(model: Path, *args: str, input: str | None = None):
    result = runner.invoke(
        app, ["translate", *args, "-m", str(model), "--beams", "1", "--threads", "1"], input=input
    )
    assert result.exit_code == 0, result.output
    return result


def cyrillic_of(latin: str) -> str:
    return transliterate(latin, to="uz-Cyrl")


def recording(session: Session, model: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The segments the loaded model is asked to translate, in order."""
    backend = session.backend(resolve_model(str(model)))
    real, seen = backend.generate, []

    def generate(texts, **kwargs):
        seen.extend(texts)
        return real(texts, **kwargs)

    monkeypatch.setattr(backend, "generate", generate)
    return seen


def test_both_scripts_take_one_model_run(tiny_nllb: Path, monkeypatch) -> None:
    session = Session(RuntimeOptions.from_env(threads=1))
    seen = recording(session, tiny_nllb, monkeypatch)
    result = session.translate(
        TEXT, "uz,uz-Cyrl", source="en", model=str(tiny_nllb), generation=GenerationOptions(num_beams=1)
    )
    latin, cyrillic = result.translations
    assert len(seen) == 3  # three sentences, translated once for both scripts
    assert cyrillic.paragraphs == tuple(cyrillic_of(p) for p in latin.paragraphs)
    assert cyrillic.signature is not None and latin.signature is not None
    assert cyrillic.signature.extra == {"script": "transliterated from uz-Latn"}
    assert latin.signature.extra == {"apostrophes": "standard"}
    assert cyrillic.notes == ("uz-Cyrl: the model's output transliterated from uz-Latn",)


@pytest.mark.parametrize("order", ["uz,uz-Cyrl", "uz-Cyrl,uz"])
def test_a_summary_in_both_scripts_is_translated_once(tiny_nllb: Path, monkeypatch, order: str) -> None:
    session = Session(RuntimeOptions.from_env(threads=1))
    seen = recording(session, tiny_nllb, monkeypatch)
    result = session.summarize(TEXT, order, method="extractive", translator=str(tiny_nllb), source="en")
    by_tag = {s.language: s for s in result.summaries}
    latin, cyrillic = by_tag["uz"], by_tag["uz-Cyrl"]
    assert [s.language for s in result.summaries] == order.split(",")
    assert len(seen) == len(latin.sentences) > 0  # each summary sentence once, for both scripts
    assert cyrillic.sentences == tuple(cyrillic_of(s) for s in latin.sentences)
    assert latin.method == cyrillic.method == "extractive+translate"
    assert cyrillic.notes[-1] == "uz-Cyrl: the model's output transliterated from uz-Latn"


def test_documents_get_one_file_per_script(tiny_nllb: Path, tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    translate(
        tiny_nllb, str(doc), "--from", "en", "--to", "uz,uz_cyrl", "--output-dir", str(tmp_path / "out")
    )
    files = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert files == ["doc.uz-Cyrl.txt", "doc.uz.txt"]
    latin = (tmp_path / "out" / "doc.uz.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "doc.uz-Cyrl.txt").read_text(encoding="utf-8") == cyrillic_of(latin)


def test_json_output_of_uz_cyrl_validates(tiny_nllb: Path) -> None:
    out = translate(tiny_nllb, "-", "--from", "en", "--to", "uz-Cyrl", "--format", "json", input=TEXT)
    data = json.loads(out.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    output = data["outputs"][0]
    assert output["language"] == "uz-Cyrl" and len(output["parts"]) == 2
    assert output["signature"]["extra"]["script"] == "transliterated from uz-Latn"


def test_lines_jsonl_and_tsv_name_the_script(tiny_nllb: Path, tmp_path: Path) -> None:
    lines = ["Good morning.", "", "See you soon."]
    latin = translate(tiny_nllb, "-", "-i", "lines", "--from", "en", "--to", "uz", input="\n".join(lines))
    cyrl = translate(tiny_nllb, "-", "-i", "lines", "--from", "en", "--to", "uzc", input="\n".join(lines))
    assert cyrl.stdout.split("\n") == [cyrillic_of(line) for line in latin.stdout.split("\n")]
    assert cyrl.stdout.split("\n")[1] == ""
    record = json.dumps({"id": 1, "text": "Good morning."})
    row = json.loads(translate(tiny_nllb, "-", "-i", "jsonl", "--to", "uz,uz-Cyrl", input=record).stdout)
    assert set(row) == {"id", "text", "text_uz", "text_uz-Cyrl"}
    assert row["text_uz-Cyrl"] == cyrillic_of(row["text_uz"])
    table = tmp_path / "t.tsv"
    table.write_text("id\tbody\n1\tGood morning.\n", encoding="utf-8")
    out = translate(tiny_nllb, str(table), "-i", "tsv", "--column", "body", "--to", "uz-Cyrl")
    header, cells = (line.split("\t") for line in out.stdout.splitlines())
    assert header == ["id", "body", "body_uz-Cyrl"] and cells[:2] == ["1", "Good morning."]
    outdir = tmp_path / "records"
    translate(tiny_nllb, str(table), "-i", "tsv", "--column", "body", "--to", "uz-Cyrl,ru", "-d", str(outdir))
    assert [p.name for p in outdir.iterdir() if not p.name.startswith(".")] == ["t.uz-Cyrl-ru.tsv"]


def test_cyrillic_uzbek_input_is_detected_and_read_in_latin(tiny_nllb: Path, monkeypatch) -> None:
    session = Session(RuntimeOptions.from_env(threads=1))
    seen = recording(session, tiny_nllb, monkeypatch)
    result = session.translate(UZ_CYRL, "en", model=str(tiny_nllb), generation=GenerationOptions(num_beams=1))
    assert result.source_language == "uz-Cyrl"
    assert seen == [transliterate(UZ_CYRL, to="uz-Latn")] and not UZBEK_CYRILLIC.search(seen[0])
    assert result.translations[0].notes == ("uz-Cyrl input transliterated to uz-Latn for the model",)
    cli = translate(tiny_nllb, "-", "--to", "en", input=UZ_CYRL)
    assert "<stdin>: uz-Cyrl input transliterated to uz-Latn for the model" in cli.stderr


def test_xlsum_reads_and_writes_uzbek_in_cyrillic(tiny_xlsum: Path, monkeypatch) -> None:
    session = Session(RuntimeOptions.from_env(threads=1))
    seen = recording(session, tiny_xlsum, monkeypatch)
    latin = transliterate(UZ_CYRL, to="uz-Latn")
    result = session.summarize(latin, "uz,uz-Cyrl", model=str(tiny_xlsum), source="uz")
    assert seen and all(not re.search("[A-Za-z]{3}", s) for s in seen)  # the model read Cyrillic
    summary_latin, summary_cyrillic = result.summaries
    assert summary_latin.signature is not None and summary_cyrillic.signature is not None
    assert summary_latin.signature.extra == {
        "script": "transliterated from uz-Cyrl",
        "apostrophes": "standard",
    }
    assert summary_cyrillic.signature.extra == {}
    assert "uz input transliterated to uz-Cyrl for the model" in summary_latin.notes


def test_quality_scores_the_cyrillic_sets_as_uz_cyrl(tiny_nllb: Path, tmp_path: Path) -> None:
    data, out = write_eval(tmp_path / "eval"), tmp_path / "out"
    args = ["--model", str(tiny_nllb), "--set", "udhr-cyrl", "tatoeba-cyrl", "--beams", "1", "-o", str(out),
            "--directions", "en-uz-Cyrl", "uz-Cyrl-en", "--threads", "1", "--data", str(data)]  # fmt: skip
    quality_main(args)
    report = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    runs = {(r["test_set"], r["src"], r["tgt"]): r for r in report["results"]}
    assert set(runs) == {
        ("udhr-cyrl", "en", "uz-Cyrl"),
        ("udhr-cyrl", "uz-Cyrl", "en"),
        ("tatoeba-cyrl", "en", "uz-Cyrl"),
        ("tatoeba-cyrl", "uz-Cyrl", "en"),
    }
    into = runs[("udhr-cyrl", "en", "uz-Cyrl")]
    assert into["signature"]["extra"]["script"] == "transliterated from uz-Latn"
    assert into["samples"][0][2] == "Барча одамлар эркин туғиладилар."  # the Cyrillic reference
    assert "script" not in runs[("udhr-cyrl", "uz-Cyrl", "en")]["signature"]["extra"]
