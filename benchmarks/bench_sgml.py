"""SciELO SGML articles in (demo ``*.sgm``, shared synthetic instances, full-size variants), timings out.

The set has at least 200 articles: the demo collection's ``*.sgm`` files when present, the shared
synthetic art4_0 instances, and full-size articles built at run time from the shared synthetic
article by repeating its references and body (20 to 150 references, 20-120 KB). Our engine parses
all of them in one process with each DTD loaded once; ``onsgmls -s`` runs file by file as SciELO's
Parser does, in the same run. Timing runs without tracemalloc; a second pass measures each
document's own peak traced memory (after ``tracemalloc.reset_peak``) against its size.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

from scielo_pub.dtd import load_catalog, load_dtd
from scielo_pub.dtd.declaration import parse_declaration_text
from scielo_pub.markup.sgml import parse_sgml

ROOT = Path(__file__).resolve().parent.parent
SGML = ROOT.parent / "shared" / "data" / "sgml"
DEMO = ROOT / "collections" / "demo" / "journals"
SOURCES = ["art4_0_article_vancouv.txt", "art4_0_errors.txt"]
DTDS = {"article": "art4_0.dtd", "text": "text4_0.dtd", "doc": "doc4_0.dtd"}
FULL_SIZES = [(20, 40), (60, 120), (100, 250), (150, 400)]  # (references, body repeats)
COUNT = 200
_FIRST_TAG = re.compile(rb"\[([A-Za-z]+)")


def _full_size(src: bytes, refs: int, body_repeats: int) -> bytes:
    """The synthetic article with ``refs`` references and its HTML body repeated."""
    body = re.search(rb"\[body\](.*?)\[/body\]", src, re.S)
    cits = re.findall(rb"\[vcitat\].*?\[/vcitat\]\n", src, re.S)
    out = src.replace(b"[body]" + body.group(1), b"[body]" + body.group(1) * body_repeats)
    many = b"".join(cits[i % len(cits)] for i in range(refs))
    return out.replace(b"".join(cits), many).replace(b'count="2"', b'count="%d"' % refs)


def _articles() -> list[tuple[str, bytes]]:
    """(document type, bytes) of each article in the set."""
    demo = [(p, p.read_bytes()) for p in sorted(DEMO.glob("*/issues/*/*.sgm"))]
    out = []
    for _path, data in demo:
        m = _FIRST_TAG.search(data)
        if m and m.group(1).decode().lower() in DTDS:
            out.append((m.group(1).decode().lower(), data))
    texts = [(SGML / "instances" / "synthetic" / name).read_bytes() for name in SOURCES]
    out += [("article", _full_size(texts[0], r, b)) for r, b in FULL_SIZES]
    base = len(out)
    out += [("article", texts[i % len(texts)]) for i in range(max(COUNT - base, len(texts)))]
    return out


def _dtds(catalog) -> dict:
    decl = parse_declaration_text(catalog.sgmldecl.read_bytes().decode("latin-1"))
    return {
        name: load_dtd(SGML / "dtd" / file, catalog=catalog, declaration=decl, name=name)
        for name, file in DTDS.items()
    }


def _ours(articles, dtds) -> tuple[float, float]:
    """Wall-clock and CPU seconds (CPU time is steadier on a shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    for i, (kind, data) in enumerate(articles):
        parse_sgml(data, path=f"a{i}.txt", dtd=dtds[kind], doctype=kind)
    return time.perf_counter() - start, time.process_time() - cpu


def _memory(articles, dtds) -> tuple[int, int, int]:
    """The largest per-document peak traced memory, the worst peak/size ratio's peak and size."""
    worst, highest = (0, 1), 0
    tracemalloc.start()
    for kind, data in articles:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = parse_sgml(data, dtd=dtds[kind], doctype=kind)
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
        highest = max(highest, peak)
        if peak / len(data) > worst[0] / worst[1]:
            worst = (peak, len(data))
    tracemalloc.stop()
    return highest, *worst


def _onsgmls(articles) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for i, (kind, data) in enumerate(articles):
            path = Path(tmp) / f"a{i}.txt"
            path.write_bytes(data)
            jobs.append((SGML / "instances" / "prologs" / f"prolog_{kind}.sgm", path))
        cmd = ["onsgmls", "-s", "-c", str(SGML / "dtd" / "catalog"), str(SGML / "dtd" / "art.dcl")]
        start, before = time.perf_counter(), _children_cpu()
        for prolog, path in jobs:
            subprocess.run([*cmd, str(prolog), str(path)], capture_output=True, check=False)
        return time.perf_counter() - start, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _row(name: str, total: int, wall: float, cpu: float) -> None:
    print(f"{name:<22}{wall:>9.3f}{total / wall / 1e6:>8.2f}{cpu:>9.3f}{total / cpu / 1e6:>8.2f}")


def main() -> None:
    if not SGML.is_dir():
        print(f"reference data {SGML} is absent; nothing to measure")
        return
    catalog = load_catalog(SGML / "dtd" / "catalog")
    dtds = _dtds(catalog)
    articles = _articles()
    total = sum(len(d) for _k, d in articles)
    _ours(articles[:10], dtds)  # warm the content-model automata, as a long-running process has
    ours, ours_cpu = _ours(articles, dtds)
    print(f"{'engine':<22}{'wall s':>9}{'MB/s':>8}{'CPU s':>9}{'MB/s':>8}")
    _row("scielo_pub (1 proc)", total, ours, ours_cpu)
    if shutil.which("onsgmls"):
        ref, ref_cpu = _onsgmls(articles)
        _row("onsgmls -s per file", total, ref, ref_cpu)
        print(
            f"ratio ours/onsgmls: wall {ours / ref:.2f}, CPU {ours_cpu / ref_cpu:.2f} (target <= 3); "
            "ours >= 2 MB/s target"
        )
    else:
        print("onsgmls not installed: no reference timing")
    highest, peak, size = _memory(articles, dtds)
    largest = max(len(d) for _k, d in articles)
    demo = sum(1 for p in DEMO.glob("*/issues/*/*.sgm"))
    print(
        f"articles: {len(articles)} ({demo} demo .sgm), {total / 1e6:.2f} MB, largest {largest} B"
    )
    print(
        f"peak traced memory of one parse: {highest / 1e6:.2f} MB = {highest / largest:.1f}x the "
        f"largest file (target < 20x); worst single ratio {peak / size:.1f}x ({size} B file)"
    )
