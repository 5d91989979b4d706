"""Whole-collection builds at scale: articles/s and coordinator memory, local pool against Dask.

Synthetic collections (``scielo_pub.synthetic``: variants of the demo's SGML and XML articles, 20-60
references each, figures, tables, translations) of the sizes in ``BENCH_SCALE_SIZES`` (default
``500,2000``; the issue's ``10000,100000`` take hours on two cores). Each build is a fresh
``scielo-pub build --no-pdf -q`` in its own process, so the coordinator's peak memory (``ru_maxrss`` of
that process, workers excluded) is its own (the largest of its child processes is shown apart: a
fork pool's worker, a stage's forked child or, with Dask, the spawned child that runs stages 5-8;
Dask's workers are not its children), and so is its CPU time (with the fork pool's children
shown apart: the coordinator's serial share against the tasks' share); everything is included: discover, read, validate, model,
reference matching, pages, LILACS records and the SQLite store. PDFs are left out (they are measured
as pages/s by ``bench_render``).

Rows, on the smallest size: ``-j 1`` (the reference: one process), ``-j 2`` (fork pool), Dask with one
and with two worker processes (a LocalCluster on 127.0.0.1, threads_per_worker=1). Then the growth from
the smallest to the largest size with ``-j 2`` (target: time at most 1.2x linear), and the one-article
rebuild on the largest collection (one article's title changed; target under 5 s) with the number of
files it rewrote.

``python -m benchmarks.bench_scale rebuild`` measures the coordinator alone, at the sizes in
``BENCH_SCALE_REBUILD_SIZES`` (default ``1000,5000``; ``BENCH_SCALE_DIR`` keeps the collections and
their sites between runs, so a later run starts from their last build): a clean ``-j 2`` build, then
one-article rebuilds (a title changed each time, as above): the clean build's coordinator peak memory
per 1,000 articles, and each rebuild's coordinator CPU per *unchanged* article (everything the
coordinator does, all stages, divided by the articles it did not redo), with the article models it
loaded from the read cache. Ratios are against the smallest size of the same run: CPU per unchanged
article flat (1.00x) means the rebuild is linear; memory per 1,000 articles falling means it does
not grow with the collection.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT, print_table

GROWTH_TARGET = 1.2
REBUILD_TARGET_S = 5.0


def sizes() -> list[int]:
    raw = os.environ.get("BENCH_SCALE_SIZES", "500,2000")
    return sorted({int(x) for x in raw.split(",") if x.strip()})


def _child(argv: list[str]) -> int:
    """Run one build in this process as the ``scielo-pub`` command runs it (``cli.run``: what
    the imports made frozen first and the collector paced, ``heap.begin``); print its wall time
    and this process's peak memory."""
    from scielo_pub import heap
    from scielo_pub.cli import main

    heap.begin()
    start = time.perf_counter()
    code = main(["build", *argv])
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # the fork pool's workers (not Dask's)
    from scielo_pub.collection import LOADS

    print(json.dumps({"code": code, "seconds": seconds, "peak_mb": me.ru_maxrss / 1024,
                      "child_peak_mb": kids.ru_maxrss / 1024,
                      "cpu_self": me.ru_utime + me.ru_stime,
                      "cpu_children": kids.ru_utime + kids.ru_stime,
                      "models_loaded": LOADS["models"],
                      "summaries_loaded": LOADS["summaries"]}))  # fmt: skip
    return 0


def run_build(collection: Path, out: Path, *extra: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "benchmarks.bench_scale", "child", str(collection), "-o", str(out),
            "--no-pdf", "-q", "--timings", *extra]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if not last.startswith("{"):
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    result = json.loads(last)
    built = re.search(r"built (\d+) articles.*?(\d+) files written", done.stdout)
    result["articles"] = int(built.group(1)) if built else 0
    result["files"] = int(built.group(2)) if built else 0
    if "--dask" in extra and "found (child)" not in done.stdout:  # its note is an info (-q)
        print(f"note: {out.name}: stages 5-8 ran in the build's process, not in a spawned child "
              "(a small change, or the child failed)")  # fmt: skip
    return result


def _cluster(workers: int):
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                        host="127.0.0.1", dashboard_address=":0", scheduler_port=0)  # fmt: skip


def _cpu() -> float:
    """CPU seconds of this (worker) process so far."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _total_cpu(r: dict) -> float:
    return (r["cpu_self"] + r["cpu_children"]) / max(1, r["articles"])


def _change_one_article(collection: Path) -> Path:
    """Change the title of one XML article in the middle of the collection; its path."""
    files = sorted(collection.glob("journals/*/issues/*/*.xml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"(<title-group>\s*<article-title[^>]*>)", r"\1Revised: ", text, count=1)
    target.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    from dask.distributed import Client

    from scielo_pub.synthetic import generate

    chosen = sizes()
    small, large = chosen[0], chosen[-1]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        base = Path(tmp)
        collections = {n: generate(base / f"c{n}", n) for n in chosen}
        rows, results = [], {}

        def row(label: str, n: int, r: dict, ref: dict | None, note: str = "-") -> None:
            rate = r["articles"] / r["seconds"]
            ratio = f"{ref['seconds'] / r['seconds']:.2f}x" if ref else note
            per = 1000 / max(1, r["articles"])
            tasks = f"{r['cpu_children'] * per:.0f}" if r["cpu_children"] else "-"
            rows.append([label, n, r["articles"], f"{r['seconds']:.1f}", f"{rate:.1f}",
                         ratio, f"{r['peak_mb']:.0f}", f"{r['child_peak_mb']:.0f}",
                         f"{r['cpu_self'] * per:.0f}", tasks])  # fmt: skip

        ref = results["j1"] = run_build(collections[small], base / "o-j1", "-j", "1")
        row("local -j 1", small, ref, None, "1.00x (ref)")
        results["j2"] = run_build(collections[small], base / "o-j2", "-j", "2")
        row("local -j 2 (fork pool)", small, results["j2"], ref)
        for workers in (1, 2):
            with _cluster(workers) as cluster, Client(cluster) as client:
                before = sum(client.run(_cpu).values())
                r = run_build(
                    collections[small], base / f"o-d{workers}", "--dask", cluster.scheduler_address
                )
                # its own children (the spawned child of stages 5-8) and the cluster's workers
                r["cpu_children"] += sum(client.run(_cpu).values()) - before
            results[f"d{workers}"] = r
            row(f"Dask, {workers} worker(s)", small, r, ref)
        if large != small:
            results["big"] = run_build(collections[large], base / "o-big", "-j", "2")
            row("local -j 2 (fork pool)", large, results["big"], None)
        print_table(["executor", "articles", "published", "seconds", "articles/s", "speed vs -j 1",
                     "coordinator MB", "largest child MB", "coordinator CPU ms/art",
                     "children + workers CPU ms/art"], rows)  # fmt: skip
        print("(CPU columns: the build process itself, and the rest of the build: its child processes "
              "(fork-pool workers, the stages' children; with Dask, the spawned child of stages 5-8) "
              "and the Dask worker processes. On a loaded machine compare CPU, not seconds.)")  # fmt: skip
        scaling = results["d1"]["seconds"] / results["d2"]["seconds"]
        print(f"\nDask scaling 1 -> 2 workers: {scaling:.2f}x (ideal 2.00x on 2 free cores)")
        if large != small:
            growth = (results["big"]["seconds"] / results["j2"]["seconds"]) / (large / small)
            verdict = "holds" if growth <= GROWTH_TARGET else "MISSED"
            print(f"growth {small} -> {large} articles (-j 2): time x{results['big']['seconds'] / results['j2']['seconds']:.1f} "
                  f"for x{large / small:.0f} articles = {growth:.2f}x linear (target <= {GROWTH_TARGET}x: {verdict})")  # fmt: skip
            cpu = _total_cpu(results["big"]) / _total_cpu(results["j2"])
            print(
                f"growth {small} -> {large} in CPU per article (coordinator + workers): {cpu:.2f}x linear"
            )
            mem = results["big"]["peak_mb"] / results["j2"]["peak_mb"]
            added = (results["big"]["peak_mb"] - results["j2"]["peak_mb"]) / (large - small) * 1000
            print(f"coordinator memory {small} -> {large}: x{mem:.1f}, {added:.0f} MB per 1,000 "
                  "added articles")  # fmt: skip
        changed = _change_one_article(collections[large])
        out = base / ("o-big" if large != small else "o-j2")
        again = run_build(collections[large], out, "-j", "2")
        verdict = "holds" if again["seconds"] < REBUILD_TARGET_S else "MISSED"
        print(
            f"one-article rebuild on {large} articles ({changed.name} retitled, -j 2): "
            f"{again['seconds']:.1f} s (coordinator CPU {again['cpu_self']:.1f} s), "
            f"{again['files']} files rewritten "
            f"(target < {REBUILD_TARGET_S:.0f} s: {verdict})"
        )


def rebuild_main() -> None:
    """Clean build, then one-article rebuilds: the coordinator's memory and CPU per article."""
    from scielo_pub.synthetic import generate

    chosen = sorted({int(x) for x in os.environ.get("BENCH_SCALE_REBUILD_SIZES", "1000,5000").split(",") if x.strip()})  # fmt: skip
    kept = os.environ.get("BENCH_SCALE_DIR")
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        base = Path(kept or tmp)
        rows, ref = [], None
        for n in chosen:
            collection, out = base / f"c{n}", base / f"o{n}"
            if not collection.is_dir():
                generate(collection, n)
            clean = run_build(collection, out, "-j", "2")
            time.sleep(2.1)  # files written before the build are trusted by their stat
            rebuilds = []
            for _ in range(2):
                _change_one_article(collection)
                time.sleep(2.1)
                rebuilds.append(run_build(collection, out, "-j", "2"))
            best = min(rebuilds, key=lambda r: r["cpu_self"])
            unchanged = max(1, best["articles"] - 1)
            per_article = best["cpu_self"] / unchanged * 1e6
            per_1000 = clean["peak_mb"] / max(1, clean["articles"]) * 1000
            ref = ref or (per_article, per_1000)
            rows.append([n, f"{clean['seconds']:.0f}", f"{clean['peak_mb']:.0f}", f"{per_1000:.0f}",
                         f"{per_1000 / ref[1]:.2f}x", f"{best['seconds']:.1f}",
                         f"{best['cpu_self']:.2f}", f"{per_article:.0f}",
                         f"{per_article / ref[0]:.2f}x", best.get("models_loaded", "-"),
                         best["files"]])  # fmt: skip
        print_table(["articles", "clean s", "clean peak MB", "MB per 1,000", "vs smallest",
                     "rebuild s", "rebuild coordinator CPU s", "us per unchanged article",
                     "vs smallest", "models loaded", "files written"], rows)  # fmt: skip
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"(one-article rebuild target: < {REBUILD_TARGET_S:.0f} s at 100,000 articles, i.e. "
              f"< {REBUILD_TARGET_S / 100_000 * 1e6:.0f} us of coordinator CPU per unchanged "
              f"article; load average {load})")  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        raise SystemExit(_child(sys.argv[2:]))
    if len(sys.argv) > 1 and sys.argv[1] == "rebuild":
        raise SystemExit(rebuild_main())
    main()
