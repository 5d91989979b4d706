"""Nothing in, the usage-statistics tables out, on the store's one ``metadata`` (issue 14).

- ``usage_files``: one row per imported log, keyed by the SHA-256 of its decompressed content (the
  same log imported twice is refused), with the import report (lines read, kept, ignored by reason)
  and the robot list's version.
- ``usage_events``: one row per action on an item that passed the line rules (robot ones flagged),
  written in the same transaction as its file's row, so an interrupted import leaves none behind.
  The user is a 64-bit digest of address + agent: no address is stored.
- ``usage_searches``: platform searches per file and month (COUNTER Searches_Platform).
- ``usage_monthly``: per month and article, the four COUNTER metrics after double-click and
  unique-item rules, plus robot hits; ``usage_monthly_format``: totals per month, article, format and
  language. Both are recomputed from events month by month; ``usage_dirty`` lists the months an
  import touched that still await recomputation (reports recompute them first).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from .schema import metadata

# SQLite only makes INTEGER PRIMARY KEY columns auto-increment; BigInteger elsewhere.
_BIG_ID = BigInteger().with_variant(Integer, "sqlite")

usage_files = Table(
    "usage_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("name", String(1024), nullable=False),
    Column("imported", DateTime, nullable=False),
    Column("lines_read", BigInteger, nullable=False),
    Column("kept", BigInteger, nullable=False),
    Column("robot_items", BigInteger, nullable=False),
    #: {reason: lines}
    Column("ignored", JSON, nullable=False),
    #: ``counter-robots 2025.11``: the list that flagged robots in this file.
    Column("robots_version", String(64), nullable=False),
    Column("first_time", BigInteger),
    Column("last_time", BigInteger),
)

usage_events = Table(
    "usage_events",
    metadata,
    Column("id", _BIG_ID, primary_key=True),
    Column("file_id", Integer, ForeignKey("usage_files.id", ondelete="CASCADE"), nullable=False),
    #: UTC epoch seconds.
    Column("time", BigInteger, nullable=False),
    Column("user_key", BigInteger, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("format", String(8), nullable=False),
    Column("request", Boolean, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("country", String(2)),
    Column("robot", Boolean, nullable=False),
    Index("ix_usage_events_time", "time"),
)

usage_searches = Table(
    "usage_searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("usage_files.id", ondelete="CASCADE"), nullable=False),
    #: ``YYYY-MM`` (UTC).
    Column("month", String(7), nullable=False),
    Column("searches", BigInteger, nullable=False),
)

usage_monthly = Table(
    "usage_monthly",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("month", String(7), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("country", String(2)),
    Column("total_investigations", BigInteger, nullable=False),
    Column("total_requests", BigInteger, nullable=False),
    Column("unique_investigations", BigInteger, nullable=False),
    Column("unique_requests", BigInteger, nullable=False),
    Column("robot_hits", BigInteger, nullable=False),
    Index("ix_usage_monthly_month_article", "month", "article_id"),
    Index("ix_usage_monthly_article", "article_id", "month"),
)

usage_monthly_format = Table(
    "usage_monthly_format",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("month", String(7), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("format", String(8), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("total_investigations", BigInteger, nullable=False),
    Column("total_requests", BigInteger, nullable=False),
    Index("ix_usage_monthly_format_month", "month", "article_id"),
)

usage_dirty = Table(
    "usage_dirty",
    metadata,
    #: ``YYYY-MM``
    Column("month", String(7), primary_key=True),
)
