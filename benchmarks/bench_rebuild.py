"""One-article rebuilds as a command: the demo (with and without PDFs) and a synthetic collection.

Each figure is ``scielo-pub build`` run as a new process, wall and CPU seconds (the process and its
fork-pool children, and the printer process that renders a rebuild's changed PDF beside the build,
``render/printer.py``, which the build waits for), against the reference measured in the same run on the same terms: the same
command building the same collection into an empty folder. Everything is included: interpreter
start-up and imports, discovering and reading every article file (its bytes, to look it up in the
read cache), the changed article read, validated and modelled, reference matching (cached matches
reused when still valid), the pages and PDFs whose content changed, and the store.

Fair terms: the rebuild is *warm* as a user's second build is: the output folder holds the last
build (its read cache, match cache, site manifest and store), and Python's bytecode is compiled
(an installed package has it; the benchmark keeps it in a temporary ``PYTHONPYCACHEPREFIX``, as this
development setup sets ``PYTHONDONTWRITEBYTECODE``). Each rebuild changes one article's title (a
real change: its pages, its issue's table of contents and the cited-by lists naming it change), and
the best of ``REPEAT`` such rebuilds is reported with the files it wrote and the PDFs it rendered.
The synthetic collection (``scielo_pub.synthetic``) has ``BENCH_REBUILD_SIZE`` articles (default 500).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT, print_table

TARGET_DEMO_S = 1.0
TARGET_SCALE_S = 5.0
REPEAT = 3


def _env(pycache: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _command(collection: Path, out: Path, env: dict, *flags: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``scielo-pub build`` as a new process, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scielo_pub.cli", "build", str(collection), "-o",
                           str(out), "-q", *flags], capture_output=True, text=True, env=env,
                          check=False)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    summary = next((x for x in done.stdout.splitlines() if x.startswith("built ")), "")
    if not summary:
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    return wall, cpu, summary


def _retitle(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"(<title-group>\s*<article-title[^>]*>)", rf"\g<1>{mark} ", text, count=1)
    path.write_text(changed, encoding="utf-8")


def _pdfs(out: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.pdf")}


def measure(collection: Path, tmp: Path, env: dict, *flags: str) -> dict:
    """A clean build (the reference), then ``REPEAT`` one-article rebuilds; the best of them."""
    out = tmp / "site"
    full_wall, full_cpu, full_summary = _command(collection, out, env, *flags)
    target = sorted(collection.glob("journals/*/issues/*/*.xml"))
    target = target[len(target) // 2]
    best: dict = {}
    for n in range(REPEAT):
        before = _pdfs(out)
        _retitle(target, f"Rev{n}")
        wall, cpu, summary = _command(collection, out, env, *flags)
        pdfs = sum(1 for p, stamp in _pdfs(out).items() if before.get(p) != stamp)
        if not best or wall < best["wall"]:
            files = re.search(r"(\d+) files written", summary)
            best = {"wall": wall, "cpu": cpu, "files": int(files.group(1)) if files else 0,
                    "pdfs": pdfs}  # fmt: skip
    articles = re.search(r"built (\d+) articles", full_summary)
    return {**best, "full_wall": full_wall, "full_cpu": full_cpu,
            "articles": int(articles.group(1)) if articles else 0, "changed": target.name}  # fmt: skip


def main() -> None:
    from scielo_pub.synthetic import generate

    size = int(os.environ.get("BENCH_REBUILD_SIZE", "500"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = _env(tmp / "pycache")
        demo = tmp / "demo"
        shutil.copytree(ROOT / "collections" / "demo", demo)
        cases = [("demo, --no-pdf", demo, ("--no-pdf",), TARGET_DEMO_S),
                 ("demo, --pdf", demo, ("--pdf",), TARGET_DEMO_S)]  # fmt: skip
        synthetic = generate(tmp / "synthetic", size)
        cases.append(
            ("synthetic, --no-pdf -j 2", synthetic, ("--no-pdf", "-j", "2"), TARGET_SCALE_S)
        )
        for n, (label, collection, flags, target) in enumerate(cases):
            r = measure(collection, tmp / f"case{n}", env, *flags)
            rows.append([
                label, r["articles"], f"{r['wall']:.2f} (CPU {r['cpu']:.2f})",
                f"{r['full_wall']:.2f} (CPU {r['full_cpu']:.2f})",
                f"{r['full_wall'] / r['wall']:.1f}x", f"{r['files']} / {r['pdfs']}",
                f"< {target:.0f}", r["wall"] < target,
            ])  # fmt: skip
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (a shared machine: wall time moves "
          "with its load; CPU is the steadier figure)")  # fmt: skip
    print_table(["case", "articles", "one-article rebuild s (wall, CPU)",
                 "clean build s (reference)", "speed-up", "files / PDFs written", "target",
                 "holds"], rows)  # fmt: skip


if __name__ == "__main__":
    main()
