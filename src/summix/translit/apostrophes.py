"""Uzbek Latin apostrophes: every variant in, U+02BB for oʻ/gʻ and U+02BC for the tutuq belgisi out."""

from __future__ import annotations

from summix.text import APOSTROPHES, normalize_apostrophes

OKINA = "\u02bb"  # ʻ, the mark of oʻ and gʻ
TUTUQ = "\u02bc"  # ʼ, the tutuq belgisi (glottal stop)
# Of the variants, these double as quotation marks; ʻ and ʼ are letters and never quote.
_QUOTE_LIKE = frozenset("'‘’`")


def _is_letter(ch: str) -> bool:
    """True for a letter that is not itself an apostrophe (ʻ and ʼ count as letters in Unicode)."""
    return ch.isalpha() and ch not in APOSTROPHES


def normalize_uzbek_apostrophes(text: str) -> str:
    """Write the oʻ/gʻ mark as U+02BB and the tutuq belgisi as U+02BC, accepting ' ` ‘ ’ ʼ ʻ for both.

    An apostrophe between two letters is handled by :func:`summix.text.normalize_apostrophes`
    (ʻ after o/g, ʼ after any other letter). On top of that, an apostrophe that ends a word right
    after o or g is the mark too (``togʻ``, ``bogʻ``), unless it closes a quotation opened earlier
    on the same line by ' ‘ or ` (so ``'radio'`` and ``‘radio’`` stay quoted words); inside such a
    quotation a doubled apostrophe (``'Bu tog''``) is read as the mark followed by the closing quote.
    Apostrophes at the start of a word are left alone. Each replaced character is one character,
    so the result has the same length as ``text`` and every other character is unchanged.
    """
    inner = normalize_apostrophes(text)
    return "\n".join(_final_marks(line) for line in inner.split("\n"))


def _final_marks(line: str) -> str:
    """Turn word-final apostrophes after o/g into ʻ on one line, tracking open quotations."""
    chars = list(line)
    quote_open = False
    for i, ch in enumerate(line):
        if ch not in APOSTROPHES:
            continue
        before = chars[i - 1] if i else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        ends_word = _is_letter(before) or before in (OKINA, TUTUQ)
        if ends_word and _is_letter(after):
            continue
        if not ends_word:
            quote_open = quote_open or (ch in _QUOTE_LIKE and _is_letter(after))
            continue
        doubled = after != "" and after in APOSTROPHES
        closes = quote_open and ch in _QUOTE_LIKE and not doubled
        if before in ("o", "O", "g", "G") and not closes:
            chars[i] = OKINA
        elif ch in _QUOTE_LIKE:
            quote_open = False
    return "".join(chars)
