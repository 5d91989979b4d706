"""A built site in, a generated month of access logs for its articles written beside it and imported
into its store out, so the demo's usage pages, charts and SUSHI reports are not empty.

Usage: ``python tools/demo_usage.py build/demo [--lines N]``. The month is the last full calendar
month; the lines (readers, crawlers, page furniture, errors; see ``scielo_pub.usage.synth``) are the
same for the same month, so running it again imports nothing twice (the log's fingerprint is known).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from datetime import UTC, datetime
from pathlib import Path

from scielo_pub.store import connect, default_url
from scielo_pub.usage.catalog import load_catalog
from scielo_pub.usage.importer import import_logs
from scielo_pub.usage.synth import ArticleUrls, generate


def article_urls(catalog) -> list[ArticleUrls]:
    """This site's URLs of each article (and its classic SciELO URL when it has a PID v2)."""
    urls = []
    for item in catalog.items.values():
        base = f"/j/{item.journal.acronym}/{item.issue_folder}/{item.stem}/"
        lang = item.lang or "pt"
        classic = (f"/scielo.php?script=sci_arttext&pid={item.pid_v2}&tlng={lang}"
                   if item.pid_v2 else "")  # fmt: skip
        urls.append(ArticleUrls((f"{base}{lang}.html",), (f"{base}abstract.{lang}.html",),
                                (f"{base}{item.stem}-{lang}.pdf",), classic))  # fmt: skip
    return urls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--lines", type=int, default=60_000)
    args = parser.parse_args(argv)
    engine = connect(default_url(args.site))
    with engine.connect() as conn:
        catalog = load_catalog(conn)
    if not catalog.items:
        print(
            f"{args.site}: the store has no articles; run 'scielo-pub build' first", file=sys.stderr
        )
        return 2
    now = datetime.now(UTC)
    year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    log = args.site / ".scielo-pub" / "logs" / f"access-{year:04d}-{month:02d}.log.gz"
    log.parent.mkdir(parents=True, exist_ok=True)
    lines = generate(article_urls(catalog), int(start.timestamp()),
                     int((end - start).total_seconds()), args.lines, seed=year * 100 + month)  # fmt: skip
    with gzip.open(log, "wt", encoding="utf-8") as fh:
        for text in lines:
            fh.write(text + "\n")
    report = import_logs(engine, [log])
    engine.dispose()
    result = report.files[0]
    print(f"demo usage: {log}: {result.status} ({result.tally['read']:,} lines, "
          f"{result.tally['kept']:,} actions on articles); see /usage/ and /r51/ when served")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
