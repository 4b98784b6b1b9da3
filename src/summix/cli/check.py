"""``summix check``: check an output against its source, line by line or paragraph by paragraph, with no
model."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

_EPILOG = (
    "Exit codes: 0 the files were checked, whether or not something was flagged; 1 bad input (unreadable or "
    "binary files, line or paragraph counts that differ, an unknown language or check)."
)


def check(
    source: Annotated[
        str,
        typer.Argument(help="The source text: a UTF-8 file, or - for standard input.", show_default=False),
    ],
    output: Annotated[
        str,
        typer.Argument(help="Its translation, aligned with it: a UTF-8 file, or -.", show_default=False),
    ],
    src: Annotated[str, typer.Option("--from", help="Source language: en, ru or uz.", show_default=False)],
    tgt: Annotated[str, typer.Option("--to", help="Output language: en, ru or uz.", show_default=False)],
    unit: Annotated[
        str,
        typer.Option(
            "--input-format",
            "-i",
            help="lines (line N of the output translates line N of the source) or text (two documents, "
            "aligned by paragraph).",
        ),
    ] = "lines",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text (a line per flagged line or paragraph, then a summary), jsonl (one object per line "
            "or paragraph: flags and measured values) or json.",
        ),
    ] = "text",
    kinds: Annotated[
        str | None,
        typer.Option(
            "--checks",
            help="Checks to run, comma-separated: empty, numbers, names, length, truncated, language, "
            "copy, repetition [default: all].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a translation against its source with no model: numbers, names, length, truncation,
    language, untranslated copies, repetition. Human, summix or any other system's output."""
    from summix import checkfiles
    from summix.checkfiles import REPORTS
    from summix.options import check_choice

    check_choice("output_format", fmt, REPORTS)
    chosen = [k.strip() for k in kinds.split(",") if k.strip()] if kinds is not None else None
    if source == "-" and output == "-":
        from summix.errors import InputError

        raise InputError(
            "the source and the output cannot both be standard input: name one of them as a file"
        )
    result = checkfiles.check_texts(_read(source), _read(output), src, tgt, unit=unit, kinds=chosen)
    sys.stdout.write(checkfiles.render(result, fmt))


def _read(path: str) -> str:
    """A whole UTF-8 text, as the document reader reads it (an empty one too)."""
    from pathlib import Path

    from summix.documents import decode_bytes, read_file

    data = sys.stdin.buffer.read() if path == "-" else read_file(Path(path))
    return decode_bytes(data, "<stdin>" if path == "-" else path)


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command(epilog=_EPILOG)(check)
