"""The loanword list: words whose Cyrillic spelling the Latin does not determine (цирк ↔ sirk).

The list (``data/loanwords.txt``) holds Cyrillic stems, one a line, optionally followed by a tab and a
Latin spelling where the official Latin is not the rule-based one (сентябрь → sentabr). A stem matches
a whole word or a word that continues with Uzbek suffixes only (``sirkda``, ``albomlarimiz``), so
``sirka`` (vinegar) is not taken for ``sirk``. Before a suffix a stem's final ь is dropped, as Uzbek
Cyrillic writes it (``апрелда``, ``июнгача``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from summix.translit.cyrillic import word_to_latin
from summix.translit.latin import word_to_cyrillic

# Uzbek case, plural, possessive, derivational and a few verbal endings that follow a loanword stem.
SUFFIXES: tuple[str, ...] = tuple(
    str.split(
        """
    lar ning ni ga ka qa da dan dagi dek day gacha kacha qacha cha chi chilik lik li siz i si im ing imiz
    ingiz miz ngiz m ng mi u yu dir gina kina qina ki iy viy dor kor lash tir ish ib gan lan di adi shunos
    xona
    """
    )
)


@dataclass(frozen=True)
class Lexicon:
    """The loanword list in both directions."""

    by_latin: dict[str, str]  # lower-case Latin stem -> Cyrillic stem
    latin_overrides: dict[str, str]  # lower-case Cyrillic stem -> Latin, where the rules differ

    def match_latin(self, lower: str) -> tuple[int, str] | None:
        """The longest listed stem that ``lower`` starts with and continues with suffixes only.

        Returns (length of the Latin stem, its Cyrillic), or None.
        """
        for end in range(len(lower), 0, -1):
            stem = self.by_latin.get(lower[:end])
            if stem is not None and _LATIN_SUFFIXES.fullmatch(lower, end):
                return end, stem
        return None

    def match_cyrillic(self, lower: str) -> tuple[int, str] | None:
        """Like :meth:`match_latin` for a Cyrillic word against the stems whose Latin is irregular."""
        for end in range(len(lower), 0, -1):
            head = lower[:end]
            latin = self.latin_overrides.get(head) or self.latin_overrides.get(head + "ь")
            if latin is not None and _cyrillic_suffixes().fullmatch(lower, end):
                return end, latin
        return None


def _chain(suffixes: list[str]) -> re.Pattern[str]:
    """A pattern for any sequence of ``suffixes`` (longest tried first)."""
    alternatives = "|".join(re.escape(s) for s in sorted(set(suffixes), key=len, reverse=True))
    return re.compile(f"(?:{alternatives})*")


_LATIN_SUFFIXES = _chain(list(SUFFIXES))


@cache
def _cyrillic_suffixes() -> re.Pattern[str]:
    """The suffix chain written in Cyrillic (computed once: the rules give each suffix's spelling)."""
    return _chain([word_to_cyrillic(s, prev="б") for s in SUFFIXES])


@cache
def lexicon() -> Lexicon:
    """The packaged loanword list, read once."""
    text = resources.files("summix.translit").joinpath("data/loanwords.txt").read_text(encoding="utf-8")
    return parse_lexicon(text)


def parse_lexicon(text: str) -> Lexicon:
    """Parse the list format: ``#`` comments, one Cyrillic stem a line, an optional tab and Latin."""
    by_latin: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        cyrillic, _, latin = (part.strip() for part in line.partition("\t"))
        cyrillic = cyrillic.lower()
        if latin:
            overrides[cyrillic] = latin.lower()
        by_latin[(latin or word_to_latin(cyrillic)).lower()] = cyrillic
    return Lexicon(by_latin, overrides)
