"""A built site in, full-page screenshots of its home, a table of contents, an article and its
abstract page at 1280 px and 390 px out (PNG files in the given folder; playwright + Debian chromium).

Usage: ``python tools/demo_screenshots.py build/demo build/screenshots`` (``make demo-screenshots``).
The site is served on 127.0.0.1 at a free port while the screenshots are taken.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WIDTHS = (1280, 390)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def pages(site: Path) -> dict[str, Path]:
    """Home, the richest article's full text (the largest page), its abstract page and its issue."""
    articles = [p for p in site.glob("j/*/*/*/*.html") if not p.name.startswith("abstract")]
    if not articles:
        raise SystemExit(f"{site}: no article pages; build the collection first")
    richest = max(articles, key=lambda p: p.stat().st_size)
    abstracts = sorted(richest.parent.glob(f"abstract.{richest.stem}.html")) or sorted(
        richest.parent.glob("abstract.*.html")
    )
    found = {"home": site / "index.html", "toc": richest.parent.parent / "index.html",
             "article": richest}  # fmt: skip
    if abstracts:
        found["abstract"] = abstracts[0]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless=new", "--no-sandbox"]
            )
            for name, path in pages(args.site).items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(base + path.relative_to(args.site).as_posix())
                    target = args.out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    page.close()
                    print(target)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
