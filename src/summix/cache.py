"""A translation memory for segments: an in-process LRU, optionally backed by SQLite on disk.

A segment's key is the SHA-256 of everything that decides its output (:func:`summix.keys.scope_key`: the
model, its conversion, the engine, device and dtype, the direction and task, the generation options) and
the segment text. Re-running a script over edited documents therefore only sends the changed segments to
the model.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from summix.errors import OutputError

CACHE_FILE = "segments.sqlite3"
MEMORY_ENTRIES = 50_000


@dataclass
class CacheStats:
    """Lookups so far: ``hits`` = memory + disk hits; ``stored`` = new segments written."""

    hits: int = 0
    memory_hits: int = 0
    disk_hits: int = 0
    misses: int = 0
    stored: int = 0


def segment_key(scope: str, text: str) -> str:
    """The cache key of ``text`` under ``scope`` (see :func:`summix.keys.scope_key`)."""
    return hashlib.sha256(f"{scope}\0{text}".encode()).hexdigest()


class SegmentCache:
    """Translated segments by key: a bounded in-memory LRU in front of an optional SQLite file.

    Without ``directory`` the cache lives for one process (identical segments are translated once per run);
    with it, entries persist in ``directory/segments.sqlite3`` across runs and processes.
    """

    def __init__(self, directory: str | Path | None = None, *, memory_entries: int = MEMORY_ENTRIES) -> None:
        """Open (and create) the cache.

        Raises:
            OutputError: ``directory`` cannot be created or its database cannot be opened.
        """
        self.stats = CacheStats()
        self.directory = Path(directory).expanduser() if directory is not None else None
        self._memory: OrderedDict[str, str] = OrderedDict()
        self._limit = max(0, memory_entries)
        self._db = _open(self.directory) if self.directory is not None else None

    def get_many(self, scope: str, texts: Sequence[str]) -> dict[str, str]:
        """The cached output of each of ``texts`` that has one."""
        keys = {text: segment_key(scope, text) for text in texts}
        found: dict[str, str] = {}
        for text, key in keys.items():
            if key in self._memory:
                self._memory.move_to_end(key)
                found[text] = self._memory[key]
        self.stats.memory_hits += len(found)
        missing = {keys[t]: t for t in keys if t not in found}
        from_disk = self._disk_get(list(missing))
        for key, output in from_disk.items():
            found[missing[key]] = output
            self._remember(key, output)
        self.stats.disk_hits += len(from_disk)
        self.stats.hits += len(found)
        self.stats.misses += len(keys) - len(found)
        return found

    def put_many(self, scope: str, outputs: Mapping[str, str]) -> None:
        """Store each source text's output (committed to disk before returning)."""
        rows = [(segment_key(scope, text), output) for text, output in outputs.items()]
        for key, output in rows:
            self._remember(key, output)
        self.stats.stored += len(rows)
        if self._db is not None and rows:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO segments (key, output) VALUES (?, ?)", rows)

    def close(self) -> None:
        """Close the database file (the memory part stays usable)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _remember(self, key: str, output: str) -> None:
        if not self._limit:
            return
        self._memory[key] = output
        self._memory.move_to_end(key)
        while len(self._memory) > self._limit:
            self._memory.popitem(last=False)

    def _disk_get(self, keys: list[str]) -> dict[str, str]:
        if self._db is None or not keys:
            return {}
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):  # SQLite limits the number of bound parameters
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT key, output FROM segments WHERE key IN ({marks})"  # noqa: S608 - only "?" marks
            found.update(self._db.execute(query, part).fetchall())
        return found


def _open(directory: Path) -> sqlite3.Connection:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(directory / CACHE_FILE, timeout=30)
        # WAL lets several processes (shell loops, workers) read while one writes.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS segments (key TEXT PRIMARY KEY, output TEXT NOT NULL)")
        db.commit()
        db.execute("SELECT key, output FROM segments LIMIT 0")  # a table of another shape fails here
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(
            f"cannot use the {{cache}} folder {directory}: {getattr(exc, 'strerror', None) or exc}; "
            "choose a writable folder",
            "cache",
        ) from exc
    return db
