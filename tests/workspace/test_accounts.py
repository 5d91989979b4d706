"""Workspace accounts in the store (SQLite and PostgreSQL): scrypt hashes, roles, journals, rate
limits and the audit log; ``scielo-pub users`` from a script."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from scielo_pub import store
from scielo_pub.cli import main
from scielo_pub.errors import InputError
from scielo_pub.store.workspace_schema import ensure_tables, ws_accounts
from scielo_pub.workspace import accounts


@pytest.fixture
def engine(store_url):
    engine = store.connect(store_url)
    ensure_tables(engine)
    yield engine
    engine.dispose()


def test_accounts_roles_and_passwords(engine):
    with engine.begin() as conn:
        accounts.add(conn, "ana", "editor", ["ecl", "rsd"], "a long password", "es")
        accounts.add(conn, "root", "admin", [], "another password")
        with pytest.raises(InputError):
            accounts.add(conn, "ana", "editor", ["ecl"], "a long password")
        with pytest.raises(InputError):
            accounts.add(conn, "bob", "editor", [], "a long password")  # an editor needs a journal
        with pytest.raises(InputError):
            accounts.add(conn, "bob", "editor", ["ecl"], "short")
        stored = conn.execute(select(ws_accounts.c.password_hash)).scalars().all()
        assert all(h.startswith("scrypt:") and "password" not in h for h in stored)
        listed = {a.name: a for a in accounts.listing(conn)}
        assert listed["ana"].journals == ("ecl", "rsd") and listed["ana"].holds("rsd")
        assert not listed["ana"].holds("abc") and listed["root"].holds("abc")
        ana = accounts.authenticate(conn, "ana", "a long password", "10.0.0.1")
        assert ana is not None and ana.lang == "es"
        assert accounts.authenticate(conn, "ana", "a long passwort", "10.0.0.1") is None
        assert accounts.authenticate(conn, "nobody", "a long password", "10.0.0.1") is None
        accounts.set_password(conn, "ana", "a new long password")
        assert accounts.by_id(conn, ana.id, ana.version) is None  # old sessions end
        accounts.remove(conn, "root")
        assert [a.name for a in accounts.listing(conn)] == ["ana"]


def test_rate_limits_per_account_and_per_address(engine):
    with engine.begin() as conn:
        accounts.add(conn, "ana", "editor", ["ecl"], "a long password")
        for n in range(accounts.ACCOUNT_FAILURES):
            assert not accounts.limited(conn, "ana", f"10.0.0.{n}")
            accounts.authenticate(conn, "ana", "wrong", f"10.0.0.{n}")
        assert accounts.limited(conn, "ana", "10.9.9.9")
        assert not accounts.limited(conn, "eva", "10.9.9.9")
        for n in range(accounts.ADDRESS_FAILURES):
            accounts.authenticate(conn, f"user{n}", "wrong", "192.0.2.7")
        assert accounts.limited(conn, "eva", "192.0.2.7")
        accounts.audit(conn, "ana", "10.0.0.1", "upload", journal="ecl", issue="v1n1", detail="x")
        accounts.audit(conn, "rui", "10.0.0.2", "upload", journal="rsd", issue="v1n1")
        assert [r.account for r in accounts.audit_log(conn, journals=("ecl",))] == ["ana"]


def test_users_command(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    args = ["users", "add", "ana", "--role", "editor", "--journal", "ecl", "--journal", "rsd",
            "--password-stdin", "--site", str(site)]  # fmt: skip
    assert main(args) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "passwd", "ana", "--password-stdin", "--site", str(site)]) == 2
    assert main(["users", "list", "--site", str(site)]) == 0
    assert "ana\teditor\ten\tecl rsd" in capsys.readouterr().out
    assert main(["users", "remove", "ana", "--site", str(site)]) == 0
    assert main(["users", "remove", "ana", "--site", str(site)]) == 2
    assert main(["users", "list", "--site", str(tmp_path / "missing")]) == 2
