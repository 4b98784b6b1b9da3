"""Tests for summix.checks: each check in each language, Uzbek in both scripts, every apostrophe."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

import summix
from summix.checks import CHECKS, check, check_pairs, repetition
from summix.checks import names as names_check
from summix.checks.casing import casing, written_lower
from summix.checks.document import check_document
from summix.checks.length import LengthModel, chars, fit, models
from summix.checks.namekeys import exonyms, key
from summix.checks.names import names
from summix.checks.numbers import mentions
from summix.checks.report import summary_line
from summix.checks.summary import check_summary
from summix.checks.units import close
from summix.errors import InputError, LanguageError
from summix.text import APOSTROPHES


def flags(source: str, output: str, src: str, tgt: str, kind: str) -> list[str]:
    """The reasons of the findings of one kind."""
    return [f.reason for f in check(source, output, src, tgt, kinds=[kind]).findings]


def items(source: str, output: str, src: str, tgt: str, kind: str) -> set[str]:
    """Every item the findings of one kind name."""
    return {i for f in check(source, output, src, tgt, kinds=[kind]).findings for i in f.items}


# ------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("source", "output", "src", "tgt"),
    [
        ("Sales rose by 1,500 to 2.5%.", "Продажи выросли на 1 500, до 2,5 %.", "en", "ru"),
        ("Sales rose by 1,500 to 2.5%.", "Продажи выросли на 1\u00a0500, до 2,5 процента.", "en", "ru"),
        ("Sales rose by 1,500 to 2.5%.", "Savdo 1 500 taga, 2,5 foizga oshdi.", "en", "uz"),
        ("It cost $1.2bn.", "Это стоило 1,2 млрд долларов.", "en", "ru"),
        ("It cost $1.2bn.", "Bu 1,2 mlrd dollar turdi.", "en", "uz"),
        ("It cost $1.2bn.", "Бу 1,2 млрд доллар турди.", "en", "uz"),
        ("It cost £11million.", "Это стоило 11 миллионов фунтов.", "en", "ru"),
        ("It cost 1.2 million.", "Это стоило 1 200 000.", "en", "ru"),
        ("A 5,000-strong crowd.", "Толпа в 5 тысяч человек.", "en", "ru"),
        ("In the 1930s it grew.", "В 30-е годы он вырос.", "en", "ru"),
        ("In the 1930s it grew.", "1930-yillarda u oʻsdi.", "en", "uz"),
        ("They met at 3 pm.", "Они встретились в 15:00.", "en", "ru"),
        ("They met at 3 pm.", "Ular soat 15.00 da uchrashdi.", "en", "uz"),
        ("Polls close at 19:00.", "Saylov uchastkalari soat 7 da yopiladi.", "ru", "uz"),
        ("On March 15, 2024 it opened.", "2024-yil 15-martda u ochildi.", "en", "uz"),
        ("On March 15, 2024 it opened.", "2024 йил 15 мартда у очилди.", "en", "uz"),
        ("Three people came.", "Пришли 3 человека.", "en", "ru"),
        ("Пришли двое из 2 групп.", "Two of the two groups came.", "ru", "en"),
        ("He was 3rd of 12.", "U 12 tadan uchinchi boʻldi.", "en", "uz"),
        ("12 people came.", "Ўн икки киши келди.", "en", "uz"),
        ("More than 1,000 died.", "Mingdan ortiq odam halok boʻldi.", "en", "uz"),
        ("The score was 1-0.", "Счет был 1:0.", "en", "ru"),
    ],
)
def test_numbers_written_differently_match(source: str, output: str, src: str, tgt: str) -> None:
    assert flags(source, output, src, tgt, "numbers") == []


@pytest.mark.parametrize(
    ("source", "output", "src", "tgt", "expected"),
    [
        ("Sales rose 5% in 2019.", "Продажи выросли на 6% в 2019 году.", "en", "ru", {"5", "6"}),
        ("Sales rose by 1,500.", "Продажи выросли на 1 600.", "en", "ru", {"1,500", "1 600"}),
        ("It cost $1.2bn.", "Bu 1,3 mlrd dollar turdi.", "en", "uz", {"1.2bn", "1,3 mlrd"}),
        ("It cost $1.2bn.", "Это стоило 1,2 млн долларов.", "en", "ru", {"1.2bn", "1,2 млн"}),
        ("They met at 4.40 am.", "Они встретились в 4 утра.", "en", "ru", {"4.40 am", "4"}),
        ("2024-yil 15-mart kuni.", "On March 16, 2024.", "uz", "en", {"15-mart", "16"}),
        ("He scored 25 points.", "Он набрал очки.", "en", "ru", {"25"}),
        ("Он набрал очки.", "He scored 25 points.", "ru", "en", {"25"}),
    ],
)
def test_numbers_changed_dropped_or_added_are_flagged(
    source: str, output: str, src: str, tgt: str, expected: set[str]
) -> None:
    assert items(source, output, src, tgt, "numbers") == expected


def test_written_out_numbers_may_match_but_are_not_required() -> None:
    assert flags("Three people came.", "Люди пришли.", "en", "ru", "numbers") == []
    written = [m for m in mentions("двумя тысячами, полтора миллиона", "ru") if not m.required]
    assert [(m.text, sorted(m.values)) for m in written] == [
        ("двумя тысячами", [2000.0]),
        ("полтора миллиона", [1500000.0]),
    ]


@pytest.mark.parametrize(
    ("source", "output", "src", "tgt"),
    [
        ("Temperatures will reach 80 degrees.", "Температура достигнет 27 градусов.", "en", "ru"),
        ("A 550-pound pig killed him.", "Его убила свинья весом в 250 килограмм.", "en", "ru"),
        ("Winds of 85 mph, 200 miles away.", "Ветер до 135 км/ч, в 320 км от города.", "en", "ru"),
        ("Up to 10 inches of rain fell.", "Выпало до 25 см осадков.", "en", "ru"),
        ("Waves were 20 feet high.", "To‘lqinlar 6 metr balandlikda edi.", "en", "uz"),
        ("В 27 метрах от ворот.", "Darvozadan 30 yard masofada.", "ru", "uz"),
        ("25-тысячную толпу не пустили.", "25 mingdan ortiq olomon kiritilmadi.", "ru", "uz"),
        ("Ожидается до 5–10 см осадков.", "2-4 dyum yomg‘ir yog‘ishi kutilmoqda.", "ru", "uz"),
        ("Выпадет от 5 до 10 см осадков.", "Expect 2 to 4 inches of rain.", "ru", "en"),
        ("На улице было 27 градусов тепла.", "Tashqarida havo 80 darajali edi.", "ru", "uz"),
    ],
)
def test_numbers_converted_between_units_match(source: str, output: str, src: str, tgt: str) -> None:
    assert flags(source, output, src, tgt, "numbers") == []


def test_a_converted_number_still_has_to_be_the_same_quantity() -> None:
    assert items(
        "Выпадет от 5 до 10 см осадков.", "Expect 2 to 7 inches of rain.", "ru", "en", "numbers"
    ) == {
        "10",
        "7",
    }
    assert items(
        "Temperatures will reach 80 degrees.", "Температура достигнет 37 градусов.", "en", "ru", "numbers"
    ) == {
        "80",
        "37",
    }
    # A pound is no metre, an inch no kilogram: only quantities of one kind convert.
    assert items("A 550-pound pig.", "Свинья длиной в 250 метров.", "en", "ru", "numbers") == {
        "550-pound",
        "250",
    }
    assert items("Up to 10 inches of rain.", "До 25 килограмм осадков.", "en", "ru", "numbers") == {
        "10",
        "25",
    }
    assert items("Up to 10 inches of rain.", "До 40 см осадков.", "en", "ru", "numbers") == {"10", "40"}
    assert close(80, 80.6) and close(3, 2.76) and not close(86, 80.6)


def test_a_comma_or_point_with_three_digits_after_it_reads_both_ways() -> None:
    (mention,) = mentions("1,000", "en")
    assert mention.values == {1000.0, 1.0}
    (mention,) = mentions("12.03.2019", "ru")
    assert mention.values == {12.0, 3.0, 2019.0}


# --------------------------------------------------------------------------------------------- names

SOURCE_EN = "Prime Minister Theresa May met Boris Johnson and Donald Trump in London on Monday."
SAME_NAMES = {
    "ru": "Премьер-министр Тереза Мэй встретилась с Борисом Джонсоном и Дональдом Трампом в Лондоне "
    "в понедельник.",
    "uz": "Bosh vazir Tereza Mey dushanba kuni Londonda Boris Jonson va Donald Tramp bilan uchrashdi.",
    "uz-cyrl": "Бош вазир Тереза Мей душанба куни Лондонда Борис Жонсон ва Доналд Трамп билан учрашди.",
}


@pytest.mark.parametrize("target", sorted(SAME_NAMES))
def test_names_match_across_scripts_and_case_endings(target: str) -> None:
    tgt = target[:2]
    assert flags(SOURCE_EN, SAME_NAMES[target], "en", tgt, "names") == []
    assert flags(SAME_NAMES[target], SOURCE_EN, tgt, "en", "names") == []


@pytest.mark.parametrize("target", sorted(SAME_NAMES))
def test_a_dropped_name_is_flagged(target: str) -> None:
    tgt = target[:2]
    output = SAME_NAMES[target]
    for written in ("Борисом Джонсоном", "Boris Jonson", "Борис Жонсон"):
        output = output.replace(written, "")
    assert items(SOURCE_EN, output, "en", tgt, "names") == {"Boris Johnson"}


@pytest.mark.parametrize("target", sorted(SAME_NAMES))
def test_a_replaced_name_is_flagged_both_ways(target: str) -> None:
    tgt = target[:2]
    stranger = {"ru": "Путиным", "uz": "Putin", "uz-cyrl": "Путин"}[target]
    output = SAME_NAMES[target]
    for written in ("Дональдом Трампом", "Donald Tramp", "Доналд Трамп"):
        output = output.replace(written, stranger)
    assert items(SOURCE_EN, output, "en", tgt, "names") == {"Donald Trump", stranger}


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_uzbek_apostrophe_gives_one_key(apostrophe: str) -> None:
    assert key(f"G{apostrophe}afur", "uz") == key("Gʻafur", "uz") == key("Гафур", "ru")
    uzbek = f"Shoir G{apostrophe}afur G{apostrophe}ulom O{apostrophe}zbekistonda tugʻilgan."
    assert flags("Поэт Гафур Гулям родился в Узбекистане.", uzbek, "ru", "uz", "names") == []


def test_names_each_language_writes_its_own_way_come_from_the_table() -> None:
    assert (
        flags("He flew from China to Germany.", "Он улетел из Китая в Германию.", "en", "ru", "names") == []
    )
    assert flags("Он улетел из Китая.", "U Xitoydan uchib ketdi.", "ru", "uz", "names") == []
    assert flags("He met the UK envoy.", "U Britaniya elchisi bilan uchrashdi.", "en", "uz", "names") == []
    # Uzbek writes AQSH and AQSh (the United States), with endings too.
    for written in ("AQSh", "AQShning", "AQSHning"):
        assert flags("The United States warned.", f"{written} ogohlantirdi.", "en", "uz", "names") == []
    assert (
        flags("«Соединенные Штаты могут», — сказал он.", "“AQSH qodir”, dedi u.", "ru", "uz", "names") == []
    )
    # The words that head names of institutions and places are translated, not transliterated.
    assert flags("The boy was flown to Rady Children's Hospital.", "Мальчика доставили в больницу Рэди.",
                 "en", "ru", "names") == []  # fmt: skip
    assert flags("The Red Cross said so.", "Так заявил Красный Крест.", "en", "ru", "names") == []
    assert flags("The Red Cross said so.", "Qizil Xoch shunday dedi.", "en", "uz", "names") == []


def test_a_word_that_heads_names_does_not_stand_for_the_rest_of_the_name() -> None:
    # An island elsewhere in the output is not Nias Island: Nias is what tells that island from others.
    source = "The quake hit Nias Island, and another island nearby."
    assert items(source, "Землетрясение обрушилось на остров и на соседний остров.", "en", "ru", "names") == {
        "Nias Island"
    }
    assert (
        flags(source, "Землетрясение обрушилось на остров Ниас и на соседний остров.", "en", "ru", "names")
        == []
    )
    assert exonyms().head(key("Island", "en")) and exonyms().head(key("острове", "ru"))
    assert not exonyms().head(key("States", "en"))  # also America: no head


def test_sentence_starts_acronyms_and_title_case_headlines_are_not_names() -> None:
    assert [n.text for n in names("Police said the BBC and Mr. Smith agreed.", "en")] == ["Smith"]
    # Titles in the plural and the magnitude scale's symbol are no names either.
    assert [n.text for n in names("It listed U.S. Sens. Lindsey Graham and Reps. Ann Lee.", "en")] == [
        "Lindsey Graham",
        "Ann Lee",
    ]
    assert names("Это землетрясение магнитудой 7,1 Mw.", "ru") == []
    assert names("Quake Devastates Island, Killing Hundreds Of People", "en") == []
    # A headline may end with a full stop or a question mark; its capitalised function words tell it.
    assert names("Star Embarked on a Long Diatribe, Wearing a Hat, After his Show Appearance.", "en") == []
    assert names("What is the Citizen Festival and Has it Done Anything to Decrease Poverty?", "en") == []
    assert [n.text for n in names("Holly Willoughby will host I'm A Celebrity.", "en")] == [
        "Willoughby",
        "Celebrity",
    ]
    assert len(names("Theresa May met Boris Johnson and Donald Trump in London on Monday.", "en")) == 4
    assert [n.text for n in names("President Gjorge Ivanov and Prime Minister Zoran Zaev met.", "en")] == [
        "Gjorge Ivanov",
        "Zoran Zaev",
    ]


def test_a_sentence_start_is_a_name_when_the_text_or_a_dictionary_says_so() -> None:
    text = "Senator Jeff Flake spoke. Flake was convinced. Police came."
    assert [n.text for n in names(text, "en")] == ["Jeff Flake"]
    assert [n.text for n in names(text, "en", casing([text], "en"))] == ["Jeff Flake", "Flake"]
    # Russian: the OpenCorpora dictionary knows surnames and places, wherever they stand.
    assert [n.text for n in names("Джонс ушел. По дороге он встретил друга.", "ru")] == ["Джонс"]


def test_a_title_case_headline_names_what_the_text_capitalises_inside_its_sentences() -> None:
    headline = "Indonesia Tsunami and Quake Devastate an Island, Killing Hundreds"
    text = [headline, "The quake struck Indonesia on Friday; the tsunami followed."]
    assert [n.text for n in names(headline, "en", casing(text, "en"))] == ["Indonesia"]
    # The headline's own capitals are no evidence: alone, it names no one.
    assert names(headline, "en", casing([headline], "en")) == []


def test_an_acronym_of_the_table_is_a_name_its_line_must_match() -> None:
    assert items("Prices rose in the UK.", "Цены выросли.", "en", "ru", "names") == {"UK"}
    assert items("Prices rose in the UK.", "Цены выросли в Великобритании.", "en", "ru", "names") == set()
    assert items("Prices rose in the UK.", "Британские цены выросли.", "en", "ru", "names") == set()
    assert items("Narxlar AQShda oshdi.", "Prices rose in the U.S.", "uz", "en", "names") == set()
    assert items("Narxlar AQShda oshdi.", "Prices rose.", "uz", "en", "names") == {"AQShda"}
    assert items("Цены выросли.", "Prices rose in the EU.", "ru", "en", "names") == {"EU"}
    # Beside dollars it names the currency, which translators write as $.
    assert items("U 350 ming AQSH dollari to'ladi.", "He paid $350,000.", "uz", "en", "names") == set()
    assert items("Он заплатил 5 долл. США.", "He paid $5.", "ru", "en", "names") == set()
    # An acronym the table does not list is no name (BBC may be "Би-би-си").
    assert items("The BBC said so.", "Так сказали.", "en", "ru", "names") == set()


def test_a_closing_quotation_mark_opens_no_sentence() -> None:
    text = '"We will win," Trump said. Trump left.'
    assert [n.text for n in names(text, "en", casing([text], "en"))] == ["Trump", "Trump"]
    text = '"We will win." Trump left.'
    assert [n.text for n in names(text, "en", casing([text], "en"))] == []


def test_a_short_quotation_of_capitalised_words_is_a_name_not_a_sentence() -> None:
    assert [n.text for n in names("«Рейнджерс» проиграли «Челси».", "ru")] == ["Рейнджерс", "Челси"]
    assert [n.text for n in names("Rejaga “Lloyds” ham o‘z hissasini qo‘shadi.", "uz")] == ["Lloyds"]
    assert names("He said: “Go home now.” We left.", "en") == []


def test_common_words_titles_ordinals_and_adjectives_are_names_but_not_required() -> None:
    source = "The Judiciary Committee voted, and the committee chair said the judiciary agreed."
    found = names(source, "en", casing([source], "en"))
    assert [(n.text, n.required) for n in found] == [("Judiciary Committee", False)]
    assert (
        flags(source, "Комитет проголосовал, и его глава сказал, что суд согласен.", "en", "ru", "names")
        == []
    )
    title = "He wrote Few Hard Truths About Sneaking Into Hollywood last year."
    assert [n.required for n in names(title, "en")] == [False]
    assert [n.required for n in names("Среди членов Национальной ассамблеи зреет недовольство.", "ru")] == [
        False
    ]
    assert [n.required for n in names("U Ikkinchi jahon urushida va Respublikachilar bilan.", "uz")] == [
        False,
        False,
    ]
    result = check("He met Rose.", "Он встретил Розу.", "en", "ru", kinds=["names"])
    assert result.values["names"]["not_required"] == []


def test_an_uzbek_adjective_made_of_a_name_leaves_the_name_required() -> None:
    # boliviyalik (Bolivian) and shotland (Scottish) are written in lower case; Boliviya and
    # Shotlandiya are still names: -lik and -iya are no case endings of Uzbek.
    text = "Sud Boliviya foydasida qaror chiqardi. Boliviyalik vakil va shotland futboli Shotlandiya bilan."
    found = names(text, "uz", casing([text.replace("Boliviyalik", "boliviyalik")], "uz"))
    assert [(n.text, n.required) for n in found] == [("Boliviya", True), ("Shotlandiya", True)]
    # A case ending still makes a form of one word: "Oliy" beside "oliyga" is a common word.
    text = "Bugun Oliy kengash yig'ildi, oliyga qarab."
    assert [(n.text, n.required) for n in names(text, "uz", casing([text], "uz"))] == [("Oliy", False)]


def test_two_names_side_by_side_are_told_apart_by_the_rest_of_the_text() -> None:
    text = [
        "Bugun Donald Tramp gapirdi.",
        "Keyin Kavano javob berdi.",
        "Shundan so'ng Tramp Kavanoga qarshi chiqdi.",
    ]
    cased = casing(text, "uz")
    assert [n.text for n in names(text[2], "uz", cased)] == ["Tramp", "Kavanoga"]
    assert [n.text for n in names(text[2], "uz", casing(text[2:], "uz"))] == ["Tramp Kavanoga"]
    # Kim ends a name elsewhere, but Jong never opens one: Kim Jong Un stays one name.
    text = ["Bugun Kim Jong Un keldi.", "Keyin Kim gapirdi.", "Shundan so'ng Kim Jong Un ketdi."]
    assert [n.text for n in names(text[2], "uz", casing(text, "uz"))] == ["Kim Jong Un"]
    # Two words written together twice are one name, whatever else the text does with them.
    text = ["Bugun Tramp keldi.", "Keyin Kavano keldi.", "Va Tramp Kavano keldi.", "Yana Tramp Kavano keldi."]
    assert [n.text for n in names(text[3], "uz", casing(text, "uz"))] == ["Tramp Kavano"]
    # ... in any of their forms.
    text = [
        "Члены Организации и народы Объединенных Наций.",
        "Они верны Организации Объединенных Наций.",
        "Он работал с Организацией Объединенных Наций.",
    ]
    assert [n.text for n in names(text[2], "ru", casing(text, "ru"))] == ["Организацией Объединенных Наций"]


def test_a_russian_first_name_does_not_stand_for_the_whole_person() -> None:
    source = "Вероятно, Оливер Кромвель страдает за грехи предка."
    assert items(source, "Perhaps Oliver Cromwell pays for a forebear's sins.", "ru", "en", "names") == set()
    assert items(source, "Perhaps Oliver pays for a forebear's sins.", "ru", "en", "names") == {
        "Оливер Кромвель"
    }
    # Only where the dictionary knows the first name: any word of other names still finds them.
    assert items("Новый Орлеан затопило.", "Orleans was flooded.", "ru", "en", "names") == set()
    assert items("Then Oliver Cromwell paid.", "Потом Оливер заплатил.", "en", "ru", "names") == set()


def test_a_surname_the_text_writes_alone_must_be_found() -> None:
    sources = ["Bugun Piter Jons keldi.", "Keyin u Jons bilan gaplashdi."]
    kept = ["Peter Jones came today.", "Then he talked to Jones."]
    dropped = ["Peter came today.", "Then he talked to Jones."]
    assert check_pairs(sources, kept, "uz", "en", kinds=["names"])[0].findings == ()
    [finding] = check_pairs(sources, dropped, "uz", "en", kinds=["names"])[0].findings
    assert finding.items == ("Piter Jons",)
    # A text that never writes the surname alone tells nothing: any word still finds the name.
    sources = ["Bugun Piter Jons keldi.", "Keyin u uyga ketdi."]
    dropped = ["Peter came today.", "Then he went home."]
    assert check_pairs(sources, dropped, "uz", "en", kinds=["names"])[0].findings == ()


def test_uzbek_and_english_possessives_end_a_name() -> None:
    assert [n.text for n in names("Fermer Xitoyning Sinxay provinsiyasida yashaydi.", "uz")] == [
        "Xitoyning",
        "Sinxay",
    ]
    # Any Uzbek case ending ends a noun phrase, in either script; a short stem is part of the name.
    for text in ("Politsiya Erdoʻgʻanni Kyolnda kutib oldi.", "Полиция Эрдўғанни Кёлнда кутиб олди."):
        assert len(names(text, "uz")) == 2
    assert [n.text for n in names("Bu Jerdan Shakiri edi.", "uz")] == ["Jerdan Shakiri"]
    assert [n.text for n in names("It was likened to Gwyneth Paltrow's Goop brand.", "en")] == [
        "Gwyneth Paltrow's",
        "Goop",
    ]
    # A hyphenated word runs on into the next one: only a possessive ends a name.
    assert [n.text for n in names("He met Jean-Paul Sartre in Paris.", "en")] == ["Jean-Paul Sartre", "Paris"]


@pytest.mark.parametrize(
    ("source", "output", "src", "tgt"),
    [
        ("The Giants lost on Sunday.", "«Джайантс» проиграли в воскресенье.", "en", "ru"),
        ("Shelters were built in Aceh.", "В Ачехе построили убежища.", "en", "ru"),
        ("Bough is now a married man.", "Теперь Баф женат.", "en", "ru"),
        ("He flew from Ghana to Pittsburgh.", "Он прилетел из Ганы в Питтсбург.", "en", "ru"),
        ("The talks in Baghdad went well.", "Переговоры в Багдаде прошли хорошо.", "en", "ru"),
        ("Only 80 Uyghurs live there.", "U yerda faqat 80 uygʻur yashaydi.", "en", "uz"),
        ("It rained in Utah on Monday.", "В понедельник в Юте шел дождь.", "en", "ru"),
        ("It rained in Utah on Monday.", "Dushanba kuni Yutada yomg‘ir yog‘di.", "en", "uz"),
        ("He flew to the U.K. on Monday.", "U dushanba kuni Britaniyaga uchdi.", "en", "uz"),
        ("Rain fell in Mexico on Monday.", "Dushanba kuni Mexikoda yomg‘ir yog‘di.", "en", "uz"),
        ("He moved to Juve this summer.", "Этим летом он перешел в «Юве».", "en", "ru"),
        ("A quake hit south of Java.", "Землетрясение произошло южнее Явы.", "en", "ru"),
        ("Bozor Yuanning oilasi bilan gaplashdi.", "The market talked to Yuan's family.", "uz", "en"),
        ("He went back to Whitehall.", "Он вернулся в Уайтхолл.", "en", "ru"),
        ("Uylarni Birlashgan Qirollik rezidentlari sotib oladi.", "Non-UK residents buy them.", "uz", "en"),
    ],
)
def test_names_that_sound_alike_match(source: str, output: str, src: str, tgt: str) -> None:
    assert flags(source, output, src, tgt, "names") == []


def test_names_are_compared_by_sound_group_not_each_with_each(monkeypatch: pytest.MonkeyPatch) -> None:
    # A huge line with thousands of names was compared name by name with every capitalised word of the
    # other side: 116 kB took 19 s in `summix check`, a megabyte many minutes.
    source = " ".join(f"Met {a}{b}{c}ovan." for a in "BDKLMNPRST" for b in "aeiou" for c in "lmn")
    output = " ".join(f"Встретил {a}{b}{c}ова." for a in "ГЖЗХЦЧШЩЮЯ" for b in "аеиоу" for c in "жшщ")
    calls = []
    sounds = names_check._first_sounds
    monkeypatch.setattr(names_check, "_first_sounds", lambda key: calls.append(key) or sounds(key))
    assert flags(source, output, "en", "ru", "names") != []  # none of them is there
    assert len(calls) < 20 * 150  # a few per name of either side, not one per pair of them


def test_renderings_are_told_word_by_word_and_loose_matches_see_past_case_endings() -> None:
    sources = ["Stars beat Belfast Giants.", "The Giants lost.", "Dwyer scored for the Giants."]
    outputs = [
        "“Yulduzlar” “Belfast devlari”ni yengdi.",
        "“Devlar” yutqazdi.",
        "Duayer “Devlar” uchun gol urdi.",
    ]
    results = check_pairs(sources, outputs, "en", "uz", kinds=["names"])
    assert [r.values["names"]["missing"] for r in results] == [[], [], []]
    assert flags("He saw that Vettel won.", "U Fettelning g‘alabasini ko‘rdi.", "en", "uz", "names") == []
    assert flags("U Fettelning g‘alabasini ko‘rdi.", "He saw that Vettel won.", "uz", "en", "names") == []


def test_the_whole_text_tells_a_rendering_from_an_omission_and_a_moved_name_from_an_invented_one() -> None:
    sources = [
        "Kit Harington starred in Game of Thrones.",
        "Game of Thrones ended in 2019, Harington said.",
        "Harington thanked Kavanaugh's team.",
        "He said he was grateful.",
    ]
    outputs = [
        "Кит Харингтон снимался в «Игре престолов».",
        "«Игра престолов» закончилась в 2019 году, сказал Харингтон.",
        "Харингтон поблагодарил команду.",
        "Кавано сказал, что благодарен.",
    ]
    results = check_pairs(sources, outputs, "en", "ru", kinds=["names"])
    # "Game of Thrones" is «Игра престолов» throughout: a rendering, not an omission; Kavanaugh was moved.
    assert [r.values["names"]["missing"] for r in results] == [[], [], ["Kavanaugh's"], []]
    assert [r.values["names"]["extra"] for r in results] == [[], [], [], []]
    # Alone, each segment is flagged; a name the source never gives is flagged in context too.
    assert check(sources[0], outputs[0], "en", "ru", kinds=["names"]).flagged
    invented = check_pairs(
        sources, [*outputs[:3], "Путин сказал, что благодарен."], "en", "ru", kinds=["names"]
    )
    assert invented[3].values["names"]["extra"] == ["Путин"]


# --------------------------------------------------------------------------------- length, truncated


def test_length_flags_an_output_far_shorter_than_human_translations() -> None:
    source = "The committee said the new rules would apply to every school in the region from next year on."
    assert (
        flags(
            source,
            "Комитет заявил, что новые правила будут действовать во всех школах региона.",
            "en",
            "ru",
            "length",
        )
        == []
    )
    assert len(flags(source, "Комитет заявил.", "en", "ru", "length")) == 1
    assert len(flags(source, source + " " + source + " " + source, "en", "uz", "length")) == 1


def test_length_model_fit_recovers_its_parameters_and_every_direction_is_fitted() -> None:
    sources = ["x" * n for n in (10, 20, 40, 80, 160, 320) for _ in range(2)]
    outputs = ["y" * round(len(s) * ratio) for s, ratio in zip(sources, [1.1, 1.3] * 6, strict=True)]
    model = fit(sources, outputs)
    assert model.pairs == 12
    assert model.expected(100)[0] == pytest.approx((math.log(1.1) + math.log(1.3)) / 2, abs=0.005)
    assert set(models()) == {f"{a}-{b}" for a in ("en", "ru", "uz") for b in ("en", "ru", "uz") if a != b}
    assert isinstance(models()["en-ru"], LengthModel)
    assert chars(" a b\u00a0c ") == 3
    with pytest.raises(ValueError, match="at least 3"):
        fit(["a"], ["b"])


def test_truncated_flags_an_output_cut_off_mid_sentence() -> None:
    source = "The storm hit the coast on Friday."
    assert flags(source, "Шторм обрушился на побережье в", "en", "ru", "truncated") != []
    assert flags(source, "Шторм обрушился на побережье в пятницу,", "en", "ru", "truncated") != []
    assert flags(source, "Шторм обрушился на побережье в пятницу.", "en", "ru", "truncated") == []
    assert flags("The storm", "Шторм обрушился", "en", "ru", "truncated") == []
    # Of the usual length, it has only left out its full stop; a comma still ends it mid-sentence.
    assert flags(source, "В пятницу шторм обрушился на морское побережье", "en", "ru", "truncated") == []
    assert flags(source, "Шторм обрушился на побережье в пятницу вечером,", "en", "ru", "truncated") != []
    assert flags(source, "Шторм обрушился на", "ru", "ru", "truncated") != []  # no length model: as before


# --------------------------------------------------------------------- language, copy, empty, loops


def test_language_flags_output_in_another_language_and_accepts_both_uzbek_scripts() -> None:
    source = "The government announced new measures against inflation on Tuesday."
    assert flags(source, "The government announced new measures on Tuesday.", "en", "ru", "language") != []
    assert (
        flags(
            source,
            "Hukumat seshanba kuni inflyatsiyaga qarshi yangi choralarni eʼlon qildi.",
            "en",
            "uz",
            "language",
        )
        == []
    )
    assert (
        flags(
            source,
            "Ҳукумат сешанба куни инфляцияга қарши янги чораларни эълон қилди.",
            "en",
            "uz",
            "language",
        )
        == []
    )
    assert (
        flags(source, "Правительство объявило новые меры против инфляции во вторник.", "en", "uz", "language")
        != []
    )
    assert flags(source, "BBC News", "en", "ru", "language") == []  # too short to judge


def test_copy_flags_an_untranslated_output_but_not_copied_names() -> None:
    source = "The government announced new measures on Tuesday."
    assert flags(source, source, "en", "uz", "copy") != []
    assert flags("Manchester United 2-1 Chelsea", "Manchester United 2-1 Chelsea", "en", "uz", "copy") == []
    assert flags(source, "Hukumat seshanba kuni yangi choralarni eʼlon qildi.", "en", "uz", "copy") == []


def test_an_empty_output_is_flagged_once_and_stops_the_other_checks() -> None:
    result = check("Sales rose 5% in 2019, Smith said.", "  ", "en", "ru")
    assert result.kinds == ("empty",)
    assert check("...", "", "en", "ru").findings == ()


def test_repetition_flags_loops_beyond_what_the_source_repeats() -> None:
    assert flags("They are poor.", "Они бедные, бедные, бедные, бедные.", "en", "ru", "repetition") != []
    assert flags("It's a long, long way.", "Bu uzoq, uzoq yoʻl.", "en", "uz", "repetition") == []
    assert flags("Ha ha ha, he laughed.", "Ха ха ха, засмеялся он.", "en", "ru", "repetition") == []
    loop = "Bu oxiri emas " + "oxiri emas " * 4
    assert flags("This is not the end.", loop, "en", "uz", "repetition") != []


def test_repetition_counts_a_long_loop_once_not_once_per_word(monkeypatch: pytest.MonkeyPatch) -> None:
    # A run-away output (or a huge line given to `summix check`) is one long loop: measuring it again from
    # every word inside it made the check quadratic, minutes for a 100 kB line.
    calls = []
    measure = repetition._repeats
    monkeypatch.setattr(repetition, "_repeats", lambda *a: calls.append(a) or measure(*a))
    assert repetition.longest_loop("intro " + "word 12 " * 1000 + "end") == (1000, "word 12")
    assert len(calls) <= 2 * repetition.MAX_N


# --------------------------------------------------------------------------------------- the library


def test_check_reports_values_of_every_check_and_json_with_flags() -> None:
    result = summix.check("Sales rose 5% in 2019.", "Продажи выросли на 6% в 2019 году.", "en", "ru")
    data = result.to_json()
    assert [f["kind"] for f in data["flags"]] == ["numbers", "numbers"]
    assert data["flags"][0] == {
        "kind": "numbers",
        "reason": 'the output lacks "5" from the source',
        "items": ["5"],
    }
    assert set(data["values"]) <= set(CHECKS)
    assert data["values"]["numbers"]["missing"] == ["5"]
    assert result.flagged and result.kinds == ("numbers",)


def test_bad_languages_check_names_and_counts_are_one_line_errors() -> None:
    with pytest.raises(LanguageError, match="'de'"):
        check("a", "b", "de", "ru")
    with pytest.raises(InputError, match="unknown check 'spelling': choose from empty, numbers"):
        check("a", "b", "en", "ru", kinds=["spelling"])
    with pytest.raises(InputError, match="3 source segments with 2 output"):
        check_pairs(["a", "b", "c"], ["a", "b"], "en", "ru")


def test_a_text_checked_against_itself_in_one_language_passes() -> None:
    text = "The government announced new measures against inflation on Tuesday, Smith said."
    assert check(text, text, "en", "en").findings == ()


def test_check_pairs_keeps_order_and_count() -> None:
    results = check_pairs(["One.", "Two 2.", "Three 3."], ["Один.", "Два 3.", "Три 3."], "en", "ru")
    assert [r.output for r in results] == ["Один.", "Два 3.", "Три 3."]
    assert [r.flagged for r in results] == [False, True, False]


def test_importing_summix_does_not_load_the_checks() -> None:
    code = "import sys, summix; assert 'summix.checks' not in sys.modules; summix.check; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ok"


def test_summary_precision_counts_numbers_and_names_not_in_the_source() -> None:
    source = "On Tuesday Kim met Trump in Singapore, and 12 officials attended."
    result = check_summary(source, "Ким встретился с Путиным; присутствовали 12 и 15 чиновников.", "en", "ru")
    assert result.values["numbers"]["precision"] == 0.5
    assert result.values["names"]["unsupported"] == ["Путиным"]
    assert {f.kind for f in result.findings} == {"numbers", "names"}
    assert check_summary(source, "In Singapore 12 officials attended.", "en").findings == ()


def test_documents_are_checked_by_paragraph_and_by_aligned_sentence() -> None:
    sources = ["Trump met Kim. It was in 2018.", "Hello there, Smith."]
    outputs = ["Трамп встретился с Кимом. Это было в 2019 году.", "Привет, Смит."]
    paragraphs = check_document(sources, outputs, "en", "ru")
    assert paragraphs[0].aligned and not paragraphs[1].aligned
    assert [f.kind for f in paragraphs[0].findings] == ["numbers", "numbers"]
    assert paragraphs[1].findings == ()
    assert summary_line(paragraphs, "paragraphs") == "1 of 2 paragraphs flagged: 1 numbers"
    with pytest.raises(InputError, match="source has 2 paragraphs and the output 1"):
        check_document(sources, outputs[:1], "en", "ru")


def test_summary_line_counts_segments_per_kind() -> None:
    results = check_pairs(
        ["Sales rose 5%.", "He came with Smith on Monday.", "Fine."],
        ["Продажи выросли на 6%.", "Он пришел в понедельник с", "Хорошо."],
        "en",
        "ru",
    )
    assert summary_line(results) == "2 of 3 segments flagged: 1 numbers, 1 names, 1 truncated"
    assert summary_line(results[2:]) == "0 of 1 segments flagged"


def test_a_time_zone_is_no_required_name() -> None:
    # Translators spell a time zone out, write it short or render it as local time.
    en, uz = "The talks ended at 18:45 BST.", "Muzokaralar Britaniya yozgi vaqti bilan soat 18:45 da tugadi."
    assert items(en, uz, "en", "uz", "names") == set()
    assert items(uz, en, "uz", "en", "names") == set()
    en, ru = "Talks end at 9 pm Pacific Time.", "Переговоры завершатся в 21:00."
    assert items(en, ru, "en", "ru", "names") == set()
    # Without a time of day, or with the name further from the word for time, it is a name.
    uz = "Muzokaralar Britaniya yozgi vaqti bilan tugadi."
    assert items(uz, "The talks ended.", "uz", "en", "names") == {"Britaniya"}
    assert items("At 18:45 Britaniya said it was time.", "В 18:45 заявили, что пора.", "uz", "ru", "names")
    assert items("At 18:45 the Financial Times said so.", "В 18:45 так заявили.", "en", "ru", "names") == {
        "Financial Times"
    }


def test_the_richter_scale_is_a_magnitude() -> None:
    # Russian news adds "по шкале Рихтера" to a magnitude the source gives without it.
    ru = "Землетрясение магнитудой 7,5 по шкале Рихтера."
    assert items("A 7.5 magnitude earthquake.", ru, "en", "ru", "names") == set()
    assert items(ru, "7,5 magnitudali zilzila.", "ru", "uz", "names") == set()
    assert items(ru, "A strong earthquake.", "ru", "en", "names") == {"Рихтера"}


def test_words_that_spell_out_an_acronym_in_parentheses_are_no_required_name() -> None:
    uz = "FBI (Federal Bureau of Investigation, Federal tergov byurosi) tergov oʻtkazadi."
    assert items("The FBI will investigate.", uz, "en", "uz", "names") == set()
    assert items(uz, "The FBI will investigate.", "uz", "en", "names") == set()
    # Parentheses after an ordinary word hold a name like any other.
    uz = "Tergov (ayniqsa Federal tergov byurosi) boshlandi."
    assert items(uz, "It began.", "uz", "en", "names") == {"Federal"}


def test_a_decade_and_russian_collective_numerals_are_numbers() -> None:
    assert (
        items("It has been a decade since then.", "Oʻshandan beri 10 yil oʻtdi.", "en", "uz", "numbers")
        == set()
    )
    assert (
        items("На 10 лет позже его построили.", "A decade later it was built.", "ru", "en", "numbers")
        == set()
    )
    assert (
        items("10 yildan keyin qurildi.", "Десятилетие спустя его построили.", "uz", "ru", "numbers") == set()
    )
    assert items("6 kishi keldi.", "Пришли шестеро.", "uz", "ru", "numbers") == set()
    assert items("6 kishi keldi.", "Пришли семеро.", "uz", "ru", "numbers") == {"6"}
    # A decade is ten on its own: two decades are no twelve.
    assert items("Два десятилетия спустя.", "12 yildan keyin.", "ru", "uz", "numbers") == {"12"}


def test_a_russian_pronoun_opening_a_sentence_is_no_name() -> None:
    # "ООН" is capitalised inside a sentence and keys as "он": the pronoun is still no name.
    text = "Мы обратились в ООН. Он призвал ООН действовать."
    assert [n.text for n in names(text, "ru", casing([text], "ru"))] == ["ООН", "ООН"]


def test_an_english_number_word_opening_a_sentence_is_no_name() -> None:
    # "One" is capitalised inside "World War One", yet opens the next sentence as a number.
    text = "He won a medal in World War One. One of his grandsons spoke."
    assert [n.text for n in names(text, "en", casing([text], "en"))] == ["World War One"]


def test_a_word_the_text_writes_in_lower_case_stands_alone_as_no_surname() -> None:
    text = "Officials met Beach at noon. Later, Ponto Beach was closed to beach access."
    assert not casing([text], "en").stands_alone(key("Beach", "en"))
    text = "Officials met Beach at noon. Later, Ponto Beach was closed."
    assert casing([text], "en").stands_alone(key("Beach", "en"))


def test_casing_cuts_runs_of_capitalised_words_where_names_do() -> None:
    # An Uzbek case ending and an English possessive end a name in the text's casing too.
    text = "Politsiya Erdoʻgʻanni Kyolnda kutib oldi."
    assert casing([text], "uz").stands_alone(key("Kyolnda", "uz"))
    text = "They met at Beacon's Beach today."
    assert casing([text], "en").stands_alone(key("Beach", "en"))


def test_english_usage_tells_words_written_in_lower_case_from_names() -> None:
    assert written_lower("Drought") and written_lower("monitor") and written_lower("Category")
    # Names, acronyms and words the table lacks are never common: "Christian" is written capitalised more
    # often than not, "US" is no "us", and "Qurgʻoqchilik" is no English word.
    for word in ("Washington", "Trump", "Christian", "US", "UK", "Qurgʻoqchilik", "Sinsheim"):
        assert not written_lower(word), word


def test_an_english_output_name_in_ordinary_words_is_not_flagged_as_added() -> None:
    source = "Qurgʻoqchilik monitoringi maʼlumotlariga koʻra, Arizonada qurgʻoqchilik kuchli."
    output = "According to the Drought Monitor, Arizona has a severe drought."
    assert items(source, output, "uz", "en", "names") == set()
    # A real name the source lacks is still flagged, as is an acronym that is also a word (US = us).
    added = "According to Washington, Arizona has a severe drought."
    assert items(source, added, "uz", "en", "names") == {"Washington"}
    in_us = "Arizona in the US has a drought."
    assert "US" in items("Arizonada qurgʻoqchilik kuchli.", in_us, "uz", "en", "names")
    # A source name stays required however ordinary its words: leaving it out is flagged.
    assert items(output, "Arizonada qurgʻoqchilik kuchli.", "en", "uz", "names") == {"Drought Monitor"}


def test_an_uzbek_name_must_keep_its_last_word_when_that_is_long_enough_to_match() -> None:
    # Uzbek has no dictionary of first names: the last word of a name stands for a surname.
    source = "Direktor Pol Berreyra shunday dedi."
    assert items(source, "Director Paul said so.", "uz", "en", "names") == {"Pol Berreyra"}
    assert items(source, "Director Paul Barreira said so.", "uz", "en", "names") == set()
    # A short last word, a syllable of an East Asian name, is not required on its own.
    assert items("Rahbar Kim Chen In shunday dedi.", "Leader Kim said so.", "uz", "en", "names") == set()
