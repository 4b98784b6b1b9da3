"""Tests for summix.extractive: the weight-free summarizer (units, scoring, budgets, provenance)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from summix.documents import read_text
from summix.errors import InputError, LanguageError, SettingError
from summix.extractive import extract, summarize_extractive
from summix.extractive.scoring import overlap_graph, salience
from summix.extractive.units import MAX_UNIT_WORDS, build_units, opener, split_glued, usually_lower
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

UZ_CYRL_PARAGRAPHS = [
    "Душанбе саммити натижалари",
    "Душанбеда МДҲ саммити бўлиб ўтди. "
    "Тўққиз давлат раҳбарлари савдо ва энергетика масалаларини муҳокама қилди.",
    "Тожикистон Президенти саммитни очди. У МДҲ давлатлари ўртасида савдони кенгайтиришни таклиф қилди.",
    "Путин Алиев билан учрашди. Бироқ раҳбарлар самолёт ҳалокати ва товон пули тўлаш ҳақида гаплашди.",
    "Иштирокчилар ўн тўққизта ҳужжат имзолади. МДҲга раислик Туркманистонга ўтди.",
]


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    return paragraphs(read_text(str(SEED)))


@pytest.fixture(scope="module")
def seed_summary(seed_paragraphs: list[str]):
    return extract(seed_paragraphs, "en")


# ------------------------------------------------------------------------------------------------ units


@pytest.mark.parametrize(
    ("paras", "lang"),
    [(RU_PARAGRAPHS, "ru"), (UZ_PARAGRAPHS, "uz"), (UZ_CYRL_PARAGRAPHS, "uz")],
)
def test_headings_start_sections_and_are_never_sentences(paras: list[str], lang: str) -> None:
    units = build_units(paras, lang)
    assert units[0].kind == "heading" and units[0].section == 1
    assert all(u.section == 1 for u in units)  # one title, then body
    assert [u.paragraph for u in units] == sorted(u.paragraph for u in units)
    assert [u.text for u in units[1:3]] == split_sentences(paras[1], lang)


def test_unterminated_lines_are_not_glued_to_the_next_sentence() -> None:
    paras = [
        "The council approved the water budget on Monday after a long debate.",
        "Ministers from five states arrive in Dushanbe for the water council meeting on Monday morning, "
        "watched by farmers who came from the Aral Sea region to follow the vote",  # a photo caption
        "Photo by the council press service",
        "The budget gives the Aral Sea projects 33 million dollars over three years.",
    ]
    units = build_units(paras, "en")
    assert [u.text for u in units] == paras
    assert [u.kind for u in units] == ["sentence", "fragment", "heading", "sentence"]
    assert [u.section for u in units] == [0, 0, 1, 1]
    assert summarize_extractive(paras, "en", 2) == [paras[0], paras[3]]


@pytest.mark.parametrize(
    ("sentence", "lang", "pieces"),
    [
        (
            "Самолёт пропал с радаров над Средиземным морем По данным системы, сработал датчик дыма.",
            "ru",
            ["Самолёт пропал с радаров над Средиземным морем", "По данным системы, сработал датчик дыма."],
        ),
        (
            "Merson had another dig at Townsend after the game against Burnley The midfielder came on late.",
            "en",
            [
                "Merson had another dig at Townsend after the game against Burnley",
                "The midfielder came on late.",
            ],
        ),
        ("He met the minister in Paris and The Times reported it.", "en", None),
        # A function word that is also a month or a name: "3 May" is a date, Will Smith and Said are names.
        ("The president visited Moscow on 3 May 2019.", "en", None),
        ("The award went to actor Will Smith last night.", "en", None),
        ("A lecture on Edward Said drew students from across the city.", "en", None),
        ("The midfielder Emre Can scored twice.", "en", None),
        (
            "Самолёт ҳалокатга учради Бу ҳақда вазирлик хабар берди.",
            "uz",
            ["Самолёт ҳалокатга учради", "Бу ҳақда вазирлик хабар берди."],
        ),
        ("Oʻzbekiston va Qozogʻiston rahbarlari uchrashdi.", "uz", None),
    ],
)
def test_captions_run_into_a_sentence_are_cut(sentence: str, lang: str, pieces: list[str] | None) -> None:
    assert split_glued(sentence, lang) == (pieces or [sentence])


GLUED_EN = [
    "Fans waited outside the stadium in the rain Photographers gather near the gate before the match.",
    "Photographers and fans filled the road, and photographers took pictures of the team bus.",
    "He set the current Hour record last year.",
    "The Hour record is the oldest prize in cycling.",
    "The boy fell at the Metroparks Zoo after he slipped.",
]


@pytest.mark.parametrize(
    ("sentence", "pieces"),
    [
        (GLUED_EN[0], GLUED_EN[0].replace(" Photographers", "\nPhotographers").split("\n")),
        (GLUED_EN[2], None),  # "the Hour record": a capital after a function word marks a name
        (GLUED_EN[4], None),  # "Metroparks Zoo": a capital after a capitalised word continues a name
    ],
)
def test_a_word_usually_written_in_lower_case_opens_a_glued_sentence(sentence: str, pieces) -> None:
    lower = usually_lower(GLUED_EN, "en")
    assert {"photographers", "the"} <= lower and "hour" not in lower  # "Photographers" inside a sentence
    assert split_glued(sentence, "en", lower) == (pieces or [sentence])
    assert split_glued(sentence, "en") == [sentence]  # without the document's evidence: no cut


def test_a_month_after_a_number_opens_no_sentence() -> None:
    lower = usually_lower([*GLUED_EN, "They march on, and in may and june the fans return."], "en")
    assert {"march", "may"} <= lower
    for sentence in ("He signed on 15 March the deal he wanted.", "Prices fell on 3 May after the vote."):
        assert split_glued(sentence, "en", lower) == [sentence]


def test_a_one_letter_word_opens_a_glued_russian_or_uzbek_sentence() -> None:
    ru = [
        "Принц Эндрю гулял с Эпштейном в парке в 2010 году В заявлении принц сказал, что ничего не знал.",
        "В Лондоне принц выступил в суде в четверг.",
    ]
    lower = usually_lower(ru, "ru")
    assert "в" in lower
    assert [u.text for u in build_units(ru, "ru")][:2] == [
        "Принц Эндрю гулял с Эпштейном в парке в 2010 году",
        "В заявлении принц сказал, что ничего не знал.",
    ]
    uz = ["Prezident Toshkentda 2024 yilda uchrashdi U bu haqda matbuotga gapirdi.", "u keyin ketdi, u dedi."]
    assert split_glued(uz[0], "uz", usually_lower(uz, "uz"))[1] == "U bu haqda matbuotga gapirdi."
    cyrl = ["Президент Тошкентда 2024 йилда учрашди У бу ҳақда матбуотга гапирди.", "у кейин кетди, у деди."]
    assert split_glued(cyrl[0], "uz", usually_lower(cyrl, "uz"))[1] == "У бу ҳақда матбуотга гапирди."


def test_lists_of_names_and_stat_boxes_are_not_sentences() -> None:
    names = (
        "The summit was attended by Uzbekistan’s President Shavkat Mirziyoyev, Azerbaijan’s President Ilham "
        "Aliyev, Belarus’s President Alexander Lukashenko, Kazakhstan’s President Kassym-Jomart Tokayev and "
        "Armenia’s Prime Minister Nikol Pashinyan."
    )
    box = "Age: 22 Club: FC Tokyo Appearances: 37 Goals: 12"
    ru_names = (
        "На саммите были Президент Узбекистана Шавкат Мирзиёев, Президент Азербайджана Ильхам Алиев, "
        "Президент Белоруссии Александр Лукашенко, Президент Казахстана Касым-Жомарт Токаев."
    )
    assert build_units([names], "en")[0].kind == "list"
    assert build_units([box + "."], "en")[0].kind == "list"
    assert build_units([ru_names], "ru")[0].kind == "list"
    ordinary = (
        "Putin met Aliyev in Dushanbe on Thursday, and the two leaders discussed the crash of the plane."
    )
    assert build_units([ordinary], "en")[0].kind == "sentence"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("However, Mongolia did not arrest him.", "en", "connective"),
        ("That issue aside, let us turn to the summit.", "en", "connective"),
        ("And children who took antibiotics were heavier.", "en", "connective"),
        ("He said the crew chose another airport.", "en", "pronoun"),
        ("So-called experts disagreed.", "en", ""),
        ("Однако Монголия его не арестовала.", "ru", "connective"),
        ("Он сказал, что экипаж выбрал другой аэропорт.", "ru", "pronoun"),
        ("Biroq Moʻgʻuliston uni hibsga olmadi.", "uz", "connective"),
        ("Бироқ Мўғулистон уни ҳибсга олмади.", "uz", "connective"),
        ("Ular samolyot halokati haqida gaplashdi.", "uz", "pronoun"),
        ("Ушбу қарор эртага кучга киради.", "uz", "pronoun"),
        ("Uzbekistan signed the agreement.", "en", ""),
        ("Узбекистан подписал соглашение.", "ru", ""),
    ],
)
def test_openers_that_point_back(text: str, lang: str, expected: str) -> None:
    assert opener(text, lang) == expected


def test_no_unit_is_longer_than_the_bound_even_without_sentence_ends() -> None:
    words = (
        "the council met again and discussed the water budget of the region with five ministers " * 800
    ).split()
    run_on = " ".join(words)  # 12,000 words and not one full stop
    units = build_units([run_on], "en")
    assert max(u.words for u in units) <= MAX_UNIT_WORDS
    assert " ".join(u.text for u in units).split() == words  # nothing lost by the cuts
    summary = extract([run_on], "en")
    assert summary.words <= 300 and all(len(s.text.split()) <= MAX_UNIT_WORDS for s in summary.sentences)


# ---------------------------------------------------------------------------------------------- scoring


def test_a_teaser_first_line_does_not_win_a_one_sentence_summary() -> None:
    paras = [
        "Teaser: the weather was sunny in Paris on Monday morning.",
        "The central bank raised interest rates to five percent on Tuesday.",
        "The bank said the interest rate rise is meant to fight inflation.",
        "Analysts expected the bank to raise rates because inflation stayed high.",
        "Inflation reached seven percent last month, the bank said.",
    ]
    assert summarize_extractive(paras, "en", 1) == [paras[1]]


def test_the_graph_is_textrank_overlap_without_length_normalisation() -> None:
    weights = overlap_graph([["a", "b", "c"], ["a", "b", "d"], ["x", "y", "z"], ["a"], ["a"]])
    assert weights[0, 1] == pytest.approx(2 / (2 * math.log(3)))  # two shared words over log 3 + log 3
    assert weights[0, 2] == 0 and weights[0, 0] == 0
    assert weights[3, 4] == 0  # two one-word units: log 1 + log 1 = 0
    _, long, short = overlap_graph([["a", "b", "c", "d", "e", "f"], ["a", "b", "c", "g"], ["a", "b"]])[0]
    assert long > short  # a longer unit that shares more words is linked more strongly


NEWS = [
    "The city council approved a new budget for schools and hospitals on Monday.",
    "Teachers had asked the council for more money for schools for years.",
    "The mayor said the budget for schools and hospitals would rise by ten percent, "
    "and that the council would pay for it with the new tax on hotels and parking.",
    "Hospitals will hire more nurses with the money from the council budget.",
    "The new tax on hotels and parking starts next year, the mayor said.",
]


def test_one_sentence_is_the_most_central_and_more_keep_the_lead() -> None:
    assert summarize_extractive(NEWS, "en", 1) == [NEWS[2]]  # TextRank: linked to every other sentence
    assert summarize_extractive(NEWS, "en", 2) == NEWS[:2]  # PacSum: the lead, as the story unfolds


def test_later_sections_are_ranked_by_topic_not_by_position() -> None:
    paras = [
        "Summit results",
        "Russia pledged 33 million dollars to restore the Aral Sea, the summit's main outcome.",
        "Leaders also signed a treaty on border security.",
        "The money",
        "The meeting took place in a large hall in the capital on a rainy Thursday.",
        "The hall was decorated with flags of every member country for the meeting.",
        "Russia will pay the 33 million dollars for the Aral Sea over three years.",
        "Engineers will plant forests around the Aral Sea.",
    ]
    summary = extract(paras, "en", sentences=2)  # one sentence per section
    later = [s.text for s in summary.sentences if s.section == 2]
    assert later == [paras[6]]  # announced in the opening section, not the scene-setting first line


def test_names_and_numbers_raise_a_score() -> None:
    plain = salience("The leaders agreed on a plan for the region.")
    assert plain == 1.0
    assert salience("The leaders of Russia and Uzbekistan agreed on a plan.") > plain
    assert salience("The leaders agreed on a plan worth $33 million.") > plain
    both = salience("Leaders of Russia, Uzbekistan and Kazakhstan agreed on a plan worth $33 million.")
    assert both == pytest.approx(1.4)  # each feature adds at most 0.2


def test_a_dangling_opener_comes_only_after_the_sentence_it_points_to() -> None:
    paras = [
        "The central bank raised interest rates to five percent on Tuesday. "
        "However, the bank kept its inflation forecast for the year unchanged.",
        "Analysts expected the central bank to raise interest rates because inflation stayed high.",
        "However, several analysts said interest rates of five percent would slow the economy.",
    ]
    for n in (1, 2, 3, 4):
        chosen = summarize_extractive(paras, "en", n)
        units = [u.text for u in build_units(paras, "en")]
        for sentence in chosen:
            if sentence.startswith("However"):
                assert units[units.index(sentence) - 1] in chosen


@pytest.mark.parametrize(
    ("paras", "lang"), [(RU_PARAGRAPHS, "ru"), (UZ_PARAGRAPHS, "uz"), (UZ_CYRL_PARAGRAPHS, "uz")]
)
def test_short_ru_and_uz_documents(paras: list[str], lang: str) -> None:
    summary = summarize_extractive(paras, lang, 3)
    all_sentences = [s for p in paras for s in split_sentences(p, lang)]
    assert len(summary) == 3
    assert all(s in all_sentences for s in summary)
    assert paras[0] not in summary
    assert [all_sentences.index(s) for s in summary] == sorted(all_sentences.index(s) for s in summary)
    assert summarize_extractive(paras, lang, 3) == summary
    assert not any(s.startswith(("Бироқ", "Он ", "U ", "У ")) for s in summary)  # no dangling opener


# -------------------------------------------------------------------------------- budgets and results


def test_default_length_fits_the_document(seed_paragraphs: list[str]) -> None:
    months = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября")
    news = [
        f"Власти района номер {i} сообщили, что {10 * i + 3} семей получили новые водопроводные трубы "
        f"и солнечные панели в ходе кампании {months[i % 10]}, начатой правительством прошлой весной."
        for i in range(1, 21)
    ]  # about 400 words, like a short news story
    short = extract(news, "ru")
    assert 1 <= len(short.sentences) <= 3
    long = extract(seed_paragraphs, "en")
    assert long.budget.words == round(0.11 * long.source_words)
    assert 0.06 * long.source_words <= long.words <= 0.12 * long.source_words


def test_word_and_sentence_budgets(seed_paragraphs: list[str]) -> None:
    for words in (30, 80, 150):
        summary = extract(seed_paragraphs, "en", words=words)
        counted = sum(len(s.text.split()) for s in summary.sentences)
        assert counted <= words or len(summary.sentences) == 1
    assert len(extract(seed_paragraphs, "en", sentences=1).sentences) == 1
    assert len(extract(seed_paragraphs, "en", sentences=4).sentences) == 4
    assert len(summarize_extractive(seed_paragraphs, "en", 4)) == 4
    both = extract(seed_paragraphs, "en", sentences=10, words=60)
    assert both.words <= 60 or len(both.sentences) == 1


def test_sentences_carry_their_paragraph_and_section(seed_paragraphs: list[str], seed_summary) -> None:
    units = build_units(seed_paragraphs, "en")
    for sentence in seed_summary.sentences:
        assert sentence.text in split_sentences(seed_paragraphs[sentence.paragraph], "en")
        (unit,) = [u for u in units if u.paragraph == sentence.paragraph and u.position == sentence.position]
        assert unit.text == sentence.text and unit.section == sentence.section
    assert seed_summary.fragments.coverage == 1.0  # every word is copied from the document
    assert seed_summary.fragments.compression == pytest.approx(
        len(" ".join(seed_paragraphs).split()) / seed_summary.words, rel=0.05
    )


# ------------------------------------------------------------------------------------------------ seed


def test_seed_summary_is_short_verbatim_and_in_order(seed_paragraphs: list[str], seed_summary) -> None:
    text = " ".join(seed_paragraphs)
    assert seed_summary.words <= 250
    positions = [text.index(s.text) for s in seed_summary.sentences]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert extract(seed_paragraphs, "en") == seed_summary  # deterministic


def test_seed_summary_has_no_list_of_names_and_no_dangling_opener(seed_paragraphs, seed_summary) -> None:
    units = build_units(seed_paragraphs, "en")
    chosen = {(s.paragraph, s.position) for s in seed_summary.sentences}
    for k, unit in enumerate(units):
        if (unit.paragraph, unit.position) in chosen:
            assert unit.kind == "sentence"
            assert unit.words <= 45 or unit.kind != "list"
            if unit.opener:
                before = units[k - 1]
                assert (before.paragraph, before.position) in chosen


def test_seed_summary_covers_its_sections(seed_summary) -> None:
    text = seed_summary.text
    assert len({s.section for s in seed_summary.sentences}) >= 6  # every section is represented
    assert "ICC" in text  # the opening: Tajikistan did not act on the arrest warrant
    assert "accused Tajikistan of failing to comply" in text  # "Putin was not arrested"
    assert "$33 million" in text and "Aral Sea" in text  # "Compensation for Soviet-Era damage?"
    assert "three of Azerbaijan’s conditions" in text  # "Putin surrendered"
    assert "Nobel" in text  # "The issue is closed"
    assert "19 documents" in text and "CIS Plus" in text and "observer status" in text  # "The CIS expands"
    assert "differs from other partnerships" not in text  # a section's first line that says nothing
    headings = {"Putin was not arrested", "Putin surrendered", "The CIS expands", "“The issue is closed”"}
    assert not headings & {s.text for s in seed_summary.sentences}


# ----------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("paras", [[], [""], ["   "]])
def test_no_sentences_raises(paras: list[str]) -> None:
    with pytest.raises(InputError, match="no sentences"):
        summarize_extractive(paras, "en")


def test_bad_arguments() -> None:
    with pytest.raises(LanguageError, match="'fr'.*en, ru, uz"):
        summarize_extractive(["Some text here."], "fr")
    with pytest.raises(LanguageError):
        summarize_extractive([], "fr")
    with pytest.raises(SettingError, match="sentences must be a positive number, not 0"):
        summarize_extractive(["Some text here."], "en", n_sentences=0)
    with pytest.raises(SettingError, match="words must be a positive number, not -2"):
        extract(["Some text here."], "en", words=-2)


def test_fewer_sentences_than_requested() -> None:
    paras = ["The summit opened in Dushanbe on Thursday morning."]
    assert summarize_extractive(paras, "en", n_sentences=5) == paras


def test_headings_only_document_still_gives_a_summary() -> None:
    paras = ["Putin was not arrested", "The CIS expands"]
    assert summarize_extractive(paras, "en", 2) == paras
