"""Options shared by several commands, and the decorator that hands a command its options as objects.

A command declares groups of options as dataclasses whose fields are ``Annotated`` Typer options
(:class:`RuntimeFlags`, ...) and receives one instance per group instead of each option one by one.
Help texts are plain text (Rich markup is off), so ``[env SUMMIX_DEVICE; default auto]`` and
``summix[ray]`` show as written.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_type_hints

import typer

F = TypeVar("F", bound=Callable[..., Any])

PathArg = Annotated[
    str, typer.Argument(help="A UTF-8 text file, or - for standard input.", show_default=False)
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Model alias, hub repo id (org/name) or folder.", show_default=False),
]
SourceOpt = Annotated[
    str, typer.Option("--from", help="Source language: auto, en, ru, uz (= uz-Latn) or uz-Cyrl.")
]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (or folder, for translate) instead of stdout."),
]
MethodOpt = Annotated[
    str,
    typer.Option(
        help="auto (abstractive when a summarizer is installed and no --sentences/--words is given), "
        "abstractive or extractive."
    ),
]
TranslatorOpt = Annotated[
    str | None, typer.Option(help="Model that translates the summary into the other languages.")
]
SentencesOpt = Annotated[
    int | None,
    typer.Option(help="Extractive summary length in sentences, at most [default: about 11% of the words]."),
]
WordsOpt = Annotated[
    int | None, typer.Option(help="Extractive summary length in words, at most (one sentence at least).")
]
DocumentFormatOpt = Annotated[
    str,
    typer.Option(
        "--input-format",
        "-i",
        help="text, md or html (only the text outside the markup is read); auto: by the suffix.",
    ),
]
ModelsDirOpt = Annotated[
    str | None, typer.Option(help="Folder of local models [env SUMMIX_MODELS_DIR; default ./models].")
]
KeepAllOpt = Annotated[
    bool,
    typer.Option(
        "--keep-all",
        help="Keep every line of a document, page furniture too (Share, 5 min read, ...) [default: drop it].",
    ),
]
KeepApostrophesOpt = Annotated[
    bool,
    typer.Option(
        "--keep-apostrophes",
        help="Keep the apostrophes a model writes in Uzbek Latin (default: the standard U+02BB in oʻ/gʻ "
        "and U+02BC for the tutuq belgisi).",
    ),
]
PickleOpt = Annotated[
    bool, typer.Option(help="Allow loading pickle (*.bin) weights from a source you trust.")
]
CheckOpt = Annotated[
    bool,
    typer.Option(
        "--check",
        help="Check every output part (numbers, names, length, truncation, language, copy, repetition) and "
        "keep the model's own token log-probabilities: JSON gains checks, Markdown marks flagged parts, "
        "stderr gets one summary line per language. Translations stay the same.",
    ),
]
CheckBackOpt = Annotated[
    bool,
    typer.Option(
        "--check-back",
        help="--check, plus a back-score log P(source | output) by an installed model that translates "
        "the other way.",
    ),
]


def check_setting(check: bool, back: bool) -> str | None:
    """The library's ``check`` for the --check and --check-back flags."""
    return "back" if back else "on" if check else None


@dataclass(frozen=True)
class RuntimeFlags:
    """Where and how models run (see :class:`summix.options.RuntimeOptions`)."""

    device: Annotated[
        str | None, typer.Option(help="auto, cpu, cuda or mps [env SUMMIX_DEVICE; default auto].")
    ] = None
    dtype: Annotated[
        str | None,
        typer.Option(
            help="auto, float32, bfloat16 or float16 [env SUMMIX_DTYPE; auto: fp32 on CPU, bf16 on GPU]."
        ),
    ] = None
    threads: Annotated[
        int | None,
        typer.Option(
            help="CPU threads, at most the usable cores [env SUMMIX_THREADS; default one per core]."
        ),
    ] = None
    batch_size: Annotated[
        int | None,
        typer.Option(
            help="Segments per model call, length-sorted [default: 8; summarize 4].", show_default=False
        ),
    ] = None
    models_dir: ModelsDirOpt = None
    allow_pickle: PickleOpt = False
    backend: Annotated[
        str | None,
        typer.Option(
            help="auto, transformers or ctranslate2 [env SUMMIX_BACKEND; auto: a conversion made by "
            "summix models convert when one is installed, else transformers]."
        ),
    ] = None
    max_batch_tokens: Annotated[
        int | None,
        typer.Option(
            help="Fill each model call up to this many padded source tokens instead of --batch-size "
            "segments [env SUMMIX_MAX_BATCH_TOKENS]."
        ),
    ] = None
    inter_threads: Annotated[
        int | None,
        typer.Option(
            help="ctranslate2: decode this many slices of each batch in parallel, each on threads / N "
            "threads [env SUMMIX_INTER_THREADS; default on a CPU: one per thread, each on 1 thread]."
        ),
    ] = None

    def runtime(self, **defaults: Any) -> Any:
        """The checked :class:`~summix.options.RuntimeOptions`: these flags, else ``defaults``, else the
        ``SUMMIX_*`` environment, else the library's defaults.

        Raises:
            SettingError: a bad value.
        """
        from summix.options import RuntimeOptions

        given = {k: v for k, v in asdict(self).items() if v is not None}
        return RuntimeOptions.from_env(**{**defaults, **given})


def with_flags(**groups: type) -> Callable[[F], F]:
    """Expose the fields of each group dataclass as options of the command, and call the command with one
    instance per group (``runtime=RuntimeFlags`` gives the command a ``runtime: RuntimeFlags``)."""

    def decorate(command: F) -> F:
        hints = get_type_hints(command, include_extras=True)
        params = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in inspect.signature(command).parameters.values()
            if p.name not in groups
        ]
        for group in groups.values():
            group_hints = get_type_hints(group, include_extras=True)
            params += [
                inspect.Parameter(
                    f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=group_hints[f.name]
                )
                for f in fields(group)
            ]

        def wrapper(**kwargs: Any) -> Any:
            built = {
                name: group(**{f.name: kwargs.pop(f.name) for f in fields(group)})
                for name, group in groups.items()
            }
            return command(**kwargs, **built)

        wrapper.__name__, wrapper.__doc__ = command.__name__, command.__doc__
        wrapper.__wrapped_command__ = command  # type: ignore[attr-defined]
        wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        return wrapper  # type: ignore[return-value]

    return decorate


@contextmanager
def progress(label: str) -> Iterator[Callable[[int], None] | None]:
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


def say_backends(runtime: Any, signatures: list[Any]) -> None:
    """Under ``--backend auto``, say on stderr which engine ran each model."""
    if runtime.backend != "auto":
        return
    for backend, dtype, model_id in dict.fromkeys((s.backend, s.dtype, s.model_id) for s in signatures if s):
        typer.echo(f"summix: backend {backend} ({dtype}) for {model_id}", err=True)


def echo_err(line: str) -> None:
    """One line on standard error."""
    typer.echo(line, err=True)


def check_output(output: str | None, path: str) -> None:
    """Refuse, before any work, an ``-o`` that names no file (``""``, ``out/``), that is the input ``path``
    itself (writing there would replace the document with what was made from it), that is a folder, or
    whose folder cannot be written (a device such as ``/dev/null`` is written into, so its folder is not
    asked).

    Raises:
        SettingError: ``output`` names no file, or the input file.
        OutputError: it is a folder, or its folder cannot be created or written.
    """
    from summix.errors import OutputError, SettingError
    from summix.sinks import check_writable, special

    if output is None or output == "-":
        return
    if not output.strip() or output.endswith(("/", os.sep)):
        raise SettingError(
            f"{output!r} names no file: give {{output}} a file name, or - for stdout", "output"
        )
    out = Path(output)
    if path != "-":
        given = Path(path)
        if out.resolve() == given.resolve() or (out.exists() and given.exists() and out.samefile(given)):
            raise SettingError(f"the output {output} is the input: choose another {{output}}", "output")
    if out.is_dir():
        raise OutputError(f"{output} is a folder: give {{output}} a file name", "output")
    if not special(out):
        check_writable(out.resolve().parent, "output")


def write_output(text: str, output: str | None) -> None:
    """``text`` to standard output, or whole to the file ``output`` (never half-written: a hidden part file
    is renamed when complete), then ``wrote FILE`` on stderr.

    Raises:
        OutputError: the file cannot be written, or standard output was closed.
    """
    from summix.sinks import write_whole

    to_file = output is not None and output != "-"
    outputs = {"out": Path(str(output))} if to_file else None
    write_whole({"out": text.encode("utf-8")}, outputs, sys.stdout.buffer)
    if to_file:
        echo_err(f"wrote {output}")
