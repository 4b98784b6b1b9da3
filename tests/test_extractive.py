"""Tests for summix.extractive, the weight-free LexRank summarizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from summix.documents import read_text
from summix.errors import InputError, LanguageError
from summix.extractive import summarize_extractive
from summix.text import paragraphs, split_sentences

SEED = Path(__file__).parents[1] / "seeds" / "000_e1aca306d864d71d.txt"

RU_PARAGRAPHS = [
    "Итоги саммита в Душанбе",
    "В Душанбе прошёл саммит СНГ. Лидеры девяти стран обсудили торговлю, энергетику и безопасность.",
    "Президент Таджикистана открыл саммит. Он предложил расширить торговлю между странами СНГ.",
    "Путин встретился с Алиевым. Лидеры обсудили крушение самолёта и выплату компенсаций.",
    "Участники подписали девятнадцать документов. Председательство в СНГ перешло к Туркменистану.",
]

UZ_PARAGRAPHS = [
    "Dushanbe sammiti natijalari",
    "Dushanbeda MDH sammiti boʻlib oʻtdi. "
    "Toʻqqiz davlat rahbarlari savdo va energetika masalalarini muhokama qildi.",
    "Tojikiston Prezidenti sammitni ochdi. U MDH davlatlari oʻrtasida savdoni kengaytirishni taklif qildi.",
    "Putin Aliyev bilan uchrashdi. Rahbarlar samolyot halokati va tovon puli toʻlash haqida gaplashdi.",
    "Ishtirokchilar oʻn toʻqqizta hujjat imzoladi. MDHga raislik Turkmanistonga oʻtdi.",
]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return read_text(str(SEED))


@pytest.fixture(scope="module")
def seed_summary(seed_text: str) -> list[str]:
    return summarize_extractive(paragraphs(seed_text), "en")


def test_seed_summary_is_short(seed_text: str, seed_summary: list[str]) -> None:
    assert 3 <= len(seed_summary) <= 10
    assert sum(len(s) for s in seed_summary) < 0.25 * len(seed_text)


def test_seed_summary_sentences_are_verbatim(seed_text: str, seed_summary: list[str]) -> None:
    for sentence in seed_summary:
        assert sentence in seed_text


def test_seed_summary_in_document_order(seed_text: str, seed_summary: list[str]) -> None:
    positions = [seed_text.index(s) for s in seed_summary]
    assert positions == sorted(positions)
    assert len(set(seed_summary)) == len(seed_summary)


def test_seed_summary_covers_main_events(seed_summary: list[str]) -> None:
    # The Aliyev-Putin meeting itself (not just Aliyev in a list of attendees), and the CIS summit.
    assert any("Aliyev" in s and "reconcil" in s for s in seed_summary)
    assert any("CIS summit" in s or "CIS Council" in s for s in seed_summary)


def test_seed_summary_skips_title_and_headings(seed_summary: list[str]) -> None:
    headings = {
        "Putin lost the “battle.”",
        "Russia intends to stay long in Central Asia – results of the Dushanbe summits",
        "Putin was not arrested",
        "Compensation for Soviet-Era damage?",
        "Putin surrendered",
        "“The issue is closed”",
        "The CIS expands",
    }
    assert not headings & set(seed_summary)


def test_seed_summary_is_deterministic(seed_text: str, seed_summary: list[str]) -> None:
    assert summarize_extractive(paragraphs(seed_text), "en") == seed_summary


def test_n_sentences_is_respected(seed_text: str) -> None:
    paras = paragraphs(seed_text)
    assert len(summarize_extractive(paras, "en", n_sentences=1)) == 1
    assert len(summarize_extractive(paras, "en", n_sentences=4)) == 4


@pytest.mark.parametrize(("paras", "lang"), [(RU_PARAGRAPHS, "ru"), (UZ_PARAGRAPHS, "uz")])
def test_short_ru_and_uz_documents(paras: list[str], lang: str) -> None:
    summary = summarize_extractive(paras, lang)
    all_sentences = [s for p in paras for s in split_sentences(p, lang)]
    assert len(summary) == 3
    assert all(s in all_sentences for s in summary)
    assert paras[0] not in summary
    assert [all_sentences.index(s) for s in summary] == sorted(all_sentences.index(s) for s in summary)
    assert summarize_extractive(paras, lang) == summary


def test_fewer_sentences_than_requested() -> None:
    paras = ["The summit opened in Dushanbe on Thursday morning."]
    assert summarize_extractive(paras, "en", n_sentences=5) == paras


@pytest.mark.parametrize("paras", [[], [""], ["   "]])
def test_no_sentences_raises(paras: list[str]) -> None:
    with pytest.raises(InputError, match="no sentences"):
        summarize_extractive(paras, "en")


def test_bad_arguments() -> None:
    with pytest.raises(LanguageError, match="'fr'.*en, ru, uz"):
        summarize_extractive(["Some text here."], "fr")
    with pytest.raises(LanguageError):
        summarize_extractive([], "fr")
    with pytest.raises(ValueError, match="n_sentences"):
        summarize_extractive(["Some text here."], "en", n_sentences=0)


def test_headings_only_document_still_gives_a_summary() -> None:
    paras = ["Putin was not arrested", "The CIS expands"]
    assert summarize_extractive(paras, "en") == paras
