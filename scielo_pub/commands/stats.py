"""``scielo-pub stats citations``: SciELO's journal citation indicators from the collection store.

``stats citations --site SITE`` (the store beside a built site) or ``--db URL``; ``--journal`` (ISSN
or acronym) and ``--year`` narrow the report; ``--format json`` (default) or ``csv``. Journal
references not yet assigned to a serial are matched first (docs/INDICATORS.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ConfigError, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="citation statistics (SciELO's bibliometric indicators)")
    actions = p.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    c = actions.add_parser(
        "citations", help="impact factors, immediacy, half-lives per journal/year"
    )
    add_store_options(c)
    c.add_argument("--journal", help="one journal: any of its ISSNs, or its acronym")
    c.add_argument("--year", type=int, help="one base year")
    c.add_argument("--format", choices=("json", "csv"), default="json")
    c.add_argument(
        "--citable",
        default=None,
        metavar="TYPES",
        help="comma-separated document types counted as citable items "
        "(default: research-article,review-article)",
    )
    c.set_defaults(func=run_citations)


def add_store_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, help="a built site folder (its store is used)")
    p.add_argument(
        "--db", metavar="URL", help="the collection store (PostgreSQL URL or SQLite file)"
    )


def open_store(args: argparse.Namespace):
    """The engine over the store ``--db`` or ``--site`` names (with the indicators' tables)."""
    from ..store import (
        connect,
        default_url,
        indicators_schema,  # noqa: F401  (adds the indicators' tables)
    )

    if args.db:
        return connect(args.db)
    if args.site is None:
        raise ConfigError("give --site SITE (a built site) or --db URL")
    url = default_url(args.site)
    if not Path(url.removeprefix("sqlite:///")).is_file():
        raise InputError(
            f"{args.site}: no store here; build the collection first (scielo-pub build)"
        )
    return connect(url)


def run_citations(args: argparse.Namespace) -> int:
    from ..indicators.formulas import CITABLE_TYPES
    from ..indicators.graph import find_journal
    from ..indicators.report import citation_report, refresh, to_csv

    engine = open_store(args)
    try:
        with engine.begin() as conn:
            refresh(conn)
            journals = None
            if args.journal:
                found = find_journal(conn, args.journal)
                if found is None:
                    raise ConfigError(f"no journal {args.journal!r} in the collection")
                journals = [found]
            types = CITABLE_TYPES if args.citable is None else {
                t.strip() for t in args.citable.split(",") if t.strip()
            }  # fmt: skip
            report = citation_report(conn, journals, args.year, types)
    finally:
        engine.dispose()
    if args.format == "csv":
        sys.stdout.write(to_csv(report))
    else:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0
