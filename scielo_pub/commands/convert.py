"""``scielo-pub convert IN -o OUT.xml`` in (a SciELO Markup SGML file), a SciELO PS XML file out.

The file goes through the same read -> check -> model path as the build (``publish.process``), so
the publication-rule problems are printed too. Exit status: 0 when converted without errors in the
Markup, 1 when converted but the SGML had errors (the output is still written), 2 when nothing
could be converted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lxml import etree

from ..errors import InputError, ParseError


class ConversionError(ParseError):
    """Nothing could be converted (no DTD, or no document element found)."""

    exit_code = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert a SciELO Markup (SGML) article to SciELO PS XML",
        description="Parse a SciELO Markup file (bracket tags, Latin-1 or UTF-8) with its DTD and "
        "write the article as SciELO PS (JATS Publishing 1.1) XML.",
    )
    parser.add_argument("input", metavar="IN", help="the .sgm/.txt Markup file")
    parser.add_argument(
        "-o", "--output", metavar="OUT.xml", required=True, help="XML file to write"
    )
    parser.add_argument(
        "--dtd",
        metavar="FILE",
        help="DTD file, or a name from the project's dtds/ (art4_0, text4_0, doc4_0); "
        "default: the catalog's DOCTYPE entry for the document element",
    )
    parser.add_argument(
        "--catalog", metavar="FILE", help="SGML Open catalog (default: the project's dtds/catalog)"
    )
    parser.add_argument("--encoding", metavar="E", help="input encoding (default: detected)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..publish import command_config, process

    source = Path(args.input)
    if not source.exists():
        raise InputError(f"{source} does not exist; give the path of a Markup (.sgm) file")
    config = command_config(source, dtd=args.dtd, catalog=args.catalog, encoding=args.encoding)
    result = process(source, config)  # read -> check -> model, as the build does
    for diag in result.diagnostics:
        if diag.is_error or not args.quiet:
            print(diag.format(), file=sys.stderr)
    if result.tree is None:
        raise ConversionError(f"{source} could not be converted; see the messages above")
    Path(args.output).write_bytes(
        etree.tostring(result.tree, xml_declaration=True, encoding="utf-8", pretty_print=True)
    )
    # the exit status is about the Markup (reading, DTD); rule errors are printed for the editor
    return 1 if any(d.is_error and d.kind == "structure" for d in result.diagnostics) else 0
