"""Shared fixtures: tiny random-weight models of every family, built offline once per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Tests never touch the network, and never see the user's hub cache or ./models.
_ISOLATED = Path(tempfile.mkdtemp(prefix="summix-tests-"))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HOME"] = str(_ISOLATED / "hf-home")
os.environ["SUMMIX_MODELS_DIR"] = str(_ISOLATED / "no-models")
for _var in ("SUMMIX_DEVICE", "SUMMIX_DTYPE", "SUMMIX_BACKEND", "SUMMIX_DEBUG"):
    os.environ.pop(_var, None)
os.environ["SUMMIX_THREADS"] = "1"  # tiny models gain nothing from more; a shared machine loses a lot

import huggingface_hub.constants as hf_constants  # noqa: E402
import pytest  # noqa: E402
from hubserver import HubServer  # noqa: E402

from summix.randomweights import build_random_model, corpus_lines  # noqa: E402
from summix.resolve import RANDOM_MARKER  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_e1aca306d864d71d.txt"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _shared_models_folder_stays_empty():
    """Every test writes models only into folders of its own: one left in the default folder, which all
    tests share, would be found by the tests after it."""
    yield
    shared = _ISOLATED / "no-models"
    left = sorted(p.name for p in shared.iterdir()) if shared.exists() else []
    assert not left, f"this test wrote into the shared default models folder: {left}"


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    """Tokenizer training text: the seed, the built-in lines, and the eval sets where they exist."""
    extra = [EVAL / "ntrex" / f"ntrex.{lang}.txt" for lang in ("eng", "rus", "uzb")]
    extra.append(EVAL / "udhr" / "udhr.uzb_cyrl.txt")
    return corpus_lines([p for p in extra if p.exists()])


def _build(tmp_path_factory: pytest.TempPathFactory, corpus: list[str], name: str, family: str, **kw) -> Path:
    out = tmp_path_factory.mktemp("tiny") / name
    return build_random_model(family, out, arch="tiny", lines=corpus, **kw)


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory, corpus) -> Path:
    return _build(tmp_path_factory, corpus, "tiny-nllb", "nllb")


@pytest.fixture(scope="session")
def tiny_m2m100(tmp_path_factory, corpus) -> Path:
    return _build(tmp_path_factory, corpus, "tiny-m2m100", "m2m100")


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory, corpus) -> Path:
    return _build(tmp_path_factory, corpus, "tiny-marian-en-ru", "marian", pair=("en", "ru"))


@pytest.fixture(scope="session")
def tiny_xlsum(tmp_path_factory, corpus) -> Path:
    return _build(tmp_path_factory, corpus, "tiny-xlsum", "mt5")


@pytest.fixture(scope="session")
def tiny_crosssum(tmp_path_factory, corpus) -> Path:
    return _build(tmp_path_factory, corpus, "tiny-crosssum", "crosssum")


@pytest.fixture(scope="session")
def tiny_madlad(tmp_path_factory, corpus) -> Path:
    return _build(tmp_path_factory, corpus, "tiny-madlad", "madlad")


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty models folder that summix uses for this test (link tiny models into it)."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("SUMMIX_MODELS_DIR", str(folder))
    return folder


def install(models: Path, model: Path, name: str | None = None) -> Path:
    """Make ``model`` appear in ``models`` as if pulled there (a symlink, no copy)."""
    link = models / (name or model.name)
    link.symlink_to(model, target_is_directory=True)
    return link


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch):
    """A running hub server, with summix and huggingface_hub pointed at it and online."""
    with HubServer() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HF_HUB_OFFLINE", "0")
        monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
        # huggingface_hub read HF_HUB_OFFLINE=1 (conftest) and HF_ENDPOINT at import: undo both for this test,
        # so that none of its own requests (it fetches an "agent harness" list) leaves 127.0.0.1.
        monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", False)
        monkeypatch.setattr(hf_constants, "ENDPOINT", server.url)
        template = server.url + "/{repo_id}/resolve/{revision}/{filename}"
        monkeypatch.setattr(hf_constants, "HUGGINGFACE_CO_URL_TEMPLATE", template)
        # The hub streams 10 MiB chunks; tiny weights need tiny chunks for a cut to land mid-file, as it would
        # in a 2 GB download.
        monkeypatch.setattr(hf_constants, "DOWNLOAD_CHUNK_SIZE", 16 * 1024)
        yield server


@pytest.fixture
def served(tiny_marian: Path) -> dict[str, bytes]:
    """The tiny model as a hub repo would hold it, plus files pull must leave alone."""
    files = {p.name: p.read_bytes() for p in tiny_marian.iterdir() if p.is_file() and p.name != RANDOM_MARKER}
    files["README.md"] = b"# tiny\n"
    files["pytorch_model.bin"] = b"pickle weights that must never be fetched"
    files["tf_model.h5"] = b"tensorflow weights"
    return files
