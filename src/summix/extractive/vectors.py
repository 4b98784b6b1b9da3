"""Words, stop words, stems and TF-IDF sentence vectors for the extractive summarizer (en, ru, uz).

English and Russian are stemmed with the Snowball stemmers (Porter2 and Snowball's Russian stemmer, from the
``snowballstemmer`` package: pure Python, shipped in the wheel, nothing downloaded). Snowball has no Uzbek
stemmer, so Uzbek loses one case/plural/possessive ending from a short list and is cut to six letters, in
either script. Stop-word lists are short and hand-made: the function words that would otherwise link every
pair of sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from summix.text import APOSTROPHES

_APOS = "[" + re.escape(APOSTROPHES) + "]"
_ASCII_APOSTROPHES = str.maketrans({a: "'" for a in APOSTROPHES})
_CYRILLIC = re.compile("[а-яёўқғҳ]")
# Words are letter/digit runs; an apostrophe between letters belongs to the word (oʻzbek, taʼlim).
TOKEN = re.compile(r"[^\W_]+(?:" + _APOS + r"[^\W_]+)*")


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``."""
    return frozenset(words.split())


def _longest_first(words: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``words``, longest first, so the longest ending matches."""
    return tuple(sorted(words.split(), key=len, reverse=True))


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _wordset(
        "a an the and or but if of to in on at by for with from as is are was were be been being it its "
        "this that these those he she they we you i his her their our your them him us not no so than "
        "then there here which who whom what when where also has have had do does did will would can "
        "could should may might said says about into over after before more most just very"
    ),
    "ru": _wordset(
        "и в во не на что с со по это как к а но из за от о об для то же она он они мы вы его её ее их "
        "был была были было быть бы так также уже только который которые которая которого при после "
        "до у ли или если все всё еще ещё чем где когда даже этот эта эти того этого тем том ему "
        "сказал заявил является есть свой своей своих"
    ),
    "uz": _wordset(
        "va bilan uchun bu edi ham deb bir u ular emas esa yil qilib keyin lekin ammo biroq hamda yoki "
        "uning ularning shu o'z bo'lgan bo'ldi bo'lib qilish kerak mumkin haqida bo'yicha dedi etdi "
        "etib qildi hali endi faqat yana barcha har ko'p kabi orqali ekan bor yo'q men biz siz "
        "ва билан учун бу эди ҳам деб бир у улар эмас эса йил қилиб кейин лекин аммо бироқ ҳамда ёки "
        "унинг уларнинг шу ўз бўлган бўлди бўлиб қилиш керак мумкин ҳақида бўйича деди этди "
        "этиб қилди ҳали энди фақат яна барча ҳар кўп каби орқали экан бор йўқ мен биз сиз"
    ),
}
_UZ_ENDINGS = _longest_first(
    "lar lari larni larga larda ning ni ga ka qa da ta dan tan dagi gi si i im ing imiz ingiz "
    "лар лари ларни ларга ларда нинг ни га ка қа да та дан тан даги ги си и им инг имиз ингиз"
)
_SNOWBALL = {"en": "english", "ru": "russian"}


def words(sentence: str) -> list[str]:
    """The words of ``sentence`` (letter/digit runs, apostrophes inside words kept), as written."""
    return TOKEN.findall(sentence)


def stems(sentence: str, lang: str) -> list[str]:
    """Every word of ``sentence``, function words too, lower-cased and stemmed (TextRank's tokens)."""
    return [stem(w, lang) for w in TOKEN.findall(sentence.lower())]


def terms(sentence: str, lang: str) -> list[str]:
    """The sentence's content terms: lower-cased words minus stop words, reduced to a stem."""
    found = TOKEN.findall(sentence.lower().translate(_ASCII_APOSTROPHES))
    stop = STOPWORDS[lang]
    return [stem(w, lang) for w in found if w not in stop and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=4)
def _snowball(lang: str):  # the stemmer objects hold state, so one per language is kept
    import snowballstemmer

    return snowballstemmer.stemmer(_SNOWBALL[lang])


@lru_cache(maxsize=1 << 16)
def stem(word: str, lang: str) -> str:
    """The stem of a lower-cased ``word``: Snowball for en/ru, one ending off and six letters for uz
    (a Cyrillic word read in Latin first, so that a text in both scripts counts one word once)."""
    if lang in _SNOWBALL:
        return _snowball(lang).stemWord(word)
    if _CYRILLIC.search(word):
        from summix.translit import to_latin

        word = to_latin(word).translate(_ASCII_APOSTROPHES)
    for ending in _UZ_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:6]


def tfidf(documents: Sequence[Sequence[str]]) -> np.ndarray:
    """Dense L2-normalised TF-IDF rows, one per term list (sublinear tf, smoothed idf).

    The "documents" are sentences of one text, so idf says how few of its sentences use a term. A term
    list that is empty gives a zero row.
    """
    vocabulary: dict[str, int] = {}
    counts = [Counter(doc) for doc in documents]
    for counter in counts:
        for term in counter:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(documents), len(vocabulary)), dtype=np.float32)
    for row, counter in enumerate(counts):
        for term, count in counter.items():
            matrix[row, vocabulary[term]] = 1.0 + np.log(count)
    df = np.count_nonzero(matrix, axis=0)
    matrix *= (np.log((1.0 + len(documents)) / (1.0 + df)) + 1.0).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """Pairwise cosine similarity of L2-normalised rows, with a zero diagonal (no self-links)."""
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    return similarity
