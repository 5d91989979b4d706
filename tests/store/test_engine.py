"""Store connections: tables and indexes of an older store are brought up to date on connect."""

from __future__ import annotations

from sqlalchemy import inspect, text

from scielo_pub import store


def _indexes(engine, table: str) -> set[str]:
    with engine.connect() as conn:
        return {ix["name"] for ix in inspect(conn).get_indexes(table)}


def test_an_index_declared_since_the_store_was_made_is_added(store_url):
    engine = store.connect(store_url)
    assert "ix_reference_serials_source" in _indexes(engine, "reference_serials")
    with engine.begin() as conn:  # a store made before the index was declared
        conn.execute(text("DROP INDEX ix_reference_serials_source"))
    assert "ix_reference_serials_source" not in _indexes(engine, "reference_serials")
    engine.dispose()
    engine = store.connect(store_url)
    try:
        assert "ix_reference_serials_source" in _indexes(engine, "reference_serials")
    finally:
        engine.dispose()


def _made_in_name_order(path) -> dict[str, list[str]]:
    """Each table's declared indexes in the order the SQLite catalogue lists them (made)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' "
                          "AND sql IS NOT NULL ORDER BY rowid").fetchall()  # fmt: skip
    made: dict[str, list[str]] = {}
    for table, name in rows:
        made.setdefault(table, []).append(name)
    return made


def test_the_store_and_the_citation_index_make_their_indexes_in_name_order(tmp_path):
    """SQLAlchemy makes a new table's indexes in the order of a set (object addresses): through
    ``store.engine.create_all`` they are made in name order, so two processes write the same
    catalogue (and the same bytes)."""
    from scielo_pub.citations.db import BiblioDB

    store.connect(f"sqlite:///{tmp_path / 'store.sqlite'}").dispose()
    with BiblioDB(str(tmp_path / "citations.sqlite")):
        pass
    for name in ("store.sqlite", "citations.sqlite"):
        made = _made_in_name_order(tmp_path / name)
        assert sum(len(v) >= 2 for v in made.values()) >= 2, name  # orders to get wrong
        assert all(names == sorted(names) for names in made.values()), made
