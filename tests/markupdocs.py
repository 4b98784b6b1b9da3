"""Markdown and HTML documents for the markup format tests, and what their structure is."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from markdown_it import MarkdownIt

MARKDOWN = """\
---
title: Field notes *draft*
tags: [water, energy]
---

# The summit in *Dushanbe* #

Leaders met on **Monday** to discuss `water_quota()` and [the new treaty](https://ex.org/t?id=7 "Treaty").
They signed it quickly.  \\
See https://example.com/report.pdf or write to press@example.com for details.

Setext heading here
-------------------

![A dam on the river](img/dam.png "Dam") and an ![image *with* emphasis](img/b.png).

| Country | Share \\| total | Note |
|---|:-:|--:|
| Uzbekistan | 45 | Rising fast |
| Tajikistan | `n/a` | [Source](https://data.example/t) |

> Water is life.
continued lazily
>
> > A nested quote.

1. First item. It has two sentences.
2. Second item
   - Nested bullet one
   - Nested bullet two
     with a second line
10) Other numbering

An ordinary paragraph before code.

    indented_code = True
    # not a heading

```python
def fenced():
    return "Do not translate me"
```

~~~
# tilde fence, kept
~~~

<div class="note">Raw <b>HTML</b> block, kept.</div>

Text with <span title="inline">raw inline html</span>, ~~struck words~~ and a <https://auto.link/x>.

* * *

Reference [link text][ref] and [shortcut].

[ref]: https://example.org/ref "Ref title"
[shortcut]: /local/path
"""

# Every text span of MARKDOWN, in order: headings, paragraphs, list items, cells, quotes, link text, alt text.
MARKDOWN_TEXTS = [
    "The summit in",
    "Dushanbe",
    "Leaders met on",
    "Monday",
    "to discuss",
    "and",
    "the new treaty",
    "They signed it quickly.",
    "See",
    "or write to",
    "for details.",
    "Setext heading here",
    "A dam on the river",
    "and an",
    "image",
    "with",
    "emphasis",
    "Country",
    "Share | total",
    "Note",
    "Uzbekistan",
    "Rising fast",
    "Tajikistan",
    "Source",
    "Water is life. continued lazily",
    "A nested quote.",
    "First item. It has two sentences.",
    "Second item",
    "Nested bullet one",
    "Nested bullet two with a second line",
    "Other numbering",
    "An ordinary paragraph before code.",
    "Text with",
    "raw inline html",
    "struck words",
    "and a",
    "Reference",
    "link text",
    "and",
]

HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Summit &amp; water</title>
  <style>p { color: red; } /* Text in a style */</style>
  <script>var greeting = "Hello world"; if (a < b && c) { go(); }</script>
</head>
<body>
  <!-- A comment with words in it -->
  <h1 class="top" title="Headline tooltip">Leaders meet in Dushanbe</h1>
  <p>Click <a href="https://example.com/page?x=1&amp;y=2" data-note="Do not touch">here</a> to read more.
     Visit https://example.org today.</p>
  <p>Run <code>make test</code> and press <kbd>Enter</kbd> twice.<br>Then wait &mdash; patiently.</p>
  <img src="dam.png" alt="A dam on the river"><img src=b.png alt=Dog>
  <pre>  preformatted text
    keeps its spaces</pre>
  <div translate="no">Brand Name <div>inner brand</div> still brand</div>
  <ul><li>First item<li>Second item</ul>
  <table><tr><th>Country</th><td>42</td></tr></table>
  <textarea>Typed text</textarea>
</body>
</html>
"""

HTML_TEXTS = [
    "Summit & water",
    "Headline tooltip",
    "Leaders meet in Dushanbe",
    "Click",
    "here",
    "to read more. Visit",
    "today.",
    "Run",
    "and press",
    "twice.",
    "Then wait — patiently.",
    "A dam on the river",
    "Dog",
    "First item",
    "Second item",
    "Country",
]


def markdown_structure(text: str) -> list:
    """Every block token and every inline token but text, with what identifies it (markers, levels,
    code, URLs, raw HTML, fence info): equal for two documents with the same structure."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out: list = []
    for t in parser.parse(text):
        if t.type == "inline":
            out.append(
                [
                    (c.type, c.markup, c.content if c.type in ("code_inline", "html_inline") else "", c.attrs)
                    for c in t.children or []
                    if c.type not in ("text", "text_special", "softbreak")
                ]
            )
        else:
            kept = t.content if t.type in ("fence", "code_block", "html_block") else ""
            out.append((t.type, t.tag, t.markup, t.nesting, t.info, t.attrs, kept))
    return out


class _Markup(HTMLParser):
    """Every construct of a page except text: tags with all their attributes, comments, declarations and
    the content of script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list = []
        self.raw = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.items.append(("start", tag, attrs))
        self.raw = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("end", tag))
        self.raw = False

    def handle_data(self, data: str) -> None:
        if self.raw:
            self.items.append(("raw", data))

    def handle_comment(self, data: str) -> None:
        self.items.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.items.append(("decl", decl))


def html_markup(text: str, *, without: tuple[str, ...] = ()) -> list:
    """The page's constructs (:class:`_Markup`), leaving out the attributes named in ``without``."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return [
        (kind, tag, [(k, v) for k, v in rest[0] if k not in without])
        if kind == "start"
        else (kind, tag, *rest)
        for kind, tag, *rest in parser.items
    ]


def unescape(text: str) -> str:
    return html.unescape(text)
