"""``tsv``: tab-separated with a header line, quoted the way spreadsheets and pandas write it (the csv
module's ``excel-tab`` dialect: a cell holding a tab, a quote or a line break is put in double quotes, a
quote inside doubled). A column (named in the header) is translated and a ``COLUMN_LANG`` cell is appended
to every row, quoted where it needs to be, so the output reads back with the same dialect."""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from summix.errors import InputError
from summix.formats.base import STREAM_KEY, Checks, Columns, Done, Outcome, Parts, Record, RecordFormat, Work
from summix.formats.lines import decode_line, strip_line_end
from summix.sources import Source, StdinFeed, source_lines


class Dialect(csv.excel_tab):
    """``excel-tab``, strict: a quote that opens a cell must close it (``"Hi" she said`` is refused rather
    than read as ``Hi she said``)."""

    strict = True


_QUOTE = Dialect.quotechar
_NEEDS_QUOTES = (Dialect.delimiter, _QUOTE, "\n", "\r")
# A quoted cell may hold line breaks; one still open after this many bytes is a stray quote, not a cell.
MAX_ROW_BYTES = 1 << 20


def parse_tsv(raw: bytes, where: str, source: int, first: bool, column: str, state: dict) -> Record:
    """A TSV row (``raw``: one line, or several when a quoted cell holds line breaks); the first row of each
    file is the header naming ``column``. A row whose cell count differs from the header's, or whose quotes
    do not parse, is an error record naming its line; a blank line under a header of several columns is
    copied as it is.

    Raises:
        InputError: the header cannot be read or has no column ``column``.
    """
    try:
        line = decode_line(raw, where, first)
        cells = split_row(line, where)
    except InputError as exc:
        if first:
            raise
        return Record(where, source, raw, error=str(exc))
    if not first and state["width"] > 1 and not line.strip(" "):
        return Record(where, source, raw, counted=False)  # a blank line (a trailing one, say) stays blank
    if first:
        if column not in cells:
            raise InputError(
                f"{where}: the header has no column {column!r} (columns: {', '.join(cells)}); "
                "choose another {field}",
                "field",
            )
        state["index"], state["width"] = cells.index(column), len(cells)
        return Record(where, source, raw, payload=cells, counted=False)
    if len(cells) != state["width"]:
        error = f"{where}: the row has {len(cells)} cells, the header {state['width']}"
        return Record(where, source, raw, payload=cells, error=error)
    return Record(where, source, raw, text=cells[state["index"]], payload=cells)


def split_row(line: str, where: str) -> list[str]:
    """The cells of one row. A row without quotes is cut at every tab (as before quoting existed, so
    a long unquoted cell has no size limit); a row with quotes is read with :class:`Dialect`.

    Raises:
        InputError: a quote that opens a cell does not close it, or text follows a closing quote.
    """
    if _QUOTE not in line:
        return line.split(Dialect.delimiter)
    try:
        rows = list(csv.reader([line], dialect=Dialect))
    except csv.Error as exc:
        raise InputError(
            f"{where}: the quotes of this row do not parse ({exc}): quote a whole cell as spreadsheets do "
            '("He said ""hi""."), or leave its quotes unpaired inside the text'
        ) from None
    return rows[0] if rows else [""]


def quote_cell(text: str) -> str:
    """``text`` as one cell of :class:`Dialect`: in quotes (inner quotes doubled) when it holds a tab, a
    quote or a line break, else as it is (the csv module's minimal quoting)."""
    if any(ch in text for ch in _NEEDS_QUOTES):
        return _QUOTE + text.replace(_QUOTE, _QUOTE * 2) + _QUOTE
    return text


def rows(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """(first line number, bytes, closed) for each row of ``lines``: a line whose quoted cell is still
    open at its end is joined with the lines that follow until the cell closes. ``closed`` is False for a
    row cut at :data:`MAX_ROW_BYTES` with a quote still open, and for a line whose quote the input never
    closes (the lines after it are read as rows again, so one stray quote costs one row)."""
    numbered = enumerate(lines, start=1)
    replay: deque[tuple[int, bytes]] = deque()  # lines to read again after a quote the input never closed
    pending: list[tuple[int, bytes]] = []
    quoted, size = False, 0
    while True:
        line = replay.popleft() if replay else next(numbered, None)
        if line is None:
            if not pending:
                return
            yield pending[0][0], pending[0][1], False  # the quote's own line alone is the bad row
            replay.extend(pending[1:])
            pending = []
            continue
        if not pending:
            quoted, size = False, 0
        pending.append(line)
        size += len(line[1])
        quoted = _open_at_end(line[1], quoted)
        if not quoted or size > MAX_ROW_BYTES:
            yield pending[0][0], b"".join(raw for _, raw in pending), not quoted
            pending = []


def _open_at_end(raw: bytes, quoted: bool) -> bool:
    """Whether a quoted cell is open at the end of ``raw``, given whether one was open at its start."""
    quote, tab = ord(_QUOTE), ord(Dialect.delimiter)
    if quote not in raw:
        return quoted  # the common row: nothing to scan
    cell_start, i = not quoted, 0
    while i < len(raw):
        byte = raw[i]
        if quoted and byte == quote:
            doubled = i + 1 < len(raw) and raw[i + 1] == quote
            quoted, i = doubled, i + (2 if doubled else 1)
            continue
        if not quoted and byte == quote and cell_start:
            quoted = True
        cell_start = not quoted and byte == tab
        i += 1
    return quoted


class TsvFormat(RecordFormat):
    """A table with a header line."""

    name = "tsv"
    glob = "*.tsv"

    def read(self, source: Source, index: int, feed: StdinFeed, field_name: str) -> Iterator[Record]:
        """Each row parsed by :func:`parse_tsv`; a quoted cell may span lines, and one left open is an
        error record naming the line it opened on."""
        state: dict[str, Any] = {}
        for number, raw, closed in rows(source_lines(source, feed)):
            where = f"{source.name}:{number}"
            if closed:
                yield parse_tsv(raw, where, index, number == 1, field_name, state)
                continue
            error = f"{where}: a quoted cell opened on this line is not closed: close or double the quote"
            if number == 1:
                raise InputError(error)
            yield Record(where, index, raw, error=error)

    def translate(self, chunk: Sequence[Record], work: Work) -> list[Outcome]:
        """As for every record format, once the header is known not to have a ``COLUMN_LANG`` already.

        Raises:
            InputError: the header has a column the translation would add again (two columns of one name).
        """
        for record in chunk:
            if isinstance(record.payload, list) and not record.counted:
                _check_header(record, work.columns)
        return super().translate(chunk, work)

    def encode(
        self, record: Record, done: Done, error: str | None, columns: Columns, *, checks: Checks = None
    ) -> Parts:
        """The same row with a cell per language appended (the header gets ``COLUMN_LANG``, a bad row
        empty cells), each quoted where it needs to be."""
        if not record.counted and record.payload is None:
            return {STREAM_KEY: strip_line_end(record.raw) + b"\n"}  # a blank line stays blank
        found = dict(done or {})
        header = isinstance(record.payload, list) and not record.counted
        cells = [name if header else found.get(lang, "") for lang, name in columns.names().items()]
        added = "".join("\t" + quote_cell(cell) for cell in cells)
        return {STREAM_KEY: strip_line_end(record.raw) + (added + "\n").encode("utf-8")}


def _check_header(header: Record, columns: Columns) -> None:
    """Refuse a header that already names a column the translation adds.

    Raises:
        InputError: it does, naming the column.
    """
    taken = columns.taken(header.payload)
    if taken:
        raise InputError(
            f"{header.where}: the header already has a column {taken!r}, which the translation would add "
            "again: rename that column or choose another {field}",
            "field",
        )
