"""``summix summarize``: one document in, its summary in each language out."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from summix.cli.options import (
    CheckBackOpt,
    CheckOpt,
    DocumentFormatOpt,
    KeepAllOpt,
    KeepApostrophesOpt,
    MethodOpt,
    ModelOpt,
    OutputOpt,
    PathArg,
    RuntimeFlags,
    SentencesOpt,
    SourceOpt,
    TranslatorOpt,
    WordsOpt,
    check_output,
    check_setting,
    echo_err,
    progress,
    say_backends,
    with_flags,
    write_output,
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
    method: MethodOpt = "auto",
    model: ModelOpt = None,
    translator: TranslatorOpt = None,
    sentences: SentencesOpt = None,
    source: SourceOpt = "auto",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or md.")] = "text",
    input_format: DocumentFormatOpt = "auto",
    output: OutputOpt = None,
    check: CheckOpt = False,
    check_back: CheckBackOpt = False,
    keep_apostrophes: KeepApostrophesOpt = False,
    words: WordsOpt = None,
    keep_all: KeepAllOpt = False,
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
    check_output(output, path)  # before the work, not after it
    text = read_text(path, input_format)
    with Session(options) as session, progress("summarizing") as report:
        result = session.summarize(
            text, lang, method=method, model=model, translator=translator, sentences=sentences,
            words=words, source=source, progress=report, partial=True, keep_all=keep_all,
            keep_apostrophes=keep_apostrophes,
            check=check_setting(check, check_back) or False,
        )  # fmt: skip
    _tell(result, options, auto=method == "auto", length=bool(sentences or words), fmt=fmt)
    write_output(render.render_summary(result, fmt) + "\n", output)
    _say_checks(result)
    _exit_if_missing(result)


def _exit_if_missing(result: object) -> None:
    """Say which languages have no summary, and exit with 3 when some have none."""
    missing = [s for s in result.summaries if s.method == "unavailable"]  # type: ignore[attr-defined]
    for summary in missing:
        echo_err(f"summix: no {summary.language} summary: {summary.notes[0]}")
    if missing:
        raise typer.Exit(3)


def _tell(result: Any, options: Any, *, auto: bool, length: bool, fmt: str) -> None:
    """On stderr: the method auto chose and why, the furniture lines left out, the engines used."""
    from summix.documents import dropped_note

    if auto:
        why = "--sentences/--words set an extractive length" if length else _NO_SUMMARIZER
        why = "a summarizer is installed" if result.method == "abstractive" else why
        echo_err(f"summix: method {result.method} ({why})")
    if fmt != "json" and result.dropped:  # JSON lists them in source.dropped
        echo_err(dropped_note(result.dropped))
    say_backends(options, [s.signature for s in result.summaries])


def _say_checks(result: object) -> None:
    """One line per checked summary on stderr, then the notes about the checks."""
    from summix.checks.report import summary_line

    for summary in result.summaries:  # type: ignore[attr-defined]
        if summary.checks is not None:
            echo_err(f"summix: checks, {summary.language}: {summary_line(summary.checks, 'sentences')}")
            for note in summary.notes:
                echo_err(f"summix: {summary.language}: {note}")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command()(summarize)
