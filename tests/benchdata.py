"""A miniature evaluation folder in the layout of ../shared/eval, for the benchmark tests."""

from __future__ import annotations

from pathlib import Path

NTREX = [  # (doc id, English, Russian, Uzbek): two documents of 3 and 2 sentences
    ("doc.a", "The summit opened in Dushanbe.", "Саммит открылся в Душанбе.", "Sammit Dushanbeda ochildi."),
    (
        "doc.a",
        "Leaders of five countries came.",
        "Приехали лидеры пяти стран.",
        "Besh davlat rahbarlari keldi.",
    ),
    ("doc.a", "They signed a treaty.", "Они подписали договор.", "Ular shartnoma imzoladi."),
    ("doc.b", "Prices rose again.", "Цены снова выросли.", "Narxlar yana oshdi."),
    ("doc.b", "Bread costs more.", "Хлеб стоит дороже.", "Non qimmatroq turadi."),
]
UDHR = {
    "eng": ["All human beings are born free.", "Everyone has the right to life."],
    "rus": ["Все люди рождаются свободными.", "Каждый человек имеет право на жизнь."],
    "uzb": ["Barcha odamlar erkin tugʻiladilar.", "Har bir inson yashash huquqiga ega."],
    "uzb_cyrl": ["Барча одамлар эркин туғиладилар.", "Ҳар бир инсон яшаш ҳуқуқига эга."],
}
TATOEBA = [  # a repeated English source with two Uzbek references
    ("I love you.", "Men seni sevaman."),
    ("I love you.", "Men sizni sevaman."),
    ("Where is the station?", "Vokzal qayerda?"),
]


TATOEBA_CYRL = [("I love you.", "Мен сени севаман."), ("Where is the station?", "Вокзал қаерда?")]


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_eval(folder: Path) -> Path:
    """Write ntrex/, udhr/ and tatoeba/ under ``folder`` and return it."""
    for column, code in ((1, "eng"), (2, "rus"), (3, "uzb")):
        _write(folder / "ntrex" / f"ntrex.{code}.txt", [row[column] for row in NTREX])
    _write(folder / "ntrex" / "ntrex.docids.tsv", [row[0] for row in NTREX])
    for code, lines in UDHR.items():
        _write(folder / "udhr" / f"udhr.{code}.txt", lines)
    _write(folder / "tatoeba" / "tatoeba.eng-uzb.latn.eng.txt", [en for en, _ in TATOEBA])
    _write(folder / "tatoeba" / "tatoeba.eng-uzb.latn.uzb.txt", [uz for _, uz in TATOEBA])
    _write(folder / "tatoeba" / "tatoeba.eng-uzb.cyrl.eng.txt", [en for en, _ in TATOEBA_CYRL])
    _write(folder / "tatoeba" / "tatoeba.eng-uzb.cyrl.uzb.txt", [uz for _, uz in TATOEBA_CYRL])
    return folder
