"""The CTranslate2 fast path against the transformers reference on CPU, on the opus-mt preset.

    PYTHONPATH=src python benchmarks/ct2_speed.py --threads 2 --runs 3

Builds once (cached under --cache) the random-weight opus-mt preset (MarianMT en->ru, 77M parameters, the
architecture and vocabulary size of Helsinki-NLP/opus-mt-en-ru), converts it with ``summix models convert``'s
code to int8 and float32, then measures, every variant once per run and the runs interleaved (A, B, A, B ...)
so that other load on the machine hits them alike:

(a) summix transformers fp32 vs summix ctranslate2 int8, greedy, batch 16 and batch 1, outputs fixed at
    --new-tokens tokens (the end token is held back until then, so both engines write the same number);
(b) summix ctranslate2 vs a bare ``ctranslate2.Translator.translate_batch`` on the same tokens and settings;
(c) the whole seed document into ru with ``summix.translate`` (the default 4 beams), both backends;
(d) techniques: a vocabulary map (vmap, two sizes), float32 vs int8, two one-thread replicas instead of one
    two-thread translator (--inter-threads 2), token-budget batching (--max-batch-tokens) for the document.

Random weights: the timings are real, the output text is not. Writes results.json and results.md into
--output (default benchmarks/results/<date>-cpu-ct2).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT / "seeds" / "000_e1aca306d864d71d.txt"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--sentences-b16", type=int, default=32, help="sentences per run at batch 16")
    parser.add_argument("--sentences-b1", type=int, default=4, help="sentences per run at batch 1")
    parser.add_argument("--cache", default=str(ROOT / "models" / ".bench-ct2"))
    parser.add_argument("--output", default=None)
    parser.add_argument("--skip-document", action="store_true", help="leave out (c)")
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------------- models
def build_models(cache: Path) -> dict[str, Path]:
    """The opus-mt preset and its conversions (int8, float32, int8 with each vmap), built once."""
    from summix.convert import convert_model
    from summix.randomweights import build_random_model

    source = cache / "opus-mt-en-ru-random"
    if not (source / "model.safetensors").is_file():
        build_random_model("marian", source, arch="opus-mt", pair=("en", "ru"))
    models = {"source": source}
    for quantization in ("int8", "float32"):
        out = cache / f"opus-mt-en-ru-random-ct2-{quantization}"
        if not (out / "model.bin").is_file():
            convert_model(str(source), quantization=quantization, output=out, force=True)
        models[quantization] = out
    for name, vmap in write_vmaps(source, cache).items():
        out = cache / f"opus-mt-en-ru-random-ct2-int8-{name}"
        if not (out / "model.bin").is_file():
            convert_model(str(source), quantization="int8", output=out, vmap=vmap, force=True)
        models[name] = out
    return models


def write_vmaps(source: Path, cache: Path) -> dict[str, Path]:
    """Two vocabulary maps for the made-up vocabulary, sized like maps of a real opus-mt model.

    ``vmap-target32k`` stands for ``summix models convert --vmap target``: every piece the target.spm makes.
    Here source.spm and target.spm are the same 1,000-piece model, so the map is filled up with the unused
    ids to 32,000 tokens, the size of an OPUS-MT spm32k target model (assumed: real weights are not available
    here). ``vmap-lexical4k``: each source piece -> the 20 target pieces seen most with it in aligned NTREX
    en/ru lines (or the seed paired with itself), the 200 commonest target pieces always, and filler ids so
    that a batch of 16 sentences keeps about 3,000 candidates (a lexical map a user would bring).
    """
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(source, local_files_only=True)
    pairs = _aligned_pairs()
    cooc: dict[str, Counter] = {}
    common: Counter = Counter()
    for en, ru in pairs:
        targets = tok.tokenize(ru)
        common.update(targets)
        for piece in set(tok.tokenize(en)):
            cooc.setdefault(piece, Counter()).update(targets)
    fixed = [t for t, _ in common.most_common(200)]
    filler = [t for t in tok.get_vocab() if t.startswith("<unused_")]
    real = [t for t in tok.get_vocab() if not t.startswith("<unused_") and t != "<pad>"]
    lexical = ["\t" + " ".join(fixed)]
    for i, (piece, counts) in enumerate(sorted(cooc.items())):
        extra = filler[(i * 12) % max(1, len(filler)) :][:12]
        lexical.append(piece + "\t" + " ".join([t for t, _ in counts.most_common(20)] + extra))
    maps = {
        "vmap-target32k": ["\t" + " ".join(real + filler[: 32000 - len(real)])],
        "vmap-lexical4k": lexical,
    }
    paths = {}
    for name, lines in maps.items():
        path = cache / f"{name}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[name] = path
    return paths


def _aligned_pairs() -> list[tuple[str, str]]:
    en, ru = EVAL / "ntrex" / "ntrex.eng.txt", EVAL / "ntrex" / "ntrex.rus.txt"
    if en.is_file() and ru.is_file():
        # Lines 1000+ only: the timed sentences come from the first lines.
        pairs = zip(en.read_text("utf-8").splitlines(), ru.read_text("utf-8").splitlines(), strict=True)
        return list(pairs)[1000:]
    lines = [line for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    return list(zip(lines, lines, strict=True))


def sentences(count: int) -> list[str]:
    """Real English sentences: NTREX when ../shared/eval has it, else the seed's sentences."""
    path = EVAL / "ntrex" / "ntrex.eng.txt"
    if path.is_file():
        return [s for s in path.read_text("utf-8").splitlines() if s.strip()][:count]
    from summix.text import paragraphs, split_sentences

    found = [s for p in paragraphs(SEED.read_text("utf-8")) for s in split_sentences(p, "en")]
    return (found * (count // max(1, len(found)) + 1))[:count]


# ------------------------------------------------------------------------------------------- timing
def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(values: list[float]) -> dict[str, float]:
    return {
        "min": round(min(values), 3),
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
    }


def fixed_options(new_tokens: int):
    """Greedy, exactly ``new_tokens`` output tokens whatever the input length."""
    from summix.options import GenerationOptions

    # Marian forces its end token as the last step: one step more gives new_tokens real tokens.
    steps = new_tokens + 1
    return GenerationOptions(
        num_beams=1, max_new_tokens=steps, min_new_tokens=steps, length_ratio=1000.0, length_margin=0
    )


class EngineClock:
    """Wraps a ``ctranslate2.Translator`` and adds up the seconds spent inside ``translate_batch``, so the
    time summix adds around the engine (tokenizing, detokenizing, Python) is measured in the same calls."""

    def __init__(self, translator) -> None:
        self.translator = translator
        self.seconds = 0.0

    def translate_batch(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.translator.translate_batch(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start

    def __getattr__(self, name: str):
        return getattr(self.translator, name)


class Bench:
    """The loaded engines and the prepared inputs; each method times one variant once."""

    def __init__(self, models: dict[str, Path], threads: int, new_tokens: int) -> None:
        from summix.backends.ctranslate2 import CTranslate2Backend
        from summix.backends.transformers import TransformersBackend
        from summix.options import RuntimeOptions
        from summix.resolve import resolve_model

        runtime = RuntimeOptions(device="cpu", threads=threads)
        self.hf = TransformersBackend(resolve_model(str(models["source"])), runtime)
        self.engines = {
            name: CTranslate2Backend(resolve_model(str(models[name])), runtime)
            for name in ("int8", "float32", "vmap-target32k", "vmap-lexical4k")
        }
        # --inter-threads 2: two one-thread replicas, each batch split between them.
        replicas = RuntimeOptions(device="cpu", threads=threads, inter_threads=2)
        for name, model in (("int8 2x1", "int8"), ("vmap-lexical4k 2x1", "vmap-lexical4k")):
            self.engines[name] = CTranslate2Backend(resolve_model(str(models[model])), replicas)
        self.ct2 = self.engines["int8"]
        self.clock = EngineClock(self.ct2.translator)
        self.outside: dict[str, list[float]] = {"batch16": [], "batch1": []}
        self.options = fixed_options(new_tokens)
        self.new_tokens = new_tokens

    def tokens(self, texts: list[str]) -> list[list[str]]:
        tok = self.ct2.tokenizer
        return [tok.convert_ids_to_tokens(ids) for ids in tok(texts)["input_ids"]]

    def summix(self, backend, batches: list[list[str]]) -> float:
        go = backend.generate
        return sum(
            timed(lambda b=b: go(b, src="en", tgt="ru", task="translate", options=self.options))
            for b in batches
        )

    def summix_clocked(self, batches: list[list[str]], group: str) -> float:
        """summix ctranslate2 int8, also recording the share of its time spent outside the engine."""
        bare = self.ct2.translator
        self.clock.seconds, self.ct2.translator = 0.0, self.clock
        try:
            total = self.summix(self.ct2, batches)
        finally:
            self.ct2.translator = bare
        self.outside[group].append(100 * (total / self.clock.seconds - 1))
        return total

    def bare(self, batches: list[list[list[str]]]) -> float:
        """A bare ``translate_batch`` per batch, with exactly the settings summix passes."""
        translator = self.ct2.translator
        total = 0.0
        for tokens in batches:
            kwargs = self.ct2.decoding_kwargs(max(map(len, tokens)), False, self.options)
            total += timed(lambda t=tokens, k=kwargs: translator.translate_batch(t, **k))
        return total

    def check_lengths(self, texts: list[str]) -> dict[str, list[int]]:
        """Output lengths of every engine on ``texts``: all must be exactly ``new_tokens``."""
        lengths = {}
        for name, backend in [("transformers", self.hf), *self.engines.items()]:
            rows = backend.generate_ids(texts, src="en", tgt="ru", task="translate", options=self.options)
            lengths[name] = sorted({len(r) for r in rows})
        bare = self.ct2.translator.translate_batch(
            self.tokens(texts), **self.ct2.decoding_kwargs(64, False, self.options)
        )
        lengths["bare"] = sorted({len(r.hypotheses[0]) for r in bare})
        if any(v != [self.new_tokens] for v in lengths.values()):
            raise RuntimeError(f"outputs are not {self.new_tokens} tokens long: {lengths}")
        return lengths

    def candidates(self, name: str, batches: list[list[list[str]]]) -> float:
        """Mean output-layer size per batch under a vmap (the full vocabulary without one)."""
        path = self.engines[name].ref.path / "vmap.txt"
        rules: dict[str, set[str]] = {}
        for line in path.read_text("utf-8").splitlines():
            key, _, values = line.partition("\t")
            rules[key] = set(values.split())
        sizes = [
            len(rules.get("", set()).union(*(rules.get(t, set()) for b in batch for t in b))) + 3
            for batch in batches
        ]
        return statistics.mean(sizes)


def plan(bench: Bench, args: argparse.Namespace) -> dict[str, dict[str, Callable[[], float]]]:
    """Every timed variant, grouped by what it is compared within; each returns seconds."""
    texts16 = sentences(args.sentences_b16)
    texts1 = sentences(args.sentences_b1)
    b16 = [texts16[i : i + 16] for i in range(0, len(texts16), 16)]
    b1 = [[t] for t in texts1]
    tok16, tok1 = [bench.tokens(b) for b in b16], [bench.tokens(b) for b in b1]
    engines = bench.engines
    return {
        "batch16": {
            "transformers fp32": lambda: bench.summix(bench.hf, b16),
            "ctranslate2 int8": lambda: bench.summix_clocked(b16, "batch16"),
            "bare translate_batch int8": lambda: bench.bare(tok16),
            "ctranslate2 float32": lambda: bench.summix(engines["float32"], b16),
            "ctranslate2 int8 + vmap-target32k": lambda: bench.summix(engines["vmap-target32k"], b16),
            "ctranslate2 int8 + vmap-lexical4k": lambda: bench.summix(engines["vmap-lexical4k"], b16),
            "ctranslate2 int8, 2 replicas x 1 thread": lambda: bench.summix(engines["int8 2x1"], b16),
            "ctranslate2 int8 + vmap-lexical4k, 2 replicas x 1 thread": lambda: bench.summix(
                engines["vmap-lexical4k 2x1"], b16
            ),
        },
        "batch1": {
            "transformers fp32": lambda: bench.summix(bench.hf, b1),
            "ctranslate2 int8": lambda: bench.summix_clocked(b1, "batch1"),
            "bare translate_batch int8": lambda: bench.bare(tok1),
            "ctranslate2 int8 + vmap-target32k": lambda: bench.summix(engines["vmap-target32k"], b1),
            "ctranslate2 int8 + vmap-lexical4k": lambda: bench.summix(engines["vmap-lexical4k"], b1),
        },
    }


def document_plan(models: dict[str, Path], threads: int) -> dict[str, Callable[[], float]]:
    """(c): the whole seed into ru through ``summix.translate`` (model-card defaults: 4 beams).

    Each variant is warmed up here on the document's first paragraph, which also loads its backend."""
    from summix import api
    from summix.options import RuntimeOptions
    from summix.text import paragraphs

    text = SEED.read_text("utf-8")

    def run(path: Path, backend: str, **runtime: object) -> Callable[[], float]:
        options = RuntimeOptions(device="cpu", threads=threads, backend=backend, **runtime)
        api.translate("\n\n".join(paragraphs(text)[:2]), "ru", source="en", model=str(path), runtime=options)
        return lambda: timed(lambda: api.translate(text, "ru", source="en", model=str(path), runtime=options))

    return {
        "transformers fp32": run(models["source"], "transformers"),
        "ctranslate2 int8": run(models["int8"], "ctranslate2"),
        "ctranslate2 int8, --max-batch-tokens 1024": run(
            models["int8"], "ctranslate2", max_batch_tokens=1024
        ),
        "ctranslate2 int8, --max-batch-tokens 1024 --inter-threads 2": run(
            models["int8"], "ctranslate2", max_batch_tokens=1024, inter_threads=2
        ),
        "ctranslate2 int8 + vmap-target32k, --max-batch-tokens 1024 --inter-threads 2": run(
            models["vmap-target32k"], "ctranslate2", max_batch_tokens=1024, inter_threads=2
        ),
    }


def measure(
    groups: dict[str, dict[str, Callable[[], float]]], runs: int, checkpoint: Path
) -> dict[str, dict[str, list[float]]]:
    """Seconds of every variant in every run; the order flips each run so drift hits all variants alike.
    What is measured so far is written to ``checkpoint`` after every variant."""
    seconds: dict[str, dict[str, list[float]]] = {g: {v: [] for v in vs} for g, vs in groups.items()}
    loads = []
    for run in range(runs):
        loads.append(os.getloadavg()[0])
        for group, variants in groups.items():
            names = list(variants) if run % 2 == 0 else list(reversed(variants))
            for name in names:
                time.sleep(0.3)  # let the other engine's OpenMP threads stop spinning
                seconds[group][name].append(variants[name]())
                print(f"run {run + 1} {group:9} {name:40} {seconds[group][name][-1]:8.3f} s", flush=True)
                checkpoint.write_text(json.dumps({"seconds": seconds, "load": loads}, indent=1) + "\n")
    loads.append(os.getloadavg()[0])
    seconds["_load"] = {"1-min load average at each run start and at the end": loads}
    return seconds


def analyse(
    seconds: dict[str, dict[str, list[float]]], tokens: dict[str, int], outside: dict[str, list[float]]
) -> dict:
    """Throughput per variant, per-run ratios (speed-up over transformers, overhead over a bare CT2 call in
    the same run), and summix's own time around the engine measured inside its calls."""
    out: dict = {}
    for group, variants in seconds.items():
        if group.startswith("_"):
            continue
        base = variants["transformers fp32"]
        rows = {}
        for name, secs in variants.items():
            row: dict = {
                "seconds": summary(secs),
                "speedup_vs_transformers": summary([b / s for b, s in zip(base, secs, strict=True)]),
            }
            if group in tokens:
                row["target_tokens_per_s"] = summary([tokens[group] / s for s in secs])
            rows[name] = row
        if "bare translate_batch int8" in variants:
            overhead = [
                100 * (s / b - 1)
                for s, b in zip(
                    variants["ctranslate2 int8"], variants["bare translate_batch int8"], strict=True
                )
            ]
            rows["ctranslate2 int8"]["overhead_vs_bare_percent"] = summary(overhead)
            rows["ctranslate2 int8"]["time_outside_engine_percent"] = summary(outside[group])
        out[group] = rows
    return out


def environment(models: dict[str, Path]) -> dict:
    import ctranslate2
    import torch
    import transformers

    from summix import __version__
    from summix.backends.base import physical_cores

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "physical_cores": physical_cores(),
        "python": platform.python_version(),
        "summix": __version__,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "ctranslate2": ctranslate2.__version__,
        "model_mb": {
            k: round(sum(f.stat().st_size for f in p.iterdir() if f.is_file()) / 1e6, 1)
            for k, p in models.items()
        },
    }


def main(argv: list[str]) -> dict:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out = Path(args.output or ROOT / "benchmarks" / "results" / f"{stamp}-cpu-ct2")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    models = build_models(cache)
    bench = Bench(models, args.threads, args.new_tokens)
    lengths = bench.check_lengths(sentences(16))
    groups = plan(bench, args)
    if not args.skip_document:
        groups["document"] = document_plan(models, args.threads)
    for name in ("batch16", "batch1"):  # warm-up: first calls allocate
        for fn in groups[name].values():
            fn()
    bench.outside = {"batch16": [], "batch1": []}
    out.mkdir(parents=True, exist_ok=True)
    seconds = measure(groups, args.runs, out / "partial.json")
    (out / "partial.json").unlink()
    tok16 = [
        bench.tokens(b)
        for b in [sentences(args.sentences_b16)[i : i + 16] for i in range(0, args.sentences_b16, 16)]
    ]
    result = {
        "command": "PYTHONPATH=src python benchmarks/ct2_speed.py " + " ".join(argv),
        "environment": environment(models),
        "settings": {
            "threads": args.threads,
            "runs": args.runs,
            "greedy_output_tokens": args.new_tokens,
            "sentences": {"batch16": args.sentences_b16, "batch1": args.sentences_b1},
            "inputs": "NTREX-128 English, first lines" if (EVAL / "ntrex").is_dir() else "seed sentences",
            "output_lengths_checked": lengths,
            "vmap_mean_candidates_per_batch16": {
                n: round(bench.candidates(n, tok16)) for n in ("vmap-target32k", "vmap-lexical4k")
            },
            "full_vocabulary": len(
                json.loads((models["int8"] / "shared_vocabulary.json").read_text("utf-8"))
            ),
        },
        "seconds": seconds,
        "results": analyse(
            seconds,
            {"batch16": args.sentences_b16 * args.new_tokens, "batch1": args.sentences_b1 * args.new_tokens},
            bench.outside,
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "results.md").write_text(markdown(result), encoding="utf-8")
    print(f"wrote {out}/results.json and results.md")
    return result


def _mmm(values: dict[str, float] | None, fmt: str = "{:,.1f}") -> str:
    if not values:
        return ""
    return " / ".join(fmt.format(values[k]) for k in ("min", "median", "max"))


def markdown(result: dict) -> str:
    env, settings = result["environment"], result["settings"]
    loads = result["seconds"]["_load"]
    lines = [
        "# CTranslate2 fast path vs transformers on CPU",
        "",
        f"Command: `{result['command']}`",
        "",
        f"{env['date']} · {env['cpu']} · {env['logical_cpus']} logical CPUs, {env['physical_cores']}"
        f" physical cores · {settings['threads']} threads · python {env['python']} · torch {env['torch']}"
        f" · transformers {env['transformers']} · ctranslate2 {env['ctranslate2']} · summix {env['summix']}",
        "",
        "1-min load average at each run start and at the end: "
        + ", ".join(f"{x:.2f}" for x in next(iter(loads.values()))),
        "",
        "Random weights (opus-mt preset: MarianMT en->ru, 77M parameters, 62,518-token vocabulary): the"
        " timings are real, the output text is not. Every variant ran once per run, runs interleaved;"
        f" figures are min / median / max over {settings['runs']} runs, speed-ups are per run (same run,"
        " same inputs).",
        "",
        f"Greedy, every output exactly {settings['greedy_output_tokens']} tokens (checked: "
        f"{settings['output_lengths_checked']}); inputs: {settings['inputs']}.",
        "",
        "| batch | variant | target tok/s | speed-up vs transformers fp32 |",
        "|---|---|---|---|",
    ]
    res = result["results"]
    for group in ("batch16", "batch1"):
        for name, row in res[group].items():
            lines.append(
                f"| {group[5:]} | {name} | {_mmm(row['target_tokens_per_s'])} | "
                f"{_mmm(row['speedup_vs_transformers'], '{:.2f}x')} |"
            )
    lines += [
        "",
        "Overhead of summix's ctranslate2 backend over a bare `translate_batch` on the same tokens and"
        " settings: (1) summix's time / the bare call's time in the same run, minus 1 (includes run-to-run"
        " noise); (2) summix's time outside `translate_batch`, measured inside its own calls, as a share of"
        " the engine time (tokenizing, detokenizing, Python; free of that noise):",
        "",
    ]
    for group in ("batch16", "batch1"):
        row = res[group]["ctranslate2 int8"]
        lines.append(
            f"- batch {group[5:]}: (1) {_mmm(row['overhead_vs_bare_percent'], '{:+.1f}%')};"
            f" (2) {_mmm(row['time_outside_engine_percent'], '{:+.2f}%')}"
        )
    lines += [
        "",
        f"vmap candidates per batch of 16 (mean): {settings['vmap_mean_candidates_per_batch16']}"
        f" of {settings['full_vocabulary']} target tokens.",
        "",
    ]
    if "document" in res:
        lines += [
            "Whole document: `summix.translate` of the seed into ru (4 beams, batch 8 unless said):",
            "",
            "| variant | seconds | speed-up vs transformers fp32 |",
            "|---|---|---|",
        ]
        for name, row in res["document"].items():
            speedup = _mmm(row["speedup_vs_transformers"], "{:.2f}x")
            lines.append(f"| {name} | {_mmm(row['seconds'], '{:.2f}')} | {speedup} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main(sys.argv[1:])
