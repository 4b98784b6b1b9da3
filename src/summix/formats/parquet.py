"""``parquet``: a string column of each row is translated and a ``COLUMN_LANG`` column added per language,
with ``summix_error``. Files only (no standard input or output); a file cut short is redone, not continued.
Needs pyarrow (``pip install 'summix[ray]'`` installs it)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from summix.errors import InputError, OutputError, SummixError
from summix.formats.base import ERROR_FIELD, STREAM_KEY, Checks, Columns, Done, Parts, Record, RecordFormat
from summix.sinks import FileSink, Sink
from summix.sources import Source, StdinFeed

ROWS_PER_READ = 1024


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - a submodule, imported for its side effect
    except ImportError:
        raise SummixError(
            "Parquet needs pyarrow: pip install 'summix[ray]' (or pip install pyarrow)"
        ) from None
    return pyarrow


class ParquetFormat(RecordFormat):
    """Parquet tables."""

    name = "parquet"
    glob = "*.parquet"
    streams = False

    def read(self, source: Source, index: int, feed: StdinFeed, field_name: str) -> Iterator[Record]:
        """Each row, read in batches of :data:`ROWS_PER_READ` rows.

        Raises:
            SummixError: pyarrow is missing, or the source is standard input.
            InputError: the file is not Parquet.
        """
        pa = _pyarrow()
        if source.path is None:
            raise SummixError("Parquet is read from files, not standard input: name the file")
        try:
            table = pa.parquet.ParquetFile(source.path)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"{source.name} is not a Parquet file: {str(exc).splitlines()[0]}") from None
        number = 0
        for batch in table.iter_batches(batch_size=ROWS_PER_READ):
            for row in batch.to_pylist():
                number += 1
                yield _record(row, f"{source.name}:row {number}", index, field_name)

    def encode(
        self, record: Record, done: Done, error: str | None, columns: Columns, *, checks: Checks = None
    ) -> Parts:
        """The row with ``FIELD_LANG`` columns (None without a translation; a bad row's own values of those
        columns are kept) and ``summix_error``."""
        found = dict(done or {})
        row = dict(record.payload or {})
        added = {name: found.get(lang) for lang, name in columns.names().items()}
        row.update(added if error is None else {k: v for k, v in added.items() if k not in row})
        row[ERROR_FIELD] = error
        return {STREAM_KEY: row}

    def taken(self, record: Record, columns: Columns) -> str | None:
        """The first ``COLUMN_LANG`` the row has already."""
        return columns.taken(record.payload if isinstance(record.payload, dict) else {})

    def sink(self, outputs: dict[str, Path], *, keep_state: bool) -> Sink:
        """A Parquet writer (one row group per chunk)."""
        return ParquetSink(outputs, keep_state=keep_state)


def _record(row: dict, where: str, index: int, field_name: str) -> Record:
    raw = json.dumps(row, sort_keys=True, default=str).encode("utf-8")  # what the resume digest reads
    value = row.get(field_name, _MISSING)
    if value is _MISSING:
        keys = ", ".join(map(str, row)) or "none"
        return Record(
            where,
            index,
            raw,
            payload=row,
            error=f"{where}: the row has no column {field_name!r} (columns: {keys})",
        )
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        return Record(
            where, index, raw, payload=row, error=f"{where}: column {field_name!r} is {kind}, not text"
        )
    return Record(where, index, raw, text=value, payload=row)


_MISSING = object()


class ParquetSink(FileSink):
    """Rows written as one Parquet row group per checkpoint into the hidden part file, renamed when
    complete. Only a complete output is recorded: a Parquet file cut short has no footer to continue."""

    def __init__(self, outputs: dict[str, Path], *, keep_state: bool = True) -> None:
        super().__init__(outputs, keep_state=keep_state)
        self._rows: list[dict] = []
        self._writer: Any = None
        self._schema: Any = None

    def load_state(self) -> dict | None:
        """The recorded state, only when it says the output is complete."""
        state = super().load_state()
        return state if state and state.get("complete") else None

    def open(self, sizes: dict[str, int] | None) -> None:
        """Start a new part file (on the first rows)."""
        self.parts[STREAM_KEY].parent.mkdir(parents=True, exist_ok=True)

    def write(self, parts: Mapping[str, Any]) -> None:
        """Keep one row until the next checkpoint."""
        self._rows.append(parts[STREAM_KEY])

    def checkpoint(self, state: dict) -> None:
        """Write the rows kept so far as one row group."""
        if not self._rows:
            return
        pa = _pyarrow()
        table = pa.Table.from_pylist(self._rows)
        if self._writer is None:
            # Columns that are all null so far (no error yet, no translation yet) hold text.
            fields = [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
            self._schema = pa.schema(fields)
            self._writer = pa.parquet.ParquetWriter(self.parts[STREAM_KEY], self._schema)
        try:
            self._writer.write_table(table.cast(self._schema))
        except pa.ArrowException as exc:
            raise OutputError(
                f"cannot write {self.finals[STREAM_KEY]}: the rows changed type ({exc})"
            ) from None
        self._rows.clear()

    def commit(self, state: dict) -> None:
        """Write the last rows, close the file, record it as complete and rename it into place."""
        self.checkpoint(state)
        if self._writer is None:  # no rows at all: an empty table
            self._writer = _pyarrow().parquet.ParquetWriter(self.parts[STREAM_KEY], _pyarrow().schema([]))
        self.close()
        size = self.parts[STREAM_KEY].stat().st_size
        if self.keep_state:
            from summix.sinks import STATE_VERSION, write_atomic

            record = {**state, "version": STATE_VERSION, "complete": True, "sizes": {STREAM_KEY: size}}
            write_atomic(self.state_path, json.dumps(record).encode("utf-8"))
        self.parts[STREAM_KEY].replace(self.finals[STREAM_KEY])

    def close(self) -> None:
        """Close the writer."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
