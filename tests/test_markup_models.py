"""Markdown and HTML documents through a tiny random-weight Marian en->ru model: the model reads only the
text, and the document comes back with the same structure, code, URLs, scripts and attributes.

Random weights give random words: these tests check what reaches the model and what survives around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markupdocs import HTML, HTML_TEXTS, MARKDOWN, MARKDOWN_TEXTS, html_markup, markdown_structure

from summix import api, batch, translation
from summix.options import GenerationOptions, RuntimeOptions
from summix.request import TranslateRequest
from summix.resolve import resolve_model
from summix.session import Session

SHORT = GenerationOptions(num_beams=1, max_new_tokens=8)  # random weights never stop early: keep it short


@pytest.fixture(autouse=True)
def _fresh_backends():
    yield
    api.clear_backends()


def translate_file(model: Path, source: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Translate ``source`` into Russian in ``out``; return every text the model was asked to translate."""
    session = Session(RuntimeOptions(threads=1))
    backend = session.backend(resolve_model(str(model)))
    seen: list[str] = []
    real: Callable = backend.generate

    def generate(texts, **kwargs):
        seen.extend(texts)
        return real(texts, **kwargs)

    monkeypatch.setattr(backend, "generate", generate)
    monkeypatch.setattr(translation, "card_generation", lambda ref, task="translate": SHORT)
    request = TranslateRequest((str(source),), "ru", "en", str(model), output_dir=str(out))
    notes: list[str] = []
    summary = batch.run(request, session, stdin=None, stdout=None, notify=notes.append)
    assert summary.done == 1 and summary.failed == 0, notes
    return seen


def test_markdown_through_a_real_model(tiny_marian: Path, tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "notes.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    seen = translate_file(tiny_marian, source, tmp_path / "out", monkeypatch)
    out = (tmp_path / "out" / "notes.ru.md").read_text(encoding="utf-8")
    assert markdown_structure(out) == markdown_structure(MARKDOWN)  # code, URLs, levels, markers, HTML
    assert out.split("\n")[:5] == MARKDOWN.split("\n")[:5]  # front matter
    for kept in ("|---|:-:|--:|", "    indented_code = True", '    return "Do not translate me"', "* * *"):
        assert f"\n{kept}\n" in out, kept
    # Only text reached the model, sentence by sentence: no marker, code, URL or address.
    assert set(seen) <= {s for t in MARKDOWN_TEXTS for s in (t, *re.split(r"(?<=\.) ", t))}
    assert {
        "Leaders met on",
        "First item.",
        "It has two sentences.",
        "Nested bullet two with a second line",
    } <= set(seen)
    assert not [s for s in seen if re.search(r"https?:|@|`|\]\(|^[#>*-] ", s)]


def test_html_through_a_real_model(tiny_marian: Path, tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "page.html"
    source.write_text(HTML, encoding="utf-8")
    seen = translate_file(tiny_marian, source, tmp_path / "out", monkeypatch)
    out = (tmp_path / "out" / "page.ru.html").read_text(encoding="utf-8")
    # Every tag, every other attribute, comment, declaration, script and style as it was.
    assert html_markup(out, without=("alt", "title")) == html_markup(HTML, without=("alt", "title"))
    for kept in ("<code>make test</code>", "<pre>  preformatted text\n    keeps its spaces</pre>",
                 "Brand Name <div>inner brand</div> still brand", "https://example.org"):  # fmt: skip
        assert kept in out, kept
    texts = {s for t in HTML_TEXTS for s in (t, *re.split(r"(?<=\.) ", t))}
    assert set(seen) <= texts and {"Leaders meet in Dushanbe", "Dog", "A dam on the river"} <= set(seen)
    assert not [s for s in seen if re.search(r"Hello world|style|comment|make test|Brand|<|>", s)]
