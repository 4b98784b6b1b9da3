"""Tests for summix.translit: Uzbek Latin ⇄ Cyrillic, apostrophes, language codes with a script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summix.errors import LanguageError
from summix.text import normalize_apostrophes
from summix.translit import (
    LanguageTag,
    is_foreign_latin,
    normalize_uzbek_apostrophes,
    parse_language_tag,
    to_cyrillic,
    to_latin,
    transliterate,
)
from summix.translit import latin as latin_rules
from summix.translit.lexicon import lexicon, parse_lexicon

HARD_WORDS = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "uz_hard_words.tsv"

# Each rule of the 1995 alphabet, as (Cyrillic, Latin) pairs that hold in both directions.
BOTH_WAYS = [
    ("ўз", "oʻz"),  # ў → oʻ
    ("ғалаба", "gʻalaba"),  # ғ → gʻ
    ("тоғ", "togʻ"),  # gʻ may end a word
    ("қалам", "qalam"),  # қ → q
    ("ҳаво", "havo"),  # ҳ → h
    ("хат", "xat"),  # х → x
    ("шаҳар", "shahar"),  # ш → sh
    ("чой", "choy"),  # ч → ch
    ("тонг", "tong"),  # нг stays ng
    ("ер", "yer"),  # е at a word start → ye
    ("поезд", "poyezd"),  # е after a vowel → ye
    ("келди", "keldi"),  # е after a consonant → e
    ("эркин", "erkin"),  # э → e (word start)
    ("поэзия", "poeziya"),  # э after a vowel
    ("ёз", "yoz"),  # ё → yo
    ("юз", "yuz"),  # ю → yu
    ("ярим", "yarim"),  # я → ya
    ("декларация", "deklaratsiya"),  # ц between vowels → ts
    ("цирк", "sirk"),  # ц elsewhere → s
    ("концерт", "konsert"),
    ("санъат", "sanʼat"),  # ъ → ʼ
    ("маъюс", "maʼyus"),  # ъ after a vowel is kept before ю
    ("объект", "obyekt"),  # ъ before е dropped
    ("объём", "obyom"),  # ъ before ё dropped
    ("пьеса", "pyesa"),  # ь before е dropped
    ("компьютер", "kompyuter"),  # ь before ю dropped
    ("альбом", "albom"),  # ь dropped
    ("Исҳоқ", "Isʼhoq"),  # сҳ → sʼh
    ("мўъжиза", "moʻjiza"),  # no tutuq after oʻ
    ("Шаҳар", "Shahar"),  # capitalised digraphs
    ("Чорсу", "Chorsu"),
    ("Ёшлик", "Yoshlik"),
    ("Ўзбекистон", "Oʻzbekiston"),
    ("Ғафур", "Gʻafur"),
    ("Европа", "Yevropa"),
    ("ШАҲАР", "SHAHAR"),  # all caps
    ("ЧОРШАНБА", "CHORSHANBA"),
    ("ЁШЛАР", "YOSHLAR"),
    ("ЎЗБЕКИСТОН", "OʻZBEKISTON"),
    ("ЕВРОПА", "YEVROPA"),
    ("АҚШдан", "AQSHdan"),  # caps abbreviation + suffix
    ("МАЪЛУМОТ", "MAʼLUMOT"),  # the tutuq has no case: in capitals it is Ъ
    ("Маълумот", "Maʼlumot"),
    ("Ш. Мирзиёев", "Sh. Mirziyoyev"),  # an initial is capitalised, not all caps
    ("тайёр", "tayyor"),  # йё
    ("Хрущёв", "Xrushchyov"),  # щ as Uzbek media write it
    ("ишчи", "ishchi"),  # шч in an Uzbek word
]
CYRILLIC_TO_LATIN_ONLY = [
    ("Рыбаков", "Ribakov"),  # ы → i
    ("ШУЪБА", "SHOʻBA".replace("OʻB", "UʼB")),  # ъ after у stays a tutuq
]
LATIN_TO_CYRILLIC = [
    ("sirkda", "циркда"),  # listed stem + suffix
    ("sirka", "сирка"),  # not the stem: "a" is no suffix
    ("albomlarimiz", "альбомларимиз"),
    ("ALBOMLARIMIZ", "АЛЬБОМЛАРИМИЗ"),
    ("Albomlar", "Альбомлар"),
    ("rayon", "район"),
    ("obyektlar", "объектлар"),
    ("syezd", "съезд"),  # ъ after the prefix s-
    ("premyer", "премьер"),  # ь elsewhere
    ("apreldagi", "апрелдаги"),  # final ь dropped before a suffix
    ("iyulda", "июлда"),
    ("sentabrda", "сентябрда"),  # official Latin differs from the rules
    ("eshik", "эшик"),  # e at a word start → э
    ("ketsa", "кетса"),  # ts that is т + с
    ("ketsin", "кетсин"),
    ("protsent", "процент"),
    ("funksiya", "функция"),
    ("pensiya", "пенсия"),  # listed: -нсия, not -нция
    ("Nyu-York", "Нью-Йорк"),
    ("maʼlumot", "маълумот"),
    ("ma'lumot", "маълумот"),  # any apostrophe variant
    ("o‘zbek g`alaba bo’ldi", "ўзбек ғалаба бўлди"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), BOTH_WAYS)
def test_rules_cyrillic_to_latin(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(("cyrillic", "latin"), BOTH_WAYS)
def test_rules_latin_to_cyrillic(cyrillic: str, latin: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("cyrillic", "latin"), CYRILLIC_TO_LATIN_ONLY)
def test_cyrillic_only_letters(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(("latin", "cyrillic"), LATIN_TO_CYRILLIC)
def test_latin_to_cyrillic_loanwords_and_context(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_hard_word_list_both_directions() -> None:
    rows = [ln.split("\t") for ln in HARD_WORDS.read_text(encoding="utf-8").splitlines() if ln[:1] not in "#"]
    assert len(rows) > 50
    for cyrillic, latin, note in rows:
        assert to_latin(cyrillic) == latin, note
        assert to_cyrillic(latin) == cyrillic, note


def test_kept_exactly_when_going_to_cyrillic() -> None:
    text = (
        "Manba: https://kun.uz/news/2024 va info@gazeta.uz, @kunuz; The book, Microsoft, XXI asr, V. Putin.\n"
        "\t1995-yil   12,5% \"radio\" ‘radio’ 'radio'\n"
    )
    expected = (
        "Манба: https://kun.uz/news/2024 ва info@gazeta.uz, @kunuz; The book, Microsoft, XXI аср, В. Путин.\n"
        "\t1995-йил   12,5% \"радио\" ‘радио’ 'радио'\n"
    )
    assert to_cyrillic(text) == expected


def test_kept_exactly_when_going_to_latin() -> None:
    text = "Сайт: президент.уз, https://пример.рф/йўл; Windows 11 ва «Ёз» — 3,5 %.\r\n\n"
    assert to_latin(text) == "Sayt: президент.уз, https://пример.рф/йўл; Windows 11 va «Yoz» — 3,5 %.\r\n\n"


def test_transliterate_names_the_script() -> None:
    assert transliterate("Ўзбекистон", to="uz-Latn") == "Oʻzbekiston"
    assert transliterate("Ўзбекистон", to="uz") == "Oʻzbekiston"
    assert transliterate("Oʻzbekiston", to="uz-Cyrl") == "Ўзбекистон"
    assert transliterate("Oʻzbekiston", to="uzc") == "Ўзбекистон"
    assert transliterate("Oʻzbekiston", to="UZ_CYRL") == "Ўзбекистон"


@pytest.mark.parametrize("bad", ["ru", "en", "uz-Arab", "xx", ""])
def test_transliterate_rejects_other_targets(bad: str) -> None:
    with pytest.raises(LanguageError, match="uz-Cyrl"):
        transliterate("text", to=bad)


# ------------------------------------------------------------------------------------- apostrophes


@pytest.mark.parametrize("mark", list("'`‘’ʼʻ"))
def test_every_variant_becomes_the_standard_mark(mark: str) -> None:
    text = f"o{mark}zbek g{mark}alaba ma{mark}lumot tog{mark} bog{mark}da"
    assert normalize_uzbek_apostrophes(text) == "oʻzbek gʻalaba maʼlumot togʻ bogʻda"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'radio' tinglang", "'radio' tinglang"),  # a quoted word stays quoted
        ("‘radio’ va togʻ", "‘radio’ va togʻ"),
        ("u tog' tomon", "u togʻ tomon"),  # gʻ ends a word
        ("'Bu tog''", "'Bu togʻ'"),  # mark, then the closing quote
        ("'Bu tog'", "'Bu tog'"),  # a single final apostrophe inside a quotation closes it
        ("'ha' dedi. U tog' tomon", "'ha' dedi. U togʻ tomon"),  # the quotation was closed
        ("`radio`", "`radio`"),
    ],
)
def test_quotation_marks_are_not_apostrophes(text: str, expected: str) -> None:
    assert normalize_uzbek_apostrophes(text) == expected


def test_normalisation_keeps_length_and_builds_on_text_module() -> None:
    text = "O'zbekiston 'radio' ma'lumot tog'"
    result = normalize_uzbek_apostrophes(text)
    assert len(result) == len(text)
    # Inner apostrophes are exactly what summix.text.normalize_apostrophes gives.
    assert result.replace("togʻ", "tog'") == normalize_apostrophes(text)


# --------------------------------------------------------------------------------- language codes


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("uz-Cyrl", ("uz", "Cyrl")),
        ("uz_cyrl", ("uz", "Cyrl")),
        ("UZC", ("uz", "Cyrl")),
        ("uz-Latn", ("uz", "Latn")),
        ("uz", ("uz", "Latn")),
        ("uz_latn", ("uz", "Latn")),
        (" ru ", ("ru", "Cyrl")),
        ("en", ("en", "Latn")),
    ],
)
def test_parse_language_tag(tag: str, expected: tuple[str, str]) -> None:
    assert parse_language_tag(tag) == expected


def test_language_tag_code() -> None:
    assert LanguageTag("uz", "Cyrl").code == "uz-Cyrl"
    assert parse_language_tag("uz").code == "uz-Latn"
    assert parse_language_tag("ru").code == "ru"


@pytest.mark.parametrize("bad", ["uzbek", "uz-Arab", "kk", "", "ru-Latn"])
def test_parse_language_tag_rejects(bad: str) -> None:
    with pytest.raises(LanguageError, match=r"uz-Latn, uz-Cyrl"):
        parse_language_tag(bad)


# ---------------------------------------------------------------------------------- loanword list


def test_every_listed_word_is_needed_and_round_trips() -> None:
    lx = lexicon()
    assert len(lx.by_latin) > 100
    for latin_key, cyrillic in lx.by_latin.items():
        assert latin_rules.word_to_cyrillic(latin_key) != cyrillic, f"{cyrillic} follows from the rules"
        assert to_cyrillic(latin_key) == cyrillic
        if cyrillic not in lx.latin_overrides:
            assert to_latin(cyrillic) == latin_key


def test_parse_lexicon_format() -> None:
    lx = parse_lexicon("# comment\nцирк\nсентябрь\tSentabr  # official\n\n")
    assert lx.by_latin == {"sirk": "цирк", "sentabr": "сентябрь"}
    assert lx.latin_overrides == {"сентябрь": "sentabr"}
    assert lx.match_latin("sirklarimizda") == (4, "цирк")
    assert lx.match_latin("sirka") is None


def test_foreign_words() -> None:
    for word in ("Microsoft", "Twitter", "Google", "the", "nation", "café"):
        assert is_foreign_latin(word)
    for word in ("kitob", "noodatiy", "oʻzbek", "ishchi", "Kristion"):
        assert not is_foreign_latin(word)


# ------------------------------------------------------------------------------------- properties

# Uzbek Cyrillic letters whose Latin is unambiguous; ц ь ъ э щ ы are the exception cases.
_REGULAR = "абвгдеёжзийклмнопрстуфхчшюяўқғҳ"
# Letter sequences whose Latin reads back differently by design (й + vowel, т+с and к/н/п+си that
# spell ц in Latin).
_AMBIGUOUS = re.compile(r"й[аоуе]|[аеёиоуўюя]тс(?:[еоў]|и[аеёоуюяў])|[кнп]си[аеёоуюяў]")


@st.composite
def regular_words(draw: st.DrawFn) -> str:
    """A Cyrillic word with no exception case, in lower, capitalised or upper case."""
    word = draw(st.text(alphabet=_REGULAR, min_size=1, max_size=12))
    assume(_AMBIGUOUS.search(word) is None)
    return draw(st.sampled_from([word, word.capitalize(), word.upper()]))


@settings(max_examples=400, deadline=None)
@given(regular_words())
def test_cyrillic_latin_cyrillic_is_identity(word: str) -> None:
    latin = to_latin(word)
    assume(not is_foreign_latin(latin) and lexicon().match_latin(latin.lower()) is None)
    assume(not re.fullmatch(r"[IVXLCDM]+", latin))  # Roman numerals stay Latin
    assert to_cyrillic(latin) == word


_SEPARATORS = st.text(alphabet=' \t\n\r.,;:!?()«»"—-–0123456789%/', min_size=1, max_size=4)


def _non_letters(text: str) -> str:
    return "".join(ch for ch in text if not ch.isalpha())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=_REGULAR + "цьъэщыЁЎҚ", max_size=8), _SEPARATORS), max_size=8))
def test_cyrillic_to_latin_keeps_every_non_letter(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in parts)
    assert _non_letters(to_latin(text)) == _non_letters(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.text(alphabet="abdefghijklmnopqrstuvxyzOSGC", max_size=8), _SEPARATORS), max_size=8)
)
def test_latin_to_cyrillic_keeps_every_non_letter(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in parts)
    assert _non_letters(to_cyrillic(text)) == _non_letters(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["uz-Latn", "uz-Cyrl"]))
def test_transliterating_twice_changes_nothing(text: str, to: str) -> None:
    once = transliterate(text, to=to)
    assert transliterate(once, to=to) == once


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=_REGULAR + "ЎЗБЕКШҲ ", max_size=10),
            st.text(alphabet="abdeghiklmnoqrstuxyz'‘’ʻʼ ", max_size=10),
            _SEPARATORS,
        ),
        max_size=6,
    ),
    st.sampled_from(["uz-Latn", "uz-Cyrl"]),
)
def test_transliterating_uzbek_twice_changes_nothing(parts: list[str], to: str) -> None:
    once = transliterate("".join(parts), to=to)
    assert transliterate(once, to=to) == once
