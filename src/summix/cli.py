"""The command line: parse, call the library, print. No model logic lives here."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from summix import __version__
from summix.cli_bench import bench_app
from summix.cli_convert import convert
from summix.cli_models import languages, models_app
from summix.errors import OutputError, SummixError

app = typer.Typer(
    help="Summarize and translate documents into Uzbek, Russian and English with local seq2seq models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(bench_app, name="bench")

PathArg = Annotated[
    str, typer.Argument(help="A UTF-8 text file, or - for standard input.", show_default=False)
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Model alias, hub repo id (org/name) or folder.", show_default=False),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or md.")]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (or folder, for translate) instead of stdout."),
]
DeviceOpt = Annotated[
    str | None, typer.Option(help="auto, cpu, cuda or mps [env SUMMIX_DEVICE; default auto].")
]
DtypeOpt = Annotated[
    str | None,
    typer.Option(
        help="auto, float32, bfloat16 or float16 [env SUMMIX_DTYPE; auto: fp32 on CPU, bf16 on GPU]."
    ),
]
ThreadsOpt = Annotated[int | None, typer.Option(help="Torch CPU threads [env SUMMIX_THREADS].")]
BatchOpt = Annotated[int, typer.Option(help="Segments per model call (length-sorted).")]
ModelsDirOpt = Annotated[
    str | None, typer.Option(help="Folder of local models [env SUMMIX_MODELS_DIR; default ./models].")
]
PickleOpt = Annotated[
    bool, typer.Option(help="Allow loading pickle (*.bin) weights from a source you trust.")
]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        help="auto, transformers or ctranslate2 (env SUMMIX_BACKEND; auto: a converted model when one is "
        "installed by summix models convert, else transformers)."
    ),
]
InterThreadsOpt = Annotated[
    int | None,
    typer.Option(
        help="ctranslate2: decode this many slices of each batch in parallel, each on threads / N threads "
        "(env SUMMIX_INTER_THREADS; default 1)."
    ),
]
MaxBatchTokensOpt = Annotated[
    int | None,
    typer.Option(
        help="Fill each model call up to this many padded source tokens instead of --batch-size segments "
        "(env SUMMIX_MAX_BATCH_TOKENS)."
    ),
]


_NO_SUMMARIZER = "no summarizer installed; `summix models pull mt5-xlsum` adds one"
CHUNK_SIZE = 128  # summix.batch.CHUNK_SIZE, repeated so that --help does not import the batch module
_TRANSLATE_EPILOG = (
    "Exit codes: 0 every item translated; 1 an error stopped the run (what was written is kept: re-run to "
    "continue); 3 finished, but some items were skipped or failed (--on-error skip); 130 interrupted."
)
F = TypeVar("F", bound=Callable[..., None])


def friendly_errors(command: F) -> F:
    """Turn a SummixError into one line on stderr and exit code 1 (``SUMMIX_DEBUG=1``: the traceback)."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except SummixError as exc:
            if os.environ.get("SUMMIX_DEBUG"):
                raise
            typer.echo(f"summix: error: {exc}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("summix: interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


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


@contextmanager
def _progress(label: str) -> Iterator[object]:
    """A rich progress counter on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description} {task.completed} segments"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


def _check_positive(*options: tuple[int | None, str]) -> None:
    """Raise for the first given (value, option name) pair whose value is below 1."""
    for value, name in options:
        if value is not None and value < 1:
            raise SummixError(f"{name} must be a positive number, not {value}")


def _runtime(
    device: str | None,
    dtype: str | None,
    threads: int | None,
    batch: int,
    models_dir: str | None,
    allow_pickle: bool,
    backend: str | None = None,
    max_batch_tokens: int | None = None,
    inter_threads: int | None = None,
) -> object:
    from summix.options import BACKENDS, DEVICES, DTYPES, RuntimeOptions

    checks = ((device, DEVICES, "--device"), (dtype, DTYPES, "--dtype"), (backend, BACKENDS, "--backend"))
    for value, valid, name in checks:
        if value is not None and value not in valid:
            raise SummixError(f"unknown {name} {value!r}: choose from {', '.join(valid)}")
    _check_positive((max_batch_tokens, "--max-batch-tokens"), (inter_threads, "--inter-threads"))
    return RuntimeOptions.from_env(
        device=device,
        dtype=dtype,
        threads=threads,
        batch_size=batch,
        models_dir=models_dir,
        allow_pickle=allow_pickle,
        backend=backend,
        max_batch_tokens=max_batch_tokens,
        inter_threads=inter_threads,
    )


def _say_backends(runtime: object, signatures: list[object]) -> None:
    """Under ``--backend auto``, say on stderr which engine ran each model."""
    if getattr(runtime, "backend", None) != "auto":
        return
    for backend, dtype, model_id in dict.fromkeys((s.backend, s.dtype, s.model_id) for s in signatures if s):
        typer.echo(f"summix: backend {backend} ({dtype}) for {model_id}", err=True)


def _check_format(fmt: str) -> None:
    from summix.render import FORMATS

    if fmt not in FORMATS:
        raise SummixError(f"unknown --format {fmt!r}: choose from {', '.join(FORMATS)}")


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        typer.echo(text)
        return
    path = Path(output)
    try:
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    typer.echo(f"wrote {output}", err=True)


@app.command()
@friendly_errors
def summarize(
    path: PathArg,
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Summary languages, comma-separated.")
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
    source: Annotated[str, typer.Option("--from", help="Source language: auto, en, ru or uz.")] = "auto",
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    threads: ThreadsOpt = None,
    batch_size: BatchOpt = 4,
    models_dir: ModelsDirOpt = None,
    allow_pickle: PickleOpt = False,
    backend: BackendOpt = None,
    max_batch_tokens: MaxBatchTokensOpt = None,
    inter_threads: InterThreadsOpt = None,
) -> None:
    """Summarize a document in each of --lang. Works with no model installed (extractive)."""
    from summix import api, render
    from summix.text import read_text

    _check_format(fmt)
    runtime = _runtime(
        device, dtype, threads, batch_size, models_dir, allow_pickle, backend, max_batch_tokens, inter_threads
    )
    text = read_text(path)
    with _progress("summarizing") as progress:
        result = api.summarize(
            text,
            lang,
            method=method,
            model=model,
            translator=translator,
            sentences=sentences,
            source=source,
            runtime=runtime,
            progress=progress,
            partial=True,
        )
    if method == "auto":
        why = "a summarizer is installed" if result.method == "abstractive" else _NO_SUMMARIZER
        typer.echo(f"summix: method {result.method} ({why})", err=True)
    _say_backends(runtime, [s.signature for s in result.summaries])
    _emit(render.render_summary(result, fmt), output)
    missing = [s for s in result.summaries if s.method == "unavailable"]
    for summary in missing:
        typer.echo(f"summix: no {summary.language} summary: {summary.notes[0]}", err=True)
    if missing:
        raise typer.Exit(3)


@app.command(epilog=_TRANSLATE_EPILOG)
@friendly_errors
def translate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (their files matching --glob) or - for standard input.", show_default=False
        ),
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to", "-t", help="Target languages, comma-separated (default: uz, ru and en but the source)."
        ),
    ] = "auto",
    source: Annotated[str, typer.Option("--from", help="Source language: auto, en, ru or uz.")] = "auto",
    model: ModelOpt = None,
    input_format: Annotated[
        str,
        typer.Option(
            "--input-format",
            "-i",
            help="text (a file is one document), lines (one item per line), jsonl or tsv (records).",
        ),
    ] = "text",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "--output-format",
            "-f",
            help="text, json or md for documents; lines, jsonl, tsv keep theirs (default: as the input).",
            show_default=False,
        ),
    ] = None,
    field: Annotated[
        str,
        typer.Option(
            "--field", "--column", help="JSONL field (a.b for nested keys) or TSV column to translate."
        ),
    ] = "text",
    output: OutputOpt = None,
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir",
            "-d",
            help="Write one output per input (and language) here, resuming an interrupted run.",
            show_default=False,
        ),
    ] = None,
    glob: Annotated[
        str | None,
        typer.Option(
            help="Files to take from a folder (default: *.txt, *.jsonl or *.tsv).", show_default=False
        ),
    ] = None,
    on_error: Annotated[
        str, typer.Option(help="stop at the first bad item, or skip it, report it, and go on (exit code 3).")
    ] = "stop",
    cache: Annotated[
        str | None,
        typer.Option(help="Folder of a persistent segment cache: re-runs translate only what changed."),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option(help="Records read, translated and written together (bounds memory).")
    ] = CHUNK_SIZE,
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    threads: ThreadsOpt = None,
    batch_size: BatchOpt = 8,
    models_dir: ModelsDirOpt = None,
    allow_pickle: PickleOpt = False,
    backend: BackendOpt = None,
    max_batch_tokens: MaxBatchTokensOpt = None,
    engine: Annotated[
        str, typer.Option(help="local (this process) or ray (a Ray cluster; pip install 'summix[ray]').")
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(help="Ray cluster to join: auto or ray://host:port (default: start a local one)."),
    ] = None,
    workers: Annotated[int, typer.Option(help="Ray engine: actors, each holding one loaded model.")] = 2,
    gpus_per_worker: Annotated[float, typer.Option(help="Ray engine: GPUs per actor (e.g. 1).")] = 0.0,
    inter_threads: InterThreadsOpt = None,
    beams: Annotated[
        int | None,
        typer.Option(help="Beam size (default: the model card's, else 4); 1 = greedy, the fastest."),
    ] = None,
) -> None:
    """Translate documents, lines, JSONL or TSV records, checking that no sentence is lost.

    With --engine ray, --chunk-size is the number of records per Ray batch and --threads the torch
    threads of each actor (default 1)."""
    from summix import api, batch

    if engine not in ENGINES:
        raise SummixError(f"unknown --engine {engine!r}: choose from {', '.join(ENGINES)}")
    _check_positive((beams, "--beams"))
    if engine == "ray":
        from summix.rayengine import RayOptions

        runtime = _runtime(device, dtype, threads or 1, batch_size, models_dir, allow_pickle, backend,
                           max_batch_tokens, inter_threads)  # fmt: skip
        ray = RayOptions(ray_address, workers, gpus_per_worker, records_per_batch=chunk_size)
        _translate_on_ray(paths, input_format, field, output_dir, to, source, model, runtime, ray, beams)
        return

    options = batch.BatchOptions(
        paths=tuple(paths),
        to=to,
        source=source,
        model=model,
        input_format=input_format,
        output_format=fmt,
        field=field,
        output=output,
        output_dir=output_dir,
        glob=glob,
        on_error=on_error,
        chunk_size=chunk_size,
        cache_dir=cache,
        beams=beams,
    )
    runtime = _runtime(
        device, dtype, threads, batch_size, models_dir, allow_pickle, backend, max_batch_tokens, inter_threads
    )
    with _progress("translating") as progress:
        summary = batch.run(
            options,
            runtime,
            stdin=sys.stdin.buffer,
            stdout=sys.stdout.buffer,
            notify=lambda line: typer.echo(line, err=True),
            progress=progress,
        )
    _say_backends(runtime, api.loaded_signatures())
    typer.echo(summary.line(), err=True)
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


ENGINES: tuple[str, ...] = ("local", "ray")


def _translate_on_ray(
    paths: list[str], input_format: str, field: str, output_dir: str | None, to: str, source: str,
    model: str | None, runtime: object, options: object, beams: int | None = None,
) -> None:  # fmt: skip
    """Run ``summix translate --engine ray``: Ray Data in, one model per actor, Ray Data out."""
    from summix import rayengine
    from summix.api import batch_targets
    from summix.options import with_beams

    if not output_dir:
        raise SummixError("--engine ray writes to a folder: add --output-dir DIR")
    summary = rayengine.run(paths, input_format=input_format, text_field=field, output_dir=output_dir,
                            targets=batch_targets(to, source), source=source, model=model,
                            runtime=runtime, options=options,
                            generation=with_beams(beams))  # fmt: skip
    typer.echo(summary.line(), err=True)
    if summary.failed:
        raise typer.Exit(3)


models_app.command("convert")(friendly_errors(convert))
app.add_typer(models_app, name="models")
app.command()(languages)


def main() -> None:
    """Console entry point."""
    app()
