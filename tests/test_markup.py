"""Markdown and HTML documents without a model: which text is translated, what is kept byte for byte, the
copy path's exact round trip, choosing the format, and summaries that read the text, not the markup.

Translations here are made-up strings (markers, and markup characters a model might write): what is tested
is where they go and that the structure around them survives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupdocs import (
    HTML,
    HTML_TEXTS,
    MARKDOWN,
    MARKDOWN_TEXTS,
    html_markup,
    markdown_structure,
    unescape,
)
from typer.testing import CliRunner

from summix import formats
from summix.cli import app
from summix.documents import read_text
from summix.errors import SettingError
from summix.formats.base import Work
from summix.options import RuntimeOptions
from summix.request import TranslateRequest
from summix.session import Session

runner = CliRunner()
NASTY = ["- ", "1. ", "# ", "> ", "=", "*", "`", "[", "<div>", "+ ", "1) ", "|", "!", "~~", "\\", "&amp; "]
TAILS = [" #", "!", "*", "_", "|", "](u)", "`", "\\", " ##", "~~", "<", "&", "]"]


def markers(count: int) -> list[str]:
    """A made-up translation per span: a unique marker wrapped in characters that are markup somewhere."""
    return [f"{NASTY[i % len(NASTY)]}Mark{i} word{TAILS[i % len(TAILS)]}" for i in range(count)]


def render(name: str, text: str, outputs: list[str] | None = None):
    fmt = formats.get(name)
    spans = fmt.spans(text)
    return fmt.render(text, spans, outputs or markers(len(spans)), "doc"), spans


# ------------------------------------------------------------------------------------------- Markdown


def test_markdown_spans_are_the_text_and_nothing_else() -> None:
    texts = [s.text for s in formats.get("md").spans(MARKDOWN)]
    assert texts == MARKDOWN_TEXTS
    assert "First item. It has two sentences." in texts  # "1. First…" is one list item, marker apart
    for text in texts:
        assert not re.search(r"https?:|@|`|\]\(|^[#>*-] |^\d+[.)] ", text), text


def test_markdown_translation_keeps_structure_code_and_urls() -> None:
    rendered, spans = render("md", MARKDOWN)
    out = rendered.text
    assert rendered.notes == ()
    assert markdown_structure(out) == markdown_structure(MARKDOWN)  # levels, markers, code, URLs, HTML
    found = [out.find(f"Mark{i} word") for i in range(len(spans))]
    assert all(out.count(f"Mark{i} word") == 1 for i in range(len(spans))) and found == sorted(found)
    source_lines = MARKDOWN.split("\n")
    kept = source_lines[:4] + [
        line
        for line in source_lines
        if line.startswith(
            ("|---", "```", "    ", "~~~", "<div", "[ref]:", "[shortcut]:", "* * *", "def ", "   ")
        )
        and not line.lstrip().startswith(("- Nested", "with a"))
    ]
    out_lines = out.split("\n")
    assert all(line in out_lines for line in kept), [line for line in kept if line not in out_lines]
    for url in re.findall(r"https?://[^\s)\"'>]+|press@example\.com|img/\w+\.png", MARKDOWN):
        assert out.count(url) == MARKDOWN.count(url), url
    assert "\n>\n> > " in out and "\n10) " in out and "\n   - " in out and "\n-------------------\n" in out


def test_markdown_a_run_over_several_lines_stays_in_its_container() -> None:
    source = "> Water is\n> life, they\nsaid.\n\n- An item\n  that wraps\n- Next\n"
    rendered, _ = render("md", source, ["Вода — это жизнь, сказали они.", "Пункт", "Далее"])
    assert rendered.text == "> Вода — это жизнь, сказали они.\n\n- Пункт\n- Далее\n"


def test_markdown_escapes_what_would_become_markup() -> None:
    source = "Plain words.\n\n| a | b |\n|---|---|\n| cell | two |\n\n## Title\n"
    outputs = ["1. Not a list *item* `x`", "A", "B", "C | D", "E", "Ends with #"]
    rendered, _ = render("md", source, outputs)
    assert rendered.text.split("\n")[0] == "1\\. Not a list \\*item\\* \\`x\\`"
    assert "| C &#124; D | E |" in rendered.text and rendered.text.endswith("## Ends with \\#\n")
    assert markdown_structure(rendered.text) == markdown_structure(source)


def test_markdown_footnotes_and_task_boxes_never_reach_the_model() -> None:
    # CommonMark reads them as text, but GitHub and most renderers make them footnote links and checkboxes:
    # through a model, "[^1]" and "[ ]" come back garbled or not at all.
    source = "Rain fell[^1] all day.\n\n- [ ] Buy bread\n- [x] Call home\n\n[^1]: Says the report.\n"
    outputs = ["Дождь шёл", "весь день.", "Купить хлеб", "Позвонить", "Так отчёт."]
    rendered, spans = render("md", source, outputs)
    assert [s.text for s in spans] == ["Rain fell", "all day.", "Buy bread", "Call home", "Says the report."]
    assert rendered.text == (
        "Дождь шёл[^1] весь день.\n\n- [ ] Купить хлеб\n- [x] Позвонить\n\n[^1]: Так отчёт.\n"
    )


def test_markdown_block_whose_markup_would_change_is_kept_with_a_note() -> None:
    source = "Some **bold**words here.\n"  # the closing ** is flanked by letters on both sides
    rendered, spans = render("md", source, ["Немного", "жирно.", "слов здесь."])
    assert rendered.text == source and len(rendered.notes) == 1 and "doc:1" in rendered.notes[0]
    assert [s.text for s in spans] == ["Some", "bold", "words here."]
    # A backtick in the text is why this line is not a code fence: without it, the line would open one.
    source = "Intro.\n\n```<b>word`\n\nMore text.\n"
    rendered, spans = render("md", source, ["Вступление.", "слово", "Ещё текст."])
    assert rendered.text == "Вступление.\n\n```<b>word`\n\nЕщё текст.\n" and "doc:3" in rendered.notes[0]
    assert markdown_structure(rendered.text) == markdown_structure(source)


def test_code_only_markdown_needs_no_model_and_comes_back_as_it_was(tmp_path: Path) -> None:
    source = tmp_path / "code.md"
    source.write_text("```\nprint('hi')\n```\n\n    x = 1\n\n<!-- note -->\n", encoding="utf-8")
    result = runner.invoke(
        app, ["translate", str(source), "--from", "en", "--to", "ru", "-d", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "code.ru.md").read_bytes() == source.read_bytes()


# Markdown made of pieces that are text, markup, or both depending on what surrounds them.
_PIECES = [
    "word", "Hello ", " Привет", "oʻzbek", "x\ty", "\t", "\u00a0", "&nbsp;", "&amp;", "<!-- c -->", "<i>",
    "</i>", "\n", "\n\n", "\n    ", "\n   - ", "\n> ", "\n1. ", "\n2) ", "\n# ", "\n## ", "[a]: /u\n", "[a]",
    "\n---\n", "\n===\n", "\n| b | c |\n|-|-|\n| d |", "```", "~~~", "`", "``", "*", "**", "_", "~~", "[",
    "](", ")", "![", "<", ">", "#", "-", "+", "=", "|", "!", "\\", "  \n", "http://x.y/z", "a@b.cd", "1.",
    " ", ".",
]  # fmt: skip
documents = st.lists(st.sampled_from(_PIECES), max_size=50).map("".join)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(documents)
def test_fuzz_markdown_copy_path_is_byte_identical(text: str) -> None:
    request = TranslateRequest(inputs=("doc.md",), to="en", source="en")
    work = Work(Session(RuntimeOptions(threads=1)), request, ("en",))
    assert formats.get("md").translations(text, work, "doc.md")["en"].text == text


@FUZZ
@given(documents)
def test_fuzz_markdown_translation_keeps_the_structure(text: str) -> None:
    rendered, spans = render("md", text)
    assert markdown_structure(rendered.text) == markdown_structure(text)
    counts = [rendered.text.count(f"Mark{i} word") for i in range(len(spans))]
    # Each translation once; a block kept whole for its markup's sake (noted) has none of its own.
    assert all(c == 1 for c in counts) if not rendered.notes else all(c <= 1 for c in counts)


# ----------------------------------------------------------------------------------------------- HTML


def test_html_spans_are_text_nodes_and_alt_and_title() -> None:
    assert [s.text for s in formats.get("html").spans(HTML)] == HTML_TEXTS


def test_html_translation_keeps_script_style_comments_and_attributes() -> None:
    outputs = [f"<b>Mark{i} & \"q\" 'a'</b>" for i in range(len(HTML_TEXTS))]
    rendered, _ = render("html", HTML, outputs)
    out = rendered.text
    assert html_markup(out, without=("alt", "title")) == html_markup(HTML, without=("alt", "title"))
    plain = unescape(out)
    assert all(plain.count(f"<b>Mark{i} & \"q\" 'a'</b>") == 1 for i in range(len(HTML_TEXTS)))
    for kept in ['var greeting = "Hello world"; if (a < b && c)', "/* Text in a style */",
                 "<!-- A comment with words in it -->", 'data-note="Do not touch"', "<code>make test</code>",
                 "<kbd>Enter</kbd>", "<pre>  preformatted text\n    keeps its spaces</pre>",
                 "Brand Name <div>inner brand</div> still brand", "<textarea>Typed text</textarea>",
                 "https://example.com/page?x=1&amp;y=2", "https://example.org",
                 "</a> &lt;b&gt;Mark5"]:  # fmt: skip
        assert kept in out, kept
    for gone in [
        "Leaders",
        "Click",
        "to read more",
        "twice",
        "First item",
        "Country",
        "Summit",
        "Dog",
        "tooltip",
    ]:
        assert gone not in out, gone
    assert "<img src=b.png alt=\"&lt;b&gt;Mark12 &amp; &quot;q&quot; 'a'&lt;/b&gt;\">" in out


@pytest.mark.parametrize(
    "tail", ["<!-- a comment never closed\n", '<p class="x never closed', "<!DOCTYPE never"]
)
def test_html_construct_left_open_at_the_end_is_kept_not_translated(tail: str) -> None:
    page = "<p>Opening words.</p>\n" + tail
    assert [s.text for s in formats.get("html").spans(page)] == ["Opening words."]
    rendered, _ = render("html", page)
    assert rendered.text.endswith("</p>\n" + tail)
    assert "never" not in formats.get("html").prose(page)


@FUZZ
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\x00"), max_size=80))
def test_fuzz_html_and_markdown_take_any_text(text: str) -> None:
    for name in ("html", "md"):
        rendered, spans = render(name, text)
        assert all(unescape(rendered.text).count(f"Mark{i} word") <= 1 for i in range(len(spans)))
        assert render(name, text, [s.text for s in spans])[0].text == text
        formats.get(name).prose(text)


# ----------------------------------------------------------------------------------- files and the CLI


@pytest.mark.parametrize(
    "name, fmt, data",
    [
        ("notes.md", "md", MARKDOWN.encode()),
        ("page.htm", "html", HTML.encode()),
        ("crlf.markdown", "md", b"\xef\xbb\xbf" + MARKDOWN.replace("\n", "\r\n").encode()),
        ("crlf.html", "html", HTML.replace("\n", "\r\n").encode()),
    ],
)
def test_copy_path_round_trips_byte_for_byte(name: str, fmt: str, data: bytes, tmp_path: Path) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["translate", str(source), "--from", "en", "--to", "en", "-d", str(out)])
    assert result.exit_code == 0, result.output
    stem, suffix = name.split(".")
    assert (out / f"{stem}.en.{suffix}").read_bytes() == data
    again = runner.invoke(app, ["translate", str(source), "--from", "en", "--to", "en", "-d", str(out)])
    assert again.exit_code == 0 and "1 already done" in again.stderr
    streamed = runner.invoke(app, ["translate", "-", "-i", fmt, "--from", "en", "--to", "en"], input=data)
    assert streamed.exit_code == 0, streamed.output
    assert streamed.stdout_bytes == data


def test_format_is_chosen_by_suffix_or_named(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert formats.resolve("auto", ["a.md"]) == "md" and formats.resolve("auto", ["b.MARKDOWN"]) == "md"
    assert formats.resolve("auto", ["a.html", "b.htm"]) == "html"
    assert (
        formats.resolve("auto", ["a.txt", "-"]) == "text" and formats.resolve("auto", ["x.jsonl"]) == "text"
    )
    assert formats.resolve("auto", [str(tmp_path / "docs")], "**/*.md") == "md"
    assert formats.resolve("auto", [str(tmp_path / "docs")]) == "text"
    assert formats.resolve("html", ["a.md"]) == "html"
    with pytest.raises(SettingError, match=r"a\.md \(md\), b\.txt \(text\); translate them in separate"):
        formats.resolve("auto", ["a.md", "b.txt"])
    with pytest.raises(SettingError, match="choose from auto, text, lines, jsonl, tsv, parquet, md, html"):
        formats.resolve("rst", ["a.rst"])
    request = TranslateRequest(inputs=("a.md",), to="ru")
    assert request.input_format == "md" and request.output_format == "md" and request.pattern == "*.md"
    with pytest.raises(SettingError, match="choose from md"):
        TranslateRequest(inputs=("a.md",), to="ru", output_format="json")


def test_a_folder_glob_that_names_no_format_counts_by_the_files_it_finds(tmp_path: Path) -> None:
    # `--glob '*'` over Markdown and HTML read them as plain text: markup through the model, `---` dropped.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Title\n")
    (docs / "b.htm").write_text("<p>Hi</p>\n")
    assert formats.resolve("auto", [str(docs)], "*.htm*") == "html"
    with pytest.raises(SettingError, match=r"the inputs are in different formats: .*docs \(html, md\)"):
        formats.resolve("auto", [str(docs)], "*")
    (docs / "b.htm").unlink()
    assert formats.resolve("auto", [str(docs)], "*") == "md"


def test_one_stream_takes_one_language_and_bad_files_are_skipped(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    result = runner.invoke(app, ["translate", str(page), "--from", "en", "--to", "ru,uz"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "HTML input writes one language per stream or file, not 2 (ru, uz): pick one with --to" in (
        result.stderr
    )
    (tmp_path / "bad.html").write_bytes(b"<p>caf\xe9</p>")
    (tmp_path / "empty.html").write_bytes(b"  \n")
    out = tmp_path / "out"
    args = ["translate", str(tmp_path), "--glob", "*.html", "--from", "en", "--to", "en", "-d", str(out)]
    result = runner.invoke(app, [*args, "--on-error", "skip"])
    assert result.exit_code == 3, result.output
    assert "not valid UTF-8" in result.stderr and "is empty" in result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["page.en.html"]


# ------------------------------------------------------------------------------------------ summaries

_MARKUP_CHARACTERS = re.compile(r"[<>#*`|\[\]]|\]\(|&\w+;")


@pytest.mark.parametrize("name, data", [("page.html", HTML), ("notes.md", MARKDOWN)])
def test_summaries_read_the_text_not_the_markup(name: str, data: str, tmp_path: Path) -> None:
    source = tmp_path / name
    source.write_text(data, encoding="utf-8")
    prose = read_text(str(source))
    assert not _MARKUP_CHARACTERS.search(prose.replace("Share | total", "")), prose
    assert (
        "Hello world" not in prose and "Do not translate me" not in prose and "Text in a style" not in prose
    )
    result = runner.invoke(app, ["summarize", str(source), "--lang", "en", "--method", "extractive"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.split("\n", 1)[1]
    assert summary.strip() and not _MARKUP_CHARACTERS.search(summary), summary
    piped = runner.invoke(
        app,
        ["summarize", "-", "-i", name.split(".")[1], "--lang", "en", "--method", "extractive"],
        input=data,
    )
    assert piped.exit_code == 0 and piped.stdout == result.stdout


def test_summarize_refuses_record_formats_and_markup_without_text(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match="record format"):
        read_text(str(tmp_path), "jsonl")
    code = tmp_path / "code.md"
    code.write_text("```\nx = 1\n```\n", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(code), "--lang", "en", "--method", "extractive"])
    assert result.exit_code == 1 and "has no text outside its markup" in result.stderr


def test_uzbek_into_cyrillic_changes_the_text_and_keeps_code_and_urls(tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text(
        "# Oʻzbekiston haqida\n\nBu **katta** davlat: `kod_nomi` va [sayt](https://uz.example/oʻz).\n",
        encoding="utf-8",
    )
    args = ["translate", str(source), "--from", "uz", "--to", "uz-Cyrl", "-d", str(tmp_path / "o")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = (tmp_path / "o" / "doc.uz-Cyrl.md").read_text(encoding="utf-8")
    assert (
        out == "# Ўзбекистон ҳақида\n\nБу **катта** давлат: `kod_nomi` ва [сайт](https://uz.example/oʻz).\n"
    )
