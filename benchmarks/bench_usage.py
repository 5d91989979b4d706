"""Import generated access logs (``USAGE_BENCH_LINES`` lines, default 10 million; a realistic mix,
about 80% page furniture and crawlers) into a SQLite store of 2,000 articles, against a bare loop
that only matches the same lines with the same regular expression; prints lines/s, the ratio and
the peak memory of each, measured in fresh processes in the same run.

Included in the import: reading the file (SHA-256 fingerprint), every COUNTER line rule (robots via
counter-robots, static assets, methods, statuses), URL -> article resolution, writing the events in
one transaction, and recomputing the month (double-click and unique-item rules). Peak memory is
also measured at a quarter of the lines: equal peaks mean memory is flat in the number of lines.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks._common import print_table

LINES = int(os.environ.get("USAGE_BENCH_LINES", "10000000"))
ARTICLES = 2000
START = int(datetime(2024, 5, 1, tzinfo=UTC).timestamp())


def seed_store(url: str) -> list:
    """A store with ``ARTICLES`` articles over 20 journals; their URLs for the generator."""
    from sqlalchemy import insert

    from scielo_pub.store import (
        connect,
        usage_schema,  # noqa: F401
    )
    from scielo_pub.store import schema as s
    from scielo_pub.usage.synth import ArticleUrls

    now = datetime(2024, 1, 1)
    engine = connect(url)
    urls = []
    with engine.begin() as conn:
        for j in range(1, 21):
            acron = f"j{j:02d}"
            conn.execute(
                insert(s.journals).values(
                    id=j,
                    acronym=acron,
                    title=f"Journal {j}",
                    subject_areas=[],
                    languages=[],
                    about={},
                    landing_path=f"j/{acron}/",
                    digest="x",
                    created=now,
                    updated=now,
                )
            )
            conn.execute(
                insert(s.issues).values(
                    id=j,
                    journal_id=j,
                    folder="v1n1",
                    label="v1n1",
                    year=2023,
                    sections=[],
                    landing_path="x",
                    digest="x",
                    created=now,
                    updated=now,
                )
            )
        rows = []
        for n in range(1, ARTICLES + 1):
            j = n % 20 + 1
            acron, stem = f"j{j:02d}", f"a{n:05d}"
            base = f"/j/{acron}/v1n1/{stem}/"
            pid = f"S{1000 + j:04d}-{100 + j:03d}X20230001{n:05d}"
            rows.append(dict(
                id=n, ident=f"a{n}", pid=pid, journal_id=j, issue_id=j, journal_acronym=acron,
                issue_label="v1n1", year=2023, language="pt", languages=["pt", "en"],
                title=f"Article {n}", xml="<article/>", model_json={},
                landing_path=f"j/{acron}/v1n1/{stem}/pt.html", digest="x", created=now,
                updated=now, deleted=False))  # fmt: skip
            urls.append(ArticleUrls(
                (base + "pt.html", base + "en.html"), (base + "abstract.pt.html",),
                (f"{base}{stem}-pt.pdf",), f"/scielo.php?script=sci_arttext&pid={pid}&tlng=pt",
                (f"/j/{acron}/v1n1/files/{stem}-gf01.png",)))  # fmt: skip
        conn.execute(insert(s.articles), rows)
    engine.dispose()
    return urls


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bare(path: str, out) -> None:
    from scielo_pub.usage.logs import LINE_RE

    start = time.perf_counter()
    n = 0
    match = LINE_RE.match
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = match(line)
            if m is not None:
                m.groups()
            n += 1
    out.put((time.perf_counter() - start, _peak_mb(), n, {}))


def _import(path: str, url: str, out) -> None:
    from scielo_pub.store import (
        connect,
        usage_schema,  # noqa: F401
    )
    from scielo_pub.usage.importer import import_logs

    engine = connect(url)
    start = time.perf_counter()
    report = import_logs(engine, [path])
    seconds = time.perf_counter() - start
    engine.dispose()
    out.put((seconds, _peak_mb(), report.totals()["read"], dict(report.totals())))


def _run(target, *args) -> tuple:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def main() -> None:
    from scielo_pub.usage.synth import generate

    with tempfile.TemporaryDirectory(prefix="bench-usage-") as tmp:
        store = Path(tmp) / "template.sqlite"
        urls = seed_store(f"sqlite:///{store}")
        rows = []
        for size in (LINES // 4, LINES):
            log = Path(tmp) / f"access-{size}.log"
            with log.open("w", encoding="utf-8") as fh:
                for line in generate(urls, START, 30 * 86400, size, seed=size):
                    fh.write(line + "\n")
            db = Path(tmp) / f"store-{size}.sqlite"
            db.write_bytes(store.read_bytes())
            if size == LINES:
                bare_s, bare_mb, n, _ = _run(_bare, str(log))
                rows.append(["bare regex loop (reference)", f"{n:,}", f"{bare_s:.1f}",
                             f"{n / bare_s:,.0f}", "1.00", f"{bare_mb:.0f}"])  # fmt: skip
            imp_s, imp_mb, n, tally = _run(_import, str(log), f"sqlite:///{db}")
            ratio = f"{imp_s / bare_s:.2f}" if size == LINES else "-"
            rows.append([f"scielo-pub usage import ({size:,} lines)", f"{n:,}", f"{imp_s:.1f}",
                         f"{n / imp_s:,.0f}", ratio, f"{imp_mb:.0f}"])  # fmt: skip
            log.unlink()
    static_robot = (tally.get("static", 0) + tally.get("robot", 0)) / max(tally.get("read", 1), 1)
    print(f"{LINES:,} generated lines (static + robot lines: {static_robot:.0%}; "
          f"kept: {tally.get('kept', 0):,}), {ARTICLES:,} articles, SQLite store, one core")  # fmt: skip
    print_table(["task", "lines", "seconds", "lines/s", "x bare", "peak MB"], rows)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
