"""Flags read by hand: drawing, the verdict file, the Wilson interval and the false-alarm estimate."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from summix.bench import byhand
from summix.bench.byhand import Estimate, Flagged
from summix.bench.checks import FalseAlarms
from summix.errors import InputError

COMMITTED = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "ntrex-flags-read.tsv"


def flags(direction: str, lines: range) -> list[Flagged]:
    return [Flagged(direction, line, ("names: x",), "s", "o") for line in lines]


@pytest.mark.parametrize(
    "successes, trials, low, high",
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_gives_the_published_intervals(successes: int, trials: int, low: float, high: float) -> None:
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (score interval).
    got = byhand.wilson(successes, trials)
    assert got == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_wilson_without_trials_says_nothing() -> None:
    assert byhand.wilson(0, 0) == (0.0, 1.0)


def test_a_second_draw_skips_what_was_read_and_repeats_with_its_seed() -> None:
    found = {"en-ru": flags("en-ru", range(1, 101)), "uz-en": flags("uz-en", range(1, 4))}
    first = byhand.draw(found, 20, 1)
    assert [f.line for f in first if f.direction == "en-ru"] == sorted(f.line for f in first[:20])
    assert len([f for f in first if f.direction == "uz-en"]) == 3  # fewer flagged than asked: all of them
    read = {(f.direction, f.line) for f in first}
    second = byhand.draw(found, 20, 2, skip=read)
    assert not read & {(f.direction, f.line) for f in second}
    assert len(second) == 20 and byhand.draw(found, 20, 2, skip=read) == second


def test_the_estimate_counts_only_segments_still_flagged() -> None:
    # 200 of 2,000 segments flagged: 10 %
    alarms = FalseAlarms("ntrex", "en", "ru", 2000, tuple(range(1, 201)), {"names": 200})
    verdicts = {("en-ru", line): "real" if line <= 10 else "false" for line in range(1, 41)}
    verdicts[("en-ru", 999)] = "real"  # read once, no longer flagged: left out
    (row,) = byhand.estimate([alarms], verdicts)
    assert (row.read, row.real) == (40, 10)
    assert row.false_alarms == pytest.approx(0.10 * 0.75)
    low, high = row.false_alarm_range
    assert low == pytest.approx(0.10 * (1 - row.real_high)) and high == pytest.approx(
        0.10 * (1 - row.real_low)
    )
    assert math.isnan(Estimate("ru-en", 2000, 5, 0, 0, 0.0, 1.0).false_alarms)
    table = byhand.as_markdown([row])
    assert table[2].startswith("| en-ru | 10.0 % | 40 | 10 of 40 (25 %) | 7.5 % (")


@pytest.mark.parametrize(
    "row",
    [
        "en-ru\t12\tmaybe\tnote",
        "en-ru\ttwelve\treal\tnote",
        "en-ru\t12\treal",
        "en-ru\t12\treal\tnote\textra",
    ],
)
def test_a_bad_verdict_row_is_one_error_naming_its_line(tmp_path: Path, row: str) -> None:
    path = tmp_path / "read.tsv"
    path.write_text(f"# comment\nen-ru\t3\tfalse\tfine\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"read\.tsv:3: expected direction, line, real\|false"):
        byhand.read_verdicts(path)


def test_the_committed_verdicts_read_back_eighty_per_direction() -> None:
    verdicts = byhand.read_verdicts(COMMITTED)
    per_direction = {d: sum(1 for (other, _) in verdicts if other == d) for d, _ in verdicts}
    assert per_direction == dict.fromkeys(("en-ru", "en-uz", "ru-en", "ru-uz", "uz-en", "uz-ru"), 80)
    assert set(verdicts.values()) == {"real", "false"}
