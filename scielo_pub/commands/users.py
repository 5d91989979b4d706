"""``scielo-pub users add|list|remove|passwd``: workspace accounts in the store, managed from a shell.

``users add NAME --role admin|editor [--journal ACRONYM ...] --password-stdin --site SITE`` creates an
account (the password is read from standard input, so scripts never put it on a command line); the
store is the one of ``--site`` (or ``--db URL``), where the served app's workspace reads accounts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..errors import ConfigError, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="manage the editors' workspace accounts")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=("admin", "editor"), required=True)
    add.add_argument("--journal", action="append", default=[], metavar="ACRONYM",
                     help="a journal the editor holds (repeatable)")  # fmt: skip
    add.add_argument("--lang", choices=("pt", "es", "en"), default="en",
                     help="the account's interface language (default en)")  # fmt: skip
    _password_option(add)
    listing = verbs.add_parser("list", help="list the accounts and their journals")
    remove = verbs.add_parser("remove", help="remove an account (its audit lines stay)")
    remove.add_argument("name")
    passwd = verbs.add_parser("passwd", help="set a new password (signs the account out)")
    passwd.add_argument("name")
    _password_option(passwd)
    for verb in (add, listing, remove, passwd):
        verb.add_argument("--site", type=Path, help="the built site whose store holds the accounts")
        verb.add_argument("--db", metavar="URL", help="the store URL (instead of --site)")
    p.set_defaults(func=run)


def _password_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input (first line)")  # fmt: skip


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError("give --password-stdin to read the password from a pipe")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise InputError("the passwords differ")
    return first


def _engine(args: argparse.Namespace):
    from ..store import connect, default_url
    from ..store.workspace_schema import ensure_tables

    if args.db is None and (args.site is None or not args.site.is_dir()):
        raise ConfigError("give --site SITE (a built site folder) or --db URL")
    engine = connect(args.db or default_url(args.site))
    ensure_tables(engine)
    return engine


def run(args: argparse.Namespace) -> int:
    from ..workspace import accounts

    engine = _engine(args)
    try:
        with engine.begin() as conn:
            if args.verb == "add":
                accounts.add(conn, args.name, args.role, args.journal, _password(args), args.lang)
                accounts.audit(conn, "(shell)", "local", "account-add", detail=args.name)
                print(f"added {args.role} {args.name}")
            elif args.verb == "remove":
                accounts.remove(conn, args.name)
                accounts.audit(conn, "(shell)", "local", "account-remove", detail=args.name)
                print(f"removed {args.name}")
            elif args.verb == "passwd":
                accounts.set_password(conn, args.name, _password(args))
                accounts.audit(conn, "(shell)", "local", "account-passwd", detail=args.name)
                print(f"password of {args.name} changed")
            else:
                for account in accounts.listing(conn):
                    held = " ".join(account.journals) if not account.is_admin else "(all)"
                    print(f"{account.name}\t{account.role}\t{account.lang}\t{held}")
    finally:
        engine.dispose()
    return 0
