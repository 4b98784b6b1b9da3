"""The CLI end to end: real commands, real tiny models, and every bad input as one clear line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, SEED, install
from typer.testing import CliRunner

from summix.api import clear_backends
from summix.cli import app
from summix.schema import RESULT_SCHEMA
from summix.text import paragraphs

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    clear_backends()


def one_line_error(result, *needles: str) -> str:
    """Assert a failed run printed exactly one error line (no traceback) containing ``needles``."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("summix: error: ") and "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_extractive_summary_of_the_seed_in_english() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[en] English · extractive")
    body = result.stdout.split("\n", 1)[1]
    seed = SEED.read_text(encoding="utf-8")
    assert 0 < len(body) < 0.25 * len(seed)
    assert "Azerbaijan" in body  # the "Putin surrendered" section


def test_translate_seed_keeps_one_paragraph_per_content_paragraph(tiny_nllb) -> None:
    expected = len(paragraphs(SEED.read_text(encoding="utf-8")))
    result = runner.invoke(app, ["translate", str(SEED), "--to", "uz", "--model", str(tiny_nllb)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().split("\n\n")) == expected


def test_translate_json_validates_against_schema(tiny_nllb) -> None:
    result = runner.invoke(
        app, ["translate", str(SEED), "--to", "uz", "-m", str(tiny_nllb), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    out = data["outputs"][0]
    assert out["language"] == "uz" and len(out["parts"]) == len(data["source"]["paragraphs"])
    assert out["signature"]["family"] == "nllb" and out["signature"]["random_weights"] is True
    assert "Review" not in data["source"]["paragraphs"] and "Live" not in data["source"]["paragraphs"]
    assert "The CIS expands" in data["source"]["paragraphs"]


def test_summary_json_and_markdown() -> None:
    result = runner.invoke(
        app, ["summarize", str(SEED), "--lang", "en", "--format", "json", "--sentences", "4"]
    )
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    assert data["method"] == "extractive" and len(data["outputs"][0]["parts"]) == 4
    md = runner.invoke(app, ["summarize", str(SEED), "--lang", "en", "--format", "md"])
    assert md.stdout.startswith("# Summary (extractive") and "\n- " in md.stdout


MARKUP_LIKE = [
    "# This line starts like a heading in the text.",
    "The tag <b>bold</b> and *stars* and a_b_c are written here as text.",
    "+ This line starts like a list item in the text.",
]


@pytest.mark.parametrize(
    "command",
    [
        ["summarize", "-", "--lang", "en", "--method", "extractive", "--sentences", "3"],
        ["translate", "-", "--from", "en", "--to", "en"],  # a copy: no model needed
    ],
)
def test_markdown_output_shows_text_that_looks_like_markup_as_itself(command: list[str]) -> None:
    from markdown_it import MarkdownIt

    document = "\n\n".join(MARKUP_LIKE) + "\n"
    parts = json.loads(runner.invoke(app, [*command, "--format", "json"], input=document).stdout)
    shown = parts["outputs"][0]["parts"]
    assert len(shown) >= 2 and any(part.startswith("#") for part in shown), shown
    result = runner.invoke(app, [*command, "--format", "md"], input=document)
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").render(result.stdout)
    text = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">")
    assert all(part in text for part in shown), html
    assert html.count("<h1>") == 1, html  # the document's own title only


def test_translate_from_stdin_to_output_file(tiny_m2m100, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = runner.invoke(
        app,
        ["translate", "-", "--to", "ru", "-m", str(tiny_m2m100), "-o", str(out)],
        input="One. Two.\n\nThree.\n",
    )
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").strip().split("\n\n")) == 2


def test_default_models_are_found_in_models_dir(models_dir, tiny_nllb) -> None:
    install(models_dir, tiny_nllb)
    result = runner.invoke(app, ["translate", "-", "--to", "uz", "--format", "json"], input="Hello world.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outputs"][0]["signature"]["model_id"].endswith("tiny-nllb")


def test_pivot_through_english(models_dir, tmp_path_factory, corpus) -> None:
    from summix.randomweights import build_random_model

    base = tmp_path_factory.mktemp("pivot")
    build_random_model("marian", base / "m-ru-en", lines=corpus, pair=("ru", "en"))
    build_random_model("marian", base / "m-en-uz", lines=corpus, pair=("en", "uz"))
    install(models_dir, base / "m-ru-en")
    install(models_dir, base / "m-en-uz")
    result = runner.invoke(
        app, ["translate", "-", "--from", "ru", "--to", "uz", "--format", "json"], input="Привет, мир.\n"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outputs"][0]["pivot"] == "en"
    assert "pivoted through English" in result.stderr


def test_missing_model_names_the_pull_command(models_dir) -> None:
    result = runner.invoke(app, ["translate", str(SEED), "--to", "ru"])
    one_line_error(result, "summix models pull", "en->ru")


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"caf\xe9 au lait\n", "UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_bad_input_files(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    one_line_error(runner.invoke(app, ["summarize", str(path), "--lang", "en"]), str(path), needle)


@pytest.mark.parametrize(
    "config, needle",
    [
        (b"[1]", "not a JSON object"),
        (b'{"model_type": "m2m', "not a JSON object"),
        (b"", "not a JSON object"),
    ],
)
def test_model_folder_with_a_broken_config_is_one_line(models_dir, config: bytes, needle: str) -> None:
    broken = models_dir / "broken"
    broken.mkdir()
    (broken / "config.json").write_bytes(config)
    line = one_line_error(
        runner.invoke(app, ["translate", str(SEED), "-m", str(broken)]), str(broken), needle
    )
    assert "no config.json" not in line
    listed = runner.invoke(app, ["models", "list"])  # an unusable folder is skipped, not a crash
    assert listed.exit_code == 0 and "Traceback" not in listed.output, listed.output


def test_bad_arguments(tmp_path: Path, models_dir) -> None:
    one_line_error(runner.invoke(app, ["summarize", str(tmp_path / "nope.txt")]), "nope.txt")
    one_line_error(runner.invoke(app, ["summarize", str(SEED), "--lang", "fr"]), "'fr'", "uz, ru, en")
    one_line_error(
        runner.invoke(app, ["translate", str(SEED), "--to", "ru", "-m", "nllb-600m"]),
        "summix models pull nllb-600m",
    )
    one_line_error(
        runner.invoke(app, ["translate", str(SEED), "-m", "no-such-model"]), "no-such-model", "nllb-600m"
    )
    one_line_error(runner.invoke(app, ["translate", str(SEED), "-m", str(tmp_path)]), "not a model folder")
    one_line_error(runner.invoke(app, ["summarize", str(SEED), "--format", "xml"]), "'xml'", "json")
    one_line_error(runner.invoke(app, ["translate", str(SEED), "--device", "tpu"]), "'tpu'", "cuda")


def test_unsupported_family_and_pickle_weights(tmp_path: Path) -> None:
    bert = tmp_path / "bert"
    bert.mkdir()
    (bert / "config.json").write_text('{"model_type": "bert"}')
    one_line_error(
        runner.invoke(app, ["translate", str(SEED), "-m", str(bert)]), "'bert'", "nllb, m2m100, marian, mt5"
    )
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    (pickled / "config.json").write_text('{"model_type": "marian"}')
    (pickled / "pytorch_model.bin").write_bytes(b"x")
    one_line_error(
        runner.invoke(app, ["translate", str(SEED), "-m", str(pickled)]), "pickle", "--allow-pickle"
    )


def test_console_script_fast_start_and_errors(tmp_path: Path) -> None:
    code = "\n".join(
        [
            "import sys; from summix import cli",
            "sys.argv = ['summix', 'summarize', sys.argv[1], '--lang', 'en', '--method', 'extractive']",
            "try:\n    cli.main()\nexcept SystemExit as e:\n    assert not e.code, e.code",
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'heavy import'",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Aliyev" in done.stdout or "CIS" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "summix", "translate", str(tmp_path / "x.txt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_default_languages_without_translators_print_english_and_name_the_pulls(models_dir) -> None:
    result = runner.invoke(app, ["summarize", str(SEED)])
    assert result.exit_code == 3, result.output
    assert result.stdout.startswith("[en] English · extractive") and "[uz]" not in result.stdout
    missing = [line for line in result.stderr.splitlines() if line.startswith("summix: no ")]
    assert len(missing) == 2
    assert "summix models pull nllb-600m" in missing[0] and "summix models pull opus-mt-en-ru" in missing[1]
    data = json.loads(runner.invoke(app, ["summarize", str(SEED), "--format", "json"]).stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    assert [o["method"] for o in data["outputs"]] == ["unavailable", "unavailable", "extractive"]


def test_help_shows_every_bracketed_note_and_the_ray_extra() -> None:
    for width in (80, 200):  # the wrapped default and a wide terminal
        translate = runner.invoke(app, ["translate", "--help"], terminal_width=width, max_content_width=width)
        summarize = runner.invoke(app, ["summarize", "--help"], terminal_width=width, max_content_width=width)
        assert translate.exit_code == summarize.exit_code == 0
        text, other = (" ".join(r.stdout.split()) for r in (translate, summarize))
        for note in (
            "pip install 'summix[ray]'",
            "[env SUMMIX_DEVICE; default auto]",
            "[env SUMMIX_DTYPE; auto: fp32 on CPU, bf16 on GPU]",
            "[env SUMMIX_MODELS_DIR; default ./models]",
            "[env SUMMIX_INTER_THREADS; default on a CPU: one per thread, each on 1 thread]",
            "Exit codes: 0 every item translated",
        ):
            assert note in text, (width, note)
        assert "[default: about 11% of the words]" in other and "[env SUMMIX_BACKEND;" in other
    models = runner.invoke(app, ["models", "pull", "--help"])
    assert "[default: the registry's revision]" in " ".join(models.stdout.split())


@pytest.mark.parametrize("command", [["translate", str(SEED), "--to", "ru"], ["summarize", str(SEED)]])
def test_more_threads_than_cores_is_refused_in_one_line(command) -> None:
    from summix.options import usable_cores

    result = runner.invoke(app, [*command, "--threads", "999"])
    line = one_line_error(result, "--threads 999", f"at most {usable_cores()}")
    assert "cores" in line


def test_debug_shows_the_traceback_for_every_command(models_dir) -> None:
    from summix.errors import SettingError, SummixError

    cases = [
        ["models", "pull", "nllb-600m"],  # HF_HUB_OFFLINE is set for the tests: pull refuses
        ["translate", str(SEED), "--to", "ru", "--chunk-size", "0"],
        ["summarize", str(SEED), "--method", "magic"],
        ["models", "info", "no-such-model"],
    ]
    for args in cases:
        plain = runner.invoke(app, args)
        assert plain.exit_code == 1 and "Traceback" not in plain.output, (args, plain.output)
        assert len([x for x in plain.stderr.splitlines() if x.strip()]) == 1, (args, plain.stderr)
        debug = runner.invoke(app, args, env={"SUMMIX_DEBUG": "1"})
        assert isinstance(debug.exception, SummixError), (args, debug.output)
    magic = runner.invoke(app, ["summarize", str(SEED), "--method", "magic"], env={"SUMMIX_DEBUG": "1"})
    assert isinstance(magic.exception, SettingError) and "unknown method 'magic'" in str(magic.exception)


def test_madlad_translates_through_the_cli(tiny_madlad, models_dir) -> None:
    install(models_dir, tiny_madlad, "tiny-madlad")
    args = ["translate", "-", "--from", "en", "--to", "uz", "-m", "tiny-madlad", "--format", "json"]
    result = runner.invoke(app, [*args, "--beams", "1"], input="Good morning. Prices rose.\n\nThe end.\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, RESULT_SCHEMA)
    out = data["outputs"][0]
    assert out["signature"]["family"] == "madlad" and out["signature"]["num_beams"] == 1
    assert len(out["parts"]) == 2 and all(p.strip() for p in out["parts"]) and "<2" not in out["text"]


def test_loading_a_model_prints_no_progress_bars_on_a_redirected_stderr(tiny_marian) -> None:
    # transformers draws "Loading weights: 100%|####| 89/89" at every load, even into a file.
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    command = ["translate", "-", "--from", "en", "--to", "ru", "-m", str(tiny_marian), "--threads", "1"]
    done = subprocess.run(
        [sys.executable, "-m", "summix", *command],
        input="Prices rose again.\n",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert "Loading weights" not in done.stderr and "it/s]" not in done.stderr, done.stderr
