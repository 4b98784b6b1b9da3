"""Break human translations on purpose, the ways machine translation fails, to measure what the checks catch.

Each corruption takes a :class:`Sample` (a source, its human translation, and what else the corruption
may need) and a random generator, and returns the broken translation, or None when the sample offers
nothing to break (no digit to change, no shared name to drop).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from summix.checks.base import WORD
from summix.checks.namekeys import Vocabulary
from summix.checks.names import Name, names
from summix.checks.numbers import mentions

# A number as the corruptions see it: digits with separators (1 500, 7,5, 15:00), an attached suffix
# and a percent sign.
_NUMBER = re.compile(r"\d+(?:[\u00a0\u202f ]\d{3})*(?:[.,:]\d+)*(?:[-‐]?[^\W\d_]+)?%?")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Sample:
    """A source segment and its human translation; ``third`` is the same segment in the third language
    (for "wrong language"), ``strangers`` are names from other translations (to swap in), ``document`` is
    the whole source text the segment belongs to (empty: the segment alone)."""

    source: str
    output: str
    src: str
    tgt: str
    third: str = ""
    strangers: tuple[Name, ...] = ()
    document: str = ""


Corruption = Callable[[Sample, random.Random], "str | None"]


def change_digit(sample: Sample, rng: random.Random) -> str | None:
    """One digit of a number replaced by another digit."""
    spots = [m.start() for m in _DIGIT.finditer(sample.output)]
    if not spots:
        return None
    at = rng.choice(spots)
    digit = (int(sample.output[at]) + rng.randint(1, 9)) % 10
    return sample.output[:at] + str(digit) + sample.output[at + 1 :]


def drop_number(sample: Sample, rng: random.Random) -> str | None:
    """One number that source and translation share left out, with its suffix ("2024-yil", "15%"); only
    a number written once is taken (one the source lacks would leave the translation closer to it)."""
    source = frozenset().union(*(m.values for m in mentions(sample.source, sample.src)))
    return _drop_number(sample, rng, lambda text: any(n.values & source for n in mentions(text, sample.tgt)))


def drop_any_number(sample: Sample, rng: random.Random) -> str | None:
    """One number written once left out, whether the source has it or not (the first measure, kept to
    compare with)."""
    return _drop_number(sample, rng, lambda text: True)


def _drop_number(sample: Sample, rng: random.Random, shared: Callable[[str], bool]) -> str | None:
    """One number written once for which ``shared`` holds left out, with its suffix."""
    spots = [m for m in _NUMBER.finditer(sample.output) if sample.output.count(m[0]) == 1 and shared(m[0])]
    if not spots:
        return None
    gone = rng.choice(spots)
    return _tidy(sample.output[: gone.start()] + sample.output[gone.end() :])


def drop_name(sample: Sample, rng: random.Random) -> str | None:
    """One name that source and translation share left out of the translation (a name written once)."""
    return _drop_name(sample, rng, _shared_names(sample))


def drop_any_name(sample: Sample, rng: random.Random) -> str | None:
    """One name of the translation left out that any word of the source matches, capitalised or not
    ("American" for "amerikalik": the first measure, kept to compare with)."""
    return _drop_name(sample, rng, _shared_names(sample, capitalised=False))


def _drop_name(sample: Sample, rng: random.Random, shared: list[str]) -> str | None:
    """One of the ``shared`` names left out of the translation."""
    if not shared:
        return None
    name = rng.choice(shared)
    return _tidy(sample.output.replace(name, "", 1))


def replace_name(sample: Sample, rng: random.Random) -> str | None:
    """One shared name replaced by a name from another segment that the source document does not have."""
    shared = _shared_names(sample)
    if not shared or not sample.strangers:
        return None
    source = Vocabulary(sample.document or sample.source, sample.src)
    candidates = rng.sample(sample.strangers, min(20, len(sample.strangers)))
    stranger = next((n.text for n in candidates if not any(source.has_word(k) for k in n.keys)), None)
    return sample.output.replace(rng.choice(shared), stranger, 1) if stranger else None


def drop_second_half(sample: Sample, rng: random.Random) -> str | None:
    """The second half of the words cut off, as a model stopped early would leave it (four words or more)."""
    words = sample.output.split()
    return " ".join(words[: len(words) // 2]) if len(words) >= 4 else None


def copy_source(sample: Sample, rng: random.Random) -> str | None:
    """The source itself, untranslated."""
    return sample.source


def wrong_language(sample: Sample, rng: random.Random) -> str | None:
    """The human translation into the third language instead."""
    return sample.third or None


def repetition_loop(sample: Sample, rng: random.Random) -> str | None:
    """The last two words repeated four more times, as a looping decoder writes them."""
    words = sample.output.split()
    if len(words) < 2:
        return None
    return " ".join(words + words[-2:] * 4)


CORRUPTIONS: dict[str, Corruption] = {
    "digit changed": change_digit,
    "number dropped": drop_number,
    "name dropped": drop_name,
    "any number dropped": drop_any_number,
    "any name dropped": drop_any_name,
    "name replaced": replace_name,
    "second half dropped": drop_second_half,
    "untranslated copy": copy_source,
    "wrong language": wrong_language,
    "repetition loop": repetition_loop,
}


def _shared_names(sample: Sample, capitalised: bool = True) -> list[str]:
    """The names of the translation, in no other form there, that some capitalised word of the source
    matches (a name on both sides: "American" for "amerikalik" is an adjective in the source), or any
    word of it when not ``capitalised``."""
    words = [w for w in WORD.findall(sample.source) if w[:1].isupper() or not capitalised]
    source = Vocabulary(" ".join(words), sample.src)
    found = names(sample.output, sample.tgt)
    return [n.text for n in found if _once(n.text, sample.output) and any(source.has_word(k) for k in n.keys)]


def _once(name: str, text: str) -> bool:
    """True when no other word of ``text`` begins with the first four letters of a word of ``name``
    (so that leaving ``name`` out leaves no other form of it, such as Уэльса beside Уэльсом)."""
    rest = text.replace(name, " ", 1).lower().split()
    heads = {w[:4].lower() for w in name.split() if len(w) >= 4}
    return bool(heads) and not any(word.strip("«“\"'(").startswith(tuple(heads)) for word in rest)


def _tidy(text: str) -> str:
    """Collapse the double spaces and space-before-punctuation a removal leaves."""
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
