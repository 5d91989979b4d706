"""``scielo-pub refs parse|import|match|graph``: printed references and bibliographic databases.

* ``refs parse``: one printed reference per line on standard input, one JSON object per line out
  (the field names of ``inspect --json`` references);
* ``refs import --db FILE|URL``: PubMed XML, Crossref JSON, LILACS (ISO/.id/JSON lines) or SciELO PS
  articles into the citation index (incremental: unchanged records are skipped);
* ``refs match --db FILE|URL``: printed references on standard input, fields + accepted matches +
  links + the explanation of every candidate out (JSON lines);
* ``refs graph --db FILE|URL ARTICLE.xml...``: the collection's cited-by graph.

``--db`` is a SQLite file (or ``sqlite:///PATH``) or a PostgreSQL URL (``postgresql://USER@HOST/DB``,
the same database as the collection store if you like: the index's tables are named ``biblio_*``).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from ..errors import InputError, ScieloPubError

_DB_HELP = "the citation index: a SQLite file (created when missing) or postgresql://USER@HOST/DB"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "refs",
        help="parse printed references, index bibliographic databases, match and link references",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="refs_command", metavar="ACTION", required=True)
    parse_p = sub.add_parser("parse", help="printed references (stdin, one per line) -> JSON lines")
    parse_p.set_defaults(func=_parse)
    imp = sub.add_parser("import", help="import records into the local index")
    imp.add_argument("--db", required=True, metavar="FILE|URL", help=_DB_HELP)
    imp.add_argument(
        "--pubmed", action="append", type=Path, default=[], help="PubmedArticleSet XML"
    )
    imp.add_argument("--crossref", action="append", type=Path, default=[], help="Crossref JSON")
    imp.add_argument(
        "--lilacs", action="append", type=Path, default=[], help="LILACS .iso/.id/.jsonl"
    )
    imp.add_argument("--articles", nargs="*", type=Path, default=[], help="SciELO PS XML files")
    imp.set_defaults(func=_import)
    match = sub.add_parser("match", help="printed references (stdin) -> matches and links")
    match.add_argument("--db", required=True, metavar="FILE|URL", help=_DB_HELP)
    match.add_argument("--threshold", type=float, default=0.8)
    match.set_defaults(func=_match)
    graph = sub.add_parser("graph", help="build the cited-by graph of SciELO PS articles")
    graph.add_argument("--db", required=True, metavar="FILE|URL", help=_DB_HELP)
    graph.add_argument("articles", nargs="+", type=Path)
    graph.set_defaults(func=_graph)


@contextmanager
def _open_db(location: str):
    from sqlalchemy.exc import DBAPIError

    from ..citations.db import BiblioDB

    try:
        db = BiblioDB(location)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise InputError(
            f"{location} cannot be opened as a scielo-pub citation index ({reason}); "
            "give another --db file or URL"
        ) from exc
    try:
        yield db
    finally:
        db.close()


def _parse(args: argparse.Namespace) -> int:
    from ..citations.parse import parse_many

    for result in parse_many(line.rstrip("\n") for line in sys.stdin):
        print(json.dumps(result, ensure_ascii=False))
    return 0


def _articles(paths: list[Path]) -> list:
    from ..model import article_from_tree

    out = []
    for path in paths:
        try:
            out.append(article_from_tree(etree.parse(str(path), PARSER), path=str(path)))
        except (OSError, etree.XMLSyntaxError) as exc:
            print(
                f"{path}: error: cannot read this article ({exc}); fix or leave it out [refs-article]",
                file=sys.stderr,
            )
    return out


def _import(args: argparse.Namespace) -> int:
    from ..citations import importers

    jobs = [(p, lambda p: importers.records_from_pubmed_xml(p.read_bytes())) for p in args.pubmed]
    jobs += [(p, lambda p: importers.records_from_crossref(p.read_bytes())) for p in args.crossref]
    jobs += [(p, importers.read_lilacs_file) for p in args.lilacs]
    if not jobs and not args.articles:
        raise InputError(
            "nothing to import: give --pubmed, --crossref, --lilacs or --articles files"
        )
    status = 0
    with _open_db(args.db) as db:
        for path, reader in jobs:
            try:
                stats = db.upsert(reader(path))
            except (OSError, ValueError, etree.XMLSyntaxError, ScieloPubError) as exc:
                print(
                    f"{path}: error: {exc}; check the file's format [refs-import]", file=sys.stderr
                )
                status = 1
                continue
            print(
                f"{path}: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged"
            )
        if args.articles:
            stats = db.upsert(importers.records_from_articles(_articles(args.articles)))
            print(
                f"articles: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged"
            )
    return status


def _match(args: argparse.Namespace) -> int:
    from ..citations import Matcher, reference_links
    from ..citations.parse import parse
    from ..citations.resolver import as_json

    if "://" not in args.db and not Path(args.db).is_file():
        raise InputError(f"{args.db} does not exist; build it first with `scielo-pub refs import`")
    with _open_db(args.db) as db:
        matcher = Matcher(db, args.threshold)
        for line in sys.stdin:
            ref = parse(line.rstrip("\n"))
            result = matcher.match(ref)
            ref["matches"] = {
                name: as_json(c.record) | {"score": c.score} for name, c in result.accepted.items()
            }
            ref["links"] = [
                {"label": link.label, "url": link.url} for link in reference_links(ref, result)
            ]
            ref["explanation"] = result.explain()
            print(json.dumps(ref, ensure_ascii=False))
    return 0


def _graph(args: argparse.Namespace) -> int:
    from ..citations import build_citation_graph

    with _open_db(args.db) as db:
        stats = build_citation_graph(db, _articles(args.articles))
    print(f"{stats.articles} articles, {stats.references} references, {stats.linked} links stored")
    return 0
