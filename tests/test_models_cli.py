"""`summix models list|info|verify|remove` and `summix languages`, offline (conftest: HF_HUB_OFFLINE=1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import install
from typer.testing import CliRunner

from summix.cli import app
from summix.languages import LANGUAGES
from summix.registry import SPECS

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summix: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_list_works_offline_on_a_fresh_install(models_dir) -> None:
    result = run("models", "list")
    assert result.exit_code == 0, result.output
    for spec in SPECS:
        assert spec.alias in result.stdout
    assert "CC-BY-NC-4.0 (NC)" in result.stdout and "non-commercial" in result.stdout
    rows = json.loads(run("models", "list", "--json").stdout)
    assert [r["alias"] for r in rows] == [s.alias for s in SPECS]
    assert all(r["installed"] is None for r in rows)
    for src in LANGUAGES:
        for tgt in LANGUAGES:
            if src != tgt:
                assert any("translate" in r["tasks"] and f"{src}->{tgt}" in r["directions"] for r in rows)
        assert any("summarize" in r["tasks"] and src in r["languages"] for r in rows)
    nllb = next(r for r in rows if r["alias"] == "nllb-600m")
    assert nllb["non_commercial"] and nllb["default_for"] and nllb["default_reason"]
    assert nllb["revision"] and nllb["weights"] == "safetensors" and nllb["download_mb"] > 0


def test_list_shows_where_models_are_installed(models_dir, tiny_nllb, tiny_marian) -> None:
    link = install(models_dir, tiny_nllb, "nllb-600m")
    install(models_dir, tiny_marian)
    rows = {r["alias"]: r for r in json.loads(run("models", "list", "--json").stdout)}
    assert rows["nllb-600m"]["installed"] == str(link)
    assert rows["tiny-marian-en-ru"]["installed"] == str(models_dir / "tiny-marian-en-ru")
    assert rows["tiny-marian-en-ru"]["curated"] is False
    assert str(link) in run("models", "list").stdout


def test_info_shows_the_entry_and_local_files(models_dir, tiny_nllb) -> None:
    result = run("models", "info", "nllb-600m")
    assert result.exit_code == 0, result.output
    for needle in ("facebook/nllb-200-distilled-600M", "refs/pr/29", "non-commercial", "num_beams=4"):
        assert needle in result.stdout
    assert "summix models pull nllb-600m" in result.stdout
    install(models_dir, tiny_nllb, "nllb-600m")
    data = json.loads(run("models", "info", "facebook/nllb-200-distilled-600M", "--json").stdout)
    assert data["alias"] == "nllb-600m" and data["installed"] == str(models_dir / "nllb-600m")
    sizes = {f["name"]: f["size"] for f in data["local_files"]}
    assert sizes["config.json"] == (tiny_nllb / "config.json").stat().st_size
    assert data["lock"] is None  # not pulled by summix
    pinned = {f["name"]: f for f in data["files"]}  # the registry's pins, each with the page it came from
    assert pinned["model.safetensors"]["sha256"].startswith("ca41e084")
    assert pinned["config.json"]["size"] == 846 and pinned["config.json"]["source"].startswith("https://")


def test_info_says_where_each_fact_came_from(models_dir) -> None:
    result = run("models", "info", "opus-mt-ru-en")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for needle in ("num_beams=6", "generation_config.json at the pinned revision", "cc-by-4.0, the license"):
        assert needle in text, needle
    assert "generation_config.json 293 B" in text and "tokenizer_config.json 42 B" in text
    xlsum = " ".join(run("models", "info", "mt5-xlsum").stdout.split())
    assert "length_penalty=0.6" in xlsum and "datasets/csebuetnlp/xlsum" in xlsum
    assert "403d8ec" in xlsum and "No stored page prints the full commit" in xlsum
    rows = {r["alias"]: r for r in json.loads(run("models", "list", "--json").stdout)}
    assert rows["m2m100-418m"]["commit"] == "17ef199e3a3479ca5d572350066761c5e926ac03"
    assert rows["nllb-600m"]["commit"] is None and rows["nllb-600m"]["commit_prefix"] == "38bd1c6"
    assert all(f["source"] for r in rows.values() for f in r["files"])


@pytest.mark.parametrize("command", ["info", "verify", "remove", "convert"])
def test_bad_names_are_one_line_listing_the_aliases(command: str, models_dir) -> None:
    for bad in ("nllb-9000", "../../no-such-summix-folder", "/nonexistent/x"):
        one_line_error(run("models", command, bad), repr(bad), "nllb-600m, nllb-1.3b")
    for blank in ("", " "):  # said the name "leaves the models folder"
        one_line_error(run("models", command, blank), f"no model named ({blank!r})", "nllb-600m, nllb-1.3b")


def test_an_alias_is_known_in_any_case(models_dir) -> None:
    info = run("models", "info", "NLLB-600M")
    assert info.exit_code == 0 and "facebook/nllb-200-distilled-600M" in info.stdout
    same = [run("models", "info", name, "--json").stdout for name in ("Nllb-600m", "nllb-600m")]
    assert same[0] == same[1]


@pytest.mark.parametrize("command", ["info", "verify", "remove", "convert", "pull"])
def test_no_models_command_reaches_a_folder_outside_the_models_folder(
    command: str, models_dir, tiny_marian, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(tiny_marian, outside)
    escapes = ["../../etc", "/etc", str(outside), str(models_dir / ".." / "elsewhere"), "~"]
    for bad in escapes:
        result = run("models", command, bad, *(["--yes"] if command == "remove" else []))
        line = one_line_error(result, repr(bad), "known aliases are nllb-600m, nllb-1.3b")
        assert "shadow" not in result.output and "passwd" not in result.output, line
    assert (outside / "config.json").is_file()


def test_models_commands_take_a_path_into_the_models_folder(models_dir, tiny_marian) -> None:
    install(models_dir, tiny_marian)
    for name in ("tiny-marian-en-ru", str(models_dir / "tiny-marian-en-ru")):
        result = run("models", "info", name, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["installed"] == str(models_dir / "tiny-marian-en-ru")


def test_not_installed_names_the_pull_command(models_dir) -> None:
    one_line_error(run("models", "verify", "mt5-xlsum"), "summix models pull mt5-xlsum")
    one_line_error(
        run("models", "remove", "some-org/some-model", "--yes"), "summix models pull some-org/some-model"
    )
    one_line_error(run("models", "info", "some-org/some-model"), "not installed")


def test_verify_needs_a_lock(models_dir, tiny_marian) -> None:
    install(models_dir, tiny_marian)
    one_line_error(run("models", "verify", "tiny-marian-en-ru"), "summix-lock.json", "not pulled by summix")


def test_pull_offline_and_pull_bad_names(models_dir) -> None:
    one_line_error(run("models", "pull", "nllb-600m", "mt5-xlsum"), "HF_HUB_OFFLINE")
    one_line_error(run("models", "pull", "nllb-600m", "../escape"), "'../escape'", "known aliases")
    one_line_error(
        run("models", "pull", "nllb-600m", "mt5-xlsum", "--revision", "main"), "one model at a time"
    )
    assert not list(models_dir.iterdir())


def test_remove_asks_first(models_dir, tiny_marian) -> None:
    copy = models_dir / "tiny-marian-en-ru"
    shutil.copytree(tiny_marian, copy)
    one_line_error(run("models", "remove", "tiny-marian-en-ru", input="n\n"), "not removed")
    one_line_error(run("models", "remove", "tiny-marian-en-ru", input=""), "--yes")
    assert copy.is_dir()
    result = run("models", "remove", "tiny-marian-en-ru", input="y\n")
    assert result.exit_code == 0, result.output
    assert not copy.exists() and tiny_marian.is_dir()


def test_remove_unlinks_a_symlink_and_keeps_outside_folders(models_dir, tiny_marian, tmp_path: Path) -> None:
    link = install(models_dir, tiny_marian)
    assert run("models", "remove", "tiny-marian-en-ru", "--yes").exit_code == 0
    assert not link.exists() and (tiny_marian / "config.json").is_file()
    outside = tmp_path / "elsewhere"
    shutil.copytree(tiny_marian, outside)
    one_line_error(run("models", "remove", str(outside), "--yes"), "leaves the models folder")
    assert outside.is_dir()


def test_languages_offline_with_nothing_installed(models_dir) -> None:
    result = run("languages")
    assert result.exit_code == 0, result.output
    rows = json.loads(run("languages", "--json").stdout)
    translate = {(r["from"], r["to"]): r for r in rows if r["task"] == "translate"}
    scripts = {("uz", "uz-Cyrl"), ("uz-Cyrl", "uz")}  # Uzbek in both scripts: built in, no model
    assert len(translate) == 12 and all(r["model"] is None for k, r in translate.items() if k not in scripts)
    assert {translate[k]["model"] for k in scripts} == {"transliteration"}
    assert "summix models pull nllb-600m" in translate[("en", "uz")]["where"]
    assert "summix models pull nllb-600m" in translate[("en", "uz-Cyrl")]["where"]
    summarize = [r for r in rows if r["task"] == "summarize"]
    assert [r["from"] for r in summarize] == [*LANGUAGES, "uz-Cyrl"] and {r["model"] for r in summarize} == {
        "extractive"
    }


def test_languages_say_which_model_serves_what(models_dir, tiny_nllb, tiny_xlsum) -> None:
    install(models_dir, tiny_nllb, "nllb-600m")
    install(models_dir, tiny_xlsum, "mt5-xlsum")
    rows = json.loads(run("languages", "--json").stdout)
    served = {(r["task"], r["from"], r["to"]): r["model"] for r in rows}
    assert all(served[("translate", a, b)] == "nllb-600m" for a in LANGUAGES for b in LANGUAGES if a != b)
    assert all(served[("summarize", lang, lang)] == "mt5-xlsum" for lang in LANGUAGES)
    assert "nllb-600m" in run("languages").stdout


def test_help_lists_the_model_commands() -> None:
    result = run("--help")
    assert "models" in result.stdout and "languages" in result.stdout
    sub = run("models", "--help")
    for command in ("list", "info", "pull", "verify", "remove"):
        assert command in sub.stdout


def test_a_models_folder_that_is_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `models list --dir FILE` listed the registry as if nothing were installed.
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    for command in (["models", "list"], ["languages"]):
        listed = run(*command, "--dir", str(afile))
        one_line_error(listed, f"the models folder {afile} is a file", "--models-dir")
    monkeypatch.setenv("SUMMIX_MODELS_DIR", str(afile))
    one_line_error(run("models", "list"), "give SUMMIX_MODELS_DIR a folder")
