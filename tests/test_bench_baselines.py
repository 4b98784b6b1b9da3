"""Tests for the summary baselines (LEAD-k, TextRank, LexRank) on summix's own units."""

from __future__ import annotations

import pytest

from summix.bench import baselines

DOC = [
    "Budget news",
    "The central bank raised interest rates to five percent on Tuesday.",
    "Analysts expected the central bank to raise interest rates because inflation stayed high.",
    "The weather in the capital was sunny.",
    "The bank said higher interest rates should bring inflation down next year.",
]


def test_units_leave_headings_out() -> None:
    assert baselines.units_of(DOC, "en") == DOC[1:]
    assert baselines.units_of(["Budget news"], "en") == ["Budget news"]  # only headings: keep them


def test_lead_takes_the_first_units() -> None:
    units = baselines.units_of(DOC, "en")
    assert baselines.pick("lead", units, "en", 2) == units[:2]


@pytest.mark.parametrize("name", ["textrank", "lexrank"])
def test_graph_baselines_pick_central_units_in_document_order(name: str) -> None:
    units = baselines.units_of(DOC, "en")
    chosen = baselines.pick(name, units, "en", 2)
    assert len(chosen) == 2 and "The weather in the capital was sunny." not in chosen
    assert [units.index(s) for s in chosen] == sorted(units.index(s) for s in chosen)
    assert baselines.pick(name, units, "en", 10) == units


def test_textrank_weights_shared_words_by_log_length() -> None:
    scores = baselines.textrank_scores(["a b c", "a b d", "x y z"], "en")
    assert scores[0] == pytest.approx(scores[1]) and scores[2] < scores[0]


def test_russian_and_uzbek_cyrillic_units() -> None:
    ru = [
        "Банк повысил ставку до пяти процентов.",
        "Аналитики ждали, что банк повысит ставку.",
        "Погода была хорошей.",
    ]
    uz = [
        "Банк ставкани беш фоизга оширди.",
        "Таҳлилчилар банк ставкани оширишини кутган эди.",
        "Ҳаво яхши эди.",
    ]
    assert baselines.pick("textrank", ru, "ru", 1) != ["Погода была хорошей."]
    assert baselines.pick("lexrank", uz, "uz", 1) != ["Ҳаво яхши эди."]


def test_unknown_baseline() -> None:
    with pytest.raises(ValueError, match="unknown baseline 'oracle': choose from lead, textrank, lexrank"):
        baselines.pick("oracle", ["A sentence here."], "en", 1)
