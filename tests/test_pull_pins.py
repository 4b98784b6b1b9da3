"""Registry pins, `--revision latest`, pickle conversion and hub errors, against the loopback hub server.

Nothing here reaches any host but 127.0.0.1 (tests/hubserver.py); the tiny random-weight Marian model is
served the way huggingface.co serves a real checkpoint.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import torch
from pullkit import inference_files, one_line_error, pin_of, pull, runner, sha256
from safetensors.torch import load_file

from summix import pickleconv
from summix.api import clear_backends
from summix.backends.transformers import TransformersBackend
from summix.cli import app
from summix.errors import ModelError, SummixError
from summix.options import GenerationOptions, RuntimeOptions
from summix.registry import pins
from summix.resolve import LOCK_FILE, resolve_model

RU_EN = "Helsinki-NLP/opus-mt-ru-en"
PINNED = "a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124"  # opus-mt-ru-en's revision in the registry
GREEDY = GenerationOptions(num_beams=1, max_new_tokens=12)
PICKLED = "test-org/opus-mt-en-ru-pickled"  # the name tells summix the Marian pair


def use_pin(monkeypatch: pytest.MonkeyPatch, pin: pins.RepoPin) -> None:
    """Make ``pin`` the registry's pin of its repository for this test."""
    others = tuple(p for p in pins.PINS if p.repo_id != pin.repo_id)
    monkeypatch.setattr(pins, "PINS", (*others, pin))


def lock_of(folder: Path) -> dict:
    return json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))


def test_a_curated_pull_is_checked_file_by_file_and_verify_rechecks_the_registry(
    hub, served, tmp_path, monkeypatch
) -> None:
    files = inference_files(served)
    use_pin(monkeypatch, pin_of(RU_EN, files, PINNED, ref="refs/pr/2"))
    hub.add_repo(RU_EN, served, refs=(), commit=PINNED)
    result = pull("opus-mt-ru-en", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"opus-mt-ru-en: pulled into {tmp_path / 'opus-mt-ru-en'} @ {PINNED}" in result.stdout
    folder = tmp_path / "opus-mt-ru-en"
    assert lock_of(folder)["pinned"] is True
    verify = ["models", "verify", "opus-mt-ru-en", "--dir", str(tmp_path)]
    assert runner.invoke(app, verify).exit_code == 0

    translated = runner.invoke(
        app,
        ["translate", "-", "--from", "ru", "--to", "en", "-m", "opus-mt-ru-en", "--models-dir", str(tmp_path)]
        + ["--format", "json"],
        input="Привет, мир.\n",
    )
    clear_backends()
    assert translated.exit_code == 0, translated.output
    signature = json.loads(translated.stdout)["outputs"][0]["signature"]
    assert signature["model_id"] == RU_EN and signature["revision"] == PINNED

    # Weights swapped and the lock rewritten to match them: the lock agrees, the registry does not.
    weights = folder / "model.safetensors"
    swapped = bytes(reversed(weights.read_bytes()))
    weights.write_bytes(swapped)
    lock = lock_of(folder)
    lock["files"]["model.safetensors"]["sha256"] = sha256(swapped)
    (folder / LOCK_FILE).write_text(json.dumps(lock), encoding="utf-8")
    one_line_error(runner.invoke(app, verify), "model.safetensors differs from the registry", "sha256")


def test_a_file_that_differs_from_the_registry_is_refused_and_named(
    hub, served, tmp_path, monkeypatch
) -> None:
    # The real registry: opus-mt-en-ru's model.safetensors has a published sha256; the tiny one differs.
    pinned = "20855d62f29510b14806b4f3eddb289a0065d556"
    hub.add_repo("Helsinki-NLP/opus-mt-en-ru", served, refs=(), commit=pinned)
    line = one_line_error(
        pull("opus-mt-en-ru", "--dir", str(tmp_path)), "registry expects eb1bda1b", "refusing"
    )
    assert "model.safetensors has sha256" in line
    # A small file: the hub's blob id differs from the recorded one.
    files = inference_files(served)
    pin = pin_of(RU_EN, {**files, "tokenizer_config.json": b'{"other": true}'}, PINNED)
    use_pin(monkeypatch, pin)
    hub.add_repo(RU_EN, served, refs=(), commit=PINNED)
    line = one_line_error(pull("opus-mt-ru-en", "--dir", str(tmp_path)), "tokenizer_config.json has blob id")
    assert "model.safetensors" not in line  # only what differs is named
    # A file the registry does not list, and one it lists that the hub no longer has.
    use_pin(monkeypatch, pin_of(RU_EN, {**files, "spiece.model": b"x"}, PINNED))
    del files["vocab.json"]
    hub.add_repo(RU_EN, {**files, "added_tokens.json": b"{}"}, refs=(), commit=PINNED)
    line = one_line_error(pull("opus-mt-ru-en", "--dir", str(tmp_path)), "spiece.model is missing")
    assert "added_tokens.json is not in the registry" in line and "vocab.json is missing" in line
    assert not hub.downloads() and not list(tmp_path.iterdir())


def test_a_pull_request_ref_that_moved_is_refused(hub, served, tmp_path, monkeypatch) -> None:
    files = inference_files(served)
    recorded = "abc1234" + "0" * 33
    use_pin(monkeypatch, pins.RepoPin(RU_EN, "refs/pr/2", "refs/pr/2", "abc1234", "test", ()))
    hub.add_repo(RU_EN, files, refs=("refs/pr/2",), commit=recorded)
    ok = pull("opus-mt-ru-en", "--revision", "refs/pr/2", "--dir", str(tmp_path))
    assert ok.exit_code == 0 and f"@ {recorded}" in ok.stdout, ok.output
    hub.add_repo(RU_EN, {n: d for n, d in files.items() if n != "model.safetensors"})  # main: no weights
    latest = pull("opus-mt-ru-en", "--revision", "latest", "--dir", str(tmp_path / "latest"))
    assert latest.exit_code == 0 and f"@ {recorded}" in latest.stdout, latest.output
    assert lock_of(tmp_path / "latest" / "opus-mt-ru-en")["pinned"] is True  # the pin's checks applied
    moved = hub.add_repo(RU_EN, {**files, "README.md": b"new"}, refs=("refs/pr/2",), parent=recorded)
    line = one_line_error(pull("opus-mt-ru-en", "--revision", "refs/pr/2", "--dir", str(tmp_path / "b")))
    assert f"refs/pr/2 is now commit {moved}" in line and "starting abc1234" in line


def test_latest_takes_the_current_conversion_then_the_pin_then_main(
    hub, served, tmp_path, monkeypatch
) -> None:
    files = inference_files(served)
    pickle_only = {n: d for n, d in served.items() if n != "model.safetensors"}
    use_pin(monkeypatch, pin_of(RU_EN, files, PINNED, ref="refs/pr/2"))
    hub.add_repo(RU_EN, files, refs=("refs/pr/2",), commit=PINNED)
    old_main = hub.add_repo(RU_EN, pickle_only, refs=(), parent=None)
    main = hub.add_repo(RU_EN, {**pickle_only, "README.md": b"v2"}, parent=old_main)
    hub.add_pr(RU_EN, 3, files, parent=old_main)  # a conversion of an older main
    current = hub.add_pr(RU_EN, 4, {**files, "README.md": b"v2"}, parent=main)
    hub.add_pr(RU_EN, 5, files, parent=main, author="someone")  # not the hub's bot

    def latest(where: str) -> tuple[str, dict]:
        result = pull("opus-mt-ru-en", "--revision", "latest", "--dir", str(tmp_path / where))
        assert result.exit_code == 0, result.output
        return result.stdout, lock_of(tmp_path / where / "opus-mt-ru-en")

    out, lock = latest("conversion")
    assert lock["revision"] == current and "refs/pr/4" in out and "refs/pr/4" in lock["resolved_from"]
    assert lock["requested_revision"] == "latest" and lock["files"]["model.safetensors"]["sha256"]

    newer_main = hub.add_repo(RU_EN, {**pickle_only, "README.md": b"v3"}, parent=main)
    out, lock = latest("pin")
    assert lock["revision"] == PINNED and lock["pinned"] is True and "pin" in lock["resolved_from"]

    with_weights = hub.add_repo(RU_EN, files, parent=newer_main)
    out, lock = latest("main")
    assert lock["revision"] == with_weights and "main" in lock["resolved_from"] and lock["pinned"] is False


@pytest.fixture
def pickled(served, tiny_marian) -> dict[str, bytes]:
    """The tiny model as a pickle-only repo: its state dict saved by torch.save, tied tensors shared."""
    from transformers import AutoModelForSeq2SeqLM

    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_marian, local_files_only=True)
    buffer = tiny_marian.parent / "pytorch_model.bin"
    if not buffer.exists():
        torch.save(model.state_dict(), buffer)
    files = {n: d for n, d in served.items() if n not in ("model.safetensors", "pytorch_model.bin")}
    return {**files, "pytorch_model.bin": buffer.read_bytes()}


def test_allow_pickle_converts_once_and_locks_both_hashes(hub, pickled, tiny_marian, tmp_path) -> None:
    hub.add_repo(PICKLED, pickled)
    one_line_error(pull(PICKLED, "--dir", str(tmp_path)), "pickle", "--allow-pickle")
    assert not hub.downloads() and not (tmp_path / PICKLED.replace("/", "--")).exists()

    result = pull(PICKLED, "--dir", str(tmp_path), "--allow-pickle")
    assert result.exit_code == 0, result.output
    assert "pytorch_model.bin converted to model.safetensors" in result.stdout
    folder = tmp_path / PICKLED.replace("/", "--")
    assert (folder / "model.safetensors").is_file() and not (folder / "pytorch_model.bin").exists()
    lock = lock_of(folder)
    assert lock["converted_from"]["sha256"] == sha256(pickled["pytorch_model.bin"])
    assert lock["files"]["model.safetensors"]["sha256"] == sha256((folder / "model.safetensors").read_bytes())
    assert "pytorch_model.bin" not in lock["files"]
    assert runner.invoke(app, ["models", "verify", PICKLED, "--dir", str(tmp_path)]).exit_code == 0

    # Every tensor survives, and the converted model translates exactly as the original does.
    original = load_file(tiny_marian / "model.safetensors")
    converted = load_file(folder / "model.safetensors")
    assert set(original) <= set(converted)
    assert all(torch.equal(converted[k], original[k]) for k in original)
    runtime = RuntimeOptions(device="cpu", threads=1)  # allow_pickle off: safetensors only
    texts = ["Prices rose again.", "The museum opened an exhibition."]
    expected = TransformersBackend(resolve_model(str(tiny_marian)), runtime).generate_ids(
        texts, src="en", tgt="ru", task="translate", options=GREEDY
    )
    loaded = TransformersBackend(resolve_model(str(folder)), runtime)
    assert loaded.generate_ids(texts, src="en", tgt="ru", task="translate", options=GREEDY) == expected

    before = len(hub.downloads())
    again = pull(PICKLED, "--dir", str(tmp_path), "--allow-pickle")
    assert "up to date" in again.stdout and len(hub.downloads()) == before


def test_pickle_is_refused_on_a_torch_with_weights_only_advisories(
    hub, pickled, tmp_path, monkeypatch
) -> None:
    hub.add_repo(PICKLED, pickled)
    monkeypatch.setattr(pickleconv.metadata, "version", lambda name: "2.9.1")
    line = one_line_error(pull(PICKLED, "--dir", str(tmp_path), "--allow-pickle"), "torch 2.9.1")
    assert "GHSA-63cw-57p8-fm3p" in line and "torch>=2.10.0" in line
    assert not hub.downloads()


@pytest.mark.parametrize(
    "version, advisories",
    [("2.5.1", 2), ("2.9.1+cpu", 1), ("2.10.0", 0), ("2.13.0+cpu", 0)],
)
def test_weights_only_advisories_by_torch_version(version: str, advisories: int) -> None:
    if not advisories:
        assert pickleconv.check_torch(version) == version
        return
    with pytest.raises(ModelError) as err:
        pickleconv.check_torch(version)
    assert str(err.value).count("GHSA-") == advisories


def test_tied_tensors_are_stored_once_under_the_shared_name() -> None:
    shared = torch.arange(6.0).reshape(2, 3)
    state = {"lm_head.weight": shared, "model.shared.weight": shared, "model.other": shared[0]}
    kept = pickleconv.unshared(state)
    assert set(kept) == {"model.shared.weight", "model.other"}
    assert kept["model.other"].untyped_storage().data_ptr() != kept["model.shared.weight"].data_ptr()


def _dead_endpoint() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there now


def test_no_network_is_one_line_and_debug_shows_the_traceback(hub, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", _dead_endpoint())
    line = one_line_error(pull("nllb-600m", "--dir", str(tmp_path)), "cannot reach the Hugging Face hub")
    assert "works offline" in line and "models pull" in line
    monkeypatch.setenv("SUMMIX_DEBUG", "1")
    result = pull("nllb-600m", "--dir", str(tmp_path))
    assert result.exit_code != 0 and isinstance(result.exception, SummixError)
