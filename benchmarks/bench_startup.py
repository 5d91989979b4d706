"""Start-up cost of the command line: one-file ``scielo-pub validate`` and ``inspect`` (a demo XML
article, a fresh interpreter each run, imports and all) next to a bare ``python -c pass`` measured in
the same run, interleaved round by round so that load on a shared machine hits every command alike.

The measured rows run as an installed scielo-pub does: bytecode compiled (pip compiles it at install;
here a private ``PYTHONPYCACHEPREFIX`` warmed by one run, since development checkouts often set
``PYTHONDONTWRITEBYTECODE``) and the user cache (parsed DTD, code lists; a private
``SCIELO_PUB_CACHE``) warmed by one run. Two more rows show what those save: no bytecode cache at all,
and the user cache switched off. Median wall time of ROUNDS runs and median CPU time (user + system
of the child). Target: validate and inspect at most 150 ms above the bare interpreter (wall)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "collections" / "demo" / "journals" / "rsd" / "issues" / "v12n2" / "2764-5010-rsd-12-02-0051.xml"  # fmt: skip
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
TARGET_MS = 150


def _run(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU milliseconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        installed = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": f"{tmp}/pyc",
                     "SCIELO_PUB_CACHE": f"{tmp}/cache"}  # fmt: skip
        installed.pop("PYTHONDONTWRITEBYTECODE", None)
        no_bytecode = {**installed, "PYTHONDONTWRITEBYTECODE": "1"}
        no_bytecode.pop("PYTHONPYCACHEPREFIX")
        no_cache = {**installed, "SCIELO_PUB_CACHE": "off"}
        cli = [sys.executable, "-m", "scielo_pub.cli"]
        validate, inspect = [*cli, "validate", str(ARTICLE)], [*cli, "inspect", str(ARTICLE)]
        rows = [
            ("python -c pass (reference)", [sys.executable, "-c", "pass"], installed),
            ("scielo-pub --help", [*cli, "--help"], installed),
            ("scielo-pub validate ONE.xml", validate, installed),
            ("scielo-pub inspect ONE.xml", inspect, installed),
            ("validate, no bytecode cache", validate, no_bytecode),
            ("validate, user cache off", validate, no_cache),
        ]
        for _name, argv, env in rows:  # warm the bytecode and user caches once
            _run(argv, env)
        walls: list[list[float]] = [[] for _ in rows]
        cpus: list[list[float]] = [[] for _ in rows]
        for _ in range(ROUNDS):
            for n, (_name, argv, env) in enumerate(rows):
                wall, cpu = _run(argv, env)
                walls[n].append(wall)
                cpus[n].append(cpu)
    wall_ms = [statistics.median(w) for w in walls]
    cpu_ms = [statistics.median(c) for c in cpus]
    bare, bare_cpu = wall_ms[0], cpu_ms[0]
    print(f"median of {ROUNDS} interleaved rounds, a new process each (imports, reading, checking, "
          f"printing); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print(
        f"{'command':<30} {'wall ms':>8} {'above bare':>11} {'ratio':>6} {'cpu ms':>7} {'above':>6}"
    )
    for (name, _argv, _env), wall, cpu in zip(rows, wall_ms, cpu_ms, strict=True):
        print(f"{name:<30} {wall:>8.1f} {wall - bare:>11.1f} {wall / bare:>6.2f} "
              f"{cpu:>7.1f} {cpu - bare_cpu:>6.1f}")  # fmt: skip
    worst = max(wall_ms[2], wall_ms[3]) - bare
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"target: validate and inspect <= {TARGET_MS} ms above bare (wall) -> {verdict}")
