"""``summix translate``: documents (text, Markdown, HTML), lines, JSONL, TSV or Parquet records, on this
machine or on Ray."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from summix.cli.errors import flag
from summix.cli.options import (
    CheckBackOpt,
    CheckOpt,
    KeepAllOpt,
    KeepApostrophesOpt,
    ModelOpt,
    OutputOpt,
    RuntimeFlags,
    SourceOpt,
    check_setting,
    echo_err,
    progress,
    say_backends,
    with_flags,
)

CHUNK_SIZE = 128  # summix.request.CHUNK_SIZE, repeated so that --help does not import the library
_EPILOG = (
    "Exit codes: 0 every item translated; 1 an error stopped the run (what was written is kept: re-run to "
    "continue); 3 finished, but some items were skipped or failed (--on-error skip); 130 interrupted."
)
PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (their files matching --glob) or - for standard input.", show_default=False
    ),
]


@dataclass(frozen=True)
class RequestFlags:
    """What to translate into what, and where to write it (see :class:`summix.request.TranslateRequest`)."""

    to: Annotated[
        str,
        typer.Option(
            "--to",
            "-t",
            help="Target languages, comma-separated: uz (= uz-Latn), uz-Cyrl, ru, en "
            "(default: uz, ru and en but the source).",
        ),
    ] = "auto"
    source: SourceOpt = "auto"
    model: ModelOpt = None
    input_format: Annotated[
        str,
        typer.Option(
            "--input-format",
            "-i",
            help="text (a file is one document), md or html (a document whose markup is kept), lines (one "
            "item per line), jsonl, tsv or parquet (records); auto: md for .md/.markdown, html for "
            ".html/.htm, else text.",
        ),
    ] = "auto"
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "--output-format",
            "-f",
            show_default=False,
            help="text, json or md for text documents; md, html, lines, jsonl, tsv and parquet keep "
            "theirs (default: as the input).",
        ),
    ] = None
    field: Annotated[
        str,
        typer.Option(
            "--field", "--column", help="JSONL field (a.b for nested keys) or table column to translate."
        ),
    ] = "text"
    output: OutputOpt = None
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir",
            "-d",
            show_default=False,
            help="Write one output per input (and language) here, resuming an interrupted run.",
        ),
    ] = None
    glob: Annotated[
        str | None,
        typer.Option(
            help="Files to take from a folder (default: *.txt, *.md, *.html, *.jsonl, *.tsv or *.parquet, "
            "by --input-format).",
            show_default=False,
        ),
    ] = None
    on_error: Annotated[
        str, typer.Option(help="stop at the first bad item, or skip it, report it, and go on (exit code 3).")
    ] = "stop"
    cache: Annotated[
        str | None,
        typer.Option(help="Folder of a persistent segment cache: re-runs translate only what changed."),
    ] = None
    chunk_size: Annotated[
        int, typer.Option(help="Records read, translated and written together (bounds memory; a Ray batch).")
    ] = CHUNK_SIZE
    beams: Annotated[
        int | None,
        typer.Option(help="Beam size (default: the model card's, else 4); 1 = greedy, the fastest."),
    ] = None
    engine: Annotated[
        str, typer.Option(help="local (this process) or ray (a Ray cluster; pip install 'summix[ray]').")
    ] = "local"
    keep_all: KeepAllOpt = False
    # JSONL records gain FIELD_LANG_checks; lines, TSV and Parquet keep their shape (stderr summary only).
    check: CheckOpt = False
    check_back: CheckBackOpt = False
    keep_apostrophes: KeepApostrophesOpt = False

    def request(self, paths: list[str]) -> Any:
        """The checked :class:`~summix.request.TranslateRequest`.

        Raises:
            SettingError, LanguageError: a bad value.
        """
        from summix.options import with_beams
        from summix.request import TranslateRequest

        return TranslateRequest(
            inputs=tuple(paths),
            to=self.to,
            source=self.source,
            model=self.model,
            input_format=self.input_format,
            output_format=self.output_format,
            field=self.field,
            output=self.output,
            output_dir=self.output_dir,
            glob=self.glob,
            on_error=self.on_error,
            chunk_size=self.chunk_size,
            cache=self.cache,
            generation=with_beams(self.beams),
            engine=self.engine,
            keep_all=self.keep_all,
            keep_apostrophes=self.keep_apostrophes,
            check=check_setting(self.check, self.check_back),
        )


@dataclass(frozen=True)
class RayFlags:
    """Where and how wide the Ray engine runs (see :class:`summix.rayengine.RayOptions`)."""

    ray_address: Annotated[
        str | None,
        typer.Option(help="Ray cluster to join: auto or ray://host:port (default: start a local one)."),
    ] = None
    workers: Annotated[int, typer.Option(help="Ray engine: actors, each holding one loaded model.")] = 2
    gpus_per_worker: Annotated[float, typer.Option(help="Ray engine: GPUs per actor (e.g. 1).")] = 0.0

    def options(self) -> Any:
        """The :class:`~summix.rayengine.RayOptions`."""
        from summix.rayengine import RayOptions

        return RayOptions(self.ray_address, self.workers, self.gpus_per_worker)


@with_flags(flags=RequestFlags, runtime=RuntimeFlags, ray=RayFlags)
def translate(paths: PathsArg, *, flags: RequestFlags, runtime: RuntimeFlags, ray: RayFlags) -> None:
    """Translate documents (text, Markdown, HTML), lines, JSONL, TSV or Parquet records, checking that no
    sentence is lost.

    With --engine ray, --threads is the CPU threads of each actor (default 1)."""
    request = flags.request(paths)
    ray_options = ray.options()  # checked whichever engine runs: a bad value is refused, not ignored
    if request.engine == "ray":
        from summix import rayengine

        options = runtime.runtime(threads=1)
        summary = rayengine.run(request, options, ray_options, notify=echo_err, naming=flag)
    else:
        from summix import batch
        from summix.session import Session

        options = runtime.runtime()
        with Session(options) as session, progress("translating") as report:
            summary = batch.run(
                request,
                session,
                stdin=sys.stdin.buffer,
                stdout=sys.stdout.buffer,
                notify=echo_err,
                progress=report,
                naming=flag,
            )
            say_backends(options, session.signatures())
    echo_err(summary.line())
    for line in summary.checks:
        echo_err(line)
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command(epilog=_EPILOG)(translate)
