"""Re-make the pictures of the seed's brief that docs/brief/README.md shows.

    python docs/brief/make_pictures.py                  # writes docs/brief/*.png, *.html, *.md
    python docs/brief/make_pictures.py --chromium /usr/bin/chromium --out /tmp/pictures

Two briefs of ``seeds/000_e1aca306d864d71d.txt``, made offline:

* ``seed-no-models``: with no model installed, what a fresh machine gets: the English extractive summary,
  the source text and the missing languages with their pull commands;
* ``seed-random-weights``: with tiny *random-weight* NLLB and mT5 XL-Sum models (``summix.randomweights``)
  installed, so every column is filled. Their translations and summaries are meaningless: the picture
  shows the layout only. Its flags come from a plain digit comparison made here (a number of the source
  paragraph that its translation lacks), so the flag highlighting is shown on real, if simple, findings.

Each is rendered by headless Chromium in a window 1280 px wide and one 390 px wide, as tall as the
tiles kept (:data:`SHOTS`), and cut into 2,000 px tiles: ``NAME-wide-1.png`` is the top of the page,
the next tiles go on down it. Pillow (installed with matplotlib) cuts them. Nothing here runs in CI:
Chromium is needed only to make the pictures.
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
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_e1aca306d864d71d.txt"
MADE = date(2026, 11, 30)
# Picture name -> (width, how many 2,000 px tiles from the top of the page are kept).
SHOTS = {"wide": (1280, 2), "narrow": (390, 3)}
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
_NUMBER = re.compile(r"\d+")

try:
    from summix.brief import build_brief, flags_from_checks, render_brief
except ImportError:  # run from a checkout without installing: use its src/
    sys.path.insert(0, str(ROOT / "src"))
    from summix.brief import build_brief, flags_from_checks, render_brief


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
        write(args, "seed-no-models", build_brief(text, made=MADE))
        install_random_models(models, Path(tmp) / "built")
        brief = build_brief(text, made=MADE)
        write(args, "seed-random-weights", brief.with_flags(flags_from_checks(brief, missing_numbers)))


def install_random_models(models: Path, built: Path) -> None:
    """Tiny random-weight NLLB (translates en/ru/uz) and mT5 XL-Sum (summarizes) in ``models``."""
    from summix.randomweights import build_random_model, corpus_lines

    lines = corpus_lines()
    build_random_model("nllb", models / "tiny-nllb", arch="tiny", lines=lines)
    build_random_model("mt5", models / "tiny-xlsum", arch="tiny", lines=lines, summarizer="xlsum")


def missing_numbers(sources, outputs, src: str, tgt: str) -> list[SimpleNamespace]:
    """Per paragraph, a finding for each number of the source paragraph that its output lacks."""
    results = []
    for source, output in zip(sources, outputs, strict=True):
        lacking = [n for n in dict.fromkeys(_NUMBER.findall(source)) if n not in _NUMBER.findall(output)]
        reason = f"the translation lacks {', '.join(lacking[:4])} from the source"
        results.append(SimpleNamespace(findings=[{"kind": "numbers", "reason": reason}] if lacking else []))
    return results


def write(args: argparse.Namespace, name: str, brief) -> None:
    """``name``.html and .md in ``args.out``, and a PNG per width of :data:`WIDTHS`."""
    html = args.out / f"{name}.html"
    html.write_text(render_brief(brief, "html"), encoding="utf-8")
    (args.out / f"{name}.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    for label, (width, tiles) in SHOTS.items():
        page = args.out / f"{name}-{label}.png"
        screenshot(args.chromium, html, page, width, tiles * TILE)
        for i, png in enumerate(cut_tiles(page, tiles), start=1):
            print(f"wrote {png}" + (" (the top of the page)" if i == 1 else ""))


def screenshot(chromium: str, page: Path, png: Path, width: int, height: int) -> None:
    """Render ``page`` with headless Chromium in a ``width`` x ``height`` window into ``png``."""
    with tempfile.TemporaryDirectory(prefix="summix-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            page.resolve().as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def cut_tiles(png: Path, tiles: int) -> list[Path]:
    """Cut ``png`` into ``tiles`` pictures :data:`TILE` px high (``NAME-1.png`` ...), stored with a 256-colour
    palette (text pictures look the same and take a third of the bytes); blank tiles are dropped."""
    from PIL import Image

    written = []
    with Image.open(png) as whole:
        for i in range(tiles):
            tile = whole.crop((0, i * TILE, whole.width, (i + 1) * TILE)).convert("RGB")
            if tile.getextrema() == ((255, 255), (255, 255), (255, 255)):
                continue
            out = png.with_name(f"{png.stem}-{i + 1}.png")
            tile.quantize(256).save(out, optimize=True)
            written.append(out)
    png.unlink()
    return written


if __name__ == "__main__":
    main()
