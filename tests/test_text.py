"""Tests for summix.text: reading, cruft filtering, sentence splitting, language detection, chunking."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summix.documents import decode_bytes, read_text
from summix.errors import InputError, LanguageError
from summix.text import (
    LANGUAGES,
    SHORT_TEXT,
    content,
    detect_language,
    is_cruft,
    normalize_apostrophes,
    pack_chunks,
    paragraphs,
    split_long,
    split_sentences,
    uzbek_script,
)


def words(text: str) -> int:
    """A token counter: one token per whitespace-separated word."""
    return len(text.split())


def chars(text: str) -> int:
    """A token counter: one token per character."""
    return len(text)


def squeeze(text: str) -> str:
    """``text`` without any whitespace."""
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------------------- decode / read


def test_languages_constant() -> None:
    assert LANGUAGES == ("en", "ru", "uz")


def test_decode_strips_bom_and_normalises_line_ends() -> None:
    data = "\ufeffTitle\r\nLine two\rLine three\n".encode()
    assert decode_bytes(data, "doc.txt") == "Title\nLine two\nLine three\n"


def test_decode_keeps_non_ascii_text() -> None:
    text = "Oʻzbekiston — Ўзбекистон — Узбекистан"
    assert decode_bytes(text.encode(), "doc.txt") == text


def test_decode_rejects_nul_byte_as_binary() -> None:
    with pytest.raises(InputError, match=r"image\.png looks like a binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "image.png")


def test_decode_rejects_utf16() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes("hello".encode("utf-16"), "u16.txt")


def test_decode_invalid_utf8_names_offset_and_line() -> None:
    data = b"first line\nsecond \xff line\n"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    message = str(info.value)
    assert "bad.txt is not valid UTF-8" in message
    assert "0xff" in message
    assert "offset 18" in message
    assert "line 2" in message


@pytest.mark.parametrize(
    ("head", "charset", "body"),
    [
        (b'<meta charset="koi8-r">', "koi8-r", "Привет"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            "windows-1252",
            "café",
        ),
    ],
)
def test_decode_invalid_utf8_names_the_declared_charset(head: bytes, charset: str, body: str) -> None:
    # Converting a KOI8-R page from cp1251, as a fixed hint would say, gives readable-looking garbage.
    data = b"<html><head>" + head + f"</head><body><p>{body}</p>".encode(charset)
    with pytest.raises(InputError) as info:
        decode_bytes(data, "page.html")
    assert f"iconv -f {charset} -t utf-8" in str(info.value) and "cp1251" not in str(info.value)
    with pytest.raises(InputError, match="iconv -f cp1251"):  # a page that declares nothing
        decode_bytes("<p>\u041f\u0440\u0438\u0432\u0435\u0442</p>".encode("cp1251"), "page.html")


def test_decode_offset_counts_the_bom() -> None:
    with pytest.raises(InputError, match="offset 4 "):
        decode_bytes(b"\xef\xbb\xbfa\xc3", "bom.txt")


def test_read_text_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"Salom dunyo.\r\n")
    assert read_text(str(path)) == "Salom dunyo.\n"


def test_read_text_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_text(str(missing))


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_text(str(tmp_path))


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_read_text_empty_or_whitespace(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is empty: nothing to summarize/translate"):
        read_text(str(path))


def test_read_text_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("Привет.\r\n".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_text("-") == "Привет.\n"


def test_read_text_empty_stdin_names_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" \n"), encoding="utf-8"))
    with pytest.raises(InputError, match="<stdin> is empty"):
        read_text("-")


# ------------------------------------------------------------------------------------------- cruft

SEED_LIKE = """Putin lost the “battle.” Russia stays in Central Asia – results of the summits
Review
−
11 October 10822 11 minutes
International law has become weak.   Tajikistan did not  arrest him.

That issue aside, the summits were held back-to-back.
Putin was not arrested
Compensation for Soviet-Era damage?
“The issue is closed”
The CIS expands
The CIS obtained observer status in the SCO.
Live
All
"""


def test_paragraphs_drop_cruft_and_keep_title_and_headings() -> None:
    assert paragraphs(SEED_LIKE) == [
        "Putin lost the “battle.” Russia stays in Central Asia – results of the summits",
        "International law has become weak. Tajikistan did not arrest him.",
        "That issue aside, the summits were held back-to-back.",
        "Putin was not arrested",
        "Compensation for Soviet-Era damage?",
        "“The issue is closed”",
        "The CIS expands",
        "The CIS obtained observer status in the SCO.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Review", "Live", "All", "Share", "−", "•", "***", "  ", "11.10.2025, 14:30",
        "11 October 10822 11 minutes", "5 min read", "5min read", "Reading time: 5 min", "Updated 12:30",
        "3 hours ago", "1,234 views", "Comments (12)", "Published: October 11, 2025", "SHARE",
        "Advertisement", "Subscribe", "Menu:", "Read more", "Реклама", "Поделиться", "Читайте также",
        "12 октября 2025, 10:15", "5 минут чтения", "12 просмотров", "Ulashish", "Reklama", "Batafsil",
        "Obuna bo‘lish", "2 soat oldin", "Updated 12:30 pm", "Photo: Reuters", "Фото: ТАСС",
        "Photo: AFP/Getty Images",
        "Share on Facebook", "Share: Facebook | Twitter | Telegram", "Follow us on Twitter",
        "Subscribe to our newsletter", "Поделиться в Telegram", "Подписывайтесь на наш канал в Telegram",
        "Telegram kanalimizga obuna boʻling", "Facebook Twitter Telegram",
    ],
)  # fmt: skip
def test_is_cruft_true(line: str) -> None:
    assert is_cruft(line)


@pytest.mark.parametrize(
    "line",
    [
        "Putin was not arrested", "The CIS expands", "“The issue is closed”",
        "Compensation for Soviet-Era damage?", "Putin surrendered", "Review of the Dushanbe summits",
        "All leaders attended the summit on 11 October.", "Путин не был арестован",
        "Sammit natijalari", "Итоги саммита в Душанбе", "Introduction",
        # Headings and numeric lines are content, however short.
        "1‐modda", "30‐modda", "1‐модда", "30‐модда", "1-modda", "Article 1", "Статья 1", "COVID-19", "G7",
        "2-bob", "3-band", "2019-yil", "2019 yil", "1945", "9/11", "$5,000,000", "3 May 2019", "May 2019",
        "11 oktyabr 2025", "12:30", "10:00 – 12:00", "1.", "I.", "§ 5", "«1945»", "Preambula",
        "Photo: my grandmother in 1950", "Source: World Bank, 2019", "Share prices fell",
        "Follow the money", "Live music in Tashkent", "All rights reserved",
    ],
)  # fmt: skip
def test_is_cruft_false(line: str) -> None:
    assert not is_cruft(line)


def test_content_lists_dropped_lines_with_numbers_and_text() -> None:
    result = content(SEED_LIKE)
    assert list(result.paragraphs) == paragraphs(SEED_LIKE)
    assert [(d.line, d.text) for d in result.dropped] == [
        (2, "Review"),
        (3, "−"),
        (4, "11 October 10822 11 minutes"),
        (13, "Live"),
        (14, "All"),
    ]
    assert result.dropped[0].to_dict() == {"line": 2, "text": "Review"}


def test_content_keep_all_keeps_every_non_blank_line() -> None:
    result = content(SEED_LIKE, keep_all=True)
    assert result.dropped == ()
    assert list(result.paragraphs) == [" ".join(x.split()) for x in SEED_LIKE.splitlines() if x.strip()]
    assert paragraphs(SEED_LIKE, keep_all=True) == list(result.paragraphs)


def test_content_numbers_lines_as_editors_do() -> None:
    # \r\n and \r end lines; a Unicode line separator inside a line is whitespace, not a new line.
    result = content("Title\r\nLive\rText\u2028more\n\n  Share  \n")
    assert result.paragraphs == ("Title", "Text more")
    assert [(d.line, d.text) for d in result.dropped] == [(2, "Live"), (5, "  Share  ")]


def test_content_of_the_seed_drops_only_its_furniture() -> None:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_e1aca306d864d71d.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    result = content("\n".join(lines))
    assert [(d.line, d.text) for d in result.dropped] == [
        (2, "Review"),
        (3, "−"),
        (4, "11 October 10822 11 minutes"),
        (37, "Live"),
        (38, "All"),
    ]
    assert result.paragraphs[0].startswith("Putin lost the “battle.”")
    for heading in ("Putin was not arrested", "Compensation for Soviet-Era damage?", "The CIS expands"):
        assert heading in result.paragraphs
    assert len(result.paragraphs) == len([x for x in lines if x.strip()]) - 5


def test_paragraphs_do_not_join_consecutive_lines() -> None:
    assert paragraphs("One line.\nAnother line.\n\n\nThird.") == ["One line.", "Another line.", "Third."]


# --------------------------------------------------------------------------------- sentence splitting


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Dr. Smith met the U.S. President on Monday. They talked.",
            ["Dr. Smith met the U.S. President on Monday.", "They talked."],
        ),
        (
            "en",
            "Putin recalled that Russia had allocated $33 million for the Aral Sea. "
            "Prices rose 3.5% in 2024. That was all.",
            [
                "Putin recalled that Russia had allocated $33 million for the Aral Sea.",
                "Prices rose 3.5% in 2024.",
                "That was all.",
            ],
        ),
        (
            "en",
            '“The issue is closed.” Aliyev agreed. He said "We are done." Then he left.',
            ["“The issue is closed.”", "Aliyev agreed.", 'He said "We are done."', "Then he left."],
        ),
        (
            "en",
            "“We want respect. We are not beggars.” Rahmon said it. Ms. Scovell told me.",
            ["“We want respect.", "We are not beggars.”", "Rahmon said it.", "Ms. Scovell told me."],
        ),
        (
            "en",
            "“Why?” she asked. It rained at 5 a.m. on Sunday.",
            ["“Why?” she asked.", "It rained at 5 a.m. on Sunday."],
        ),
        (
            "ru",
            "Он приехал в г. Москву, т.е. в столицу. Затем он ушёл и т.д. Новая фраза.",
            ["Он приехал в г. Москву, т.е. в столицу.", "Затем он ушёл и т.д.", "Новая фраза."],
        ),
        (
            "ru",
            "Он сказал: «Вопрос закрыт.» Потом ушёл. «Что?» — спросил он. Выделено 37 млрд. долл. США.",
            [
                "Он сказал: «Вопрос закрыт.»",
                "Потом ушёл.",
                "«Что?» — спросил он.",
                "Выделено 37 млрд. долл. США.",
            ],
        ),
        (
            "ru",
            "Колокола церкви Св. Мартина молчат. См. рис. 5. Проф. Иванов согласен.",
            ["Колокола церкви Св. Мартина молчат.", "См. рис. 5.", "Проф. Иванов согласен."],
        ),
        (
            "uz",
            "Oʻzbekiston Prezidenti Sh. Mirziyoyev keldi. Bugun gʻalaba qozondik. Ma'lumot yo‘q. "
            "O’zbek tili va ta’lim muhim. G`alaba bizniki!",
            [
                "Oʻzbekiston Prezidenti Sh. Mirziyoyev keldi.",
                "Bugun gʻalaba qozondik.",
                "Ma'lumot yo‘q.",
                "O’zbek tili va ta’lim muhim.",
                "G`alaba bizniki!",
            ],
        ),
        (
            "uz",
            "«Biz tayyormiz», — dedi u. Narxi 3,5 mln. soʻm boʻldi. U “Biz keldik.” dedi.",
            ["«Biz tayyormiz», — dedi u.", "Narxi 3,5 mln. soʻm boʻldi.", "U “Biz keldik.” dedi."],
        ),
        (
            "uz",
            "Ўзбекистон Президенти Ш. Мирзиёев келди. Бугун ғалаба қозондик. Таълим муҳим, — деди у. Ҳа.",
            [
                "Ўзбекистон Президенти Ш. Мирзиёев келди.",
                "Бугун ғалаба қозондик.",
                "Таълим муҳим, — деди у.",
                "Ҳа.",
            ],
        ),
    ],
)
def test_split_sentences_cases(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # "a.m."/"p.m." before a capital: a split only when the next word opens a sentence.
        ("en", "It starts at 5 a.m. Eastern time."),
        ("en", "Meet at 7 P.M. Moscow time. ‖ Or later."),
        ("en", "He woke at 5 a.m. ‖ The others slept."),
        # "U.S." at a sentence end, also before words sentencex does not take for sentence openers.
        ("en", "He moved to the U.S. ‖ I stayed home."),
        ("en", "It was made in the U.S. ‖ A year later it sold."),
        ("en", "The U.S. Senate voted. ‖ Officials in the U.S. agreed."),
        # Russian "г." (год) at a sentence end; "г." before a name, or a year before a subject, stays.
        ("ru", "Он родился в 1990 г. ‖ Потом переехал в г. Москву."),
        ("ru", "Закон принят в 1999 г. ‖ Он действует."),
        ("ru", "Это было в 1941–1945 гг. ‖ В Европе был мир."),
        ("ru", "В 1990 г. Москва изменилась."),
        ("ru", "Приехал в г. С.-Петербург вечером."),
    ],
)
def test_split_sentences_abbreviations_at_sentence_ends(lang: str, expected: str) -> None:
    sentences = expected.split(" ‖ ")
    assert split_sentences(" ".join(sentences), lang) == sentences


def test_split_sentences_blank_and_bad_language() -> None:
    assert split_sentences("   ", "en") == []
    with pytest.raises(LanguageError, match="'de'.*en, ru, uz"):
        split_sentences("Hallo Welt.", "de")


def test_split_sentences_keeps_every_uzbek_apostrophe() -> None:
    text = "Oʻg‘il o'qidi. Gʼalaba ma’lum! Qo`l ko‘tardi."
    joined = "".join(split_sentences(text, "uz"))
    for mark in "ʻ‘'ʼ’`":
        assert joined.count(mark) == text.count(mark)


_SENTENCE_ALPHABET = st.sampled_from(
    [
        *"abcxyz ABCXYZ абвгд АБВГ ўқғҳ ЎҚ .,!?;:—-()“”«»\"'ʻʼ‘’`$%0123456789\n\t",
        "Dr.",
        "U.S.",
        "т.е.",
        " г. ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_ALPHABET, max_size=120).map("".join), st.sampled_from(LANGUAGES))
def test_split_sentences_covers_input(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert squeeze("".join(sentences)) == squeeze(text)
    assert all(s == s.strip() and s for s in sentences)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from(LANGUAGES))
def test_split_sentences_covers_arbitrary_unicode(text: str, lang: str) -> None:
    assert squeeze("".join(split_sentences(text, lang))) == squeeze(text)


# --------------------------------------------------------------------------------- language detection


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The leaders met in Dushanbe on Thursday to discuss trade and energy.", "en"),
        ("Russia allocated money for projects on the Aral Sea, but did not say how it was used.", "en"),
        ("Good morning.", "en"),
        ("Лидеры встретились в Душанбе в четверг, чтобы обсудить торговлю и энергетику.", "ru"),
        ("Россия выделила деньги на проекты, связанные с Аральским морем.", "ru"),
        ("Rahbarlar payshanba kuni Dushanbeda savdo va energetika masalalarini muhokama qilishdi.", "uz"),
        ("Oʻzbekiston Prezidenti bu yil qishloq xoʻjaligi uchun yangi dastur taklif qildi.", "uz"),
        ("O'zbekiston va Rossiya o'rtasidagi savdo hajmi ortdi.", "uz"),
        ("Ular bilan uchrashuv juda foydali boʻldi, dedi vazir.", "uz"),
        ("Раҳбарлар пайшанба куни Душанбеда савдо ва энергетика масалаларини муҳокама қилишди.", "uz"),
        ("Ўзбекистон Президенти бу йил қишлоқ хўжалиги учун янги дастур таклиф қилди.", "uz"),
        ("12:30 — 14:00", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Short Uzbek sentences that word statistics alone read as Russian or English.
        ("Мен талабаман.", "uz"), ("Кеча уйда эдим.", "uz"), ("Нима гап?", "uz"), ("Мен ишлайман.", "uz"),
        ("Мен уйга кетяпман.", "uz"), ("Kecha uyda edim.", "uz"), ("Men talabaman.", "uz"),
        ("Это мой дом.", "ru"), ("Я студент.", "ru"), ("Он пришёл вчера.", "ru"), ("I am a student.", "en"),
    ],
)  # fmt: skip
def test_detect_language_short_texts(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_detect_language_short_text_model_is_a_second_opinion() -> None:
    # Without the short-text model the statistics decide (and misread this one); long text never uses it.
    assert detect_language("Мен талабаман.", short_text_model=False) == "ru"
    long_uz = "Rahbarlar payshanba kuni Dushanbeda savdo va energetika masalalarini muhokama qilishdi. " * 3
    assert len(long_uz) >= SHORT_TEXT
    assert detect_language(long_uz) == detect_language(long_uz, short_text_model=False) == "uz"


def test_uzbek_script() -> None:
    assert uzbek_script("Oʻzbekiston Respublikasi") == "latn"
    assert uzbek_script("Ўзбекистон Республикаси") == "cyrl"
    assert uzbek_script("Ўзбекистон (Oʻzbekiston) Республикаси") == "cyrl"


# -------------------------------------------------------------------------------------- apostrophes


def test_normalize_apostrophes() -> None:
    assert normalize_apostrophes("o'zbek g‘alaba O`zbekiston Gʼarb oʻz") == (
        "oʻzbek gʻalaba Oʻzbekiston Gʻarb oʻz"
    )
    assert normalize_apostrophes("ma'lumot ta’lim e‘lon saʼy") == "maʼlumot taʼlim eʼlon saʼy"
    assert normalize_apostrophes("'quoted' and ‘this’ stay") == "'quoted' and ‘this’ stay"
    assert normalize_apostrophes("Ўзбекистон") == "Ўзбекистон"


# ------------------------------------------------------------------------------------------ chunking

LONG_LINE = " ".join(f"word{i % 97}" for i in range(800))  # about 5,000 characters, no punctuation


def test_long_line_is_5000_chars() -> None:
    assert len(LONG_LINE) >= 5000


def test_split_long_unpunctuated_line_by_words() -> None:
    pieces = split_long(LONG_LINE, words, 50)
    assert all(words(p) <= 50 for p in pieces)
    assert len(pieces) == 16
    assert " ".join(pieces) == LONG_LINE


def test_split_long_unpunctuated_line_by_chars() -> None:
    pieces = split_long(LONG_LINE, chars, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert squeeze("".join(pieces)) == squeeze(LONG_LINE)
    assert " ".join(pieces) == LONG_LINE


def test_split_long_single_long_word_by_chars() -> None:
    word = "x" * 150 + "ʻ" + "y" * 149
    pieces = split_long(word, chars, 64)
    assert [len(p) for p in pieces] == [64, 64, 64, 64, 44]
    assert "".join(pieces) == word


def test_split_long_prefers_clause_punctuation() -> None:
    sentence = "one two three, four five six; seven eight nine: ten eleven — twelve thirteen"
    assert split_long(sentence, words, 4) == [
        "one two three,",
        "four five six;",
        "seven eight nine:",
        "ten eleven —",
        "twelve thirteen",
    ]


def test_split_long_does_not_cut_inside_numbers() -> None:
    sentence = "Narxi 3,5 mln soʻm, 10:30 da boshlandi"
    assert split_long(sentence, words, 4) == ["Narxi 3,5 mln soʻm,", "10:30 da boshlandi"]


def test_split_long_returns_fitting_sentence_unchanged() -> None:
    assert split_long("Short one.", words, 5) == ["Short one."]


def test_split_long_rejects_impossible_budget() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        split_long("abc", lambda s: len(s) + 2, 2)
    with pytest.raises(ValueError, match="at least 1"):
        split_long("abc", chars, 0)


def test_split_long_handles_non_additive_counter() -> None:
    # Counts the text's words plus one per extra word beyond the fifth, so sums of parts underestimate.
    def steep(text: str) -> int:
        n = len(text.split())
        return n + max(0, n - 5)

    pieces = split_long(LONG_LINE, steep, 8)
    assert all(steep(p) <= 8 for p in pieces)
    assert " ".join(pieces) == LONG_LINE


def test_pack_chunks_packs_in_order() -> None:
    # The estimate adds one token per separator, so "a b." + "c d." (4 words, estimate 5) still fits.
    sentences = ["a b.", "c d.", "e f g.", "h.", "i j k l m n o."]
    chunks = pack_chunks(sentences, words, 5)
    assert chunks == [["a b.", "c d."], ["e f g.", "h."], ["i j k l m"], ["n o."]]
    assert all(words(" ".join(c)) <= 5 for c in chunks)


def test_pack_chunks_long_sentence_pieces_are_separate_chunks() -> None:
    sentences = ["Before it.", LONG_LINE, "After it."]
    chunks = pack_chunks(sentences, chars, 500)
    assert chunks[0] == ["Before it."]
    assert chunks[-1] == ["After it."]
    middle = chunks[1:-1]
    assert all(len(c) == 1 and len(c[0]) <= 500 for c in middle)
    assert " ".join(c[0] for c in middle) == LONG_LINE


def test_pack_chunks_counts_each_sentence_about_once() -> None:
    calls = []

    def counting(text: str) -> int:
        calls.append(text)
        return len(text.split())

    sentences = [f"Sentence number {i} is here." for i in range(400)]
    chunks = pack_chunks(sentences, counting, 60)
    assert [s for c in chunks for s in c] == sentences
    assert len(calls) <= len(sentences) + len(chunks) + 1
    assert all(words(" ".join(c)) <= 60 for c in chunks)


def test_pack_chunks_tokenizer_overhead() -> None:
    # Like a tokenizer that appends an end-of-sequence token: the fixed +1 is counted once per chunk.
    def with_eos(text: str) -> int:
        return len(text.split()) + 1

    chunks = pack_chunks(["a b", "c", "d e", "f g"], with_eos, 5)
    assert chunks == [["a b", "c"], ["d e"], ["f g"]]
    assert all(with_eos(" ".join(c)) <= 5 for c in chunks)


def test_pack_chunks_empty() -> None:
    assert pack_chunks([], words, 10) == []
    assert pack_chunks(["", "  "], words, 10) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab cd,;.", min_size=1, max_size=60).filter(str.strip), max_size=25),
    st.integers(min_value=1, max_value=40),
)
def test_pack_chunks_covers_everything_in_order(sentences: list[str], budget: int) -> None:
    chunks = pack_chunks(sentences, chars, budget)
    assert all(len(" ".join(c)) <= budget for c in chunks)
    assert squeeze("".join(s for c in chunks for s in c)) == squeeze("".join(sentences))
