"""``scielo-pub usage import|report``: access logs in, COUNTER R5.1 counts in the store; the store in,
COUNTER R5.1 reports (JSON or TSV) out."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..errors import ConfigError, Diagnostic, Severity


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("usage", help="import access logs, print COUNTER R5.1 usage reports")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")
    imp = verbs.add_parser("import", help="count access logs (combined format, plain or gzip)")
    _store_args(imp)
    imp.add_argument("-j", "--jobs", type=int, default=1, help="files scanned in parallel")
    imp.add_argument("--json", action="store_true", help="print the import report as JSON")
    imp.add_argument("--geoip", type=Path, metavar="MMDB",
                     help="a MaxMind country database (.mmdb); without it countries are unknown")  # fmt: skip
    imp.add_argument("logs", nargs="+", type=Path, metavar="LOG")
    imp.set_defaults(func=run_import)
    rep = verbs.add_parser("report", help="a COUNTER R5.1 report for a range of months")
    _store_args(rep)
    rep.add_argument(
        "--report",
        required=True,
        type=str.upper,
        help="PR, PR_P1, TR, TR_J1, TR_J3, TR_J4, IR or IR_A1",
    )
    rep.add_argument("--begin", required=True, help="first month, YYYY-MM")
    rep.add_argument("--end", required=True, help="last month, YYYY-MM")
    rep.add_argument("--format", choices=("json", "tsv"), default="json")
    rep.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    rep.set_defaults(func=run_report)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def _store_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", required=True, type=Path, help="the built site folder")
    p.add_argument("--db", help="store URL (default: the SQLite store of --site)")


def _engine(args: argparse.Namespace):
    from ..store import (
        connect,
        default_url,
        usage_schema,  # noqa: F401  (adds the usage tables to the metadata)
    )

    if args.db is None and not args.site.is_dir():
        raise ConfigError(f"{args.site} is not a folder; give the built site or --db URL.")
    return connect(args.db or default_url(args.site))


def run_import(args: argparse.Namespace) -> int:
    from ..usage.importer import import_logs

    engine = _engine(args)
    try:
        report = import_logs(engine, args.logs, jobs=max(1, args.jobs), geoip=args.geoip)
    finally:
        engine.dispose()
    status = 0
    for f in report.files:
        if f.status == "unreadable":
            diag = Diagnostic(
                f.path, 1, 1, Severity.ERROR, f.message, "usage-unreadable", "package"
            )
            print(diag.format(), file=sys.stderr)
            status = 2
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(format_import_report(report.to_json()))
    return status


def format_import_report(data: dict) -> str:
    lines = [f"robot list: {data['robots_list']}"]
    for f in data["files"]:
        lines.append(f"{f['path']}: {f['status']}, {f['lines_read']} lines, {f['kept']} kept"
                     + (f" ({f['message']})" if f["message"] else ""))  # fmt: skip
    lines.append(f"lines read: {data['lines_read']}")
    lines.append(f"kept (actions on items): {data['kept']}")
    lines.append(f"robot hits on items (kept, flagged, not counted): {data['robot_hits_on_items']}")
    lines.append(f"platform searches: {data['searches']}")
    for reason, n in data["ignored"].items():
        lines.append(f"ignored, {reason.replace('_', ' ')}: {n}")
    lines.append("months recomputed: " + (", ".join(data["months_recomputed"]) or "none"))
    return "\n".join(lines)


def _month(text: str, name: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise ConfigError(f"--{name} {text!r} is not a month (YYYY-MM).")
    return f"{m[1]}-{m[2]}"


def run_report(args: argparse.Namespace) -> int:
    from ..usage.aggregate import robots_report, store_report
    from ..usage.reports import SPECS
    from ..usage.tsv import to_tsv

    if args.report not in SPECS and args.report != "ROBOTS":
        raise ConfigError(f"--report {args.report}: choose one of {', '.join(SPECS)} or ROBOTS.")
    begin, end = _month(args.begin, "begin"), _month(args.end, "end")
    if begin > end:
        raise ConfigError(f"--begin {begin} is after --end {end}.")
    engine = _engine(args)
    try:
        if args.report == "ROBOTS":
            report = robots_report(engine, begin, end)
        else:
            report = store_report(engine, args.report, begin, end)
    finally:
        engine.dispose()
    if args.format == "json":
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    elif args.report == "ROBOTS":
        text = _robots_tsv(report)
    else:
        text = to_tsv(report)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _robots_tsv(report: dict) -> str:
    lines = [f"Robot list\t{report['robot_list']}", "",
             "Month\tArticle_ID\tPID\tTitle\tRobot_Hits\tInvestigations\tRobot_Share"]  # fmt: skip
    for m in report["months"]:
        lines.append(
            f"{m['month']}\t\t\t(all articles)\t{m['robot_hits']}\t{m['investigations']}\t{m['robot_share']}"
        )
    for a in report["articles"]:
        title = a["title"].replace("\t", " ")
        lines.append(f"{a['month']}\t{a['article_id']}\t{a['pid']}\t{title}\t{a['robot_hits']}\t"
                     f"{a['investigations']}\t{a['robot_share']}")  # fmt: skip
    return "\n".join(lines) + "\n"
