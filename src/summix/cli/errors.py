"""From an exception to one line on standard error and an exit code: one table for every command.

Library errors name settings in library terms (``chunk_size``); here each becomes the flag that sets it
(``--chunk-size``). ``SUMMIX_DEBUG=1`` re-raises instead, so the traceback shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperGroup

from summix.errors import SummixError

# Settings whose flag is not simply "--" + the name with dashes.
FLAGS: dict[str, str] = {
    "source": "--from",
    "output_format": "--format",
    "languages": "--lang",
    "output": "-o FILE",  # messages read "give -o FILE or --output-dir DIR"
    "output_dir": "--output-dir DIR",
    "model": "--model",
    "cache": "--cache",
    # summix bench: library names that are shorter flags there
    "summary_sentences": "--sentences",
    "summary_words": "--words",
    "bandwidth_tbs": "--bandwidth",
    "time_budget_s": "--time-budget",
}


def flag(setting: str) -> str:
    """The command-line flag that sets ``setting``."""
    return FLAGS.get(setting, "--" + setting.replace("_", "-"))


def _summix_message(exc: BaseException) -> str:
    assert isinstance(exc, SummixError)
    return f"summix: error: {exc.naming(flag)}"


# (exception class, exit code, its line on standard error); the first class that matches wins.
ERRORS: tuple[tuple[type[BaseException], int, Callable[[BaseException], str]], ...] = (
    (KeyboardInterrupt, 130, lambda exc: "summix: interrupted"),
    (SummixError, 1, _summix_message),
)


def debug() -> bool:
    """True when ``SUMMIX_DEBUG`` asks for tracebacks."""
    return os.environ.get("SUMMIX_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def report(exc: BaseException) -> int | None:
    """Print ``exc``'s line and return its exit code; None for exceptions the table does not know (and
    for every exception under ``SUMMIX_DEBUG``), which the caller re-raises."""
    if debug():
        return None
    for kind, code, line in ERRORS:
        if isinstance(exc, kind):
            typer.echo(line(exc), err=True)
            return code
    return None


class SummixGroup(TyperGroup):
    """The top-level command group: every command (subgroups included) runs inside the error table."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a known error becomes one line and its exit code."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            code = report(exc)
            if code is None:
                raise
            raise typer.Exit(code) from None
