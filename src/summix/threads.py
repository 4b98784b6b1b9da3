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
- **How many threads.** Without an explicit setting, :func:`choose_threads` takes one per physical core that
  is free when the model loads: the share of CPU time all processes used over a short sample
  (:data:`SAMPLE_SECONDS`, from ``/proc/stat``; elsewhere the 1-minute load average) is subtracted from the
  cores this process may use, rounded, and kept between 1 and the physical cores. An idle machine gets
  every core; one whose cores are all busy gets 1 thread, which loses nothing there (the busy cores would
  only be shared). The choice is made once per load: a run that starts on a busy machine keeps its threads
  when the machine frees up. An explicit ``threads`` (``--threads``, ``SUMMIX_THREADS``) always wins.
"""

from __future__ import annotations

import os
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

WAIT_POLICY = "OMP_WAIT_POLICY"
SAMPLE_SECONDS = 0.2
_PROC_STAT = Path("/proc/stat")


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


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs since boot, from the first line of /proc/stat; None elsewhere."""
    try:
        fields = [int(x) for x in _PROC_STAT.read_text(encoding="ascii").split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and waiting for I/O
    # guest time is already counted in user time.
    total = sum(fields[:8])
    return total - idle, total


def busy_share(sample_seconds: float = SAMPLE_SECONDS) -> float | None:
    """The share (0-1) of the machine's CPU time that all processes used over the next ``sample_seconds``
    (this one sleeps meanwhile); without /proc/stat the 1-minute load average per CPU; None when neither
    can be read."""
    before = _cpu_times()
    if before is not None:
        time.sleep(sample_seconds)
        after = _cpu_times()
        if after is not None and after[1] > before[1]:
            return min(1.0, max(0.0, (after[0] - before[0]) / (after[1] - before[1])))
    if hasattr(os, "getloadavg"):
        return min(1.0, os.getloadavg()[0] / max(1, os.cpu_count() or 1))
    return None


def free_threads(usable: int, physical: int, busy: float | None) -> int:
    """Threads for ``usable`` cores (``physical`` of them real) when a ``busy`` share of the CPU time is
    taken: the free cores, rounded, at least 1 and at most ``physical``; every physical core when unknown."""
    if busy is None:
        return physical
    free = round(usable * (1.0 - busy))
    return max(1, min(physical, free))


@dataclass(frozen=True)
class ThreadChoice:
    """How many threads a model runs with, and why (for logs and benchmark tables)."""

    threads: int
    reason: str


def choose_threads(requested: int | None, sample_seconds: float = SAMPLE_SECONDS) -> ThreadChoice:
    """``requested`` when given, else one thread per physical core free now (see the module's text)."""
    if requested and requested > 0:
        return ThreadChoice(requested, "set")
    usable, physical = usable_cores(), physical_cores()
    busy = busy_share(sample_seconds) if physical > 1 else None
    threads = free_threads(usable, physical, busy)
    if busy is None:
        return ThreadChoice(threads, f"{physical} physical cores")
    return ThreadChoice(threads, f"{usable} cores, {busy:.0%} busy when loaded")
