"""Threads and OpenMP's wait policy on a machine that may be busy (summix.threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from summix import threads
from summix.threads import choose_threads, prepare_openmp


def test_passive_waiting_is_set_only_when_the_user_did_not_choose() -> None:
    env: dict[str, str] = {}
    assert prepare_openmp(env) and env == {"OMP_WAIT_POLICY": "PASSIVE"}
    mine = {"OMP_WAIT_POLICY": "ACTIVE"}
    assert not prepare_openmp(mine) and mine == {"OMP_WAIT_POLICY": "ACTIVE"}


def test_an_explicit_setting_wins_else_every_physical_core(monkeypatch) -> None:
    assert choose_threads(2).threads == 2 and choose_threads(2).reason == "set"
    monkeypatch.setattr(threads, "physical_cores", lambda: 4)
    assert choose_threads(None) == threads.ThreadChoice(4, "4 physical cores")
    assert choose_threads(0).threads == 4


@pytest.mark.parametrize(
    ("requested", "threads_", "device", "expected"),
    [
        (None, 2, "cpu", 2),  # one single-thread replica per thread on a CPU
        (None, 4, "cuda", 1),
        (1, 2, "cpu", 1),  # explicit settings win
        (8, 2, "cpu", 2),  # never more replicas than threads
    ],
)
def test_ctranslate2_replicas(requested, threads_, device, expected) -> None:
    from summix.backends.ctranslate2 import replicas

    assert replicas(requested, threads_, device) == expected


_PROBE = """
import json, os, sys
from summix import threads
seen = []
original = threads.prepare_openmp
def spy(environ=None):
    seen.append("torch" in sys.modules or "ctranslate2" in sys.modules)
    return original(environ)
threads.prepare_openmp = spy
from summix.options import RuntimeOptions
from summix.resolve import resolve_model
from summix.engines import load_backend
runtime = RuntimeOptions.from_env(device="cpu", backend=sys.argv[2])
backend = load_backend(resolve_model(sys.argv[1]), runtime)
print(json.dumps({"policy": os.environ.get("OMP_WAIT_POLICY"), "engine_loaded_first": seen[0],
                  "threads": backend.threads.threads, "reason": backend.threads.reason}))
"""


def _probe(model: Path, backend: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "SUMMIX_THREADS")}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(model), backend],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean | env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_loading_a_model_sets_passive_waiting_before_the_engine_loads(tiny_marian) -> None:
    found = _probe(tiny_marian, "transformers")
    assert found["policy"] == "PASSIVE" and found["engine_loaded_first"] is False
    assert 1 <= found["threads"] <= (os.cpu_count() or 1)
    assert found["reason"] != "set"
    kept = _probe(tiny_marian, "transformers", OMP_WAIT_POLICY="ACTIVE", SUMMIX_THREADS="1")
    assert kept["policy"] == "ACTIVE" and kept["threads"] == 1 and kept["reason"] == "set"
