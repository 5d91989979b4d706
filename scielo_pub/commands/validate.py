"""``scielo-pub validate PATH...`` in, a text, JSON or HTML report and an exit status out.

Exit status: 0 when no errors, 1 when errors were found, 2 when an input could not be read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check articles, issue folders and zip packages before publishing",
        description="Check article files (.xml, .sgm), issue folders and zip packages against "
        "their DTD (through offline XML catalogs) and the publication rules.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article file, folder or .zip")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text")
    parser.add_argument(
        "--lang", choices=("en", "pt", "es"), default="en", help="language of messages"
    )
    parser.add_argument(
        "--catalog",
        action="append",
        default=[],
        metavar="FILE",
        help="OASIS XML catalog mapping DTD identifiers to local files (repeatable; "
        "XML_CATALOG_FILES is honoured too)",
    )
    parser.add_argument(
        "--journal", metavar="TOML", help="journal.toml to use (found next to the input otherwise)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    parser.add_argument("--no-advice", action="store_true", help="text format: omit advice lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..dtd.report import to_json, to_text
    from ..dtd.report_html import to_html
    from ..dtd.validate import find_journal_config, validate_paths

    journal = None
    if args.journal:
        path = Path(args.journal)
        if not path.is_file():
            raise InputError(f"journal configuration {path} does not exist")
        journal = find_journal_config(path)
    report = validate_paths(args.paths, journal=journal, catalog=args.catalog, lang=args.lang)
    if args.format == "json":
        text = to_json(report)
    elif args.format == "html":
        text = to_html(report, lang=args.lang)
    else:
        text = to_text(report, advice=not args.no_advice)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return report.exit_code
