"""Uzbek Cyrillic → Latin by the 1995 alphabet rules, one Cyrillic word at a time."""

from __future__ import annotations

from summix.translit.apostrophes import OKINA, TUTUQ

VOWELS = frozenset("аеёиоуўэюяы")
_IOTATED = frozenset("еёюя")
_PLAIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ё": "yo", "ж": "j", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "т": "t", "у": "u", "ф": "f",
    "х": "x", "ч": "ch", "ш": "sh", "э": "e", "ю": "yu", "я": "ya", "ў": "o" + OKINA, "қ": "q",
    "ғ": "g" + OKINA, "ҳ": "h",
    # Russian-only letters, as Uzbek media write them in names and loanwords.
    "щ": "shch", "ы": "i",
}  # fmt: skip


def letter_to_latin(ch: str, prev: str, nxt: str) -> str:
    """The Latin for the lower-case Cyrillic letter ``ch`` between ``prev`` and ``nxt`` ("" at a word edge).

    Letters outside the Uzbek and Russian alphabets are returned unchanged.
    """
    if ch in _PLAIN:
        return _PLAIN[ch]
    if ch == "е":
        # ye at the start of a syllable: word start, after a vowel, ъ or ь.
        return "ye" if not prev or prev in VOWELS or prev in "ъь" else "e"
    if ch == "ц":
        return "ts" if prev in VOWELS and nxt in VOWELS else "s"
    if ch == "с":
        # сҳ must not read as ш: Isʼhoq.
        return "s" + TUTUQ if nxt == "ҳ" else "s"
    if ch == "ъ":
        # The separating ъ of Russian loans (объект) is dropped; after ў the tutuq is not written (moʻjiza).
        dropped = (nxt in _IOTATED and prev and prev not in VOWELS) or prev == "ў"
        return "" if dropped else TUTUQ
    if ch == "ь":
        return "y" if nxt in ("о", "и") else ""
    return ch


def word_to_latin(word: str) -> str:
    """Transliterate one run of Cyrillic letters, keeping its capitalisation.

    A capital letter whose Latin is a digraph becomes ``Sh``/``Ch``/``Yo``/``Oʻ`` in a capitalised word
    and ``SH``/``CH``/``YO``/``Oʻ`` in an all-caps one (``ЎЗБЕКИСТОН`` → ``OʻZBEKISTON``, ``АҚШдан`` →
    ``AQSHdan``).
    """
    lower = word.lower()
    out = []
    for i, ch in enumerate(lower):
        prev = lower[i - 1] if i else ""
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        latin = letter_to_latin(ch, prev, nxt)
        if word[i] != ch and latin:
            latin = latin.upper() if _caps_around(word, i) else latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def _caps_around(word: str, i: int) -> bool:
    """True when the capital at ``i`` is in an all-caps run: the next or the previous letter is a capital.

    So ``АҚШдан`` gives ``AQSHdan`` and a one-letter initial ``Ш.`` gives ``Sh.``.
    """
    return (i + 1 < len(word) and word[i + 1].isupper()) or (i > 0 and word[i - 1].isupper())
