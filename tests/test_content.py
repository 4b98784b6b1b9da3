"""Nothing lost between the input file and the copied output: real documents, the CLI, and a fuzz test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summix import api
from summix.documents import decode_bytes
from summix.errors import InputError
from summix.text import content, is_cruft

ROOT = Path(__file__).resolve().parents[1]
UDHR_ORIG = ROOT.parent / "shared" / "eval" / "udhr" / "orig"
needs_udhr = pytest.mark.skipif(not UDHR_ORIG.is_dir(), reason=f"no original UDHR texts in {UDHR_ORIG}")


def non_blank(text: str) -> list[str]:
    """The non-blank lines of ``text`` with whitespace collapsed, as the reader makes paragraphs."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def summix(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m summix ARGS`` on this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "summix", *args], capture_output=True, text=True, timeout=120, env=env
    )


SCRIPTS = [("uzn_latn.txt", "uz"), ("uzn_cyrl.txt", "uz-Cyrl")]  # each file in its own script


@needs_udhr
@pytest.mark.parametrize(("name", "code"), SCRIPTS)
def test_original_uzbek_udhr_keeps_all_92_lines_through_the_library(name: str, code: str) -> None:
    text = (UDHR_ORIG / name).read_text(encoding="utf-8")
    lines = non_blank(text)
    assert len(lines) == 92
    assert content(text).dropped == ()
    result = api.translate(text, code, source=code)
    assert list(result.source_paragraphs) == lines
    assert list(result.translations[0].paragraphs) == lines  # a copy: every line, as it was
    assert "1‐modda" in lines or "1‐модда" in lines


@needs_udhr
@pytest.mark.parametrize(("name", "code"), SCRIPTS)
def test_original_uzbek_udhr_keeps_all_92_lines_through_the_cli(name: str, code: str) -> None:
    path = UDHR_ORIG / name
    done = summix("translate", str(path), "--from", code, "--to", code)
    assert done.returncode == 0, done.stderr
    assert non_blank(done.stdout) == non_blank(path.read_text(encoding="utf-8"))


def test_help_does_not_load_the_language_identifier() -> None:
    code = (
        "import sys; from summix import cli\n"
        "sys.argv = ['summix', '--help']\n"
        "try:\n    cli.main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'py3langid' not in sys.modules, 'py3langid imported by --help'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr


MUST_KEEP = ["1‐modda", "1945", "§ 5", "G7", "3 May 2019", "9/11", "Source: World Bank, 2019"]
FURNITURE = ["Review", "Live", "−", "5 min read", "Share on Facebook"]
# Lines of any Unicode text but line ends (\n, \r) and NUL (a NUL makes the reader refuse a binary
# file), mixed with furniture and with short numeric headings that must survive.
_LINE = st.one_of(
    st.text(st.characters(blacklist_characters="\n\r\x00", blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(FURNITURE),
    st.sampled_from(MUST_KEEP),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=25))
def test_every_non_cruft_line_is_copied_in_order(lines: list[str]) -> None:
    assume(not lines[0].startswith("\ufeff"))  # a leading BOM is an encoding mark: the reader drops it
    text = decode_bytes("\n".join(lines).encode("utf-8"), "fuzz.txt")
    expected = [" ".join(line.split()) for line in lines if line.strip() and not is_cruft(line)]
    # English into English is a copy (Uzbek into Uzbek would write a Cyrillic line in Latin).
    if not expected:
        with pytest.raises(InputError):
            api.translate(text, "en", source="en")
        return
    result = api.translate(text, "en", source="en")
    assert list(result.translations[0].paragraphs) == expected
    assert all(line in expected for line in lines if line in MUST_KEEP)
    read = content(text)
    assert [d.line for d in read.dropped] == [
        n for n, line in enumerate(lines, start=1) if line.strip() and is_cruft(line)
    ]
    assert list(content(text, keep_all=True).paragraphs) == [" ".join(x.split()) for x in lines if x.strip()]
