"""Account names, passwords and roles in, rows of the workspace tables out: accounts, sign-in with
rate limits, and the audit log.

Passwords are hashed with werkzeug's scrypt (``generate_password_hash(method="scrypt")``) and only the
hash is stored. Sign-in is refused for a while after too many failures for one account name or from
one address (counted in ``ws_login_attempts``; no other service needed).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import InputError
from ..store.workspace_schema import ws_account_journals, ws_accounts, ws_audit, ws_login_attempts

ROLES = ("admin", "editor")
LANGS = ("pt", "es", "en")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MIN_PASSWORD = 10
#: Failures allowed in WINDOW per account name and per address before sign-in is refused.
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Account:
    """A signed-in person: name, role, language and the journals they hold."""

    id: int
    name: str
    role: str
    lang: str
    journals: tuple[str, ...]
    #: A fingerprint of the password hash: a session made before a password change stops working.
    version: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def holds(self, journal: str) -> bool:
        return self.is_admin or journal in self.journals


def now() -> datetime:
    """Naive UTC, whole seconds (the store's convention)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _version(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def check_new(name: str, role: str, journals: list[str], password: str, lang: str) -> None:
    """An InputError saying what is wrong with a new account's fields."""
    if not NAME.match(name):
        raise InputError(f"'{name}' is not a valid account name (letters, digits, . _ @ -)")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    if role == "editor" and not journals:
        raise InputError("an editor needs at least one --journal ACRONYM")
    bad = [j for j in journals if not ACRONYM.match(j)]
    if bad:
        raise InputError(f"not a journal acronym: {', '.join(bad)}")
    if lang not in LANGS:
        raise InputError(f"language must be one of {', '.join(LANGS)}")
    check_password(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password must have at least {MIN_PASSWORD} characters")


def add(conn: Connection, name: str, role: str, journals: list[str], password: str,
        lang: str = "en") -> None:  # fmt: skip
    check_new(name, role, journals, password, lang)
    if conn.execute(select(ws_accounts.c.id).where(ws_accounts.c.name == name)).first():
        raise InputError(f"the account '{name}' already exists")
    when = now()
    digest = generate_password_hash(password, method="scrypt")
    ident = conn.execute(
        insert(ws_accounts).values(
            name=name, password_hash=digest, role=role, lang=lang, created=when, updated=when
        )  # fmt: skip
    ).inserted_primary_key[0]
    for journal in sorted(set(journals)):
        conn.execute(insert(ws_account_journals).values(account_id=ident, journal=journal))


def remove(conn: Connection, name: str) -> None:
    row = conn.execute(select(ws_accounts.c.id).where(ws_accounts.c.name == name)).first()
    if row is None:
        raise InputError(f"no account named '{name}'")
    conn.execute(delete(ws_account_journals).where(ws_account_journals.c.account_id == row.id))
    conn.execute(delete(ws_accounts).where(ws_accounts.c.id == row.id))


def set_password(conn: Connection, name: str, password: str) -> None:
    check_password(password)
    digest = generate_password_hash(password, method="scrypt")
    done = conn.execute(
        update(ws_accounts)
        .where(ws_accounts.c.name == name)
        .values(password_hash=digest, updated=now())
    )
    if not done.rowcount:
        raise InputError(f"no account named '{name}'")


def listing(conn: Connection) -> list[Account]:
    rows = conn.execute(select(ws_accounts).order_by(ws_accounts.c.name)).all()
    return [_account(conn, row) for row in rows]


def _account(conn: Connection, row) -> Account:
    held = conn.execute(
        select(ws_account_journals.c.journal)
        .where(ws_account_journals.c.account_id == row.id)
        .order_by(ws_account_journals.c.journal)
    ).scalars()
    return Account(row.id, row.name, row.role, row.lang, tuple(held), _version(row.password_hash))


def by_id(conn: Connection, ident: int, version: str) -> Account | None:
    """The account a session names, if it still exists with the same password."""
    row = conn.execute(select(ws_accounts).where(ws_accounts.c.id == ident)).first()
    if row is None or _version(row.password_hash) != version:
        return None
    return _account(conn, row)


def limited(conn: Connection, name: str, address: str) -> bool:
    """True when this name or this address failed too often in the last WINDOW."""
    since = now() - WINDOW
    failed = select(func.count()).select_from(ws_login_attempts)
    failed = failed.where(ws_login_attempts.c.ok.is_(False), ws_login_attempts.c.at >= since)
    by_name = conn.execute(failed.where(ws_login_attempts.c.name == name[:64])).scalar_one()
    by_address = conn.execute(failed.where(ws_login_attempts.c.address == address)).scalar_one()
    return by_name >= ACCOUNT_FAILURES or by_address >= ADDRESS_FAILURES


def authenticate(conn: Connection, name: str, password: str, address: str) -> Account | None:
    """The account when the password is right; every attempt is recorded for the rate limits."""
    row = conn.execute(select(ws_accounts).where(ws_accounts.c.name == name[:64])).first()
    # A missing account still costs one hash check, so timing does not tell names apart.
    stored = row.password_hash if row is not None else _DUMMY
    ok = check_password_hash(stored, password) and row is not None
    when = now()
    conn.execute(delete(ws_login_attempts).where(ws_login_attempts.c.at < when - 4 * WINDOW))
    conn.execute(insert(ws_login_attempts).values(at=when, name=name[:64], address=address,
                                                  ok=ok))  # fmt: skip
    return _account(conn, row) if ok else None


_DUMMY = generate_password_hash("not a password of anyone", method="scrypt")


def audit(conn: Connection, account: str, address: str, action: str, *, journal: str | None = None,
          issue: str | None = None, detail: str = "") -> None:  # fmt: skip
    """One line of the audit log."""
    conn.execute(
        insert(ws_audit).values(
            at=now(),
            account=account,
            address=address[:64],
            action=action,
            journal=journal,
            issue=issue,
            detail=detail[:2000],
        )  # fmt: skip
    )


def audit_log(conn: Connection, *, journals: tuple[str, ...] | None = None, limit: int = 100):
    """The newest audit lines (only those on ``journals`` when given)."""
    query = select(ws_audit).order_by(ws_audit.c.id.desc()).limit(limit)
    if journals is not None:
        query = query.where(ws_audit.c.journal.in_(journals))
    return conn.execute(query).all()
