"""``summix bench quality`` and ``summix bench speed``: parse, call summix.bench, write the results.

The options take several values after one flag (``--batch 1 16 --beams 1 4``), which Typer cannot express,
so each command hands its arguments to an argparse parser; ``benchmarks/quality.py`` and
``benchmarks/speed.py`` call the same ``*_main`` functions, so the scripts and the CLI cannot drift apart.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import typer

bench_app = typer.Typer(
    help="Score translation and summary quality, and measure speed and memory (run with --help for options).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


def _log(message: str) -> None:
    print(f"summix bench: {message}", file=sys.stderr, flush=True)


def _direction(value: str) -> tuple[str, str]:
    from summix.errors import LanguageError
    from summix.languages import parse_direction

    try:
        return parse_direction(value)
    except LanguageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _runtime_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--threads", type=int, help="torch CPU threads [env SUMMIX_THREADS; default: torch's]"
    )
    parser.add_argument("--data", help="evaluation data folder [default: ../shared/eval when it exists]")
    parser.add_argument("--output", "-o", help="results folder [default: benchmarks/results/<date>-<device>]")


def quality_parser() -> argparse.ArgumentParser:
    """The options of ``summix bench quality`` / ``benchmarks/quality.py``."""
    from summix.bench.datasets import SETS

    p = argparse.ArgumentParser(
        prog="summix bench quality",
        description="Score translations against human references and summaries against human summaries.",
    )
    p.add_argument("--model", "-m", help="model alias, repo id or folder (needed for translation sets)")
    p.add_argument(
        "--set",
        nargs="+",
        default=None,
        dest="sets",
        choices=list(SETS),
        help="test sets [default: ntrex, unless --summaries is given]",
    )
    p.add_argument(
        "--directions",
        nargs="+",
        type=_direction,
        default=[],
        help="SRC-TGT pairs [default: every one the set holds and the model serves]",
    )
    p.add_argument("--src", dest="src_file", help="plain source file (one segment a line) instead of --set")
    p.add_argument("--ref", nargs="+", default=[], dest="ref_files", help="reference file(s) for --src")
    p.add_argument("--limit", type=int, help="score only the first N segments of each set")
    p.add_argument("--beams", type=int, help="beam size [default: the model card's]")
    p.add_argument("--batch", type=int, default=16, help="segments per model call [default: 16]")
    p.add_argument("--device", help="auto, cpu, cuda or mps [env SUMMIX_DEVICE; default auto]")
    p.add_argument("--dtype", help="auto, float32, bfloat16 or float16 [env SUMMIX_DTYPE; default auto]")
    p.add_argument("--backend", help="auto, transformers or ctranslate2 [env SUMMIX_BACKEND; default auto]")
    p.add_argument(
        "--uz-apostrophes",
        action="store_true",
        help="normalise Uzbek apostrophes (ʻ ʼ ‘ ’ ') before scoring uz output; noted in signatures",
    )
    p.add_argument("--summaries", help='JSONL of {"document", "summary"} rows, or ntrex-docs (no references)')
    p.add_argument("--summary-lang", default="en", help="language of the summary documents [default: en]")
    p.add_argument("--method", default="auto", help="summary method: auto, abstractive or extractive")
    p.add_argument(
        "--sentences",
        type=int,
        help="extractive summary length in sentences (baselines take as many) [default: summix's length]",
    )
    p.add_argument("--words", type=int, help="extractive summary length in words, at most")
    _runtime_args(p)
    return p


QUALITY_PROGRAM = "python benchmarks/quality.py"
SPEED_PROGRAM = "python benchmarks/speed.py"


def quality_main(argv: Sequence[str], program: str = QUALITY_PROGRAM) -> list[Path]:
    """Run a quality benchmark from command-line arguments; returns the files written. ``program`` is how
    the benchmark was started, for the command line the results record.

    Raises:
        SummixError: from the benchmark (bad set, direction, model, data folder).
    """
    from summix.bench import quality, report
    from summix.options import RuntimeOptions

    args = quality_parser().parse_args(list(argv))
    runtime = RuntimeOptions.from_env(
        device=args.device,
        dtype=args.dtype,
        threads=args.threads,
        backend=args.backend,
        batch_size=args.batch,
    )
    sets = tuple(args.sets) if args.sets else (() if args.summaries or args.src_file else ("ntrex",))
    options = quality.QualityOptions(
        model=args.model,
        sets=sets,
        directions=tuple(args.directions),
        data=args.data,
        src_file=args.src_file,
        ref_files=tuple(args.ref_files),
        beams=args.beams,
        limit=args.limit,
        uz_apostrophes=args.uz_apostrophes,
        summaries=args.summaries,
        summary_lang=args.summary_lang,
        method=args.method,
        summary_sentences=args.sentences,
        summary_words=args.words,
        runtime=runtime,
    )
    result = quality.run_quality(options, log=_log)
    device = result.system.get("device", "cpu")
    folder = Path(args.output) if args.output else report.default_output("quality", device)
    written = report.write_quality(result, folder, command=_command(program, argv))
    for path in written:
        _log(f"wrote {path}")
    return written


def speed_parser() -> argparse.ArgumentParser:
    """The options of ``summix bench speed`` / ``benchmarks/speed.py``."""
    p = argparse.ArgumentParser(prog="summix bench speed", description="Measure speed and memory.")
    p.add_argument("--model", "-m", nargs="+", default=[], help="model aliases, repo ids or folders")
    p.add_argument(
        "--preset", nargs="+", default=[], help="random-weight presets: opus-mt, nllb-600m, mt5-base"
    )
    p.add_argument("--device", nargs="+", default=["cpu"], help="cpu, cuda, mps [default: cpu]")
    p.add_argument("--dtype", nargs="+", default=["auto"], help="auto, float32, bfloat16, float16")
    p.add_argument(
        "--backend",
        nargs="+",
        default=None,
        help="transformers, ctranslate2, auto; presets are converted first for ctranslate2 and auto "
        "[default: transformers; --end-to-end: auto]",
    )
    p.add_argument("--batch", nargs="+", type=int, default=[1, 16], help="batch sizes [default: 1 16]")
    p.add_argument("--beams", nargs="+", type=int, default=[1], help="beam sizes [default: 1]")
    p.add_argument("--new-tokens", type=int, default=64, help="output tokens per sentence [default: 64]")
    p.add_argument(
        "--lengths",
        choices=("fixed", "realistic"),
        default="fixed",
        help="random weights: fixed (--new-tokens per sentence; the pipeline's 2 x input + 10 bound) or "
        "realistic (each output as long as a real translation: NTREX reference lengths, else source x the "
        "pair's ratio) [default: fixed]",
    )
    p.add_argument(
        "--iterations",
        type=int,
        help="timed calls per configuration [default: ~32 sentences in 2-8 calls; cpu: ~16 in 2-4]",
    )
    p.add_argument("--warmup", type=int, default=1, help="untimed calls first [default: 1]")
    p.add_argument(
        "--documents",
        type=int,
        default=None,
        help="documents timed through the pipeline per configuration [default: 1 on cpu, 2 elsewhere]",
    )
    p.add_argument("--work-dir", help="cache of built presets [default: ~/.cache/summix/presets]")
    p.add_argument(
        "--bandwidth", type=float, help="GPU memory bandwidth in TB/s [default: from the GPU name]"
    )
    p.add_argument(
        "--time-budget", type=float, help="seconds; configurations not started by then are skipped"
    )
    p.add_argument(
        "--end-to-end",
        action="store_true",
        help="instead of the sweep, time `summix summarize DOC --lang uz,ru,en` per preset",
    )
    p.add_argument("--document", default=None, help="document for --end-to-end [default: the seed]")
    p.add_argument("--no-plot", action="store_true", help="skip the PNG (no matplotlib needed)")
    _runtime_args(p)
    return p


def speed_main(argv: Sequence[str], program: str = SPEED_PROGRAM) -> list[Path]:
    """Run a speed benchmark from command-line arguments; returns the files written (``program``: as for
    :func:`quality_main`).

    Results are rewritten after every configuration, so a run cut short still leaves what it measured; a
    run that measured nothing writes nothing.

    Raises:
        SummixError: no model or preset, an unknown preset, an unwritable output folder, or every
            configuration failed (an unknown or missing model).
    """
    from summix.bench import report, speed
    from summix.options import RuntimeOptions

    args = speed_parser().parse_args(list(argv))
    threads = RuntimeOptions.from_env(threads=args.threads).threads
    options = speed.SpeedOptions(
        models=tuple(args.model),
        presets=tuple(args.preset),
        devices=tuple(args.device),
        dtypes=tuple(args.dtype),
        backends=tuple(args.backend or (["auto"] if args.end_to_end else ["transformers"])),
        batches=tuple(args.batch),
        beams=tuple(args.beams),
        new_tokens=args.new_tokens,
        iterations=args.iterations,
        warmup=args.warmup,
        documents=args.documents,
        threads=threads,
        data=args.data,
        work_dir=args.work_dir,
        bandwidth_tbs=args.bandwidth,
        time_budget_s=args.time_budget,
        lengths=args.lengths,
    )
    command, env = _command(program, argv), speed.environment(options)
    folder = Path(args.output) if args.output else report.default_output("speed", _device_label(args.device))
    if args.end_to_end:
        done: list = []

        def keep(row) -> None:  # rewrite after each preset so a cut-short run keeps its results
            done.append(row)
            if _any_measured(done):
                result = speed.speed_report(options, end_to_end=done, command=command, env=env)
                report.write_speed(result, folder, plot=False)

        e2e = _measured(speed.run_end_to_end(options, args.document or speed.SEED, log=_log, on_row=keep))
        result = speed.speed_report(options, end_to_end=e2e, command=command, env=env)
        return _written(report.write_speed(result, folder, plot=False))
    rows: list = []

    def save(row) -> None:  # rewrite after each configuration so a cut-short run keeps its results
        rows.append(row)
        if _any_measured(rows):
            result = speed.speed_report(options, rows, command=command, env=env)
            report.write_speed(result, folder, plot=False)

    speed.run_speed(options, log=_log, on_row=save)
    final = speed.speed_report(options, _measured(rows), command=command, env=env)
    return _written(report.write_speed(final, folder, plot=not args.no_plot))


def _any_measured(rows: list) -> bool:
    """True when a row is not an error (the sweep records its errors beside what it measured)."""
    return any(row.status != "error" for row in rows)


def _measured(rows: list) -> list:
    """``rows``, when at least one of them is not an error.

    Raises:
        SettingError: every row is an error (an unknown model, none installed): nothing was written.
    """
    from summix.errors import SettingError

    if rows and not _any_measured(rows):
        raise SettingError("nothing was measured: every configuration failed (the lines above say why)")
    return rows


def _device_label(devices: Sequence[str]) -> str:
    if any(d.startswith("cuda") for d in devices):
        try:
            import torch

            if torch.cuda.is_available():
                return torch.cuda.get_device_name()
        except ImportError:
            pass
    return "-".join(devices)


def _written(paths: list[Path]) -> list[Path]:
    for path in paths:
        _log(f"wrote {path}")
    return paths


def _command(program: str, argv: Sequence[str]) -> str:
    return " ".join([program, shlex.join(argv)]) if argv else program


@bench_app.command(context_settings=_PASS_THROUGH, add_help_option=False)
def quality(ctx: typer.Context) -> None:
    """Score translations (BLEU, chrF, chrF++, TER) and summaries (ROUGE, reference-free checks)."""
    quality_main(ctx.args, program="summix bench quality")


@bench_app.command(context_settings=_PASS_THROUGH, add_help_option=False)
def speed(ctx: typer.Context) -> None:
    """Sweep device x dtype x backend x batch x beams: tokens/s, latency, load time, peak memory."""
    speed_main(ctx.args, program="summix bench speed")


def register(app: typer.Typer) -> None:
    """Add the command group to ``app``."""
    app.add_typer(bench_app, name="bench")
