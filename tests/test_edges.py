"""Strict edges: every numeric option refused in one line, no leftovers after a failed run, and errors that
name the flag the user gave."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SEED
from typer.testing import CliRunner

from summix.cli import app

runner = CliRunner()


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summix: error: "), result.stderr
    assert all(needle in lines[0] for needle in needles), lines[0]
    return lines[0]


# ---------------------------------------------------------------------------------------- numeric options

SUMMARIZE = ["summarize", str(SEED), "--lang", "en", "--method", "extractive"]
TRANSLATE = ["translate", "-", "--from", "en", "--to", "ru", "-i", "lines"]
QUALITY = ["bench", "quality", "--summaries", "no-such.jsonl", "--method", "extractive"]
SPEED = ["bench", "speed", "--preset", "opus-mt", "--no-plot"]


@pytest.mark.parametrize(
    "command, flag, value, needle",
    [
        (SUMMARIZE, "--sentences", "0", "--sentences must be a positive number, not 0"),
        (SUMMARIZE, "--sentences", "-2", "--sentences must be a positive number, not -2"),
        (SUMMARIZE, "--words", "0", "--words must be a positive number, not 0"),
        (SUMMARIZE, "--batch-size", "-1", "--batch-size must be a positive number, not -1"),
        (SUMMARIZE, "--threads", "0", "--threads must be a positive number, not 0"),
        (SUMMARIZE, "--threads", "-4", "--threads must be a positive number, not -4"),
        (SUMMARIZE, "--max-batch-tokens", "0", "--max-batch-tokens must be a positive number"),
        (SUMMARIZE, "--inter-threads", "0", "--inter-threads must be a positive number"),
        (TRANSLATE, "--chunk-size", "0", "--chunk-size must be a positive number, not 0"),
        (TRANSLATE, "--beams", "-1", "--beams must be a positive number, not -1"),
        (TRANSLATE, "--batch-size", "-1", "--batch-size must be a positive number, not -1"),
        (TRANSLATE, "--threads", "-4", "--threads must be a positive number, not -4"),
        (TRANSLATE, "--max-batch-tokens", "-5", "--max-batch-tokens must be a positive number"),
        (TRANSLATE, "--inter-threads", "0", "--inter-threads must be a positive number"),
        (TRANSLATE, "--workers", "0", "--workers must be a positive number, not 0"),
        (TRANSLATE, "--gpus-per-worker", "-1", "--gpus-per-worker must be 0 or more, not -1.0"),
        (QUALITY, "--sentences", "0", "--sentences must be a positive number, not 0"),
        (QUALITY, "--words", "-3", "--words must be a positive number, not -3"),
        (QUALITY, "--limit", "0", "--limit must be a positive number, not 0"),
        (SPEED, "--batch", "0", "--batch must be a positive number, not 0"),
        (SPEED, "--new-tokens", "0", "--new-tokens must be a positive number, not 0"),
        (SPEED, "--warmup", "-1", "--warmup must be 0 or more, not -1"),
    ],
)
def test_every_numeric_option_is_checked_in_one_line(
    command: list[str], flag: str, value: str, needle: str, models_dir, tmp_path: Path
) -> None:
    output = ["--output", str(tmp_path / "out")] if command[0] == "bench" else []
    result = runner.invoke(app, [*command, flag, value, *output], input="Hello.\n")
    one_line_error(result, needle)
    assert not (tmp_path / "out").exists()


def test_a_length_with_the_abstractive_method_is_refused_not_ignored(models_dir) -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--method", "abstractive", "--words", "50"])
    one_line_error(result, "--sentences and --words set the length of an extractive summary", "--method")


# --------------------------------------------------------------------------------------------- leftovers

FAILURES = {
    "empty": (b"", []),
    "binary": (bytes(range(256)) * 4, []),
    "utf-16": ("Hello world.\n".encode("utf-16"), []),
    "cp1251": ("Привет, мир.\n".encode("cp1251"), []),
    "bad model": (b"Hello world.\n", ["-m", "no-such-model"]),
    "unknown source": (b"Hello world.\n", ["--from", "xx"]),
    "wrong pair": (b"Hello world.\n", ["--to", "uz"]),
}


@pytest.mark.parametrize("case", list(FAILURES))
@pytest.mark.parametrize("where", ["-o", "--output-dir"])
def test_a_failed_run_leaves_nothing_behind(case: str, where: str, tiny_marian, tmp_path: Path) -> None:
    data, extra = FAILURES[case]
    doc, out = tmp_path / "doc.txt", tmp_path / "out"
    doc.write_bytes(data)
    out.mkdir()
    target = str(out / "doc.ru.txt") if where == "-o" else str(out)
    args = ["translate", str(doc), "--from", "en", "--to", "ru", "-m", str(tiny_marian), where, target]
    result = runner.invoke(app, [*args, *extra])
    one_line_error(result)
    assert sorted(p.name for p in out.iterdir()) == []


def test_a_failed_run_keeps_the_outputs_a_rerun_continues_from(tiny_marian, tmp_path: Path) -> None:
    lines, out = tmp_path / "lines.txt", tmp_path / "out"
    lines.write_bytes(b"First line.\nSecond line.\n\xff broken\nFourth line.\n")
    args = ["translate", str(lines), "-i", "lines", "--from", "en", "--to", "ru", "-m", str(tiny_marian)]
    stopped = runner.invoke(app, [*args, "--output-dir", str(out), "--chunk-size", "1"])
    one_line_error(stopped, "lines.txt:3", "the 2 items before it are written")
    assert sorted(p.name for p in out.iterdir()) == [".lines.ru.txt.part", ".lines.ru.txt.summix-state"]


# ------------------------------------------------------------------------------------- naming the flag given


def test_an_unwritable_output_file_names_the_flag_that_was_given(tmp_path: Path, tiny_marian) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for command in (
        ["translate", "-", "--from", "en", "--to", "ru", "-m", str(tiny_marian)],
        ["summarize", "-", "--lang", "en", "--method", "extractive"],
        ["transliterate", "-", "--to", "uz-Cyrl"],
    ):
        result = runner.invoke(app, [*command, "-o", str(blocker / "out.txt")], input="Hello there.\n")
        line = one_line_error(result, f"cannot write to {blocker}", "choose another -o FILE")
        assert "--output-dir" not in line
    folder = runner.invoke(
        app, ["translate", "-", "--to", "ru", "--output-dir", str(blocker / "d")], input="x"
    )
    one_line_error(folder, "choose another --output-dir DIR")


@pytest.mark.parametrize(
    "command",
    [
        ["summarize", "-", "--lang", "en", "--method", "extractive"],
        ["transliterate", "-", "--to", "uz-Cyrl"],
        ["brief", "-", "--lang", "en", "--method", "extractive", "--format", "md"],
    ],
)
def test_an_output_file_that_is_a_folder_is_one_line(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(app, [*command, "-o", str(folder)], input="Hello there. A second sentence.\n")
    one_line_error(result, f"{folder} is a folder", "-o FILE")
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


@pytest.mark.parametrize(
    "command, name",
    [
        (["summarize", "{input}", "--lang", "en", "--method", "extractive"], "doc.txt"),
        (["transliterate", "{input}", "--to", "uz-Cyrl"], "doc.txt"),
        (["brief", "{input}", "--lang", "en", "--method", "extractive"], "doc.md"),
    ],
)
@pytest.mark.parametrize("spelling", ["same", "dotted", "link"])
def test_an_output_file_that_is_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, command: list[str], name: str, spelling: str
) -> None:
    # `summix summarize doc.txt -o doc.txt` replaced the document with its summary.
    document = tmp_path / name
    data = SEED.read_bytes()
    document.write_bytes(data)
    output = {
        "same": str(document),
        "dotted": str(tmp_path / "." / name),
        "link": str(tmp_path / f"l-{name}"),
    }
    if spelling == "link":
        Path(output["link"]).symlink_to(document)
    args = [part.replace("{input}", str(document)) for part in command]
    result = runner.invoke(app, [*args, "-o", output[spelling]])
    one_line_error(result, "is the input", "-o FILE")
    assert document.read_bytes() == data


# ------------------------------------------------------------------- links, pipes, full disks, dir/ names

WRITERS = [
    ["summarize", "-", "--lang", "en", "--method", "extractive"],
    ["transliterate", "-", "--to", "uz-Cyrl"],
    ["translate", "-", "--from", "en", "--to", "ru", "-m", "{marian}"],
]
TEXT = "Hello there. A second sentence.\n"


def writer(command: list[str], marian: Path) -> list[str]:
    return [part.replace("{marian}", str(marian)) for part in command]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
def test_an_output_that_is_a_link_writes_the_file_it_points_to(command, tiny_marian, tmp_path: Path) -> None:
    target, link = tmp_path / "target.txt", tmp_path / "link.txt"
    target.write_text("old")
    link.symlink_to(target)
    result = runner.invoke(app, [*writer(command, tiny_marian), "-o", str(link)], input=TEXT)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text() not in ("old", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "target.txt"]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
def test_an_output_that_is_a_named_pipe_is_written_into(command, tiny_marian, tmp_path: Path) -> None:
    # `-o /dev/null` (or a pipe) was renamed over: the device became a plain file.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, [*writer(command, tiny_marian), "-o", str(pipe)], input=TEXT)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and received and received[0].strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _small_files() -> None:
    """In the child: files of 2 KiB at most, so a longer write fails as on a full disk."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.parametrize("command", [WRITERS[0], WRITERS[1], ["brief", "-", "--lang", "en"]], ids=str)
def test_a_write_that_fails_half_way_is_one_line_and_leaves_no_file(command, tmp_path: Path) -> None:
    out = tmp_path / ("out.html" if command[0] == "brief" else "out.txt")
    longer = [] if command[0] == "transliterate" else ["--method", "extractive", "--sentences", "500"]
    done = subprocess.run(
        [sys.executable, "-m", "summix", *command, *longer, "-o", str(out)],
        input=SEED.read_text() * 8,
        capture_output=True,
        text=True,
        preexec_fn=_small_files,
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"summix: error: cannot write {out}: File too large" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failing_standard_output_is_one_line() -> None:
    with open("/dev/full", "wb") as full:  # every write fails with ENOSPC
        done = subprocess.run(
            [sys.executable, "-m", "summix", "transliterate", "-", "--to", "uz-Cyrl"],
            input=SEED.read_bytes() * 8,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=300,
        )
    assert done.returncode == 1, done.stderr
    line = "summix: error: cannot write to standard output: No space left on device"
    assert done.stderr.decode().strip() == line


@pytest.mark.parametrize("command", [WRITERS[0], WRITERS[1]], ids=lambda c: c[0])
@pytest.mark.parametrize("name", ["new/", ""])
def test_an_output_that_names_no_file_is_one_line(
    command, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `-o new/` wrote a file called "new"; `-o ""` said ". is a folder".
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "-o", name], input=TEXT)
    one_line_error(result, f"{name!r} names no file", "-o FILE")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("flag", "value"), [("-o", ""), ("-o", " "), ("--output-dir", "")])
def test_translate_to_an_empty_output_name_is_one_line(flag: str, value: str, tiny_marian, tmp_path: Path):
    # `translate -o ""` wrote to standard output and exited 0.
    args = ["translate", "-", "--from", "en", "--to", "ru", "-m", str(tiny_marian), flag, value]
    one_line_error(runner.invoke(app, args, input=TEXT), "is empty: name a")


def test_translate_into_a_folder_named_with_a_slash_creates_it(tiny_marian, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(TEXT)
    out = tmp_path / "new"
    args = ["translate", str(tmp_path / "doc.txt"), "--from", "en", "--to", "ru", "-m", str(tiny_marian)]
    result = runner.invoke(app, [*args, "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == ["doc.ru.txt"]  # + its state


@pytest.mark.parametrize(
    "variable, value, needle",
    [
        ("SUMMIX_THREADS", "999", "SUMMIX_THREADS 999 is more than the"),
        ("SUMMIX_DEVICE", "tpu", "unknown SUMMIX_DEVICE 'tpu': choose from auto, cpu"),
    ],
)
def test_a_bad_environment_value_is_named_by_its_variable(
    variable: str, value: str, needle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The message named --threads and --device, flags the user never gave.
    monkeypatch.setenv(variable, value)
    line = one_line_error(runner.invoke(app, SUMMARIZE), needle)
    assert "--threads" not in line and "--device" not in line
    flag = "--threads" if variable == "SUMMIX_THREADS" else "--device"
    given = runner.invoke(app, [*SUMMARIZE, flag, value])
    one_line_error(given, flag)  # a flag given is named as the flag
