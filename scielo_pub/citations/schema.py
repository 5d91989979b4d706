"""Nothing in, the citation index's tables out: one SQLAlchemy Core ``metadata`` for SQLite and PostgreSQL.

The index (:class:`~scielo_pub.citations.db.BiblioDB`) keeps bibliographic records, the collection's
citation graph and the matcher's cache in these tables. Their names start with ``biblio_`` so the index
can share a PostgreSQL database with the collection store (whose ``citations`` table is another thing).
The title-word index is the only part that differs by engine, made by :func:`ensure_title_index` after
``create_all``, the same way ``store/search.py`` does for articles:

- SQLite: an external-content FTS5 table ``biblio_records_fts`` over ``title_key`` (``unicode61
  remove_diacritics 2``), kept in step by triggers;
- PostgreSQL: a stored generated ``title_tsv`` column (``simple`` configuration, the expression of
  :func:`scielo_pub.store.search.pg_vector`) over ``title_key``, with a GIN index.

Both index the folded title (``normalise.fold``: lower case, no accents, punctuation as spaces), and
:func:`title_words_query` asks for every word, each word a phrase of its tokens, so both engines find
the same records.

On SQLite, triggers also note every record written in ``biblio_record_log`` (:func:`ensure_record_log`),
so a rebuild compares only those with the match snapshot; PostgreSQL compares every record.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

metadata = MetaData()

#: ``svp_last`` of a reference whose journal-key block did not fill up (or did not run): every
#: changed record sharing its key may be among its rows.
EVERY_ROW = 2**62

records = Table(
    "biblio_records",
    metadata,
    Column("id", Integer, primary_key=True),
    #: ``scielo`` (the collection's own articles), ``lilacs``, ``medline``, ``crossref``.
    Column("db", Text, nullable=False),
    Column("ext_id", Text, nullable=False),
    Column("doi", Text),  # lower case
    Column("pmid", Text),
    Column("title", Text),
    #: ``fold(title)``: what the title-word index and the matcher's similarity read.
    Column("title_key", Text),
    Column("source", Text),
    #: ``journal_key(source)``: the journal block's key.
    Column("source_key", Text),
    Column("issn", Text),
    Column("year", Text),
    Column("volume", Text),
    Column("issue", Text),
    Column("fpage", Text),
    Column("lpage", Text),
    #: The folded surname of the first author: the author+year block's key.
    Column("first_author", Text),
    #: JSON list of ``"surname|initials"``.
    Column("authors", Text),
    Column("url", Text),
    #: Digest of the record's content: an import skips a record whose digest is unchanged.
    Column("digest", Text, nullable=False),
    UniqueConstraint("db", "ext_id", name="biblio_records_db_ext"),
    Index("biblio_records_doi", "doi"),
    Index("biblio_records_pmid", "pmid"),
    Index("biblio_records_svp", "source_key", "year", "volume", "fpage"),
    Index("biblio_records_ay", "first_author", "year"),
)

#: Accepted links of the collection's references: the citation graph (the edges of the articles
#: whose references changed or were matched again are rewritten by each build).
citations = Table(
    "biblio_citations",
    metadata,
    Column("citing_id", Text, primary_key=True),
    Column("ref_id", Text, primary_key=True),
    Column("target_db", Text, primary_key=True),
    Column("target_id", Text, nullable=False),
    Column("score", Float, nullable=False),
    Index("biblio_citations_target", "target_db", "target_id"),
)


def _blocking_keys() -> list[Column]:
    """The blocking keys a reference or a record is found by (``match_cache``), as columns."""
    names = ("doi", "pmid", "source_key", "year", "volume", "fpage", "first_author")
    return [Column(name, Text) for name in names]


#: Each reference's accepted matches under the key they depend on (``match_cache`` module), with
#: the reference's blocking keys as indexed columns, so the references a changed record may find
#: are selected by queries, not by reading every row.
match_cache = Table(
    "biblio_match_cache",
    metadata,
    Column("citing", Text, primary_key=True),
    Column("ref_id", Text, primary_key=True),
    #: The reference's place in its article (its matches are listed in that order).
    Column("position", Integer, nullable=False),
    Column("key", Text, nullable=False),
    #: JSON ``[[db, ext_id, score], ...]``.
    Column("accepted", Text, nullable=False),
    *_blocking_keys(),
    #: 1 when the reference has no first author and year: title words may find any record.
    Column("anywhere", Integer, nullable=False),
    #: The words the title-word block may ask for (``match.title_words``), space-separated, when
    #: ``anywhere``: a changed record can be its candidate only if its title holds enough of them.
    Column("title_words", Text),
    #: What the matcher read of the reference beyond the blocking keys above (``match_cache.
    #: query_json``: its folded title, issue and, when it differs, its unkeyed journal), so it can
    #: be matched again without its article's model.
    Column("query", Text),
    #: What its match found (``match.Trace``): re-scored against changed records alone.
    Column("trace", Text),
    #: 0 when its match did not run the author+year block (a record was accepted first, which
    #: its trace shows), else 1: a changed record sharing only its author and year leaves it be.
    Column("author_year", Integer, nullable=False, server_default="1"),
    #: When its journal-key block returned as many rows as it may (the first by row id), a row
    #: id at or above the last it returned (``match_cache.journal_last``); else ``EVERY_ROW``: a
    #: changed record of a higher row id was not among those rows and is not now.
    Column("svp_last", BigInteger, nullable=False, server_default=str(EVERY_ROW)),
    Index("biblio_match_cache_doi", "doi"),
    Index("biblio_match_cache_pmid", "pmid"),
    Index("biblio_match_cache_svp", "source_key", "year", "volume", "fpage", "svp_last"),
    Index("biblio_match_cache_ay", "first_author", "year"),
    Index("biblio_match_cache_anywhere", "anywhere"),
)

#: What the last build derived from each article (``collection_links``), under the digest of what
#: it was derived from: an article whose digest is unchanged is not read, keyed nor indexed again.
article_state = Table(
    "biblio_article_state",
    metadata,
    #: Where the article comes from (its source path): one row per published article.
    Column("source", Text, primary_key=True),
    #: Digest of its input (bytes, DTD, file name, journal settings, code).
    Column("state", Text, nullable=False),
    #: Its key in the index (PID v2, else v3, else DOI); None when it has none.
    Column("article", Text),
    #: Digest of its accepted matches, per reference, as the last build gave them.
    Column("matches_digest", Text, nullable=False),
)

#: Digest of each collection article's cited-by list as the last build gave it.
cited_state = Table(
    "biblio_cited_state",
    metadata,
    Column("article", Text, primary_key=True),
    Column("digest", Text, nullable=False),
)

#: The records' blocking keys as they were when the cached matches were made.
match_snapshot = Table(
    "biblio_match_snapshot",
    metadata,
    Column("db", Text, primary_key=True),
    Column("ext_id", Text, primary_key=True),
    Column("digest", Text, nullable=False),
    *_blocking_keys(),
    #: The folded title (what the title-word block searches).
    Column("title_key", Text),
    #: The record's row id (a removed record's candidates are known by it).
    Column("record_id", Integer),
)

#: The records written (inserted, updated, deleted) since the snapshot was brought up to date,
#: noted by SQLite triggers (``ensure_record_log``), so a rebuild compares only those with the
#: snapshot (``match_cache.changes_since_snapshot``); ``seq`` grows with each write.
record_log = Table(
    "biblio_record_log",
    metadata,
    Column("seq", Integer, primary_key=True),
    Column("db", Text, nullable=False),
    Column("ext_id", Text, nullable=False),
    UniqueConstraint("db", "ext_id", name="biblio_record_log_key"),
)

#: One row while ``record_log`` holds every record that may differ from the snapshot: set when
#: the snapshot is saved after a comparison with the log's triggers in place, removed whenever the
#: triggers are made (a file from before them, or a records table made again).
snapshot_logged = Table(
    "biblio_snapshot_logged",
    metadata,
    Column("id", Integer, primary_key=True),
)

#: ``record_log``'s triggers (SQLite): a record inserted, updated or deleted is noted, last
#: written last (``OR REPLACE``: a record noted before gets a new ``seq``).
_LOG_TRIGGERS = {
    f"biblio_records_log_{name}": f"CREATE TRIGGER biblio_records_log_{name} AFTER {event} ON "
    f"biblio_records BEGIN INSERT OR REPLACE INTO biblio_record_log(db, ext_id) "
    f"VALUES ({row}.db, {row}.ext_id); END"
    for name, event, row in (
        ("ai", "INSERT", "new"),
        ("ad", "DELETE", "old"),
        ("au", "UPDATE", "old"),
        ("an", "UPDATE", "new"),
    )
}


def ensure_record_log(conn: Connection) -> None:
    """Make ``record_log``'s triggers when one is missing (SQLite only), forgetting that the log
    was complete (it was not kept until now)."""
    if conn.dialect.name != "sqlite":
        return
    have = {name for (name,) in conn.execute(text(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'biblio_records_log_%'"
    ))}  # fmt: skip
    if have >= _LOG_TRIGGERS.keys():
        return
    conn.execute(snapshot_logged.delete())
    for name, statement in _LOG_TRIGGERS.items():
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text(statement))


FTS_TABLE = "biblio_records_fts"
_SQLITE_TITLE_INDEX = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title_key, content='biblio_records', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS biblio_records_ai AFTER INSERT ON biblio_records BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title_key) VALUES (new.id, new.title_key); END",
    "CREATE TRIGGER IF NOT EXISTS biblio_records_ad AFTER DELETE ON biblio_records BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_key) "
    "VALUES ('delete', old.id, old.title_key); END",
    "CREATE TRIGGER IF NOT EXISTS biblio_records_au AFTER UPDATE ON biblio_records BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_key) "
    "VALUES ('delete', old.id, old.title_key); "
    f"INSERT INTO {FTS_TABLE}(rowid, title_key) VALUES (new.id, new.title_key); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)


_PG_COLUMN = (
    "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND table_name = 'biblio_records' AND column_name = 'title_tsv'"
)


def ensure_title_index(conn: Connection) -> None:
    """Make the engine's title-word index when it is missing (on a new table or one made by an
    older release), filling it from the rows already there. With PostgreSQL the column and index
    are looked for first: ``ALTER TABLE`` takes a table lock even when the column exists, which
    would wait for every open reader of the index (another process's build stage)."""
    if conn.dialect.name == "postgresql":
        from ..store.search import pg_vector  # here: store.search imports this package

        if not conn.execute(text(_PG_COLUMN)).scalar():
            tsv = pg_vector("coalesce(title_key, '')")
            conn.execute(text("ALTER TABLE biblio_records ADD COLUMN IF NOT EXISTS title_tsv "
                              f"tsvector GENERATED ALWAYS AS ({tsv}) STORED"))  # fmt: skip
        if not conn.execute(text("SELECT to_regclass('biblio_records_tsv')")).scalar():
            conn.execute(text("CREATE INDEX IF NOT EXISTS biblio_records_tsv "
                              "ON biblio_records USING GIN (title_tsv)"))  # fmt: skip
    elif not inspect(conn).has_table(FTS_TABLE):
        for statement in _SQLITE_TITLE_INDEX:
            conn.execute(text(statement))


def title_words_query(dialect: str, words: list[str]) -> str:
    """The engine's full-text query asking for every word of ``words`` (each a phrase of its tokens)."""
    if dialect == "postgresql":  # to_tsquery('simple', ...)
        return " & ".join("'" + w.replace("\\", "").replace("'", "''") + "'" for w in words)
    return " ".join('"' + w.replace('"', "") + '"' for w in words)  # FTS5 MATCH


def title_words_sql(dialect: str) -> str:
    """``SELECT id, title_key`` of the records whose title holds the words of ``:q``, first 500 by id."""
    if dialect == "postgresql":
        return (
            "SELECT id, title_key FROM biblio_records "
            "WHERE title_tsv @@ to_tsquery('simple'::regconfig, :q) ORDER BY id LIMIT 500"
        )
    return (
        f"SELECT rowid, title_key FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "
        "ORDER BY rowid LIMIT 500"
    )
