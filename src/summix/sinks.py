"""Where output goes: a stream, or files written as hidden ``.NAME.part`` files and renamed over ``NAME``
when complete, with a hidden ``.NAME.summix-state`` file recording how far a run got. Every writer of
summix (translate's outputs, summarize's output) goes through these, so no half-written file is ever left
under a final name. An output that is a symbolic link is written to the file it points to (the link
stays); one that is a device or a named pipe (``/dev/null``) is written straight into, as it cannot be
replaced. A failed write (a full disk) is an :class:`~summix.errors.OutputError` naming the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Protocol

from summix.digest import sha256_file
from summix.errors import OutputError

STATE_VERSION = 1


class Sink(Protocol):
    """Where one job's outputs go, keyed by output (a language, or ``out``)."""

    def load_state(self) -> dict | None:
        """The recorded state of an earlier run, when it can be resumed."""
        ...

    def open(self, sizes: dict[str, int] | None) -> None:
        """Start writing (continuing after ``sizes`` bytes when given)."""
        ...

    def write(self, parts: Mapping[str, Any]) -> None:
        """Append one record's output to each output."""
        ...

    def checkpoint(self, state: dict) -> None:
        """Make what was written durable and record ``state``."""
        ...

    def commit(self, state: dict) -> None:
        """Mark the outputs complete and put them under their final names."""
        ...

    def discard(self) -> None:
        """Remove everything written for this job."""
        ...

    def close(self) -> None:
        """Close open files (partial outputs stay for a later run)."""
        ...


def hidden(path: Path, suffix: str) -> Path:
    """``path``'s hidden sibling ``.NAME<suffix>``."""
    return path.with_name(f".{path.name}{suffix}")


def special(path: Path) -> bool:
    """True for an existing path (a link followed) that is neither a regular file nor a folder: a device
    such as ``/dev/null``, a named pipe or a socket, which output is written into, not renamed over."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _destination(path: Path) -> Path:
    """The file output meant for ``path`` replaces: the target of a symbolic link, so the link stays."""
    return path.resolve() if path.is_symlink() else path


@contextlib.contextmanager
def _writing(path: Path | str) -> Iterator[None]:
    """Turn an OS error while writing ``path`` (a full disk, a file that may not be replaced) into an
    :class:`OutputError` that names it."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; choose another output") from None


class StreamSink:
    """Output to one stream (standard output), flushed after every chunk; it cannot resume."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def load_state(self) -> None:
        """A stream has no state to resume from."""

    def open(self, _sizes: dict[str, int] | None) -> None:
        """Nothing to open: the stream belongs to the caller."""

    def write(self, parts: Mapping[str, Any]) -> None:
        """Append every part to the stream."""
        with _stream_errors():
            for data in parts.values():
                self.stream.write(data)

    def checkpoint(self, _state: dict) -> None:
        """Push what was written to the reader."""
        with _stream_errors():
            self.stream.flush()

    commit = checkpoint

    def discard(self) -> None:
        """Nothing was written for a skipped document: nothing to undo."""

    def close(self) -> None:
        """Nothing to close: the stream belongs to the caller."""


@contextlib.contextmanager
def _stream_errors() -> Iterator[None]:
    """Turn a closed or failing standard output into an :class:`OutputError`."""
    try:
        yield
    except BrokenPipeError:
        raise OutputError("standard output was closed before the output was complete") from None
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _well_formed(state: Any) -> bool:
    """True when ``state`` has this version's keys with values of their types (a damaged or hand-edited
    state file is not resumed from: the output starts over)."""
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return False
    sizes, records = state.get("sizes"), state.get("records")
    return (
        isinstance(sizes, dict)
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in sizes.values())
        and isinstance(records, int)
        and not isinstance(records, bool)
        and records >= 0
        and isinstance(state.get("input_sha256"), str)
        and isinstance(state.get("settings"), str)
        and _digests_well_formed(state.get("sha256"), sizes)
    )


def _digests_well_formed(digests: Any, sizes: dict) -> bool:
    """True when ``digests`` is absent (a run not yet complete) or one SHA-256 per output."""
    if digests is None:
        return True
    return (
        isinstance(digests, dict)
        and set(digests) == set(sizes)
        and all(isinstance(d, str) for d in digests.values())
    )


class FileSink:
    """Files written as hidden ``.NAME.part`` files and renamed over ``NAME`` when complete. With
    ``keep_state``, a hidden ``.NAME.summix-state`` file next to the first output records how far the run
    got, so a killed run can continue and a complete output is not redone."""

    def __init__(self, outputs: dict[str, Path], *, keep_state: bool = True) -> None:
        self.finals = {key: _destination(path) for key, path in outputs.items()}
        self.direct = frozenset(key for key, path in self.finals.items() if special(path))
        self.keep_state = keep_state and not self.direct  # a device has no folder for a state file
        self.parts = {
            key: path if key in self.direct else hidden(path, ".part") for key, path in self.finals.items()
        }
        self.state_path = hidden(next(iter(self.finals.values())), ".summix-state")
        self._files: dict[str, IO[bytes]] = {}

    def load_state(self) -> dict | None:
        """The recorded state when it is readable and matches the files on disk, else None."""
        if self.direct:
            return None  # a device keeps nothing to continue from
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not _well_formed(state) or set(state["sizes"]) != set(self.finals):
            return None
        sizes = state["sizes"]
        if state.get("complete") and self._finish_rename(sizes, state.get("sha256") or {}):
            return state
        parts_ok = all(
            self.parts[k].is_file() and self.parts[k].stat().st_size >= n for k, n in sizes.items()
        )
        return state if parts_ok and not state.get("complete") else None

    def _finish_rename(self, sizes: dict[str, int], digests: dict[str, str]) -> bool:
        """True when every final file is there with its recorded size and SHA-256 (renaming parts a kill
        left behind): a file of the same size written by anything else is not taken for this output."""
        for key, final in self.finals.items():
            part = self.parts[key]
            if part.is_file() and part.stat().st_size == sizes[key]:
                os.replace(part, final)
            if not final.is_file() or final.stat().st_size != sizes[key]:
                return False
            if key in digests and sha256_file(final) != digests[key]:
                return False
        return True

    def open(self, sizes: dict[str, int] | None) -> None:
        """Open the part files: empty, or cut back to ``sizes`` to continue after the last checkpoint."""
        try:
            for key, part in self.parts.items():
                part.parent.mkdir(parents=True, exist_ok=True)
                handle = part.open("r+b" if sizes else "wb")
                if sizes:
                    handle.truncate(sizes[key])
                    handle.seek(sizes[key])
                self._files[key] = handle
        except OSError as exc:
            raise OutputError(
                f"cannot write {self.finals[key]}: {exc.strerror or exc}; choose another output folder"
            ) from None

    def write(self, parts: Mapping[str, Any]) -> None:
        """Append each part to its file."""
        for key, data in parts.items():
            with _writing(self.finals[key]):
                self._files[key].write(data)

    def checkpoint(self, state: dict) -> None:
        """Make the written bytes durable, then record ``state`` with their sizes (atomically)."""
        sizes = {}
        for key, handle in self._files.items():
            with _writing(self.finals[key]):
                handle.flush()
                if key not in self.direct:  # a device or pipe has neither a disk copy nor a size
                    os.fsync(handle.fileno())
                    sizes[key] = handle.tell()
        if self.keep_state:
            write_atomic(self.state_path, json.dumps({**state, "sizes": sizes}).encode("utf-8"))

    def commit(self, state: dict) -> None:
        """Record the outputs as complete, with the SHA-256 of each, then rename each part over its final
        name."""
        for key, handle in self._files.items():
            with _writing(self.finals[key]):
                handle.flush()
        files = [key for key in self.parts if key not in self.direct]
        digests = {key: sha256_file(self.parts[key]) for key in files}
        self.checkpoint({**state, "complete": True, "sha256": digests})
        self.close()
        for key in files:
            with _writing(self.finals[key]):
                os.replace(self.parts[key], self.finals[key])

    def discard(self) -> None:
        """Remove the part files and the state: nothing is kept for this output (a device is left)."""
        with contextlib.suppress(OutputError):
            self.close()  # a full disk fails the last flush: the parts go all the same
        for key, path in self.parts.items():
            if key not in self.direct:
                path.unlink(missing_ok=True)
        if not self.direct:
            self.state_path.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the part files (they stay on disk for a later run to continue).

        Raises:
            OutputError: the last of the written bytes could not be flushed (each file is closed all the
                same).
        """
        failed = None
        for key, handle in self._files.items():
            try:
                handle.close()
            except OSError as exc:
                failed = failed or (key, exc)
        self._files.clear()
        if failed:
            with _writing(self.finals[failed[0]]):
                raise failed[1]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: readers never see half a file.

    Raises:
        OutputError: the folder cannot be written.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp.name).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"cannot write {path}: {exc.strerror or exc}; choose another output folder"
        ) from None


def check_writable(folder: Path, setting: str = "output_dir") -> None:
    """Create ``folder`` if needed and check that files can be created in it; ``setting`` is the one that
    named it (``output_dir``, or ``output`` for the folder of an output file).

    Raises:
        OutputError: it cannot be created or written (the message names ``setting``).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError(
            f"cannot write to {folder}: {exc.strerror or exc}; choose another {{{setting}}}", setting
        ) from None


def write_whole(parts: Mapping[str, bytes], outputs: Mapping[str, Path] | None, stream: IO[bytes]) -> None:
    """Write one complete output: to ``stream`` when ``outputs`` is None, else each part to its file
    (through a hidden part file, renamed when complete; no state is kept).

    Raises:
        OutputError: a file cannot be written or is a folder (the message names the ``output`` setting),
            or the stream was closed.
    """
    for path in (outputs or {}).values():
        if path.is_dir():
            raise OutputError(f"{path} is a folder: give {{output}} a file name", "output")
        if not special(path):
            check_writable(_destination(path).parent, "output")
    sink: FileSink | StreamSink = FileSink(dict(outputs), keep_state=False) if outputs else StreamSink(stream)
    try:
        sink.open(None)
        sink.write(parts)
        sink.commit({})
    except BaseException:  # an error or Ctrl-C half-way: no part file is left behind
        sink.discard()
        raise
    finally:
        sink.close()
