"""``scielo-pub inspect FILE [--json]``: one article file in, its model printed out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="print the model of one article file")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON (schema: docs/INSPECT_JSON.md)")
    p.add_argument("--dtd", help="SGML DTD (a name from dtds/ or a file)")
    p.add_argument("--catalog", help="SGML Open catalog for DTDs and entity sets")
    p.add_argument("--encoding", help="override the detected encoding of SGML input")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..model import article_from_tree
    from ..model.export import article_to_json
    from ..publish import command_config, process

    if not args.file.exists() and not args.file.is_symlink():
        raise InputError(f"cannot read {args.file}: no such file; check the path.")
    config = command_config(args.file, dtd=args.dtd, catalog=args.catalog, encoding=args.encoding)
    result = process(args.file, config)
    for diag in result.diagnostics:
        print(diag.format(), file=sys.stderr)
    if result.tree is None:
        return 1
    article = result.article or article_from_tree(result.tree, path=str(args.file))
    data = article_to_json(article)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(data)
    return 0 if result.ok else 1


def _print_text(data: dict) -> None:
    for key, value in data.items():
        if key == "references":
            print(f"references: {len(value)}")
            for ref in value:
                print(f"  [{ref['id']}] {ref['mixed_citation'] or ref['article_title'] or ''}")
        elif isinstance(value, (dict, list)):
            print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            print(f"{key}: {value if value is not None else '-'}")
