"""Published quality figures of the curated checkpoints, shown beside our scores and labelled as such.

They come from the model cards (via the project's field notes) and were measured on *other* test sets
(newstest2019, FLORES-101, the XL-Sum test split) with the authors' own settings, so they are a scale to
read our numbers against, not a row-for-row comparison. chrF is given on sacrebleu's 0-100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """One published figure: which model, direction (or summary language), test set, metric and value."""

    repo_id: str
    task: str  # translate or summarize
    src: str
    tgt: str
    test_set: str
    metric: str
    value: float
    source: str


_OPUS_CARD = "model card (Helsinki-NLP), sacrebleu"
_XLSUM_CARD = "model card and paper (Hasan et al. 2021), multilingual rouge"


def _pair(repo: str, src: str, tgt: str, test_set: str, bleu: float, chrf: float, source: str):
    return (
        Published(repo, "translate", src, tgt, test_set, "BLEU", bleu, source),
        Published(repo, "translate", src, tgt, test_set, "chrF", chrf, source),
    )


def _xlsum(lang: str, r1: float, r2: float, rl: float) -> tuple[Published, ...]:
    repo = "csebuetnlp/mT5_multilingual_XLSum"
    return tuple(
        Published(repo, "summarize", lang, lang, "XL-Sum test", metric, value, _XLSUM_CARD)
        for metric, value in (("ROUGE-1", r1), ("ROUGE-2", r2), ("ROUGE-L", rl))
    )


PUBLISHED: tuple[Published, ...] = (
    *_pair("Helsinki-NLP/opus-mt-en-ru", "en", "ru", "newstest2019-enru", 27.1, 53.3, _OPUS_CARD),
    *_pair("Helsinki-NLP/opus-mt-ru-en", "ru", "en", "newstest2019-ruen", 31.4, 57.6, _OPUS_CARD),
    *_pair("Helsinki-NLP/opus-mt-tc-big-en-zle", "en", "ru", "flores101-devtest", 32.7, 59.7, _OPUS_CARD),
    *_pair("Helsinki-NLP/opus-mt-tc-big-zle-en", "ru", "en", "flores101-devtest", 35.2, 62.6, _OPUS_CARD),
    *_xlsum("en", 37.60, 15.15, 29.88),
    *_xlsum("ru", 32.22, 13.64, 26.17),
    *_xlsum("uz", 16.83, 6.34, 15.41),
)


def published_for(repo_id: str | None, task: str, src: str, tgt: str) -> list[Published]:
    """The published figures for this model and direction (none for an unknown or random-weight model)."""
    if not repo_id:
        return []
    return [p for p in PUBLISHED if (p.repo_id, p.task, p.src, p.tgt) == (repo_id, task, src, tgt)]
