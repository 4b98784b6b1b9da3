"""``jsonl``: the string at a field (``a.b`` for nested keys) of each JSON object is translated, and
``FIELD_LANG`` is added beside it; every other field is kept. With --check, ``FIELD_LANG_checks`` follows
each translation: one ``{"flags": [...], "values": {...}}`` per line of the text."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from summix.errors import InputError
from summix.formats.base import ERROR_FIELD, INPUT_FIELD, STREAM_KEY, Checks, Columns, Done, Parts, Record
from summix.formats.lines import LineFormat, decode_line, strip_line_end

# Outside strings these cannot occur in JSON, so escaping them everywhere is safe.
_LINE_BREAK_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


class Number:
    """A JSON number that a float would write back otherwise (more digits than a double holds, 1e400,
    1E5, 1.50, NaN): kept as its text, so a field summix does not translate is written as it was read."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _number(text: str) -> float | Number:
    """``text`` as a float when the float writes it back the same, else as a :class:`Number`."""
    value = float(text)
    return value if repr(value) == text else Number(text)


def load_json(line: str) -> Any:
    """A JSON value whose numbers come back as written (see :class:`Number`)."""
    return json.loads(line, parse_float=_number, parse_constant=Number)


def get_field(data: dict, path: str) -> str:
    """The string at ``path`` in ``data``; ``a.b`` is ``data["a"]["b"]``.

    Raises:
        InputError: the field is missing, or is not a string.
    """
    value: Any = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise InputError(
                f"the record has no field {path!r} (keys: {', '.join(map(str, data)) or 'none'})"
            )
        value = value[key]
    if not isinstance(value, str):
        kind = "null" if value is None else "float" if isinstance(value, Number) else type(value).__name__
        raise InputError(f"field {path!r} is {kind}, not a string")
    return value


def dump_json(data: Any) -> bytes:
    """One JSON line in UTF-8, numbers read as :class:`Number` written as they were read. Characters that
    some readers take for line breaks (U+0085, U+2028, U+2029) and those UTF-8 cannot carry (lone
    surrogates) are written as escapes."""
    numbers: list[str] = []
    mark = secrets.token_hex(8)  # no string of the record can be the placeholder of a number

    def placeholder(value: Any) -> str:
        if not isinstance(value, Number):
            raise TypeError(f"{type(value).__name__} is not JSON")
        numbers.append(value.text)
        return f"{mark}:{len(numbers) - 1}"

    text = json.dumps(data, ensure_ascii=False, default=placeholder).translate(_LINE_BREAK_ESCAPES)
    if not _encodable(text):
        numbers.clear()
        text = json.dumps(data, default=placeholder)
    if numbers:
        text = re.sub(f'"{mark}:(\\d+)"', lambda m: numbers[int(m[1])], text)
    return (text + "\n").encode("utf-8")


def _encodable(text: str) -> bool:
    """True when ``text`` has no lone surrogate, which UTF-8 cannot carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_jsonl(raw: bytes, where: str, source: int, first: bool, field_name: str, _state: dict) -> Record:
    """A JSONL record: a JSON object whose ``field_name`` (dots for nested keys) is a string."""
    try:
        line = decode_line(raw, where, first)
    except InputError as exc:
        return Record(where, source, raw, error=str(exc))
    if not line.strip():
        return Record(where, source, raw, counted=False)
    try:
        data = load_json(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than Python can parse
        return Record(
            where, source, raw, error=f"{where}: not JSON ({exc}); each line must be one JSON object"
        )
    if not isinstance(data, dict):
        kind = type(data).__name__
        return Record(
            where, source, raw, error=f"{where}: a JSON {kind}, not an object with a {field_name!r} field"
        )
    try:
        return Record(where, source, raw, text=get_field(data, field_name), payload=data)
    except InputError as exc:
        return Record(where, source, raw, payload=data, error=f"{where}: {exc}")


class JsonlFormat(LineFormat):
    """One JSON object per line."""

    name = "jsonl"
    glob = "*.jsonl"

    def parse(self, raw: bytes, where: str, source: int, first: bool, field_name: str, state: dict) -> Record:
        """See :func:`parse_jsonl`."""
        return parse_jsonl(raw, where, source, first, field_name, state)

    def taken(self, record: Record, columns: Columns) -> str | None:
        """The first ``FIELD_LANG`` the object has already (beside the field, nested ones too)."""
        if not isinstance(record.payload, dict):
            return None
        parent, last = _parent(record.payload, columns.field)
        return columns.taken(parent, last)

    def encode(
        self, record: Record, done: Done, error: str | None, columns: Columns, *, checks: Checks = None
    ) -> Parts:
        """The same object with ``FIELD_uz``… added beside the field, and ``FIELD_uz_checks`` after each
        when checked (or ``summix_error`` when ``error``; a line that is no object becomes
        ``{"summix_error": …, "summix_input": line}``); blank lines stay blank. ``summix_error`` reports
        this run: a translated record loses one an earlier run left in it."""
        if not record.counted:
            return {STREAM_KEY: b"\n"}
        if not isinstance(record.payload, dict):
            line = strip_line_end(record.raw).decode("utf-8", "replace")
            return {STREAM_KEY: dump_json({ERROR_FIELD: error, INPUT_FIELD: line})}
        data = record.payload
        if error is not None:
            data[ERROR_FIELD] = error
        else:
            data.pop(ERROR_FIELD, None)  # an earlier run's, now translated
            parent, last = _parent(data, columns.field)
            for lang, text in (done or {}).items():
                parent[f"{last}_{lang}"] = text
                if checks and lang in checks:
                    parent[f"{last}_{lang}_checks"] = [c.to_json() for c in checks[lang]]
        return {STREAM_KEY: dump_json(data)}


def _parent(data: dict, path: str) -> tuple[dict, str]:
    *keys, last = path.split(".")
    for key in keys:
        data = data[key]
    return data, last
