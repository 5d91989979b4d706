"""``scielo-pub lilacs COLLECTION|ISSUE|ARTICLE_FILE... -o FILE``: articles in, one LILACS records file out.

A COLLECTION is a folder with ``collection.toml``; an ISSUE is a folder with ``issue.toml`` inside a
collection; article files (.xml, .sgm) inside a collection get their journal and issue from it, others
are exported with what the article itself says. Records breaking LILACS rules are written flagged as
LILACS-Express and every reason is printed; a core field (v10 v12 v14 v30 v35 v40 v65) the article does
not hold is reported with its cause (``lilacs-rule-missing``), and with ``--with-references`` a reference
whose record lacks authors, title or source, or year, or carries only the printed form, is noted with
the cause (``lilacs-reference-fields``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import Diagnostic, InputError

# The choices are spelled out here so that the command line starts without loading the LILACS
# writer (tests/security/test_startup.py checks that they match lilacs.FORMATS, ENCODINGS and
# LimitPolicy).
FORMAT_CHOICES = ("iso", "id", "json")
ENCODING_CHOICES = ("latin-1", "utf-8")
LIMIT_CHOICES = ("truncate", "reject")


def register(subparsers) -> None:
    p = subparsers.add_parser("lilacs", help="export LILACS records (ISIS ISO 2709, .id or JSON Lines)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("paths", nargs="+", metavar="COLLECTION|ISSUE|ARTICLE_FILE")
    p.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    p.add_argument(
        "--format", choices=FORMAT_CHOICES, help="iso (default; or from the -o suffix), id or json"
    )
    p.add_argument("--encoding", choices=ENCODING_CHOICES, default=None,
                   help="ISO and .id files: latin-1 (LILACS default; &#NNNN; for other characters) "
                   "or utf-8; JSON is always UTF-8 (RFC 8259)")  # fmt: skip
    p.add_argument(
        "--with-references", action="store_true", help="add one record per cited reference"
    )
    p.add_argument(
        "--with-serials", action="store_true", help="add one serial-level record per issue"
    )
    p.add_argument("--limits", choices=LIMIT_CHOICES, default="truncate",
                   help="fields over 9,998 bytes: truncate (marked, warned) or reject the record")  # fmt: skip
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from ..lilacs.export import export_articles
    from ..lilacs.formats import format_for_path, write_records
    from ..lilacs.limits import LimitPolicy

    sources, config, diagnostics = gather(args.paths)
    contexts = []
    for source in sources:
        ctx = read_context(source, diagnostics)
        if ctx is not None:
            contexts.append(ctx)
    export = export_articles(contexts, config, with_references=args.with_references,
                             with_serials=args.with_serials)  # fmt: skip
    fmt = args.format or format_for_path(str(args.output)) or "iso"
    if fmt == "json" and args.encoding not in (None, "utf-8"):
        raise InputError("JSON is UTF-8 (RFC 8259); leave out --encoding or give utf-8")
    args.encoding = "utf-8" if fmt == "json" else (args.encoding or "latin-1")
    written = write_records(
        export.records, fmt, args.encoding, LimitPolicy(args.limits), str(args.output)
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(written.data)
    for diag in diagnostics + export.diagnostics + written.diagnostics:
        print(diag.format(), file=sys.stderr)
    express = sum(1 for item in export.articles if item.express)
    print(f"{args.output}: {written.records} records ({len(export.articles)} articles, {express} LILACS-Express), "
          f"{fmt}, {args.encoding}", file=sys.stderr)  # fmt: skip
    return 1 if any(d.is_error for d in diagnostics + written.diagnostics) else 0


Source = tuple  # (Path, collection.ArticleSource | None)


def gather(paths: list[str]) -> tuple[list[Source], object, list[Diagnostic]]:
    """Article files with their collection context, and the collection's LILACS configuration."""
    from ..collection import discover
    from ..lilacs.config import LilacsConfig, config_from

    sources: list[Source] = []
    config: LilacsConfig | None = None
    diagnostics: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(
                f"{path} does not exist; give a collection folder, an issue folder or article files"
            )
        root = collection_root(path)
        if root is None:
            if path.is_dir():
                raise InputError(f"{path} is not inside a collection (no collection.toml above it)")
            sources.append((path, None))
            continue
        found = discover(root)
        diagnostics.extend(found.diagnostics)
        config = config or config_from(found.collection.lilacs, found.collection.base_url)
        target = path.resolve()
        for item in found.articles:
            where = item.path.resolve()
            if target == where or target in where.parents:
                sources.append((item.path, item))
    return sources, config or LilacsConfig(), diagnostics


def collection_root(path: Path) -> Path | None:
    """The folder holding ``collection.toml`` at or above ``path``."""
    for folder in [path.resolve(), *path.resolve().parents]:
        if (folder / "collection.toml").is_file():
            return folder
    return None


def read_context(source: Source, diagnostics: list[Diagnostic]):
    """Read, check and model one article file (``publish.process``, as the build does); an article
    the build would refuse is not exported and its errors are printed."""
    from ..lilacs.mapping import ArticleContext
    from ..publish import command_config, process, source_config

    path, item = source
    if item is not None:
        folder = item.issue.path.parent.parent if item.issue.path else None
        result = process(path, source_config(item.journal, folder), root=item.root)
    else:
        result = process(path, command_config(path))
    diagnostics.extend(d for d in result.diagnostics if d.is_error)
    if not result.ok or result.article is None:
        return None
    journal, issue = (item.journal, item.issue) if item else (None, None)
    return ArticleContext.of(result.article, journal, issue, result.tree)
