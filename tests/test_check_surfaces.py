"""--check on `summix translate` and `summix summarize`: what each output format gains (JSON checks under
the schema, Markdown marks, JSONL fields, a stderr line for all), and what it must not change (the
translations, the segment cache, the shape of lines, TSV and Parquet)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from summix.api import clear_backends
from summix.cli import app
from summix.schema import RESULT_SCHEMA

runner = CliRunner()
DOCUMENT = (
    "Review\n"
    "Sales rose 5% in 2019, the ministry said in Tashkent.\n\n"
    "Prices for bread rose again. Farmers expect a good harvest.\n"
    "The museum opened an exhibition of manuscripts.\n"
)
GREEDY = ["--beams", "1", "--threads", "1"]  # random weights: greedy keeps every output short to make


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


def translate(model: Path, *args: str, text: str = DOCUMENT):
    result = runner.invoke(
        app, ["translate", "-", "--from", "en", "--to", "ru", "-m", str(model), *GREEDY, *args], input=text
    )
    assert result.exit_code == 0, result.output
    return result


def test_json_gains_checks_under_the_schema(tiny_marian) -> None:
    result = translate(tiny_marian, "--check", "-f", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    out = data["outputs"][0]
    assert len(out["checks"]) == len(out["parts"]) == 3
    flagged = sum(1 for c in out["checks"] if c["flags"])
    assert out["check_summary"].startswith(f"{flagged} of 3 paragraphs flagged")
    for check in out["checks"]:
        model = check["values"]["model"]
        assert model["min_logprob"] <= model["mean_logprob"] < 0 and model["tokens"] > 0
        assert model["back_logprob"] is None  # asked for with --check-back only
    assert out["model"]["tokens"] == sum(c["values"]["model"]["tokens"] for c in out["checks"])
    assert f"summix: checks, ru: {out['check_summary']}" in result.stderr.splitlines()


def test_the_schema_refuses_checks_without_their_summary(tiny_marian) -> None:
    data = json.loads(translate(tiny_marian, "--check", "-f", "json").stdout)
    del data["outputs"][0]["check_summary"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, RESULT_SCHEMA)
    data = json.loads(translate(tiny_marian, "--check", "-f", "json").stdout)
    data["outputs"][0]["checks"][0]["values"]["model"]["mean_logprob"] = 0.5  # not a log-probability
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, RESULT_SCHEMA)


def test_check_changes_no_translation_and_no_cache_key(tiny_marian, tmp_path: Path) -> None:
    cache = ["--cache", str(tmp_path / "cache")]
    plain = translate(tiny_marian, *cache)
    assert "(4 translated, 0 reused)" in plain.stderr and "checks" not in plain.stderr
    checked = translate(tiny_marian, *cache, "--check", "-f", "json")
    assert "(0 translated, 4 reused)" in checked.stderr  # the same segment keys
    out = json.loads(checked.stdout)["outputs"][0]
    assert out["text"] + "\n" == plain.stdout
    # The cache was written without scores: the reused segments have none, and say so with null.
    assert all(c["values"]["model"]["mean_logprob"] is None for c in out["checks"])
    fresh = ["--cache", str(tmp_path / "scored")]
    first = json.loads(translate(tiny_marian, *fresh, "--check", "-f", "json").stdout)["outputs"][0]
    again = translate(tiny_marian, *fresh, "--check", "-f", "json")
    assert "(0 translated, 4 reused)" in again.stderr
    assert json.loads(again.stdout)["outputs"][0]["checks"] == first["checks"]


def document(folder: Path) -> str:
    source = folder / "doc.txt"
    source.write_text(DOCUMENT, encoding="utf-8")
    return str(source)


def test_a_checked_rerun_rewrites_a_finished_output(tiny_marian, tmp_path: Path) -> None:
    out = ["-d", str(tmp_path / "out")]
    args = ["translate", document(tmp_path), "--to", "ru", "-m", str(tiny_marian), *GREEDY, *out]
    assert runner.invoke(app, [*args, "-f", "json"]).exit_code == 0
    result = runner.invoke(app, [*args, "-f", "json", "--check"])
    assert "1 done, 0 already done" in result.stderr
    assert (
        "checks" in json.loads((tmp_path / "out" / "doc.ru.json").read_text(encoding="utf-8"))["outputs"][0]
    )


def test_markdown_quotes_what_each_flagged_paragraph_has(tiny_marian) -> None:
    data = json.loads(translate(tiny_marian, "--check", "-f", "json").stdout)["outputs"][0]
    markdown = translate(tiny_marian, "--check", "-f", "md").stdout
    quotes = [t for t in MarkdownIt().parse(markdown) if t.type == "blockquote_open"]
    assert len(quotes) == sum(1 for c in data["checks"] if c["flags"]) > 0
    assert data["check_summary"] in markdown
    for check in data["checks"]:
        for flag in check["flags"]:
            assert f"{flag['kind']}: {flag['reason']}" in markdown


def test_text_output_is_unchanged_and_the_summary_goes_to_stderr(tiny_marian) -> None:
    plain, checked = translate(tiny_marian), translate(tiny_marian, "--check")
    assert checked.stdout == plain.stdout
    assert checked.stderr.splitlines()[-1].startswith("summix: checks, ru: ")
    assert "paragraphs flagged" in checked.stderr


def test_jsonl_records_gain_one_check_per_line(tiny_marian) -> None:
    records = [{"id": 1, "text": "Sales rose 5% in 2019."}, {"id": 2, "text": "Hello.\nGood night."}]
    text = "".join(json.dumps(r) + "\n" for r in records)
    result = translate(tiny_marian, "-i", "jsonl", "--check", text=text)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(row["text_ru_checks"]) for row in rows] == [1, 2]
    assert list(rows[0]) == ["id", "text", "text_ru", "text_ru_checks"]
    for row in rows:
        for check in row["text_ru_checks"]:
            jsonschema.validate(
                check, RESULT_SCHEMA["properties"]["outputs"]["items"]["properties"]["checks"]["items"]
            )
    assert "summix: checks, ru: " in result.stderr and "of 2 records flagged" in result.stderr


@pytest.mark.parametrize("fmt", ["lines", "tsv"])
def test_lines_and_tsv_keep_their_shape(tiny_marian, fmt) -> None:
    text = (
        "Sales rose 5%.\n\nGood night.\n"
        if fmt == "lines"
        else "id\ttext\n1\tSales rose 5%.\n2\tGood night.\n"
    )
    plain = translate(tiny_marian, "-i", fmt, text=text)
    checked = translate(tiny_marian, "-i", fmt, "--check", text=text)
    assert checked.stdout == plain.stdout
    assert (
        "of 3 records flagged" in checked.stderr
        if fmt == "lines"
        else "of 2 records flagged" in checked.stderr
    )


def test_check_back_without_a_reverse_model_says_so_once(tiny_marian) -> None:
    records = "".join(json.dumps({"text": f"Line {i}."}) + "\n" for i in range(5))
    result = translate(tiny_marian, "-i", "jsonl", "--check-back", "--chunk-size", "2", text=records)
    notes = [line for line in result.stderr.splitlines() if "no back-scores" in line]
    assert len(notes) == 1 and "summix models pull opus-mt-ru-en" in notes[0]


def test_summary_json_markdown_and_stderr(tiny_marian, tmp_path: Path) -> None:
    how = ["--lang", "en,ru", "--method", "extractive", "--translator", str(tiny_marian)]
    args = ["summarize", document(tmp_path), *how]
    result = runner.invoke(app, [*args, "--check", "-f", "json", "--threads", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    english, russian = data["outputs"]
    assert len(english["checks"]) == len(english["parts"]) and english["model"] is None  # no model wrote it
    assert all(c["flags"] == [] for c in english["checks"])  # sentences of the source say only what it says
    assert len(russian["checks"]) == len(russian["parts"])
    assert all("translation" in c["values"] and c["values"]["model"]["tokens"] > 0 for c in russian["checks"])
    assert "summix: checks, en: 0 of" in result.stderr and "summix: checks, ru: " in result.stderr
    markdown = runner.invoke(app, [*args, "--check", "-f", "md", "--threads", "1"]).stdout
    assert "_checks: 0 of" in markdown
    assert markdown.count("  > **check** · ") == sum(1 for c in russian["checks"] if c["flags"])


def test_library_check_setting_is_checked() -> None:
    import summix
    from summix.errors import SettingError

    with pytest.raises(SettingError, match="unknown check 'loud'"):
        summix.translate("Hello.", "ru", check="loud")


def test_both_uzbek_scripts_are_checked_as_written(tiny_nllb) -> None:
    from summix.options import RuntimeOptions
    from summix.session import Session

    text = "Sales rose 5% in 2019.\n\nThe museum opened in Tashkent."
    with Session(RuntimeOptions(threads=1)) as session:
        latin, cyrillic = session.translate(
            text, "uz,uz-Cyrl", source="en", model=str(tiny_nllb), check=True
        ).translations
    assert (latin.language, cyrillic.language) == ("uz", "uz-Cyrl")
    for translation in (latin, cyrillic):
        assert [c.output for c in translation.checks] == list(translation.paragraphs)
    # One model run serves both scripts: the same scores.
    assert [c.values["model"] for c in latin.checks] == [c.values["model"] for c in cyrillic.checks]


def test_markdown_input_is_checked_span_by_span(tiny_marian, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Prices\n\nSales rose 5% in 2019.\n\n```\ncode stays\n```\n", encoding="utf-8")
    args = ["translate", str(page), "--to", "ru", "-m", str(tiny_marian), *GREEDY, "--check"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "code stays" in result.stdout
    assert "of 2 paragraphs flagged" in result.stderr.splitlines()[-1]
