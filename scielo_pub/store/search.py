"""A parsed search query in, ranked article ids, totals and facet counts out: the store's full-text search.

This module is the one place that knows SQLite FTS5 from PostgreSQL ``tsvector``. The table
``search_documents`` holds one row per article with each searchable field already folded
(``citations.normalise.fold``: lower case, accents and punctuation removed), so both engines index the
same words and a query folded the same way finds ``Saúde`` with ``saude``:

- SQLite: an external-content FTS5 table ``search_fts`` over those columns, kept in step by triggers,
  ranked with ``bm25`` (field weights below);
- PostgreSQL: a stored generated ``tsv`` column (``simple`` configuration, fields weighted A-D) with a GIN
  index, ranked with ``ts_rank``; a search limited to one field uses an expression GIN index over that
  column.
"""

from __future__ import annotations

from sqlalchemy import DDL, Column, ForeignKey, Integer, Table, Text, event

from .schema import metadata

#: Searchable fields, in FTS5 column order: author, title, abstract, keywords, affiliation, journal,
#: year, article type, language, identifiers (PID v2, PID v3, DOI).
FIELDS = ("au", "ti", "ab", "kw", "af", "journal", "year", "type", "lang", "ids")

#: Relative weight of a match in each field (FTS5 ``bm25`` weights; PostgreSQL weight classes).
WEIGHTS = {"au": 4.0, "ti": 10.0, "ab": 2.0, "kw": 5.0, "af": 1.0, "journal": 1.0,
           "year": 1.0, "type": 1.0, "lang": 1.0, "ids": 8.0}  # fmt: skip
PG_CLASS = {"ti": "A", "ids": "A", "au": "B", "kw": "B", "ab": "C"}

#: Fields with their own PostgreSQL expression index (the short ones are checked row by row).
PG_INDEXED = ("au", "ti", "ab", "kw", "af", "journal", "ids")

search_documents = Table(
    "search_documents",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    *(Column(name, Text, nullable=False, default="") for name in FIELDS),
)

_FTS_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{f}" for f in FIELDS)
_OLD = ", ".join(f"old.{f}" for f in FIELDS)
_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({_FTS_COLUMNS}, "
    "content='search_documents', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ai AFTER INSERT ON search_documents BEGIN "
    f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS}) VALUES (new.article_id, {_NEW}); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ad AFTER DELETE ON search_documents BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS}) "
    f"VALUES ('delete', old.article_id, {_OLD}); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_au AFTER UPDATE ON search_documents BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS}) "
    f"VALUES ('delete', old.article_id, {_OLD}); "
    f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS}) VALUES (new.article_id, {_NEW}); END",
)


def pg_vector(field: str) -> str:
    """The PostgreSQL ``tsvector`` expression of one field (the same text its index is built on)."""
    return f"to_tsvector('simple'::regconfig, {field})"


_PG_TSV = " || ".join(f"setweight({pg_vector(f)}, '{PG_CLASS.get(f, 'D')}')" for f in FIELDS)
_PG_DDL = (
    f"ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({_PG_TSV}) STORED",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING GIN (tsv)",
    *(
        f"CREATE INDEX ix_search_documents_{f} ON search_documents USING GIN ({pg_vector(f)})"
        for f in PG_INDEXED
    ),
)

for _statement in _SQLITE_DDL:
    event.listen(search_documents, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in _PG_DDL:
    event.listen(search_documents, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
event.listen(
    search_documents,
    "before_drop",
    DDL("DROP TABLE IF EXISTS search_fts").execute_if(dialect="sqlite"),
)
