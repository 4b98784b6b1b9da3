"""Batch translation end to end with a scripted backend: formats, bad input, dedup, cache, resume.

The backend upper-cases each segment, so every expected output is known exactly. Library calls get it
through their own session's loader; CLI runs through the engine loader every session uses by default, so
the real CLI, request, batch, session and pipeline code all run.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summix import api, batch, engines
from summix.cli import app
from summix.errors import ItemError, SettingError
from summix.options import RuntimeOptions
from summix.request import TranslateRequest
from summix.resolve import resolve_model
from summix.session import Session

runner = CliRunner()


class UpperBackend:
    """Upper-cases every segment; a segment containing "DROPME" comes back empty. Records every call."""

    name = "scripted"
    device = "cpu"
    dtype = "float32"
    load_seconds = 0.0
    max_input_tokens = 64

    def __init__(self, ref) -> None:
        self.ref = ref
        self.calls: list[list[str]] = []

    def count_tokens(self, text: str, src: str) -> int:
        return len(text) // 8 + 1  # so that one long word is over the budget too

    def generate(self, texts, *, src, tgt, task, options):
        self.calls.append(list(texts))
        return ["" if "DROPME" in t else t.upper() for t in texts]

    @property
    def segments(self) -> list[str]:
        return [t for call in self.calls for t in call]


@pytest.fixture(scope="module")
def stub_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stub") / "stub-nllb"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "m2m_100"}')
    (folder / "tokenizer_config.json").write_text('{"tokenizer_class": "NllbTokenizer"}')
    (folder / "model.safetensors").write_bytes(b"stub")
    return folder


@pytest.fixture
def fake(stub_folder: Path, monkeypatch: pytest.MonkeyPatch):
    """The scripted backend, loaded for the model ``str(stub_folder)`` by every session made meanwhile."""
    backend = UpperBackend(resolve_model(str(stub_folder)))
    monkeypatch.setattr(engines, "load_backend", lambda ref, runtime: backend)
    yield backend
    api.clear_backends()


def session_with(scripted: UpperBackend, **runtime: object) -> Session:
    """A session whose only model is ``scripted``."""
    return Session(RuntimeOptions.from_env(**runtime), loader=lambda ref, _runtime: scripted)


def expected(text: str) -> str:
    return "\n".join(" ".join(line.split()).upper() for line in text.split("\n"))


def squeezed(text: str) -> list[str]:
    """Each line without its spaces: sentences are joined with one space, whatever separated them."""
    return ["".join(line.split()) for line in text.split("\n")]


def translate(fake: UpperBackend, *args: str, input: bytes | None = None):
    result = runner.invoke(app, ["translate", *args, "-m", str(fake.ref.path)], input=input)
    assert "Traceback" not in result.output, result.output
    return result


def run_lines(model: Path, data: bytes, *extra: str) -> tuple[bytes, batch.BatchSummary]:
    """``summix translate - -i lines --from en --to ru`` in process, returning stdout's bytes."""
    request = TranslateRequest(("-",), "ru", "en", str(model), "lines", *extra)
    out = io.BytesIO()
    session = Session(RuntimeOptions.from_env(batch_size=8))
    summary = batch.run(request, session, stdin=io.BytesIO(data), stdout=out, notify=print)
    return out.getvalue(), summary


# Any line: every script, odd spaces and separators, but no line end (\n, \r) or BOM (those are the format).
LINE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r\ufeff\x00"), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE, max_size=12), crlf=st.booleans())
def test_lines_mode_keeps_every_line_in_order(fake, lines: list[str], crlf: bool) -> None:
    data = "".join(line + ("\r\n" if crlf else "\n") for line in lines).encode("utf-8")
    out, summary = run_lines(fake.ref.path, data)
    text = out.decode("utf-8")
    assert text.count("\n") == len(lines)
    assert [squeezed(x) for x in text.split("\n")[:-1]] == [squeezed(expected(x)) for x in lines]
    assert summary.done == len(lines) and summary.exit_code == 0


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
RECORD = st.fixed_dictionaries(
    {"text": st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)},
    optional={"id": st.integers(), "meta": JSON, "tags": st.lists(st.text(max_size=4), max_size=3)},
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORD, max_size=8))
def test_jsonl_mode_keeps_records_and_their_other_fields(fake, records: list[dict]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    request = TranslateRequest(("-",), "ru", "en", str(fake.ref.path), "jsonl")
    out = io.BytesIO()
    batch.run(request, session_with(fake), stdin=io.BytesIO(data), stdout=out, notify=print)
    back = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]  # any line splitter
    assert len(back) == len(records)
    for original, written in zip(records, back, strict=True):
        assert squeezed(written.pop("text_ru")) == squeezed(expected(original["text"]))
        assert list(written.items()) == list(original.items())


def test_a_field_keeps_its_own_line_ends(fake) -> None:
    # The text's CRLF came back as LF: a Windows user's records changed where nothing was translated.
    text = "First line.\r\nSecond line.\rThird.\n\r\nLast."
    jsonl = translate(
        fake, "-", "-i", "jsonl", "--to", "ru", "--from", "en", input=json.dumps({"text": text}).encode()
    )
    assert jsonl.exit_code == 0, jsonl.output
    assert json.loads(jsonl.stdout)["text_ru"] == "FIRST LINE.\r\nSECOND LINE.\rTHIRD.\n\r\nLAST."
    cell = b'text\n"One.\r\nTwo."\n'
    tsv = translate(fake, "-", "-i", "tsv", "--to", "ru", "--from", "en", input=cell)
    assert tsv.exit_code == 0, tsv.output
    rows = list(csv.reader(io.StringIO(tsv.stdout_bytes.decode(), newline=""), dialect="excel-tab"))
    assert rows == [["text", "text_ru"], ["One.\r\nTwo.", "ONE.\r\nTWO."]]


def test_an_item_the_model_fails_is_called_failed_where_it_is_counted_failed(fake) -> None:
    # It was reported "(skipped)" on its own line and counted under "failed" in the summary line.
    result = translate(fake, "-", "-i", "lines", "--to", "ru", "--from", "en", "--on-error", "skip",
                       input=b"Fine.\nDROPME now.\ncaf\xe9\n")  # fmt: skip
    assert result.exit_code == 3, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith("summix: <stdin>:2") and line.endswith("(failed)") for line in lines), lines
    assert any(line.startswith("summix: <stdin>:3") and line.endswith("(skipped)") for line in lines), lines
    assert "1 done, 0 already done, 1 skipped, 1 failed" in result.stderr


def test_short_records_in_other_scripts_keep_their_own_language(fake) -> None:
    # An English and a Russian line, read together, were detected as Uzbek: both were copied into
    # text_uz untranslated, and the run said it had succeeded.
    records = [{"text": "Hello, how are you today my friend?"}, {"text": "Привет, как дела у тебя сегодня?"}]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    result = translate(fake, "-", "-i", "jsonl", "--to", "uz", input=data)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["text_uz"] for line in result.stdout.splitlines()] == [
        "HELLO, HOW ARE YOU TODAY MY FRIEND?",
        "ПРИВЕТ, КАК ДЕЛА У ТЕБЯ СЕГОДНЯ?",
    ]
    assert "2 translated" in result.stderr


def test_tsv_round_trip_and_several_languages(fake, tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_bytes("id\tbody\n1\tFirst one. Second!\n2\t\n3\tПривет, мир.\n".encode())
    result = translate(fake, str(table), "-i", "tsv", "--field", "body", "--to", "uz,ru", "--from", "en")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["id", "body", "body_uz", "body_ru"]
    assert rows[1] == ["1", "First one. Second!", "FIRST ONE. SECOND!", "FIRST ONE. SECOND!"]
    assert rows[2] == ["2", "", "", ""] and rows[3][2] == "ПРИВЕТ, МИР."


def test_a_tsv_cell_quoted_because_it_holds_a_tab_is_one_cell(fake) -> None:
    data = b'id\ttext\tnote\n2\t"He said\tthen left."\tquoted-tab\n3\t"Hello" she said\tx\n'
    result = translate(fake, "-", "-i", "tsv", "--to", "ru", "--from", "en", input=data)
    assert result.exit_code == 1 and result.stdout_bytes == (
        b'id\ttext\tnote\ttext_ru\n2\t"He said\tthen left."\tquoted-tab\tHE SAID THEN LEFT.\n'
    )
    assert "summix: error: <stdin>:3: the quotes of this row do not parse" in result.stderr


CELL = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(CELL, CELL, CELL), max_size=8),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_tsv_written_by_the_csv_module_reads_back_identically(
    fake, rows: list[tuple[str, ...]], quoting: int
) -> None:
    # Minimal quoting leaves a \r bare (csv's writer quotes only its own line end), and csv's reader takes a
    # bare \r for a line break: such a table does not read back even with the csv module alone.
    assume(quoting == csv.QUOTE_ALL or not any("\r" in cell for row in rows for cell in row))
    table = io.StringIO()
    writer = csv.writer(table, dialect="excel-tab", lineterminator="\n", quoting=quoting)
    writer.writerows([("id", "text", "note"), *rows])
    result = translate(fake, "-", "-i", "tsv", "--to", "ru", "--from", "en", input=table.getvalue().encode())
    assert result.exit_code == 0, result.output
    back = list(csv.reader(io.StringIO(result.stdout_bytes.decode(), newline=""), dialect="excel-tab"))
    assert [tuple(row[:3]) for row in back] == [("id", "text", "note"), *rows]
    assert back[0][3] == "text_ru" and all(len(row) == 4 for row in back)
    assert [squeezed(row[3]) for row in back[1:]] == [squeezed(expected(text)) for _, text, _ in rows]


def test_furniture_lines_are_named_on_stderr_listed_in_json_and_kept_with_keep_all(fake) -> None:
    doc = b"Title of the story\nShare\nFirst line. Second.\n5 min read\nLast line.\n"
    args = ["-", "--from", "en", "--to", "ru"]
    text = translate(fake, *args, input=doc)
    assert text.exit_code == 0 and text.stdout == "TITLE OF THE STORY\n\nFIRST LINE. SECOND.\n\nLAST LINE.\n"
    assert "summix: <stdin>: dropped 2 furniture lines (2, 4); --keep-all keeps them" in text.stderr
    kept = translate(fake, *args, "--keep-all", input=doc)
    assert kept.exit_code == 0 and "SHARE" in kept.stdout and "5 MIN READ" in kept.stdout
    assert "dropped" not in kept.stderr
    data = json.loads(translate(fake, *args, "-f", "json", input=doc).stdout)
    assert data["source"]["dropped"] == [{"line": 2, "text": "Share"}, {"line": 4, "text": "5 min read"}]
    everything = json.loads(translate(fake, *args, "-f", "json", "--keep-all", input=doc).stdout)
    assert everything["source"]["dropped"] == [] and len(everything["source"]["paragraphs"]) == 5


def test_identical_segments_are_translated_once_per_run(fake) -> None:
    lines = ["Same sentence here. Other one.", "Same sentence here.", "Other one. Same sentence here."] * 5
    out, summary = run_lines(
        fake.ref.path, ("\n".join(lines) + "\n").encode(), None, "text", None, None, None
    )
    assert sorted(fake.segments) == ["Other one.", "Same sentence here."]
    assert out.decode().splitlines() == [x.upper() for x in lines]
    assert summary.stats.segments == 25 and summary.stats.generated == 2


def test_chunks_share_the_dedup_memory(fake) -> None:
    data = b"One here.\nTwo here.\n" * 6
    run_lines(fake.ref.path, data, None, "text", None, None, None, "stop", 1)  # chunk_size=1
    assert sorted(fake.segments) == ["One here.", "Two here."]


def test_persistent_cache_translates_only_what_changed(fake, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"d{i}.txt").write_text(f"Shared intro sentence. Document {i} body.\n\nLast line {i}.\n")
    args = [str(docs), "--to", "ru", "--from", "en", "--cache", str(tmp_path / "cache")]
    first = translate(fake, *args, "--output-dir", str(tmp_path / "a"))
    assert first.exit_code == 0, first.output
    assert len(fake.segments) == 7  # 3 x 2 distinct + the shared intro once
    (docs / "d1.txt").write_text("Shared intro sentence. Document 1 body, edited.\n\nLast line 1.\n")
    fake.calls.clear()
    second = translate(fake, *args, "--output-dir", str(tmp_path / "b"))
    assert fake.segments == ["Document 1 body, edited."]
    assert "1 translated, 8 reused" in second.stderr
    assert (
        tmp_path / "b" / "d1.ru.txt"
    ).read_text() == "SHARED INTRO SENTENCE. DOCUMENT 1 BODY, EDITED.\n\nLAST LINE 1.\n"


def test_a_cache_database_of_another_shape_is_one_line(fake, tmp_path: Path) -> None:
    import sqlite3

    (tmp_path / "cache").mkdir()
    with sqlite3.connect(tmp_path / "cache" / "segments.sqlite3") as db:
        db.execute("CREATE TABLE segments (x INTEGER)")
    args = ["-", "-i", "lines", "--to", "ru", "--from", "en", "--cache", str(tmp_path / "cache")]
    result = translate(fake, *args, input=b"One.\n")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summix: error: cannot use the --cache folder"), lines


def test_output_dir_names_up_to_date_and_changed_inputs(fake, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Alpha text.\n")
    (tmp_path / "in" / "b.txt").write_text("Beta text.\n")
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "--to", "uz,ru", "--from", "en", "--output-dir", str(out)]
    assert translate(fake, *args).exit_code == 0
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["a.ru.txt", "a.uz.txt", "b.ru.txt", "b.uz.txt"]
    assert not list(out.glob(".*.part"))
    fake.calls.clear()
    again = translate(fake, *args)
    assert again.exit_code == 0 and fake.calls == [] and "0 done, 2 already done" in again.stderr
    (tmp_path / "in" / "b.txt").write_text("Beta changed.\n")
    third = translate(fake, *args)
    assert "1 done, 1 already done" in third.stderr and fake.segments == ["Beta changed.", "Beta changed."]
    assert (out / "b.uz.txt").read_text() == "BETA CHANGED.\n"


def test_a_finished_output_replaced_by_another_file_of_its_size_is_redone(fake, tmp_path: Path) -> None:
    # A complete output was recognised by its size alone: any other file of that size passed for it.
    data = tmp_path / "l.txt"
    data.write_text("One.\nTwo.\n")
    args = [str(data), "-i", "lines", "--to", "ru", "--from", "en", "-d", str(tmp_path / "o")]
    assert translate(fake, *args).exit_code == 0
    output = tmp_path / "o" / "l.ru.txt"
    assert output.read_text() == "ONE.\nTWO.\n"
    output.write_text("XXXX\nYYYY\n")  # the same size, other bytes
    fake.calls.clear()
    again = translate(fake, *args)
    assert again.exit_code == 0 and "2 done, 0 already done" in again.stderr, again.output
    assert output.read_text() == "ONE.\nTWO.\n"
    fake.calls.clear()
    third = translate(fake, *args)  # now it is the finished output again
    assert "0 done, 2 already done" in third.stderr and fake.calls == []


@pytest.mark.parametrize(
    "damage",
    [
        {"sizes": None},
        {"sizes": [1]},
        {"sizes": {"ru": "many"}},
        {"records": "x", "complete": False, "sizes": {"ru": 0}},
        {"records": None, "complete": False, "sizes": {"ru": 0}},
        {"records": -1, "complete": False, "sizes": {"ru": 0}},
        {"input_sha256": 7},
        {"sha256": {"ru": 7}},
        {"sha256": {"uz": "0" * 64}},
        {"sha256": "abc"},
    ],
)
def test_a_damaged_state_file_starts_the_output_over(fake, tmp_path: Path, damage: dict) -> None:
    data = tmp_path / "l.txt"
    data.write_text("One.\nTwo.\n")
    args = [str(data), "-i", "lines", "--to", "ru", "--from", "en", "-d", str(tmp_path / "o")]
    assert translate(fake, *args).exit_code == 0
    state = tmp_path / "o" / ".l.ru.txt.summix-state"
    state.write_text(json.dumps({**json.loads(state.read_text()), **damage}))
    (tmp_path / "o" / ".l.ru.txt.part").touch()  # as a killed run leaves it
    again = translate(fake, *args)
    assert again.exit_code == 0, again.output
    assert (tmp_path / "o" / "l.ru.txt").read_text() == "ONE.\nTWO.\n"


@pytest.mark.parametrize("on_error, code", [("stop", 1), ("skip", 3)])
def test_a_furniture_only_document_names_the_keep_all_flag(
    fake, tmp_path: Path, on_error: str, code: int
) -> None:
    doc = tmp_path / "bar.txt"
    doc.write_text("Share\nReview\n")
    result = translate(fake, str(doc), "--to", "ru", "--from", "en", "--on-error", on_error)
    assert result.exit_code == code, result.output
    assert "--keep-all keeps them" in result.stderr and "{" not in result.stderr, result.stderr


def test_json_documents_to_a_folder(fake, tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Title\n\nFirst paragraph. Two.\n")
    result = translate(fake, str(doc), "--to", "ru", "--from", "en", "-f", "json", "-d", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "doc.ru.json").read_text())
    assert data["outputs"][0]["parts"] == ["TITLE", "FIRST PARAGRAPH. TWO."]


def test_stop_keeps_what_came_before_and_a_rerun_continues(fake, tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    good = [json.dumps({"n": i, "text": f"Record number {i}."}) for i in range(6)]
    data.write_text("\n".join([*good[:3], '{"n": 3, "text": 3}', *good[4:]]) + "\n")
    out = tmp_path / "out.jsonl"
    args = [str(data), "-i", "jsonl", "--to", "ru", "--from", "en", "-o", str(out), "--chunk-size", "2"]
    stopped = translate(fake, *args)
    assert stopped.exit_code == 1 and not out.exists()
    lines = [line for line in stopped.stderr.splitlines() if line.strip()]
    assert (
        len(lines) == 1 and "d.jsonl:4: field 'text' is int" in lines[0] and "3 items before it" in lines[0]
    )
    data.write_text("\n".join(good) + "\n")
    fake.calls.clear()
    resumed = translate(fake, *args)
    assert resumed.exit_code == 0, resumed.output
    assert sorted(fake.segments) == ["Record number 3.", "Record number 4.", "Record number 5."]
    assert [json.loads(x)["text_ru"] for x in out.read_text().splitlines()] == [
        f"RECORD NUMBER {i}." for i in range(6)
    ]
    assert "3 done, 3 already done" in resumed.stderr


# 20,000 characters, no punctuation and no space: only a cut between characters can fit it.
LONG_LINE = "".join(random.Random(0).choices("abcdefghijklmnopqrstuvwxyz", k=20_000))


@pytest.mark.parametrize(
    "data, args, code, out_lines, needles",
    [
        (b"", ["-i", "lines"], 0, [], ["empty input"]),
        (b"  \n\t\n", ["-i", "lines"], 0, ["", ""], []),
        (b"\xef\xbb\xbfHi there.\r\nBye.\r\n", ["-i", "lines"], 0, ["HI THERE.", "BYE."], []),
        (b"One.\rTwo.\r\nThree.\rFour.", ["-i", "lines"], 0, ["ONE.", "TWO.", "THREE.", "FOUR."], []),
        (b"One.\rcaf\xe9\rTwo.\r", ["-i", "lines"], 1, ["ONE."], ["<stdin>:2", "UTF-8"]),
        (b"One.\ncaf\xe9\nTwo.\n", ["-i", "lines"], 1, ["ONE."], ["<stdin>:2", "UTF-8", "column 4"]),
        (
            b"One.\ncaf\xe9\nTwo.\n",
            ["-i", "lines", "--on-error", "skip"],
            3,
            ["ONE.", "", "TWO."],
            ["<stdin>:2"],
        ),
        (b"One.\nA\x00B\nTwo.\n", ["-i", "lines", "--on-error", "skip"], 3, ["ONE.", "", "TWO."], ["NUL"]),
        (b"Fine.\nDROPME now.\n", ["-i", "lines", "--on-error", "skip"], 3, ["FINE.", ""], ["<stdin>:2"]),
        (b"nope\n", ["-i", "jsonl"], 1, [], ["<stdin>:1: not JSON"]),
        (b'{"t": "x"}\n', ["-i", "jsonl"], 1, [], ["no field 'text'"]),
        (b'{"text": 1.5}\n', ["-i", "jsonl"], 1, [], ["float, not a string"]),
        (b"text\n\xff\n", ["-i", "tsv", "--on-error", "skip"], 3, ["text\ttext_ru", "\xff\t"], ["<stdin>:2"]),
        (b"id\nx\n", ["-i", "tsv"], 1, [], ["no column 'text'"]),
        (
            b"text\ttext_ru\nHi.\tmine\n",
            ["-i", "tsv", "--on-error", "skip"],
            1,
            [],
            ["<stdin>:1", "'text_ru'"],
        ),
    ],
)
def test_bad_input_is_one_clear_line_and_loses_nothing(fake, data, args, code, out_lines, needles) -> None:
    result = translate(fake, "-", "--to", "ru", "--from", "en", *args, input=data)
    assert result.exit_code == code, result.output
    got = result.stdout_bytes.decode("utf-8", "replace").splitlines()
    assert got == [line.replace("\xff", "\ufffd") for line in out_lines]
    assert result.stdout_bytes.count(b"\n") == len(out_lines)
    errors = [
        line for line in result.stderr.splitlines() if not line.startswith("summix: ") or "done," not in line
    ]
    if code == 1:
        assert len(errors) == 1 and errors[0].startswith("summix: error: ")
    assert all(any(n in line for line in errors) for n in needles), result.stderr


def test_stop_after_written_items_names_the_on_error_flag(fake) -> None:
    result = translate(fake, "-", "-i", "lines", "--to", "ru", "--from", "en", input=b"One.\ncaf\xe9\n")
    assert result.exit_code == 1, result.output
    assert "the 1 items before it are written" in result.stderr
    assert "or set --on-error to skip" in result.stderr and "{" not in result.stderr


def test_jsonl_record_that_already_has_the_output_field_is_refused_not_overwritten(fake) -> None:
    data = b'{"text": "One.", "text_ru": "mine"}\n{"text": "Two."}\n'
    stopped = translate(fake, "-", "-i", "jsonl", "--to", "ru", "--from", "en", input=data)
    assert stopped.exit_code == 1 and "<stdin>:1" in stopped.stderr and "'text_ru'" in stopped.stderr
    skipped = translate(
        fake, "-", "-i", "jsonl", "--to", "ru", "--from", "en", "--on-error", "skip", input=data
    )
    assert skipped.exit_code == 3, skipped.output
    first, second = (json.loads(line) for line in skipped.stdout.splitlines())
    assert first["text_ru"] == "mine" and "summix_error" in first
    assert second == {"text": "Two.", "text_ru": "TWO."}


@pytest.mark.parametrize("pattern", ["../*.txt", "sub/../../*.txt", "/tmp/*.txt", "."])
def test_a_glob_that_leaves_the_folder_or_is_no_pattern_is_refused(
    fake, tmp_path: Path, pattern: str
) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("Not an input.\n")
    out = tmp_path / "docs" / "out"
    result = translate(
        fake, str(tmp_path / "docs"), "--glob", pattern, "--to", "ru", "--from", "en", "-d", str(out)
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--glob" in lines[0] and repr(pattern) in lines[0], lines
    assert fake.segments == [] and sorted(p.name for p in tmp_path.iterdir()) == ["docs", "outside.txt"]


def test_long_line_without_punctuation_is_cut_not_truncated(fake) -> None:
    result = translate(
        fake, "-", "-i", "lines", "--to", "ru", "--from", "en", input=(LONG_LINE + "\nok\n").encode()
    )
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()
    assert "".join(first.split()) == LONG_LINE.upper() and second == "OK"
    assert len(fake.segments) > 10 and all(len(s) // 8 + 1 <= 64 for s in fake.segments)


def test_mixed_cyrillic_and_latin_uzbek_are_detected_per_item(fake) -> None:
    texts = [
        "Oʻzbekiston Respublikasi Prezidenti bugun yangi qarorni imzoladi va uni eʼlon qildi.",
        "Ўзбекистон Республикаси Президенти бугун янги қарорни имзолади ва уни эълон қилди.",
        "The president of the republic signed a new decree today and announced it.",
    ]
    items = list(session_with(fake).translate_batch(texts, "ru", model=str(fake.ref.path)))
    assert [i.source_language for i in items] == ["uz", "uz-Cyrl", "en"]
    # The model reads Uzbek in Latin: the Cyrillic text reached it transliterated, into the very sentence of
    # the Latin item (so the model saw it once).
    latin = "Oʻzbekiston Respublikasi Prezidenti bugun yangi qarorni imzoladi va uni eʼlon qildi."
    assert fake.segments == [latin, texts[2]]
    assert [i.translations["ru"] for i in items] == [texts[0].upper(), latin.upper(), texts[2].upper()]


def test_unwritable_output_and_contradictory_options(fake, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for args, needle in [
        (["--output-dir", str(blocker / "sub")], "cannot write to"),
        (["-o", str(blocker / "out.txt"), "-i", "lines", "--to", "ru"], "cannot write to"),
        (["-i", "lines", "--to", "uz,ru"], "one language per stream"),
        (["-i", "xml"], "'xml'"),
        (["-i", "jsonl", "-f", "md"], "choose from jsonl"),
        (["--on-error", "ignore"], "stop, skip"),
        (["-o", "x", "--output-dir", "y"], "not both"),
    ]:
        result = translate(fake, "-", "--from", "en", *args, input=b"Hello.\n")
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.exit_code == 1 and len(lines) == 1 and needle in lines[0], (args, result.stderr)


def test_several_documents_to_one_stream_is_refused(fake, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Text.\n")
    result = translate(fake, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--to", "ru")
    assert result.exit_code == 1 and "--output-dir" in result.stderr


def test_changed_stdin_starts_over_without_losing_lines(fake, tmp_path: Path) -> None:
    out = tmp_path / "o.txt"
    args = ["-", "-i", "lines", "--to", "ru", "--from", "en", "-o", str(out)]
    assert translate(fake, *args, input=b"Old one.\nOld two.\n").exit_code == 0
    changed = translate(fake, *args, input=b"Old one.\nNew two.\nNew three.\n")
    assert changed.exit_code == 0 and "starting it over" in changed.stderr
    assert out.read_text() == "OLD ONE.\nNEW TWO.\nNEW THREE.\n"


def test_translate_batch_api(fake) -> None:
    texts = ["First line.\n\nThird line.", "", "Broken DROPME here.", "Last."]
    session = session_with(fake)
    items = list(
        session.translate_batch(iter(texts), "ru,uz", source="en", model=str(fake.ref.path), on_error="skip")
    )
    assert [i.position for i in items] == [0, 1, 2, 3]
    assert items[0].translations == {"ru": "FIRST LINE.\n\nTHIRD LINE.", "uz": "FIRST LINE.\n\nTHIRD LINE."}
    assert items[1].translations == {"ru": "", "uz": ""} and items[1].ok
    assert not items[2].ok and "DROPME" in (items[2].error or "") and items[2].translations == {}
    assert items[3].translations["ru"] == "LAST."
    with pytest.raises(ItemError, match="item 2: "):
        list(session.translate_batch(texts, "ru", source="en", model=str(fake.ref.path)))
    with pytest.raises(SettingError, match="unknown on_error 'raise': choose from stop, skip"):
        session.translate_batch(texts, "ru", on_error="raise")


def test_cli_chunk_default_matches_the_library() -> None:
    from summix import request
    from summix.cli import translate as command

    assert command.CHUNK_SIZE == request.CHUNK_SIZE


def test_a_skipped_document_gets_no_output_and_the_rest_go_on(fake, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"caf\xe9 au lait.\n")
    (tmp_path / "in" / "b.txt").write_text("Fine text.\n")
    (tmp_path / "in" / "c.txt").write_text("")
    args = [
        str(tmp_path / "in"),
        "--to",
        "ru",
        "--from",
        "en",
        "-d",
        str(tmp_path / "out"),
        "--on-error",
        "skip",
    ]
    result = translate(fake, *args)
    assert result.exit_code == 3
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == ["b.ru.txt"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith((".a.", ".c."))]
    assert "a.txt is not valid UTF-8" in result.stderr and "c.txt is empty" in result.stderr
    assert "1 done, 0 already done, 2 skipped, 0 failed" in result.stderr


def test_one_document_to_a_file_is_atomic_and_leaves_no_state(fake, tmp_path: Path) -> None:
    out = tmp_path / "doc.ru.txt"
    result = translate(fake, "-", "--to", "ru", "--from", "en", "-o", str(out), input=b"Hello.\n\nWorld.\n")
    assert result.exit_code == 0 and out.read_text() == "HELLO.\n\nWORLD.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.ru.txt"]


def test_rerun_with_other_beams_translates_again_and_same_settings_resume(fake, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Alpha text. Second sentence.\n")
    args = [str(tmp_path / "in"), "--to", "ru", "--from", "en", "--output-dir", str(tmp_path / "out")]
    steps = [
        (["--beams", "1"], "1 done, 0 already done", True),
        (["--beams", "2"], "1 done, 0 already done", True),  # other beams: other output, translated again
        (["--beams", "2"], "0 done, 1 already done", False),  # same settings: kept
        ([], "1 done, 0 already done", True),  # the card's beam size (4 here) is another setting
        (["--beams", "4"], "0 done, 1 already done", False),  # ... and the same as asking for 4
        (["--beams", "4", "--chunk-size", "7"], "1 done, 0 already done", True),
    ]
    for extra, counts, translated in steps:
        fake.calls.clear()
        result = translate(fake, *args, *extra)
        assert result.exit_code == 0 and counts in result.stderr, (extra, result.stderr)
        assert bool(fake.calls) == translated, extra


def test_resume_key_follows_every_output_setting(fake, stub_folder: Path, tmp_path: Path) -> None:
    from summix.options import GenerationOptions
    from summix.request import resume_key

    def key(session: Session | None = None, **given: object) -> str:
        settings = {"inputs": ("-",), "to": "ru", "source": "en", "model": str(stub_folder), **given}
        return resume_key(TranslateRequest(**settings), session or session_with(fake))

    base = key()
    assert key() == base and key(to=("ru",)) == base
    assert key(generation=GenerationOptions(num_beams=1)) != base
    assert key(generation=GenerationOptions(num_beams=4)) == base  # the stub's card default
    assert key(generation=GenerationOptions(num_beams=4, length_ratio=1.5)) != base
    assert key(to="uz") != base and key(source="auto") != base and key(field="body") != base
    assert key(keep_all=True) != base
    assert key(session_with(fake, dtype="bfloat16")) != base
    # the engine a step runs on counts, not how it was asked for: auto picks transformers here too
    assert key(session_with(fake, backend="transformers")) == base
    copy = tmp_path / "other-stub"
    copy.mkdir()
    for name in ("config.json", "tokenizer_config.json"):
        (copy / name).write_text((stub_folder / name).read_text())
    (copy / "model.safetensors").write_bytes(b"other weights")
    assert key(model=str(copy)) != base


def test_parquet_rows_that_already_have_the_output_column_keep_it(fake, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"text": "One.", "text_ru": "mine"}]), tmp_path / "t.parquet")
    args = [
        str(tmp_path / "t.parquet"),
        "-i",
        "parquet",
        "--to",
        "ru",
        "--from",
        "en",
        "-o",
        str(tmp_path / "o.parquet"),
    ]
    stopped = translate(fake, *args)
    assert stopped.exit_code == 1 and "row 1: the record already has 'text_ru'" in stopped.stderr, (
        stopped.output
    )
    skipped = translate(fake, *args, "--on-error", "skip")
    assert skipped.exit_code == 3, skipped.output
    [row] = pq.read_table(tmp_path / "o.parquet").to_pylist()
    assert row["text_ru"] == "mine" and row["summix_error"]


def test_parquet_to_a_file_and_to_a_folder_but_not_to_a_stream(fake, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{"id": i, "text": t} for i, t in enumerate(["First one.", "", "Second. Third!", None])]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    args = [str(tmp_path / "t.parquet"), "-i", "parquet", "--to", "ru", "--from", "en", "--on-error", "skip"]
    result = translate(fake, *args, "-o", str(tmp_path / "out.parquet"))
    assert result.exit_code == 3 and "t.parquet:row 4: column 'text' is null" in result.stderr, result.output
    back = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["text_ru"] for r in back] == ["FIRST ONE.", "", "SECOND. THIRD!", None]
    assert [r["id"] for r in back] == [0, 1, 2, 3] and back[3]["summix_error"] and not back[0]["summix_error"]
    folder = translate(fake, *args, "-d", str(tmp_path / "o"))
    assert folder.exit_code == 3 and (tmp_path / "o" / "t.ru.parquet").is_file()
    again = translate(fake, *args, "-d", str(tmp_path / "o"))
    assert "0 done, 4 already done" in again.stderr  # a complete Parquet output is kept
    stream = translate(fake, *args)
    assert stream.exit_code == 1 and "give -o FILE or --output-dir DIR" in stream.stderr
