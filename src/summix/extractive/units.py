"""The units an extractive summary is made of: sentences that know where they came from and what they are.

Each content paragraph (one line of the input, see :func:`summix.text.paragraphs`) is split into sentences on
its own, so a caption, heading, byline or list item without final punctuation is never glued to the next
line. A short line without final punctuation is a heading: it starts a new section and is not a summary
sentence. A sentence longer than :data:`MAX_UNIT_WORDS` words (a run-on text with few sentence ends) is cut
at clause punctuation, then between words, so no unit can dominate a summary. Units that read badly out of
context are flagged: list-like ones (runs of names, "Key: value" boxes), fragments (a line without final
punctuation, a piece of a cut sentence) and those that open by pointing back ("However, ...", "He ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from summix.extractive.vectors import STOPWORDS, TOKEN
from summix.text import split_long, split_sentences

MAX_UNIT_WORDS = 60  # longer sentences are cut at clauses: a unit this long is already a paragraph's worth
HEADING_WORDS = 25  # a line this short whose last sentence lacks final punctuation is a title or heading
MIN_WORDS = 4  # shorter sentences ("Why?", "We are not beggars.") make poor summary lines
LIST_MIN_WORDS = 20  # below this a sentence full of names is a normal sentence about a few people
LIST_CAPITALISED = 0.5  # a long sentence with at least this share of capitalised words lists names
LIST_FIELDS = 3  # "Age: 22 Club: FC Tokyo Caps: 37": this many "Key:" fields make a statistics box

_FINAL_PUNCT = (".", "!", "?", "…")
_CLOSERS = "\"'»”’)]"
_QUOTE_OPENERS = "\"'«“„‘—–-([ "
_WORD_JOINERS = "-"  # "so-called" does not open with "so"
_FIELD = re.compile(r"(?:^|\s)[^\W\d_][^\s:]{0,24}:\s+\S")


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
    for index, paragraph in enumerate(paragraphs):
        parts = split_sentences(paragraph, lang)
        heading = is_heading(parts)
        section += heading
        parts = [glued for part in parts for glued in split_glued(part, lang)]
        pieces = [(piece, len(cut) > 1) for part in parts for cut in [_bounded(part)] for piece in cut]
        for position, (text, was_cut) in enumerate(pieces):
            unterminated = position == len(pieces) - 1 and not _terminated(text)
            kind = "heading" if heading else _kind(text, was_cut or unterminated)
            count = len(TOKEN.findall(text))
            units.append(Unit(text, index, section, position, count, kind, opener(text, lang)))
    return units


def split_glued(sentence: str, lang: str) -> list[str]:
    """Cut ``sentence`` where an unpunctuated caption or heading runs into the next sentence.

    Web text loses the line break after a photo caption ("... над Средиземным морем По данным ACARS, ...",
    "... against Burnley The midfielder ..."). A function word is capitalised only at a sentence start, so a
    capitalised stop word right after a word that ends in a lower-case letter or digit marks such a join.
    """
    stop = STOPWORDS[lang]
    cuts = [
        m.start()
        for m in _glue_pattern(lang).finditer(sentence)
        if sentence[: m.start()].rsplit(None, 1)[-1].lower() not in stop  # "and The Times" is no join
    ]
    bounds = [0, *cuts, len(sentence)]
    return [sentence[a:b].strip() for a, b in pairwise(bounds) if sentence[a:b].strip()]


@lru_cache(maxsize=len(STOPWORDS))
def _glue_pattern(lang: str) -> re.Pattern[str]:
    capitalised = sorted((w.capitalize() for w in STOPWORDS[lang] if len(w) > 1 and "'" not in w), key=len)
    alternatives = "|".join(re.escape(w) for w in reversed(capitalised))
    return re.compile(r"(?<=[a-zа-яёўқғҳ0-9ʻʼ])\s+(?=(?:" + alternatives + r")\s)")


def _bounded(sentence: str) -> list[str]:
    """``sentence`` cut at clauses (then words) into pieces of at most MAX_UNIT_WORDS words."""
    return split_long(sentence, lambda piece: len(TOKEN.findall(piece)), MAX_UNIT_WORDS)


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
    return text.rstrip(_CLOSERS).endswith(_FINAL_PUNCT)


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
