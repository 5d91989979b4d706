"""Synthetic collections of two sizes in, each clean-build stage's coordinator peak memory out.

Each build runs in a process of its own (``python -m benchmarks.bench_stage_memory child COLLECTION
-o OUT ...``, the arguments of ``scielo-pub build``): as each stage starts, the process's peak RSS
is reset (``/proc/self/clear_refs``, Linux), and as it ends its peak (``VmHWM``) is read, with the
anonymous and file-backed (mapped) parts sampled every 20 ms, and so are the pages its child
processes and theirs wrote (``Private_Dirty`` of ``/proc/PID/smaps_rollup``: what they allocated and
what they copied of the coordinator's heap; the file pages they map alone are page cache, not
counted): the fork pool's workers in the read and outputs stages, the stage's own child and its
pool's workers in the links, outputs and store stages when they run apart (``apart.FROM`` articles
read or more); "host" is the coordinator's RSS plus those pages (what the host needs). The child
runs the build as ``scielo-pub`` does (``cli.run``: ``heap.begin`` first, the freeze and collector
pacing its pool workers leave for Python's own thresholds, ``heap.worker``). The table
gives each stage's peak at both sizes and its growth per added article; the reference is the smaller
build of the same run. Included: ``-j 2``, no PDFs. Sizes: ``BENCH_STAGE_MEMORY_SIZES`` (default
``1000,3000``, both at or above ``apart.FROM``; ``docs/SCALE_HISTORY.md``, ``mem6``, used 2,000 and
5,000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks._common import ROOT, print_table

_FIELDS = ("VmHWM", "VmRSS", "RssAnon", "RssFile")


def sizes() -> tuple[int, int]:
    raw = os.environ.get("BENCH_STAGE_MEMORY_SIZES", "1000,3000")
    chosen = sorted({int(x) for x in raw.split(",") if x.strip()})
    return chosen[0], chosen[-1]


def _status() -> dict[str, float]:
    """This process's memory figures in MB."""
    found = {}
    with open("/proc/self/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in _FIELDS:
                found[name] = int(value.split()[0]) / 1024
    return found


def _descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs (a stage's child and its pool's workers)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as f:
                below = [int(x) for x in f.read().split()]
        except OSError:  # it ended meanwhile
            continue
        found += below
        todo += below
    return found


def _children_private() -> float:
    """The pages this process's descendants wrote (their private dirty pages), in MB."""
    total = 0
    for pid in _descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    name, _, value = line.partition(":")
                    if name == "Private_Dirty":
                        total += int(value.split()[0])
        except OSError:  # the child ended meanwhile
            continue
    return total / 1024


def _child(argv: list[str]) -> int:
    """One build in this process as ``scielo-pub`` runs it (``heap.begin`` first), watched stage by
    stage; one JSON line per stage, then the total."""
    from scielo_pub import build as build_mod
    from scielo_pub import heap
    from scielo_pub.cli import main

    peaks = {"RssAnon": 0.0, "RssFile": 0.0, "children": 0.0, "host": 0.0}

    def sample() -> None:
        while True:
            now = _status()
            for name in ("RssAnon", "RssFile"):
                peaks[name] = max(peaks[name], now[name])
            children = _children_private()
            peaks["children"] = max(peaks["children"], children)
            peaks["host"] = max(peaks["host"], now["VmRSS"] + children)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    plain, rows = build_mod.BuildReport.stage, []

    @contextmanager
    def watched(report, name: str):
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # the peak RSS starts again from the current RSS
        before = _status()["VmRSS"]
        for key in peaks:
            peaks[key] = 0.0
        with plain(report, name):
            yield
        now = _status()  # a stage shorter than the sampling interval: its end counts too
        rows.append({"stage": name, "before": before, "peak": now["VmHWM"],
                     "anon": max(peaks["RssAnon"], now["RssAnon"]),
                     "file": max(peaks["RssFile"], now["RssFile"]), "children": peaks["children"],
                     "host": max(peaks["host"], now["VmHWM"])})  # fmt: skip

    build_mod.BuildReport.stage = watched  # type: ignore[method-assign]
    heap.begin()
    code = main(["build", *argv])
    print(json.dumps({"code": code, "stages": rows}))
    return 0


def _run(collection: Path, out: Path) -> list[dict]:
    cmd = [sys.executable, "-m", "benchmarks.bench_stage_memory", "child", str(collection),
           "-o", str(out), "--no-pdf", "-q", "-j", "2"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] not in (0, 1):
        raise SystemExit(f"build failed ({result['code']}): {done.stderr[-2000:]}")
    return result["stages"]


def main() -> None:
    from scielo_pub.synthetic import generate

    small, large = sizes()
    with tempfile.TemporaryDirectory(prefix="bench-stage-memory-") as tmp:
        base = Path(tmp)
        found = {n: _run(generate(base / f"c{n}", n), base / f"o{n}") for n in (small, large)}
    rows = []
    added = max(1, large - small)
    for one, other in zip(found[small], found[large], strict=True):
        growth = (other["peak"] - one["peak"]) / added * 1000
        ratio = other["peak"] / one["peak"] if one["peak"] else 0.0
        host = (other["host"] - one["host"]) / added * 1000
        rows.append([one["stage"], f"{one['peak']:.1f}", f"{other['peak']:.1f}", f"{ratio:.2f}x",
                     f"{growth:.1f}", f"{other['anon']:.1f}", f"{other['file']:.1f}",
                     f"{other['children']:.1f}", f"{one['host']:.1f}", f"{other['host']:.1f}",
                     f"{host:.1f}"])  # fmt: skip
    print_table(["stage", f"peak MB, {small}", f"peak MB, {large}", "vs smaller (ref)",
                 "KB per added article", f"anon MB, {large}", f"mapped MB, {large}",
                 f"children MB, {large}", f"host MB, {small}", f"host MB, {large}",
                 "host KB per added article"], rows)  # fmt: skip
    print("(peak MB: the coordinator's peak RSS within each stage; children: the pages written by "
          "its descendants (pool workers; the links, outputs and store stages' own child when "
          "apart); "
          "host: the coordinator's RSS plus those, at its largest; the build's peak is the largest "
          "stage's)")  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        raise SystemExit(_child(sys.argv[2:]))
    main()
