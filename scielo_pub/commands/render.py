"""``scielo-pub render ARTICLE_FILE -o DIR [--pdf]``: one article's pages (and PDFs) for an editor's preview."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render one article (full text, abstracts, PDFs) for preview")
    p.add_argument(
        "article", type=Path, nargs="+", help="SciELO PS XML or SciELO Markup SGML file(s)"
    )
    p.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    p.add_argument("--pdf", action="store_true", help="also render the PDF of every language")
    p.add_argument("--dtd", type=Path, default=None, help="SGML DTD the Markup file follows")
    p.add_argument("--catalog", type=Path, default=None, help="SGML/XML catalog for the DTD")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..markup.readers import ReadOptions
    from ..render.site import write_site
    from ..render.standalone import load_articles
    from ..render.urls import fulltext

    options = ReadOptions(
        dtd=str(args.dtd) if args.dtd else None, catalog=str(args.catalog) if args.catalog else None
    )
    loaded = load_articles(list(args.article), options, refuse_errors=True)
    for diag in loaded.diagnostics:
        print(diag.format(), file=sys.stderr)
    if not loaded.content.articles:
        print("nothing to render: fix the errors above and try again", file=sys.stderr)
        return 1
    report = write_site(loaded.content, args.out, jobs=args.jobs, pdf=args.pdf)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    for item in loaded.content.articles:
        for lang in item.article.languages or (item.article.language or "",):
            print(args.out / fulltext(item, lang))
    return 1 if report.problems else 0
