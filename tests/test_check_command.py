"""`summix check`: the command-line contract (one entry per line, in order; exit codes; mismatched and
unreadable inputs) and the library behind it, with no model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summix.checkfiles import check_texts, lines_of, render
from summix.cli import app
from summix.errors import InputError

runner = CliRunner()
SOURCE = [
    "Sales rose 5% in 2019.",
    "",
    "The president of Uzbekistan met the Chinese delegation in Tashkent on Monday.",
    "The museum opened a new exhibition of old manuscripts in the capital.",
    "The museum will open at 3 pm on 15 March.",
]
# Line 1 changes a number, line 2 stays blank, line 3 is Uzbek Cyrillic with every name, line 4 is an
# untranslated copy, line 5 Uzbek Latin written with a plain apostrophe.
OUTPUT = [
    "Sotuvlar 2019-yilda 6% ga oshdi.",
    "",
    "Ўзбекистон президенти душанба куни Тошкентда Хитой делегацияси билан учрашди.",
    "The museum opened a new exhibition of old manuscripts in the capital.",
    "Muzey 15-mart kuni soat 15:00 da ochiladi va bu yil ko'plab mehmonlar kutilmoqda.",
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "src.txt", SOURCE), write(tmp_path / "hyp.txt", OUTPUT)


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, ["check", *args], input=stdin)


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summix: error: "), result.stderr
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_jsonl_has_one_object_per_input_line_in_order(files) -> None:
    source, output = files
    result = invoke(str(source), str(output), "--from", "en", "--to", "uz", "-f", "jsonl")
    assert result.exit_code == 0, result.output  # something is flagged, and that is not an error
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["line"] for e in entries] == [1, 2, 3, 4, 5]
    assert all(set(e) == {"line", "flags", "values"} and isinstance(e["flags"], list) for e in entries)
    kinds = [{f["kind"] for f in e["flags"]} for e in entries]
    assert "numbers" in kinds[0] and kinds[1] == set() and "copy" in kinds[3]
    assert "names" not in kinds[2] and "numbers" not in kinds[4]  # Cyrillic names; 3 pm = 15:00, 15-mart
    assert entries[0]["values"]["numbers"]["missing"] == ["5"]


def test_a_clean_pair_exits_zero_with_empty_flags(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", ["The meeting ended at 5 pm."])
    output = write(tmp_path / "b.txt", ["Встреча закончилась в 17:00."])
    result = invoke(str(source), str(output), "--from", "en", "--to", "ru", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["flags"] == []


def test_text_report_lists_flagged_lines_then_the_summary(files) -> None:
    source, output = files
    result = invoke(str(source), str(output), "--from", "en", "--to", "uz")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("line 1: numbers: ")
    assert all(line.startswith("line ") for line in lines[:-1])
    assert "line 2:" not in result.stdout
    assert lines[-1].startswith(f"{len(lines) - 1} of 5 lines flagged: ")


def test_json_report_is_one_document_with_counts(files) -> None:
    source, output = files
    result = invoke(str(source), str(output), "--from", "en", "--to", "uz", "-f", "json")
    data = json.loads(result.stdout)
    assert data["input_format"] == "lines" and len(data["checks"]) == 5
    assert data["counts"]["checked"] == 5
    assert data["counts"]["flagged"] == sum(1 for c in data["checks"] if c["flags"])
    assert data["summary"].startswith(f"{data['counts']['flagged']} of 5 lines flagged")


def test_mismatched_line_counts_name_both_counts(files, tmp_path: Path) -> None:
    source, _output = files
    short = write(tmp_path / "short.txt", OUTPUT[:3])
    result = invoke(str(source), str(short), "--from", "en", "--to", "uz", "-f", "jsonl")
    one_line_error(result, "5 lines", "the output 3", "--input-format text")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x00\x01binary", "binary file"), (b"caf\xe9\n", "not valid UTF-8")],
)
def test_unreadable_input_is_one_line(files, tmp_path: Path, content: bytes, needle: str) -> None:
    source, _output = files
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    one_line_error(invoke(str(source), str(bad), "--from", "en", "--to", "ru"), needle)
    one_line_error(
        invoke(str(tmp_path / "missing.txt"), str(bad), "--from", "en", "--to", "ru"), "no such file"
    )


def test_bad_settings_are_one_line(files) -> None:
    source, output = files
    args = [str(source), str(output)]
    one_line_error(invoke(*args, "--from", "en", "--to", "de"), "unknown language 'de'")
    one_line_error(
        invoke(*args, "--from", "en", "--to", "uz", "--checks", "numbers,vibes"), "'vibes'", "numbers"
    )
    for nothing in ("", " , "):  # ran no check and said "0 of 4 lines flagged"
        none_run = invoke(*args, "--from", "en", "--to", "uz", "--checks", nothing)
        one_line_error(none_run, "no check given", "names")
    one_line_error(invoke(*args, "--from", "en", "--to", "uz", "-f", "xml"), "--format", "jsonl")
    one_line_error(invoke(*args, "--from", "en", "--to", "uz", "-i", "csv"), "--input-format", "lines")


def test_checks_option_runs_only_the_named_checks(files) -> None:
    source, output = files
    result = invoke(
        str(source), str(output), "--from", "en", "--to", "uz", "-f", "jsonl", "--checks", "numbers"
    )
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(e["values"]) <= {"numbers"} for e in entries)
    assert {f["kind"] for e in entries for f in e["flags"]} == {"numbers"}


def test_standard_input_for_one_side(files) -> None:
    source, _output = files
    result = invoke(
        str(source), "-", "--from", "en", "--to", "uz", "-f", "jsonl", stdin="\n".join(OUTPUT) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 5
    one_line_error(invoke("-", "-", "--from", "en", "--to", "uz"), "both")


def test_documents_align_by_paragraph_even_without_page_furniture(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(
        "Review\nSales rose 5% in 2019.\n\nThe museum opened in Tashkent. It was 3 pm.\n", encoding="utf-8"
    )
    output = tmp_path / "doc.ru.txt"  # as `summix translate` writes it: page furniture left out
    output.write_text(
        "Продажи выросли на 5% в 2019 году.\n\nМузей открылся в Ташкенте. Было 16:00.\n", encoding="utf-8"
    )
    result = invoke(str(source), str(output), "--from", "en", "--to", "ru", "-i", "text", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["paragraph"] for e in entries] == [1, 2]
    assert entries[0]["flags"] == []
    assert any("sentence 2" in f["reason"] or "3 pm" in f["items"] for f in entries[1]["flags"])
    short = tmp_path / "short.txt"
    short.write_text("Одна строка.\n", encoding="utf-8")
    one_line_error(
        invoke(str(source), str(short), "--from", "en", "--to", "ru", "-i", "text"),
        "3 paragraphs (2 without page furniture)",
        "the output 1",
    )


def test_library_reads_lines_as_editors_count_them() -> None:
    assert lines_of("") == [] and lines_of("\n") == [""] and lines_of("a\nb") == ["a", "b"]
    assert lines_of("a\n\nb\n") == ["a", "", "b"]
    with pytest.raises(InputError, match="2 lines and the output 1"):
        check_texts("a\nb\n", "x\n", "en", "ru")
    result = check_texts("\n".join(SOURCE), "\n".join(OUTPUT), "en", "uz")
    assert render(result, "jsonl").count("\n") == len(SOURCE)
    assert result.summary() == render(result, "text").splitlines()[-1]
