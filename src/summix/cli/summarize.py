"""``summix summarize``: one document in, its summary in each language out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from summix.cli.options import (
    CheckBackOpt,
    CheckOpt,
    KeepApostrophesOpt,
    ModelOpt,
    OutputOpt,
    PathArg,
    RuntimeFlags,
    SourceOpt,
    check_setting,
    echo_err,
    progress,
    say_backends,
    with_flags,
)

_NO_SUMMARIZER = "no summarizer installed; `summix models pull mt5-xlsum` adds one"
BATCH_SIZE = 4


@with_flags(runtime=RuntimeFlags)
def summarize(
    path: PathArg,
    lang: Annotated[
        str,
        typer.Option(
            "--lang", "-l", help="Summary languages, comma-separated: uz (= uz-Latn), uz-Cyrl, ru, en."
        ),
    ] = "uz,ru,en",
    method: Annotated[
        str,
        typer.Option(help="auto (abstractive when a summarizer is installed), abstractive or extractive."),
    ] = "auto",
    model: ModelOpt = None,
    translator: Annotated[
        str | None, typer.Option(help="Model that translates the summary into the other languages.")
    ] = None,
    sentences: Annotated[
        int | None, typer.Option(help="Extractive summary length in sentences [default: ~8%, 3-10].")
    ] = None,
    source: SourceOpt = "auto",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or md.")] = "text",
    input_format: Annotated[
        str,
        typer.Option(
            "--input-format",
            "-i",
            help="text, md or html (the text without its markup is summarised); auto: by the suffix.",
        ),
    ] = "auto",
    output: OutputOpt = None,
    check: CheckOpt = False,
    check_back: CheckBackOpt = False,
    keep_apostrophes: KeepApostrophesOpt = False,
    *,
    runtime: RuntimeFlags,
) -> None:
    """Summarize a document in each of --lang. Works with no model installed (extractive)."""
    from summix import render
    from summix.documents import read_text
    from summix.options import check_choice
    from summix.session import Session

    check_choice("output_format", fmt, render.FORMATS)
    options = runtime.runtime(batch_size=BATCH_SIZE)
    text = read_text(path, input_format)
    with Session(options) as session, progress("summarizing") as report:
        result = session.summarize(
            text, lang, method=method, model=model, translator=translator, sentences=sentences,
            source=source, progress=report, partial=True, keep_apostrophes=keep_apostrophes,
            check=check_setting(check, check_back) or False,
        )  # fmt: skip
    if method == "auto":
        why = "a summarizer is installed" if result.method == "abstractive" else _NO_SUMMARIZER
        echo_err(f"summix: method {result.method} ({why})")
    say_backends(options, [s.signature for s in result.summaries])
    _write(render.render_summary(result, fmt), output)
    _say_checks(result)
    _exit_if_missing(result)


def _exit_if_missing(result: object) -> None:
    """Say which languages have no summary, and exit with 3 when some have none."""
    missing = [s for s in result.summaries if s.method == "unavailable"]  # type: ignore[attr-defined]
    for summary in missing:
        echo_err(f"summix: no {summary.language} summary: {summary.notes[0]}")
    if missing:
        raise typer.Exit(3)


def _say_checks(result: object) -> None:
    """One line per checked summary on stderr, then the notes about the checks."""
    from summix.checks.report import summary_line

    for summary in result.summaries:  # type: ignore[attr-defined]
        if summary.checks is not None:
            echo_err(f"summix: checks, {summary.language}: {summary_line(summary.checks, 'sentences')}")
            for note in summary.notes:
                echo_err(f"summix: {summary.language}: {note}")


def _write(text: str, output: str | None) -> None:
    """The rendered summary to standard output, or whole to ``output`` (never half-written)."""
    from summix.sinks import write_whole

    to_file = output is not None and output != "-"
    outputs = {"out": Path(str(output))} if to_file else None
    write_whole({"out": (text + "\n").encode("utf-8")}, outputs, sys.stdout.buffer)
    if to_file:
        echo_err(f"wrote {output}")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command()(summarize)
