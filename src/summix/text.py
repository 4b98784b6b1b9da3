"""Reading, cleaning and cutting documents: pure Python, no model libraries.

Everything here works on plain ``str`` and is shared by the summarizers, the translators and the
benchmarks: dropping web cruft lines, sentence splitting (``sentencex`` plus
small fixes), language and script detection, and packing sentences into chunks that fit a model's
token budget.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import pairwise

from sentencex import get_sentence_boundaries

from summix.errors import LanguageError

LANGUAGES: tuple[str, ...] = ("en", "ru", "uz")


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` (keeps long word lists compact in the source)."""
    return frozenset(words.split())


# Every character Uzbek writers use for the oʻ/gʻ mark or the tutuq belgisi (ʼ).
APOSTROPHES = "ʻʼ‘’'`"
_APOS_CLASS = "[" + re.escape(APOSTROPHES) + "]"

# ---------------------------------------------------------------------------------------- cruft lines

# Single-word or short UI labels that web scrapes leave on their own line. Lower case, apostrophes
# written as ASCII ' (lines are folded the same way before the lookup).
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

# Words that, next to numbers, make a line a date, byline or reading-time stamp rather than text.
_META_WORDS = _wordset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    min mins minute minutes read reading time hour hours h ago day days updated published posted views
    comments am pm utc gmt msk on at
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    мин минут минуты минута чтения чтение час часа часов назад обновлено опубликовано просмотров
    просмотры комментариев г года в
    yanvar fevral aprel iyun iyul avgust sentabr sentyabr oktabr oktyabr noyabr dekabr
    daqiqa soat oldin kun yangilandi ko'rishlar o'qish vaqti yil
    январ феврал апрел июн июл сентябр октябр ноябр декабр дақиқа соат олдин кун янгиланди
    """
)

# Caption and credit prefixes ("Photo: Reuters") that never carry document content.
_CREDIT_PREFIXES = ("photo:", "фото:", "foto:", "source:", "источник:", "manba:", "манба:", "image:")


def _fold(line: str) -> str:
    """Lower-case ``line`` and write every apostrophe variant as ASCII ``'`` for list lookups."""
    return re.sub(_APOS_CLASS, "'", line.lower())


def is_cruft(line: str) -> bool:
    """Return True for a line that is web page furniture rather than document text.

    Cruft is: a line with no letters ("−", "•", "***", "12:30"); a known UI label such as "Review",
    "Live", "Share", "Реклама" or "Ulashish" (trailing ``:›»>|`` ignored); a date, byline or
    reading-time stamp made only of numbers and date/time words ("11 October 10822 11 minutes",
    "5 min read", "Updated 12:30"); or a short photo/source credit ("Photo: Reuters").
    Titles and section headings are kept.
    """
    text = " ".join(line.split())
    if not any(ch.isalpha() for ch in text):
        return True
    folded = _fold(text)
    if folded.rstrip(" :›»>|").strip() in _UI_LABELS:
        return True
    if folded.startswith(_CREDIT_PREFIXES) and len(text.split()) <= 6:
        return True
    return _is_stamp(folded)


def _is_stamp(folded: str) -> bool:
    """True when a folded line is only numbers and date/time/meta words, with at least one number."""
    words = [w.strip(".,:;()[]|·•—–-") for w in folded.split()]
    words = [w for w in words if w]
    if not words or len(words) > 10:
        return False
    has_number = any(any(ch.isdigit() for ch in w) for w in words)
    rest_are_meta = all(any(ch.isdigit() for ch in w) or w in _META_WORDS for w in words)
    return has_number and rest_are_meta


def paragraphs(text: str) -> list[str]:
    """Split a document into its content paragraphs.

    Each non-blank line is one paragraph (web text puts one paragraph per line, so consecutive lines are
    not joined); whitespace inside a paragraph is collapsed to single spaces; lines for which
    :func:`is_cruft` is true are dropped. Titles and headings are kept as their own paragraphs.
    """
    result = []
    for line in text.splitlines():
        clean = " ".join(line.split())
        if clean and not is_cruft(clean):
            result.append(clean)
    return result


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
_EXTRA_BREAKS = {"ru": _RU_ETC, "uz": _UZ_PRONOUN_END}
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
    initial ("Sh. Mirziyoyev", "А. Арипов"), and before a number after "No."/"рис.". Breaks are added
    after Russian "и т.д."/"и т.п." and after the Uzbek pronoun "u."/"у." ("— dedi u.") when a capital
    letter follows. Sentences are stripped slices of ``text``, so every non-space character of ``text``
    appears in the result, in order. Lines inside ``text`` are not treated as breaks.

    Raises:
        LanguageError: ``lang`` is not one of en, ru, uz.
    """
    _check_lang(lang)
    if not text.strip():
        return []
    pieces = _library_pieces(text, lang)
    if lang in _EXTRA_BREAKS:
        pieces = _add_breaks(pieces, _EXTRA_BREAKS[lang])
    merged: list[str] = []
    for piece in pieces:
        if merged and _continues(merged[-1], piece):
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


def _continues(previous: str, piece: str) -> bool:
    """True when ``piece`` is the continuation of ``previous`` rather than a new sentence."""
    head = piece.lstrip()
    if not any(ch.isalnum() for ch in head) or head[:1] in _CONTINUATION_PUNCT:
        return True
    first = head.lstrip(_OPENERS)[:1]
    if first.isalpha() and first.islower():
        return True
    words = previous.split()
    word = words[-1] if words else ""
    if not word.endswith("."):
        return False
    abbreviation = word.lstrip('(«“"').rstrip(".")
    if abbreviation.lower() in _TITLE_ABBREVIATIONS or _is_initial(abbreviation):
        return True
    return first.isdigit() and abbreviation.lower() in _NUMBER_ABBREVIATIONS


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


def _script_counts(text: str) -> tuple[int, int]:
    """Return (Cyrillic letters, Latin letters) in ``text``."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff" and ch.isalpha())
    latin = sum(1 for ch in text if ch.isalpha() and (ch.isascii() or "\u00c0" <= ch <= "\u024f"))
    return cyrillic, latin


def uzbek_script(text: str) -> str:
    """Return ``"cyrl"`` when ``text`` has more Cyrillic than Latin letters, else ``"latn"``."""
    cyrillic, latin = _script_counts(text)
    return "cyrl" if cyrillic > latin else "latn"


def detect_language(text: str) -> str:
    """Guess whether ``text`` is English, Russian or Uzbek (Latin or Cyrillic): ``"en"``, ``"ru"``, ``"uz"``.

    Mostly Cyrillic text is ``"uz"`` when it has the Uzbek letters ў қ ғ ҳ or Uzbek function words and
    suffixes outweigh Russian ones, else ``"ru"``. Mostly Latin text is ``"uz"`` when oʻ/gʻ marks, Uzbek
    function words ("va", "bilan", "uchun"), suffixes ("-lar", "-ning", "-dagi") and the frequency of
    q and x outweigh English function words and the letter groups Uzbek spelling lacks (w, th, c outside
    "ch", ee, oo, ea, ou), else ``"en"``. Reliable for a sentence or more; a two-word greeting may be
    misread. Text without letters gives ``"en"``; any other language is reported as the nearest of the
    three.
    """
    cyrillic, latin = _script_counts(text)
    if cyrillic == 0 and latin == 0:
        return "en"
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
