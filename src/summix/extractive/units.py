"""The units an extractive summary is made of: sentences that know where they came from and what they are.

Each content paragraph (one line of the input, see :func:`summix.text.paragraphs`) is split into sentences on
its own, so a caption, heading, byline or list item without final punctuation is never glued to the next
line; where the text has already lost such a line break, the join is found from the capitalised word that
opens the next sentence (:func:`split_glued`). A short line without final punctuation is a heading: it
starts a new section and is not a summary sentence. A sentence longer than :data:`MAX_UNIT_WORDS` words (a
run-on text with few sentence ends) is cut at clause punctuation, then between words, so no unit can
dominate a summary. Units that read badly out of context are flagged: list-like ones (runs of names, "Key:
value" boxes), fragments (a line without final punctuation, a piece of a cut sentence) and those that open
by pointing back ("However, ...", "He ...").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from summix.extractive.vectors import STOPWORDS, TOKEN
from summix.text import MONTHS, split_long, split_sentences

MAX_UNIT_WORDS = 60  # longer sentences are cut at clauses: a unit this long is already a paragraph's worth
HEADING_WORDS = 25  # a line this short whose last sentence lacks final punctuation is a title or heading
MIN_WORDS = 4  # shorter sentences ("Why?", "We are not beggars.") make poor summary lines
LIST_MIN_WORDS = 20  # below this a sentence full of names is a normal sentence about a few people
LIST_CAPITALISED = 0.5  # a long sentence with at least this share of capitalised words lists names
LIST_FIELDS = 3  # "Age: 22 Club: FC Tokyo Caps: 37": this many "Key:" fields make a statistics box
# A unit counts at least one word per this many characters, so that text without word breaks (a 200 kB
# token) is cut and budgeted like the words it stands for; real prose has shorter words (en 6, ru and uz
# about 8 characters a word with its space), so its counts do not change.
CHARS_PER_WORD = 12

_FINAL_PUNCT = (".", "!", "?", "…")
_CLOSERS = "\"'»”’)]"
_QUOTE_OPENERS = "\"'«“„‘—–-([ "
_WORD_JOINERS = "-"  # "so-called" does not open with "so"
_FINAL_GAP = re.compile(r"[.!?…]")
_FIELD = re.compile(r"(?:^|\s)[^\W\d_][^\s:]{0,24}:\s+\S")
# Function words that are also names or months ("actor Will Smith", "Edward Said", "Emre Can", "3 May"):
# capitalised, they open a glued sentence only on the evidence any other word needs.
_NAME_HOMOGRAPHS = {"en": frozenset(("may", "will", "can", "said"))}


def _phrases(text: str) -> tuple[str, ...]:
    """Comma-separated phrases, longest first (so "in addition" is tried before "in")."""
    return tuple(sorted((p.strip() for p in text.split(",") if p.strip()), key=len, reverse=True))


# Openers that tie a sentence to the one before it: a summary that starts with one dangles.
_CONNECTIVES = {
    "en": _phrases(
        "however, but, and, yet, also, additionally, in addition, moreover, furthermore, still, "
        "then, so, thus, therefore, hence, nevertheless, nonetheless, besides, or, nor, likewise, similarly, "
        "consequently, indeed, after all, as a result, on the other hand, in turn, for his part, "
        "for her part, for its part, for their part, that said, even so, meanwhile, otherwise, "
        "for instance, for example, in particular, in fact, after that, at the same time"
    ),
    "ru": _phrases(
        "однако, но, и, а, также, кроме того, при этом, тем не менее, впрочем, зато, поэтому, "
        "таким образом, в то же время, между тем, к тому же, более того, ведь, вместе с тем, "
        "в свою очередь, в ответ, тогда, так, в результате, следовательно, причем, притом, иначе, или"
    ),
    "uz": _phrases(
        "lekin, ammo, biroq, va, ham, shuningdek, bundan tashqari, shu bilan birga, shu sababli, "
        "shuning uchun, aksincha, holbuki, yana, natijada, demak, esa, yoki, masalan, xususan, "
        "лекин, аммо, бироқ, ва, ҳам, шунингдек, бундан ташқари, шу билан бирга, шу сабабли, "
        "шунинг учун, аксинча, ҳолбуки, яна, натижада, демак, эса, ёки, масалан, хусусан"
    ),
}
# Pronouns and demonstratives that need their referent from an earlier sentence.
_PRONOUNS = {
    "en": _phrases("he, she, they, it, his, her, their, its, him, them, this, these, those, such"),
    "ru": _phrases(
        "он, она, они, оно, его, её, ее, их, ему, ей, им, это, этот, эта, эти, этим, такой, такая"
    ),
    "uz": _phrases(
        "u, ular, uning, ularning, unga, ularga, bu, ushbu, shu, "
        "у, улар, унинг, уларнинг, унга, уларга, бу, ушбу, шу"
    ),
}
# "That issue aside, ..." / "Other matters aside, ...".
_ASIDE = re.compile(r"^(?:\w+\s){1,3}aside\b", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """One sentence (or piece of an over-long one) of the document, with where it stands.

    ``paragraph`` indexes the paragraphs given to the summarizer, ``section`` counts the headings before
    (and including) this unit's paragraph, ``position`` is the unit's place in its paragraph. ``kind`` is
    ``heading``, ``list`` (names or "Key: value" fields), ``fragment`` (unterminated line, a piece of a
    cut sentence, under four words, or one sentence of a longer quotation) or ``sentence``; ``opener``
    is ``connective``, ``pronoun`` or "".
    """

    text: str
    paragraph: int
    section: int
    position: int
    words: int
    kind: str
    opener: str

    @property
    def selectable(self) -> bool:
        """Whether the unit reads as a summary sentence (headings, lists and fragments do not)."""
        return self.kind == "sentence"


def build_units(paragraphs: list[str], lang: str) -> list[Unit]:
    """Split every paragraph into units, numbering sections at each heading.

    Raises:
        LanguageError: ``lang`` is not one of en, ru, uz.
    """
    units: list[Unit] = []
    section = 0
    lower = usually_lower(paragraphs, lang)
    for index, paragraph in enumerate(paragraphs):
        parts = split_sentences(paragraph, lang)
        heading = is_heading(parts)
        section += heading
        parts = [glued for part in parts for glued in split_glued(part, lang, lower)]
        pieces = [(piece, len(cut) > 1) for part in parts for cut in [_bounded(part)] for piece in cut]
        for position, (text, was_cut) in enumerate(pieces):
            unterminated = position == len(pieces) - 1 and not _terminated(text)
            kind = "heading" if heading else _kind(text, was_cut or unterminated)
            count = unit_words(text)
            units.append(Unit(text, index, section, position, count, kind, opener(text, lang)))
    return units


def usually_lower(paragraphs: list[str], lang: str) -> frozenset[str]:
    """The words (lower-cased) that the document writes in lower case at least as often as capitalised
    inside a sentence, and never capitalised right after a function word ("the Hour record", "в
    Центральном парке": part of a name).

    This is the orthographic evidence of Punkt (Kiss & Strunk 2006): such a word capitalised after a
    lower-case word opens a sentence rather than being part of a name. A capital after final punctuation
    or at the start of a line is no evidence either way.
    """
    stop = STOPWORDS[lang]
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    named: set[str] = set()
    for paragraph in paragraphs:
        before, end = "", 0
        for match in TOKEN.finditer(paragraph):
            word, key = match.group(), match.group().lower()
            if word[0].islower():
                lower[key] += 1
            elif before and not _FINAL_GAP.search(paragraph[end : match.start()]):
                upper[key] += 1
                if before.lower() in stop:
                    named.add(key)
            before, end = word, match.end()
    return frozenset(w for w, n in lower.items() if n >= upper[w] and w not in named)


def split_glued(sentence: str, lang: str, lower: frozenset[str] = frozenset()) -> list[str]:
    """Cut ``sentence`` where an unpunctuated caption or heading runs into the next sentence.

    Web text loses the line break after a photo caption ("... над Средиземным морем По данным ACARS, ...",
    "... against Burnley The midfielder ...", "... for video A mother was holding ..."). A cut goes before
    a capitalised word that follows a word ending in a lower-case letter or digit (never after a function
    word: "and The Times" is no join) when the capitalised word is a function word, which is capitalised
    only at a sentence start, or when it is one the document usually writes in lower case (``lower``, see
    :func:`usually_lower`), follows a word that is not capitalised itself (names run in capitals: "the
    Metroparks Zoo") and is followed by a lower-case word. Nothing is cut inside an open quotation, where
    titles are written in capitals ("12 Years a Slave", "Gone With The Wind"), nor before a month after a
    number ("3 May 2019"); and a function word that is also a name (May, Will, Can, Said) needs the
    evidence of any other word.
    """
    spans = list(re.finditer(r"\S+", sentence))
    words = [m.group() for m in spans] + [""]
    cuts = [
        spans[k].start()
        for k in range(1, len(spans))
        if _joins(*words[k - 1 : k + 2], lang, lower) and not _open_quote(sentence[: spans[k].start()])
    ]
    bounds = [0, *cuts, len(sentence)]
    return [sentence[a:b].strip() for a, b in pairwise(bounds) if sentence[a:b].strip()]


def _joins(before: str, word: str, after: str, lang: str, lower: frozenset[str]) -> bool:
    """Whether ``word`` opens a new sentence glued to the unpunctuated text that ends with ``before``."""
    stop, last = STOPWORDS[lang], before.rstrip(")")[-1:]
    if not (last.islower() or last.isdigit() or last in "ʻʼ") or before.rstrip(")").lower() in stop:
        return False
    if not (TOKEN.fullmatch(word) and word[0].isupper() and not word[1:].isupper()):
        return False  # a lower-case word, one with punctuation attached ("Obama,"), or an acronym ("NATO")
    if last.isdigit() and word.lower() in MONTHS:
        return False  # a date: "on 3 May 2019", "15 March"
    if len(word) > 1 and word.lower() in stop and word.lower() not in _NAME_HOMOGRAPHS.get(lang, ()):
        return True
    plain = word[1:].islower() or len(word) == 1  # not "КэВ", "McCain"
    return plain and not before[0].isupper() and after[:1].islower() and word.lower() in lower


def unit_words(text: str) -> int:
    """How many words ``text`` counts for as a unit: its words, but at least one per CHARS_PER_WORD
    characters."""
    return max(len(TOKEN.findall(text)), -(-len(text) // CHARS_PER_WORD))


def _bounded(sentence: str) -> list[str]:
    """``sentence`` cut at clauses (then words, then characters) into pieces of at most MAX_UNIT_WORDS
    words as :func:`unit_words` counts them."""
    return split_long(sentence, unit_words, MAX_UNIT_WORDS)


def is_heading(parts: list[str]) -> bool:
    """True for a title or section heading: short, and not ended like a sentence (or a lone question)."""
    if not parts:
        return False
    count = sum(len(TOKEN.findall(p)) for p in parts)
    if len(parts) == 1 and parts[0].rstrip(_CLOSERS).endswith("?") and count <= 12:
        return True
    return count <= HEADING_WORDS and not _terminated(parts[-1])


def _terminated(text: str) -> bool:
    """Whether ``text`` ends like a sentence (final punctuation, possibly inside closing quotes)."""
    return text.rstrip(_CLOSERS + " ").endswith(_FINAL_PUNCT)


def _kind(text: str, fragment: bool) -> str:
    """``list``, ``fragment`` or ``sentence`` for a non-heading unit."""
    tokens = TOKEN.findall(text)
    if len(tokens) >= LIST_MIN_WORDS:
        capitalised = sum(1 for t in tokens[1:] if t[0].isupper()) / (len(tokens) - 1)
        if capitalised >= LIST_CAPITALISED:
            return "list"
    if len(_FIELD.findall(text)) >= LIST_FIELDS:
        return "list"
    return "fragment" if fragment or len(tokens) < MIN_WORDS or _open_quote(text) else "sentence"


def _open_quote(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close: one sentence of a longer quoted speech."""
    return text.count("“") > text.count("”") or text.count("«") > text.count("»") or text.count('"') % 2 == 1


def opener(text: str, lang: str) -> str:
    """``connective`` or ``pronoun`` when ``text`` opens by pointing back at an earlier sentence, else ""."""
    head = text.lstrip(_QUOTE_OPENERS).lower()
    if _ASIDE.match(head):
        return "connective"
    for kind, table in (("connective", _CONNECTIVES), ("pronoun", _PRONOUNS)):
        if any(_starts_with(head, phrase) for phrase in table[lang]):
            return kind
    return ""


def _starts_with(head: str, phrase: str) -> bool:
    """Whether ``head`` starts with the whole words of ``phrase``."""
    if not head.startswith(phrase):
        return False
    rest = head[len(phrase) : len(phrase) + 1]
    return not rest or not (rest.isalnum() or rest in _WORD_JOINERS)
