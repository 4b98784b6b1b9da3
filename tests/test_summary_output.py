"""What a summary says about itself: where each sentence came from, NEWSROOM statistics, the lines left out
as page furniture, and the length options (--sentences, --words), through the API and the CLI."""

from __future__ import annotations

import json
import random
import re

import jsonschema
import pytest
from conftest import SEED
from typer.testing import CliRunner

import summix
from summix.api import clear_backends
from summix.cli import app
from summix.extractive.units import CHARS_PER_WORD, MAX_UNIT_WORDS
from summix.schema import RESULT_SCHEMA
from summix.text import paragraphs

runner = CliRunner()
SEED_DROPPED = [
    {"line": 2, "text": "Review"},
    {"line": 3, "text": "−"},
    {"line": 4, "text": "11 October 10822 11 minutes"},
    {"line": 37, "text": "Live"},
    {"line": 38, "text": "All"},
]


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


def summarize_json(*args: str) -> dict:
    result = runner.invoke(app, ["summarize", str(SEED), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    return data


def test_json_says_where_each_sentence_came_from_and_how_extractive_it_is(seed_text: str) -> None:
    data = summarize_json("--lang", "en", "--method", "extractive")
    [out] = data["outputs"]
    doc = paragraphs(seed_text)
    assert [s["text"] for s in out["sentences"]] == out["parts"]
    for sentence in out["sentences"]:
        assert sentence["text"] in doc[sentence["paragraph"]]
    sections = [s["section"] for s in out["sentences"]]
    assert sections == sorted(sections) and len(set(sections)) > 2  # the seed has six sections
    fragments = out["fragments"]
    assert fragments["coverage"] == 1.0 and fragments["density"] > 10 and fragments["compression"] > 5
    assert data["source"]["dropped"] == SEED_DROPPED


def test_words_bounds_the_summary_and_sentences_still_works() -> None:
    for words in (40, 120):
        out = summarize_json("--lang", "en", "--words", str(words))["outputs"][0]
        # The best sentence is taken even when it alone is longer; every further one must fit.
        assert len(out["parts"]) == 1 or len(re.findall(r"\w+", out["text"])) <= words
    assert len(out["parts"]) > 1
    assert len(summarize_json("--lang", "en", "--sentences", "2")["outputs"][0]["parts"]) == 2
    short = summix.summarize(SEED.read_text(encoding="utf-8"), "en", words=30)  # auto: a length is extractive
    assert short.method == "extractive" and len(short.summaries[0].sentences) == 1


def test_dropped_lines_are_one_stderr_line_for_text_and_kept_with_keep_all() -> None:
    text = runner.invoke(app, ["summarize", str(SEED), "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert "summix: dropped 5 furniture lines (2, 3, 4, 37, 38); --keep-all keeps them" in text.stderr
    kept = runner.invoke(app, ["summarize", str(SEED), "--lang", "en", "--keep-all"])
    assert kept.exit_code == 0 and "dropped" not in kept.stderr
    assert summarize_json("--lang", "en", "--keep-all")["source"]["dropped"] == []
    assert "dropped" not in runner.invoke(app, ["summarize", str(SEED), "--format", "json"]).stderr


def test_translated_summary_keeps_the_origins_and_abstractive_has_fragments(
    tiny_nllb, tiny_xlsum, seed_text: str
) -> None:
    result = summix.summarize(seed_text, "en,uz", method="extractive", translator=str(tiny_nllb))
    en, uz = result.summaries
    assert uz.origins == en.origins and len(uz.origins) == len(uz.sentences)
    assert en.fragments is not None and uz.fragments is None  # no copied fragments across languages
    data = result.to_dict()
    jsonschema.validate(data, RESULT_SCHEMA)
    assert [s["paragraph"] for s in data["outputs"][1]["sentences"]] == [o.paragraph for o in en.origins]
    abstractive = summix.summarize(seed_text, "en", method="abstractive", model=str(tiny_xlsum)).to_dict()
    jsonschema.validate(abstractive, RESULT_SCHEMA)
    [out] = abstractive["outputs"]
    assert out["sentences"] is None and 0 <= out["fragments"]["coverage"] <= 1
    assert out["fragments"]["compression"] > 1


def test_a_5_mb_file_with_few_sentence_ends_gives_a_short_summary(tmp_path) -> None:
    rng = random.Random(5)
    vocabulary = SEED.read_text(encoding="utf-8").replace(".", " ").split()
    lines, size = [], 0
    while size < 5_000_000:  # 2,000-word lines; one in three ends with a full stop
        line = " ".join(rng.choices(vocabulary, k=2000)) + ("." if rng.random() < 0.3 else "")
        lines.append(line)
        size += len(line) + 1
    doc = tmp_path / "big.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(doc), "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    [out] = json.loads(result.stdout)["outputs"]
    assert len(out["text"]) < 5_000 and len(re.findall(r"\w+", out["text"])) <= 300
    assert all(len(part.split()) <= MAX_UNIT_WORDS for part in out["parts"])


@pytest.mark.parametrize(
    "text", ["a" * 200_000, "Ўзбекистон" * 20_000 + ".", "x" * 5_000 + " " + "y" * 5_000]
)
def test_text_without_word_breaks_gives_a_short_summary(text: str, tmp_path) -> None:
    doc = tmp_path / "token.txt"
    doc.write_text(text + "\n", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(doc), "--from", "en", "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    [out] = json.loads(result.stdout)["outputs"]
    assert 0 < len(out["text"]) <= MAX_UNIT_WORDS * CHARS_PER_WORD
    assert out["text"].replace(" ", "") in text.replace(" ", "")
