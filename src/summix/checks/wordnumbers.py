"""Written-out numbers: "twenty-five", "двумя тысячами", "полтора миллиона", "mingdan", "uchinchi".

English and Russian word forms come from num2words, which inflects Russian numerals for every case,
gender and number (два, двух, двум, двумя; третий, третьего, третьей ...): a hand-written list would
miss forms. num2words has no Uzbek; Uzbek numerals do not inflect but take suffixes (ikki-ta,
uch-inchi, ming-dan, oʻn-lab), so a list of the 24 numeral words and those suffixes is enough. Tables
are built the first time a language is read.
"""

from __future__ import annotations

import functools
import itertools
import re

from summix.checks.base import WORD, fold

_BASES = (*range(20), *range(20, 100, 10), *range(100, 1000, 100))
_SCALES = (1000, 10**6, 10**9, 10**12)
_RU_CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")
_RU_EXTRA = {"полтора": 1.5, "полторы": 1.5, "полутора": 1.5}
# Collective numerals beyond those num2words gives (двое, трое, четверо): пятеро ... десятеро, every case.
_RU_COLLECTIVE = {"пятер": 5, "шестер": 6, "семер": 7, "восьмер": 8, "девятер": 9, "десятер": 10}
# A decade is ten years ("a decade later" = "на 10 лет позже" = "10 yildan keyin"): a number of its own,
# never joined to the words beside it (two decades are not 12).
_DECADES = frozenset(("decade", "десятилетие", "десятилетия", "десятилетию", "десятилетием", "десятилетии"))
_UZ_NUMERALS = {
    "nol": 0, "bir": 1, "ikki": 2, "uch": 3, "tort": 4, "besh": 5, "olti": 6, "yetti": 7, "sakkiz": 8,
    "toqqiz": 9, "on": 10, "yigirma": 20, "ottiz": 30, "qirq": 40, "ellik": 50, "oltmish": 60,
    "yetmish": 70, "sakson": 80, "toqson": 90, "yuz": 100, "ming": 1e3, "million": 1e6, "milliard": 1e9,
    "ноль": 0, "бир": 1, "икки": 2, "уч": 3, "тўрт": 4, "беш": 5, "олти": 6, "етти": 7, "саккиз": 8,
    "тўққиз": 9, "ўн": 10, "йигирма": 20, "ўттиз": 30, "қирқ": 40, "эллик": 50, "олтмиш": 60,
    "етмиш": 70, "саксон": 80, "тўқсон": 90, "юз": 100, "минг": 1e3, "миллион": 1e6, "миллиард": 1e9,
}  # fmt: skip
_UZ_SUFFIXES = (
    "", "ta", "tasi", "tadan", "inchi", "nchi", "lab", "dan", "ga", "da", "ni", "ning", "lar", "i", "iga",
    "ini", "ta", "та", "таси", "тадан", "инчи", "нчи", "лаб", "дан", "га", "да", "ни", "нинг", "лар",
)  # fmt: skip
_EN_EXTRA = {"dozen": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}


def find(text: str, lang: str) -> list[tuple[str, float]]:
    """Each run of number words in ``text`` as (the words as written, their value).

    "two hundred and five" is 205, "двадцать пять тысяч" is 25,000; "and" joins words only after
    "hundred", and punctuation ends a run; a word for a decade is 10 on its own. Nothing is found for a
    language without a table.
    """
    table = _table(lang)
    if not table:
        return []
    lookup = _uzbek_value if lang == "uz" else table.get
    runs: list[tuple[int, int, list[float]]] = []  # start, end, values
    last = -1  # where the run being read ends; -1 when no run is open
    for start, end, word in _pieces(text):
        if _decade(word, lang):
            runs.append((start, end, [10.0]))
            last = -1
            continue
        adjacent = last >= 0 and not text[last:start].strip(" -‐")
        value = lookup(word)
        if value is not None and adjacent:
            runs[-1] = (runs[-1][0], end, [*runs[-1][2], value])
        elif value is not None:
            runs.append((start, end, [value]))
        elif not (word == "and" and adjacent and runs[-1][2][-1] == 100):
            last = -1
            continue
        last = end
    return [(text[a:b], combine(values)) for a, b, values in runs]


def is_number(word: str, lang: str) -> bool:
    """True for one number word of ``lang`` ("one", "first", "hundred", "decade", "двумя", "mingdan")."""
    folded = fold(word)
    if lang == "uz":
        return _uzbek_value(folded) is not None
    return folded in _table(lang) or _decade(folded, lang)


def _decade(folded: str, lang: str) -> bool:
    """True for an English or Russian word for a decade, which is 10 on its own."""
    return folded in _DECADES and lang in ("en", "ru")


def _pieces(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for every word of ``text``, hyphenated words cut at their hyphens."""
    pieces = []
    for match in WORD.finditer(text):
        offset = match.start()
        for part in re.split(r"([-‐])", match[0]):
            if part not in ("-", "‐", ""):
                pieces.append((offset, offset + len(part), fold(part)))
            offset += len(part)
    return pieces


def combine(values: list[float]) -> float:
    """The number a run of word values spells: [2, 100, 5] is 205; [1.5, 1e6] is 1,500,000."""
    total, current = 0.0, 0.0
    for value in values:
        if value >= 1000:
            total += max(current, 1.0) * value
            current = 0.0
        elif value == 100:  # "one hundred", "сто": a multiplier in English, a number of its own in Russian
            current = max(current, 1.0) * value
        else:
            current += value
    return total + current


@functools.cache
def _table(lang: str) -> dict[str, float]:
    """Every word form of the numbers in ``lang`` mapped to its value (empty for Uzbek)."""
    if lang == "en":
        return _english()
    if lang == "ru":
        return _russian()
    if lang == "uz":
        return {fold(word): float(value) for word, value in _UZ_NUMERALS.items()}
    return {}


def _uzbek_value(word: str) -> float | None:
    """The value of an Uzbek numeral with or without a suffix ("mingdan" 1,000, "uchinchi" 3)."""
    table = _table("uz")
    for cut in range(len(word), 1, -1):
        if word[cut:] in _UZ_SUFFIXES and word[:cut] in table:
            return table[word[:cut]]
    return None


def _english() -> dict[str, float]:
    """Cardinals and ordinals (one, first, twentieth, hundred, million ...) and dozen."""
    from num2words import num2words

    table = dict(_EN_EXTRA)
    for number in (*_BASES[:20], *_BASES[20:28], 100, *_SCALES):
        for kind in ("cardinal", "ordinal"):
            table[_last_word(num2words(number, lang="en", to=kind))] = float(number)
    return table


def _russian() -> dict[str, float]:
    """Cardinals and ordinals in every case, gender and number, the scale words тысяча ... триллион,
    and collective numerals (пятеро, шестерых)."""
    from num2words import num2words

    table = dict(_RU_EXTRA)
    table.update(
        {stem + end: float(n) for stem, n in _RU_COLLECTIVE.items() for end in ("о", "ых", "ым", "ыми")}
    )
    forms = itertools.product(_RU_CASES, ("m", "f", "n"), (False, True), (True, False))
    for case, gender, plural, animate in forms:
        options = {"case": case, "gender": gender, "plural": plural, "animate": animate}
        for number in _BASES:
            for kind in ("cardinal", "ordinal"):
                word = _last_word(num2words(number, lang="ru", to=kind, **options))
                table.setdefault(word, float(number))
        for scale, count in itertools.product(_SCALES, (1, 2, 5)):
            table[_last_word(num2words(scale * count, lang="ru", case=case))] = float(scale)
    return table


def _last_word(phrase: str) -> str:
    """The last word of num2words' spelling, folded ("one hundred" -> "hundred", "twenty-one" -> "one")."""
    return fold(phrase.replace("-", " ").split()[-1])
