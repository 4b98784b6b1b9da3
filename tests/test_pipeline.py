"""Pipeline logic with a scripted backend: batching order, dedup, coverage retries, map-reduce."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from summix import pipeline
from summix.errors import CoverageError
from summix.options import GenerationOptions
from summix.resolve import ModelRef

REF = ModelRef("fake", Path("."), "nllb", None, "none", True, None, False, None)


class ScriptedBackend:
    """Upper-cases its input; returns "" for texts containing a word in ``drop``; records every call."""

    name = "scripted"
    device = "cpu"
    dtype = "float32"
    load_seconds = 0.0

    def __init__(self, max_input_tokens: int = 50, drop: Sequence[str] = ()) -> None:
        self.ref = REF
        self.max_input_tokens = max_input_tokens
        self.drop = tuple(drop)
        self.calls: list[list[str]] = []

    def count_tokens(self, text: str, src: str) -> int:
        return len(text.split()) + 1

    def generate(self, texts, *, src, tgt, task, options):
        self.calls.append(list(texts))
        if task != "translate":
            return [" ".join(t.split()[:3]).upper() + "." for t in texts]
        return ["" if any(d in t for d in self.drop) else t.upper() for t in texts]


OPTS = GenerationOptions(num_beams=1)


def test_translate_keeps_paragraphs_and_sentence_order() -> None:
    paras = ["First sentence here. Second one follows.", "A heading", "Third. Fourth is last."]
    out, stats = pipeline.translate_paragraphs(paras, ScriptedBackend(), src="en", tgt="ru", options=OPTS)
    assert out == ["FIRST SENTENCE HERE. SECOND ONE FOLLOWS.", "A HEADING", "THIRD. FOURTH IS LAST."]
    assert stats.segments == 5


def test_batches_are_length_sorted_and_deduplicated() -> None:
    backend = ScriptedBackend()
    paras = ["Short. A much longer sentence with many words in it. Short.", "Medium sized sentence here."]
    pipeline.translate_paragraphs(paras, backend, src="en", tgt="ru", options=OPTS, batch_size=2)
    flat = [t for call in backend.calls for t in call]
    assert flat.count("Short.") == 1
    lengths = [len(t.split()) for t in flat]
    assert lengths == sorted(lengths, reverse=True)


def test_long_sentence_is_split_under_budget_not_truncated() -> None:
    words = [f"w{i}" for i in range(400)]
    backend = ScriptedBackend(max_input_tokens=50)
    out, stats = pipeline.translate_paragraphs([" ".join(words)], backend, src="en", tgt="ru", options=OPTS)
    assert stats.segments > 1
    assert all(backend.count_tokens(t, "en") <= 50 for call in backend.calls for t in call)
    assert out[0].split() == [w.upper() for w in words]


def test_dropped_segment_is_retried_in_pieces_then_fails_loudly() -> None:
    backend = ScriptedBackend(drop=("lost",))
    with pytest.raises(CoverageError, match="lost"):
        pipeline.translate_paragraphs(
            ["Fine. This one gets lost, sadly, always."], backend, src="en", tgt="ru", options=OPTS
        )
    assert len(backend.calls) > 1  # the retry happened before the error


def test_map_reduce_summarises_every_chunk() -> None:
    paras = [f"Paragraph {i} talks about topic{i} in some detail here." for i in range(30)]
    backend = ScriptedBackend(max_input_tokens=40)
    summary, stats = pipeline.summarize_map_reduce(paras, backend, src="en", tgt="en", options=OPTS)
    seen = {w for call in backend.calls for t in call for w in t.split() if w.startswith("topic")}
    assert seen == {f"topic{i}" for i in range(30)}  # every paragraph reached the model
    assert all(backend.count_tokens(t, "en") <= 40 for call in backend.calls for t in call)
    assert summary and stats.model_calls >= 2


def test_generation_budget_is_relative_to_input() -> None:
    opts = GenerationOptions(max_new_tokens=256, length_ratio=2.0, length_margin=10)
    assert opts.budget(5) == 20
    assert opts.budget(1000) == 256


def test_token_budget_batches_are_longest_first_and_never_overfull() -> None:
    lengths = {"a": 5, "bb": 9, "c": 2, "long": 40, "d": 3}
    batches = list(pipeline.length_batches(list(lengths), lengths, batch_size=1, max_batch_tokens=20))
    # "long" alone exceeds the budget and goes alone; otherwise rows x longest row <= 20.
    assert batches == [["long"], ["bb", "a"], ["d", "c"]]
    assert list(pipeline.length_batches(list(lengths), lengths, batch_size=2)) == [
        ["long", "bb"],
        ["a", "d"],
        ["c"],
    ]


def test_token_budget_run_returns_outputs_in_input_order() -> None:
    backend = ScriptedBackend()
    paras = ["One two three four five six. Seven.", "Eight nine ten. Eleven twelve thirteen fourteen."]
    out, _ = pipeline.translate_paragraphs(
        paras, backend, src="en", tgt="ru", options=OPTS, batch_size=1, max_batch_tokens=12
    )
    assert out == [p.upper() for p in paras]
    for call in backend.calls:
        widest = max(backend.count_tokens(t, "en") for t in call)
        assert len(call) == 1 or len(call) * widest <= 12
    assert max(len(call) for call in backend.calls) > 1


def test_translate_many_keeps_one_bad_document_apart() -> None:
    backend = ScriptedBackend(drop=("lost",))
    docs = [["Fine. Good."], ["This gets lost, sadly, always."], ["", "Fine."]]
    results, stats = pipeline.translate_many(docs, backend, src="en", tgt="ru", options=OPTS)
    assert results[0] == ["FINE. GOOD."] and results[2] == ["", "FINE."]
    assert isinstance(results[1], CoverageError)
    flat = [t for call in backend.calls for t in call]
    assert flat.count("Fine.") == 1 and flat.count("Good.") == 1  # the per-document pass reused them
    assert stats.generated >= 3 and stats.cache_hits >= 2


def test_runner_cache_skips_the_model_and_persists(tmp_path: Path) -> None:
    from summix.cache import SegmentCache

    paras = ["One sentence. Two sentence.", "One sentence."]
    first = ScriptedBackend()
    out1, stats1 = pipeline.translate_paragraphs(
        paras, first, src="en", tgt="ru", options=OPTS, cache=SegmentCache(tmp_path)
    )
    second, cache = ScriptedBackend(), SegmentCache(tmp_path)
    out2, stats2 = pipeline.translate_paragraphs(paras, second, src="en", tgt="ru", options=OPTS, cache=cache)
    assert out1 == out2 == ["ONE SENTENCE. TWO SENTENCE.", "ONE SENTENCE."]
    assert stats1.generated == 2 and second.calls == [] and stats2.cache_hits == 2
    assert cache.stats.disk_hits == 2
    other = ScriptedBackend()
    pipeline.translate_paragraphs(paras, other, src="en", tgt="uz", options=OPTS, cache=cache)
    assert len(other.calls) == 1  # another direction is another key


class FewTokens(ScriptedBackend):
    """A tokenizer that packs many words into one token: the token budget alone would let any run through."""

    def count_tokens(self, text: str, src: str) -> int:
        return len(text) // 1000 + 1


def test_no_segment_is_longer_than_the_word_bound_whatever_its_tokens() -> None:
    words = [f"w{i}" for i in range(1, 1001)]
    run_on = " ".join(words[:400]) + ", " + " ".join(words[400:])  # one clause cut, then word cuts
    backend = FewTokens(max_input_tokens=500)
    segments = pipeline.segment_paragraphs([run_on, "A short sentence."], "en", backend)
    assert max(len(s.text.split()) for s in segments) <= pipeline.SEGMENT_WORDS
    assert [s.para for s in segments].count(0) >= 1000 // pipeline.SEGMENT_WORDS
    assert " ".join(s.text for s in segments if s.para == 0).replace(",", "").split() == words
    out, _ = pipeline.translate_paragraphs([run_on], backend, src="en", tgt="ru", options=OPTS)
    assert out[0].replace(",", "").split() == [w.upper() for w in words]
