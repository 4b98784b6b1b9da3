"""The scoring harness: sacrebleu's own numbers, ROUGE on Cyrillic and Uzbek by hand, faithfulness checks."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU

from summix.bench import metrics

# The example of sacrebleu's README, with the scores it prints.
HYPS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
REFS = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
]


def by_name(scores) -> dict[str, metrics.Score]:
    return {s.name: s for s in scores}


def test_identical_hypothesis_and_reference_score_100() -> None:
    text = ["Toshkent Oʻzbekistonning poytaxti.", "Москва — столица России.", "The cat sat on the mat."]
    scores = by_name(metrics.translation_scores(text, [[t] for t in text]))
    assert scores["BLEU"].score == 100 and scores["chrF"].score == 100 and scores["chrF++"].score == 100
    assert scores["TER"].score == 0


def test_sacrebleu_readme_example_gives_its_published_numbers() -> None:
    per_segment = [list(refs) for refs in zip(*REFS, strict=True)]
    scores = by_name(metrics.translation_scores(HYPS, per_segment))
    assert round(scores["BLEU"].score, 2) == 48.53
    assert round(scores["chrF"].score, 2) == 59.73
    assert scores["BLEU"].signature.startswith("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert "|nw:2|" in scores["chrF++"].signature and "|nw:0|" in scores["chrF"].signature
    assert "tok:tercom" in scores["TER"].signature


def test_uzbek_apostrophes_are_normalised_only_when_asked_and_signed() -> None:
    hyp = ["Oʻzbekiston Respublikasi maʼlumot eʼlon qildi"]
    ref = [["O'zbekiston Respublikasi ma’lumot e'lon qildi"]]
    plain = by_name(metrics.translation_scores(hyp, ref))
    normalised = by_name(metrics.translation_scores(hyp, ref, uz_apostrophes=True))
    assert plain["BLEU"].score < 100 and not plain["BLEU"].signature.endswith("|apos:uz")
    assert normalised["BLEU"].score == 100 and normalised["chrF"].signature.endswith("|apos:uz")


def test_a_variable_number_of_references_per_segment_is_what_sacrebleu_scores() -> None:
    hyps = ["a b c d e", "x y z w"]
    refs = [["a b c d e", "a b c d f"], ["x y z q"]]
    streams = metrics.reference_streams(refs)
    assert streams == [["a b c d e", "x y z q"], ["a b c d f", None]]
    expected = BLEU().corpus_score(hyps, streams).score
    scores = by_name(metrics.translation_scores(hyps, refs))
    assert scores["BLEU"].score == round(expected, 4) and scores["BLEU"].signature.startswith("nrefs:var|")
    with pytest.raises(ValueError):
        metrics.translation_scores(hyps, refs[:1])


def test_rouge_on_russian_matches_a_hand_computed_case() -> None:
    # unigrams: 3 of 4 shared; bigrams: only "на ковре" (1 of 3); LCS: кошка на ковре (3)
    scores = metrics.rouge("Кошка сидит на ковре", "Кошка сидела на ковре")
    assert scores["ROUGE-1"].f1 == pytest.approx(0.75)
    assert scores["ROUGE-2"].f1 == pytest.approx(1 / 3)
    assert scores["ROUGE-L"].f1 == pytest.approx(0.75)


def test_rouge_on_uzbek_keeps_apostrophe_words_whole() -> None:
    assert metrics.words("O‘zbekiston poytaxti") == ["oʻzbekiston", "poytaxti"]
    # hyp 3 words, ref 4 words, all 3 shared: P 1, R 3/4 -> F 6/7; bigrams 2 of 2 and 2 of 3 -> F 0.8
    scores = metrics.rouge("Oʻzbekiston poytaxti Toshkent", "O'zbekiston poytaxti Toshkent shahri")
    assert scores["ROUGE-1"].f1 == pytest.approx(6 / 7)
    assert scores["ROUGE-2"].f1 == pytest.approx(0.8)
    corpus = by_name(metrics.corpus_rouge(["Кошка сидит на ковре"], ["Кошка сидела на ковре"]))
    assert corpus["ROUGE-1"].score == 75.0 and corpus["ROUGE-1"].signature == metrics.ROUGE_SIGNATURE


def test_reference_free_checks_flag_invented_numbers_and_names() -> None:
    document = "Toshkent is the capital. It has 3 million people. The mayor spoke on Monday."
    summary = "The capital Toshkent has 5 million people, says Macron. It has 3 million people."
    check = metrics.check_summary(document, summary, "en")
    assert check.sentences == 2 and check.supported_sentences == 1 and check.supported_share == 0.5
    assert check.unsupported_numbers == ("5",)
    assert check.unsupported_entities == ("Macron",)
    assert check.compression == pytest.approx(len(metrics.words(summary)) / len(metrics.words(document)))


def test_inflected_names_count_as_supported_in_russian() -> None:
    check = metrics.check_summary(
        "Президент Путин приехал в Душанбе.", "Президента Путина ждут в Душанбе.", "ru"
    )
    # 4 of 5 words (as 5-letter stems) are in the document: supported; Путина matches Путин
    assert check.unsupported_entities == () and check.supported_sentences == 1
    unsupported = metrics.check_summary("Президент Путин приехал в Душанбе.", "Байден ждут вчера.", "ru")
    assert unsupported.unsupported_entities == () and unsupported.supported_sentences == 0
    named = metrics.check_summary("Президент Путин приехал в Душанбе.", "Там был и Байден.", "ru")
    assert named.unsupported_entities == ("Байден",)


def test_newsroom_fragments_coverage_density_compression() -> None:
    document = "the cat sat on the mat while the dog slept by the door"
    summary = "the dog slept on the mat today"
    fragments = metrics.extractive_fragments(document.split(), summary.split())
    assert fragments == [("the", "dog", "slept"), ("on", "the", "mat")]  # "today" is not in the document
    stats = metrics.fragment_stats(document, summary)
    assert stats.coverage == round(6 / 7, 4)
    assert stats.density == round((9 + 9) / 7, 4)
    assert stats.compression == round(13 / 7, 4)
    assert metrics.fragment_stats(document, "") == metrics.FragmentStats(0.0, 0.0, 0.0)
    copied = metrics.fragment_stats(document, document)
    assert copied.coverage == 1.0 and copied.density == 13.0 and copied.compression == 1.0


def test_newsroom_statistics_on_cyrillic_and_uzbek_apostrophes() -> None:
    stats = metrics.fragment_stats("Toʻqqiz davlat rahbarlari uchrashdi.", "To'qqiz davlat rahbarlari")
    assert stats.coverage == 1.0 and stats.density == 3.0
    ru = metrics.fragment_stats("Путин встретился с Алиевым в Душанбе.", "Алиевым в Душанбе встретились")
    assert ru.coverage == 0.75 and ru.density == 9 / 4


def test_paired_bootstrap_interval() -> None:
    a, b = [50.0, 40.0, 30.0, 60.0, 45.0], [40.0, 41.0, 25.0, 50.0, 45.0]
    diff = metrics.paired_bootstrap(a, b, "ROUGE-1")
    assert diff.mean == 4.8 and diff.low <= diff.mean <= diff.high and diff.resamples == 1000
    assert metrics.paired_bootstrap(a, b, "ROUGE-1") == diff  # fixed seed: reproducible
    same = metrics.paired_bootstrap(a, a, "ROUGE-1")
    assert (same.mean, same.low, same.high) == (0.0, 0.0, 0.0)
    better = metrics.paired_bootstrap([x + 5 for x in b], b, "ROUGE-1")
    assert better.low == better.high == 5.0
    with pytest.raises(ValueError, match="equal, non-empty"):
        metrics.paired_bootstrap([1.0], [1.0, 2.0], "ROUGE-1")
