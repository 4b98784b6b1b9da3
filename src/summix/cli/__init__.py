"""The command line: parse, call the library, print. No model logic lives here.

One module per command group; each has a ``register(app)`` function, and :data:`COMMANDS` lists them:
adding a command is one module and one line there. Every command runs inside one error table
(:mod:`summix.cli.errors`). Importing this package imports Typer only: the library loads when a command
runs, so ``summix --help`` stays instant.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from summix import __version__
from summix.cli.errors import SummixGroup

COMMANDS: tuple[str, ...] = (
    "summix.cli.summarize",
    "summix.cli.translate",
    "summix.cli.brief",
    "summix.cli.models",
    "summix.cli.languages",
    "summix.cli.transliterate",
    "summix.cli.bench",
    "summix.cli.check",
)

app = typer.Typer(
    cls=SummixGroup,
    help="Summarize and translate documents into Uzbek, Russian and English with local seq2seq models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summix {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Summarize and translate documents into Uzbek, Russian and English with local seq2seq models."""


for _module in COMMANDS:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Console entry point."""
    from summix.threads import prepare_openmp

    prepare_openmp()  # before any command imports torch or ctranslate2 (see summix.threads)
    app()
