"""The quality benchmark end to end on a tiny random-weight model: JSON, Markdown, signatures, skips."""

from __future__ import annotations

import dataclasses
import json

import pytest
from benchdata import write_eval
from typer.testing import CliRunner

from summix.api import clear_backends
from summix.cli import app
from summix.cli.bench import quality_main

SYSTEM_FIELDS = {
    "model_id",
    "revision",
    "family",
    "backend",
    "device",
    "dtype",
    "beams",
    "batch",
    "summix_version",
    "weights",
}


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


def test_quality_run_writes_json_and_a_table_with_skips_explained(tiny_marian, tmp_path) -> None:
    data, out = write_eval(tmp_path / "eval"), tmp_path / "out"
    args = [
        "--model",
        str(tiny_marian),
        "--set",
        "ntrex",
        "tatoeba",
        "ntrex-docs",
        "--directions",
        "en-ru",
        "en-uz",
        "--beams",
        "1",
        "--threads",
        "1",
        "--data",
        str(data),
        "--output",
        str(out),
    ]
    written = quality_main(args)
    assert {p.name for p in written} == {"quality.json", "quality.md"}
    report = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    assert set(report["system"]) >= SYSTEM_FIELDS and report["system"]["weights"] == "random"
    assert report["system"]["family"] == "marian" and report["system"]["beams"] == 1
    runs = [(r["test_set"], r["src"], r["tgt"], r["segments"]) for r in report["results"]]
    assert runs == [("ntrex", "en", "ru", 5), ("ntrex-docs", "en", "ru", 2)]
    for result in report["results"]:
        scores = {s["name"]: s for s in result["scores"]}
        assert set(scores) == {"BLEU", "chrF", "chrF++", "TER"}
        assert scores["BLEU"]["score"] < 10 and "tok:13a" in scores["BLEU"]["signature"]  # random weights
    assert any("tatoeba en-ru: the set has no en-ru data" in s for s in report["skipped"])
    assert any("ntrex en-uz" in s and "does not translate en->uz" in s for s in report["skipped"])
    table = (out / "quality.md").read_text(encoding="utf-8")
    assert "Random weights" in table and "| ntrex | en-ru | sentence | 5 | 1 |" in table
    assert "`nrefs:1|case:mixed|eff:no|tok:13a" in table and report["command"] in table


def test_summaries_get_rouge_and_reference_free_checks(tmp_path) -> None:
    rows = [
        {
            "document": "Президент Путин приехал в Душанбе. Он встретился с лидерами. Погода была хорошей.",
            "summary": "Путин приехал в Душанбе.",
        },
        {
            "document": "Цены на хлеб выросли. Мясо тоже подорожало. Власти обещали помочь.",
            "summary": "Цены на хлеб и мясо выросли.",
        },
    ]
    jsonl = tmp_path / "sum.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    args = ["--summaries", str(jsonl), "--summary-lang", "ru", "--method", "extractive"]
    quality_main([*args, "--output", str(tmp_path / "out")])
    report = json.loads((tmp_path / "out" / "quality.json").read_text(encoding="utf-8"))
    (summary,) = report["summaries"]
    scores = {s["name"]: s["score"] for s in summary["scores"]}
    assert summary["method"] == "extractive" and summary["documents"] == 2 and report["results"] == []
    assert scores["ROUGE-1"] > 0 and scores["ROUGE-L"] > 0  # Cyrillic scores: the tokenizer keeps it
    assert summary["supported_share"] == 1.0 and summary["unsupported_numbers"] == 0
    assert 0 < summary["compression"] <= 1
    assert report["metric_signatures"]["ROUGE"] == [
        "rouge|tok:unicode-words|case:lc|stem:no|apos:uz|agg:mean-f"
    ]
    assert [b["name"] for b in summary["baselines"]] == ["lead", "textrank", "lexrank"]
    for baseline in summary["baselines"]:
        assert [d["metric"] for d in baseline["differences"]] == ["ROUGE-1", "ROUGE-2", "ROUGE-L"]
        assert all(d["low"] <= d["mean"] <= d["high"] for d in baseline["differences"])
    assert summary["fragments"]["coverage"] == 1.0 and summary["budget"] == "default length"
    table = (tmp_path / "out" / "quality.md").read_text(encoding="utf-8")
    assert "| textrank |" in table and "paired bootstrap" in table


def test_summary_baselines_get_the_same_sentence_budget(tmp_path) -> None:
    from summix.bench import quality

    rows = [
        {
            "text": "Budget news\nThe central bank raised interest rates on Tuesday. "
            "Analysts expected the rise. The weather was sunny. The bank said rates fight inflation.",
            "summary": "The central bank raised interest rates.",
        }
    ]
    jsonl = tmp_path / "sum.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    options = quality.QualityOptions(
        sets=(), summaries=str(jsonl), summary_lang="en", method="extractive", summary_sentences=2
    )
    (result,) = quality.run_quality(options).summaries
    assert result.budget == "2 sentences" and result.documents == 1
    lead = result.baselines[0]
    assert lead.name == "lead" and lead.mean_words == 12  # the first two sentences, heading left out
    words = dataclasses.replace(options, summary_sentences=None, summary_words=8)
    assert quality.run_quality(words).summaries[0].mean_words <= 8


def test_bench_quality_through_the_cli_gives_one_line_errors(tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["bench", "quality", "--model", "nope-model", "--data", str(tmp_path)])
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("summix: error: unknown model 'nope-model': known aliases are nllb-600m")
    missing = runner.invoke(
        app, ["bench", "quality", "--summaries", "ntrex-docs", "--data", str(tmp_path / "x")]
    )
    assert missing.exit_code == 1 and missing.stderr.startswith("summix: error: no evaluation data folder")
    bad_set = runner.invoke(app, ["bench", "quality", "--set", "flores"])
    assert bad_set.exit_code == 2 and "invalid choice: 'flores'" in bad_set.stderr
