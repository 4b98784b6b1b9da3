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
from summix.threads import choose_threads, free_threads, prepare_openmp


@pytest.mark.parametrize(
    ("usable", "physical", "busy", "expected"),
    [
        (2, 2, 0.0, 2),  # idle: every core
        (2, 2, 0.2, 2),  # a little background work still leaves both
        (2, 2, 0.5, 1),  # one core taken
        (2, 2, 1.0, 1),  # all taken: one thread, never none
        (8, 4, 0.0, 4),  # hyper-threads do not count as cores
        (8, 8, 0.75, 2),
        (4, 4, None, 4),  # unknown load: every physical core
    ],
)
def test_threads_follow_the_free_cores(usable, physical, busy, expected) -> None:
    assert free_threads(usable, physical, busy) == expected


def test_passive_waiting_is_set_only_when_the_user_did_not_choose() -> None:
    env: dict[str, str] = {}
    assert prepare_openmp(env) and env == {"OMP_WAIT_POLICY": "PASSIVE"}
    mine = {"OMP_WAIT_POLICY": "ACTIVE"}
    assert not prepare_openmp(mine) and mine == {"OMP_WAIT_POLICY": "ACTIVE"}


def test_busy_share_is_measured_between_two_readings(monkeypatch) -> None:
    readings = iter([(100, 1000), (175, 1100)])  # 75 of 100 jiffies busy
    monkeypatch.setattr(threads, "_cpu_times", lambda: next(readings))
    assert threads.busy_share(0.0) == pytest.approx(0.75)
    monkeypatch.setattr(threads, "_cpu_times", lambda: None)
    share = threads.busy_share(0.0)  # falls back to the load average
    assert share is None or 0.0 <= share <= 1.0


def test_an_explicit_setting_wins(monkeypatch) -> None:
    monkeypatch.setattr(threads, "busy_share", lambda *a: pytest.fail("no sample when threads are given"))
    assert choose_threads(2).threads == 2 and choose_threads(2).reason == "set"
    monkeypatch.setattr(threads, "busy_share", lambda *a: 1.0)
    monkeypatch.setattr(threads, "physical_cores", lambda: 4)
    monkeypatch.setattr(threads, "usable_cores", lambda: 4)
    assert choose_threads(None).threads == 1


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
