"""``summix brief``: one document in, one page out: its summary in each language, the full text side by side
paragraph by paragraph, what ran, what could not be made, and the segments to look at twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import typer

from summix.cli.options import (
    DocumentFormatOpt,
    KeepApostrophesOpt,
    MethodOpt,
    PathArg,
    RuntimeFlags,
    SentencesOpt,
    SourceOpt,
    check_output,
    echo_err,
    progress,
    say_backends,
    with_flags,
    write_output,
)

_EPILOG = (
    "Exit codes: 0 every language made; 1 an error (nothing written); 3 the brief was written, but some "
    "languages are missing (one line each names the summix models pull command); 130 interrupted."
)


@dataclass(frozen=True)
class BriefFlags:
    """What goes into the brief (see :class:`summix.brief.BriefRequest`) and how it is written."""

    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this .html or .md file (default: HTML to stdout)."),
    ] = None
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", show_default=False, help="html or md (default: from the -o suffix, else html)."
        ),
    ] = None
    lang: Annotated[
        str,
        typer.Option("--lang", "-l", help="Languages, comma-separated: uz (= uz-Latn), uz-Cyrl, ru, en."),
    ] = "uz,ru,en"
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", show_default=False, help="Summarizer: alias, hub repo id (org/name) or folder."
        ),
    ] = None
    translator: Annotated[
        str | None, typer.Option(help="Model for the translations and the translated summaries.")
    ] = None
    method: MethodOpt = "auto"
    sentences: SentencesOpt = None
    beams: Annotated[
        int | None,
        typer.Option(help="Translation beam size (default: the model card's, else 4); 1 = greedy."),
    ] = None
    source: SourceOpt = "auto"
    input_format: DocumentFormatOpt = "auto"
    keep_apostrophes: KeepApostrophesOpt = False
    check: Annotated[
        bool,
        typer.Option(
            "--check/--no-check",
            help="Flag segments to look at twice (numbers, names, length, language, ...; no model needed).",
        ),
    ] = True
    made_on: Annotated[
        str | None,
        typer.Option(
            "--date",
            show_default=False,
            help="Date in the header, YYYY-MM-DD (default: today): the same input then gives the same page.",
        ),
    ] = None

    def made(self) -> date | None:
        """The date for the header (None: today).

        Raises:
            SettingError: ``--date`` is not a date written YYYY-MM-DD.
        """
        from summix.errors import SettingError

        if self.made_on is None:
            return None
        try:
            return date.fromisoformat(self.made_on)
        except ValueError:
            raise SettingError(
                f"{{date}} takes a date written YYYY-MM-DD, such as 2026-11-29, not {self.made_on!r}",
                "date",
            ) from None

    def request(self) -> Any:
        """The checked :class:`~summix.brief.BriefRequest`.

        Raises:
            LanguageError, SettingError: a bad value.
        """
        from summix.brief import BriefRequest, parse_tags

        return BriefRequest(
            parse_tags(self.lang), self.source, self.method, self.model, self.translator, self.sentences,
            self.beams, self.keep_apostrophes,
        )  # fmt: skip


@with_flags(options=BriefFlags, runtime=RuntimeFlags)
def brief(path: PathArg, *, options: BriefFlags, runtime: RuntimeFlags) -> None:
    """Write one page for a document: summaries, the full text in aligned columns, what ran, flags.

    --model is the summarizer. Works with no model installed: the extractive summary, the source text, and
    the languages not made, each with the command that installs a model for it.
    """
    from summix.brief import check_brief, format_for, make_brief, render_brief
    from summix.documents import read_text
    from summix.session import Session

    check_output(options.output, path)
    fmt, request, settings = format_for(options.output, options.fmt), options.request(), runtime.runtime()
    day = options.made()
    text = read_text(path, options.input_format)
    with Session(settings) as session, progress("briefing") as report:
        made = make_brief(session, text, request, made=day, progress=report)
        say_backends(settings, session.signatures())
    if options.check:
        made = check_brief(made)
    write_output(render_brief(made, fmt), options.output)
    for missing in made.missing:
        parts = " or ".join(missing.parts)
        echo_err(f"summix: no {missing.tag} {parts}: {missing.reason}: run `{missing.command}`")
    if made.missing:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command(epilog=_EPILOG)(brief)
