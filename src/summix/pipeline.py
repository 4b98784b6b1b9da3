"""Document in, document out: chunk, batch by length, generate, reassemble, check coverage.

No I/O and no model loading here: the caller passes a loaded backend.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

from summix import text as textmod
from summix.backends.base import Backend
from summix.cache import SegmentCache
from summix.errors import CoverageError, InputError, SummixError
from summix.keys import scope_key
from summix.options import GenerationOptions
from summix.scoring import SUMMARY, ScoreBook, TokenScores, total

Progress = Callable[[int], None]
T = TypeVar("T")
# NLLB and opus-mt were trained on sentences; a long sentence is cut at clauses below this many tokens.
SENTENCE_BUDGET = 200
# ... and below this many words, whatever its tokens, so that no one segment dominates a batch (or hides a
# list of a thousand short words in a few tokens). The longest NTREX-128 and UDHR sentences have 64 and 83.
SEGMENT_WORDS = 100
# Scores live in the segment cache beside the outputs, under their own scope: asking for them changes no
# output's key.
SCORES_SCOPE = "\0scores"


@dataclass(frozen=True)
class Segment:
    """One unit sent to the model: a sentence, or a piece of an over-long one, from paragraph ``para``."""

    para: int
    text: str


@dataclass(frozen=True)
class RunStats:
    """What one pipeline run did.

    ``segments`` and ``source_tokens`` count every segment asked for; ``generated`` and ``generated_tokens``
    only the distinct ones the model translated (not deduplicated away, not found in the cache);
    ``generate_seconds`` is the time spent in the backend's ``generate()``.
    """

    segments: int = 0
    unique_segments: int = 0
    model_calls: int = 0
    source_tokens: int = 0
    retried: int = 0
    generated: int = 0
    generated_tokens: int = 0
    cache_hits: int = 0
    generate_seconds: float = 0.0

    def __add__(self, other: RunStats) -> RunStats:
        """Field by field sum, for totals over several runs."""
        return RunStats(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def segment_paragraphs(paragraphs: Sequence[str], src: str, backend: Backend) -> list[Segment]:
    """Split each paragraph into sentences, and over-long sentences into pieces (at clauses, else between
    words) of at most :data:`SEGMENT_WORDS` words and under the token budget. Nothing is dropped."""
    budget = min(backend.max_input_tokens, SENTENCE_BUDGET)

    def count(t: str) -> int:
        return backend.count_tokens(t, src)

    segments: list[Segment] = []
    for index, para in enumerate(paragraphs):
        for sentence in textmod.split_sentences(para, src):
            for short in textmod.split_long(sentence, _word_count, SEGMENT_WORDS):
                pieces = [short] if count(short) <= budget else textmod.split_long(short, count, budget)
                segments.extend(Segment(index, piece) for piece in pieces)
    return segments


def _word_count(text: str) -> int:
    return len(text.split())


def length_batches(
    texts: Sequence[T], lengths: Mapping[T, int], *, batch_size: int, max_batch_tokens: int | None = None
) -> Iterator[list[T]]:
    """Batches of ``texts`` sorted longest first: ``batch_size`` texts each, or, with ``max_batch_tokens``,
    as many as fit that many padded tokens (texts x the longest one); a longer text goes alone."""
    order = sorted(texts, key=lambda t: -lengths[t])
    if not max_batch_tokens:
        step = max(1, batch_size)
        yield from (order[i : i + step] for i in range(0, len(order), step))
        return
    batch: list[T] = []
    for text in order:
        # Longest first: the batch's first text sets the padded width of every row.
        if batch and (len(batch) + 1) * lengths[batch[0]] > max_batch_tokens:
            yield batch
            batch = []
        batch.append(text)
    if batch:
        yield batch


class Runner:
    """Runs segments through a backend in length-sorted batches, translating each distinct text once.

    With a ``cache``, segments found there skip the model and every new output is stored in it. With a
    ``book``, the model also scores each output (when its backend can: ``generate_scored``); the scores go
    into the book and the cache, and a segment found in a cache that has no scores for it gets None.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        batch_size: int,
        max_batch_tokens: int | None = None,
        progress: Progress | None = None,
        cache: SegmentCache | None = None,
        book: ScoreBook | None = None,
    ) -> None:
        self.backend = backend
        self.book = book
        self.scored: dict[str, TokenScores | None] = {}
        self.batch_size = max(1, batch_size)
        self.max_batch_tokens = max_batch_tokens
        self.progress = progress
        self.cache = cache
        self.segments = 0
        self.unique_segments = 0
        self.model_calls = 0
        self.source_tokens = 0
        self.retried = 0
        self.generated = 0
        self.generated_tokens = 0
        self.cache_hits = 0
        self.generate_seconds = 0.0

    def run(
        self, texts: Sequence[str], *, src: str, tgt: str, task: str, options: GenerationOptions
    ) -> list[str]:
        """One output per input text, in input order; every output is checked for coverage."""
        unique = list(dict.fromkeys(texts))
        lengths = {t: self.backend.count_tokens(t, src) for t in unique}
        self.segments += len(texts)
        self.unique_segments += len(unique)
        self.source_tokens += sum(lengths[t] for t in texts)
        scope = scope_key(self.backend, src=src, tgt=tgt, task=task, options=options) if self.cache else ""
        done = self.cache.get_many(scope, unique) if self.cache else {}
        self._reuse_scores(scope, done)
        self.cache_hits += len(done)
        if done and self.progress:
            self.progress(len(done))
        todo = [t for t in unique if t not in done]
        for batch in length_batches(
            todo, lengths, batch_size=self.batch_size, max_batch_tokens=self.max_batch_tokens
        ):
            outputs = self._call(batch, src=src, tgt=tgt, task=task, options=options)
            fresh, failure = self._check(batch, outputs, src=src, tgt=tgt, task=task, options=options)
            done.update(fresh)
            if self.cache:
                self.cache.put_many(scope, fresh)  # before raising: a retry reuses the good ones
                self._keep_scores(scope, fresh)
            self.generated += len(batch)
            self.generated_tokens += sum(lengths[t] for t in batch)
            if failure is not None:
                raise failure
            if self.progress:
                self.progress(len(batch))
        if self.book is not None:
            self.book.add(unique, done, self.scored)
        return [done[t] for t in texts]

    def _reuse_scores(self, scope: str, done: dict[str, str]) -> None:
        """The cached scores of the outputs found in the cache (when scores are asked for)."""
        if self.book is None or not done or self.cache is None:
            return
        unknown = [t for t in done if t not in self.scored]
        found = self.cache.get_many(scope + SCORES_SCOPE, unknown)
        for text in unknown:
            self.scored[text] = TokenScores.from_json(found[text]) if text in found else None

    def _keep_scores(self, scope: str, fresh: dict[str, str]) -> None:
        if self.book is None or self.cache is None:
            return
        known = {t: s.to_json() for t in fresh if (s := self.scored.get(t)) is not None}
        self.cache.put_many(scope + SCORES_SCOPE, known)

    def _check(
        self, batch: list[str], outputs: list[str], **kwargs: object
    ) -> tuple[dict[str, str], CoverageError | None]:
        """The covered output of each source, and the first segment that could not be covered."""
        fresh: dict[str, str] = {}
        failure = None
        for source, output in zip(batch, outputs, strict=True):
            try:
                fresh[source] = self._covered(source, output, **kwargs)
            except CoverageError as exc:
                failure = failure or exc
        return fresh, failure

    def stats(self) -> RunStats:
        """What this runner did so far."""
        return RunStats(
            self.segments,
            self.unique_segments,
            self.model_calls,
            self.source_tokens,
            self.retried,
            self.generated,
            self.generated_tokens,
            self.cache_hits,
            self.generate_seconds,
        )

    def _call(self, batch: list[str], **kwargs: object) -> list[str]:
        self.model_calls += 1
        start = time.perf_counter()
        scoring = self.book is not None and hasattr(self.backend, "generate_scored")
        if scoring:
            pairs = self.backend.generate_scored(batch, **kwargs)  # type: ignore[attr-defined]
            outputs = [output for output, _scores in pairs]
        else:
            outputs = self.backend.generate(batch, **kwargs)  # type: ignore[arg-type]
        self.generate_seconds += time.perf_counter() - start
        if len(outputs) != len(batch):
            raise CoverageError(
                f"the {self.backend.name} backend returned {len(outputs)} outputs for {len(batch)} inputs"
            )
        if scoring:
            self.scored.update((text, scores) for text, (_output, scores) in zip(batch, pairs, strict=True))
        return outputs

    def _covered(self, source: str, output: str, **kwargs: object) -> str:
        """Return ``output``, or retry ``source`` in smaller pieces when the model dropped it."""
        if output.strip():
            return output
        self.retried += 1
        pieces = textmod.split_long(source, _word_count, max(1, len(source.split()) // 2))
        if len(pieces) > 1:
            retried = [self._call([p], **kwargs)[0] for p in pieces]
            if all(r.strip() for r in retried):
                self.scored[source] = total(self.scored.get(p) for p in pieces)
                return " ".join(retried)
        raise CoverageError(
            f"the model returned nothing for the segment {source[:60]!r}: no text was dropped silently"
        )


def translate_paragraphs(
    paragraphs: Sequence[str],
    backend: Backend,
    *,
    src: str,
    tgt: str,
    options: GenerationOptions,
    batch_size: int = 8,
    max_batch_tokens: int | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
    book: ScoreBook | None = None,
) -> tuple[list[str], RunStats]:
    """Translate every paragraph sentence by sentence: exactly one output paragraph per input paragraph.
    With a ``book``, each output's scores are recorded in it (see :class:`Runner`).

    Raises:
        CoverageError: a segment came back empty even after a retry in smaller pieces, or a paragraph
            has no text to translate.
    """
    sizes = {"batch_size": batch_size, "max_batch_tokens": max_batch_tokens}
    runner = Runner(backend, **sizes, progress=progress, cache=cache, book=book)
    return _translate(runner, paragraphs, src=src, tgt=tgt, options=options), runner.stats()


def _translate(
    runner: Runner, paragraphs: Sequence[str], *, src: str, tgt: str, options: GenerationOptions
) -> list[str]:
    segments = segment_paragraphs(paragraphs, src, runner.backend)
    outputs = runner.run([s.text for s in segments], src=src, tgt=tgt, task="translate", options=options)
    joined: list[list[str]] = [[] for _ in paragraphs]
    for segment, output in zip(segments, outputs, strict=True):
        joined[segment.para].append(output)
    missing = [i for i, parts in enumerate(joined) if not parts]
    if missing:
        raise CoverageError(f"paragraphs {missing} produced no segments: nothing was translated for them")
    if runner.book is not None:
        pieces: list[list[str]] = [[] for _ in paragraphs]
        for segment in segments:
            pieces[segment.para].append(segment.text)
        runner.book.paragraphs.update(zip(paragraphs, map(tuple, pieces), strict=True))
    return [" ".join(parts) for parts in joined]


def _with_blanks(
    runner: Runner, paragraphs: Sequence[str], *, src: str, tgt: str, options: GenerationOptions
) -> list[str]:
    """Translate the non-blank paragraphs; blank ones come back as ""."""
    content = [p for p in paragraphs if p.strip()]
    outputs = iter(_translate(runner, content, src=src, tgt=tgt, options=options))
    return [next(outputs) if p.strip() else "" for p in paragraphs]


def translate_many(
    documents: Sequence[Sequence[str]],
    backend: Backend,
    *,
    src: str,
    tgt: str,
    options: GenerationOptions,
    batch_size: int = 8,
    max_batch_tokens: int | None = None,
    progress: Progress | None = None,
    cache: SegmentCache | None = None,
    book: ScoreBook | None = None,
) -> tuple[list[list[str] | SummixError], RunStats]:
    """Translate several documents (lists of paragraphs) in shared length-sorted, deduplicated batches.

    Blank paragraphs stay blank without reaching the model. A document the model cannot cover (a segment
    dropped even after the retry, a sentence no cut can fit, text the tokenizer cannot encode) does not fail
    the others: its slot holds the error (a :class:`CoverageError` or :class:`InputError`) and every other
    document is still translated. With a ``book``, each output's scores are recorded in it.
    """
    cache = cache if cache is not None else SegmentCache()  # the per-document retry reuses finished work
    sizes = {"batch_size": batch_size, "max_batch_tokens": max_batch_tokens}
    runner = Runner(backend, **sizes, progress=progress, cache=cache, book=book)
    try:
        flat = [p for doc in documents for p in doc]
        outputs = iter(_with_blanks(runner, flat, src=src, tgt=tgt, options=options))
        return [[next(outputs) for _ in doc] for doc in documents], runner.stats()
    except (CoverageError, ValueError):
        pass  # find out which documents fail; the finished segments come from the cache
    results: list[list[str] | SummixError] = []
    for doc in documents:
        try:
            results.append(_with_blanks(runner, doc, src=src, tgt=tgt, options=options))
        except CoverageError as exc:
            results.append(exc)
        except ValueError as exc:  # a character over the token budget, or text the tokenizer cannot encode
            results.append(InputError(f"cannot translate this text: {exc}"))
    return results, runner.stats()


def back_scores(
    book: ScoreBook, backend: Backend, *, src: str, tgt: str, batch_size: int, max_batch_tokens: int | None
) -> None:
    """Add to ``book`` the back-score of each (segment source, output) pair it has: log P(source |
    output) by ``backend``, a model from ``tgt`` to ``src`` (each output is the input of one teacher-forced
    pass, in length-sorted batches).

    Raises:
        ModelError: ``backend`` does not translate ``tgt`` to ``src``.
    """
    todo = [pair for pair in book.pairs() if pair not in book.back]
    lengths = {pair: backend.count_tokens(pair[1], tgt) for pair in todo}
    for batch in length_batches(todo, lengths, batch_size=batch_size, max_batch_tokens=max_batch_tokens):
        scores = backend.score(  # type: ignore[attr-defined]
            [output for _source, output in batch], [source for source, _output in batch], src=tgt, tgt=src
        )
        book.back.update(zip(batch, scores, strict=True))


def summarize_map_reduce(
    paragraphs: Sequence[str],
    backend: Backend,
    *,
    src: str,
    tgt: str,
    options: GenerationOptions,
    batch_size: int = 4,
    max_batch_tokens: int | None = None,
    progress: Progress | None = None,
    book: ScoreBook | None = None,
) -> tuple[str, RunStats]:
    """Summarise chunk by chunk under the model's input budget, then summarise the joined partial summaries,
    until one chunk remains; the last pass writes ``tgt`` (cross-lingual models) so no part is ignored.
    With a ``book``, the last pass's scores are recorded in it under :data:`summix.scoring.SUMMARY`."""
    runner = Runner(backend, batch_size=batch_size, max_batch_tokens=max_batch_tokens, progress=progress)
    sentences = [s for p in paragraphs for s in textmod.split_sentences(p, src)]
    chunks = _chunks(sentences, backend, src)
    while len(chunks) > 1:
        partial = runner.run(chunks, src=src, tgt=src, task="summarize", options=options)
        joined = [s for p in partial for s in textmod.split_sentences(p, src)] or partial
        shorter = _chunks(joined, backend, src)
        if len(shorter) >= len(chunks):
            raise CoverageError(
                f"partial summaries did not shrink ({len(chunks)} chunks): lower max_new_tokens"
            )
        chunks = shorter
    task = "summarize" if tgt == src else "cross-summarize"
    runner.book = book  # only the summary itself is scored, not the partial ones
    summary = runner.run(chunks[:1], src=src, tgt=tgt, task=task, options=options)[0]
    if book is not None:
        book.paragraphs[SUMMARY] = tuple(chunks[:1])
    stats = RunStats(len(sentences), len(sentences), runner.model_calls, runner.source_tokens, runner.retried)
    return summary, stats


def _chunks(sentences: Sequence[str], backend: Backend, src: str) -> list[str]:
    budget = backend.max_input_tokens
    packed = textmod.pack_chunks(list(sentences), lambda t: backend.count_tokens(t, src), budget)
    return [" ".join(chunk) for chunk in packed]
