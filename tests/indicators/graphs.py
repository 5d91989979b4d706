"""Hand-built citation graphs for the indicator tests: two Core tables and a loader."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.engine import Connection

from scielo_pub.indicators.compute import CitationGraph

META = MetaData()
ITEMS = Table(
    "t_items",
    META,
    Column("journal", String(9)),
    Column("year", Integer),
    Column("issue", String(40)),
    Column("citable", Integer),
)
REFS = Table(
    "t_refs",
    META,
    Column("citing_journal", String(9)),
    Column("citing_year", Integer),
    Column("cited_journal", String(9), nullable=True),
    Column("cited_year", Integer, nullable=True),
)
COUNTRIES = Table(
    "t_countries",
    META,
    Column("document", String(40)),
    Column("journal", String(9)),
    Column("year", Integer),
    Column("country", String(2)),
)
GRAPH = CitationGraph(ITEMS, REFS)


def load(conn: Connection, items: Iterable[tuple], refs: Iterable[tuple]) -> None:
    """``items``: (journal, year, issue, citable); ``refs``: (citing j, citing y, cited j, cited y)."""
    META.create_all(conn)
    rows = [dict(zip(("journal", "year", "issue", "citable"), i, strict=True)) for i in items]
    if rows:
        conn.execute(ITEMS.insert(), rows)
    keys = ("citing_journal", "citing_year", "cited_journal", "cited_year")
    rows = [dict(zip(keys, r, strict=True)) for r in refs]
    if rows:
        conn.execute(REFS.insert(), rows)
