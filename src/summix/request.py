"""One ``summix translate`` run as one frozen, checked object, and the key of everything that decides its
outputs. Settings are parsed and checked here once; the local and the Ray engine read the same object."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summix import formats
from summix.checking import check_mode
from summix.errors import ModelNotFoundError, SettingError
from summix.formats import Format
from summix.keys import digest, step_settings
from summix.languages import LANGUAGES, check_source, model_direction, parse_targets, targets
from summix.options import GenerationOptions, check_choice, check_positive
from summix.session import Session

_SEPARATORS = tuple(sep for sep in (os.sep, os.altsep) if sep)  # "out/" names a folder

ON_ERROR: tuple[str, ...] = ("stop", "skip")
ENGINES: tuple[str, ...] = ("local", "ray")
CHUNK_SIZE = 128


@dataclass(frozen=True)
class TranslateRequest:
    """What to translate, into what, and how to write it. Checked when made.

    ``to`` None means auto: for records and output folders every language but a given source (all three
    when the source is detected), for one document to a stream the two it is not in. ``generation`` None
    means each model card's decoding settings.

    Raises:
        SettingError: an unknown format (or ``auto`` for inputs of different formats), error policy,
            engine or check; a format that cannot be rendered as asked; contradictory outputs; a chunk size
            below 1; an empty field name.
        LanguageError: an unknown language.
    """

    inputs: tuple[str, ...] = ("-",)
    to: tuple[str, ...] | str | None = None  # "uz,ru" or a tuple; kept as a tuple (None: auto)
    source: str = "auto"
    model: str | None = None
    input_format: str = "auto"  # by the inputs' suffixes (.md, .html, ...; text otherwise)
    output_format: str | None = None  # None: the input format's own
    field: str = "text"
    output: str | None = None
    output_dir: str | None = None
    glob: str | None = None
    on_error: str = "stop"
    chunk_size: int = CHUNK_SIZE
    cache: str | None = None
    generation: GenerationOptions | None = None
    engine: str = "local"
    keep_all: bool = False  # documents: keep page furniture instead of dropping it
    # Uzbek Latin output keeps the model's apostrophes instead of the standard U+02BB / U+02BC.
    keep_apostrophes: bool = False
    # None, "on" (checks and the model's scores) or "back" (and back-scores): see summix.checking.
    check: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalising a frozen object once, while it is made
        set_(self, "check", check_mode(self.check))
        set_(self, "to", parse_targets(self.to))
        set_(self, "source", check_source(self.source))
        set_(self, "input_format", formats.resolve(self.input_format, self.inputs, self.glob))
        fmt = formats.get(self.input_format)
        set_(self, "output_format", self.output_format or fmt.output_formats()[0])
        check_choice("output_format", self.output_format, fmt.output_formats())
        check_choice("on_error", self.on_error, ON_ERROR)
        check_choice("engine", self.engine, ENGINES)
        if self.output_dir and self.output:
            raise SettingError("give either {output_dir} or {output}, not both", "output_dir", "output")
        for name in ("output", "output_dir"):
            value = getattr(self, name)
            if value is not None and not str(value).strip():
                what = "a file or folder (- for stdout)" if name == "output" else "a folder"
                raise SettingError(f"{{{name}}} is empty: name {what}", name)
        check_positive("chunk_size", self.chunk_size)
        if not self.field.strip():
            raise SettingError("{field} is empty: name the JSONL field or table column to translate", "field")
        if self.engine == "ray" and not self.output_dir:
            raise SettingError("the ray engine writes to a folder: give an {output_dir}", "output_dir")
        if self.engine == "ray" and "-" in self.inputs:
            raise SettingError("the ray engine reads files, not standard input: name the input files")

    @property
    def format(self) -> Format:
        """The input format's object."""
        return formats.get(self.input_format)

    @property
    def folder(self) -> Path | None:
        """The output folder: ``output_dir``, or ``output`` naming an existing folder or ending in a path
        separator (``out/``, created)."""
        if self.output_dir:
            return Path(self.output_dir)
        output = str(self.output or "")
        if output and output != "-" and (output.endswith(_SEPARATORS) or Path(output).is_dir()):
            return Path(output)
        return None

    @property
    def record_targets(self) -> tuple[str, ...]:
        """The languages every record (and every file of an output folder) gets."""
        return targets(self.to, None if self.source == "auto" else self.source)

    @property
    def pattern(self) -> str:
        """The files a folder contributes."""
        return self.glob or self.format.glob

    def output_settings(self) -> dict[str, Any]:
        """The request's own settings that change what is written (not the models: see :func:`resume_key`)."""
        return {
            "input_format": self.input_format,
            "output_format": self.output_format,
            "field": self.field,
            "targets": list(self.record_targets),
            "source": self.source,
            # Short items take the language of their chunk: the chunk size can change a detected language.
            "chunk_size": self.chunk_size,
            "keep_all": self.keep_all,
            "keep_apostrophes": self.keep_apostrophes,
            # Checks add to what is written, never change a translation: the segment cache ignores them.
            **({"check": self.check} if self.check else {}),
        }


def resume_key(request: TranslateRequest, session: Session) -> str:
    """The key of every setting that decides the outputs apart from the input bytes: the request's own
    (:meth:`TranslateRequest.output_settings`: targets with their scripts, apostrophes kept or not), the
    runtime's device and dtype, and for every direction a model may take (``uz-Cyrl`` targets run the
    ``uz`` models), each step's model, conversion, engine and decoding settings
    (:func:`summix.keys.step_settings`). A re-run whose key differs translates again."""
    runtime = session.runtime
    sources = LANGUAGES if request.source == "auto" else (request.source,)
    pairs = itertools.product(sources, request.record_targets)
    directions = dict.fromkeys(d for s, t in pairs if (d := model_direction(s, t)) is not None)
    models = {f"{s}-{t}": _route_settings(request, session, s, t) for s, t in directions}
    device = {"device": runtime.device, "dtype": runtime.dtype}
    return digest([request.output_settings(), device, models])


def _route_settings(request: TranslateRequest, session: Session, src: str, tgt: str) -> Any:
    from summix.translation import step_generation

    try:
        route = session.route(src, tgt, request.model)
        plans = [session.plan(step.ref) for step in route.steps]
    except ModelNotFoundError:
        return None  # not installed now: installing it later changes the key
    steps = []
    for step, (engine, target) in zip(route.steps, plans, strict=True):
        options = step_generation(step.ref, request.generation, step.src, step.tgt)
        steps.append(
            step_settings(target, engine.name, options, src=step.src, tgt=step.tgt, task="translate")
        )
    return steps
