"""``scielo-pub build COLLECTION [-o OUT]``: build a collection's site; exit 1 when an article failed.

Diagnostics go to stderr as ``path:line:col: severity: message [code]``: those of the articles and
issue folders read this time, one per line (``-q``: errors and warnings only); those of articles
unchanged since the last build are counted in one line, and ``--all-diagnostics`` prints every one
of them after the build, as the read cache recorded them. An unchanged issue folder's errors are
printed again (they keep articles out of the site, listed under "not published").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import Severity


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
        "--db",
        default=None,
        metavar="URL",
        help="the collection store: postgresql://USER@HOST/DB or a SQLite file "
        "(default: OUT/.scielo-pub/store.sqlite); a PostgreSQL store holds the citation index too",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run the tasks on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786); "
        "OUT must be on a filesystem every worker reaches (see docs/SCALE.md)",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar (it is off anyway when piped), and no info-level diagnostics "
        "(counted in the summary line)",
    )
    p.add_argument(
        "--all-diagnostics",
        action="store_true",
        help="after the build, print every diagnostic of every article, the unchanged ones' "
        "included (a rebuild prints only those of the articles it read again, and counts the rest)",
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="public address the site is served from (canonical, hreflang, sitemap, feeds, "
        "LILACS links); default: base_url in collection.toml",
    )
    p.add_argument(
        "--timings",
        action="store_true",
        help="print each stage's wall and CPU seconds after the build (where a rebuild's time goes)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..build import build
    from ..executors import executor_for, progress_wanted
    from ..heap import settle

    settle()
    out = args.out or Path("build") / args.collection.resolve().name
    if args.db:
        from ..store import check_url

        check_url(args.db)
    try:
        executor = executor_for(
            jobs=args.jobs, dask=args.dask, progress=progress_wanted(args.quiet)
        )
    except (OSError, TimeoutError, ValueError) as exc:
        print(
            f"scielo-pub build: cannot reach the Dask scheduler {args.dask}: {exc}", file=sys.stderr
        )
        return 2
    if args.dask:
        print(f"Dask: {executor.name}", file=sys.stderr)
        if executor.dashboard:
            print(f"Dask dashboard: {executor.dashboard}", file=sys.stderr)
    collection = args.collection
    if args.dask:  # workers read figures and write pages there: absolute paths, same on every host
        collection, out = collection.resolve(), out.resolve()
    lines = _Lines(quiet=args.quiet)
    with executor, lines:
        report = build(
            collection,
            out,
            jobs=args.jobs,
            pdf=args.pdf,
            report=lines.add,
            db=args.db,
            executor=executor,
            base_url=args.base_url,
        )
    if args.all_diagnostics:
        with _Lines() as every:
            for diag in report.diagnostics:
                every.add(diag)
    elif report.unchanged_summary():
        print(report.unchanged_summary(), file=sys.stderr)
    if lines.hidden and not args.all_diagnostics:
        print(f"{lines.hidden} infos not printed (-q)", file=sys.stderr)
    if report.failed:
        print("not published (fix the errors above):", file=sys.stderr)
        for path in report.failed:
            print(f"  {path}", file=sys.stderr)
    print(f"{report.summary()} -> {out}")
    if report.store:
        print(report.store)
    if args.timings:
        print(report.timings())
    return report.exit_code


class _Lines:
    """Diagnostics printed to stderr a thousand at a time (a clean build reports tens per article:
    one write each would cost more than the rest of the work on an article); ``quiet``: infos are
    counted in ``hidden``, not printed."""

    BATCH = 1000

    def __init__(self, quiet: bool = False) -> None:
        self.lines: list[str] = []
        self.quiet = quiet
        self.hidden = 0

    def add(self, diag) -> None:
        if self.quiet and diag.severity == Severity.INFO:
            self.hidden += 1
            return
        self.lines.append(diag.format())
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            sys.stderr.write("\n".join(self.lines) + "\n")
            sys.stderr.flush()
            self.lines = []

    def __enter__(self) -> _Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()
