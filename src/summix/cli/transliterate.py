"""``summix transliterate``: Uzbek text from one script into the other, everything else kept byte for byte."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from summix.cli.options import PathArg, check_output, write_output


def transliterate(
    path: PathArg,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            "-t",
            help="uz-Latn (or uz) for the 1995 Latin alphabet, uz-Cyrl (or uz_cyrl, uzc) for Cyrillic.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (complete or not at all) instead of stdout."),
    ] = None,
) -> None:
    """Write Uzbek text in Latin or Cyrillic script. UTF-8 in and out; line breaks, whitespace,
    punctuation, digits, URLs and non-Uzbek words stay exactly as they were."""
    from summix.documents import decode_bytes, read_file
    from summix.translit import transliterate as convert

    convert("", to=to)  # a bad --to is one line before any input is read
    check_output(output, path)
    source = "<stdin>" if path == "-" else path
    data = sys.stdin.buffer.read() if path == "-" else read_file(Path(path))
    write_output(convert(decode_bytes(data, source, keep_line_ends=True), to=to), output)


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command()(transliterate)
