"""Run one process and measure it: wall time, CPU time, and peak memory of its whole process tree."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Sample:
    """One timed process."""

    wall: float
    cpu: float
    """User + system seconds of the process and every child it waited for (worker processes included)."""
    memory_mb: float
    """Peak memory of the process tree: the summed PSS of the process and its descendants, sampled every
    SAMPLE_SECONDS, or the largest process's peak RSS where that is more (a short run falls between samples)."""
    rss_mb: float
    """Peak RSS of the largest single process (wait4's ru_maxrss): a floor when there are workers."""
    load: float
    """The one-minute load average just before the run: other work on the machine shows here."""


class BuildFailed(Exception):
    """A tool exited non-zero or printed a warning where none is allowed."""


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_memory_kb(root: int) -> int:
    """The summed PSS of `root` and all its descendants: shared pages counted once, split between sharers."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo.extend(tree.get(pid, ()))
    return total


class _PeakSampler(threading.Thread):
    """Samples tree_memory_kb of one process until told to stop; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, tree_memory_kb(self.pid))
            self.done.wait(SAMPLE_SECONDS)


def child_env() -> dict[str, str]:
    """The environment of every build: bytecode caching on, as on an editor's machine."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(argv: list[str], cwd: Path) -> tuple[Sample, str]:
    """Run `argv` in `cwd`; its Sample and what it printed on stderr. Raises BuildFailed on a non-zero exit."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=child_env())
        sampler = _PeakSampler(process.pid)
        sampler.start()
        # wait4 rather than wait: it returns the CPU time and peak RSS of this child alone.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if process.returncode != 0:
            out.seek(0)
            tail = (out.read().decode(errors="replace") + stderr)[-3000:]
            raise BuildFailed(f"{shlex.join(argv)} (in {cwd}) exited {process.returncode}:\n{tail}")
    rss_mb = usage.ru_maxrss / 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, max(sampler.peak_kb / 1024, rss_mb), rss_mb, load), stderr
