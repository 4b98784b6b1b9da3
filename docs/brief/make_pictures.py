"""Re-make the pictures of the seed's brief that docs/brief/README.md shows.

    python docs/brief/make_pictures.py                  # writes docs/brief/*.png, *.html, *.md
    python docs/brief/make_pictures.py --chromium /usr/bin/chromium --out /tmp/pictures

Two briefs of ``seeds/000_e1aca306d864d71d.txt``, made offline:

* ``seed-no-models``: with no model installed, what a fresh machine gets: the English extractive summary,
  the source text and the missing languages with their pull commands;
* ``seed-random-weights``: with tiny *random-weight* NLLB and mT5 XL-Sum models (``summix.randomweights``)
  installed, so every column is filled. Their translations and summaries are meaningless: the picture
  shows the layout only. Its flags are what ``summix.checks`` finds in that output, as ``summix brief``
  (which checks by default) shows them.

Both are made as ``summix brief`` makes them: on one session, then checked with
:func:`summix.brief.check_brief`; the date is fixed so that re-making them changes nothing else.

Each is rendered by headless Chromium in a window 1280 px wide and one 390 px wide, as tall as the
tiles kept (:data:`SHOTS`), and cut into 2,000 px tiles: ``NAME-wide-1.png`` is the top of the page,
the next tiles go on down it (on the narrow screen, from the summaries down). Pillow (installed with
matplotlib) cuts them. Nothing here runs in CI: Chromium is needed only to make the pictures.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_e1aca306d864d71d.txt"
MADE = date(2026, 11, 29)
# Picture name -> (window width, parts): each part is where it starts (an element's id, or None for the top
# of the page) and how many 2,000 px tiles from there are kept. On a narrow screen a long list of flags
# would fill the tiles under the top one, so those start at the summaries.
SHOTS = {"wide": (1280, ((None, 2),)), "narrow": (390, ((None, 1), ("summaries", 2)))}
TILE = 2000
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)

try:
    from summix.brief import build_brief, check_brief, render_brief
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(ROOT / "src"))
    from summix.brief import build_brief, check_brief, render_brief


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium binary")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("SUMMIX_THREADS", "1")
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="summix-brief-") as tmp:
        models = Path(tmp) / "models"
        models.mkdir()
        os.environ["SUMMIX_MODELS_DIR"] = str(models)
        write(args, "seed-no-models", check_brief(build_brief(text, made=MADE)))
        install_random_models(models, Path(tmp) / "built")
        write(args, "seed-random-weights", check_brief(build_brief(text, made=MADE)))


def install_random_models(models: Path, built: Path) -> None:
    """Tiny random-weight NLLB (translates en/ru/uz) and mT5 XL-Sum (summarizes) in ``models``."""
    from summix.randomweights import build_random_model, corpus_lines

    lines = corpus_lines()
    build_random_model("nllb", models / "tiny-nllb", arch="tiny", lines=lines)
    build_random_model("mt5", models / "tiny-xlsum", arch="tiny", lines=lines, summarizer="xlsum")


def write(args: argparse.Namespace, name: str, brief) -> None:
    """``name``.html and .md in ``args.out``, and the tiles of :data:`SHOTS` for each width."""
    html = args.out / f"{name}.html"
    html.write_text(render_brief(brief, "html"), encoding="utf-8")
    (args.out / f"{name}.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    for label, (width, parts) in SHOTS.items():
        starts = [(offset_of(args.chromium, html, where, width), tiles) for where, tiles in parts]
        page = args.out / f"{name}-{label}.png"
        screenshot(args.chromium, html, page, width, max(top + tiles * TILE for top, tiles in starts))
        for i, png in enumerate(cut_tiles(page, starts), start=1):
            print(f"wrote {png}" + (" (the top of the page)" if i == 1 else ""))


def run_chromium(chromium: str, page: Path, width: int, height: int, *action: str) -> str:
    """Load ``page`` in headless Chromium in a ``width`` x ``height`` window, do ``action``, return stdout."""
    with tempfile.TemporaryDirectory(prefix="summix-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            *action,
            f"--window-size={width},{height}",
            page.resolve().as_uri(),
        ]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def screenshot(chromium: str, page: Path, png: Path, width: int, height: int) -> None:
    """Render ``page`` with headless Chromium in a ``width`` x ``height`` window into ``png``."""
    run_chromium(chromium, page, width, height, f"--screenshot={png}")


def offset_of(chromium: str, page: Path, element: str | None, width: int) -> int:
    """How far down ``page``, laid out ``width`` px wide, the element with id ``element`` starts (0 for
    None). Measured on a copy with a script that writes the offset into the page (the page itself has none
    and its Content-Security-Policy forbids one), which Chromium's ``--dump-dom`` then prints."""
    if element is None:
        return 0
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8"))
    script = (
        f'addEventListener("load", () => {{ const box = document.getElementById("{element}")'
        ".getBoundingClientRect(); document.body.dataset.offset = Math.round(box.top + scrollY); });"
    )
    # --dump-dom lays the page out at least 500 px wide: fix the copy's width instead (the brief's stylesheet
    # changes its layout at 760 px only, so both lay out alike).
    html = html.replace("</head>", f"<style>html {{ width: {width}px; }}</style></head>")
    measure = f"<script>{script}</script></body>"
    with tempfile.TemporaryDirectory(prefix="summix-measure-") as folder:
        copy = Path(folder) / page.name
        copy.write_text(html.replace("</body>", measure), encoding="utf-8")
        dom = run_chromium(chromium, copy, width, TILE, "--dump-dom")
    return int(re.search(r'<body[^>]*data-offset="(\d+)"', dom).group(1))


def cut_tiles(png: Path, starts: list[tuple[int, int]]) -> list[Path]:
    """Cut ``png`` into pictures :data:`TILE` px high (``NAME-1.png`` ...): for each ``(top, tiles)`` of
    ``starts``, ``tiles`` of them from ``top`` down. Stored with a 256-colour palette (text pictures look the
    same and take a third of the bytes); blank tiles are dropped."""
    from PIL import Image

    written: list[Path] = []
    with Image.open(png) as whole:
        for top, tiles in starts:
            for i in range(tiles):
                box = (0, top + i * TILE, whole.width, top + (i + 1) * TILE)
                tile = whole.crop(box).convert("RGB")
                if tile.getextrema() == ((255, 255), (255, 255), (255, 255)):
                    continue
                out = png.with_name(f"{png.stem}-{len(written) + 1}.png")
                tile.quantize(256).save(out, optimize=True)
                written.append(out)
    png.unlink()
    return written


if __name__ == "__main__":
    main()
