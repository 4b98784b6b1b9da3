"""Score a model's translations and summaries against human references, through the public API.

Sentence and paragraph sets are translated segment for segment with the pipeline (length-sorted batches,
coverage check) so every output lines up with its reference; ``ntrex-docs`` goes through
:func:`summix.translate` whole, cruft filter and all, and is scored document against document.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace

from summix import __version__, api, extractive
from summix.bench import baselines as baselinemod
from summix.bench import datasets, metrics
from summix.errors import SummixError
from summix.languages import model_direction, model_language
from summix.options import GenerationOptions, RuntimeOptions, Signature, check_positive
from summix.resolve import resolve_model
from summix.translation import card_generation, content_paragraphs, translate_paragraphs

Log = Callable[[str], None]
SAMPLES = 3  # hypothesis/reference pairs kept in the report so a reader can see what was scored


@dataclass(frozen=True)
class QualityOptions:
    """What to score: one model on named sets (or plain files), in the given directions."""

    model: str | None = None
    sets: tuple[str, ...] = ("ntrex",)
    directions: tuple[tuple[str, str], ...] = ()  # empty: every direction the set holds and the model serves
    data: str | None = None
    src_file: str | None = None
    ref_files: tuple[str, ...] = ()
    beams: int | None = None  # None: the model card's
    limit: int | None = None  # first N segments of each set
    uz_apostrophes: bool = False
    summaries: str | None = None  # a JSONL of {document, summary}, or "ntrex-docs" (no human summaries)
    summary_lang: str = "en"
    method: str = "auto"
    summary_sentences: int | None = None  # None: the summarizer's default length
    summary_words: int | None = None  # word budget of the extractive summarizer
    baselines: tuple[str, ...] = baselinemod.BASELINES  # scored beside summix where human summaries exist
    runtime: RuntimeOptions = field(default_factory=RuntimeOptions)

    def __post_init__(self) -> None:
        """Raises SettingError: a beam size, limit or summary length below 1."""
        for name in ("beams", "limit", "summary_sentences", "summary_words"):
            check_positive(name, getattr(self, name))


@dataclass(frozen=True)
class DirectionResult:
    """Scores of one test set in one direction."""

    test_set: str
    src: str
    tgt: str
    unit: str
    segments: int
    max_references: int
    scores: tuple[metrics.Score, ...]
    seconds: float
    samples: tuple[tuple[str, str, str], ...]  # (source, hypothesis, first reference)
    signature: Signature


@dataclass(frozen=True)
class BaselineResult:
    """A baseline's ROUGE on the same documents and sentence counts, and summix minus the baseline."""

    name: str
    scores: tuple[metrics.Score, ...]
    mean_words: float
    differences: tuple[metrics.Difference, ...]  # summix minus this baseline, per ROUGE variant


@dataclass(frozen=True)
class SummaryResult:
    """ROUGE (when human summaries exist) and the reference-free checks of one summary set."""

    name: str
    language: str
    method: str
    documents: int
    scores: tuple[metrics.Score, ...]
    compression: float
    supported_share: float
    unsupported_numbers: int
    unsupported_entities: int
    seconds: float
    samples: tuple[tuple[str, str], ...]  # (summary, first unsupported items)
    signature: Signature | None  # None: the extractive summarizer
    mean_words: float = 0.0
    fragments: metrics.FragmentStats | None = None  # mean NEWSROOM coverage, density, compression
    baselines: tuple[BaselineResult, ...] = ()
    budget: str = "default"  # "3 sentences", "60 words", or the summarizer's default length


@dataclass(frozen=True)
class QualityReport:
    """One quality run: what ran (system signature), how it was scored, and the scores."""

    system: dict
    metric_signatures: dict[str, list[str]]
    results: tuple[DirectionResult, ...]
    summaries: tuple[SummaryResult, ...] = ()
    skipped: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON form written by the benchmark scripts."""
        return {"kind": "quality", **asdict(self)}


def system_signature(sig: Signature | None, runtime: RuntimeOptions) -> dict:
    """Model id + revision, family, backend, device, dtype, beams, batch, summix version, weights."""
    if sig is None:
        return {"model_id": "extractive", "summix_version": __version__, "weights": "none"}
    return {
        "model_id": sig.model_id,
        "revision": sig.revision,
        "family": sig.family,
        "backend": sig.backend,
        "device": sig.device,
        "dtype": sig.dtype,
        "beams": sig.num_beams,
        "batch": runtime.batch_size,
        "threads": runtime.threads,
        "summix_version": __version__,
        "weights": "random" if sig.random_weights else "real",
    }


def plan(options: QualityOptions) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The (set, src, tgt) runs to do, and the requested ones skipped with why (the set has no data for
    that direction, or the model does not serve it).

    Raises:
        SummixError: an unknown set; ModelNotFoundError, ModelError: the model.
    """
    ref = resolve_model(str(options.model), options.runtime.models_dir, options.runtime.allow_pickle)
    runs, skipped = [], []
    for name in options.sets:
        held = datasets.set_info(name).directions
        for src, tgt in options.directions or held:
            if (src, tgt) not in held:
                skipped.append(f"{name} {src}-{tgt}: the set has no {src}-{tgt} data")
            elif (direction := model_direction(src, tgt)) is None or not ref.serves("translate", *direction):
                skipped.append(
                    f"{name} {src}-{tgt}: {ref.name} ({ref.family}) does not translate {src}->{tgt}"
                )
            else:
                runs.append((name, src, tgt))
    return runs, skipped


def _generation(options: QualityOptions) -> GenerationOptions:
    ref = resolve_model(options.model, options.runtime.models_dir, options.runtime.allow_pickle)
    base = card_generation(ref)
    return replace(base, num_beams=options.beams) if options.beams else base


def translate_set(
    test: datasets.TestSet, options: QualityOptions, log: Log | None = None
) -> tuple[list[str], Signature]:
    """Hypotheses for every source of ``test``, one per source, and the signature of what produced them."""
    generation = _generation(options)
    session = api.default_session(options.runtime)  # one model load for every set and direction
    if test.unit == "document":
        hyps, sig = [], None
        for doc in test.sources:
            result = session.translate(
                doc, test.tgt, source=test.src, model=options.model, generation=generation
            )
            hyps.append(" ".join(result.translations[0].paragraphs))
            sig = result.translations[0].signature
        assert sig is not None
        return hyps, sig
    # One segment per "paragraph": the pipeline returns exactly one output for each, in order.
    out = translate_paragraphs(
        session,
        list(test.sources),
        test.src,
        test.tgt,
        model=options.model,
        generation=generation,
        progress=_progress(test, log),
    )
    assert out.signature is not None
    return list(out.paragraphs), out.signature


def _progress(test: datasets.TestSet, log: Log | None) -> Callable[[int], None] | None:
    """A pipeline progress callback that logs about every tenth of the set (long sets take minutes)."""
    if log is None:
        return None
    done, step = [0, 0], max(1, len(test.sources) // 10)

    def advance(count: int) -> None:
        done[0] += count
        if done[0] - done[1] >= step:
            done[1] = done[0]
            log(f"{test.name} {test.src}-{test.tgt}: {done[0]} segments translated")

    return advance


def score_direction(
    test: datasets.TestSet, options: QualityOptions, log: Log | None = None
) -> DirectionResult:
    """Translate ``test`` and score it with BLEU, chrF, chrF++ and TER."""
    start = time.perf_counter()
    hyps, sig = translate_set(test, options, log)
    seconds = time.perf_counter() - start
    scores = metrics.translation_scores(
        hyps, test.references, uz_apostrophes=options.uz_apostrophes and test.tgt == "uz"
    )
    samples = tuple(
        (s[:300], h[:300], r[0][:300])
        for s, h, r in zip(test.sources[:SAMPLES], hyps, test.references, strict=False)
    )
    return DirectionResult(
        test.name,
        test.src,
        test.tgt,
        test.unit,
        len(hyps),
        test.max_references,
        scores,
        round(seconds, 3),
        samples,
        sig,
    )


def _load(name: str, src: str, tgt: str, options: QualityOptions) -> datasets.TestSet:
    if options.src_file:
        return datasets.load_files(options.src_file, options.ref_files, src, tgt).head(options.limit)
    return datasets.load_set(name, src, tgt, options.data).head(options.limit)


def run_quality(options: QualityOptions, log: Log | None = None) -> QualityReport:
    """Score translations on every planned set and direction, and summaries when ``options.summaries``.

    Raises:
        SummixError: no model for translation sets, an unknown set or direction, a missing data folder or
        model; ModelError, CoverageError from the model.
    """
    runs, skipped = _runs(options) if options.sets or options.src_file else ([], [])
    results = []
    for name, src, tgt in runs:
        test = _load(name, src, tgt, options)
        if log:
            log(f"{name} {src}-{tgt}: {len(test.sources)} {test.unit}s")
        results.append(score_direction(test, options, log))
    summaries = (score_summaries(options, log),) if options.summaries else ()
    signatures: dict[str, list[str]] = {}
    for score in (s for r in results for s in r.scores):
        signatures.setdefault(score.name, [])
        if score.signature not in signatures[score.name]:
            signatures[score.name].append(score.signature)
    if summaries:
        signatures["ROUGE"] = [metrics.ROUGE_SIGNATURE]
    first = results[0].signature if results else summaries[0].signature
    return QualityReport(
        system_signature(first, options.runtime), signatures, tuple(results), summaries, tuple(skipped)
    )


def _runs(options: QualityOptions) -> tuple[list[tuple[str, str, str]], list[str]]:
    if options.model is None:
        raise SummixError("scoring translations needs --model ALIAS|FOLDER (summaries alone do not)")
    if not options.src_file:
        runs, skipped = plan(options)
    elif options.ref_files and len(options.directions) == 1:
        runs, skipped = [("files", *options.directions[0])], []
    else:
        raise SummixError("--src needs --ref FILE and exactly one --directions SRC-TGT")
    if not runs:
        raise SummixError(f"nothing to score: {'; '.join(skipped) or 'no set given'}")
    return runs, skipped


def score_summaries(options: QualityOptions, log: Log | None = None) -> SummaryResult:
    """Summarise the documents of ``options.summaries`` (a JSONL file or ``ntrex-docs``) and score them.

    Raises:
        InputError: an unreadable JSONL or data folder; SummixError from summarize.
    """
    source = options.summaries or ""
    if source == "ntrex-docs":
        items = list(datasets.ntrex_documents(options.summary_lang, options.data))
    else:
        items = datasets.read_summary_jsonl(source)
    items = items[: options.limit] if options.limit else items
    if log:
        log(f"summaries {source}: {len(items)} documents")
    return summarize_items(items, name=source, language=options.summary_lang, options=options)


# ------------------------------------------------------------------------------------------ summaries


@dataclass(frozen=True)
class _Summarized:
    """One document's summary and what is needed to score it and its baselines."""

    text: str
    sentences: int
    paragraphs: list[str]
    language: str
    method: str
    signature: Signature | None


def summarize_items(
    items: Sequence[datasets.SummaryItem], *, name: str, language: str, options: QualityOptions
) -> SummaryResult:
    """Summarise every document; ROUGE against the human summaries where every item has one (with the
    baselines of ``options.baselines`` beside it, given the same number of sentences per document, and
    paired bootstrap intervals of summix minus each), and the reference-free checks on all.

    The extractive method is called as :func:`summix.extractive.extract` (for its word budget); the others
    through :func:`summix.summarize`.

    Raises:
        SummixError: from summarize (no model, bad language), or an empty set.
    """
    if not items:
        raise SummixError(f"summary set {name!r} has no documents")
    start = time.perf_counter()
    done = [_summarize(item.document, item.language or language, options) for item in items]
    seconds = time.perf_counter() - start
    hyps = [d.text for d in done]
    checks = [
        metrics.check_summary(item.document, d.text, d.language) for item, d in zip(items, done, strict=True)
    ]
    refs = [item.summary for item in items]
    scored = all(refs)
    per_doc = [metrics.rouge(h, r) for h, r in zip(hyps, refs, strict=True)] if scored else []
    fragments = [metrics.fragment_stats(" ".join(d.paragraphs), d.text) for d in done]
    return SummaryResult(
        name=name,
        language=language,
        method=done[-1].method,
        documents=len(items),
        scores=metrics.corpus_rouge(hyps, refs) if scored else (),  # type: ignore[arg-type]
        compression=round(sum(c.compression for c in checks) / len(checks), 4),
        supported_share=round(sum(c.supported_share for c in checks) / len(checks), 4),
        unsupported_numbers=sum(len(c.unsupported_numbers) for c in checks),
        unsupported_entities=sum(len(c.unsupported_entities) for c in checks),
        seconds=round(seconds, 3),
        samples=tuple(
            (h[:300], ", ".join((*c.unsupported_numbers, *c.unsupported_entities))[:200])
            for h, c in zip(hyps[:SAMPLES], checks, strict=False)
        ),
        signature=done[-1].signature,
        mean_words=_mean(len(h.split()) for h in hyps),
        fragments=_mean_fragments(fragments),
        baselines=tuple(_baseline(b, done, refs, per_doc) for b in options.baselines) if scored else (),  # type: ignore[arg-type]
        budget=_budget_name(options),
    )


def _summarize(document: str, lang: str, options: QualityOptions) -> _Summarized:
    paragraphs = content_paragraphs(document)
    base = model_language(lang)  # checks and baselines read either Uzbek script
    if options.method == "extractive":
        summary = extractive.extract(
            paragraphs, base, sentences=options.summary_sentences, words=options.summary_words
        )
        return _Summarized(summary.text, len(summary.sentences), paragraphs, base, "extractive", None)
    model = options.model
    result = api.summarize(
        document,
        lang,
        method=options.method,
        model=model,
        source=lang,
        sentences=options.summary_sentences,
        words=options.summary_words,
        runtime=options.runtime,
    )
    out = result.summaries[0]
    return _Summarized(out.text, len(out.sentences), paragraphs, base, result.method, out.signature)


def _baseline(
    name: str, done: Sequence[_Summarized], refs: Sequence[str], summix: Sequence[dict[str, metrics.PRF]]
) -> BaselineResult:
    """Score baseline ``name`` choosing, in each document, as many units as summix's summary has."""
    hyps = [
        " ".join(
            baselinemod.pick(name, baselinemod.units_of(d.paragraphs, d.language), d.language, d.sentences)
        )
        for d in done
    ]
    per_doc = [metrics.rouge(h, r) for h, r in zip(hyps, refs, strict=True)]
    differences = tuple(
        metrics.paired_bootstrap([100 * s[m].f1 for s in summix], [100 * b[m].f1 for b in per_doc], m)
        for m in ("ROUGE-1", "ROUGE-2", "ROUGE-L")
    )
    return BaselineResult(
        name, metrics.corpus_rouge(hyps, refs), _mean(len(h.split()) for h in hyps), differences
    )


def _mean(values) -> float:
    values = list(values)
    return round(sum(values) / len(values), 2) if values else 0.0


def _mean_fragments(stats: Sequence[metrics.FragmentStats]) -> metrics.FragmentStats:
    return metrics.FragmentStats(
        coverage=_mean(s.coverage for s in stats),
        density=_mean(s.density for s in stats),
        compression=_mean(s.compression for s in stats),
    )


def _budget_name(options: QualityOptions) -> str:
    count = options.summary_sentences
    parts = [f"{count} sentence{'s' if count != 1 else ''}"] if count else []
    parts += [f"{options.summary_words} words"] if options.summary_words else []
    return ", ".join(parts) or "default length"
