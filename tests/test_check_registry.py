"""`python benchmarks/check_registry.py`: the registry's pins against a hub, here the loopback server."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT
from pullkit import inference_files, pin_of

from summix import hubcheck
from summix.registry.pins import FilePin, RepoPin

REPO = "test-org/checked"
SCRIPT = ROOT / "benchmarks" / "check_registry.py"


def kinds(findings: list[hubcheck.Finding]) -> list[str]:
    return [f.kind for f in findings]


def test_an_unchanged_pin_is_clean_until_main_gains_safetensors(hub, served) -> None:
    files = inference_files(served)
    pickle_only = {n: d for n, d in served.items() if n != "model.safetensors"}
    pinned = hub.add_repo(REPO, files, refs=("refs/pr/1",))
    main = hub.add_repo(REPO, pickle_only)
    pin = pin_of(REPO, files, pinned)
    assert hubcheck.check(pin) == []
    hub.add_repo(REPO, files, parent=main)
    (finding,) = hubcheck.check(pin)
    assert finding.kind == hubcheck.NEWER and "now publishes safetensors" in finding.text


def test_a_newer_conversion_of_main_is_reported(hub, served) -> None:
    files = inference_files(served)
    main = hub.add_repo(REPO, {n: d for n, d in served.items() if n != "model.safetensors"})
    pinned = hub.add_pr(REPO, 1, files, parent=None)
    newer = hub.add_pr(REPO, 2, {**files, "README.md": b"x"}, parent=main)
    (finding,) = hubcheck.check(pin_of(REPO, files, pinned))
    assert finding.kind == hubcheck.NEWER and f"refs/pr/2 = {newer}" in finding.text


def test_differences_and_unrecorded_hashes_are_listed(hub, served) -> None:
    files = inference_files(served)
    commit = hub.add_repo(REPO, files, refs=("refs/pr/3", "main"))
    changed = pin_of(REPO, {**files, "config.json": b"{}"}, commit)
    assert kinds(hubcheck.check(changed)) == [hubcheck.DIFFERS, hubcheck.DIFFERS]  # size and blob id
    sparse = RepoPin(REPO, "refs/pr/3", "refs/pr/3", commit[:7], "test", (FilePin("config.json", "p"),))
    found = [str(f) for f in hubcheck.check(sparse)]
    assert f"{REPO}: record: refs/pr/3 resolves to {commit}: record it as the revision" in found
    assert any("vocab.json is not in the registry" in line for line in found)
    config = len(files["config.json"])
    assert any(line.startswith(f"{REPO}: record: config.json: size {config}, blob id ") for line in found)
    assert any("model.safetensors: size" in line and "sha256" in line for line in found)


def run_script(endpoint: str, *args: str) -> subprocess.CompletedProcess:
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "HF_ENDPOINT": endpoint, "HF_HUB_OFFLINE": "0", "PYTHONPATH": path}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT
    )


def test_the_script_prints_findings_and_exits_1_then_2_without_a_hub(hub, served) -> None:
    pinned = "20855d62f29510b14806b4f3eddb289a0065d556"  # opus-mt-en-ru's pin in the registry
    hub.add_repo("Helsinki-NLP/opus-mt-en-ru", served, refs=(), commit=pinned)
    hub.add_repo("Helsinki-NLP/opus-mt-en-ru", {n: d for n, d in served.items() if n != "model.safetensors"})
    done = run_script(hub.url, "--repo", "Helsinki-NLP/opus-mt-en-ru")
    assert done.returncode == 1, done.stderr
    assert "Helsinki-NLP/opus-mt-en-ru: differs: model.safetensors has sha256" in done.stdout
    assert "registry expects eb1bda1b" in done.stdout
    gone = run_script("http://127.0.0.1:9", "--repo", "Helsinki-NLP/opus-mt-en-ru")
    assert gone.returncode == 2 and not gone.stdout
    (line,) = gone.stderr.strip().splitlines()
    assert "cannot reach the Hugging Face hub" in line and "works offline" in line
