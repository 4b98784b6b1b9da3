"""Uzbek Latin → Cyrillic by rule, one Latin word at a time (the loanword list is applied on top)."""

from __future__ import annotations

import re

from summix.translit.apostrophes import OKINA, TUTUQ

CYRILLIC_VOWELS = frozenset("аеёиоуўэюя")
_SINGLE: dict[str, str] = {
    "a": "а", "b": "б", "d": "д", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "x": "х", "y": "й", "z": "з", TUTUQ: "ъ", OKINA: "ъ",
}  # fmt: skip
_PAIRS: dict[str, str] = {"sh": "ш", "ch": "ч", "o" + OKINA: "ў", "g" + OKINA: "ғ"}
_IOTATED: dict[str, str] = {"ya": "я", "yu": "ю", "yo": "ё", "ye": "е"}
# Russian prefixes after which a loan writes the separating ъ before е: объект, субъект, съезд, подъезд.
_HARD_SIGN_PREFIXES = frozenset(str.split("ob sub s pod ad in kon iz raz ot dez nad trans kontr pan"))
# ц spelled ts between vowels: -ция/-цион/-циал (deklaratsiya), -це-/-цо- (protsent, Kuznetsov); a
# plain ts elsewhere is т+с (ketsa, ketsin).
_TSE = re.compile(r"ts(?:i[aeouy]|[eo])")
# ц spelled s after к, н, п before i + vowel: the Russian suffix -кция/-нция/-пция (funksiya, stansiya).
_SI_VOWEL = re.compile(r"si[aeouy]")


def word_to_cyrillic(word: str, prev: str = "") -> str:
    """Transliterate one Uzbek Latin word (apostrophes already standard) by rule, keeping its case.

    ``prev`` is the Cyrillic letter written just before the word (a loanword stem), or "" at a word
    start; it decides the e/ye and ts rules at the seam.
    """
    lower = word.lower()
    out: list[str] = []
    i = 0
    while i < len(lower):
        cyrillic, length = _unit(lower, i, (out[-1][-1] if out else prev).lower())
        if cyrillic == "сҳ":  # two letters, each cased as written (Sʼh, SʼH)
            out.append(_cased("с", word, i, 1) + _cased("ҳ", word, i + 2, 1))
        else:
            out.append(_cased(cyrillic, word, i, length))
        i += length
    return "".join(out)


def _unit(lower: str, i: int, prev: str) -> tuple[str, int]:
    """The Cyrillic for the Latin letter or digraph at ``i`` and how many Latin characters it took."""
    pair = lower[i : i + 2]
    if lower.startswith("s" + TUTUQ + "h", i):
        return "сҳ", 3
    if pair in _PAIRS:
        return _PAIRS[pair], 2
    if pair in _IOTATED and not lower.startswith("yo" + OKINA, i):
        return _iotated(lower, i, prev), 2
    ch = lower[i]
    if ch == "e":
        return ("э" if not prev or prev in CYRILLIC_VOWELS or prev == "ъ" else "е"), 1
    if pair == "ts" and prev in CYRILLIC_VOWELS and _TSE.match(lower, i):
        return "ц", 2
    if ch == "s" and prev in ("к", "н", "п") and _SI_VOWEL.match(lower, i):
        return "ц", 1
    return _SINGLE.get(ch, ch), 1


def _iotated(lower: str, i: int, prev: str) -> str:
    """я ю ё е for ya yu yo ye; after a consonant ye needs a separating ь (pyesa) or ъ (obyekt)."""
    letter = _IOTATED[lower[i : i + 2]]
    if letter != "е" or not prev or prev in CYRILLIC_VOWELS or prev in "ъьй":
        return letter
    return "ъе" if lower[:i] in _HARD_SIGN_PREFIXES else "ье"


def _cased(cyrillic: str, word: str, i: int, length: int) -> str:
    """Upper-case ``cyrillic`` as the Latin at ``word[i:i+length]`` was written (Sh → Ш, SH → Ш); an
    apostrophe, which has no case, takes the case of the letters around it (MAʼLUMOT → МАЪЛУМОТ)."""
    if word[i].upper() == word[i].lower():  # ʼ and ʻ are letters (Lm) without case
        neighbours = word[i - 1 : i] + word[i + length : i + length + 1]
        cased = [ch for ch in neighbours if ch.upper() != ch.lower()]
        return cyrillic.upper() if cased and all(ch.isupper() for ch in cased) else cyrillic
    if not word[i].isupper():
        return cyrillic
    after = word[i + length : i + length + 1]
    all_caps = after.isupper() if after else (i == 0 or word[i - 1].isupper())
    return cyrillic.upper() if all_caps else cyrillic[:1].upper() + cyrillic[1:]
