"""Nothing in, the editors' workspace tables out, on the store's one ``metadata`` (issue 18).

- ``ws_accounts``: one row per person who may sign in: a unique name, the password hash (werkzeug's
  scrypt; never the password), the role (``admin`` of the collection or ``editor``) and the interface
  language; ``ws_account_journals`` lists the journals (acronyms) an editor holds.
- ``ws_login_attempts``: every sign-in attempt (account name tried, client address, success), from
  which the per-account and per-address rate limits are counted; old rows are pruned.
- ``ws_audit``: every action (who, when, from where, what, on which journal and issue).
- ``ws_submissions``: every upload (who, when, journal, issue folder, files with sizes and SHA-256,
  the validation summary, its state: ``uploaded``, ``refused``, ``published``, ``superseded``).

``ensure_tables(engine)`` makes these tables on a store the build made before they existed.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from .engine import create_all
from .schema import metadata

ws_accounts = Table(
    "ws_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    #: ``admin`` (every journal, accounts) or ``editor`` (the journals in ws_account_journals).
    Column("role", String(16), nullable=False),
    Column("lang", String(8), nullable=False, default="en"),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
)

ws_account_journals = Table(
    "ws_account_journals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("ws_accounts.id", ondelete="CASCADE"), nullable=False),
    Column("journal", String(64), nullable=False),
    Index("ix_ws_account_journals_account", "account_id", "journal", unique=True),
)

ws_login_attempts = Table(
    "ws_login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("name", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    Column("ok", Boolean, nullable=False),
    Index("ix_ws_login_attempts_name", "name", "at"),
    Index("ix_ws_login_attempts_address", "address", "at"),
)

ws_audit = Table(
    "ws_audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    #: The account name (kept as text, so the log outlives a removed account).
    Column("account", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("journal", String(64)),
    Column("issue", String(64)),
    Column("detail", Text, nullable=False, default=""),
    Index("ix_ws_audit_at", "at"),
)

ws_submissions = Table(
    "ws_submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    #: A random public identifier (URLs name it, so ids cannot be guessed in sequence).
    Column("key", String(32), nullable=False, unique=True),
    Column("account", String(64), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("journal", String(64), nullable=False),
    Column("issue", String(64), nullable=False),
    #: ``package`` (a zip) or ``files`` (article files and images added to the issue).
    Column("kind", String(16), nullable=False),
    #: [{"name", "size", "sha256"}] of the issue folder this submission would publish.
    Column("files", JSON, nullable=False),
    #: SHA-256 over the sorted (name, sha256) pairs: equal digests mean equal issue folders.
    Column("digest", String(64), nullable=False),
    #: {"errors", "warnings", "info", "articles": [{"file", "errors", "warnings"}]} of the report.
    Column("summary", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("published", DateTime),
    Column("published_by", String(64)),
    Index("ix_ws_submissions_issue", "journal", "issue", "created"),
)

TABLES = (ws_accounts, ws_account_journals, ws_login_attempts, ws_audit, ws_submissions)


def ensure_tables(engine: Engine) -> None:
    """Make the workspace tables (existing ones are kept)."""
    create_all(engine, metadata, tables=list(TABLES))
