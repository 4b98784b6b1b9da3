"""Input and output formats, one module each; the table below names each format's class.

Adding a format is one module (a :class:`~summix.formats.base.Format` subclass) and one line here (and a
line in :data:`SUFFIXES` when files with a suffix of their own are that format). The tables hold strings,
so listing the names (for ``--help``) or choosing a format by suffix imports no format module.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

from summix.errors import SettingError
from summix.formats.base import Format, Outcome, Record, Work

__all__ = ["Format", "Outcome", "Record", "Work", "get", "names", "resolve"]

FORMATS: dict[str, str] = {
    "text": "summix.formats.text:TextFormat",
    "lines": "summix.formats.lines:LinesFormat",
    "jsonl": "summix.formats.jsonl:JsonlFormat",
    "tsv": "summix.formats.tsv:TsvFormat",
    "parquet": "summix.formats.parquet:ParquetFormat",
    "md": "summix.formats.markdown:MarkdownFormat",
    "html": "summix.formats.html:HtmlFormat",
}
# The formats ``auto`` takes by a file's suffix; any other file is ``text``.
SUFFIXES: dict[str, str] = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
AUTO = "auto"
_LOADED: dict[str, Format] = {}


def names() -> tuple[str, ...]:
    """Every format's name."""
    return tuple(FORMATS)


def get(name: str) -> Format:
    """The format called ``name``.

    Raises:
        SettingError: no format has that name.
    """
    if name not in FORMATS:
        valid = ", ".join(FORMATS)
        raise SettingError(f"unknown {{input_format}} {name!r}: choose from {valid}", "input_format")
    if name not in _LOADED:
        module, cls = FORMATS[name].split(":")
        _LOADED[name] = getattr(importlib.import_module(module), cls)()
    return _LOADED[name]


def resolve(name: str, inputs: Sequence[str], glob: str | None = None) -> str:
    """``name``, or for ``auto`` the format the inputs' suffixes name (:data:`SUFFIXES`; ``text``
    otherwise). A folder counts by the suffix of ``glob``, or when that names no format (``*``,
    ``*.htm*``) by the files the glob finds in it; standard input counts as ``text``.

    Raises:
        SettingError: an unknown name, or ``auto`` for inputs of different formats.
    """
    if name != AUTO:
        if name not in FORMATS:
            valid = ", ".join((AUTO, *FORMATS))
            raise SettingError(f"unknown {{input_format}} {name!r}: choose from {valid}", "input_format")
        return name
    found = {path: _kinds(path, glob) for path in inputs}
    kinds = sorted(set().union(*found.values()))
    if len(kinds) > 1:
        named = ", ".join(f"{path} ({', '.join(sorted(kind))})" for path, kind in found.items())
        raise SettingError(
            f"the inputs are in different formats: {named}; translate them in separate runs, "
            "or choose one {input_format}",
            "input_format",
        )
    return kinds[0] if kinds else "text"


def _kinds(path: str, glob: str | None) -> set[str]:
    """The formats one input's suffixes name (a folder's: its glob's, else its matching files')."""
    if path == "-":
        return {"text"}
    if not Path(path).is_dir():
        return {SUFFIXES.get(Path(path).suffix.lower(), "text")}
    if not glob:
        return {"text"}
    named = SUFFIXES.get(Path(glob).suffix.lower())
    if named:
        return {named}
    try:
        parts = Path(glob).parts
        if not parts or Path(glob).is_absolute() or ".." in parts:
            raise ValueError(glob)
        files = [f for f in Path(path).glob(glob) if f.is_file()]
    except (ValueError, NotImplementedError):
        return {"text"}  # no pattern, or one that leaves the folder: refused where the files are collected
    return {SUFFIXES.get(f.suffix.lower(), "text") for f in files} or {"text"}
