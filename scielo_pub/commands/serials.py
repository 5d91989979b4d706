"""``scielo-pub serials import|unmatched``: the serials registry that cited sources are matched to.

* ``serials import FILE [--manual]``: a CSV/TSV of journals (ISSN-L, title, variants; columns in
  docs/INDICATORS.md) into the registry; ``--manual`` marks the forms as the editor's manual
  additions (they win over automatic matching). Rows without an ISSN-L are reported and skipped
  (exit 1); every assignment is redone at the next ``stats citations``.
* ``serials unmatched [--limit N]``: the most cited sources that match no serial (TSV: references,
  normalised key, one printed form), to add as variants.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .stats import add_store_options, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serials", help="the serials registry cited sources are matched to")
    actions = p.add_subparsers(dest="serials_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="add journals and title variants from a CSV/TSV file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--manual", action="store_true", help="the editor's manual additions")
    add_store_options(imp)
    imp.set_defaults(func=run_import)
    un = actions.add_parser("unmatched", help="most cited sources that match no serial")
    un.add_argument("--limit", type=int, default=50)
    add_store_options(un)
    un.set_defaults(func=run_unmatched)


def run_import(args: argparse.Namespace) -> int:
    from ..indicators.graph import import_serials, reassign, sync_collection_serials
    from ..indicators.serials import read_serials_file

    rows, problems = read_serials_file(args.file, kind="manual" if args.manual else "user")
    for diag in problems:
        print(diag.format(), file=sys.stderr)
    engine = open_store(args)
    try:
        with engine.begin() as conn:
            sync_collection_serials(conn)
            n_serials, n_titles = import_serials(conn, rows)
            reassign(conn)
    finally:
        engine.dispose()
    print(f"{n_serials} serials, {n_titles} new title variants from {args.file}")
    return 1 if problems else 0


def run_unmatched(args: argparse.Namespace) -> int:
    from ..indicators.graph import method_counts, unmatched_sources
    from ..indicators.report import refresh

    engine = open_store(args)
    try:
        with engine.begin() as conn:
            refresh(conn)
            rows = unmatched_sources(conn, args.limit)
            methods = method_counts(conn)
    finally:
        engine.dispose()
    summary = ", ".join(f"{m} {n}" for m, n in sorted(methods.items()))
    print(f"# journal references by matching method: {summary or 'none'}", file=sys.stderr)
    print("references\tkey\tas cited")
    for n, key, example in rows:
        print(f"{n}\t{key}\t{example}")
    return 0
