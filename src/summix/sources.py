"""Where input comes from: files, the files of folders, and standard input (readable once, replayable)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from summix.errors import InputError


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (``path`` None). ``rel`` names its outputs."""

    name: str
    path: Path | None
    rel: Path


def collect_sources(paths: Sequence[str], pattern: str, exclude: Path | None = None) -> list[Source]:
    """The inputs named by ``paths``: files, ``-`` for standard input, and the files of each folder that
    match ``pattern`` (sorted; ``**/`` in the pattern descends into subfolders). Files inside ``exclude``
    (the output folder) are left out of folders, so outputs are never read back as inputs.

    Raises:
        InputError: a path does not exist, a folder has no matching file or is ``exclude`` itself, the
            pattern reaches outside the folder, or ``-`` is given twice.
    """
    sources: list[Source] = []
    for given in paths:
        path = Path(given)
        if given == "-":
            sources.append(Source("<stdin>", None, Path("stdin")))
        elif path.is_dir():
            sources.extend(_folder_sources(path, pattern, exclude))
        elif path.exists():
            sources.append(Source(given, path, Path(path.name)))
        else:
            raise InputError(
                f"{given}: no such file or folder; check the path (use - to read standard input)"
            )
    if sum(s.path is None for s in sources) > 1:
        raise InputError("standard input (-) can be read only once")
    return sources


def _folder_sources(folder: Path, pattern: str, exclude: Path | None) -> list[Source]:
    skip = exclude.resolve() if exclude is not None else None
    if skip == folder.resolve():
        raise InputError(
            f"{folder} is also the output folder: its outputs would be read as inputs next time; "
            "choose another {output_dir}",
            "output_dir",
        )
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        # Outputs keep the matches' paths under the folder: '../x' would be read, and written, outside both.
        raise InputError(
            f"{{glob}} {pattern!r} reaches outside {folder}: give a pattern inside it, such as '*.txt' or "
            "'**/*.txt'",
            "glob",
        )
    try:
        found = sorted(p for p in folder.glob(pattern) if p.is_file())
    except (ValueError, IndexError, NotImplementedError):  # what pathlib raises for '.', '' and the like
        raise InputError(
            f"{{glob}} {pattern!r} is not a file pattern: give one such as '*.txt'", "glob"
        ) from None
    if skip is not None:
        found = [p for p in found if not p.resolve().is_relative_to(skip)]
    if not found:
        raise InputError(f"{folder} has no files matching {pattern!r}: choose another {{glob}}", "glob")
    return [Source(str(p), p, p.relative_to(folder)) for p in found]


def file_lines(source: Source) -> Iterator[bytes]:
    """The lines of a file source, each with its line end.

    Raises:
        InputError: the file cannot be read.
    """
    assert source.path is not None
    try:
        with source.path.open("rb") as handle:
            yield from handle
    except OSError as exc:
        raise InputError(f"cannot read {source.name}: {exc.strerror or exc}; check its permissions") from None


class StdinFeed:
    """Standard input as lines; what a resume check read can be replayed if the input turned out to differ."""

    def __init__(self, stream: IO[bytes] | None) -> None:
        self.stream = stream
        self._spool: IO[bytes] | None = None
        self._replay: IO[bytes] | None = None

    def lines(self) -> Iterator[bytes]:
        """The lines not read yet (after any replayed ones), each with its line end."""
        if self._replay is not None:
            replay, self._replay = self._replay, None
            yield from replay
        for line in self.stream or ():
            if self._spool is not None:
                self._spool.write(line)
            yield line

    def record(self) -> None:
        """Keep a copy of every line read from now on (on disk, so memory stays bounded)."""
        self._spool = tempfile.TemporaryFile(prefix="summix-stdin-")  # noqa: SIM115 - closed by forget()

    def rewind(self) -> None:
        """Read the recorded lines again before the rest of the stream."""
        if self._spool is not None:
            self._spool.seek(0)
            self._replay, self._spool = self._spool, None

    def forget(self) -> None:
        """Stop recording and drop the copy."""
        if self._spool is not None:
            self._spool.close()
        self._spool = None


def source_lines(source: Source, feed: StdinFeed) -> Iterator[bytes]:
    """The lines of ``source``: standard input through ``feed``, or the file."""
    return feed.lines() if source.path is None else file_lines(source)
