"""What every check shares: the pair it looks at, what it finds, and how words are read.

A check is a module with a ``KIND`` name and a ``run(pair) -> Outcome`` function; the table in
:mod:`summix.checks` lists them. Checks use no model weights: they read the two texts only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from summix.text import APOSTROPHES

# A word: letters and digits, with apostrophes (oʻzbek, maʼlumot, O'Neill) and hyphens (Ko'k-Saroy) inside.
WORD = re.compile(r"[^\W_]+(?:[" + re.escape(APOSTROPHES) + r"\-‐][^\W_]+)*")
_APOSTROPHE_TABLE = str.maketrans("", "", APOSTROPHES)
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class Context:
    """Every segment of the texts a pair was cut from (a document, a file of lines): checks that learn
    from the whole text, such as how it capitalises its words, read it here."""

    sources: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    """One source segment and its output: ``src`` and ``tgt`` are en, ru or uz; ``context`` holds the
    whole texts they come from (None: the pair stands alone) and ``index`` the pair's place in them (None
    when the context is cut otherwise, such as paragraphs around a sentence)."""

    source: str
    output: str
    src: str
    tgt: str
    context: Context | None = None
    index: int | None = None


@dataclass(frozen=True)
class Finding:
    """One reason to look at a segment again.

    ``kind`` names the check ("numbers", "names", "length", "truncated", "language", "copy", "empty",
    "repetition");
    ``reason`` is one sentence for a reader; ``items`` are the spans it is about, as written.
    """

    kind: str
    reason: str
    items: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``{"kind": ..., "reason": ..., "items": [...]}``."""
        return {"kind": self.kind, "reason": self.reason, "items": list(self.items)}


@dataclass(frozen=True)
class Outcome:
    """What one check returns: its findings (empty when nothing is suspicious) and what it measured."""

    findings: tuple[Finding, ...] = ()
    values: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)


@functools.lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower-case ``word``, drop apostrophes of every variant and accents (ё -> е, é -> e, й kept)."""
    if word.isascii():
        return word.lower().translate(_APOSTROPHE_TABLE)
    lowered = word.lower().translate(_APOSTROPHE_TABLE).replace("ё", "е")
    decomposed = unicodedata.normalize("NFD", lowered)
    # й and ў are letters of their own, not и/у with an accent: put them back together.
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0306")
    return unicodedata.normalize("NFC", kept)


def wordset(listed: str) -> frozenset[str]:
    """The whitespace-separated words of ``listed`` (keeps long word lists compact in the source)."""
    return frozenset(listed.split())


def words(text: str) -> list[str]:
    """The words of ``text`` in order (see ``WORD``)."""
    return WORD.findall(text)


def letters(text: str) -> int:
    """How many letters ``text`` has."""
    return sum(1 for ch in text if ch.isalpha())


def quoted(items: tuple[str, ...] | list[str]) -> str:
    """``"a", "b" and "c"`` for a reason sentence."""
    shown = [f'"{item}"' for item in items]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


@dataclass(frozen=True)
class SegmentCheck:
    """The checks of one (source, output) pair, or of one summary against its source.

    ``findings`` is empty when nothing is suspicious; ``values`` holds what each check measured, by
    check name (``values["length"]["ratio"]``, ``values["numbers"]["missing"]`` ...).
    """

    source: str
    output: str
    src: str
    tgt: str
    findings: tuple[Finding, ...]
    values: Mapping[str, Mapping[str, Any]]

    @property
    def flagged(self) -> bool:
        """True when any check found something."""
        return bool(self.findings)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the findings, each once, in the order found."""
        return tuple(dict.fromkeys(f.kind for f in self.findings))

    def to_json(self) -> dict[str, Any]:
        """``{"flags": [finding, ...], "values": {check: {...}}}``, ready for ``json.dumps``."""
        return {
            "flags": [f.to_json() for f in self.findings],
            "values": {name: dict(measured) for name, measured in self.values.items()},
        }
