"""``tsv``: tab-separated with a header line and no quoting; a column (named in the header) is translated
and a ``COLUMN_LANG`` cell is appended to every row."""

from __future__ import annotations

from summix.errors import InputError
from summix.formats.base import STREAM_KEY, Checks, Columns, Done, Parts, Record
from summix.formats.lines import LineFormat, decode_line, strip_line_end


def parse_tsv(raw: bytes, where: str, source: int, first: bool, column: str, state: dict) -> Record:
    """A TSV row (tab-separated, no quoting); the first line of each file is the header naming ``column``.

    Raises:
        InputError: the header has no column ``column``.
    """
    try:
        line = decode_line(raw, where, first)
    except InputError as exc:
        if first:
            raise
        return Record(where, source, raw, error=str(exc))
    cells = line.split("\t")
    if first:
        if column not in cells:
            raise InputError(
                f"{where}: the header has no column {column!r} (columns: {', '.join(cells)}); "
                "choose another {field}",
                "field",
            )
        state["index"], state["width"] = cells.index(column), len(cells)
        return Record(where, source, raw, payload=cells, counted=False)
    if state["index"] >= len(cells):
        error = f"{where}: the row has {len(cells)} cells, the header {state['width']}"
        return Record(where, source, raw, payload=cells, error=error)
    return Record(where, source, raw, text=cells[state["index"]], payload=cells)


class TsvFormat(LineFormat):
    """A table with a header line."""

    name = "tsv"
    glob = "*.tsv"

    def parse(self, raw: bytes, where: str, source: int, first: bool, field_name: str, state: dict) -> Record:
        """See :func:`parse_tsv`."""
        return parse_tsv(raw, where, source, first, field_name, state)

    def encode(
        self, record: Record, done: Done, error: str | None, columns: Columns, *, checks: Checks = None
    ) -> Parts:
        """The same row with a cell per language appended (the header gets ``COLUMN_LANG``, a bad row
        empty cells)."""
        found = dict(done or {})
        header = isinstance(record.payload, list) and not record.counted
        cells = [f"{columns.field}_{lang}" if header else found.get(lang, "") for lang in columns.targets]
        return {STREAM_KEY: strip_line_end(record.raw) + ("\t" + "\t".join(cells) + "\n").encode("utf-8")}
