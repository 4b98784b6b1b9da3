"""Casing: how a text itself writes each word, the evidence that a capitalised word is a name.

A capital at the start of a sentence proves nothing, and English capitalises common words in titles and
in the names of institutions ("the Judiciary Committee", "Red Tide", "Few Hard Truths About Sneaking
Into Hollywood"), which translators render as ordinary words. The text tells the two apart itself:

* a word it also writes in lower case (in any of its forms: "Национальной" beside "национальный") is a
  common word, even where it is capitalised;
* a word it writes capitalised inside a sentence, and never in lower case, is a name, even where it
  opens a sentence ("Flake was convinced ..." after "Senator Jeff Flake") or stands in a headline in
  Title Case (:func:`title_case`), whose own capitals are no evidence;
* two capitalised words side by side are two names when the text elsewhere ends a name with the first
  and opens one with the second, and never writes them together again: Uzbek and Russian put subject
  and object names next to each other ("Tramp Kavanoga qarshi" = Trump ... against Kavanaugh).

Russian words are also read by the OpenCorpora dictionary of ``pymorphy3``: a word whose likeliest
reading is a first name, surname, patronymic, place or organisation ("Трампа", "Лондоне", "Роза") is a
name wherever it stands, and an adjective or participle with no such reading ("Национальной",
"Судебный", "Детскую": Russian capitalises the first word of an institution's name) is a common word, as
is a pronoun ("Он" opening a sentence).
Nouns are left to the text, because many names are also rare nouns (Палу, Форд). In Uzbek, which has
no such dictionary here, the grammar says as much of ordinals and plurals ("Ikkinchi jahon urushi",
"Respublikachilar partiyasi"): names are neither. In English, a number word is no name wherever it
stands ("One of his grandsons" in a text that also writes "World War One"). English usage at large is
read from spaCy's case-sensitive English word probabilities (:func:`written_lower`), for the names a
translation adds (:mod:`summix.checks.names`).

The more text, the more it says: :func:`summix.checks.check_pairs` and
:func:`summix.checks.document.check_document` read every segment they are given, :func:`summix.checks.check`
the pair alone.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summix.checks import wordnumbers
from summix.checks.base import WORD, fold, wordset
from summix.checks.namekeys import clitic, inflections, key, parts

if TYPE_CHECKING:
    import pymorphy3

# What may stand between two words for the second to start a sentence (or a quotation).
SENTENCE_GAP = re.compile(r"[.!?…:;«\"“„(\[—–]")
_OPENING_QUOTES = frozenset("«“„\"‘'")
# A quotation mark before a space closes a quotation (‘..., he said,” Trump added’): no sentence opens.
_CLOSING_QUOTE_GAP = re.compile("[\"“”»’']\\s")
_CLOSING_QUOTE = re.compile("[»”“\"’']")
QUOTED_NAME = 3  # most words a quotation may have to be taken for a name
# Titles and initials whose dot does not end a sentence ("Mr. Smith", "J. Smith").
# OpenCorpora grammemes of proper names: first name, surname, patronymic, place, organisation, trademark.
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
# Uzbek ordinal and plural endings, with the case endings that may follow (Latin and Cyrillic).
_UZBEK_COMMON = re.compile(
    r"(?:inchi|nchi|инчи|нчи|lar|лар)(?:i|и)?(?:ning|нинг|ga|га|da|да|dan|дан|ni|ни|dagi|даги)?$"
)
_ADJECTIVES = frozenset({"ADJF", "ADJS", "PRTF", "PRTS"})
# Uzbek case endings (as keys: both scripts) after which a capitalised word starts a new name: Uzbek
# puts a case ending on the last word of a noun phrase, so "Xitoyning Sinxay" and "Erdoʻgʻanni Kyolnda"
# are two names each. The word must keep a stem of ``_UZBEK_STEM`` letters (Jerdan Shakiri is one name).
_UZBEK_NAME_ENDS = ("ning", "dagi", "dan", "da", "ga", "ni")
_UZBEK_STEM = 4
# Pronouns are no names either ("Он" opening a sentence); other parts of speech are left to the text, as
# names are read as verbs, gerunds and interjections too (Спит = Spieth, Заев = Zaev, Хо = Ho).
_NEVER_NAMES = _ADJECTIVES | {"NPRO"}
# English usage: the natural log of how many times as often a word is written in lower case as capitalised,
# from which it is a common word (1: e, about 2.7 times; "drought", not "Washington" nor "Trump").
LOWER_MARGIN = 1.0
_USAGE_ENTRY = re.compile(r'[{,]\s*"([A-Za-z]+)"\s*:\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?)')
TITLE_CASE = 0.6  # share of capitalised words from which a segment is a Title Case headline
TITLE_CASE_SENTENCE = 0.8  # ... when it ends with a full stop and capitalises a function word inside
# English function words: capitalised inside a name, they make it a title ("Is Very Bad", "Wield It").
FUNCTION_WORDS = wordset(
    """
    a about after against all an and are as at be been before but by can did do does done for from had
    has have he her his how if in into is it its me my no not of off on or our out over she so than that
    their them then there these they this those through to too under up us was we were what when where
    which who why will with without would you your
    """
)
TITLES = wordset("mr mrs ms dr st prof sen sens rep reps gov govs gen col lt sgt capt rev г им ул св")


@dataclass(frozen=True, eq=False)  # one text's casing is one object: compared by identity, not word by word
class Casing:
    """How a text in ``lang`` writes its words, as forms (:func:`~summix.checks.namekeys.inflections`):
    those it writes in lower case and those it capitalises inside a sentence; and of its runs of
    capitalised words (Title Case headlines aside), the words that end runs and open them, the pairs
    that stand together in more than one run, and the words that make a run alone (:func:`_run_edges`)."""

    lang: str
    lower: frozenset[str] = frozenset()
    inside: frozenset[str] = frozenset()
    ends: frozenset[str] = frozenset()
    starts: frozenset[str] = frozenset()
    joined: frozenset[tuple[str, str]] = frozenset()
    alone: frozenset[str] = frozenset()

    def common(self, word_key: str) -> bool:
        """True when the text also writes the word (some form of it) in lower case."""
        return any(form in self.lower for form in inflections(word_key, self.lang))

    def named(self, word_key: str) -> bool:
        """True when the text capitalises the word inside a sentence and never writes it in lower case."""
        forms = inflections(word_key, self.lang)
        return not self.common(word_key) and any(form in self.inside for form in forms)

    def stands_alone(self, word_key: str) -> bool:
        """True when the text writes the word (some form of it) as a name of one word inside a sentence,
        and never in lower case (as :meth:`named`: "Beacon's Beach" beside "beach access" is no surname)."""
        forms = inflections(word_key, self.lang)
        return not self.common(word_key) and any(form in self.alone for form in forms)

    def apart(self, first: str, second: str) -> bool:
        """True when two capitalised words side by side are two names: the text ends a run of
        capitalised words with ``first`` and opens one with ``second`` elsewhere, and never again writes
        them together (Uzbek "Tramp Kavanoga" = Trump ... Kavanaugh, after "Donald Tramp" and
        "Kavano")."""
        return (
            any(form in self.ends for form in inflections(first, self.lang))
            and any(form in self.starts for form in inflections(second, self.lang))
            and not _forms_of_pair(first, second, self.lang) & self.joined
        )


def lexical(word: str, lang: str) -> bool | None:
    """What a dictionary, or the grammar, says of a capitalised ``word``: True for a name, False for a
    common word, None when neither knows (see the module docstring)."""
    if lang == "uz":
        return False if _UZBEK_COMMON.search(fold(word)) else None
    if lang == "en":
        return False if wordnumbers.is_number(word, lang) else None
    if lang != "ru":
        return None
    return _russian(word.lower())


@functools.lru_cache(maxsize=1 << 16)
def _russian(lower: str) -> bool | None:
    """True when the likeliest reading of a Russian word is a proper name, False when it is a known
    adjective, participle or pronoun with no reading as one, None otherwise."""
    parses = _morphology().parse(lower)
    if parses[0].tag.grammemes & _PROPER:
        return True
    if any(parse.tag.grammemes & _PROPER for parse in parses) or not _morphology().word_is_known(lower):
        return None
    return False if parses[0].tag.POS in _NEVER_NAMES else None


def written_lower(word: str) -> bool:
    """True when English usage writes ``word`` mostly in lower case: ``LOWER_MARGIN`` in spaCy's
    case-sensitive English word probabilities (the ``en_lexeme_prob`` table of spacy-lookups-data, a
    million words and forms), "Drought" and "Monitor" but not "Washington". Never for an acronym ("US")
    or a word the table lacks."""
    if len(word) > 1 and word.isupper():
        return False
    return word.lower() in _english_lower()


@functools.cache
def _english_lower() -> frozenset[str]:
    """The English words the table writes mostly in lower case (see :func:`written_lower`), read on first
    use (0.7 s)."""
    import gzip
    from importlib import resources

    table = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    # The JSON object's entries are read by a regular expression that keeps only plain words: 0.7 s and
    # 140 MB at most, where json.load builds all million entries (1.1 s, 220 MB).
    with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        entries = _USAGE_ENTRY.findall(text.read())
    capitalised = {w.lower(): float(p) for w, p in entries if w[0].isupper() and w[1:].islower()}
    lowest = float("-inf")
    return frozenset(
        w for w, p in entries if w.islower() and float(p) - capitalised.get(w, lowest) >= LOWER_MARGIN
    )


def given_name(word: str, lang: str) -> bool:
    """True when the Russian dictionary knows ``word`` and reads it first as a first name ("Питер",
    "Майка"); other languages have no such dictionary here."""
    return lang == "ru" and _first_name(word.lower())


@functools.lru_cache(maxsize=1 << 16)
def _first_name(lower: str) -> bool:
    """True when the dictionary knows a Russian word and its likeliest reading is a first name."""
    return _morphology().word_is_known(lower) and "Name" in _morphology().parse(lower)[0].tag.grammemes


@functools.cache
def _morphology() -> pymorphy3.MorphAnalyzer:
    """The Russian analyser, loaded on first use (0.1 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def casing(texts: Iterable[str], lang: str) -> Casing:
    """Read how ``texts`` (in ``lang``) write their words (see the module docstring)."""
    lower: set[str] = set()
    inside: set[str] = set()
    runs: list[tuple[list[str], bool]] = []
    for text in texts:
        headline = title_case(text)  # whose capitals say nothing
        previous: re.Match[str] | None = None
        for match in WORD.finditer(text):
            found = parts(match[0], lang)
            capitalised = not headline and any(part[:1].isupper() for part in found)
            opened = capitalised and opens_sentence(text, match, previous)
            for part in found:
                if part.islower():
                    lower.update(inflections(key(part, lang), lang))
                elif part[:1].isupper() and capitalised and not opened:
                    inside.update(inflections(key(part, lang), lang))
            if capitalised and found[0][:1].isupper():
                _extend_runs(runs, text, match, previous, key(found[0], lang), opened, lang)
            previous = match
    return Casing(lang, frozenset(lower), frozenset(inside), *_run_edges(runs, lang))


def _extend_runs(
    runs: list[tuple[list[str], bool]],
    text: str,
    match: re.Match[str],
    previous: re.Match[str] | None,
    word_key: str,
    opened: bool,
    lang: str,
) -> None:
    """Add the capitalised word ``match`` to ``runs``: the runs of capitalised words (keys) that make one
    name (:func:`runs_on`), each with whether it opens a sentence: ``word_key`` is the key of the word's
    first part, ``opened`` whether the word opens a sentence."""
    if previous is not None and runs and previous[0][:1].isupper() and runs_on(text, previous, match, lang):
        runs[-1][0].append(word_key)
        return
    runs.append(([word_key], opened))


def runs_on(text: str, previous: re.Match[str], match: re.Match[str], lang: str) -> bool:
    """True when a name runs on from the capitalised word ``previous`` to ``match``: over spaces only
    ("Kansas City, Missouri" is two names), and not after a possessive ("Gwyneth Paltrow's Goop") or an
    Uzbek case ending ("Xitoyning Sinxay", "Erdoʻgʻanni Kyolnda")."""
    if text[previous.end() : match.start()].strip():
        return False
    if lang == "en":
        return not clitic(previous[0])
    return lang != "uz" or not _case_ending(key(previous[0], lang))


def _case_ending(word_key: str) -> bool:
    """True for the key of an Uzbek word that ends in a case ending after a stem (``_UZBEK_NAME_ENDS``)."""
    return any(word_key.endswith(e) and len(word_key) - len(e) >= _UZBEK_STEM for e in _UZBEK_NAME_ENDS)


def _run_edges(
    runs: list[tuple[list[str], bool]], lang: str
) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]], frozenset[str]]:
    """What :class:`Casing` keeps of the runs of capitalised words: the forms of the words that end
    runs, of those that open runs (or follow the word that opens a sentence: "Keyin Kavano ..."), the
    pairs of forms of two words that stand side by side in more than one run (Организации Объединенных
    and Организацией Объединенных share one), and the forms of the words that make a run alone inside a
    sentence."""
    ends = {form for run, _ in runs for form in inflections(run[-1], lang)}
    opening = [run[1] if opened and len(run) > 1 else run[0] for run, opened in runs]
    starts = {form for word_key in opening for form in inflections(word_key, lang)}
    side_by_side = (pair for run, _ in runs for pair in zip(run, run[1:], strict=False))
    pairs = Counter(pair for a, b in side_by_side for pair in _forms_of_pair(a, b, lang))
    joined = {pair for pair, count in pairs.items() if count > 1}
    alone = {
        form for run, opened in runs if len(run) == 1 and not opened for form in inflections(run[0], lang)
    }
    return frozenset(ends), frozenset(starts), frozenset(joined), frozenset(alone)


def _forms_of_pair(first: str, second: str, lang: str) -> frozenset[tuple[str, str]]:
    """Every pair of a form of ``first`` and a form of ``second`` (Kavanoga: kavanoga, kavano)."""
    return frozenset((a, b) for a in inflections(first, lang) for b in inflections(second, lang))


def opens_sentence(text: str, match: re.Match[str], previous: re.Match[str] | None) -> bool:
    """True when the word ``match`` opens ``text``, a sentence or a quotation (after ``previous``); a
    quotation of a few capitalised words only is a name (“Liverpul”, «Marks & Spencer»), not a sentence."""
    gap = text[previous.end() if previous else 0 : match.start()]
    if previous is not None and SENTENCE_GAP.search(_CLOSING_QUOTE_GAP.sub(" ", gap)) is None:
        return False
    if gap.rstrip()[-1:] in _OPENING_QUOTES and _quoted_name(text, match.start()):
        return False
    if previous is None:
        return True
    return not (gap.strip() == "." and (fold(previous[0]) in TITLES or len(previous[0]) == 1))


def _quoted_name(text: str, start: int) -> bool:
    """True when the quotation that opens at ``start`` closes after one to ``QUOTED_NAME`` capitalised
    words and nothing else but spaces and "&"."""
    closing = _CLOSING_QUOTE.search(text, start)
    if closing is None:
        return False
    quoted = text[start : closing.start()]
    found = WORD.findall(quoted)
    rest = WORD.sub("", quoted).replace("&", "")
    return 0 < len(found) <= QUOTED_NAME and all(w[0].isupper() for w in found) and not rest.strip()


def title_case(text: str) -> bool:
    """True for a headline in which ``TITLE_CASE`` or more of four or more words (less short ones: of, a,
    in) are capitalised, and that has no full stop at the end, or has ``TITLE_CASE_SENTENCE`` of them
    capitalised and a capitalised function word inside a sentence ("... Diatribe, Wearing a MAGA Hat,
    After his SNL Appearance.")."""
    found = [w for w in WORD.findall(text) if len(w) > 3 and not w[0].isdigit()]
    capitalised = sum(w[0].isupper() for w in found)
    if len(found) < 4 or capitalised < TITLE_CASE * len(found):
        return False
    if not text.rstrip(" \"'»”’)").endswith((".", "!", "?", "…")):
        return True
    if capitalised < TITLE_CASE_SENTENCE * len(found):
        return False  # a sentence that quotes a title ("author of Few Hard Truths About ...")
    # A sentence full of names ("Theresa May met Boris Johnson ...") keeps its function words small.
    previous = None
    for match in WORD.finditer(text):
        word = match[0]
        # ("A" aside: "I'm A Celebrity" is a title inside a sentence.)
        if (
            word[0].isupper()
            and len(word) > 1
            and fold(word) in FUNCTION_WORDS
            and not opens_sentence(text, match, previous)
        ):
            return True
        previous = match
    return False
