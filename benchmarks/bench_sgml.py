"""SciELO SGML articles in (the shared synthetic instances replicated to 200), parse/validate timings out.

Our engine parses all of them in one process with the DTD loaded once; ``onsgmls -s`` runs file by
file as SciELO's Parser does, in the same run. Prints totals, the ratio, MB/s and peak memory.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

from scielo_pub.dtd import load_catalog, load_dtd
from scielo_pub.markup.sgml import parse_sgml

SGML = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sgml"
SOURCES = ["art4_0_article_vancouv.txt", "art4_0_errors.txt"]
COUNT = 200


def _articles() -> list[bytes]:
    texts = [(SGML / "instances" / "synthetic" / name).read_bytes() for name in SOURCES]
    return [texts[i % len(texts)] for i in range(COUNT)]


def _ours(articles: list[bytes], catalog) -> tuple[float, int]:
    dtd = load_dtd(SGML / "dtd" / "art4_0.dtd", catalog=catalog, declaration=_bracket(catalog))
    tracemalloc.start()
    start = time.perf_counter()
    for i, data in enumerate(articles):
        parse_sgml(data, path=f"a{i}.txt", dtd=dtd, doctype="article")
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def _bracket(catalog):
    from scielo_pub.dtd.declaration import parse_declaration_text

    return parse_declaration_text(catalog.sgmldecl.read_bytes().decode("latin-1"))


def _onsgmls(articles: list[bytes]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, data in enumerate(articles):
            path = Path(tmp) / f"a{i}.txt"
            path.write_bytes(data)
            paths.append(path)
        prolog = SGML / "instances" / "prologs" / "prolog_article.sgm"
        cmd = [
            "onsgmls",
            "-s",
            "-c",
            str(SGML / "dtd" / "catalog"),
            str(SGML / "dtd" / "art.dcl"),
            str(prolog),
        ]
        start = time.perf_counter()
        for path in paths:
            subprocess.run([*cmd, str(path)], capture_output=True, check=False)
        return time.perf_counter() - start


def main() -> None:
    if not SGML.is_dir():
        print(f"reference data {SGML} is absent; nothing to measure")
        return
    catalog = load_catalog(SGML / "dtd" / "catalog")
    articles = _articles()
    total = sum(map(len, articles))
    ours, peak = _ours(articles, catalog)
    print(f"{'engine':<22}{'seconds':>10}{'MB/s':>10}")
    print(f"{'scielo_pub (1 proc)':<22}{ours:>10.3f}{total / ours / 1e6:>10.2f}")
    if shutil.which("onsgmls"):
        ref = _onsgmls(articles)
        print(f"{'onsgmls -s per file':<22}{ref:>10.3f}{total / ref / 1e6:>10.2f}")
        print(f"ratio ours/onsgmls: {ours / ref:.2f} (target <= 3)")
    else:
        print("onsgmls not installed: no reference timing")
    largest = max(map(len, articles))
    print(
        f"articles: {len(articles)}, {total / 1e6:.2f} MB; peak traced memory {peak / 1e6:.2f} MB = {peak / largest:.1f}x the largest file ({largest} bytes)"
    )
