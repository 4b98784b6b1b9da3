"""Scores: sacrebleu's BLEU, chrF, chrF++ and TER with their signatures; ROUGE-1/2/L on Unicode words; and
reference-free checks of a summary against its source document.

Uzbek Latin is written with several apostrophes (ʻ ʼ ‘ ’ '); string metrics count each as a different
character, so scoring can first pass hypotheses and references through
:func:`summix.text.normalize_apostrophes`, and the signature then says so (``|apos:uz``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summix import text as textmod

TRANSLATION_METRICS: tuple[str, ...] = ("BLEU", "chrF", "chrF++", "TER")
ROUGE_SIGNATURE = "rouge|tok:unicode-words|case:lc|stem:no|apos:uz|agg:mean-f"
# A summary sentence counts as supported when this share of its words (as 5-letter stems) is in the source.
SUPPORT_THRESHOLD = 0.8
# Truncating words to 5 letters is a crude stemmer, but it is the same for en, ru and uz and lets
# "Toshkentda" match "Toshkent" and "Путина" match "Путин".
STEM_LETTERS = 5

_WORD = re.compile(r"[^\W_]+")  # letters and digits in any script; ʻ and ʼ are letters (Lm) in Unicode
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")


@dataclass(frozen=True)
class Score:
    """One corpus-level score and the signature that says how it was computed."""

    name: str
    score: float
    signature: str


def _sacrebleu_metric(name: str):  # sacrebleu is a light import, but only benchmarks need it
    from sacrebleu.metrics import BLEU, CHRF, TER

    factories = {
        "BLEU": lambda: BLEU(tokenize="13a"),
        "chrF": lambda: CHRF(),
        "chrF++": lambda: CHRF(word_order=2),
        "TER": lambda: TER(),
    }
    return factories[name]()


def reference_streams(references: Sequence[Sequence[str]]) -> list[list[str | None]]:
    """Per-segment reference lists turned into sacrebleu's reference streams.

    ``references[i]`` holds every reference of segment ``i`` (one or more); a segment with fewer references
    than the most any segment has is padded with ``None``, which sacrebleu reads as "no reference here".

    Raises:
        ValueError: a segment has no reference at all.
    """
    if any(not refs for refs in references):
        raise ValueError("every segment needs at least one reference")
    width = max(len(refs) for refs in references)
    return [[refs[k] if k < len(refs) else None for refs in references] for k in range(width)]


def translation_scores(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    uz_apostrophes: bool = False,
    metrics: Sequence[str] = TRANSLATION_METRICS,
) -> tuple[Score, ...]:
    """Corpus BLEU (13a), chrF, chrF++ (word order 2) and TER of ``hypotheses`` against ``references``.

    ``references[i]`` lists the references of segment ``i``. With ``uz_apostrophes`` every text is first
    passed through :func:`summix.text.normalize_apostrophes` and the signatures end in ``|apos:uz``.

    Raises:
        ValueError: hypotheses and references differ in length, or a segment has no reference.
    """
    if len(hypotheses) != len(references) or not hypotheses:
        raise ValueError(f"{len(hypotheses)} hypotheses for {len(references)} reference segments")
    hyps, refs = list(hypotheses), [list(r) for r in references]
    if uz_apostrophes:
        hyps = [textmod.normalize_apostrophes(h) for h in hyps]
        refs = [[textmod.normalize_apostrophes(r) for r in rs] for rs in refs]
    streams = reference_streams(refs)
    scores = []
    for name in metrics:
        metric = _sacrebleu_metric(name)
        value = metric.corpus_score(hyps, streams).score
        signature = metric.get_signature().format() + ("|apos:uz" if uz_apostrophes else "")
        scores.append(Score(name, round(float(value), 4), signature))
    return tuple(scores)


# ------------------------------------------------------------------------------------------------ ROUGE


def words(text: str) -> list[str]:
    """Lower-cased words in any script, Uzbek apostrophes normalised and kept inside the word (``oʻzbek``).

    rouge_score's default tokenizer keeps only ``[a-z0-9]``, which leaves nothing of Cyrillic text and cuts
    ``oʻzbek`` in two; this one keeps every letter and digit.
    """
    return _WORD.findall(textmod.normalize_apostrophes(text).lower())


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one ROUGE variant."""

    precision: float
    recall: float
    f1: float


def _prf(overlap: int, hyp_total: int, ref_total: int) -> PRF:
    precision = overlap / hyp_total if hyp_total else 0.0
    recall = overlap / ref_total if ref_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def _ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(hypothesis: str, reference: str, n: int) -> PRF:
    """ROUGE-N: clipped n-gram overlap over the hypothesis (precision) and the reference (recall)."""
    hyp, ref = _ngrams(words(hypothesis), n), _ngrams(words(reference), n)
    overlap = sum((hyp & ref).values())
    return _prf(overlap, sum(hyp.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token lists (O(len(a) x len(b)) time)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(hypothesis: str, reference: str) -> PRF:
    """ROUGE-L: longest common subsequence of the two word sequences (summary-level, no sentence split)."""
    hyp, ref = words(hypothesis), words(reference)
    return _prf(lcs_length(hyp, ref), len(hyp), len(ref))


def rouge(hypothesis: str, reference: str) -> dict[str, PRF]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of one summary against one reference summary."""
    return {
        "ROUGE-1": rouge_n(hypothesis, reference, 1),
        "ROUGE-2": rouge_n(hypothesis, reference, 2),
        "ROUGE-L": rouge_l(hypothesis, reference),
    }


def corpus_rouge(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[Score, ...]:
    """Mean F1 x 100 of ROUGE-1/2/L over summary pairs, as XL-Sum reports it.

    Raises:
        ValueError: the two lists differ in length or are empty.
    """
    if len(hypotheses) != len(references) or not hypotheses:
        raise ValueError(f"{len(hypotheses)} summaries for {len(references)} reference summaries")
    pairs = [rouge(h, r) for h, r in zip(hypotheses, references, strict=True)]
    return tuple(
        Score(name, round(100 * sum(p[name].f1 for p in pairs) / len(pairs), 4), ROUGE_SIGNATURE)
        for name in ("ROUGE-1", "ROUGE-2", "ROUGE-L")
    )


# ------------------------------------------------------------------------------ reference-free checks


@dataclass(frozen=True)
class SummaryCheck:
    """What can be checked of a summary without a human summary: its length and its faithfulness."""

    compression: float  # summary words / document words
    sentences: int
    supported_sentences: int
    unsupported_numbers: tuple[str, ...]
    unsupported_entities: tuple[str, ...]

    @property
    def supported_share(self) -> float:
        """Share of summary sentences whose words are (nearly all) in the document."""
        return self.supported_sentences / self.sentences if self.sentences else 1.0


def _stem(word: str) -> str:
    return word[:STEM_LETTERS]


def _numbers(text: str) -> set[str]:
    # "1 000", "1,000" and "1000" are the same number; a decimal point is kept.
    return {re.sub(r"[,\u00a0\u202f ]", "", m) for m in _NUMBER.findall(text)}


def _entities(sentence: str) -> list[str]:
    """Capitalised words after the first word of ``sentence``: a crude, language-neutral entity finder."""
    tokens = _WORD.findall(textmod.normalize_apostrophes(sentence))
    return [t for t in tokens[1:] if t[0].isupper()]


def check_summary(document: str, summary: str, lang: str) -> SummaryCheck:
    """Reference-free checks of ``summary`` against ``document`` (both in ``lang``).

    A summary sentence is supported when at least :data:`SUPPORT_THRESHOLD` of its words occur in the
    document (compared as :data:`STEM_LETTERS`-letter stems, so inflection does not count against it).
    Numbers and capitalised words of the summary that the document lacks are listed: they are the usual
    signs of a model inventing facts.

    Raises:
        LanguageError: ``lang`` is not en, ru or uz.
    """
    doc_words = words(document)
    doc_stems = {_stem(w) for w in doc_words}
    sentences = textmod.split_sentences(summary, lang) if summary.strip() else []
    supported = 0
    for sentence in sentences:
        tokens = words(sentence)
        found = sum(1 for w in tokens if _stem(w) in doc_stems)
        supported += bool(tokens) and found >= SUPPORT_THRESHOLD * len(tokens)
    entities = dict.fromkeys(e for s in sentences for e in _entities(s))
    return SummaryCheck(
        compression=round(len(words(summary)) / len(doc_words), 4) if doc_words else 0.0,
        sentences=len(sentences),
        supported_sentences=supported,
        unsupported_numbers=tuple(sorted(_numbers(summary) - _numbers(document))),
        unsupported_entities=tuple(e for e in entities if _stem(e.lower()) not in doc_stems),
    )


# ------------------------------------------------------------------------- NEWSROOM fragment statistics


@dataclass(frozen=True)
class FragmentStats:
    """How extractive a summary is (Grusky et al. 2018, NEWSROOM).

    ``coverage``: share of summary words inside a fragment copied from the document (1.0 for an extract);
    ``density``: mean squared fragment length per summary word (long copied runs give a high density);
    ``compression``: document words per summary word.
    """

    coverage: float
    density: float
    compression: float


def extractive_fragments(document: Sequence[str], summary: Sequence[str]) -> list[tuple[str, ...]]:
    """The greedy extractive fragments of ``summary`` in ``document`` (both word lists), in summary order.

    From each summary position the longest run of words that also occurs in the document is a fragment and
    the scan jumps past it; a word found nowhere in the document is skipped (Grusky et al. 2018, Alg. 1).
    """
    starts: dict[str, list[int]] = {}
    for j, word in enumerate(document):
        starts.setdefault(word, []).append(j)
    fragments, i = [], 0
    while i < len(summary):
        longest = 0
        for j in starts.get(summary[i], ()):
            length = 0
            while (
                i + length < len(summary)
                and j + length < len(document)
                and summary[i + length] == document[j + length]
            ):
                length += 1
            longest = max(longest, length)
        if longest:
            fragments.append(tuple(summary[i : i + longest]))
        i += max(longest, 1)
    return fragments


def fragment_stats(document: str, summary: str) -> FragmentStats:
    """NEWSROOM coverage, density and compression of ``summary`` against ``document``, on :func:`words`.

    An empty summary has coverage and density 0 and compression 0 (nothing was compressed into it).
    """
    doc, summ = words(document), words(summary)
    if not summ:
        return FragmentStats(0.0, 0.0, 0.0)
    lengths = [len(f) for f in extractive_fragments(doc, summ)]
    return FragmentStats(
        coverage=round(sum(lengths) / len(summ), 4),
        density=round(sum(n * n for n in lengths) / len(summ), 4),
        compression=round(len(doc) / len(summ), 4),
    )


# ------------------------------------------------------------------------------------ paired bootstrap


@dataclass(frozen=True)
class Difference:
    """Mean difference of a per-document score between two systems, with a bootstrap confidence interval."""

    metric: str
    mean: float
    low: float
    high: float
    confidence: float
    resamples: int


def paired_bootstrap(
    a: Sequence[float], b: Sequence[float], metric: str, *, resamples: int = 1000, confidence: float = 0.95
) -> Difference:
    """Mean of ``a - b`` over documents and its percentile bootstrap interval (Koehn 2004, paired).

    Documents are resampled with replacement ``resamples`` times (fixed seed: the interval is
    reproducible); the interval holds the central ``confidence`` share of the resampled means.

    Raises:
        ValueError: the score lists differ in length or are empty.
    """
    if len(a) != len(b) or not a:
        raise ValueError(f"paired bootstrap needs two equal, non-empty score lists, got {len(a)}, {len(b)}")
    import numpy as np  # kept out of the module's import, which the CLI's help path also takes

    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng = np.random.default_rng(12345)
    means = diff[rng.integers(0, len(diff), size=(resamples, len(diff)))].mean(axis=1)
    tail = 100 * (1 - confidence) / 2
    low, high = np.percentile(means, [tail, 100 - tail])
    mean = round(float(diff.mean()), 4)
    return Difference(metric, mean, round(float(low), 4), round(float(high), 4), confidence, resamples)
