"""Test sets read by path: NTREX sentences and rebuilt documents, UDHR scripts, Tatoeba multi-references."""

from __future__ import annotations

import json
import re

import pytest
from benchdata import NTREX, TATOEBA, write_eval

from summix.bench import datasets
from summix.errors import InputError, SummixError


@pytest.fixture
def data(tmp_path):
    return write_eval(tmp_path / "eval")


def test_ntrex_sentences_are_line_aligned(data) -> None:
    test = datasets.load_set("ntrex", "uz", "ru", data)
    assert test.sources == tuple(row[3] for row in NTREX)
    assert test.references == tuple((row[2],) for row in NTREX)
    assert test.unit == "sentence" and test.head(2).sources == test.sources[:2]


def test_ntrex_documents_are_rebuilt_from_the_doc_ids(data) -> None:
    test = datasets.load_set("ntrex-docs", "en", "uz", data)
    assert test.unit == "document" and len(test.sources) == 2
    assert test.sources[1] == "Prices rose again.\n\nBread costs more."
    assert test.references[0] == (
        "Sammit Dushanbeda ochildi. Besh davlat rahbarlari keldi. Ular shartnoma imzoladi.",
    )


def test_tatoeba_groups_every_reference_of_a_repeated_source(data) -> None:
    test = datasets.load_set("tatoeba", "en", "uz", data)
    assert test.sources == ("I love you.", "Where is the station?")
    assert test.references[0] == ("Men seni sevaman.", "Men sizni sevaman.") and test.max_references == 2
    reverse = datasets.load_set("tatoeba", "uz", "en", data)
    assert len(reverse.sources) == len(TATOEBA) and reverse.max_references == 1


def test_udhr_in_both_uzbek_scripts(data) -> None:
    assert datasets.load_set("udhr", "en", "uz", data).references[0] == (
        "Barcha odamlar erkin tugʻiladilar.",
    )
    cyrillic = datasets.load_set("udhr-cyrl", "uz_cyrl", "en", data)
    assert (cyrillic.src, cyrillic.sources[0]) == ("uz-Cyrl", "Барча одамлар эркин туғиладилар.")
    assert datasets.load_set("udhr-cyrl", "ru", "uz-Cyrl", data).references[1] == (
        "Ҳар бир инсон яшаш ҳуқуқига эга.",
    )
    with pytest.raises(SummixError, match=r"no uz-en data: its directions are en-uz-Cyrl uz-Cyrl-en"):
        datasets.load_set("udhr-cyrl", "uz", "en", data)


def test_bad_names_and_missing_data_are_one_line_errors(data, tmp_path) -> None:
    with pytest.raises(SummixError, match=r"unknown test set 'flores'.*ntrex, ntrex-docs, udhr"):
        datasets.load_set("flores", "en", "uz", data)
    with pytest.raises(SummixError, match=r"no en-ru data: its directions are en-uz uz-en ru-uz uz-ru"):
        datasets.load_set("tatoeba", "en", "ru", data)
    with pytest.raises(InputError, match="pass --data FOLDER"):
        datasets.load_set("ntrex", "en", "uz", tmp_path / "absent")
    (data / "ntrex" / "ntrex.rus.txt").write_text("one line\n", encoding="utf-8")
    with pytest.raises(InputError, match="not line-aligned"):
        datasets.load_set("ntrex", "en", "ru", data)


def test_plain_files_with_two_references(tmp_path) -> None:
    for name, text in (("src", "a\nb\n"), ("r1", "x\ny\n"), ("r2", "x2\n\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    test = datasets.load_files(tmp_path / "src", [tmp_path / "r1", tmp_path / "r2"], "en", "ru")
    assert test.sources == ("a", "b") and test.references == (("x", "x2"), ("y",))


def test_summary_jsonl_rows_and_their_errors(tmp_path) -> None:
    good = tmp_path / "good.jsonl"
    rows = [{"document": "Doc one.", "summary": "One."}, {"document": "Doc two.", "language": "ru"}]
    good.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    items = datasets.read_summary_jsonl(good)
    assert [(i.summary, i.language) for i in items] == [("One.", None), (None, "ru")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"summary": "no document"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1 has no \"document\""):
        datasets.read_summary_jsonl(bad)


@pytest.mark.parametrize(
    "row, needle",
    [
        ({"document": "Doc.", "summary": 5}, 'rows.jsonl:1: "summary" is int, not a string'),
        ({"document": ["a", "b"], "summary": "S."}, 'rows.jsonl:1: "document" is list, not a string'),
        ({"text": 7}, 'rows.jsonl:1: "text" is int, not a string'),
    ],
)
def test_summary_jsonl_fields_that_are_not_text_are_named(tmp_path, row: dict, needle: str) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(needle)):
        datasets.read_summary_jsonl(path)


def test_reference_files_that_are_not_utf8_text_are_named(tmp_path) -> None:
    (tmp_path / "src").write_text("a\n", encoding="utf-8")
    (tmp_path / "ref").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match="ref looks like a binary file"):
        datasets.load_files(tmp_path / "src", [tmp_path / "ref"], "en", "ru")
