"""Keys that let one name be recognised in English, Russian and Uzbek, in Latin or Cyrillic script.

A word is folded (lower case, no apostrophes or accents), transliterated to Latin and spelt by sound:
ch = ч, sh = ш = щ, j = dj = дж = dge, ts = ц, w = v, th = t, q = k, c = k or s, y = i, z = s, ee = i,
no gh or h after a vowel (gh is g elsewhere: Ghana = Гана), no doubled letters; Уэ-/Уо-/Уа- at the
start of a word is W (Уэльс = Wales) and Ye-/Eu- is E (Yevropa = Европа = Europe). Its stems are the
key less one case ending (-ning, -ga, -ni, -da, -dan, -lar; -а, -у, -ом, -е, -ой ...). Two stems are
one name when they are equal, begin alike (four letters and half the shorter), have the same
consonants, or when rapidfuzz rates them ``SIMILARITY`` or more. Names that each language writes its own
way (China = Китай = Xitoy, Supreme = Верховный = Oliy) come from the table ``exonyms.tsv`` beside this
module.
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

from summix.checks.base import WORD, fold
from summix.text import APOSTROPHES

SIMILARITY = 80.0  # rapidfuzz ratio (0-100) from which two stems of six letters or more are one name
EXONYMS = Path(__file__).with_name("exonyms.tsv")

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "č", "ш": "š", "щ": "š", "ъ": "", "ы": "i", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "ў": "o", "қ": "k", "ғ": "g", "ҳ": "h",
}  # fmt: skip
_SOUNDS = (
    ("gh", "g"), ("shch", "š"), ("sch", "š"), ("sh", "š"), ("ch", "č"), ("dzh", "j"), ("dj", "j"),
    ("dge", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ee", "i"),
    ("ew", "iu"), ("w", "v"), ("q", "k"), ("y", "i"), ("z", "s"),
)  # fmt: skip
# Уэльс = Wales, Уайтхолл = Whitehall, Europe = Европа = Yevropa, Юта = Yuta = Utah.
_STARTS = (
    (re.compile(r"^u(?=[aeoi])"), "v"),
    (re.compile(r"^eu"), "ev"),
    (re.compile(r"^ie"), "e"),
    (re.compile(r"^iu"), "u"),
)
_SOFT_C = re.compile(r"c(?=[ei])")
# A J that opens a word followed by a vowel reads as Y in most languages but English (Juve = Юве,
# Java = Ява, Jung = Юнг): Russian and Uzbek write such names with я, ю, й or y.
_FOREIGN_J = re.compile(r"^j(?=[aeiou])")
# Uzbek case endings that follow a word ending in their own first letter (Yuanning, Tallinni, Bagdodda).
_JOINED = ("ning", "ni", "ga", "da", "dan", "lar", "ka")
_SOFT_G = re.compile(r"g(?=[eiy])")
_FINAL_GH = re.compile(r"(?<=[aeiou])gh$")
_SILENT_GH = re.compile(r"(?<=[aeiou])gh")  # Brighton = Брайтон; Ghana = Гана, Pittsburgh = Питтсбург
_SILENT_H = re.compile(r"(?<=[aeiou])h(?![aeiou])")  # Utah = Юта, John = Джон
# The case endings of each language alone, for reading one text (:mod:`summix.checks.casing`): no
# derivational ending (Uzbek -lik makes boliviyalik, written in lower case, of the name Boliviya) and
# none of another language (Russian -ия is no ending of Shotlandiya, whose adjective is shotland).
_OWN_ENDINGS = {
    "uz": ("lardan", "larning", "larga", "larni", "ning", "dagi", "dan", "lar", "ga", "ka", "ni", "da"),
    "ru": ("ogo", "omu", "emu", "ami", "om", "oi", "ei", "em", "im", "ia", "iu", "a", "u", "e", "i"),
    "en": ("s",),
}
# Across languages a name may take any of them, and Uzbek -lik (amerikalik = American).
_ENDINGS = (*_OWN_ENDINGS["uz"], "lik", *_OWN_ENDINGS["ru"], *_OWN_ENDINGS["en"])
_VOWELS = re.compile(r"[aeiouh]")
_APOSTROPHE = re.compile("[" + re.escape(APOSTROPHES) + "]")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_MIXED_ACRONYM = re.compile(r"^([^\W\d_]*?[^\W\d_a-zа-яё]{2,}[a-zа-яё])(?:['’ʼ]?[^\W\d_]+)?$")
_EN_CLITICS = frozenset(("s", "m", "ve", "ll", "d", "re", "t"))


@functools.lru_cache(maxsize=65536)
def keys(word: str, lang: str) -> tuple[str, ...]:
    """The key of a word, then the keys of the other ways a Latin spelling may sound: a soft g as in
    Giants = Джайантс, a c as in Aceh = Ачех, a final gh as in Bough = Баф, a gh after a vowel as in
    Baghdad = Багдад, an English J as in Juve = Юве, and in Uzbek an x as in Mexiko = Мексика, and a
    case ending joined to the letter before it (Yuanning)."""
    first = key(word, lang)
    joined = _joined_ending(word, lang)
    if not word.isascii() and lang != "uz":
        return (first, *joined)
    folded = fold(word)
    spellings = [
        _SOFT_G.sub("dj", folded),
        _SOFT_C.sub("ch", folded),
        _FINAL_GH.sub("f", folded),
        folded.replace("x", "ks") if lang == "uz" else folded,
        folded.replace("gh", "g"),
        _FOREIGN_J.sub("y", folded) if lang == "en" else folded,
    ]
    others = {key(spelling, "en" if lang == "uz" else lang) for spelling in spellings if spelling != folded}
    return (first, *joined, *sorted(others - {first, *joined}))


def _joined_ending(word: str, lang: str) -> tuple[str, ...]:
    """The key of an Uzbek word less a case ending that begins with the letter it follows (Yuan-ning,
    Tallin-ni): spelt by sound, the two letters would be one and the ending no longer found."""
    if lang != "uz":
        return ()
    folded = fold(word)
    for ending in _JOINED:
        head = folded[: -len(ending)]
        if folded.endswith(ending) and len(head) >= 3 and head[-1] == ending[0]:
            return (key(head, lang),)
    return ()


@functools.lru_cache(maxsize=65536)
def key(word: str, lang: str) -> str:
    """The key a word is compared on (see the module docstring); ``lang`` is the text's language."""
    folded = "".join(_CYRILLIC.get(ch, ch) for ch in fold(word))
    # Uzbek x is the sound of Russian х, and Uzbek gʻ+h (folded to gh) is no silent English gh.
    folded = folded.replace("x", "h") if lang == "uz" else _SILENT_GH.sub("", folded)
    folded = folded.replace("x", "ks")
    for written, sound in _SOUNDS:
        folded = folded.replace(written, sound)
    folded = _SILENT_H.sub("", _SOFT_C.sub("s", folded).replace("c", "k"))
    for start, sound in _STARTS:
        folded = start.sub(sound, folded)
    return re.sub(r"(.)\1+", r"\1", folded)


@functools.lru_cache(maxsize=1 << 16)
def parts(word: str, lang: str) -> tuple[str, ...]:
    """The parts of a word to key: hyphenated words cut at hyphens, English "'s", "'m", "'ve" cut off."""
    if lang == "en" and clitic(word):
        word = _APOSTROPHE.sub("'", word).partition("'")[0]
    return tuple(part for part in re.split(r"[-‐]", word) if part)


def clitic(word: str) -> bool:
    """True for an English word that ends in a clitic: "Paltrow's", "I'm", "they've"."""
    return _APOSTROPHE.sub("'", word).partition("'")[2].lower() in _EN_CLITICS


@functools.lru_cache(maxsize=1 << 16)
def stems(word_key: str) -> tuple[str, ...]:
    """The key, and the key less each case ending it has (a stem of three letters at least)."""
    return _cut(word_key, _ENDINGS)


@functools.lru_cache(maxsize=1 << 16)
def inflections(word_key: str, lang: str) -> tuple[str, ...]:
    """The key, and the key less each case ending of ``lang`` alone (see ``_OWN_ENDINGS``): the forms
    of one word within one language, where :func:`stems` matches across languages."""
    return _cut(word_key, _OWN_ENDINGS.get(lang.split("-")[0], _ENDINGS))


def _cut(word_key: str, endings: tuple[str, ...]) -> tuple[str, ...]:
    """The key, and the key less each of ``endings`` it has (a stem of three letters at least)."""
    cut = [word_key[: -len(e)] for e in endings if word_key.endswith(e) and len(word_key) - len(e) >= 3]
    return (word_key, *cut)


def same(a: str, b: str) -> bool:
    """True when two stems are one name written two ways (see the module docstring)."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 4 and shared_start(a, b):
        return True
    if len(a) >= 3 and len(b) >= 3 and skeleton(a) == skeleton(b):
        return True
    return min(len(a), len(b)) >= 6 and fuzz.ratio(a, b) >= SIMILARITY


def shared_start(a: str, b: str) -> bool:
    """True when two stems begin alike for four letters and half the shorter one (Syrian, сирийский)."""
    shared = len(os.path.commonprefix((a, b)))
    return shared >= 4 and 2 * shared >= min(len(a), len(b))


def skeleton(stem: str) -> str:
    """The first letter and the consonants after it, h left out as it is often silent: "graham" -> "grm"."""
    return stem[:1] + _VOWELS.sub("", stem[1:])


class Vocabulary:
    """The stems of every word of a text, ready to be matched against the words of a name."""

    def __init__(self, text: str, lang: str) -> None:
        found = WORD.findall(text)
        pieces = [part for word in found for part in parts(word, lang)]
        spelt = [k for part in pieces for k in keys(part, lang)]
        self.stems = {stem for word_key in spelt for stem in stems(word_key)}
        self.acronyms = {a for part in pieces if part[:2].isupper() for a in _acronyms(part)}  # non-UK
        self.acronyms |= {dotted.replace(".", "") for dotted in _DOTTED.findall(text)}  # U.K., U.S.
        self._skeletons = {skeleton(stem) for stem in self.stems if len(stem) >= 3}
        self._long = [stem for stem in self.stems if len(stem) >= 6]
        # Stems that share a start share their first four letters: look only among those.
        self._by_start: dict[str, list[str]] = defaultdict(list)
        for stem in self.stems:
            if len(stem) >= 4:
                self._by_start[stem[:4]].append(stem)

    def has_word(self, word_key: str) -> bool:
        """True when a word (given by its key) or its translation matches a word of the text."""
        if any(self._has_stem(stem) for stem in stems(word_key)):
            return True
        words, acronyms = exonyms().aliases(word_key)
        return bool(acronyms & self.acronyms) or any(self._has_stem(other) for other in words)

    def _has_stem(self, stem: str) -> bool:
        """True when ``stem`` is :func:`same` as a stem of the text (the fuzzy part run by rapidfuzz)."""
        if stem in self.stems or (len(stem) >= 3 and skeleton(stem) in self._skeletons):
            return True
        if len(stem) >= 4 and any(shared_start(stem, other) for other in self._by_start.get(stem[:4], ())):
            return True
        if len(stem) < 6:
            return False
        return process.extractOne(stem, self._long, scorer=fuzz.ratio, score_cutoff=SIMILARITY) is not None


class Exonyms:
    """The table of names each language writes its own way, indexed by the first three letters of a stem.

    Each group is (keys of its words, its acronyms as written): acronyms such as US or ЕС are matched
    letter for letter, or "US" would be the word "us" and "ЕС" a form of "есть". ``heads`` are the
    numbers of the groups marked ``head``: the words that head the names of institutions and places
    (Hospital, Island), which tell one name from another only when the name has no other word.
    """

    def __init__(
        self, groups: list[tuple[list[str], frozenset[str]]], heads: frozenset[int] = frozenset()
    ) -> None:
        self._groups = groups
        self._heads = heads
        self._spelt: dict[str, list[str]] = defaultdict(list)
        for keys, acronyms in groups:
            for acronym in acronyms:
                self._spelt[acronym].extend(keys)
        self._index: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for number, (keys, _) in enumerate(groups):
            for stem in {s for k in keys for s in stems(k)}:
                self._index[stem[:3]].append((stem, number))

    def aliases(self, word_key: str) -> tuple[list[str], frozenset[str]]:
        """The word keys and the acronyms of the groups ``word_key`` belongs to (none for most words)."""
        numbers = self._numbers(word_key)
        keys = [k for number in sorted(numbers) for k in self._groups[number][0]]
        return keys, frozenset().union(*(self._groups[number][1] for number in numbers))

    def spelt_out(self, word: str) -> tuple[str, ...]:
        """The word keys of the groups that list an acronym ``word`` as written (UK, AQShning), or none."""
        if len(word) < 2 or not word[:2].isupper():
            return ()
        return tuple(k for form in sorted(_acronyms(word)) for k in self._spelt.get(form, ()))

    def head(self, word_key: str) -> bool:
        """True when ``word_key`` is a word that heads names: every group it belongs to is marked ``head``
        (States is also America, so it is no head)."""
        numbers = self._numbers(word_key)
        return bool(numbers) and numbers <= self._heads

    def _numbers(self, word_key: str) -> set[int]:
        """The numbers of the groups ``word_key`` belongs to."""
        return {
            number
            for stem in stems(word_key)
            for other, number in self._index.get(stem[:3], ())
            if stem == other or (min(len(stem), len(other)) >= 4 and shared_start(stem, other))
        }


def _acronyms(word: str) -> set[str]:
    """A word of capitals as acronyms are compared, in upper case with a Latin or Cyrillic suffix dropped
    (AQSHning -> AQSH), and, when it ends in one small letter before any suffix, with that letter too
    (Uzbek writes AQSh and AQShning as well)."""
    found = {"".join(ch for ch in word if ch.isupper() or ch.isdigit())}
    mixed = _MIXED_ACRONYM.match(word)
    if mixed:
        found.add(mixed[1].upper())
    return found


@functools.cache
def exonyms() -> Exonyms:
    """The table in ``exonyms.tsv``, keyed: English, Russian and Uzbek columns in that order, then
    ``head`` on the lines of words that head names."""
    groups, heads = [], set()
    for line in EXONYMS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[3:] == ["head"]:
            heads.add(len(groups))
        spellings = [
            (spelling.strip(), lang)
            for cell, lang in zip(cells[:3], ("en", "ru", "uz"), strict=True)
            for spelling in cell.split(",")
        ]
        keys = [
            key(p, lang)
            for spelling, lang in spellings
            if not spelling.isupper()
            for p in parts(spelling, lang)
        ]
        groups.append((keys, frozenset(spelling for spelling, _ in spellings if spelling.isupper())))
    return Exonyms(groups, frozenset(heads))
