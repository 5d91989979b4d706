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
