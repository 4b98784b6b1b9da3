"""Names: every name of the source is in the output, and the output names no one the source does not.

A name is a run of capitalised words that does not start a sentence (a capital there proves nothing),
less acronyms (EU is ЕС in Russian and YI in Uzbek) and words that English capitalises without being
names (I, months, weekdays, Mr). Words are compared on the keys of :mod:`summix.checks.namekeys`,
which survive transliteration and case endings. A source name must match some word of the output (in
any case: "President" may become "президент"), and an output name some word of the source; a name of
several words matches when any of its words does. A name left unmatched is still taken as found when it
looks at all like a capitalised word of the other side (the same first sound and a rapidfuzz ratio of
``LOOSE`` or more: Rangers and «Рейнджерс» are one name, Johnson and Лондоне are not), so that an
unusual transliteration passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from summix.checks.base import WORD, Finding, Outcome, Pair, fold, quoted, wordset
from summix.checks.namekeys import Vocabulary, key, parts

KIND = "names"
TITLE_CASE = 0.6  # share of capitalised words from which a segment is a Title Case headline
LOOSE = 60.0  # rapidfuzz ratio from which an unmatched name is taken for a capitalised word of the other side

_NOT_NAMES = wordset(
    """
    i mr mrs ms dr st sir prof mt jr sr sen rep gov gen col lt sgt capt rev det insp supt
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    вы вас вам ваш ваша ваше ваши г-н г-жа св siz sizning sizga janob xonim сиз сизнинг жаноб хоним
    """
)
# What may stand between two words for the second to start a sentence (or a quotation).
_SENTENCE_GAP = re.compile(r"[.!?…:;«\"“„(\[—–]")
_SOUND_CLASSES = {**dict.fromkeys("aeiou", "a"), **dict.fromkeys("gjh", "g"), "f": "v"}
_TITLES = wordset("mr mrs ms dr st prof sen rep gov gen col lt sgt capt rev г им ул св")


@dataclass(frozen=True)
class Name:
    """A name as written (``text``) and the keys of its words."""

    text: str
    keys: tuple[str, ...]


def names(text: str, lang: str) -> list[Name]:
    """The names of ``text``: runs of capitalised words that do not start a sentence (see the module).

    A headline in Title Case ("Quake Devastates Island, Killing Hundreds") has none: there the capitals
    say nothing.
    """
    if _title_case(text):
        return []
    runs: list[list[re.Match[str]]] = []
    previous: re.Match[str] | None = None
    for match in WORD.finditer(text):
        if _is_name_word(text, match, previous, lang):
            # A name runs on over spaces only: "Kansas City, Missouri" is two names.
            if runs and previous is not None and runs[-1][-1] is previous and _spaces(text, previous, match):
                runs[-1].append(match)
            else:
                runs.append([match])
        previous = match
    return [Name(text[run[0].start() : run[-1].end()], _keys(run, lang)) for run in runs]


def _spaces(text: str, previous: re.Match[str], match: re.Match[str]) -> bool:
    """True when only white space stands between two words."""
    return not text[previous.end() : match.start()].strip()


def _title_case(text: str) -> bool:
    """True for a headline (no full stop at the end) in which ``TITLE_CASE`` or more of four or more
    words (less short ones: of, a, in) are capitalised."""
    if text.rstrip(" \"'»”’)").endswith((".", "!", "?", "…")):
        return False  # a sentence full of names ("Theresa May met Boris Johnson ...") is no headline
    found = [w for w in WORD.findall(text) if len(w) > 3 and not w[0].isdigit()]
    return len(found) >= 4 and sum(w[0].isupper() for w in found) >= TITLE_CASE * len(found)


def _keys(run: list[re.Match[str]], lang: str) -> tuple[str, ...]:
    """The keys of the words of a name, hyphenated words cut in parts ("Sen-Mirren": sen, miren)."""
    return tuple(key(part, lang) for match in run for part in parts(match[0], lang))


def _is_name_word(text: str, match: re.Match[str], previous: re.Match[str] | None, lang: str) -> bool:
    """True for a capitalised word that neither starts a sentence nor is a known non-name or acronym."""
    word = parts(match[0], lang)[0] if parts(match[0], lang) else match[0]
    if not word[0].isupper() or len(word) < 2 or word[1].isupper() or fold(word) in _NOT_NAMES:
        return False
    if previous is None:
        return False
    gap = text[previous.end() : match.start()]
    if _SENTENCE_GAP.search(gap) is None:
        return True
    # "Mr. Smith", "J. Smith": a dot after a title or an initial does not end the sentence.
    return gap.strip() == "." and (fold(previous[0]) in _TITLES or len(previous[0]) == 1)


def unmatched(found: list[Name], text: str, lang: str) -> list[Name]:
    """The names in ``found`` no word of which matches a word of ``text`` (in ``lang``)."""
    if not found:
        return []
    vocabulary = Vocabulary(text, lang)
    return [name for name in found if not any(vocabulary.has_word(k) for k in name.keys)]


def run(pair: Pair) -> Outcome:
    """Match the names of source and output both ways (see the module docstring)."""
    source, output = names(pair.source, pair.src), names(pair.output, pair.tgt)
    missing = _loosely_unmatched(unmatched(source, pair.output, pair.tgt), pair.output, pair.tgt)
    extra = _loosely_unmatched(unmatched(output, pair.source, pair.src), pair.source, pair.src)
    findings = []
    if missing:
        findings.append(Finding(KIND, f"the output lacks {quoted(missing)} from the source", tuple(missing)))
    if extra:
        findings.append(Finding(KIND, f"the output names {quoted(extra)}, not in the source", tuple(extra)))
    values = {"source": [n.text for n in source], "output": [n.text for n in output]}
    return Outcome(tuple(findings), {**values, "missing": missing, "extra": extra})


def _loosely_unmatched(found: list[Name], text: str, lang: str) -> list[str]:
    """The names of ``found`` that look like no capitalised word of ``text`` at all (``LOOSE``)."""
    if not found:
        return []
    capitals = [key(p, lang) for word in WORD.findall(text) if word[0].isupper() for p in parts(word, lang)]
    return [
        name.text
        for name in found
        if not any(_alike(mine, theirs) for mine in name.keys for theirs in capitals)
    ]


def _alike(mine: str, theirs: str) -> bool:
    """True when two keys of four letters or more begin with one sound and look alike at all (``LOOSE``)."""
    if min(len(mine), len(theirs)) < 4 or not _first_sounds(mine) & _first_sounds(theirs):
        return False
    return fuzz.ratio(mine, theirs) >= LOOSE


def _first_sounds(word_key: str) -> set[str]:
    """The sounds a transliterated name may begin with: vowels are one sound (Iowa = Айова, Austin =
    Остин), so are g, j and h (Giants = Джайантс, Harvard = Гарвард) and v and f (Vettel = Феттель); an
    h may fall away (Hazard = Азар) and x be s (Xining = Синин)."""
    first = _SOUND_CLASSES.get(word_key[0], word_key[0])
    sounds = {first}
    if word_key[0] == "h" and len(word_key) > 1:
        sounds.add(_SOUND_CLASSES.get(word_key[1], word_key[1]))
    if word_key.startswith("ks"):
        sounds.add("s")
    return sounds
