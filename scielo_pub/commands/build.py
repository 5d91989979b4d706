"""``scielo-pub build COLLECTION [-o OUT]``: build a collection's site; exit 1 when an article failed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build a collection into a static site")
    p.add_argument("collection", type=Path, help="collection folder (holds collection.toml)")
    p.add_argument(
        "-o", "--out", type=Path, default=None, help="output folder (default: build/NAME)"
    )
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    p.add_argument(
        "--pdf",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="render a PDF per article and language (default; --no-pdf for a quick HTML-only build)",
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="public address the site is served from (canonical, hreflang, sitemap, feeds, "
        "LILACS links); default: base_url in collection.toml",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..build import build

    out = args.out or Path("build") / args.collection.resolve().name
    report = build(
        args.collection,
        out,
        jobs=args.jobs,
        pdf=args.pdf,
        report=lambda d: print(d.format(), file=sys.stderr),
        base_url=args.base_url,
    )
    if report.failed:
        print("not published (fix the errors above):", file=sys.stderr)
        for path in report.failed:
            print(f"  {path}", file=sys.stderr)
    print(f"{report.summary()} -> {out}")
    return report.exit_code
