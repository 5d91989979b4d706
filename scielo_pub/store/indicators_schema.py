"""Nothing in, the indicators' tables on the store's ``metadata`` out: serials, title variants and
which serial each cited reference names.

* ``serials`` -- the registry: every journal of the collection (``journal_id`` set, refreshed from
  ``journals`` on each computation) and every journal an editor imported (``serials import``);
* ``serial_titles`` -- the written forms of a serial's title, with their normalised ``key``
  (``indicators.serials.source_key``) and ``kind`` (title, abbrev, former, user, manual);
* ``cited_sources`` -- each distinct normalised cited source once: the serial it was matched to (or
  none), the matching ``method`` and similarity, and how many references carried it at the last
  assignment of every reference (``serials unmatched`` counts them afresh);
* ``reference_serials`` -- one row per *journal* reference of the collection: its cited source, the
  serial (NULL when unmatched), the method, and the cited year as an integer, so the indicators'
  GROUP BYs read one narrow table.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from .schema import metadata

serials = Table(
    "serials",
    metadata,
    Column("id", Integer, primary_key=True),
    #: The ISSN-L; ``acr:<acronym>`` for a collection journal that has no ISSN at all.
    Column("issn_l", String(80), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("acronym", String(64)),
    #: [str] every ISSN known for the serial (print, electronic, ISSN-L).
    Column("issns", JSON, nullable=False),
    #: The collection's journal this serial is (NULL for imported serials).
    Column("journal_id", Integer, ForeignKey("journals.id", ondelete="SET NULL"), unique=True),
    #: ``collection`` or ``import``.
    Column("origin", String(16), nullable=False),
)

serial_titles = Table(
    "serial_titles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("serial_id", Integer, ForeignKey("serials.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    UniqueConstraint("serial_id", "key", "kind", name="uq_serial_titles"),
    Index("ix_serial_titles_key", "key"),
)

cited_sources = Table(
    "cited_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    #: One printed form of the source, for the editor.
    Column("example", Text, nullable=False),
    Column("serial_id", Integer, ForeignKey("serials.id", ondelete="SET NULL")),
    #: exact, manual, prefix, trigram or unmatched.
    Column("method", String(16), nullable=False),
    Column("score", Float),
    Column("n_references", Integer, nullable=False, default=0),
)

reference_serials = Table(
    "reference_serials",
    metadata,
    Column(
        "reference_id",
        Integer,
        ForeignKey("article_references.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "cited_source_id",
        Integer,
        ForeignKey("cited_sources.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("serial_id", Integer, ForeignKey("serials.id", ondelete="SET NULL")),
    Column("method", String(16), nullable=False),
    Column("cited_year", Integer),
    Index("ix_reference_serials_serial", "serial_id"),
    #: Counting each cited source's references (``indicators.graph.assign_references``) reads this
    #: index instead of scanning every assignment once per source.
    Index("ix_reference_serials_source", "cited_source_id"),
)

INDICATOR_TABLES = (serials, serial_titles, cited_sources, reference_serials)
