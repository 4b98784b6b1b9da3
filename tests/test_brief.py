"""Briefs end to end: the seed through the real library (no model, and tiny random-weight models), then
HTML parsed by a standards parser and Markdown rendered by a CommonMark renderer."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import html5lib
import lxml.html
import pytest
from conftest import SEED, install
from lxml import etree
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from summix import api
from summix.brief import (
    Brief,
    BriefSummary,
    Column,
    build_brief,
    check_brief,
    findings_as_flags,
    flags_from_checks,
    format_for,
    parse_tags,
    render_brief,
)
from summix.brief.model import is_heading
from summix.cli import app
from summix.errors import InputError, LanguageError, SettingError, SummixError
from summix.options import RuntimeOptions
from summix.resolve import suggest_pull
from summix.session import Session
from summix.text import content
from summix.translit import transliterate

MADE = date(2026, 11, 30)
TAGS = ("uz-Latn", "uz-Cyrl", "ru", "en")


class CountingSession(Session):
    """A real session, counting the document calls a brief makes on it."""

    def __init__(self, runtime: RuntimeOptions) -> None:
        super().__init__(runtime)
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def summarize(self, text, languages, **options):
        self.calls.append(("summarize", tuple(languages)))
        return super().summarize(text, languages, **options)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bare(seed: str) -> Brief:
    """The seed's brief where no model is installed (conftest points SUMMIX_MODELS_DIR at an empty folder)."""
    return build_brief(seed, made=MADE)


@pytest.fixture(scope="module")
def filled(seed, tiny_nllb, tiny_xlsum, tmp_path_factory) -> tuple[Brief, list]:
    """The seed's brief with tiny random-weight NLLB and XL-Sum installed, in four columns."""
    models = tmp_path_factory.mktemp("brief-models")
    (models / "tiny-nllb").symlink_to(tiny_nllb, target_is_directory=True)
    (models / "tiny-xlsum").symlink_to(tiny_xlsum, target_is_directory=True)
    with CountingSession(RuntimeOptions.from_env(models_dir=str(models))) as session:
        brief = build_brief(seed, TAGS, session=session, made=MADE)
        loaded = session.signatures()
    return brief, session.calls, loaded


def render_markdown(markdown: str) -> etree._Element:
    """Markdown through a CommonMark renderer, as an HTML tree."""
    return lxml.html.fromstring(f"<div>{MarkdownIt('commonmark').render(markdown)}</div>")


def parse_html(page: str) -> etree._Element:
    """Parse with html5lib in strict mode: any parse error (per the HTML standard) raises."""
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("lxml"), strict=True, namespaceHTMLElements=False
    )
    return parser.parse(page).getroot()


def cell_texts(root: etree._Element, tag: str) -> list[str]:
    """The text of every paragraph cell of column ``tag``, in page order."""
    cells = root.xpath(f'//section[@id="full-text"]//div[contains(@class, "cell")][@lang="{tag}"]')
    return [" ".join(c.xpath("string(./h3|./p)").split()) for c in cells]


def test_no_model_brief_has_the_english_summary_the_source_and_the_pull_commands(bare: Brief) -> None:
    assert [(s.tag, s.kind) for s in bare.summaries] == [("en", "extractive")]
    assert bare.columns == ()
    assert bare.source.tag == "en" and bare.source.is_source
    missing = {m.tag: m for m in bare.missing}
    assert set(missing) == {"uz-Latn", "ru"}
    assert (
        missing["uz-Latn"].command == suggest_pull("translate", "en", "uz") == "summix models pull nllb-600m"
    )
    assert (
        missing["ru"].command == suggest_pull("translate", "en", "ru") == "summix models pull opus-mt-en-ru"
    )
    assert missing["ru"].parts == ("summary", "translation")
    page = render_brief(bare, "html")
    root = parse_html(page)
    assert cell_texts(root, "en") == list(content(SEED.read_text(encoding="utf-8")).paragraphs)
    commands = root.xpath('//section[@id="missing"]//code/text()')
    assert commands == ["summix models pull nllb-600m", "summix models pull opus-mt-en-ru"]
    assert "extractive" in root.xpath('string(//section[@id="summaries"]//span[contains(@class, "badge")])')
    markdown = render_brief(bare, "md")
    assert "`summix models pull nllb-600m`" in markdown and "### English · en · extractive" in markdown


def test_nothing_is_lost_dropped_lines_are_listed(bare: Brief, seed: str) -> None:
    dropped = content(seed).dropped
    assert dropped and bare.dropped == dropped
    items = parse_html(render_brief(bare, "html")).xpath('//section[@id="left-out"]//li')
    assert [" ".join(li.xpath("string()").split()) for li in items] == [
        f"line {d.line}: {' '.join(d.text.split())}" for d in dropped
    ]


def test_filled_brief_summarises_once_and_loads_each_model_once_on_its_session(filled) -> None:
    brief, calls, loaded = filled
    assert calls == [("summarize", ("uz", "uz-Cyrl", "ru", "en"))]
    assert sorted(s.model_id.rsplit("/", 1)[-1] for s in loaded) == ["tiny-nllb", "tiny-xlsum"]
    assert [c.tag for c in brief.columns] == ["uz-Latn", "uz-Cyrl", "ru"]
    assert brief.missing == ()
    assert all(c.run is not None and c.run.random_weights for c in brief.columns if c.tag != "uz-Cyrl")
    assert brief.random_weights


def test_every_paragraph_appears_once_per_column_in_order(filled, seed: str) -> None:
    brief, _, _ = filled
    paragraphs = list(content(seed).paragraphs)
    root = parse_html(render_brief(brief, "html"))
    assert cell_texts(root, "en") == paragraphs
    for column in brief.columns:
        expected = [" ".join(p.split()) for p in column.paragraphs]
        assert len(expected) == len(paragraphs)
        assert cell_texts(root, column.tag) == expected, column.tag
    rows = root.xpath('//section[@id="full-text"]//div[contains(concat(" ", @class, " "), " row ")]')
    rows = [row for row in rows if "head" not in row.get("class").split()]
    assert len(rows) == len(paragraphs)


def test_uzbek_cyrillic_column_is_the_transliterated_latin_one(filled) -> None:
    brief, _, _ = filled
    latin, cyrillic = (next(c for c in brief.columns if c.tag == t) for t in ("uz-Latn", "uz-Cyrl"))
    assert cyrillic.paragraphs == tuple(transliterate(p, "uz-Cyrl") for p in latin.paragraphs)
    assert cyrillic.note == "the model's output transliterated from uz-Latn" and cyrillic.run == latin.run
    assert latin.note is None and cyrillic.how == "translated, the model's output transliterated from uz-Latn"
    summary = next(s for s in brief.summaries if s.tag == "uz-Cyrl")
    assert summary.notes == ("the model's output transliterated from uz-Latn",)
    latin_summary = next(s for s in brief.summaries if s.tag == "uz-Latn")
    assert summary.sentences == tuple(transliterate(p, "uz-Cyrl") for p in latin_summary.sentences)


def test_headings_stay_headings_in_every_column(filled, seed: str) -> None:
    brief, _, _ = filled
    heads = [i for i, flag in enumerate(brief.headings) if flag]
    paragraphs = content(seed).paragraphs
    assert [paragraphs[i] for i in heads] == [
        paragraphs[0],
        "Putin was not arrested",
        "Compensation for Soviet-Era damage?",
        "Putin surrendered",
        "“The issue is closed”",
        "The CIS expands",
    ]
    root = parse_html(render_brief(brief, "html"))
    for tag in ("en", *[c.tag for c in brief.columns]):
        cells = root.xpath(f'//section[@id="full-text"]//div[contains(@class, "cell")][@lang="{tag}"]')
        assert [i for i, cell in enumerate(cells) if cell.find("h3") is not None] == heads, tag
    rendered = render_markdown(render_brief(brief, "md"))
    titles = [" ".join(h.xpath("string()").split()) for h in rendered.iter("h3")]
    expected = [
        f"¶ {i + 1} · " + " / ".join(" ".join(c.paragraphs[i].split()) for c in brief.all_columns)
        for i in heads
    ]
    assert [t for t in titles if t.startswith("¶")] == expected


def test_summaries_are_marked_abstractive_or_extractive(filled) -> None:
    brief, _, _ = filled
    assert {s.tag: s.method for s in brief.summaries} == {
        "uz-Latn": "abstractive+translate",
        "uz-Cyrl": "abstractive+translate",
        "ru": "abstractive+translate",
        "en": "abstractive",
    }
    root = parse_html(render_brief(brief, "html"))
    cards = root.xpath('//section[@id="summaries"]//article')
    assert [c.get("id") for c in cards] == ["summary-uz-Latn", "summary-uz-Cyrl", "summary-ru", "summary-en"]
    assert [c.xpath("string(.//span[contains(@class, 'badge')])") for c in cards] == ["abstractive"] * 4
    assert [c.xpath("string(./p[@lang])") for c in cards] == [s.text for s in brief.summaries]


def test_flags_are_highlighted_with_reasons_and_listed_at_the_top(filled) -> None:
    brief, _, _ = filled
    flagged = brief.with_flags(
        [
            {"language": "ru", "paragraph": 4, "kind": "numbers", "reason": 'the output lacks "2000"'},
            SimpleNamespace(language="uz-Latn", paragraph=None, kind="names", reason="Aliyev is missing"),
            *findings_as_flags("uz-Cyrl", 0, [{"kind": "length", "reason": "the output is 9x longer"}]),
        ]
    )
    root = parse_html(render_brief(flagged, "html"))
    top = root.xpath('//section[@id="look-twice"]//li')
    assert len(top) == 3
    assert [li.xpath("string(./a/@href)") for li in top] == ["#summary-uz-Latn", "#p1-uz-Cyrl", "#p5-ru"]
    cell = root.xpath('//div[@id="p5-ru"]')[0]
    assert "flagged" in cell.get("class")
    assert (
        " ".join(cell.xpath("string(.//ul[@class='reasons'])").split()) == 'numbers the output lacks "2000"'
    )
    assert root.xpath('//div[@id="p5-uz-Latn"]')[0].get("class") == "cell"
    assert "flagged" in root.xpath('//article[@id="summary-uz-Latn"]')[0].get("class")
    markdown = render_brief(flagged, "md")
    assert "## Look twice: 3 flagged segments" in markdown
    assert '**Look twice** · **numbers**: the output lacks "2000"' in markdown


def test_flags_from_checks_of_every_column(filled) -> None:
    brief, _, _ = filled
    seen = []

    def check_pairs(sources, outputs, src, tgt):
        seen.append((len(sources), len(outputs), src, tgt))
        return [
            SimpleNamespace(findings=[{"kind": "names", "reason": "r"}] if i == 3 else [])
            for i in range(len(sources))
        ]

    flags = flags_from_checks(brief, check_pairs)
    assert seen == [(33, 33, "en", "uz"), (33, 33, "en", "uz"), (33, 33, "en", "ru")]
    assert [(f.language, f.paragraph, f.kind) for f in flags] == [
        ("uz-Latn", 3, "names"),
        ("uz-Cyrl", 3, "names"),
        ("ru", 3, "names"),
    ]
    with pytest.raises(ValueError, match="2 check results for the 33 paragraphs"):
        flags_from_checks(brief, lambda *args: [SimpleNamespace(findings=[])] * 2)


def test_flags_that_have_no_place_are_refused(filled) -> None:
    brief, _, _ = filled
    with pytest.raises(ValueError, match="produced columns are"):
        brief.with_flags([{"language": "de", "paragraph": 0, "kind": "x", "reason": "y"}])
    with pytest.raises(ValueError, match="indexes 0 to 32"):
        brief.with_flags([{"language": "ru", "paragraph": 33, "kind": "x", "reason": "y"}])
    with pytest.raises(ValueError, match="'reason' is missing"):
        brief.with_flags([{"language": "ru", "paragraph": 1, "kind": "x"}])
    with pytest.raises(ValueError, match="0-based index"):
        brief.with_flags([{"language": "ru", "paragraph": "2", "kind": "x", "reason": "y"}])


def test_html_is_self_contained_and_lang_tagged(filled) -> None:
    brief, _, _ = filled
    root = parse_html(render_brief(brief, "html"))
    assert root.xpath("//script|//link|//img|//iframe|//object|//embed|//video|//audio|//source") == []
    for attribute in root.xpath("//@src|//@href|//@srcset|//@action|//@poster"):
        assert attribute.startswith("#"), attribute
    style = root.xpath("string(//style)")
    assert "url(" not in style and "@import" not in style and "@media print" in style
    assert "@media screen and (max-width" in style
    langs = {cell.get("lang") for cell in root.xpath('//div[contains(@class, "cell")]')}
    assert langs == {"en", "uz-Latn", "uz-Cyrl", "ru"}


def test_markup_in_the_source_is_text(tmp_path) -> None:
    text = (
        "Headline <b>bold</b>\n"
        "The page said <script>alert('x')</script> and showed <img src=https://example.com/x.png> "
        "before a [link](https://example.com) and **stars** & &copy; entities.\n"
        "# not a heading, and 1. not a list.\n"
    )
    brief = build_brief(text, "en", made=MADE)
    page = render_brief(brief, "html")
    root = parse_html(page)
    assert root.xpath("//script|//img|//b") == []
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert cell_texts(root, "en") == list(content(text).paragraphs)
    markdown = render_brief(brief, "md")
    rendered = render_markdown(markdown)
    assert rendered.xpath("//script|//img|//b|//a|//strong[text()='stars']") == []
    items = [" ".join(li.xpath("string()").split()) for li in rendered.iter("li")]
    for paragraph in content(text).paragraphs[1:]:
        assert f"en · {paragraph}" in items


def test_markdown_has_every_paragraph_once_per_language_in_order(filled, seed: str) -> None:
    brief, _, _ = filled
    rendered = render_markdown(render_brief(brief, "md"))
    items = [" ".join(li.xpath("string()").split()) for li in rendered.iter("li")]
    for column in brief.all_columns:
        prefix = f"{column.tag} · "
        got = [item[len(prefix) :] for item in items if item.startswith(prefix)]
        want = [" ".join(p.split()) for i, p in enumerate(column.paragraphs) if not brief.headings[i]]
        assert got == want, column.tag


def test_language_tags() -> None:
    assert parse_tags("uz, RU ,uz_cyrl,en,uz-latn") == ("uz-Latn", "ru", "uz-Cyrl", "en")
    with pytest.raises(LanguageError, match="uz-Latn, uz-Cyrl"):
        parse_tags("uz,de")
    with pytest.raises(LanguageError, match="no language"):
        parse_tags(" , ")


def test_empty_document_is_an_input_error() -> None:
    with pytest.raises(InputError):
        build_brief("Live\nAll\n−\n", made=MADE)


def test_headings() -> None:
    assert is_heading("Putin was not arrested")
    assert is_heading("Compensation for Soviet-Era damage?")
    assert is_heading("“The issue is closed”")
    assert is_heading("1‐modda")
    assert not is_heading("Today, we will take a closer look at the events.")
    assert not is_heading("“We want to be respected.”")
    assert not is_heading("1945")
    long_title = (
        "Putin lost the “battle.” Russia intends to stay long in Central Asia – results of the summits"
    )
    assert is_heading(long_title, first=True) and not is_heading(long_title)


def test_format_for(bare: Brief) -> None:
    assert format_for(None) == format_for("-") == format_for("out/Brief.HTML") == "html"
    assert format_for("brief.md") == format_for("x.markdown") == "md"
    assert format_for("brief.txt", "md") == "md"
    with pytest.raises(SummixError, match=r"\.html, \.htm, \.md, \.markdown"):
        format_for("brief.txt")
    with pytest.raises(SettingError, match="html, md"):
        render_brief(bare, "pdf")
    with pytest.raises(SettingError) as raised:
        format_for("brief.txt")
    assert str(raised.value).endswith("or pass output_format html|md")
    assert raised.value.naming(lambda setting: "--format").endswith("or pass --format html|md")


def test_markdown_escaping_round_trips() -> None:
    from summix.brief.render import escape_markdown, markdown_block

    md = MarkdownIt("commonmark")
    for text in ["a_b *c* `d` [e](f) <g> h|i ~j~ &amp; \\k", "# head", "1945. A year", "- item", "> quote"]:
        html = md.render(str(markdown_block(text)))
        assert re.sub(r"</?p>|\n", "", html) == escape_html(text), text
    assert escape_markdown("AT&T") == "AT&T"


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_uzbek_cyrillic_source_gets_a_latin_column_through_the_transliterator() -> None:
    text = (
        "Тошкентда янги кутубхона\n"
        "Тошкент шаҳрида янги кутубхона очилди. Кутубхонада ўн минг китоб бор ва ҳар куни одам кўп.\n"
        "Болалар ва катталар у ерда ўқишни яхши кўрадилар, чунки бу ер жуда тинч ва ёруғ.\n"
    )
    brief = build_brief(text, "uz-Latn", made=MADE)
    assert brief.source.tag == "uz-Cyrl" and brief.source_script == "Cyrillic"
    (column,) = brief.columns
    assert column.tag == "uz-Latn" and column.run is None
    assert column.note == "transliterated from the uz-Cyrl text"
    assert column.paragraphs[0] == "Toshkentda yangi kutubxona"
    assert column.paragraphs[1].startswith("Toshkent shahrida yangi kutubxona ochildi. Kutubxonada oʻn ming")
    (summary,) = brief.summaries
    assert summary.method == "extractive" and summary.notes == ("transliterated from the uz-Cyrl text",)
    assert summary.sentences == api.summarize(text, "uz").summaries[0].sentences
    assert brief.title == "Тошкентда янги кутубхона" and brief.missing == ()


def test_a_document_without_a_title_line_is_named_by_its_first_words() -> None:
    text = (
        "The committee met on Monday and agreed on a new budget for the coming year after a long debate.\n"
        "It will publish the details next week, together with a plan for the three new schools.\n"
    )
    brief = build_brief(text, "en", made=MADE)
    assert brief.title == "The committee met on Monday and agreed on a new budget for…"
    assert brief.headings == (False, False)


def test_check_brief_flags_columns_paragraph_by_paragraph_and_summaries_against_the_source() -> None:
    text = (
        "Budget news\nSales rose 5% in 2019, the report by Acme said.\nThe board met in London on Monday.\n"
    )
    russian = (
        "Новости бюджета",
        "Продажи выросли на 6% в 2019 году, говорится в отчёте Acme.",
        "Совет собрался в Лондоне в понедельник.",
    )
    summary = BriefSummary("ru", "extractive+translate", ("Продажи выросли на 7%, сказал Смит.",), None)
    bare = build_brief(text, "en", made=MADE)
    brief = dataclasses.replace(bare, columns=(Column("ru", russian),), summaries=(*bare.summaries, summary))
    checked = check_brief(brief)
    assert [(f.language, f.paragraph, f.kind, f.items) for f in checked.flags] == [
        ("ru", 1, "numbers", ("5",)),
        ("ru", 1, "numbers", ("6",)),
        ("ru", None, "numbers", ("7",)),
        ("ru", None, "names", ("Смит",)),
    ]
    assert (brief.checks, checked.checks) == ("not run", "2 segments flagged")
    markdown = render_brief(checked, "md")
    assert "## Look twice: 2 flagged segments" in markdown
    assert '- Summary · ru · **numbers, names**: the summary states "7", not in the source' in markdown
    assert '- ¶ 2 · ru · **numbers**: the output lacks "5" from the source (and 1 more)\n' in markdown
    assert check_brief(bare).flags == () and check_brief(bare).checks == "nothing flagged"


# ------------------------------------------------------------------------------------------- the command

runner = CliRunner()


@pytest.fixture
def short(tmp_path: Path, seed: str) -> Path:
    """The seed's title and first five paragraphs (a heading, numbers, names): quick for tiny models."""
    path = tmp_path / "short.txt"
    path.write_text("\n".join(content(seed).paragraphs[:6]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny_models(models_dir: Path, tiny_nllb: Path, tiny_xlsum: Path) -> Path:
    """A models folder with tiny random-weight NLLB (translates) and mT5 XL-Sum (summarizes)."""
    install(models_dir, tiny_nllb)
    install(models_dir, tiny_xlsum)
    return models_dir


def test_cli_fresh_models_folder_prints_html_and_one_pull_line_per_missing_language(models_dir) -> None:
    result = runner.invoke(app, ["brief", str(SEED)])
    assert result.exit_code == 3, result.output
    root = parse_html(result.stdout)
    assert cell_texts(root, "en") == list(content(SEED.read_text(encoding="utf-8")).paragraphs)
    assert result.stderr.splitlines() == [
        "summix: no uz-Latn summary or translation: no installed model translates en->uz: "
        "run `summix models pull nllb-600m`",
        "summix: no ru summary or translation: no installed model translates en->ru: "
        "run `summix models pull opus-mt-en-ru`",
    ]
    assert root.xpath('//section[@id="missing"]//code/text()') == [
        "summix models pull nllb-600m",
        "summix models pull opus-mt-en-ru",
    ]


def test_cli_reads_standard_input_and_refuses_an_unknown_suffix_in_one_line(
    models_dir, short, tmp_path
) -> None:
    text = short.read_text(encoding="utf-8")
    result = runner.invoke(app, ["brief", "-", "--lang", "en", "--format", "md"], input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Putin lost the") and result.stderr == ""
    bad = runner.invoke(app, ["brief", str(short), "-o", str(tmp_path / "brief.txt")])
    assert bad.exit_code == 1 and bad.stderr.count("\n") == 1, bad.output
    assert bad.stderr.startswith("summix: error: ") and "or pass --format html|md" in bad.stderr
    assert not (tmp_path / "brief.txt").exists()


def test_cli_date_sets_the_header_and_a_bad_one_is_one_line(models_dir, short) -> None:
    flags = ["brief", str(short), "--lang", "en", "--format", "md"]
    first, second = (runner.invoke(app, [*flags, "--date", "2025-03-07"]) for _ in range(2))
    assert first.exit_code == 0, first.output
    assert "2025-03-07" in first.stdout and first.stdout == second.stdout
    bad = runner.invoke(app, [*flags, "--date", "2025-13-07"])
    assert bad.exit_code == 1 and bad.stdout == "", bad.output
    assert bad.stderr == (
        "summix: error: --date takes a date written YYYY-MM-DD, such as 2026-11-29, not '2025-13-07'\n"
    )


def test_cli_writes_markdown_whole_with_every_language(tiny_models, short, tmp_path) -> None:
    out = tmp_path / "out" / "brief.md"
    out.parent.mkdir()
    flags = ["--lang", "uz,uz-Cyrl,ru,en", "--no-check"]
    result = runner.invoke(app, ["brief", str(short), "-o", str(out), *flags])
    assert result.exit_code == 0, result.output
    *engines, wrote = result.stderr.splitlines()
    assert result.stdout == "" and wrote == f"wrote {out}"
    assert sorted(line.rsplit("/", 1)[-1] for line in engines) == ["tiny-nllb", "tiny-xlsum"], engines
    assert [p.name for p in out.parent.iterdir()] == ["brief.md"]
    rendered = render_markdown(out.read_text(encoding="utf-8"))
    items = [" ".join(li.xpath("string()").split()) for li in rendered.iter("li")]
    paragraphs = content(short.read_text(encoding="utf-8")).paragraphs
    body = [p for p in paragraphs[1:] if not is_heading(p)]
    for tag in ("en", "uz-Latn", "uz-Cyrl", "ru"):
        assert len([item for item in items if item.startswith(f"{tag} · ")]) == len(body), tag
    latin = [item.removeprefix("uz-Latn · ") for item in items if item.startswith("uz-Latn · ")]
    cyrillic = [item.removeprefix("uz-Cyrl · ") for item in items if item.startswith("uz-Cyrl · ")]
    assert cyrillic == [transliterate(item, "uz-Cyrl") for item in latin]


def test_cli_html_file_shows_the_flags_of_the_checks(tiny_models, short, tmp_path) -> None:
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", str(short), "-o", str(out), "--lang", "uz,en"])
    assert result.exit_code == 0, result.output
    root = parse_html(out.read_text(encoding="utf-8"))
    with Session() as session:
        expected = check_brief(build_brief(short.read_text(encoding="utf-8"), "uz,en", session=session))
    assert expected.flags, "random-weight output should give the checks something to flag"
    listed = root.xpath('//section[@id="look-twice"]//li/a/@href')
    assert listed == [f"#{segment.anchor}" for segment in expected.flagged()]
    assert len(listed) == expected.flagged_segments < len(expected.flags)
    for href in set(listed):
        assert "flagged" in root.xpath(f'//*[@id="{href[1:]}"]')[0].get("class"), href
    unchecked = runner.invoke(app, ["brief", str(short), "--lang", "uz,en", "--no-check"])
    assert unchecked.exit_code == 0, unchecked.output
    plain = parse_html(unchecked.stdout)
    assert plain.xpath('//section[@id="look-twice"]|//*[contains(@class, "flagged")]') == []
    facts = {" ".join(d.xpath("string(dt)").split()): d.xpath("string(dd)") for d in plain.xpath("//dl/div")}
    assert facts["Checks"] == "not run"


def test_cli_briefs_the_prose_of_a_markdown_document(models_dir, tmp_path) -> None:
    doc = tmp_path / "news.md"
    doc.write_text(
        "# Budget news\n\nSales rose **5%** in 2019, the [report](https://example.com/r) by Acme said.\n\n"
        "```\ncode block\n```\n\nThe board met in London on Monday.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["brief", str(doc), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert cell_texts(parse_html(result.stdout), "en") == [
        "Budget news",
        "Sales rose 5% in 2019, the report by Acme said.",
        "The board met in London on Monday.",
    ]
    assert "example.com" not in result.stdout and "code block" not in result.stdout
    piped = runner.invoke(app, ["brief", "-", "-i", "md", "--lang", "en"], input=doc.read_text("utf-8"))
    assert piped.exit_code == 0 and cell_texts(parse_html(piped.stdout), "en")[1].startswith("Sales rose 5%")
