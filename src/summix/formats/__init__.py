"""Input and output formats, one module each; the table below names each format's class.

Adding a format is one module (a :class:`~summix.formats.base.Format` subclass) and one line here. The
table holds strings, so listing the names (for ``--help``) imports no format module.
"""

from __future__ import annotations

import importlib

from summix.errors import SettingError
from summix.formats.base import Format, Outcome, Record, Work

__all__ = ["Format", "Outcome", "Record", "Work", "get", "names"]

FORMATS: dict[str, str] = {
    "text": "summix.formats.text:TextFormat",
    "lines": "summix.formats.lines:LinesFormat",
    "jsonl": "summix.formats.jsonl:JsonlFormat",
    "tsv": "summix.formats.tsv:TsvFormat",
    "parquet": "summix.formats.parquet:ParquetFormat",
}
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
