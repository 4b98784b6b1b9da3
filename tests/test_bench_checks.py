"""Tests for the checks benchmark: the corruptions, and the false-alarm and detection counts."""

from __future__ import annotations

import random

from summix.bench.checks import by_document, detection, false_alarms, markdown, set_directions
from summix.bench.corrupt import (
    CORRUPTIONS,
    Sample,
    change_digit,
    drop_any_name,
    drop_any_number,
    drop_name,
    drop_number,
    drop_second_half,
    repetition_loop,
    replace_name,
)
from summix.bench.datasets import TestSet
from summix.checks.names import names

SOURCE = "On Monday Theresa May met Boris Johnson in London, and sales rose 15% to 2,500."
OUTPUT = (
    "В понедельник Тереза Мэй встретилась с Борисом Джонсоном в Лондоне, продажи выросли на 15% до 2 500."
)
THIRD = "Dushanba kuni Tereza Mey Londonda Boris Jonson bilan uchrashdi, savdo 15% ga oshib, 2 500 ga yetdi."


def sample() -> Sample:
    strangers = tuple(names("Вчера с ним говорил Владимир Путин.", "ru"))
    return Sample(SOURCE, OUTPUT, "en", "ru", THIRD, strangers)


def test_a_changed_digit_changes_exactly_one_digit() -> None:
    broken = change_digit(sample(), random.Random(0))
    assert broken is not None and len(broken) == len(OUTPUT)
    assert sum(a != b for a, b in zip(broken, OUTPUT, strict=True)) == 1
    assert change_digit(Sample("No digits.", "Нет цифр.", "en", "ru"), random.Random(0)) is None


def test_a_dropped_number_takes_its_suffix_and_percent_sign() -> None:
    dropped = {drop_number(sample(), random.Random(seed)) for seed in range(20)}
    assert (
        "В понедельник Тереза Мэй встретилась с Борисом Джонсоном в Лондоне, продажи выросли на до 2 500."
        in dropped
    )
    assert all("15%" in text or "2 500" in text for text in dropped)


def test_names_are_dropped_or_replaced_only_where_source_and_output_share_them() -> None:
    for seed in range(10):
        dropped = drop_name(sample(), random.Random(seed))
        replaced = replace_name(sample(), random.Random(seed))
        assert dropped is not None and replaced is not None
        assert len(names(dropped, "ru")) == len(names(OUTPUT, "ru")) - 1
        assert "Владимир Путин" in replaced
    assert drop_name(Sample("No names here.", "Здесь нет имён.", "en", "ru"), random.Random(0)) is None


def test_halves_and_loops() -> None:
    assert (
        drop_second_half(sample(), random.Random(0))
        == "В понедельник Тереза Мэй встретилась с Борисом Джонсоном"
    )
    assert repetition_loop(sample(), random.Random(0)).endswith("до" + " 2 500." * 5)


def test_false_alarms_count_flagged_references_by_kind() -> None:
    test = TestSet(
        "tiny", "en", "ru", "sentence", (SOURCE, "Sales rose 5%."), ((OUTPUT,), ("Продажи выросли на 6%.",))
    )
    row = false_alarms(test)
    assert (row.segments, row.flagged, row.by_kind) == (2, 1, {"numbers": 1})
    assert row.share == 0.5 and row.examples["numbers"][0]["output"] == "Продажи выросли на 6%."


def test_detection_counts_every_corruption_and_the_report_shows_them() -> None:
    rows = detection([sample()])
    assert [r.corruption for r in rows] == list(CORRUPTIONS)
    assert all(r.broken == 1 and r.detected == 1 for r in rows), [(r.corruption, r.detected) for r in rows]
    text = markdown([], [], rows)
    assert "| name replaced | 100.0 % (1) | 100.0 % | 100.0 % (1) |" in text


def test_a_dropped_number_is_one_the_source_has_and_a_dropped_name_one_it_capitalises() -> None:
    extra = Sample("Sales rose.", "Продажи выросли на 15%.", "en", "ru")
    assert drop_number(extra, random.Random(0)) is None  # the source has no 15: dropping it is no omission
    assert drop_any_number(extra, random.Random(0)) == "Продажи выросли на."
    lower = Sample("Keyin amerikalik askarlar qaytdi.", "Then American soldiers returned.", "uz", "en")
    assert drop_name(lower, random.Random(0)) is None  # "amerikalik" is no name in the source
    assert drop_any_name(lower, random.Random(0)) == "Then soldiers returned."


def test_a_broken_segment_is_checked_in_its_intact_document() -> None:
    sources = ["Kit Harington starred in Game of Thrones.", "Game of Thrones ended, Harington said."]
    outputs = [
        "Кит Харингтон снимался в «Игре престолов».",
        "«Игра престолов» закончилась, сказал Харингтон.",
    ]
    broken = [outputs[0], "«Игра престолов» закончилась, сказал он."]
    alone = by_document(sources, broken, "en", "ru")
    within = by_document(sources, broken, "en", "ru", ["doc"] * 2, intact=outputs)
    assert [r.values["names"]["missing"] for r in within] == [[], ["Harington"]]
    assert [r.values["names"]["missing"] for r in alone] == [[], ["Harington"]]
    # Two documents are two texts: what one renders its own way says nothing of the other.
    apart = by_document([sources[0], sources[0]], [outputs[0], outputs[0]], "en", "ru", ["a", "b"])
    # (Game = игра from the table of translated words; Thrones is rendered its own way.)
    assert [r.values["names"]["missing"] for r in apart] == [["Thrones"], ["Thrones"]]


def test_held_out_sets_are_read_in_their_own_script() -> None:
    assert ("en", "uz") in set_directions("udhr")
    assert ("en", "uz-Cyrl") in set_directions("udhr-cyrl")
    assert ("uz-Cyrl", "ru") in set_directions("tatoeba-cyrl")
    assert not any("uz" in pair for pair in set_directions("udhr-cyrl"))
