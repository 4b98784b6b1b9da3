"""The one reader of a whole document, for ``summarize`` and for ``translate``'s text format alike."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from summix.errors import InputError, SettingError
from summix.text import Content, DroppedLine, content

# The furniture line numbers one note lists before it says how many there are in all.
SHOWN_LINES = 10
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z][A-Za-z0-9_.:-]*)""", re.IGNORECASE)


def decode_bytes(data: bytes, source: str, *, keep_line_ends: bool = False) -> str:
    """Decode a document's bytes as UTF-8, dropping a BOM and normalising line ends to ``\\n``; with
    ``keep_line_ends``, the BOM and every line end stay as they were (encoding the text again gives the
    same bytes).

    ``source`` is the path (or ``"<stdin>"``) used in messages.

    Raises:
        InputError: the data contains a NUL byte (a binary or UTF-16 file), or is not valid UTF-8
            (the message names the byte offset and line number).
    """
    bom = b"\xef\xbb\xbf"
    skipped = len(bom) if data.startswith(bom) else 0
    body = data[skipped:]
    nul = body.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{source} looks like a binary file (NUL byte at offset {nul + skipped}): "
            "pass a UTF-8 text file (convert UTF-16 with: iconv -f utf-16 -t utf-8)"
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        line = data[:offset].count(b"\n") + 1
        raise InputError(
            f"{source} is not valid UTF-8: byte 0x{body[exc.start]:02x} at offset {offset} (line {line}); "
            f"re-save it as UTF-8, e.g. {_convert_hint(body)}"
        ) from None
    if keep_line_ends:
        return data[:skipped].decode("utf-8") + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _convert_hint(data: bytes) -> str:
    """The iconv command that converts ``data``: from the charset a page declares near its start (a
    ``<meta charset>`` or an XML declaration), else from cp1251, the usual legacy Russian and Uzbek one."""
    declared = _DECLARED.search(data, 0, 4096)
    charset = declared[1].decode("ascii").lower() if declared else "utf-8"
    if charset in ("utf-8", "utf8"):
        return "iconv -f cp1251 -t utf-8"
    return f"iconv -f {charset} -t utf-8 (then make its declared charset utf-8)"


def document_text(data: bytes, source: str) -> str:
    """A document's text from its bytes (see :func:`decode_bytes`).

    Raises:
        InputError: the bytes are not UTF-8 text, or the document is empty or whitespace only.
    """
    text = decode_bytes(data, source)
    if not text.strip():
        raise InputError(f"{source} is empty: nothing to summarize/translate; pass a file that has text")
    return text


def read_file(path: Path) -> bytes:
    """Return the bytes of ``path``.

    Raises:
        InputError: the path is missing, is a directory or cannot be read.
    """
    if path.is_dir():
        raise InputError(f"{path} is a directory: pass a text file inside it instead")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path (use - to read standard input)") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}; check its permissions") from None


def read_text(path: str, input_format: str = "auto") -> str:
    """Read a UTF-8 document from ``path``, or from standard input when ``path`` is ``"-"``: its text
    as it is, or for Markdown and HTML (chosen by suffix, or by ``input_format`` ``md`` or ``html``) its
    prose without markup, one block per paragraph.

    Raises:
        InputError: see :func:`read_file` and :func:`document_text`; a Markdown or HTML document with no
            text outside its markup.
        SettingError: ``input_format`` is not ``auto`` or a document format (text, md, html).
    """
    from summix import formats

    fmt = formats.get(formats.resolve(input_format, [path]))
    if not fmt.whole_files:
        raise SettingError(
            f"{{input_format}} {fmt.name} is a record format; a document is text, md or html", "input_format"
        )
    source = "<stdin>" if path == "-" else path
    data = sys.stdin.buffer.read() if path == "-" else read_file(Path(path))
    prose = fmt.prose(document_text(data, source))
    if not prose.strip():
        raise InputError(f"{source} has no text outside its markup: nothing to summarize")
    return prose


def document_content(text: str, *, keep_all: bool = False) -> Content:
    """A document's content paragraphs and the page-furniture lines left out of them (see
    :func:`summix.text.content`); with ``keep_all`` every non-blank line is a paragraph.

    Raises:
        InputError: no paragraph is left.
    """
    found = content(text, keep_all=keep_all)
    if not found.paragraphs:
        hint = "" if keep_all else " (every line is page furniture: {keep_all} keeps them)"
        raise InputError(
            f"the document has no prose paragraphs{hint}: nothing to translate or summarize", "keep_all"
        )
    return found


def dropped_note(dropped: Sequence[DroppedLine], where: str = "") -> str:
    """One line for standard error naming the furniture lines left out ("" when none was)."""
    if not dropped:
        return ""
    numbers = [str(line.line) for line in dropped[:SHOWN_LINES]]
    more = f", … {len(dropped)} in all" if len(dropped) > SHOWN_LINES else ""
    plural = "line" if len(dropped) == 1 else "lines"
    prefix = f"{where}: " if where else ""
    return (
        f"summix: {prefix}dropped {len(dropped)} furniture {plural} ({', '.join(numbers)}{more}); "
        "--keep-all keeps them"
    )
