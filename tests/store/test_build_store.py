"""``scielo-pub build --db URL`` writes the store as its last stage; without it, SQLite beside the site."""

from __future__ import annotations

from sqlalchemy import func, select

from scielo_pub import store
from scielo_pub.cli import main
from scielo_pub.store import schema as s

from .conftest import DEMO


def test_build_writes_the_store(store_url, tmp_path, capsys):
    out = tmp_path / "site"
    argv = ["build", str(DEMO), "-o", str(out), "--no-pdf", "-j", "1", "--db", store_url]
    assert main(argv) == 0
    assert "store: 13 added, 0 changed" in capsys.readouterr().out
    engine = store.connect(store_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.articles)).scalar_one() == 13
    engine.dispose()
    assert main(argv) == 0
    assert "store: 0 added, 0 changed, 13 unchanged" in capsys.readouterr().out


def test_build_default_store_is_sqlite_beside_the_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", str(DEMO), "-o", str(out), "--no-pdf", "-j", "1"]) == 0
    assert (out / ".scielo-pub" / "store.sqlite").is_file()


def test_a_bad_db_url_is_a_clear_error(tmp_path, capsys):
    out = tmp_path / "site"
    code = main(["build", str(DEMO), "-o", str(out), "--no-pdf", "-j", "1", "--db", "mysql://x/y"])
    assert code == 2
    assert "SQLite or PostgreSQL" in capsys.readouterr().err
