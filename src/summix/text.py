"""Reading, cleaning and cutting documents: pure Python, no model libraries.

Everything here works on plain ``str`` and is shared by the summarizers, the translators and the
benchmarks: dropping web cruft lines, sentence splitting (``sentencex`` plus
small fixes), language and script detection, and packing sentences into chunks that fit a model's
token budget.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from sentencex import get_sentence_boundaries

from summix.errors import LanguageError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

LANGUAGES: tuple[str, ...] = ("en", "ru", "uz")


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` (keeps long word lists compact in the source)."""
    return frozenset(words.split())


# Every character Uzbek writers use for the oʻ/gʻ mark or the tutuq belgisi (ʼ).
APOSTROPHES = "ʻʼ‘’'`"
_APOS_CLASS = "[" + re.escape(APOSTROPHES) + "]"

# ---------------------------------------------------------------------------------------- cruft lines

# Only what is known to be page furniture is dropped: a heading or a short numeric line ("1‐modda",
# "COVID-19", "1945", "3 May 2019", "§ 5") is content. Every list below is matched against a whole
# line, never a part of one. Lower case, apostrophes written as ASCII ' (lines are folded the same way).

# Single-word or short UI labels that web scrapes leave on their own line.
_UI_LABELS = _wordset(
    """
    review live all share advertisement advert ad ads sponsored subscribe menu home search login logout
    register close more next previous prev back top comments comment reply print email tweet follow
    related tags tag news video videos photo photos gallery opinion analysis updated published loading
    trending latest breaking exclusive popular listen watch play cookies accept skip contents
    реклама поделиться подписаться меню главная поиск войти вход выход регистрация закрыть ещё еще
    далее назад наверх комментарии комментарий ответить печать новости видео фото галерея мнение обзор
    анализ теги все онлайн эксклюзив популярное обновлено опубликовано слушать смотреть
    reklama ulashish obuna menyu qidiruv kirish chiqish yopish yana batafsil orqaga izohlar izoh
    yangiliklar foto galereya fikr sharh tahlil teglar barchasi hammasi jonli eksklyuziv ommabop
    yangilandi tinglash tomosha
    улашиш обуна қидирув кириш ёпиш батафсил орқага изоҳлар изоҳ янгиликлар фикр шарҳ таҳлил барчаси
    ҳаммаси жонли
    """
) | frozenset(
    {
        "read more", "show more", "load more", "continue reading", "skip to content", "back to top",
        "sign in", "sign up", "log in", "follow us", "share this", "copy link", "most read", "see also",
        "читать далее", "читайте также", "читать также", "показать ещё", "показать еще", "прямой эфир",
        "смотрите также", "bosh sahifa", "obuna bo'lish", "ko'proq", "ko'proq o'qish", "to'liq o'qish",
        "бош саҳифа", "обуна бўлиш",
    }
)  # fmt: skip

# Month names, and the other words that may stand beside numbers in a date, byline or reading-time stamp.
MONTHS = _wordset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    yanvar fevral mart aprel may iyun iyul avgust sentabr sentyabr oktabr oktyabr noyabr dekabr
    январ феврал апрел июн июл сентябр октябр ноябр декабр
    """
)
_STAMP_WORDS = MONTHS | _wordset(
    """
    time hour hours h day days on at by k am pm utc gmt msk час часа часов г года в тыс мск
    soat kun yil marta vaqti соат кун йил вақти
    """
)
# Words that make a line of numbers a byline rather than content: reading time, views, comments,
# "ago", "updated". A bare date or number ("3 May 2019", "1945") has none of them and is kept.
_STAMP_MARKERS = _wordset(
    """
    min mins minute minutes read reading views view comments ago updated published posted modified
    мин минут минуты минута чтения чтение просмотров просмотра просмотры комментариев комментария назад
    обновлено опубликовано
    daqiqa daqiqalik o'qish ko'rishlar ko'rildi oldin yangilandi izoh izohlar
    дақиқа дақиқалик ўқиш кўришлар кўрилди олдин янгиланди изоҳ изоҳлар
    """
)
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_NUMBER_TOKEN = re.compile(r"(\d[\d.,:/]*)([^\W\d_]*)")
_WORD_TOKEN = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")

# Share and subscribe bars: a line made only of these words, with at least one verb among them.
_SHARE_VERBS = _wordset(
    """
    share subscribe follow поделиться поделитесь делитесь подписаться подписывайтесь подпишитесь
    ulashish ulashing obuna улашиш улашинг обуна
    """
)
_SOCIAL_NETWORKS = _wordset(
    """
    facebook twitter x telegram whatsapp instagram youtube linkedin vk vkontakte вконтакте ok
    одноклассники tiktok threads pinterest reddit email e-mail viber telegramda telegramdagi
    """
)
_SHARE_FILLERS = _wordset(
    """
    on in to via us our the this article post page story news channel newsletter link with friends
    and or for now
    в на нас наш наше нашем наши нашим нашу канал канале каналу статьей статьёй новостью этой с
    друзьями и или
    bo'ling bo'lish bizni bizning kanalimizga kanalimiz sahifamizga sahifamiz tarmoqlarda ijtimoiy
    maqolani yangilikni do'stlaringiz bilan va orqali
    бўлинг бўлиш бизни бизнинг каналимизга каналимиз саҳифамизга тармоқларда ижтимоий мақолани
    дўстларингиз билан ва орқали
    """
)
_SHARE_WORDS = _SHARE_VERBS | _SOCIAL_NETWORKS | _SHARE_FILLERS

# Photo credits naming a news or stock-photo agency ("Photo: Reuters"); any other caption is content.
_CREDIT_PREFIXES = ("photo:", "photos:", "фото:", "foto:", "image:", "surat:", "сурат:")
_AGENCIES = _wordset(
    """
    reuters ap afp epa getty shutterstock tass тасс риа ria xinhua anadolu dpa bloomberg unsplash
    pexels wikimedia depositphotos istock sputnik спутник kun.uz gazeta.uz daryo.uz uza uza.uz
    пресс-служба press-xizmati
    """
)


@dataclass(frozen=True)
class DroppedLine:
    """A non-blank input line left out as page furniture: its 1-based line number and its text as read."""

    line: int
    text: str

    def to_dict(self) -> dict[str, int | str]:
        """The JSON form: ``{"line": 4, "text": "11 October 10822 11 minutes"}``."""
        return {"line": self.line, "text": self.text}


@dataclass(frozen=True)
class Content:
    """A document's content paragraphs, and the lines :func:`is_cruft` left out of them."""

    paragraphs: tuple[str, ...]
    dropped: tuple[DroppedLine, ...]


def _fold(line: str) -> str:
    """Lower-case ``line`` and write every apostrophe variant as ASCII ``'`` for list lookups."""
    return re.sub(_APOS_CLASS, "'", line.lower())


def is_cruft(line: str) -> bool:
    """Return True for a line that is known web page furniture rather than document text.

    Furniture is: a line of symbols alone, without letters or digits ("−", "•", "***"); a UI label
    such as "Review", "Live", "All", "Share", "Реклама" or "Ulashish" (trailing ``:›»>|`` ignored); a
    share or subscribe bar ("Share on Facebook", "Подписывайтесь на наш канал в Telegram"); a
    reading-time, view-count or "updated" byline made only of numbers and date/time words with one
    such marker ("11 October 10822 11 minutes", "5 min read", "3 hours ago"), or a date with a clock
    time ("12 октября 2025, 10:15"); a photo credit naming an agency ("Photo: Reuters"). Everything
    else is kept, headings and numeric lines included ("1‐modda", "COVID-19", "1945", "3 May 2019",
    "9/11", "§ 5", "Source: World Bank, 2019"). A blank line counts as cruft.
    """
    text = " ".join(line.split())
    if not any(ch.isalnum() for ch in text):
        return True
    folded = _fold(text)
    if folded.rstrip(" :›»>|").strip() in _UI_LABELS:
        return True
    return _is_share_bar(folded) or _is_stamp(folded) or _is_agency_credit(folded)


def _is_share_bar(folded: str) -> bool:
    """True for a short line of share/subscribe words, social networks and fillers only."""
    words = _WORD_TOKEN.findall(folded)
    if not words or len(words) > 10 or not all(w in _SHARE_WORDS for w in words):
        return False
    networks = sum(1 for w in words if w in _SOCIAL_NETWORKS)
    return any(w in _SHARE_VERBS for w in words) or networks >= 2


def _is_stamp(folded: str) -> bool:
    """True for a byline: numbers and date/time words only, with a marker or a date and a clock time."""
    words = [w.strip(".,:;()[]|·•—–-") for w in folded.split()]
    words = [w for w in words if w]
    numbers = [m for m in map(_NUMBER_TOKEN.fullmatch, words) if m]
    if not numbers or len(words) > 10:
        return False
    # A unit written onto its number ("5min") counts as a word of its own.
    others = [w for w in words if not _NUMBER_TOKEN.fullmatch(w)] + [m[2] for m in numbers if m[2]]
    if not all(w in _STAMP_WORDS or w in _STAMP_MARKERS for w in others):
        return False
    if any(w in _STAMP_MARKERS for w in others):
        return True
    has_clock = any(_CLOCK.search(m[1]) for m in numbers)
    has_date = any(w in MONTHS for w in others) or any(_NUMERIC_DATE.fullmatch(m[1]) for m in numbers)
    return has_clock and has_date


def _is_agency_credit(folded: str) -> bool:
    """True for "Photo: Reuters", "Фото: ТАСС", "Photo: AFP/Getty Images": a credit to an agency."""
    if not folded.startswith(_CREDIT_PREFIXES):
        return False
    rest = re.split(r"[\s/,;|]+", folded.split(":", 1)[1].strip())
    return 0 < len(rest) <= 5 and rest[0] in _AGENCIES


def _lines(text: str) -> list[str]:
    """The lines of ``text``, cut at ``\\n``, ``\\r\\n`` and ``\\r`` only (as editors number them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def content(text: str, *, keep_all: bool = False) -> Content:
    """Split a document into its content paragraphs and say which lines were left out.

    Each non-blank line is one paragraph (web text puts one paragraph per line, so consecutive lines
    are not joined), with its whitespace collapsed to single spaces. Lines are numbered from 1 at each
    ``\\n``, ``\\r\\n`` or ``\\r``; other Unicode line separators inside a line count as whitespace.
    Lines for which :func:`is_cruft` is true are left out and listed in ``dropped`` with their number
    and text; with ``keep_all`` every non-blank line is kept and nothing is dropped.
    """
    kept: list[str] = []
    dropped: list[DroppedLine] = []
    for number, line in enumerate(_lines(text), start=1):
        clean = " ".join(line.split())
        if not clean:
            continue
        if not keep_all and is_cruft(clean):
            dropped.append(DroppedLine(number, line))
        else:
            kept.append(clean)
    return Content(tuple(kept), tuple(dropped))


def paragraphs(text: str, *, keep_all: bool = False) -> list[str]:
    """The content paragraphs of a document: ``content(text, keep_all=keep_all).paragraphs`` as a list.

    See :func:`content`, which also says which lines were dropped.
    """
    return list(content(text, keep_all=keep_all).paragraphs)


# ---------------------------------------------------------------------------------- sentence splitting

# Abbreviations that stand before a name, so a break after them is never a sentence end.
_TITLE_ABBREVIATIONS = _wordset(
    """
    mr mrs ms dr prof st sen rep gov gen col lt sgt capt rev hon pres messrs
    св проф акад ген г-н г-жа им ул просп пер пл тов
    """
)
# Abbreviations that stand before a number ("No. 5", "рис. 3").
_NUMBER_ABBREVIATIONS = _wordset("no nos vol fig figs p pp ch art sec рис см стр с п ст гл т ч д №")
# Uzbek Latin initials are sometimes digraphs: "Sh. Mirziyoyev", "Oʻ. Hoshimov".
_DIGRAPH_INITIAL = re.compile(r"(?:Sh|Ch|Ng|[OG]" + _APOS_CLASS + r")")
# "и т.д." / "и т.п." end a list; followed by a capital letter they end the sentence too.
_RU_ETC = re.compile(r"\bт\.\s?[дп]\.\s+(?=[«\"“„(]?[A-ZА-ЯЁ])")
# sentencex takes any one-letter word before a dot for an initial, but Uzbek sentences often end with
# the pronoun u/у ("— dedi u."), which is never an initial when written in lower case.
_UZ_PRONOUN_END = re.compile(r"(?<![\w.])[uу]\.\s+(?=[«\"“„(]?[^\W\d_])")
_QUOTES = "\"“”„«»‹›‘’'`"
_QUOTE_MASK = str.maketrans({q: " " for q in _QUOTES})
# Abbreviations that end a sentence only when the next word opens one: "in the U.S. He said" splits,
# "the U.S. President" and "5 a.m. Eastern time" do not; nor does "в 1990 г. Москва", only "в 1990 г. Он".
_END_ABBREVIATIONS = {
    "en": re.compile(r"(?:U\.S|U\.K|U\.N|E\.U|[ap]\.m|[AP]\.M)\."),
    "ru": re.compile(r"гг?\."),
}
_SENTENCE_OPENERS = {
    "en": _wordset(
        "The A An He She It They We I You This That These Those There Here His Her Its Their Our My Your "
        "But And Or So Yet However Then Now In On At After Before When While If As Since Although Though "
        "Because Meanwhile Still Also Some Many Most Both Each Every No Nobody None What Why How Who Where "
        "Today Yesterday Later Last Next According For With From During"
    ),
    "ru": _wordset(
        "Он Она Оно Они Я Мы Вы Это Этот Эта Эти Тот Та Те Но А И Однако Поэтому Тогда Затем Потом После "
        "Позже Теперь Сейчас Также Кроме В Во На С Со По За При Из К Для От До Как Что Когда Если Хотя Его "
        "Её Ее Их Там Здесь Так Уже Ещё Еще Все Всё Кто Где Почему Сегодня Вчера Впрочем Среди Несмотря "
        "Благодаря Согласно Именно"
    ),
}
_OPENER_PATTERNS = {
    lang: re.compile(r"[«\"“„(‘]?(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?=[\s,;:])")
    for lang, words in _SENTENCE_OPENERS.items()
}
_ABBREVIATION_ENDS = {
    lang: re.compile(r"(?<![\w.])" + _END_ABBREVIATIONS[lang].pattern + r"\s+(?=" + opener.pattern + ")")
    for lang, opener in _OPENER_PATTERNS.items()
}
_EXTRA_BREAKS = {
    "en": (_ABBREVIATION_ENDS["en"],),
    "ru": (_RU_ETC, _ABBREVIATION_ENDS["ru"]),
    "uz": (_UZ_PRONOUN_END,),
}
# Time abbreviations that sentencex ends a sentence with before any capital ("5 a.m. Eastern time").
_TIME_ABBREVIATIONS = frozenset({"a.m", "p.m"})
_OPENERS = "\"'«“„‘([{—–-‐ \u00a0"
_CONTINUATION_PUNCT = ",;:)]}"


def _check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of LANGUAGES, else raise LanguageError."""
    if lang not in LANGUAGES:
        raise LanguageError(
            f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)} (or detect_language(text))"
        )
    return lang


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph into sentences with ``sentencex``, then repair its known misses.

    Fixes applied on top of the library: a break is undone when the next piece starts with a lower-case
    letter or with ``, ; : )`` (abbreviations such as "т.е.", "a.m.", "mln.", "«Что?» — спросил он"), when
    it has no letters or digits (a lone closing quote), after a title abbreviation ("Ms.", "Св.") or an
    initial ("Sh. Mirziyoyev", "А. Арипов"), after "a.m."/"p.m." ("5 a.m. Eastern time"), and before a
    number after "No."/"рис.". Breaks are added after Russian "и т.д."/"и т.п." and after the Uzbek
    pronoun "u."/"у." ("— dedi u.") when a capital letter follows, and after "U.S.", "a.m." or Russian
    "г."/"гг." when the next word is one that opens sentences ("He", "The", "Он", "В"). Sentences are
    stripped slices of ``text``, so every non-space character of ``text`` appears in the result, in
    order. Lines inside ``text`` are not treated as breaks.

    Raises:
        LanguageError: ``lang`` is not one of en, ru, uz.
    """
    _check_lang(lang)
    if not text.strip():
        return []
    pieces = _library_pieces(text, lang)
    for pattern in _EXTRA_BREAKS[lang]:
        pieces = _add_breaks(pieces, pattern)
    merged: list[str] = []
    for piece in pieces:
        if merged and _continues(merged[-1], piece, lang):
            merged[-1] += piece
        else:
            merged.append(piece)
    return [s.strip() for s in merged if s.strip()]


def _library_pieces(text: str, lang: str) -> list[str]:
    """Cut ``text`` at sentencex's boundaries; the pieces concatenate back to ``text`` exactly.

    sentencex never breaks inside quotation marks, which turns a quoted paragraph of several sentences
    into one, and it reads Uzbek apostrophes as single quotes ("yo‘q. O’zbek" would not split); quotation
    marks are therefore hidden from it as spaces, which keeps every index valid. A closing mark stays
    with its sentence because the library puts trailing whitespace before the cut; an opening mark is
    moved back to the sentence it opens.
    """
    # An apostrophe inside a word (yo‘q, court’s) is no quote: give it a letter-like stand-in first.
    masked = _INNER_APOSTROPHE.sub("\u02bc", text).translate(_QUOTE_MASK)
    ends = {_before_opening_quotes(text, b["end_index"]) for b in get_sentence_boundaries(lang, masked)}
    cuts = sorted(e for e in ends if 0 < e < len(text))
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds) if b > a]


def _before_opening_quotes(text: str, cut: int) -> int:
    """Move ``cut`` back over whitespace and opening quotation marks that precede it."""
    while cut > 0 and (text[cut - 1].isspace() or _is_opening_quote(text, cut - 1)):
        cut -= 1
    return cut


def _is_opening_quote(text: str, i: int) -> bool:
    """True if ``text[i]`` is a quotation mark at the start of a word (space or start before it)."""
    before_ok = i == 0 or text[i - 1].isspace()
    after_ok = i + 1 < len(text) and not text[i + 1].isspace()
    return text[i] in _QUOTES and before_ok and after_ok


def _add_breaks(pieces: list[str], pattern: re.Pattern[str]) -> list[str]:
    """Split pieces after each match of ``pattern`` (a sentence end sentencex missed)."""
    result = []
    for piece in pieces:
        start = 0
        for match in pattern.finditer(piece):
            result.append(piece[start : match.end()])
            start = match.end()
        result.append(piece[start:])
    return [p for p in result if p]


def _continues(previous: str, piece: str, lang: str) -> bool:
    """True when ``piece`` is the continuation of ``previous`` rather than a new sentence."""
    head = piece.lstrip()
    if not any(ch.isalnum() for ch in head) or head[:1] in _CONTINUATION_PUNCT:
        return True
    first = head.lstrip(_OPENERS)[:1]
    if first.isalpha() and first.islower():
        return True
    words = previous.split()
    word = words[-1].lstrip('(«“"') if words else ""
    if not word.endswith("."):
        return False
    if _ends_with_abbreviation(word, head, lang):
        return False
    abbreviation = word.rstrip(".")
    if abbreviation.lower() in _TITLE_ABBREVIATIONS | _TIME_ABBREVIATIONS or _is_initial(abbreviation):
        return True
    return first.isdigit() and abbreviation.lower() in _NUMBER_ABBREVIATIONS


def _ends_with_abbreviation(word: str, head: str, lang: str) -> bool:
    """True when ``word`` is an abbreviation such as "U.S." or "г." and ``head`` opens a new sentence."""
    ending = _END_ABBREVIATIONS.get(lang)
    return bool(ending and ending.fullmatch(word) and _OPENER_PATTERNS[lang].match(head))


def _is_initial(word: str) -> bool:
    """True for an initial without its dot: one capital letter, or an Uzbek digraph such as "Sh"."""
    if len(word) == 1:
        return word.isupper()
    return _DIGRAPH_INITIAL.fullmatch(word) is not None


# ------------------------------------------------------------------------------- language and script

_UZ_CYRL_LETTERS = frozenset("ўқғҳЎҚҒҲ")
_RU_ONLY_LETTERS = frozenset("ыщЫЩ")
_UZ_LATN_MARK = re.compile(r"[oOgG]" + _APOS_CLASS + r"(?=[^\W\d_])")
_WORD = re.compile(r"[^\W_]+(?:" + _APOS_CLASS + r"[^\W_]+)*")

_EN_WORDS = _wordset(
    "the and of to in is that for was with on as are it by at this be from have has were not an or "
    "which his her their they he she we you will would said"
)
_UZ_LATN_WORDS = _wordset(
    "va bilan uchun bu edi ham deb bir u ular emas esa yil kuni qilib keyin lekin ammo biroq hamda "
    "yoki uning ularning shu o'z bo'lgan bo'ldi bo'lib qilish kerak mumkin haqida bo'yicha"
)
_UZ_CYRL_WORDS = _wordset(
    "ва билан учун бу эди ҳам деб бир улар эмас эса йил куни қилиб кейин лекин аммо бироқ ҳамда ёки "
    "унинг уларнинг шу ўз бўлган бўлди бўлиб қилиш керак мумкин ҳақида бўйича"
)
_RU_WORDS = _wordset(
    "и в не на что с по это он как к а но из за от о для то же она они мы вы его её ее был была были "
    "бы так также уже только который которые при после"
)
# Uzbek case, plural, possessive and verb endings; rare at the end of English or Russian words.
_UZ_LATN_SUFFIXES = (
    "lar", "lari", "ning", "dagi", "gan", "moqda", "lik", "dan", "ni", "ga", "da", "di", "adi", "ydi",
    "miz", "ngiz", "mi", "si",
)  # fmt: skip
_UZ_CYRL_SUFFIXES = ("лар", "лари", "нинг", "даги", "моқда", "лик", "ларни", "ларга", "ларда", "миз", "нгиз")


def script_counts(text: str) -> tuple[int, int]:
    """Return (Cyrillic letters, Latin letters) in ``text``."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff" and ch.isalpha())
    latin = sum(1 for ch in text if ch.isalpha() and (ch.isascii() or "\u00c0" <= ch <= "\u024f"))
    return cyrillic, latin


def uzbek_script(text: str) -> str:
    """Return ``"cyrl"`` when ``text`` has more Cyrillic than Latin letters, else ``"latn"``."""
    cyrillic, latin = script_counts(text)
    return "cyrl" if cyrillic > latin else "latn"


# Under this many characters the word and letter statistics below say too little (short Uzbek Cyrillic
# sentences read as Russian 14 % of the time on Tatoeba); py3langid's character n-gram model, which ships
# in its wheel and knows Uzbek in both scripts, decides instead. See benchmarks/langid.py.
SHORT_TEXT = 200


def detect_language(text: str, *, short_text_model: bool = True) -> str:
    """Guess whether ``text`` is English, Russian or Uzbek (Latin or Cyrillic): ``"en"``, ``"ru"``, ``"uz"``.

    The script decides between two candidates: mostly Cyrillic text is ``"ru"`` or ``"uz"``, mostly
    Latin text ``"en"`` or ``"uz"``. Text under :data:`SHORT_TEXT` characters is given to py3langid's
    model restricted to those two (loaded once, on first use, in about a second); with
    ``short_text_model=False``, and for longer text, word and letter statistics decide (see
    :func:`_statistics_language`). Text without letters gives ``"en"``; any other language is reported
    as the nearest of the three.
    """
    cyrillic, latin = script_counts(text)
    if cyrillic == 0 and latin == 0:
        return "en"
    if short_text_model and len(text.strip()) < SHORT_TEXT:
        candidates = ("ru", "uz") if cyrillic > latin else ("en", "uz")
        ranked = [lang for lang, _ in _short_text_identifier().rank(text) if lang in candidates]
        return ranked[0]
    return _statistics_language(text, cyrillic, latin)


@functools.cache
def _short_text_identifier() -> LanguageIdentifier:
    """py3langid's identifier limited to en, ru and uz, loaded on first use (its model is 4.6 MB)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _statistics_language(text: str, cyrillic: int, latin: int) -> str:
    """The language by word and letter statistics, for text with ``cyrillic`` and ``latin`` letters.

    Mostly Cyrillic text is ``"uz"`` when it has the Uzbek letters ў қ ғ ҳ or Uzbek function words and
    suffixes outweigh Russian ones, else ``"ru"``. Mostly Latin text is ``"uz"`` when oʻ/gʻ marks, Uzbek
    function words ("va", "bilan", "uchun"), suffixes ("-lar", "-ning", "-dagi") and the frequency of
    q and x outweigh English function words and the letter groups Uzbek spelling lacks (w, th, c outside
    "ch", ee, oo, ea, ou), else ``"en"``. Reliable for a sentence of 50 characters or more.
    """
    words = [re.sub(_APOS_CLASS, "'", w.lower()) for w in _WORD.findall(text)]
    if cyrillic > latin:
        return "uz" if _uz_cyrillic_score(text, words) > _ru_score(text, words) else "ru"
    return "uz" if _uz_latin_score(text, words, latin) > _en_score(text, words, latin) else "en"


def _rate(count: float, words: list[str]) -> float:
    """Normalise a hit count by the number of words so that long and short texts compare alike."""
    return count / max(len(words), 1)


def _suffix_hits(words: list[str], suffixes: tuple[str, ...]) -> int:
    """Count words of five or more letters that end in one of ``suffixes``."""
    return sum(1 for w in words if len(w) >= 5 and w.endswith(suffixes))


def _uz_cyrillic_score(text: str, words: list[str]) -> float:
    """Evidence that Cyrillic ``text`` is Uzbek; the letters ў қ ғ ҳ never occur in Russian."""
    letters = sum(1 for ch in text if ch in _UZ_CYRL_LETTERS)
    hits = sum(1 for w in words if w in _UZ_CYRL_WORDS)
    return _rate(3 * letters + hits + 0.5 * _suffix_hits(words, _UZ_CYRL_SUFFIXES), words)


def _ru_score(text: str, words: list[str]) -> float:
    """Evidence that Cyrillic ``text`` is Russian (function words and ы/щ, rare in Uzbek)."""
    letters = sum(1 for ch in text if ch in _RU_ONLY_LETTERS)
    hits = sum(1 for w in words if w in _RU_WORDS)
    return _rate(hits + 0.5 * letters, words)


def _uz_latin_score(text: str, words: list[str], latin: int) -> float:
    """Evidence that Latin ``text`` is Uzbek: oʻ/gʻ marks, function words, suffixes, q/x frequency."""
    marks = len(_UZ_LATN_MARK.findall(text))
    hits = sum(1 for w in words if w in _UZ_LATN_WORDS)
    score = _rate(2 * marks + hits + 0.5 * _suffix_hits(words, _UZ_LATN_SUFFIXES), words)
    # q and x are ~4% of Uzbek letters but ~0.3% of English ones.
    lower = text.lower()
    return score + 3 * (lower.count("q") + lower.count("x")) / latin


def _en_score(text: str, words: list[str], latin: int) -> float:
    """Evidence that Latin text is English: function words and letter groups Uzbek spelling lacks."""
    lower = text.lower()
    # Uzbek Latin writes c only in "ch" and has no w; th, ee, oo, ea, ou are rare in its words.
    groups = sum(lower.count(g) for g in ("w", "th", "ee", "oo", "ea", "ou"))
    groups += len(re.findall(r"c(?!h)", lower))
    return _rate(sum(1 for w in words if w in _EN_WORDS), words) + 3 * groups / latin


# ------------------------------------------------------------------------------------- apostrophes

_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])" + _APOS_CLASS + r"(?=[^\W\d_])")


def normalize_apostrophes(text: str) -> str:
    """Write Uzbek apostrophes in their standard Unicode forms.

    The rule, applied to any of ʻ (U+02BB), ʼ (U+02BC), ‘ (U+2018), ’ (U+2019), ' (U+0027) and
    ` (U+0060) that stands between two letters:

    * directly after o, g, O or G it becomes ʻ (U+02BB), the oʻ/gʻ mark ("o'zbek", "g‘alaba");
    * after any other letter it becomes ʼ (U+02BC), the tutuq belgisi ("ma'lumot" -> "maʼlumot").

    Apostrophes at the start or end of a word (quotation marks) are left alone. Meant for Uzbek Latin
    text: English contractions such as "don't" are rewritten too.
    """
    return _INNER_APOSTROPHE.sub(_standard_apostrophe, text)


def _standard_apostrophe(match: re.Match[str]) -> str:
    """ʻ after o/g (either case), ʼ after any other letter."""
    return "\u02bb" if match.string[match.start() - 1] in "oOgG" else "\u02bc"


# --------------------------------------------------------------------------------- token budgeting

_CLAUSE_CUT = re.compile(r"[,;:—–](?=\s)")
_WORD_CUT = re.compile(r"(?<=\S)(?=\s)")


def _check_budget(max_tokens: int) -> None:
    """Raise ValueError unless ``max_tokens`` is a positive integer."""
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")


def split_long(sentence: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Cut a sentence whose token count is over ``max_tokens`` into pieces that each fit.

    Cuts go after clause punctuation (``, ; : — –`` followed by a space) first, then between words, and
    only inside a too-long word between characters (combining marks stay with their letter). Pieces are
    stripped, so ``"".join(pieces)`` equals ``sentence`` except for whitespace at the cut points. Nothing
    is ever dropped. A sentence that already fits is returned unchanged as the only piece.

    Raises:
        ValueError: ``max_tokens`` is below 1, or a single character alone counts more than
            ``max_tokens`` tokens, so no cut can fit.
    """
    _check_budget(max_tokens)
    if count_tokens(sentence) <= max_tokens:
        return [sentence]
    return _split_at(sentence.strip(), count_tokens, max_tokens, level=0)


def _atoms(text: str, level: int) -> list[str]:
    """Cut ``text`` into consecutive slices: clauses (level 0), words (1) or characters (2)."""
    if level >= 2:
        return _characters(text)
    pattern = _CLAUSE_CUT if level == 0 else _WORD_CUT
    cuts = [m.end() for m in pattern.finditer(text)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds) if b > a]


def _characters(text: str) -> list[str]:
    """Split ``text`` into characters, keeping combining marks with the character before them."""
    chars: list[str] = []
    for ch in text:
        if chars and unicodedata.combining(ch):
            chars[-1] += ch
        else:
            chars.append(ch)
    return chars


def _split_at(text: str, count_tokens: Callable[[str], int], max_tokens: int, level: int) -> list[str]:
    """Split ``text`` into fitting pieces at ``level``, descending to finer levels for oversized atoms."""
    overhead = count_tokens("")
    units: list[tuple[str, int]] = []
    for atom in _atoms(text, level):
        if not atom.strip():
            units.append((atom, 0))
            continue
        count = count_tokens(atom.strip())
        if count <= max_tokens:
            units.append((atom, count - overhead))
        elif level >= 2:
            raise ValueError(
                f"max_tokens={max_tokens} is too small: the single character {atom.strip()!r} "
                f"counts {count} tokens; raise max_tokens"
            )
        else:
            units.extend(
                (piece, max_tokens) for piece in _split_at(atom, count_tokens, max_tokens, level + 1)
            )
    return _pack_units(units, overhead, count_tokens, max_tokens)


def _pack_units(
    units: list[tuple[str, int]], overhead: int, count_tokens: Callable[[str], int], max_tokens: int
) -> list[str]:
    """Greedily join consecutive (slice, cost) units into stripped pieces within ``max_tokens``."""
    groups: list[list[str]] = [[]]
    used = overhead
    for atom, cost in units:
        if groups[-1] and used + cost > max_tokens:
            groups.append([])
            used = overhead
        groups[-1].append(atom)
        used += cost
    pieces: list[str] = []
    for group in groups:
        pieces.extend(_verified(group, "".join, count_tokens, max_tokens))
    return [p.strip() for p in pieces if p.strip()]


def _verified(
    group: list[str], join: Callable[[list[str]], str], count_tokens: Callable[[str], int], max_tokens: int
) -> list[str]:
    """Return ``[join(group)]`` if it fits, else halve the group until every part fits.

    Summed per-unit counts are only an estimate (tokenizers are not additive), so each packed group is
    counted once as a whole; single units are known to fit.
    """
    text = join(group)
    if len(group) == 1 or count_tokens(text.strip()) <= max_tokens:
        return [text]
    middle = len(group) // 2
    return _verified(group[:middle], join, count_tokens, max_tokens) + _verified(
        group[middle:], join, count_tokens, max_tokens
    )


def pack_chunks(sentences: list[str], count_tokens: Callable[[str], int], max_tokens: int) -> list[list[str]]:
    """Pack consecutive sentences into chunks whose ``" ".join(chunk)`` fits in ``max_tokens``.

    Packing is greedy and keeps order. Each sentence is counted once; a chunk's cost is estimated as the
    sum of its sentences' counts (less the tokenizer's fixed overhead, ``count_tokens("")``, for all but
    one) plus one token per separator, and each finished chunk is counted once more to confirm it fits.
    A sentence over the budget is cut by :func:`split_long` and each of its pieces becomes a chunk of its
    own. Blank sentences are dropped; flattening the chunks gives every other sentence (or its pieces)
    in order.

    Raises:
        ValueError: ``max_tokens`` is below 1, or a single character exceeds it (see :func:`split_long`).
    """
    _check_budget(max_tokens)
    overhead = count_tokens("")
    chunks: list[list[str]] = []
    current: list[str] = []
    used = overhead
    for sentence in (s for s in sentences if s.strip()):
        count = count_tokens(sentence)
        if count > max_tokens:
            chunks.extend(_flush(current, count_tokens, max_tokens))
            chunks.extend([piece] for piece in _split_at(sentence.strip(), count_tokens, max_tokens, 0))
            current, used = [], overhead
            continue
        cost = count - overhead + (1 if current else 0)
        if current and used + cost > max_tokens:
            chunks.extend(_flush(current, count_tokens, max_tokens))
            current, used, cost = [], overhead, count - overhead
        current.append(sentence)
        used += cost
    chunks.extend(_flush(current, count_tokens, max_tokens))
    return chunks


def _flush(current: list[str], count_tokens: Callable[[str], int], max_tokens: int) -> list[list[str]]:
    """Return ``current`` as one chunk, or as several if the whole does not fit after all."""
    if not current:
        return []
    return _halves(current, count_tokens, max_tokens)


def _halves(chunk: list[str], count_tokens: Callable[[str], int], max_tokens: int) -> list[list[str]]:
    """Return ``[chunk]`` if its joined text fits, else split it in halves recursively."""
    if len(chunk) == 1 or count_tokens(" ".join(chunk)) <= max_tokens:
        return [chunk]
    middle = len(chunk) // 2
    return _halves(chunk[:middle], count_tokens, max_tokens) + _halves(
        chunk[middle:], count_tokens, max_tokens
    )
