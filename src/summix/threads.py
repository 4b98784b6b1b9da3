"""CPU threads for inference that stay fast when other programs keep the cores busy.

Two settings decide how a shared machine treats a model run on the CPU:

- **OpenMP's wait policy.** torch and CTranslate2 each run their threads under an OpenMP runtime whose idle
  threads spin, by default, for a while after every parallel region before they sleep. On a machine with
  free cores that saves a wake-up; on a busy one a spinning thread holds a core that the thread it waits
  for needs, and a translation that takes 14 s with one thread took 186 s with two beside two busy
  processes (2 cores). :func:`prepare_openmp` sets ``OMP_WAIT_POLICY=PASSIVE`` (threads sleep at once)
  unless the user set it. The runtimes read it once, when torch or ctranslate2 is first imported, so it is
  called before any model is loaded or converted (and by the command line at its start); a program that
  imports torch before summix loads a model should set the variable itself.
- **How many threads.** Without an explicit setting, :func:`choose_threads` takes one thread per physical
  core this process may use. A cap at the cores that look free when the model loads was measured and
  dropped: with passive waiting, transformers beside two busy processes on 2 cores ran a translation in
  9.2 s on two threads and in 12.0 s on one (benchmarks/results/2026-11-29-cpu-idle-run1/load), so capping
  lost time there and gained nothing idle. An explicit ``threads`` (``--threads``, ``SUMMIX_THREADS``)
  always wins. How the threads are used is the engine's choice: CTranslate2 runs them as replicas of one
  thread each (see :mod:`summix.backends.ctranslate2`).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from dataclasses import dataclass

WAIT_POLICY = "OMP_WAIT_POLICY"


def prepare_openmp(environ: MutableMapping[str, str] | None = None) -> bool:
    """Set ``OMP_WAIT_POLICY=PASSIVE`` in ``environ`` (default: this process's environment) unless it is
    set already; True when it was set here. Has an effect only before torch or ctranslate2 is imported."""
    env = os.environ if environ is None else environ
    if env.get(WAIT_POLICY):
        return False
    env[WAIT_POLICY] = "PASSIVE"
    return True


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask, else the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def physical_cores() -> int:
    """CPU cores this process may use, counting physical cores (hyper-threads share one core's units)."""
    usable = usable_cores()
    try:
        import psutil

        physical = psutil.cpu_count(logical=False) or usable
    except ImportError:
        physical = usable
    return max(1, min(usable, physical))


@dataclass(frozen=True)
class ThreadChoice:
    """How many threads a model runs with, and why (for logs and benchmark tables)."""

    threads: int
    reason: str


def choose_threads(requested: int | None) -> ThreadChoice:
    """``requested`` when given, else one thread per physical core (see the module's text)."""
    if requested and requested > 0:
        return ThreadChoice(requested, "set")
    physical = physical_cores()
    return ThreadChoice(physical, f"{physical} physical cores")
