"""Uzbek in both scripts: Latin ⇄ Cyrillic transliteration, standard apostrophes, script-aware codes.

``transliterate(text, to="uz-Latn")`` writes every Cyrillic word in the 1995 Latin alphabet;
``transliterate(text, to="uz-Cyrl")`` writes every Uzbek Latin word in Cyrillic, using the rules plus a
packaged loanword list (``data/loanwords.txt``) for what the Latin does not show (sirk → цирк,
albom → альбом, obyekt → объект, rayon → район). Everything else is kept exactly as it was: line
breaks, whitespace, punctuation, digits, URLs, e-mail addresses, @names, words already in the target
script, Roman numerals, and Latin words that are not Uzbek (with c outside ch, w, letters Uzbek does
not use, or English function words).
"""

from __future__ import annotations

import re

from summix.errors import LanguageError
from summix.translit import cyrillic, latin
from summix.translit.apostrophes import OKINA, TUTUQ, normalize_uzbek_apostrophes
from summix.translit.lexicon import lexicon
from summix.translit.tags import SCRIPTS, VALID_TAGS, LanguageTag, parse_language_tag

__all__ = [
    "SCRIPTS",
    "VALID_TAGS",
    "LanguageTag",
    "is_foreign_latin",
    "normalize_uzbek_apostrophes",
    "parse_language_tag",
    "to_cyrillic",
    "to_latin",
    "transliterate",
]

_KEEP = (
    r"(?:https?|ftp)://\S+|www\.\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|@\w+"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:uz|ru|com|org|net|info|io|gov|edu|me|tv|co|kz|kg|tj|tm|ua|by|de|uk|eu"
    r"|us|app|dev|уз|рф)\b"
)
_CYRILLIC_TOKEN = re.compile(f"(?P<keep>{_KEEP})|(?P<word>[\u0400-\u04ff]+)")
_LATIN_TOKEN = re.compile(
    f"(?P<keep>{_KEEP})|(?P<word>[A-Za-z0-9]+(?:[{OKINA}{TUTUQ}][A-Za-z0-9]+)*[{OKINA}{TUTUQ}]?)"
)
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# Uzbek writes no c outside ch, no w, no ee, oo only after the prefix no- (noodatiy), no -ation/-ition.
_FOREIGN_LETTERS = re.compile(r"c(?!h)|w|ee|(?<!^n)oo|[aeiou]tion\b|[^a-z\u02bb\u02bc]")
_ENGLISH_WORDS = frozenset(
    str.split(
        "the and of to for with from that this are was were by you your our they their has have will "
        "would can could should its into about which what who been new"
    )
)


def transliterate(text: str, to: str) -> str:
    """Write Uzbek ``text`` in the script named by ``to``: ``uz-Latn`` (alias ``uz``) or ``uz-Cyrl``
    (aliases ``uz_cyrl``, ``uzc``).

    Text already in the target script passes through unchanged, so transliterating twice changes
    nothing; mixed text is converted word by word.

    Raises:
        LanguageError: ``to`` is not an Uzbek code, or not a language code at all.
    """
    try:
        tag: LanguageTag | None = parse_language_tag(to)
    except LanguageError:
        tag = None
    if tag is None or tag.language != "uz":
        raise LanguageError(
            "transliterate writes Uzbek: {to} must be uz-Latn (or uz) or uz-Cyrl (or uz_cyrl, uzc), "
            f"not {to!r}",
            "to",
        )
    return to_latin(text) if tag.script == "Latn" else to_cyrillic(text)


def to_latin(text: str) -> str:
    """Write every Cyrillic word of ``text`` in the 1995 Uzbek Latin alphabet; nothing else changes."""
    return _CYRILLIC_TOKEN.sub(_latin_word, text)


def to_cyrillic(text: str) -> str:
    """Write every Uzbek Latin word of ``text`` in Uzbek Cyrillic; nothing else changes.

    Apostrophes are read as :func:`normalize_uzbek_apostrophes` reads them: any variant between
    letters, or after o/g at a word's end, is part of the word; quotation marks stay as they were.
    """
    normal = normalize_uzbek_apostrophes(text)  # same length as text: positions agree
    pieces: list[str] = []
    done = 0
    for match in _LATIN_TOKEN.finditer(normal):
        # Between words the original characters stay: an apostrophe there is a quotation mark.
        pieces += [text[done : match.start()], _cyrillic_word(match, text)]
        done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


def _latin_word(match: re.Match[str]) -> str:
    """Replacement for one Cyrillic token: kept spans unchanged, words transliterated."""
    word = match.group("word")
    if word is None:
        return match.group()
    hit = lexicon().match_cyrillic(word.lower())
    if hit is None:
        return cyrillic.word_to_latin(word)
    end, stem = hit
    return _like(stem, word[:end]) + _latin_rest(word, end)


def _latin_rest(word: str, end: int) -> str:
    """The rule-based Latin of ``word[end:]``, the suffixes after a listed stem."""
    return cyrillic.word_to_latin(word)[len(cyrillic.word_to_latin(word[:end])) :]


def _cyrillic_word(match: re.Match[str], original: str) -> str:
    """Replacement for one Latin token: kept spans and non-Uzbek words unchanged, the rest in Cyrillic."""
    word = match.group("word")
    if word is None or is_foreign_latin(word) or _is_roman(word, original, match.end()):
        return original[match.start() : match.end()]
    hit = lexicon().match_latin(word.lower())
    if hit is None:
        return latin.word_to_cyrillic(word)
    end, stem = hit
    if end < len(word) and stem.endswith("ь"):
        stem = stem[:-1]
    return _like(stem, word[:end]) + latin.word_to_cyrillic(word[end:], prev=stem[-1])


def is_foreign_latin(word: str) -> bool:
    """True for a Latin word that is not Uzbek and is kept as written.

    That is a word with a digit, with letters the Uzbek alphabet lacks (c outside ch, w, letters with
    diacritics), with English letter groups (ee; oo except after a first n, as in noodatiy; a vowel
    before -tion), or an English function word ("the", "and").
    """
    lower = word.lower()
    return (
        any(ch.isdigit() for ch in word)
        or _FOREIGN_LETTERS.search(lower) is not None
        or lower in _ENGLISH_WORDS
    )


def _is_roman(word: str, text: str, end: int) -> bool:
    """True for an upper-case Roman numeral (XXI asr); a lone I, V or X before a dot is an initial."""
    if not word or not _ROMAN.fullmatch(word):
        return False
    return len(word) > 1 or text[end : end + 1] != "."


def _like(stem: str, source: str) -> str:
    """Case ``stem`` (a listed word) as ``source``: all caps, capitalised or lower case."""
    if len(source) > 1 and source.isupper():
        return stem.upper()
    return stem[:1].upper() + stem[1:] if source[:1].isupper() else stem
