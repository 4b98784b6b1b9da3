"""`summix models pull` end to end, against a hub-compatible server on 127.0.0.1 (tests/hubserver.py).

The server serves a tiny random-weight model the way huggingface.co does (API listing with hashes, resolve
URLs, a 302 to a "CDN" with Range support). Nothing here reaches any other host.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import huggingface_hub.constants as hf_constants
import pytest
from conftest import ROOT
from hubserver import HubServer
from pullkit import REPO, lock_entry, one_line_error, pull, runner, sha256

from summix import engines
from summix.cli import app
from summix.hub import PARTIAL_DIR
from summix.options import RuntimeOptions
from summix.resolve import CT2_RECORD, LOCK_FILE, resolve_model


def test_pull_lands_inference_files_locks_them_and_a_second_pull_is_a_no_op(hub, served, tmp_path) -> None:
    commit = hub.add_repo(REPO, served)
    models = tmp_path / "models"
    result = pull(REPO, "--dir", str(models))
    assert result.exit_code == 0, result.output
    folder = models / "test-org--tiny-marian"
    assert result.stdout.strip().startswith(f"{REPO}: pulled into {folder} @ {commit}")
    expected = {n for n in served if n not in ("README.md", "pytorch_model.bin", "tf_model.h5")}
    assert {p.name for p in folder.iterdir()} == expected | {LOCK_FILE}
    lock = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))
    assert lock["repo_id"] == REPO and lock["revision"] == commit and lock["requested_revision"] == "main"
    assert lock["files"] == {n: lock_entry(n, served[n]) for n in expected}
    assert lock["pinned"] is False  # no registry pins for this repo
    assert not any("pytorch_model.bin" in p or "tf_model" in p for p in hub.downloads())

    before = len(hub.downloads())
    again = pull(REPO, "--dir", str(models))
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == f"{REPO}: up to date in {folder} @ {commit}"
    assert len(hub.downloads()) == before

    ref = resolve_model(REPO, models)
    assert ref.path == folder and ref.revision == commit and ref.family == "marian"
    ok = runner.invoke(app, ["models", "verify", REPO, "--dir", str(models)])
    assert ok.exit_code == 0 and "ok, " in ok.stdout, ok.output


def test_a_dropped_connection_is_resumed_with_a_range_request(hub, served, tmp_path) -> None:
    hub.add_repo(REPO, served)
    weights = served["model.safetensors"]
    hub.drop[sha256(weights)] = len(weights) // 2
    result = pull(REPO, "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    first, resumed = hub.gets(sha256(weights))
    offset = int(resumed.removeprefix("bytes=").rstrip("-"))
    assert first is None and 0 < offset <= len(weights) // 2
    assert (tmp_path / "test-org--tiny-marian" / "model.safetensors").read_bytes() == weights


def test_an_interrupted_pull_resumes_where_it_stopped(hub, served, tmp_path) -> None:
    hub.add_repo(REPO, served)
    weights = served["model.safetensors"]
    key = sha256(weights)
    hub.drop[key] = len(weights) // 2
    hub.broken.add(key)  # the retry fails too: the pull gives up half-way
    failed = pull(REPO, "--dir", str(tmp_path))
    one_line_error(failed, "model.safetensors", f"of {len(weights):,} bytes", "pull again to resume")
    folder = tmp_path / "test-org--tiny-marian"
    (part,) = (folder / PARTIAL_DIR).iterdir()
    kept = part.stat().st_size
    assert 0 < kept <= len(weights) // 2
    assert not (folder / "model.safetensors").exists() and not (folder / LOCK_FILE).exists()

    hub.broken.clear()
    result = pull(REPO, "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert hub.gets(key)[-1] == f"bytes={kept}-"
    assert sha256((folder / "model.safetensors").read_bytes()) == key
    lock = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))
    assert lock["files"]["model.safetensors"]["sha256"] == key
    assert not (folder / PARTIAL_DIR).exists()


def test_verify_names_a_truncated_or_corrupted_file_and_force_repairs_it(hub, served, tmp_path) -> None:
    hub.add_repo(REPO, served)
    assert pull(REPO, "--dir", str(tmp_path)).exit_code == 0
    weights = tmp_path / "test-org--tiny-marian" / "model.safetensors"
    data = weights.read_bytes()
    verify = ["models", "verify", REPO, "--dir", str(tmp_path)]

    weights.write_bytes(data[: len(data) // 3])
    one_line_error(runner.invoke(app, verify), "model.safetensors is truncated", f"of {len(data):,} bytes")
    assert pull(REPO, "--dir", str(tmp_path)).exit_code == 0  # a size change is seen without --force
    assert weights.read_bytes() == data

    weights.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    one_line_error(runner.invoke(app, verify), "model.safetensors is corrupted", "--force")
    assert "up to date" in pull(REPO, "--dir", str(tmp_path)).stdout  # same size: only --force re-hashes
    repaired = pull(REPO, "--dir", str(tmp_path), "--force")
    assert repaired.exit_code == 0, repaired.output
    assert weights.read_bytes() == data
    assert runner.invoke(app, verify).exit_code == 0


@pytest.mark.parametrize(
    "lock",
    ["[1]", '{"files": {"config.json": "x"}}', '{"files": {"config.json": {"size": "big"}}}', "{trunc"],
)
def test_verify_names_a_damaged_lock_file_in_one_line(tiny_marian, tmp_path, lock: str) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(tiny_marian, folder)
    (folder / LOCK_FILE).write_text(lock)
    line = one_line_error(runner.invoke(app, ["models", "verify", "tiny", "--dir", str(tmp_path)]))
    assert f"{LOCK_FILE} is damaged" in line and "summix models pull tiny --force" in line, line


def test_unsupported_family_is_refused_before_the_weights(hub, tmp_path) -> None:
    hub.add_repo(
        "test-org/bert", {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"w" * 1000}
    )
    one_line_error(pull("test-org/bert", "--dir", str(tmp_path)), "'bert'", "nllb, m2m100, marian, mt5")
    assert not hub.gets(sha256(b"w" * 1000)) and not list(tmp_path.iterdir())


def test_unknown_repo_revision_and_names(hub, served, tmp_path) -> None:
    hub.add_repo(REPO, served)
    one_line_error(pull("test-org/nothing", "--dir", str(tmp_path)), "no model repository 'test-org/nothing'")
    one_line_error(pull(REPO, "--revision", "v9", "--dir", str(tmp_path)), "no revision 'v9'")
    for bad in ("../escape", "/etc/passwd", "a/../b", "no-such-alias"):
        one_line_error(pull(bad, "--dir", str(tmp_path)), repr(bad), "known aliases are nllb-600m")
    assert not list(tmp_path.iterdir())


def test_pull_into_the_hub_cache_then_remove(hub, served, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    commit = hub.add_repo(REPO, served)
    result = pull(REPO, "--cache", "--dir", str(tmp_path / "empty"))
    assert result.exit_code == 0, result.output
    snapshot = tmp_path / "hub" / "models--test-org--tiny-marian" / "snapshots" / commit
    assert (snapshot / LOCK_FILE).is_file() and not (snapshot / "pytorch_model.bin").exists()
    assert "up to date" in pull(REPO, "--cache", "--dir", str(tmp_path / "empty")).stdout
    ref = resolve_model(REPO, tmp_path / "empty")
    assert ref.path == snapshot and ref.revision == commit
    assert runner.invoke(app, ["models", "verify", REPO, "--dir", str(tmp_path / "empty")]).exit_code == 0
    removed = runner.invoke(app, ["models", "remove", REPO, "--yes", "--dir", str(tmp_path / "empty")])
    assert removed.exit_code == 0, removed.output
    assert not snapshot.exists()


def test_offline_pull_fails_with_one_line() -> None:
    # conftest sets HF_HUB_OFFLINE=1 for every test
    one_line_error(pull("nllb-600m"), "HF_HUB_OFFLINE")


def test_console_script_pulls_with_the_environment_only(tmp_path, served) -> None:
    with HubServer() as server:
        commit = server.add_repo(REPO, served)
        path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "HF_ENDPOINT": server.url, "HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0"}
        env["PYTHONPATH"] = path
        done = subprocess.run(
            [sys.executable, "-m", "summix", "models", "pull", REPO, "--dir", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=ROOT,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{REPO}: pulled into {tmp_path / 'test-org--tiny-marian'} @ {commit}")


def test_pull_converts_for_the_fast_backend_and_auto_takes_it(hub, served, tmp_path) -> None:
    commit = hub.add_repo(REPO, served)
    models = tmp_path / "models"
    result = pull(REPO, "--dir", str(models))
    assert result.exit_code == 0, result.output
    converted = models / "test-org--tiny-marian-ct2-int8"
    first, second = result.stdout.splitlines()
    assert first.startswith(f"{REPO}: pulled into") and second.startswith(f"converted {REPO} (marian, int8,")
    record = json.loads((converted / CT2_RECORD).read_text(encoding="utf-8"))
    # Marian gets the target-vocabulary map by default; the record ties the conversion to the pulled commit.
    assert record["vmap"] == "target" and (converted / "vmap.txt").is_file()
    assert record["quantization"] == "int8" and record["source"]["revision"] == commit
    engine, chosen = engines.choose(resolve_model(REPO, models), RuntimeOptions(models_dir=str(models)))
    assert engine.name == "ctranslate2" and chosen.path == converted

    stamp = (converted / "model.bin").stat().st_mtime_ns
    again = pull(REPO, "--dir", str(models))
    assert again.exit_code == 0 and "conversion for the fast backend" in again.stdout, again.output
    assert "up to date" in again.stdout.splitlines()[1]
    assert (converted / "model.bin").stat().st_mtime_ns == stamp  # nothing converted twice


def test_pull_with_a_quantization_or_without_converting(hub, served, tmp_path) -> None:
    hub.add_repo(REPO, served)
    plain = pull(REPO, "--dir", str(tmp_path / "a"), "--no-convert")
    assert plain.exit_code == 0 and len(plain.stdout.splitlines()) == 1, plain.output
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["test-org--tiny-marian"]
    chosen = pull(REPO, "--dir", str(tmp_path / "b"), "--quantization", "float32")
    assert chosen.exit_code == 0, chosen.output
    assert (tmp_path / "b" / "test-org--tiny-marian-ct2-float32" / "model.bin").is_file()
    one_line_error(pull(REPO, "--no-convert", "-q", "int8"), "--quantization", "--no-convert")
    one_line_error(pull(REPO, "-q", "int4"), "int4", "int8_bfloat16")


def test_pull_without_ctranslate2_says_how_to_get_the_fast_path(hub, served, tmp_path, monkeypatch) -> None:
    hub.add_repo(REPO, served)
    monkeypatch.setattr(engines.Engine, "available", lambda self: self.name != "ctranslate2")
    result = pull(REPO, "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["test-org--tiny-marian"]
    assert "not converted" in result.stderr and "summix[fast]" in result.stderr
    assert f"summix models convert {REPO}" in result.stderr
