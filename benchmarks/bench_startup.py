"""Start-up cost of the command line: one-file ``scielo-pub validate`` and ``inspect`` (a demo XML
article, a fresh interpreter each run, imports and all) next to a bare ``python -c pass`` measured in
the same run, median of ROUNDS runs each. Target: at most 150 ms above the bare interpreter."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "collections" / "demo" / "journals" / "rsd" / "issues" / "v12n2" / "2764-5010-rsd-12-02-0051.xml"  # fmt: skip
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))


def _median_ms(argv: list[str], env: dict) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "scielo_pub.cli"]
    bare = _median_ms([sys.executable, "-c", "pass"], env)
    rows = [
        ("python -c pass (reference)", bare),
        ("scielo-pub --help", _median_ms([*cli, "--help"], env)),
        ("scielo-pub validate ONE.xml", _median_ms([*cli, "validate", str(ARTICLE)], env)),
        ("scielo-pub inspect ONE.xml", _median_ms([*cli, "inspect", str(ARTICLE)], env)),
    ]
    print(f"median of {ROUNDS} runs, a new process each (imports, reading, checking, printing)")
    print(f"{'command':<32} {'median ms':>10} {'above bare':>11} {'ratio':>7}")
    for name, ms in rows:
        print(f"{name:<32} {ms:>10.1f} {ms - bare:>11.1f} {ms / bare:>7.2f}")
    worst = max(ms for _name, ms in rows[2:]) - bare
    print(
        f"target: validate and inspect <= 150 ms above bare -> {'met' if worst <= 150 else 'NOT met'}"
    )
