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
        help="catalog mapping DTD identifiers to local files (repeatable): an OASIS XML catalog "
        "for XML (XML_CATALOG_FILES is honoured too) or an SGML Open catalog for SGML",
    )
    parser.add_argument("--dtd", metavar="FILE", help="SGML DTD for articles outside a journal")
    parser.add_argument("--encoding", help="override the detected encoding of SGML input")
    parser.add_argument(
        "--journal", metavar="TOML", help="journal.toml to use (found next to the input otherwise)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    parser.add_argument("--no-advice", action="store_true", help="text format: omit advice lines")
    parser.add_argument(
        "--schematron",
        action="store_true",
        help="also run SciELO's own Schematron (scielo-style, installed by 'scielo-pub dtds "
        "install'); its findings are warnings: a second opinion",
    )
    parser.set_defaults(func=run)


def is_xml_catalog(path: Path) -> bool:
    """OASIS XML catalogs are XML documents; SGML Open catalogs are plain text."""
    try:
        head = path.read_bytes()[:512].lstrip()
    except OSError as exc:
        raise InputError(f"cannot read catalog {path}: {exc.strerror}") from None
    return head.startswith(b"<")


def run(args: argparse.Namespace) -> int:
    from ..dtd.report import to_json, to_text
    from ..dtd.validate import find_journal_config, validate_paths

    journal = None
    if args.journal:
        path = Path(args.journal)
        if not path.is_file():
            raise InputError(f"journal configuration {path} does not exist")
        journal = find_journal_config(path)
    xml_catalogs = [c for c in args.catalog if is_xml_catalog(Path(c))]
    sgml_catalogs = [c for c in args.catalog if c not in xml_catalogs]
    if len(sgml_catalogs) > 1:
        raise InputError("give at most one SGML Open catalog with --catalog")
    sgml = {
        "sgml_dtd": args.dtd,
        "sgml_catalog": sgml_catalogs[0] if sgml_catalogs else None,
        "encoding": args.encoding,
    }
    report = validate_paths(
        args.paths, journal=journal, catalog=xml_catalogs, lang=args.lang, sgml=sgml
    )
    if args.schematron:
        from ..dtd.schematron import with_schematron

        report = with_schematron(report)
    if args.format == "json":
        text = to_json(report)
    elif args.format == "html":
        from ..dtd.report_html import to_html

        text = to_html(report, lang=args.lang)
    else:
        text = to_text(report, advice=not args.no_advice)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return report.exit_code
