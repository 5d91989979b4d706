"""Write and read 100,000 LILACS records (the demo collection's records, replicated) as CISIS ISO 2709,
and read the same file with ioisis (PyPI) for comparison; prints records/s and the ratio."""

from __future__ import annotations

import io
import tempfile
import time
import warnings
from itertools import cycle, islice
from pathlib import Path

from scielo_pub.collection import discover
from scielo_pub.commands.lilacs import read_context
from scielo_pub.lilacs.config import config_from
from scielo_pub.lilacs.export import export_articles
from scielo_pub.lilacs.iso2709 import iter_iso, read_iso

TOTAL = 100_000
DEMO = Path(__file__).resolve().parent.parent / "collections" / "demo"


def demo_records() -> list:
    found = discover(DEMO)
    contexts = [c for c in (read_context((s.path, s), []) for s in found.articles) if c is not None]
    config = config_from(found.collection.lilacs, found.collection.base_url)
    return export_articles(contexts, config, with_references=True, with_serials=True).records


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from ioisis import iso as ioisis_iso
    base = demo_records()
    records = list(islice(cycle(base), TOTAL))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.iso"
        start = time.perf_counter()
        with path.open("wb") as fh:
            fh.writelines(iter_iso(records, "latin-1"))
        write_s = time.perf_counter() - start
        start = time.perf_counter()
        ours = read_iso(path.read_bytes()).records
        read_s = time.perf_counter() - start
        # Latin-1 turns characters outside it into &#NNNN;, so compare with one decoded cycle.
        expected = read_iso(b"".join(iter_iso(base, "latin-1"))).records
        assert ours == list(islice(cycle(expected), TOTAL)), (
            "read-back differs from what was written"
        )
        start = time.perf_counter()
        with path.open("rb") as fh:
            theirs = sum(1 for _ in ioisis_iso.iter_tl(io.BufferedReader(fh), encoding="latin-1"))
        ioisis_s = time.perf_counter() - start
        size = path.stat().st_size
    assert theirs == TOTAL
    print(f"{len(base)} demo records replicated to {TOTAL:,} ({size / 1e6:.1f} MB ISO, Latin-1)")
    print(f"{'task':<28}{'seconds':>10}{'records/s':>14}")
    for name, secs in (("scielo-pub write ISO", write_s), ("scielo-pub read ISO", read_s),
                       ("ioisis read ISO (reference)", ioisis_s)):  # fmt: skip
        print(f"{name:<28}{secs:>10.2f}{TOTAL / secs:>14,.0f}")
    print(
        f"read speed vs ioisis: {ioisis_s / read_s:.1f}x; write+read targets: >= 20,000 records/s and >= 3x"
    )
