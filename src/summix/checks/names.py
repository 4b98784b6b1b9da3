"""Names: every name of the source is in the output, and the output names no one the source does not.

A name is a run of capitalised words (two runs where the text shows them to be two names:
:mod:`summix.checks.casing`), less acronyms, titles of office (President, Премьер-министр) and words that
English capitalises without being names (I, months, weekdays, Mr). An acronym is a name only when the table of
:mod:`summix.checks.namekeys` lists it (UK, США, AQSH, EU = ЕС = YI), and then its line must match it
(Britain, Великобритания, британский ...); beside a word for dollars it names the currency, not the country. A
capital that opens a sentence proves nothing, so such a word is a name only when the text capitalises it
inside a sentence elsewhere and never writes it in lower case, or the Russian dictionary reads it as a name
(:mod:`summix.checks.casing`); a short quotation of capitalised words (“Liverpul”, «Челси») is a name. A name
is *required* unless every word of it is a common word (the text writes it in lower case as well, "the
Judiciary Committee" beside "the committee", or the Russian dictionary or Uzbek grammar says so: translators
render such names as ordinary words), or it is a title in English Title Case (capitalised function words: "Few
Hard Truths About Sneaking Into Hollywood"), or it names a time zone (a word for "time" after it, a time of
day in the text: translators write BST, British Summer Time, Britaniya yozgi vaqti or "local time"), or it
spells out an acronym in parentheses after it ("FBI (Federal tergov byurosi)"); names that are not required
are reported but flag nothing. An English output name the source lacks is not flagged either when English
usage writes every word of it mostly in lower case (:func:`summix.checks.casing.written_lower`: Drought
Monitor, Customs Enforcement, Category): that is how a translation capitalises a name the source renders as
ordinary words ("qurgʻoqchilik monitoringi"). A source name stays required however ordinary its words, as
leaving out Global Citizen or the Evening News loses it. Words are compared on the keys of
:mod:`summix.checks.namekeys`, which survive transliteration and case endings. A required source name must
match some word of the output (in any case: "Senate" may become "сенат"), and a required output name some word
of the source; a name of several words matches when any of its words does, except that a person's name must
have its last word matched too (Оливер Кромвель is not found by Oliver alone): a name whose first word the
Russian dictionary reads as a first name, or whose last word the text writes alone elsewhere and its first
word never, or in Uzbek, which has no such dictionary here, any name whose last word is long enough to match
reliably (see :func:`_surname`). A name left unmatched is still taken as found when it looks at all like a
capitalised word of the other side (the same first sound and a rapidfuzz ratio of ``LOOSE`` or more: Rangers
and «Рейнджерс» are one name, Johnson and Лондоне are not), so that an unusual transliteration passes.

Checked as part of a whole text (:func:`summix.checks.check_pairs`, a document), the text says more: a
source name that other segments give too, and that the output matches in none of them, is rendered its
own way throughout (Game of Thrones = «Игра престолов»), not left out; an output name that the source
gives in another segment was moved there, not invented; and an output name that other segments give
too, matched by the source in none of them, renders something the source says its own way.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from summix.checks.base import WORD, Context, Finding, Outcome, Pair, fold, quoted, wordset
from summix.checks.casing import (
    FUNCTION_WORDS,
    TITLES,
    Casing,
    casing,
    given_name,
    lexical,
    opens_sentence,
    runs_on,
    title_case,
    written_lower,
)
from summix.checks.namekeys import Vocabulary, exonyms, key, keys, parts, stems

KIND = "names"
# Uzbek: the fewest letters in the key of a name's last word for it to be required as a surname.
UZBEK_SURNAME = 5
LOOSE = 60.0  # rapidfuzz ratio from which an unmatched name is taken for a capitalised word of the other side

# Titles written short (Mr., Sen., Sens.: casing.TITLES) and other words English capitalises.
_NOT_NAMES = TITLES | wordset(
    """
    i sir mt jr sr det insp supt mw
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    вы вас вам ваш ваша ваше ваши г-н г-жа св siz sizning sizga janob xonim сиз сизнинг жаноб хоним
    """
)
# Titles of office, in every form: "President Gjorge Ivanov" must match by his name, not by "президент".
_OFFICES = {
    "en": "president prime minister secretary senator governor king queen prince princess pope chancellor "
    "mayor judge justice chairman chief professor lord lady captain coach ambassador premier vice deputy",
    "ru": "президент премьер министр госсекретарь сенатор губернатор король королева принц принцесса папа "
    "канцлер мэр судья председатель профессор посол вице",
    "uz": "prezident bosh vazir senator gubernator qirol qirolicha shahzoda kansler mer sudya rais professor "
    "elchi vitse",
}
_DOLLARS = ("dollar", "доллар", "долл")
# Words for "time" after a time zone's name (Britaniya yozgi vaqti, Pacific Time, московскому времени).
_TIME = re.compile(r"time$|vaqt|вақт|врем")  # not "Times" (The New York Times)
# An acronym and an opening parenthesis: the words in the parentheses spell it out ("FBI (Federal ...)").
_ACRONYM_BEFORE = re.compile(r"\b[A-ZА-ЯЁ]{2,}\s*\($")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)|(?<!\d)\d{1,2}\s?[ap]\.?m\b", re.IGNORECASE)
_SOUND_CLASSES = {**dict.fromkeys("aeiou", "a"), **dict.fromkeys("gjh", "g"), "f": "v"}


@dataclass(frozen=True)
class Name:
    """A name as written (``text``), the keys of its words, and whether it is required (see the module).

    ``telling`` are the keys of the words that tell it from other names: all of them, less the words
    that head names (Hospital, Island: see :mod:`summix.checks.namekeys`) unless it has no other word.
    """

    text: str
    keys: tuple[str, ...]
    required: bool = True
    telling: tuple[str, ...] = ()

    @property
    def matched_by(self) -> tuple[str, ...]:
        """The keys a match of the name must come from: :attr:`telling`, or when unset all keys."""
        return self.telling or self.keys


def names(text: str, lang: str, cased: Casing | None = None) -> list[Name]:
    """The names of ``text`` (see the module), told from common words by ``cased``, how the whole text
    writes its words; without it no word that opens a sentence is a name and every name is required.

    In a headline in Title Case ("Quake Devastates Island, Killing Hundreds") the capitals say nothing:
    each of its words is a name only as a word that opens a sentence is (see the module).
    """
    return list(_names(text, lang, cased))


@functools.lru_cache(maxsize=4096)
def _names(text: str, lang: str, cased: Casing | None) -> tuple[Name, ...]:
    """:func:`names`, kept for the pairs of a text that are read twice (see :func:`_renderings`)."""
    runs = _runs(text, lang, cased, headline=title_case(text))
    found = [(run[0].start(), _name(text, run, lang, cased)) for run in runs]
    words = list(WORD.finditer(text))
    for at, match in enumerate(words):
        spelt = exonyms().spelt_out(match[0])
        if spelt and not _currency(words[max(at - 1, 0) : at + 2]):
            # An acronym of the table must be matched by the words of its line (UK: Britain,
            # Великобритания, Britaniya) or their acronyms.
            found.append((match.start(), Name(match[0], spelt)))
    return tuple(name for _, name in sorted(found, key=lambda item: item[0]))


def _currency(around: list[re.Match[str]]) -> bool:
    """True when an acronym stands beside a word for dollars: "AQSH dollari", "долларов США" and "US
    dollars" name a currency, which translators write as $ or leave to the context."""
    return any(fold(match[0]).startswith(_DOLLARS) for match in around)


def _runs(text: str, lang: str, cased: Casing | None, headline: bool) -> list[list[re.Match[str]]]:
    """The runs of capitalised words that make the names of ``text`` (see the module); in a
    ``headline`` in Title Case every word is taken as if it opened a sentence."""
    runs: list[list[re.Match[str]]] = []
    previous: re.Match[str] | None = None
    for match in WORD.finditer(text):
        if _is_name_word(text, match, previous, lang, cased, headline):
            if (
                runs
                and previous is not None
                and runs[-1][-1] is previous
                and runs_on(text, previous, match, lang)
                and not _apart(previous, match, lang, cased)
            ):
                runs[-1].append(match)
            else:
                runs.append([match])
        previous = match
    return runs


def _apart(previous: re.Match[str], match: re.Match[str], lang: str, cased: Casing | None) -> bool:
    """True when the text shows two capitalised words side by side to be two names (Casing.apart)."""
    if cased is None:
        return False
    first, second = parts(previous[0], lang), parts(match[0], lang)
    return bool(first and second) and cased.apart(key(first[0], lang), key(second[0], lang))


@functools.cache
def _office_keys() -> frozenset[str]:
    """The keys of the titles of office in ``_OFFICES``."""
    return frozenset(key(word, lang) for lang, listed in _OFFICES.items() for word in listed.split())


def _office(word: str, lang: str) -> bool:
    """True for a title of office in any of its forms ("Президента", "Prime")."""
    return any(stem in _office_keys() for stem in stems(key(word, lang)))


def _name(text: str, run: list[re.Match[str]], lang: str, cased: Casing | None) -> Name:
    """The name a run of capitalised words makes, required unless common or a title (see the module)."""
    common = all(_common(match[0], lang, cased) for match in run)
    required = not (common or _title(run, lang) or _time_zone(text, run) or _spells_out(text, run))
    return Name(text[run[0].start() : run[-1].end()], _keys(run, lang), required, _telling(run, lang))


def _time_zone(text: str, run: list[re.Match[str]]) -> bool:
    """True for a name that a word for "time" ends or follows within two words, in a text with a time
    of day: it names a time zone ("at 19:30 British Summer Time"), which translators write as an
    acronym (BST), spell out (Britaniya yozgi vaqti) or render as local time (по местному времени)."""
    words = [run[-1][0], *WORD.findall(text[run[-1].end() :])[:2]]
    return any(_TIME.match(fold(word)) for word in words) and _CLOCK.search(text) is not None


def _spells_out(text: str, run: list[re.Match[str]]) -> bool:
    """True for a name in parentheses after an acronym, which spell the acronym out: translators add
    such explanations ("FBI (Federal tergov byurosi)"), and the acronym stands for them on the other
    side."""
    before = text[: run[0].start()]
    opened = before.rfind("(")
    return opened > before.rfind(")") and _ACRONYM_BEFORE.search(before[: opened + 1]) is not None


def _telling(run: list[re.Match[str]], lang: str) -> tuple[str, ...]:
    """The keys of the words of a name that are not heads of names, or all its keys when every word is
    one ("Nias Island" is told by Nias, "Hospital" by itself)."""
    words = [keys(part, lang) for match in run for part in parts(match[0], lang)]
    telling = [word for word in words if not any(exonyms().head(k) for k in word)]
    return tuple(k for word in telling or words for k in word)


def _common(word: str, lang: str, cased: Casing | None) -> bool:
    """True for a capitalised word that a dictionary, or else the text itself, shows to be a common word."""
    said = lexical(word, lang)
    if said is not None:
        return not said
    return cased is not None and all(cased.common(key(part, lang)) for part in parts(word, lang))


def _title(run: list[re.Match[str]], lang: str) -> bool:
    """True for an English run with a capitalised function word in it (a leading "The" aside: The Hill)."""
    folded = [fold(match[0]) for match in run]
    if folded[0] == "the":
        folded = folded[1:]
    return lang == "en" and any(word in FUNCTION_WORDS for word in folded)


def _keys(run: list[re.Match[str]], lang: str) -> tuple[str, ...]:
    """The keys of the words of a name, hyphenated words cut in parts ("Sen-Mirren": sen, miren)."""
    return tuple(k for match in run for part in parts(match[0], lang) for k in keys(part, lang))


def _is_name_word(
    text: str,
    match: re.Match[str],
    previous: re.Match[str] | None,
    lang: str,
    cased: Casing | None,
    headline: bool = False,
) -> bool:
    """True for a capitalised word that is no known non-name or acronym and either does not open a
    sentence (every word of a ``headline`` does) or is capitalised inside one elsewhere in the text
    (``cased``)."""
    word = parts(match[0], lang)[0] if parts(match[0], lang) else match[0]
    if not word[0].isupper() or len(word) < 2 or word[1].isupper() or fold(word) in _NOT_NAMES:
        return False
    if _office(word, lang):
        return False
    if not headline and not opens_sentence(text, match, previous):
        return True
    said = lexical(word, lang)
    return said if said is not None else cased is not None and cased.named(key(word, lang))


def unmatched(found: list[Name], text: str, lang: str) -> list[Name]:
    """The names in ``found`` no word of which matches a word of ``text`` (in ``lang``)."""
    if not found:
        return []
    vocabulary = _vocabulary(text, lang)
    return [name for name in found if not any(vocabulary.has_word(k) for k in name.matched_by)]


@functools.lru_cache(maxsize=4096)
def _vocabulary(text: str, lang: str) -> Vocabulary:
    """The vocabulary of one segment, kept for the pairs of a text that are read twice."""
    return Vocabulary(text, lang)


def run(pair: Pair) -> Outcome:
    """Match the required names of source and output both ways (see the module docstring)."""
    source = names(pair.source, pair.src, casings(pair, "sources"))
    output = names(pair.output, pair.tgt, casings(pair, "outputs"))
    missing, extra = [n.text for n in _missing(pair, source)], [n.text for n in _extra(pair, output)]
    findings = []
    if missing:
        findings.append(Finding(KIND, f"the output lacks {quoted(missing)} from the source", tuple(missing)))
    if extra:
        findings.append(Finding(KIND, f"the output names {quoted(extra)}, not in the source", tuple(extra)))
    values = {
        "source": [n.text for n in source],
        "output": [n.text for n in output],
        "not_required": [n.text for n in [*source, *output] if not n.required],
    }
    return Outcome(tuple(findings), {**values, "missing": missing, "extra": extra})


def _missing(pair: Pair, source: list[Name]) -> list[Name]:
    """The required source names the output lacks, or whose surname it lacks (:func:`_surname`), less
    those the translation renders its own way throughout the text."""
    needed = required(source)
    missing = _unfound(needed, pair.output, pair.tgt)
    cased = casings(pair, "sources")
    surnames = {
        n.text: s for n in needed if n not in missing and (s := _surname(n, pair.src, cased)) is not None
    }
    missing += [
        n for n in needed if n.text in surnames and _unfound([surnames[n.text]], pair.output, pair.tgt)
    ]
    if pair.context is None or not missing:
        return missing
    rendered = _renderings(pair.context, pair.src, pair.tgt, "sources")
    return [n for n in missing if not rendered.otherwise(surnames.get(n.text, n), pair.index)]


def _unfound(found: list[Name], text: str, lang: str) -> list[Name]:
    """The names of ``found`` that no word of ``text`` matches, not even loosely."""
    return _loosely_unmatched(unmatched(found, text, lang), text, lang)


def _surname(name: Name, lang: str, cased: Casing | None = None) -> Name | None:
    """The last word of a person's name, as a name of its own, when a name of several words is known to
    be a person's: keeping the first name and leaving out the surname leaves the person out. A name is a
    person's when a dictionary reads its first word as a first name and its last word as none (Russian:
    Оливер Кромвель), or when the text (``cased``) writes its last word alone as a name elsewhere and its
    first word never, as news writes a surname after the full name (Piter Jonsni ... Jons), and the table
    of :mod:`summix.checks.namekeys` does not list the last word (Партии Уэльса is a party, not a person).
    Uzbek has no dictionary of first names here, so in Uzbek the last word of every name is taken for a
    surname when its key has ``UZBEK_SURNAME`` letters or more and it is no common word or listed word:
    shorter last words are the syllables of East Asian names (Kim Chen In = Kim Jong Un) and short words
    whose spellings vary too much to match reliably. None for other names."""
    words = name.text.split()
    first, last = parts(words[0], lang), parts(words[-1], lang)
    if len(words) < 2 or not first or not last:
        return None
    last_keys = tuple(k for part in last for k in keys(part, lang))
    by_dictionary = given_name(words[0], lang) and not given_name(words[-1], lang)
    by_text = (
        cased is not None
        and cased.stands_alone(key(last[0], lang))
        and not cased.stands_alone(key(first[0], lang))
    )
    by_length = (
        lang == "uz" and len(key(last[-1], lang)) >= UZBEK_SURNAME and not _common(words[-1], lang, cased)
    )
    if by_dictionary or ((by_text or by_length) and not any(exonyms().aliases(k)[0] for k in last_keys)):
        return Name(words[-1], last_keys)
    return None


def _extra(pair: Pair, output: list[Name]) -> list[Name]:
    """The required output names the source lacks, less those written in ordinary English words (see the
    module docstring), those the source's text gives elsewhere and those the output names throughout for
    something the source says its own way."""
    extra = [n for n in _unfound(required(output), pair.source, pair.src) if not _in_words(n, pair.tgt)]
    if pair.context is None or not extra:
        return extra
    # A name the source text gives in another segment was moved, not invented: translators join and
    # split sentences, and name in full what the source calls "he" or "the club".
    whole = _context_vocabulary(pair.context, pair.src)
    rendered = _renderings(pair.context, pair.src, pair.tgt, "outputs")
    return [
        n
        for n in extra
        if not any(whole.has_word(k) for k in n.keys) and not rendered.otherwise(n, pair.index)
    ]


def _in_words(name: Name, lang: str) -> bool:
    """True for an English name every word of which English usage writes mostly in lower case (see the
    module docstring)."""
    if lang != "en":
        return False
    words = [part for word in name.text.split() for part in parts(word, lang)]
    return bool(words) and all(written_lower(word) for word in words)


def required(found: list[Name]) -> list[Name]:
    """The names of ``found`` that must have a match on the other side."""
    return [name for name in found if name.required]


def casings(pair: Pair, side: str) -> Casing:
    """How the whole text of one side of ``pair`` (``"sources"`` or ``"outputs"``) writes its words: its
    context when it has one, else the segment alone."""
    if pair.context is None:
        return casing(
            [pair.source if side == "sources" else pair.output], pair.src if side == "sources" else pair.tgt
        )
    return _context_casing(pair.context, side, pair.src if side == "sources" else pair.tgt)


@functools.lru_cache(maxsize=8)
def _context_casing(context: Context, side: str, lang: str) -> Casing:
    """The casing of one side of a context, read once for all its pairs."""
    return casing(getattr(context, side), lang)


@dataclass(frozen=True)
class Renderings:
    """Which segments of a text give each source name (by the shortest stem of each of its words), and
    in which of them the output matches it."""

    given: dict[str, set[int]]
    matched: dict[str, set[int]]

    def otherwise(self, name: Name, index: int | None) -> bool:
        """True when other segments give ``name`` and the output matches it in none of them: the
        translation renders it its own way throughout (Game of Thrones = «Игра престолов»), so leaving
        it unmatched here is no omission."""
        others = [self.given.get(s, set()) - {index} for s in _name_stems(name)]
        matched = [self.matched.get(s, set()) - {index} for s in _name_stems(name)]
        return all(others) and not any(matched)


@functools.lru_cache(maxsize=16)
def _renderings(context: Context, src: str, tgt: str, side: str) -> Renderings:
    """The renderings of every required name of one side of a context (``"sources"``: matched in the
    outputs; ``"outputs"``: matched in the sources), read once for all its pairs."""
    given: dict[str, set[int]] = defaultdict(set)
    matched: dict[str, set[int]] = defaultdict(set)
    mine, theirs = (src, tgt) if side == "sources" else (tgt, src)
    cased = _context_casing(context, side, mine)
    texts = zip(context.sources, context.outputs, strict=True)
    for index, (source, output) in enumerate(texts):
        text, other = (source, output) if side == "sources" else (output, source)
        for name in required(names(text, mine, cased)):
            for word_key in name.keys:
                # Word by word: in "Belfast Giants" = «Belfast devlari» Belfast is found, Giants is not.
                stem = min(stems(word_key), key=len)
                given[stem].add(index)
                alone = [Name(name.text, (word_key,))]
                if not _unfound(alone, other, theirs):
                    matched[stem].add(index)
    return Renderings(dict(given), dict(matched))


def _name_stems(name: Name) -> tuple[str, ...]:
    """The shortest stem of each word of ``name`` (Трампа and Трамп are one)."""
    return tuple(min(stems(k), key=len) for k in name.keys)


@functools.lru_cache(maxsize=8)
def _context_vocabulary(context: Context, lang: str) -> Vocabulary:
    """Every word of the whole source text of a context, read once for all its pairs."""
    return Vocabulary("\n".join(context.sources), lang)


def _loosely_unmatched(found: list[Name], text: str, lang: str) -> list[Name]:
    """The names of ``found`` that look like no capitalised word of ``text`` at all (``LOOSE``), case
    endings aside on both sides."""
    if not found:
        return []
    capitals = _capitals_by_sound(text, lang)
    return [
        name
        for name in found
        if not any(_alike(mine, capitals) for k in name.matched_by for mine in stems(k))
    ]


@functools.lru_cache(maxsize=4096)
def _capitals(text: str, lang: str) -> frozenset[str]:
    """The stems of the capitalised words of ``text`` (Fettelning: fetelning, fetel)."""
    return frozenset(
        stem
        for word in WORD.findall(text)
        if word[0].isupper()
        for part in parts(word, lang)
        for stem in stems(key(part, lang))
    )


@functools.lru_cache(maxsize=64)
def _capitals_by_sound(text: str, lang: str) -> dict[str, tuple[str, ...]]:
    """The stems of :func:`_capitals` of four letters or more, under each sound they may begin with:
    a name is compared only with the words of its own sounds, not with every capitalised word."""
    found = defaultdict(list)
    for stem in sorted(_capitals(text, lang)):
        if len(stem) >= 4:
            for sound in _first_sounds(stem):
                found[sound].append(stem)
    return {sound: tuple(group) for sound, group in found.items()}


def _alike(mine: str, capitals: dict[str, tuple[str, ...]]) -> bool:
    """True when a key of four letters or more and one of ``capitals`` begin with one sound and look
    alike at all (``LOOSE``)."""
    if len(mine) < 4:
        return False
    return any(
        process.extractOne(mine, capitals.get(sound, ()), scorer=fuzz.ratio, score_cutoff=LOOSE) is not None
        for sound in _first_sounds(mine)
    )


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
