"""The model's own scores: both engines give the same token log-probabilities for the same output, the
forced language token is left out, back-scores come from a reverse model, and the pipeline keeps scores
through its retries and its cache."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import install
from test_ctranslate2 import CASES, GREEDY, RUNTIME, TEXTS, both, convert  # noqa: F401 - a fixture
from test_pipeline import OPTS, ScriptedBackend

from summix import pipeline
from summix.cache import SegmentCache
from summix.options import GenerationOptions
from summix.randomweights import build_random_model
from summix.scoring import ScoreBook, TokenScores
from summix.session import Session

# One family that forces a language token, one without, one that starts from a language piece, a summarizer.
CASES = {name: CASES[name] for name in ("tiny_nllb", "tiny_marian", "tiny_crosssum", "tiny_xlsum")}


@pytest.fixture(scope="module")
def tiny_marian_ru_en(tmp_path_factory, corpus) -> Path:
    out = tmp_path_factory.mktemp("reverse") / "tiny-marian-ru-en"
    return build_random_model("marian", out, arch="tiny", lines=corpus, pair=("ru", "en"))


@pytest.mark.parametrize("family", list(CASES))
def test_both_engines_give_the_same_log_probabilities(family, request, convert) -> None:  # noqa: F811
    model = request.getfixturevalue(family)
    task, src, tgt = CASES[family]
    reference, fast = both(model, convert(model))
    for options in GREEDY[:2]:
        expected = reference.generate_scored(TEXTS, src=src, tgt=tgt, task=task, options=options)
        got = fast.generate_scored(TEXTS, src=src, tgt=tgt, task=task, options=options)
        assert [text for text, _ in got] == [text for text, _ in expected]
        assert [text for text, _ in expected] == reference.generate(
            TEXTS, src=src, tgt=tgt, task=task, options=options
        )
        for (_, mine), (_, theirs) in zip(got, expected, strict=True):
            assert mine.tokens == theirs.tokens
            assert mine.mean == pytest.approx(theirs.mean, abs=1e-3)
            assert mine.least == pytest.approx(theirs.least, abs=1e-3)
            assert theirs.least <= theirs.mean < 0


def test_the_language_token_is_not_scored_and_the_end_token_is(tiny_nllb) -> None:
    from summix.backends.transformers import TransformersBackend
    from summix.resolve import resolve_model

    backend = TransformersBackend(resolve_model(str(tiny_nllb)), RUNTIME)
    options = GenerationOptions(num_beams=1, max_new_tokens=6)
    ids = backend.generate_ids(TEXTS, src="en", tgt="uz", task="translate", options=options)
    scored = backend.generate_scored(TEXTS, src="en", tgt="uz", task="translate", options=options)
    for row, (_text, scores) in zip(ids, scored, strict=True):
        # Random weights rarely end early: a row cut at the bound has no end token to score.
        ended = len(row) < 6
        assert scores.tokens == len(row) + ended
    # A forced token has probability 1 after forcing: it would lift the mean if it were scored.
    forced = backend.tokenizer.convert_tokens_to_ids("uzn_Latn")
    assert all(forced not in row for row in ids)


def test_scores_are_log_probabilities_of_the_model(tiny_marian) -> None:
    """An independent computation: the model's softmax over its writable tokens, one position at a time."""
    import torch

    from summix.backends.transformers import TransformersBackend
    from summix.resolve import resolve_model

    backend = TransformersBackend(resolve_model(str(tiny_marian)), RUNTIME)
    options = GenerationOptions(num_beams=1, max_new_tokens=5)
    ids = backend.generate_ids(TEXTS[:1], src="en", tgt="ru", task="translate", options=options)[0]
    ((_text, scores),) = backend.generate_scored(
        TEXTS[:1], src="en", tgt="ru", task="translate", options=options
    )
    model, tok = backend.model, backend.tokenizer
    source = tok(TEXTS[0], return_tensors="pt")
    prefix = [model.generation_config.decoder_start_token_id]
    values = []
    for token in [*ids, tok.eos_token_id][: scores.tokens]:
        with torch.no_grad():
            logits = model(**source, decoder_input_ids=torch.tensor([prefix])).logits[0, -1]
        logits[tok.pad_token_id] = float("-inf")  # the card bans <pad>; it is out of the normalisation
        values.append(torch.log_softmax(logits, -1)[token].item())
        prefix.append(token)
    assert scores.total == pytest.approx(sum(values), abs=1e-3)
    assert scores.least == pytest.approx(min(values), abs=1e-4)


def test_back_scores_agree_across_engines(tiny_nllb, convert) -> None:  # noqa: F811
    reference, fast = both(tiny_nllb, convert(tiny_nllb))
    outputs = ["Bugun havo issiq boʻladi.", "Narxlar oshdi."]
    sources = ["It will be hot today.", "Prices rose."]
    expected = reference.score(outputs, sources, src="uz", tgt="en")
    got = fast.score(outputs, sources, src="uz", tgt="en")
    for mine, theirs in zip(got, expected, strict=True):
        assert mine.tokens == theirs.tokens > 1
        assert mine.total == pytest.approx(theirs.total, abs=2e-3)


def test_back_score_comes_from_an_installed_reverse_marian(
    tiny_marian, tiny_marian_ru_en, models_dir, monkeypatch
) -> None:
    from summix import translation

    install(models_dir, tiny_marian)
    install(models_dir, tiny_marian_ru_en)
    short = GenerationOptions(num_beams=1, max_new_tokens=8)
    monkeypatch.setattr(translation, "card_generation", lambda ref, task="translate": short)
    text = "Prices rose again. Farmers expect a good harvest.\n\nThe museum opened."
    with Session(RUNTIME) as session:
        result = session.translate(text, "ru", source="en", check="back").translations[0]
        reverse = session.backend(session.route("ru", "en").steps[0].ref)
    assert result.notes == ()
    first = result.checks[0].values["model"]
    assert first["back_tokens"] > 0 and first["back_logprob"] < 0
    # The paragraph's back-score is its segments' own, each scored from the output alone.
    segments = ["Prices rose again.", "Farmers expect a good harvest."]
    with Session(RUNTIME) as session:
        outputs = [session.translate(s, "ru", source="en").translations[0].text for s in segments]
    expected = reverse.score(outputs, segments, src="ru", tgt="en")
    assert first["back_logprob"] == pytest.approx(sum(s.total for s in expected), abs=1e-3)
    assert result.model["back_tokens"] == sum(c.values["model"]["back_tokens"] for c in result.checks)


def test_without_a_reverse_model_back_scores_are_null_and_said(tiny_marian, models_dir) -> None:
    install(models_dir, tiny_marian)
    with Session(RUNTIME) as session:
        result = session.translate("Prices rose.", "ru", source="en", check="back").translations[0]
    assert result.checks[0].values["model"]["back_logprob"] is None
    assert result.checks[0].values["model"]["mean_logprob"] < 0
    assert "no installed model translates ru->en" in result.notes[0] and "opus-mt-ru-en" in result.notes[0]


# ------------------------------------------------------------------------------------------- pipeline


class ScoringBackend(ScriptedBackend):
    """A scripted backend that also scores: each output word costs -1, and records what it scored."""

    def generate_scored(self, texts, *, src, tgt, task, options):
        outputs = self.generate(texts, src=src, tgt=tgt, task=task, options=options)
        return [(o, TokenScores.of([-1.0] * len(o.split()) + [-0.5])) for o in outputs]


def test_paragraph_scores_gather_their_segments() -> None:
    book = ScoreBook()
    paragraphs = ["One two. Three four five.", "Six."]
    pipeline.translate_paragraphs(paragraphs, ScoringBackend(), src="en", tgt="ru", options=OPTS, book=book)
    assert book.paragraphs[paragraphs[0]] == ("One two.", "Three four five.")
    first = book.forward(paragraphs[0])
    assert (first.tokens, first.total, first.least) == (7, -6.0, -1.0)
    assert book.values("Six.")["mean_logprob"] == pytest.approx(-0.75)
    assert book.values("not translated") is None


def test_a_retried_segment_gets_the_scores_of_its_pieces() -> None:
    class Dropping(ScoringBackend):
        def generate(self, texts, **kwargs):
            return ["" if len(t.split()) > 3 else t.upper() for t in texts]

    book = ScoreBook()
    source = "alpha beta gamma delta epsilon zeta"
    pipeline.translate_paragraphs([source], Dropping(), src="en", tgt="ru", options=OPTS, book=book)
    scores = book.segments[source]
    assert scores is not None and scores.tokens == 6 + 2  # two pieces, each with its end token


def test_scores_live_in_the_cache_beside_outputs(tmp_path: Path) -> None:
    paragraphs = ["Alpha beta. Gamma."]
    cache = SegmentCache(tmp_path)
    pipeline.translate_paragraphs(
        paragraphs, ScriptedBackend(), src="en", tgt="ru", options=OPTS, cache=cache
    )
    book = ScoreBook()  # outputs cached without scores: reused, scores unknown
    backend = ScoringBackend()
    pipeline.translate_paragraphs(
        paragraphs, backend, src="en", tgt="ru", options=OPTS, cache=cache, book=book
    )
    assert backend.calls == [] and book.values(paragraphs[0])["mean_logprob"] is None
    fresh = SegmentCache(tmp_path / "scored")
    first, again = ScoreBook(), ScoreBook()
    pipeline.translate_paragraphs(
        paragraphs, backend, src="en", tgt="ru", options=OPTS, cache=fresh, book=first
    )
    reused = ScoringBackend()
    pipeline.translate_paragraphs(
        paragraphs, reused, src="en", tgt="ru", options=OPTS, cache=fresh, book=again
    )
    assert reused.calls == [] and again.values(paragraphs[0]) == first.values(paragraphs[0])
    assert math.isclose(first.values(paragraphs[0])["mean_logprob"], -4 / 5)  # 3 words, 2 end tokens
