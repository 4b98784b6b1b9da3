"""Test sets with human references, read by path from a data folder (never copied into the project).

The folder (``--data``; default ``../shared/eval`` beside the repository when it exists) holds::

    ntrex/ntrex.{eng,rus,uzb}.txt + ntrex.docids.tsv   NTREX-128: 1,997 news sentences in 123 documents
    udhr/udhr.{eng,rus,uzb,uzb_cyrl}.txt                UDHR: 60 aligned paragraphs
    tatoeba/tatoeba.{eng,rus}-uzb.{latn,cyrl}.*.txt     Tatoeba: short pairs, several references per source

Set names: ``ntrex`` (sentences), ``ntrex-docs`` (whole documents, for the document pipeline), ``udhr`` and
``udhr-cyrl`` (Uzbek in Latin / Cyrillic script), ``tatoeba`` and ``tatoeba-cyrl``. The Cyrillic sets'
directions name ``uz-Cyrl``: their Uzbek sources are transliterated for the model and the model's Uzbek
output is transliterated into Cyrillic before it is scored against the Cyrillic references.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from summix.errors import InputError, SummixError
from summix.languages import LANGUAGES, check_language, model_language

# The file names' language codes (udhr.uzb_cyrl.txt); Tatoeba names both Uzbek scripts "uzb".
FILE_CODES: dict[str, str] = {"en": "eng", "ru": "rus", "uz": "uzb", "uz-Cyrl": "uzb_cyrl"}
ALL_DIRECTIONS: tuple[tuple[str, str], ...] = tuple(
    sorted((a, b) for a in LANGUAGES for b in LANGUAGES if a != b)
)


def _uzbek_directions(uz: str) -> tuple[tuple[str, str], ...]:
    return (("en", uz), (uz, "en"), ("ru", uz), (uz, "ru"))


@dataclass(frozen=True)
class SetInfo:
    """What a named test set is and which directions its data allows."""

    name: str
    unit: str  # sentence, paragraph or document
    directions: tuple[tuple[str, str], ...]
    description: str


SETS: dict[str, SetInfo] = {
    "ntrex": SetInfo(
        "ntrex", "sentence", ALL_DIRECTIONS, "NTREX-128 news test, 1,997 sentences (CC BY-SA 4.0)"
    ),
    "ntrex-docs": SetInfo(
        "ntrex-docs", "document", ALL_DIRECTIONS, "NTREX-128 rebuilt as 123 documents from ntrex.docids.tsv"
    ),
    "udhr": SetInfo("udhr", "paragraph", ALL_DIRECTIONS, "UDHR, 60 paragraphs, Uzbek in Latin script"),
    "udhr-cyrl": SetInfo(
        "udhr-cyrl",
        "paragraph",
        _uzbek_directions("uz-Cyrl"),
        "UDHR, 60 paragraphs, Uzbek in Cyrillic script (uz-Cyrl)",
    ),
    "tatoeba": SetInfo(
        "tatoeba", "sentence", _uzbek_directions("uz"), "Tatoeba-Challenge test, Uzbek in Latin script"
    ),
    "tatoeba-cyrl": SetInfo(
        "tatoeba-cyrl",
        "sentence",
        _uzbek_directions("uz-Cyrl"),
        "Tatoeba-Challenge test, Uzbek in Cyrillic script (uz-Cyrl)",
    ),
}


@dataclass(frozen=True)
class TestSet:
    """Aligned sources and references for one direction: ``references[i]`` are all references of source i."""

    __test__ = False  # not a pytest test class

    name: str
    src: str
    tgt: str
    unit: str
    sources: tuple[str, ...]
    references: tuple[tuple[str, ...], ...]

    @property
    def max_references(self) -> int:
        """The most references any source has."""
        return max((len(r) for r in self.references), default=0)

    def head(self, limit: int | None) -> TestSet:
        """The first ``limit`` segments (all when ``limit`` is None)."""
        if limit is None:
            return self
        return TestSet(
            self.name, self.src, self.tgt, self.unit, self.sources[:limit], self.references[:limit]
        )


def default_data_dir(root: Path | None = None) -> Path | None:
    """``../shared/eval`` beside the repository (or beside ``root``) when it exists, else None."""
    base = root or Path(__file__).resolve().parents[3]
    for candidate in (base.parent / "shared" / "eval", Path.cwd().parent / "shared" / "eval"):
        if candidate.is_dir():
            return candidate
    return None


def resolve_data_dir(data: str | Path | None) -> Path:
    """The data folder to read: ``data`` when given, else :func:`default_data_dir`.

    Raises:
        InputError: the folder does not exist, or none was given and the default is absent.
    """
    folder = Path(data) if data else default_data_dir()
    if folder is None or not folder.is_dir():
        raise InputError(
            f"no evaluation data folder {str(folder or '../shared/eval')!r}: pass --data FOLDER "
            "(with ntrex/, udhr/, tatoeba/) or --src FILE --ref FILE"
        )
    return folder


def _lines(path: Path) -> list[str]:
    from summix.documents import decode_bytes

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}; check --data") from exc
    return decode_bytes(data, str(path)).splitlines()  # a binary or non-UTF-8 file is named in one line


def set_info(name: str) -> SetInfo:
    """The :class:`SetInfo` of a named test set.

    Raises:
        SummixError: an unknown set name (the message lists the valid ones).
    """
    if name not in SETS:
        raise SummixError(f"unknown test set {name!r}: choose from {', '.join(SETS)}")
    return SETS[name]


def check_set(name: str, src: str, tgt: str) -> SetInfo:
    """The :class:`SetInfo` for ``name`` after checking it has data for ``src``->``tgt``.

    Raises:
        SummixError: an unknown set name, or a direction the set does not hold.
    """
    info = set_info(name)
    if (src, tgt) not in info.directions:
        valid = " ".join(f"{a}-{b}" for a, b in info.directions)
        raise SummixError(f"test set {name!r} has no {src}-{tgt} data: its directions are {valid}")
    return info


def load_set(name: str, src: str, tgt: str, data: str | Path | None = None) -> TestSet:
    """Load test set ``name`` for ``src``->``tgt`` from the data folder (Tatoeba: grouped by source, with
    every reference a repeated source has).

    Raises:
        SummixError: an unknown set or direction; InputError: the data folder or a file is missing.
    """
    src, tgt = check_language(src), check_language(tgt)
    info = check_set(name, src, tgt)
    folder = resolve_data_dir(data)
    if name.startswith("tatoeba"):
        sources, grouped = _tatoeba(folder, src, tgt, "cyrl" if name.endswith("cyrl") else "latn")
        return TestSet(name, src, tgt, info.unit, tuple(sources), tuple(grouped))
    if name.startswith("udhr"):
        sources, refs = _udhr(folder, src, tgt)
    elif name == "ntrex-docs":
        sources, refs = _ntrex_documents(folder, src, tgt)
    else:
        sources, refs = _ntrex(folder, src, tgt)
    return TestSet(name, src, tgt, info.unit, tuple(sources), tuple((r,) for r in refs))


def _aligned(paths: Sequence[Path]) -> list[list[str]]:
    columns = [_lines(p) for p in paths]
    if len({len(c) for c in columns}) != 1:
        counts = ", ".join(f"{p.name}: {len(c)}" for p, c in zip(paths, columns, strict=True))
        raise InputError(f"files are not line-aligned ({counts}): check --data")
    return columns


def _ntrex(folder: Path, src: str, tgt: str) -> tuple[list[str], list[str]]:
    path = folder / "ntrex" / "ntrex.{}.txt"
    sources, refs = _aligned([Path(str(path).format(FILE_CODES[lang])) for lang in (src, tgt)])
    return sources, refs


def ntrex_document_ids(data: str | Path | None = None) -> list[str]:
    """The document of each NTREX line, in order (from ntrex.docids.tsv).

    Raises:
        InputError: the data folder or the file is missing, or its line count is not NTREX's.
    """
    folder = resolve_data_dir(data)
    doc_ids = [line.split("\t")[0] for line in _lines(folder / "ntrex" / "ntrex.docids.tsv")]
    lines = len(_lines(folder / "ntrex" / f"ntrex.{FILE_CODES['en']}.txt"))
    if len(doc_ids) != lines:
        raise InputError(f"ntrex.docids.tsv has {len(doc_ids)} lines for {lines} sentences")
    return doc_ids


def _ntrex_documents(folder: Path, src: str, tgt: str) -> tuple[list[str], list[str]]:
    """Whole NTREX documents: source sentences one paragraph each (title first), the reference one line."""
    sources, refs = _ntrex(folder, src, tgt)
    rows = list(zip(ntrex_document_ids(folder), sources, refs, strict=True))
    docs = [list(group) for _, group in groupby(rows, key=lambda row: row[0])]
    return (
        ["\n\n".join(row[1] for row in doc) for doc in docs],
        [" ".join(row[2] for row in doc) for doc in docs],
    )


def _udhr(folder: Path, src: str, tgt: str) -> tuple[list[str], list[str]]:
    sources, refs = _aligned([folder / "udhr" / f"udhr.{FILE_CODES[lang]}.txt" for lang in (src, tgt)])
    return sources, refs


def _tatoeba(folder: Path, src: str, tgt: str, script: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Tatoeba pairs grouped by source: one segment per distinct source, all its references together."""
    other = src if model_language(tgt) == "uz" else tgt
    stem = folder / "tatoeba" / f"tatoeba.{FILE_CODES[other]}-uzb.{script}"
    paths = [Path(f"{stem}.{FILE_CODES[model_language(lang)]}.txt") for lang in (src, tgt)]
    src_lines, tgt_lines = _aligned(paths)
    grouped: dict[str, list[str]] = {}
    for source, ref in zip(src_lines, tgt_lines, strict=True):
        grouped.setdefault(source, [])
        if ref not in grouped[source]:
            grouped[source].append(ref)
    return list(grouped), [tuple(refs) for refs in grouped.values()]


def load_files(src_path: str | Path, ref_paths: Sequence[str | Path], src: str, tgt: str) -> TestSet:
    """A test set from plain line-aligned files: one source file and one or more reference files.

    Raises:
        InputError: a file is missing or the files are not line-aligned.
    """
    columns = _aligned([Path(src_path), *(Path(p) for p in ref_paths)])
    refs = tuple(tuple(r for r in row if r.strip()) for row in zip(*columns[1:], strict=True))
    return TestSet(Path(src_path).name, src, tgt, "sentence", tuple(columns[0]), refs)


# ------------------------------------------------------------------------------------------ summaries


@dataclass(frozen=True)
class SummaryItem:
    """A document to summarise, with its human summary when there is one."""

    document: str
    summary: str | None
    language: str | None


def read_summary_jsonl(path: str | Path) -> list[SummaryItem]:
    """Rows of ``{"document": ..., "summary": ...}`` (summary and ``language`` optional) from a JSONL file.

    The document may be called ``text`` instead, as in the CNN/DailyMail and XL-Sum releases.

    Raises:
        InputError: the file cannot be read, a line is not JSON, or a row has no document, or a document
            or summary that is not a string.
    """
    items = []
    for number, line in enumerate(_lines(Path(path)), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{number} is not JSON ({exc}): one object per line") from exc
        row = row if isinstance(row, dict) else {}
        document = _text_field(row, "document" if row.get("document") else "text", f"{path}:{number}") or ""
        if not document.strip():
            raise InputError(
                f'{path}:{number} has no "document": rows are {{"document": ..., "summary": ...}}'
            )
        summary = _text_field(row, "summary", f"{path}:{number}")
        items.append(SummaryItem(document, summary or None, row.get("language")))
    return items


def _text_field(row: dict, name: str, where: str) -> str | None:
    """The string at ``row[name]`` (None when absent or null).

    Raises:
        InputError: it is another kind of value.
    """
    value = row.get(name)
    if value is not None and not isinstance(value, str):
        raise InputError(f'{where}: "{name}" is {type(value).__name__}, not a string')
    return value


def ntrex_documents(lang: str, data: str | Path | None = None) -> Iterator[SummaryItem]:
    """NTREX documents in ``lang`` with no human summary: for the reference-free summary checks."""
    other = "en" if lang != "en" else "ru"
    sources, _refs = _ntrex_documents(resolve_data_dir(data), check_language(lang), other)
    return (SummaryItem(doc, None, lang) for doc in sources)
