"""Every SciELO indicator for every journal and year of a generated citation graph, against one SQL
GROUP BY of the same citation counts, in the same run, on the same SQLite file.

Size: ``BENCH_INDICATORS_ARTICLES`` articles (default 100,000; the issue's full size is 1,000,000),
30 journal references each, ``BENCH_INDICATORS_JOURNALS`` journals (default 1,000), 30 publication
years; 70 % of references cite a collection journal, 30 % an unmatched source; cited years 0-24
years before the citing year. ``BENCH_INDICATORS_STEPS`` (default 2) also measures 1/10 of the size
(and 1/100 with 3) to show the growth. The graph is generated inside SQLite (recursive CTE), not
timed. Timed: ``compute`` (three GROUP BYs streamed one journal at a time + the Python fold of the
formulas) against ``SELECT cited_journal, citing_year, cited_year, count(*) ... GROUP BY`` fetched
to the end. Peak RSS (ru_maxrss) is printed to show memory stays bounded.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select, text

from scielo_pub.indicators.compute import CitationGraph, compute

from ._common import print_table

META = MetaData()
ITEMS = Table(
    "items",
    META,
    Column("journal", String(9)),
    Column("year", Integer),
    Column("issue", String(16)),
    Column("citable", Integer),
)
REFS = Table(
    "refs",
    META,
    Column("citing_journal", String(9)),
    Column("citing_year", Integer),
    Column("cited_journal", String(9)),
    Column("cited_year", Integer),
)
REFS_PER_ARTICLE = 30
YEARS = 30


def generate(url: str, articles: int, journals: int) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        META.create_all(conn)
        # journal key: 'J' + zero-padded number; year from the article number; 4 issues a year.
        conn.execute(
            text(
                "INSERT INTO items WITH RECURSIVE a(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM a "
                "WHERE x < :n - 1) SELECT printf('J%06d', x % :j), 1995 + (x / :j) % :years, "
                "printf('%d-%d', (x / :j) % :years, x % 4), (x % 10) < 8 FROM a"
            ),
            {"n": articles, "j": journals, "years": YEARS},
        )
        conn.execute(
            text(
                "INSERT INTO refs WITH RECURSIVE r(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM r "
                "WHERE x < :n - 1), h(x, a, k) AS (SELECT x, x / :per, (x * 2654435761) % 4294967296 "
                "FROM r) SELECT printf('J%06d', a % :j), 1995 + (a / :j) % :years, "
                "CASE WHEN k % 10 < 7 THEN printf('J%06d', (k / 10) % :j) END, "
                "1995 + (a / :j) % :years - (k / 16384) % 25 FROM h"
            ),
            {
                "n": articles * REFS_PER_ARTICLE,
                "per": REFS_PER_ARTICLE,
                "j": journals,
                "years": YEARS,
            },
        )
    engine.dispose()


def reference_group_by(conn) -> int:
    q = select(REFS.c.cited_journal, REFS.c.citing_year, REFS.c.cited_year, func.count()).group_by(
        REFS.c.cited_journal, REFS.c.citing_year, REFS.c.cited_year
    )
    return sum(1 for _ in conn.execute(q))


def all_indicators(conn) -> int:
    return sum(len(j.years) for j in compute(conn, CitationGraph(ITEMS, REFS)))


def measure(articles: int, journals: int, folder: Path) -> list[object]:
    path = folder / f"graph-{articles}.sqlite"
    url = f"sqlite:///{path}"
    start = time.perf_counter()
    generate(url, articles, journals)
    gen_s = time.perf_counter() - start
    engine = create_engine(url)
    with engine.connect() as conn:
        reference_group_by(conn)  # warm the page cache for both
        start = time.perf_counter()
        groups = reference_group_by(conn)
        ref_s = time.perf_counter() - start
        start = time.perf_counter()
        journal_years = all_indicators(conn)
        ours_s = time.perf_counter() - start
    engine.dispose()
    size = path.stat().st_size
    path.unlink()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        f"{articles:,}",
        f"{articles * REFS_PER_ARTICLE:,}",
        f"{size / 1e9:.2f}",
        f"{gen_s:.1f}",
        f"{groups:,}",
        f"{ref_s:.2f}",
        f"{journal_years:,}",
        f"{ours_s:.2f}",
        f"{ours_s / ref_s:.2f}x",
        f"{rss:.0f}",
    ]


def main() -> None:
    articles = int(os.environ.get("BENCH_INDICATORS_ARTICLES", "100000"))
    journals = int(os.environ.get("BENCH_INDICATORS_JOURNALS", "1000"))
    steps = int(os.environ.get("BENCH_INDICATORS_STEPS", "2"))
    sizes = sorted({max(journals, articles // 10**i) for i in range(steps)})
    rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        for n in sizes:
            rows.append(measure(n, journals, Path(tmp)))
            print_table(HEADERS, rows[-1:])
    print()
    print(f"{journals:,} journals, {YEARS} years, SQLite; every indicator of every journal-year "
          "vs one GROUP BY of the citations received (target: within 3x)")  # fmt: skip
    print_table(HEADERS, rows)


HEADERS = [
    "articles",
    "references",
    "db GB",
    "generate s",
    "groups",
    "GROUP BY s",
    "journal-years",
    "indicators s",
    "ratio",
    "peak RSS MB",
]
