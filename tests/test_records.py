"""Reading and writing batch records: every kind of bad input becomes one clear, positioned message."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from summix import formats
from summix.errors import InputError
from summix.formats import Record
from summix.formats.base import Columns
from summix.formats.jsonl import dump_json, parse_jsonl
from summix.formats.lines import decode_line
from summix.formats.tsv import parse_tsv
from summix.sources import Source, StdinFeed, collect_sources


def format_record(record, translations, error, fmt: str, field: str, targets) -> dict:
    return formats.get(fmt).encode(record, translations, error, Columns(field, tuple(targets)))


def output_paths(source: Source, folder: Path, fmt: str, targets) -> dict:
    name = "text" if fmt in ("text", "json", "md") else fmt
    return formats.get(name).output_paths(source, folder, fmt, targets)


def read_records(sources, input_format: str, field: str, feed: StdinFeed) -> list[Record]:
    fmt = formats.get(input_format)
    return [r for i, source in enumerate(sources) for r in fmt.read(source, i, feed, field)]


def test_decode_line_drops_bom_and_crlf_only_where_they_belong() -> None:
    assert decode_line(b"\xef\xbb\xbfHello\r\n", "f:1", first=True) == "Hello"
    assert decode_line(b"\xef\xbb\xbfHello\n", "f:2", first=False) == "\ufeffHello"
    assert decode_line(b"a\rb\n", "f:3", first=False) == "a\rb"


@pytest.mark.parametrize(
    "raw, needles",
    [
        (b"caf\xe9\n", ["f:7", "not valid UTF-8", "0xe9", "column 4"]),
        (b"ab\x00cd\n", ["f:7", "NUL byte", "column 3", "iconv"]),
    ],
)
def test_decode_line_errors_name_line_and_column(raw: bytes, needles: list[str]) -> None:
    with pytest.raises(InputError) as exc:
        decode_line(raw, "f:7", first=False)
    assert all(n in str(exc.value) for n in needles) and "\n" not in str(exc.value)


@pytest.mark.parametrize(
    "line, needle",
    [
        (b"{not json}\n", "not JSON"),
        (b"[" * 100_000 + b"\n", "not JSON"),
        (b"[1, 2]\n", "a JSON list, not an object"),
        (b'{"id": 1}\n', "no field 'text' (keys: id)"),
        (b'{"text": null}\n', "field 'text' is null, not a string"),
        (b'{"text": 5}\n', "field 'text' is int, not a string"),
        (b'{"text": ["a"]}\n', "field 'text' is list, not a string"),
    ],
)
def test_bad_jsonl_records(line: bytes, needle: str) -> None:
    record = parse_jsonl(line, "d.jsonl:3", 0, False, "text", {})
    assert record.text is None and record.error and record.error.startswith("d.jsonl:3: ")
    assert needle in record.error


def test_jsonl_nested_field_and_blank_line() -> None:
    record = parse_jsonl(b'{"a": {"b": "Hi there."}, "n": 1}\n', "d:1", 0, True, "a.b", {})
    assert record.text == "Hi there." and record.error is None
    assert parse_jsonl(b"  \r\n", "d:2", 0, False, "a.b", {}).counted is False


def test_jsonl_output_adds_fields_beside_the_field_and_keeps_the_rest() -> None:
    raw = b'{"id": 7, "a": {"b": "Hi.", "c": [1, 2.5, null]}, "z": "\\u00e9"}\n'
    record = parse_jsonl(raw, "d:1", 0, True, "a.b", {})
    out = format_record(record, {"ru": "Привет.", "uz": "Salom."}, None, "jsonl", "a.b", ("ru", "uz"))
    data = json.loads(out["out"])
    assert list(data) == ["id", "a", "z"] and data["z"] == "é" and data["id"] == 7
    assert data["a"] == {"b": "Hi.", "c": [1, 2.5, None], "b_ru": "Привет.", "b_uz": "Salom."}


def test_jsonl_summix_error_reports_this_run_only() -> None:
    # A record an earlier run could not translate, translated now: its stale error goes.
    raw = b'{"text": "Hi.", "summix_error": "d:1: no model"}\n'
    record = parse_jsonl(raw, "d:1", 0, True, "text", {})
    data = json.loads(format_record(record, {"ru": "Привет."}, None, "jsonl", "text", ("ru",))["out"])
    assert data == {"text": "Hi.", "text_ru": "Привет."}
    record = parse_jsonl(raw, "d:1", 0, True, "text", {})
    failed = json.loads(format_record(record, None, "d:1: too long", "jsonl", "text", ("ru",))["out"])
    assert failed == {"text": "Hi.", "summix_error": "d:1: too long"}


def test_jsonl_output_of_bad_records_keeps_one_line_each() -> None:
    bad = parse_jsonl(b"oops\n", "d:4", 0, False, "text", {})
    missing = parse_jsonl(b'{"id": 2}\n', "d:5", 0, False, "text", {})
    for record in (bad, missing):
        out = format_record(record, None, record.error, "jsonl", "text", ("ru",))["out"]
        assert out.endswith(b"\n") and out.count(b"\n") == 1
        assert json.loads(out)["summix_error"] == record.error
    assert (
        json.loads(format_record(bad, None, bad.error, "jsonl", "text", ("ru",))["out"])["summix_input"]
        == "oops"
    )
    assert json.loads(format_record(missing, None, missing.error, "jsonl", "text", ("ru",))["out"])["id"] == 2


def test_tsv_rows_keep_their_bytes_and_gain_a_cell_per_language() -> None:
    state: dict = {}
    header = parse_tsv(b"id\ttext\tnote\r\n", "t:1", 0, True, "text", state)
    row = parse_tsv(b"1\tHello.\t\xc3\xa9\r\n", "t:2", 0, False, "text", state)
    short = parse_tsv(b"2\n", "t:3", 0, False, "text", state)
    long = parse_tsv(b"2\tHi.\tx\ty\n", "t:4", 0, False, "text", state)
    assert row.text == "Hello." and "has 1 cells, the header 3" in (short.error or "")
    assert long.text is None and "t:4: the row has 4 cells, the header 3" in (long.error or "")
    targets = ("uz", "ru")
    assert (
        format_record(header, None, None, "tsv", "text", targets)["out"]
        == b"id\ttext\tnote\ttext_uz\ttext_ru\n"
    )
    line = format_record(row, {"uz": "Salom.", "ru": "Привет."}, None, "tsv", "text", targets)["out"]
    assert line == "1\tHello.\té\tSalom.\tПривет.\n".encode()
    assert format_record(short, None, short.error, "tsv", "text", targets)["out"] == b"2\t\t\n"
    with pytest.raises(InputError, match="no column 'body'.*id, text, note"):
        parse_tsv(b"id\ttext\tnote\n", "t:1", 0, True, "body", {})


def read_tsv(data: bytes) -> list[Record]:
    stdin = Source("<stdin>", None, Path("stdin"))
    return read_records([stdin], "tsv", "text", StdinFeed(io.BytesIO(data)))


def test_tsv_cells_quoted_as_spreadsheets_write_them_are_one_cell() -> None:
    records = read_tsv(
        b"id\ttext\tnote\n"
        b'2\t"He said\tthen left."\tquoted-tab\n'
        b'3\t"Line one.\r\nLine two."\tspans lines\n'
        b'4\t"She said ""hi""."\tdoubled\n'
        b'5\tA "quote" inside\tunquoted\n'
        b"6\tlast\trow\n"
    )
    assert [r.where for r in records] == [f"<stdin>:{n}" for n in (1, 2, 3, 5, 6, 7)]
    assert [r.text for r in records[1:]] == [
        "He said\tthen left.",
        "Line one.\r\nLine two.",
        'She said "hi".',
        'A "quote" inside',
        "last",
    ]
    assert records[2].payload == ["3", "Line one.\r\nLine two.", "spans lines"]
    assert records[2].raw == b'3\t"Line one.\r\nLine two."\tspans lines\n'


@pytest.mark.parametrize(
    "row, needle",
    [
        (b"2\tone\ttwo\tthree\n", "<stdin>:2: the row has 4 cells, the header 3"),
        (b"2\tshort\n", "<stdin>:2: the row has 2 cells, the header 3"),
        (b'2\t"Hello" she said\tx\n', "<stdin>:2: the quotes of this row do not parse"),
        (b'2\t"never closed\tx\n3\tmore\tcells\n', "<stdin>:2: a quoted cell opened on this line is not"),
    ],
)
def test_misaligned_tsv_rows_are_errors_naming_the_row(row: bytes, needle: str) -> None:
    records = read_tsv(b"id\ttext\tnote\n" + row)
    bad = records[1]
    assert bad.text is None and needle in (bad.error or "") and "\n" not in (bad.error or "")
    assert b"".join(r.raw for r in records) == b"id\ttext\tnote\n" + row  # nothing lost


def test_jsonl_numbers_summix_does_not_translate_are_written_as_they_were_read() -> None:
    # 1e400 came back as Infinity (no JSON at all), 1e-400 as 0.0, and 22 digits of pi as 16.
    numbers = '"pi": 3.14159265358979323846, "huge": 1e400, "tiny": 1e-400, "neg": -1E5, "x": [1.50, 0.1, 7]'
    raw = ('{"text": "Hello.", ' + numbers + "}\n").encode()
    record = parse_jsonl(raw, "f:1", 0, True, "text", {})
    out = format_record(record, {"ru": "Привет."}, None, "jsonl", "text", ("ru",))["out"].decode()
    assert out == '{"text": "Hello.", ' + numbers + ', "text_ru": "Привет."}\n'

    def strict(name: str) -> None:
        raise AssertionError(f"{name} is no JSON")

    assert json.loads(out, parse_constant=strict)["pi"] == 3.141592653589793  # any reader reads it


def test_a_quote_never_closed_costs_its_own_row_only() -> None:
    # The open quote swallowed every later row into one bad record, so good rows went untranslated.
    records = read_tsv(b'id\ttext\n1\tHello.\n2\t"never closed\n3\tNext.\n4\tMore.\n')
    assert [r.where for r in records] == ["<stdin>:1", "<stdin>:2", "<stdin>:3", "<stdin>:4", "<stdin>:5"]
    assert [r.text for r in records[1:]] == ["Hello.", None, "Next.", "More."]
    assert "<stdin>:3: a quoted cell opened on this line is not closed" in (records[2].error or "")


def test_a_blank_tsv_line_stays_blank() -> None:
    # A trailing blank line was a row of 1 cell under a header of 2: an error, and the run stopped.
    header, row, blank = read_tsv(b"id\ttext\n1\tHi.\n\n")
    assert row.text == "Hi." and blank.text is None and blank.error is None and not blank.counted
    assert format_record(blank, None, None, "tsv", "text", ("ru",)) == {"out": b"\n"}
    [one_column] = read_tsv(b"text\n\n")[1:]  # under a single column a blank line is an empty cell
    assert one_column.counted and one_column.text == ""


def test_tsv_output_cells_are_quoted_where_they_need_it() -> None:
    [header, row] = read_tsv(b"id\ttext\n1\tHi.\n")
    translations = {"uz": 'Ikki\nqator "bor"', "ru": "Табуляция\tвнутри", "en": "plain"}
    out = format_record(row, translations, None, "tsv", "text", ("uz", "ru", "en"))["out"]
    assert out == '1\tHi.\t"Ikki\nqator ""bor"""\t"Табуляция\tвнутри"\tplain\n'.encode()
    [[*cells]] = csv.reader(io.StringIO(out.decode()), dialect="excel-tab")
    assert cells == ["1", "Hi.", *translations.values()]


def test_lines_output_has_one_line_per_language_even_without_translation() -> None:
    record = Record("f:1", 0, b"x\n", text="x")
    assert format_record(record, {"ru": "y"}, None, "lines", "text", ("ru", "uz")) == {
        "ru": b"y\n",
        "uz": b"\n",
    }


def test_dump_json_escapes_what_utf8_cannot_carry() -> None:
    assert json.loads(dump_json({"a": "\ud800"})) == {"a": "\ud800"}
    assert dump_json({"a": "é"}) == '{"a": "é"}\n'.encode()
    assert dump_json({"a": "x\u2028y\x85"}) == b'{"a": "x\\u2028y\\u0085"}\n'


def test_output_names_are_predictable() -> None:
    folder = Path("out")
    doc = Source("in/a.txt", Path("in/a.txt"), Path("sub/a.txt"))
    assert output_paths(doc, folder, "text", ("uz", "ru")) == {
        "uz": Path("out/sub/a.uz.txt"),
        "ru": Path("out/sub/a.ru.txt"),
    }
    assert output_paths(doc, folder, "json", ("uz",)) == {"uz": Path("out/sub/a.uz.json")}
    data = Source("d.jsonl", Path("d.jsonl"), Path("d.jsonl"))
    assert output_paths(data, folder, "jsonl", ("uz", "ru")) == {"out": Path("out/d.uz-ru.jsonl")}
    stdin = Source("<stdin>", None, Path("stdin"))
    assert output_paths(stdin, folder, "tsv", ("en",)) == {"out": Path("out/stdin.en.tsv")}


def test_collect_sources(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "c.md").write_text("c")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("d")
    names = [s.rel.as_posix() for s in collect_sources([str(tmp_path)], "*.txt")]
    assert names == ["a.txt", "b.txt"]
    assert [s.rel.as_posix() for s in collect_sources([str(tmp_path)], "**/*.txt")] == [
        "a.txt",
        "b.txt",
        "sub/d.txt",
    ]
    assert collect_sources(["-"], "*")[0].path is None
    with pytest.raises(InputError, match="no files matching"):
        collect_sources([str(tmp_path)], "*.jsonl")
    with pytest.raises(InputError, match="nope.txt: no such file"):
        collect_sources([str(tmp_path / "nope.txt")], "*")
    with pytest.raises(InputError, match="only once"):
        collect_sources(["-", "-"], "*")
    inside = collect_sources([str(tmp_path)], "**/*.txt", exclude=tmp_path / "sub")
    assert [s.rel.as_posix() for s in inside] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="also the output folder"):
        collect_sources([str(tmp_path)], "*.txt", exclude=tmp_path)


def test_documents_from_bad_files_become_error_records(tmp_path: Path) -> None:
    files = {"empty.txt": b"", "blank.txt": b" \n\t\n", "latin1.txt": b"caf\xe9\n", "bin.txt": b"\x00\x01"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    sources = collect_sources([str(tmp_path / n) for n in files], "*")
    records = list(read_records(sources, "text", "text", StdinFeed(io.BytesIO())))
    messages = [r.error or "" for r in records]
    assert "empty" in messages[0] and "empty" in messages[1]
    assert "UTF-8" in messages[2] and "binary" in messages[3]
    assert all(r.where in m for r, m in zip(records, messages, strict=True))


def test_stdin_feed_replays_what_a_check_read() -> None:
    feed = StdinFeed(io.BytesIO(b"1\n2\n3\n"))
    feed.record()
    lines = feed.lines()
    assert [next(lines), next(lines)] == [b"1\n", b"2\n"]
    feed.rewind()
    assert list(feed.lines()) == [b"1\n", b"2\n", b"3\n"]


def test_parquet_rows_are_records_and_gain_a_column_per_language(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{"id": 1, "text": "Hello."}, {"id": 2, "text": None}, {"id": 3, "text": "Bye."}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    source = collect_sources([str(tmp_path / "t.parquet")], "*")[0]
    records = read_records([source], "parquet", "text", StdinFeed(None))
    assert [r.text for r in records] == ["Hello.", None, "Bye."]
    assert records[1].error and "t.parquet:row 2" in records[1].error and "null" in records[1].error
    out = format_record(records[0], {"ru": "Привет."}, None, "parquet", "text", ("ru", "uz"))["out"]
    assert out == {"id": 1, "text": "Hello.", "text_ru": "Привет.", "text_uz": None, "summix_error": None}
    assert output_paths(source, Path("o"), "parquet", ("ru",)) == {"out": Path("o/t.ru.parquet")}
