"""The throwaway PostgreSQL fixture really serves SQL, and each test gets its own database."""

from sqlalchemy import create_engine, text


def test_store_url_answers_sql(store_url):
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (41), (1)"))
        assert conn.execute(text("SELECT SUM(x) FROM t")).scalar() == 42
    engine.dispose()
