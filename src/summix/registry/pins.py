"""What `summix models pull` must find on the hub for each curated checkpoint, file by file, as data.

Every value was read on the hub page named beside it (file listings, LFS pointer details). A git commit,
an exact size, a sha256 or a blob id is recorded only where such a page prints it; what no stored page
printed is left empty and said in ``note``, never guessed. ``pull`` refuses a revision whose commit or
files contradict what is recorded here, and ``verify`` re-checks an installed model against it.

The hub's listings print exact byte counts only below 1 kB ("846 Bytes"); larger sizes are rounded
("2.46 GB"), so they are kept as ``shown_size`` for people and not checked. The pages never print the git
blob id of a small file, so ``blob_id`` is empty everywhere: ``pull`` checks those files against the blob
id the hub's API gives at the pinned commit, and ``python benchmarks/check_registry.py`` prints them on a
networked machine so they can be recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HF = "https://huggingface.co/"
_FULL_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class FilePin:
    """One file pull fetches, with what a hub page printed about it."""

    name: str
    source: str  # the page the facts below were read from
    size: int | None = None  # exact bytes, where the page prints them
    sha256: str = ""  # LFS files: the sha256 on the file's page
    blob_id: str = ""  # git blob id of a non-LFS file (no stored page prints one)
    shown_size: str = ""  # the rounded size the listing shows, when no exact one is printed
    note: str = ""


@dataclass(frozen=True)
class RepoPin:
    """The revision of one hub repository summix installs, and the files it fetches there."""

    repo_id: str
    revision: str  # a full commit where a page prints one; otherwise the ref the conversion lives on
    ref: str  # where that commit was published (``refs/pr/N``, ``main``)
    commit_prefix: str  # the abbreviated commit the pages print for ``ref``; empty if none was seen
    source: str  # the page that lists this revision's files
    files: tuple[FilePin, ...]
    note: str = ""

    @property
    def full_commit(self) -> bool:
        """True when ``revision`` is a full 40-hex commit (immutable), not a ref that could move."""
        return bool(_FULL_COMMIT.match(self.revision))

    def matches_commit(self, commit: str) -> bool:
        """True when the hub's ``commit`` for this pin is the one recorded (or starts with its prefix)."""
        if self.full_commit:
            return commit == self.revision
        return bool(self.commit_prefix) and commit.startswith(self.commit_prefix)

    def file(self, name: str) -> FilePin | None:
        """The pin of ``name``, or None when pull is not expected to fetch that file."""
        return next((f for f in self.files if f.name == name), None)


def _tree(repo_id: str, rev: str) -> str:
    return f"{_HF}{repo_id}/tree/{rev.replace('/', '%2F')}"


def _blob(repo_id: str, rev: str, name: str) -> str:
    return f"{_HF}{repo_id}/blob/{rev.replace('/', '%2F')}/{name}"


_NLLB6 = "facebook/nllb-200-distilled-600M"
_NLLB6_TREE = _tree(_NLLB6, "refs/pr/39")  # the same files as refs/pr/29, unchanged since 2022
_NLLB13 = "facebook/nllb-200-distilled-1.3B"
_NLLB13_TREE = _tree(_NLLB13, "refs/pr/5")
_M2M = "facebook/m2m100_418M"
_M2M_REV = "17ef199e3a3479ca5d572350066761c5e926ac03"
_M2M_TREE = _tree(_M2M, _M2M_REV)
_ENRU = "Helsinki-NLP/opus-mt-en-ru"
_ENRU_REV = "20855d62f29510b14806b4f3eddb289a0065d556"
_ENRU_TREE = _tree(_ENRU, _ENRU_REV)
_RUEN = "Helsinki-NLP/opus-mt-ru-en"
_RUEN_REV = "a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124"
_RUEN_TREE = _tree(_RUEN, _RUEN_REV)
_XLSUM = "csebuetnlp/mT5_multilingual_XLSum"
_XLSUM_TREE = _tree(_XLSUM, "refs/pr/7")
_CROSS = "csebuetnlp/mT5_m2m_crossSum"
_CROSS_TREE = _tree(_CROSS, "refs/pr/4")
_MADLAD = "google/madlad400-3b-mt"
_MADLAD_REV = "fa184c675da0b5c9e1c8694fccd4e12e2d422094"
_MADLAD_TREE = _tree(_MADLAD, _MADLAD_REV)
_NO_SHA = "its sha256 is printed on no stored page of this repository"
_NO_SHA_COPY = _NO_SHA + " (copies in other repositories are not evidence for this one)"
_NLLB_NOTE = (
    "No stored page prints the full commit of the conversion, only {prefix}: pull resolves {ref} and "
    "refuses any commit that does not start with {prefix} (the pull request gained commits or was "
    "rewritten)."
)

PINS: tuple[RepoPin, ...] = (
    RepoPin(
        repo_id=_NLLB6,
        revision="refs/pr/29",
        ref="refs/pr/29",
        commit_prefix="38bd1c6",
        source=_blob(_NLLB6, "refs/pr/29", "model.safetensors"),
        files=(
            FilePin("config.json", _NLLB6_TREE, size=846),
            FilePin("generation_config.json", _NLLB6_TREE, size=189),
            FilePin(
                "model.safetensors",
                _blob(_NLLB6, "refs/pr/29", "model.safetensors"),
                sha256="ca41e084084466b348cdc519f9762bcfc6c352f35c2fbee5588194de8da63da8",
                shown_size="2.46 GB",
            ),
            FilePin("sentencepiece.bpe.model", _NLLB6_TREE, shown_size="4.85 MB", note=_NO_SHA_COPY),
            FilePin("special_tokens_map.json", _NLLB6_TREE, shown_size="3.55 kB"),
            FilePin(
                "tokenizer.json",
                _blob(_NLLB6, "refs/pr/13", "tokenizer.json"),  # last changed by "Add fast tokeinzer"
                sha256="e316b82de11d0f951f370943b3c438311629547285129b0b81dadabd01bca665",
                shown_size="17.3 MB",
            ),
            FilePin("tokenizer_config.json", _NLLB6_TREE, size=564),
        ),
        note=_NLLB_NOTE.format(prefix="38bd1c6", ref="refs/pr/29")
        + " The listing of refs/pr/29 itself is not stored; every file pull fetches was last changed "
        "before both refs/pr/28 and refs/pr/39, whose listings are. A newer conversion, refs/pr/39 "
        "(ba634f8), has no published hash.",
    ),
    RepoPin(
        repo_id=_NLLB13,
        revision="refs/pr/5",
        ref="refs/pr/5",
        commit_prefix="f9e6ff7",
        source=_NLLB13_TREE,
        files=(
            FilePin("config.json", _NLLB13_TREE, size=808),
            FilePin("generation_config.json", _NLLB13_TREE, size=189),
            FilePin("model.safetensors", _NLLB13_TREE, shown_size="5.48 GB", note=_NO_SHA),
            FilePin(
                "sentencepiece.bpe.model",
                _blob(_NLLB13, "9f145757fa1d6e623efdaade03dc1b94aff2ca4d", "sentencepiece.bpe.model"),
                sha256="14bb8dfb35c0ffdea7bc01e56cea38b9e3d5efcdcb9c251d6b40538e1aab555a",
                shown_size="4.85 MB",
            ),
            FilePin("special_tokens_map.json", _NLLB13_TREE, shown_size="3.55 kB"),
            FilePin("tokenizer.json", _NLLB13_TREE, shown_size="17.3 MB", note=_NO_SHA_COPY),
            FilePin("tokenizer_config.json", _NLLB13_TREE, size=564),
        ),
        note=_NLLB_NOTE.format(prefix="f9e6ff7", ref="refs/pr/5"),
    ),
    RepoPin(
        repo_id=_M2M,
        revision=_M2M_REV,
        ref="refs/pr/8",
        commit_prefix="17ef199",
        source=_M2M_TREE,
        files=(
            FilePin("config.json", _M2M_TREE, size=908),
            FilePin("generation_config.json", _M2M_TREE, size=233),
            FilePin(
                "model.safetensors",
                _blob(_M2M, "refs/pr/8", "model.safetensors"),
                sha256="c061a21eec15453944783ceb4a13a216477dd4765c98fac10811818adf994968",
                shown_size="1.94 GB",
            ),
            FilePin("sentencepiece.bpe.model", _M2M_TREE, shown_size="2.42 MB", note=_NO_SHA_COPY),
            FilePin("special_tokens_map.json", _M2M_TREE, shown_size="1.14 kB"),
            FilePin("tokenizer_config.json", _M2M_TREE, size=272),
            FilePin("vocab.json", _M2M_TREE, shown_size="3.71 MB"),
        ),
        note="A newer conversion, refs/pr/19 (791dc1c, no full commit or hash published), carries main's "
        "tokenizer_config.json fix (#16, model_max_length 1024); summix sets the 1,024-token input limit "
        "itself, so the older tokenizer_config.json changes nothing it does.",
    ),
    RepoPin(
        repo_id=_ENRU,
        revision=_ENRU_REV,
        ref=_ENRU_REV,
        commit_prefix="20855d6",
        source=_ENRU_TREE,
        files=(
            FilePin("config.json", _ENRU_TREE, shown_size="1.38 kB"),
            FilePin("generation_config.json", _ENRU_TREE, size=293),
            FilePin(
                "model.safetensors",
                _blob(_ENRU, _ENRU_REV, "model.safetensors"),
                sha256="eb1bda1bd256f14435a7904373c8bec152fe0e85503bcecf1373b2dd47a9f03f",
                shown_size="307 MB",
            ),
            FilePin("source.spm", _ENRU_TREE, shown_size="803 kB"),
            FilePin("target.spm", _ENRU_TREE, shown_size="1.08 MB"),
            FilePin("tokenizer_config.json", _ENRU_TREE, size=42),
            FilePin("vocab.json", _ENRU_TREE, shown_size="2.6 MB"),
        ),
        note="SFconvertbot's conversion of 2023-03-17 "
        + _HF
        + _ENRU
        + "/commits/20855d62f29510b14806b4f3eddb289a0065d556/model.safetensors; later conversions "
        "(refs/pr/4, refs/pr/5) were uploaded by a user, not by the hub's bot.",
    ),
    RepoPin(
        repo_id=_RUEN,
        revision=_RUEN_REV,
        ref="refs/pr/2",
        commit_prefix="a64ede1",
        source=_RUEN_TREE,
        files=(
            FilePin("config.json", _RUEN_TREE, shown_size="1.38 kB"),
            FilePin("generation_config.json", _blob(_RUEN, _RUEN_REV, "generation_config.json"), size=293),
            FilePin("model.safetensors", _RUEN_TREE, shown_size="307 MB", note=_NO_SHA),
            FilePin("source.spm", _RUEN_TREE, shown_size="1.08 MB"),
            FilePin("target.spm", _RUEN_TREE, shown_size="803 kB"),
            FilePin("tokenizer_config.json", _RUEN_TREE, size=42),
            FilePin("vocab.json", _RUEN_TREE, shown_size="2.6 MB"),
        ),
        note="A newer conversion, refs/pr/4 = 7c84e70e05294db4fead6135d04585020413f78b ("
        + _HF
        + _RUEN
        + "/commits/7c84e70e05294db4fead6135d04585020413f78b/model.safetensors), sits on main's later "
        "generation_config.json (renormalize_logits); no hash of its files is published.",
    ),
    RepoPin(
        repo_id=_XLSUM,
        revision="refs/pr/7",
        ref="refs/pr/7",
        commit_prefix="403d8ec",
        source=_XLSUM_TREE,
        files=(
            FilePin("config.json", _HF + _XLSUM + "/blob/main/config.json", size=730),
            FilePin(
                "model.safetensors",
                _blob(_XLSUM, "refs/pr/7", "model.safetensors"),
                sha256="c691c8e17e5c83c5893f10a90b64e2a2937eb1e27e9ad0ec9153f544531e3084",
                shown_size="2.33 GB",
            ),
            FilePin("special_tokens_map.json", _XLSUM_TREE, size=65),
            FilePin(
                "spiece.model",
                _blob(_XLSUM, "refs/pr/9", "spiece.model"),  # last changed by "Added initial files"
                sha256="ef78f86560d809067d12bac6c09f19a462cb3af3f54d2b8acbba26e1433125d6",
                shown_size="4.31 MB",
            ),
            FilePin("tokenizer_config.json", _XLSUM_TREE, size=375),
        ),
        note=_NLLB_NOTE.format(prefix="403d8ec", ref="refs/pr/7"),
    ),
    RepoPin(
        repo_id=_CROSS,
        revision="refs/pr/4",
        ref="refs/pr/4",
        commit_prefix="7107951",
        source=_CROSS_TREE,
        files=(
            FilePin("config.json", _CROSS_TREE, shown_size="3.98 kB"),
            FilePin("model.safetensors", _CROSS_TREE, shown_size="2.33 GB", note=_NO_SHA),
            FilePin("special_tokens_map.json", _CROSS_TREE, size=996),
            FilePin(
                "spiece.model",
                _blob(_CROSS, "130e33a88079ad8c9256d5021294c11d01a36841", "spiece.model"),
                sha256="ef78f86560d809067d12bac6c09f19a462cb3af3f54d2b8acbba26e1433125d6",
                shown_size="4.31 MB",
            ),
            FilePin("tokenizer_config.json", _CROSS_TREE, size=375),
        ),
        note=_NLLB_NOTE.format(prefix="7107951", ref="refs/pr/4"),
    ),
    RepoPin(
        repo_id=_MADLAD,
        revision=_MADLAD_REV,
        ref=_MADLAD_REV,
        commit_prefix="fa184c6",
        source=_MADLAD_TREE,
        files=(
            FilePin("added_tokens.json", _MADLAD_TREE, size=4),
            FilePin("config.json", _MADLAD_TREE, size=749),
            FilePin("generation_config.json", _MADLAD_TREE, size=142),
            FilePin(
                "model.safetensors",
                # The page of refs/pr/9 shows the file as last changed by fa184c6, the pinned commit.
                _blob(_MADLAD, "refs/pr/9", "model.safetensors"),
                sha256="66ff5f8fcaf92291da486fdfbd4d5233cec90e1359348a56e3172c978b3a76d4",
                shown_size="11.8 GB",
            ),
            FilePin("special_tokens_map.json", _MADLAD_TREE, size=414),
            FilePin("spiece.model", _MADLAD_TREE, shown_size="4.43 MB", note=_NO_SHA),
            FilePin(
                "tokenizer.json",
                # A later listing of main: the file last changed by the duplicate commit, fa184c6.
                _tree(_MADLAD, "88c0cf16fa854c09540cefee378d8700d562c841"),
                shown_size="16.6 MB",
                note=_NO_SHA,
            ),
            FilePin(
                "tokenizer_config.json",
                _MADLAD_TREE,
                note="the stored copy of the listing is cut off before this file, so no size is recorded; "
                "its source, jbochi/madlad400-3b-mt, lists 830 Bytes at "
                + _tree("jbochi/madlad400-3b-mt", "050311abd4c13aadbaaa0f4c644a954be786fcd9"),
            ),
        ),
        note="fa184c6 is the repository's first commit, a copy of jbochi/madlad400-3b-mt; every file pull "
        "fetches was last changed there, in its own listing and in main's at 88c0cf1 (a later commit that "
        "added a video file).",
    ),
)


def pin_for(repo_id: str) -> RepoPin | None:
    """The pin of the hub repository ``repo_id``, or None when summix pins nothing there."""
    return next((p for p in PINS if p.repo_id == repo_id), None)
