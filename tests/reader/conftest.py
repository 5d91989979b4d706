"""The demo collection built once (HTML only, through the orchestrator) for the reader's-site tests."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from scielo_pub.build import build

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "collections" / "demo"


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """``(report, out)`` of ``build collections/demo --no-pdf`` into a temporary folder."""
    out = tmp_path_factory.mktemp("reader-demo")
    report = build(DEMO, out, jobs=1, pdf=False)
    assert not report.failed, report.failed
    return report, out


@pytest.fixture(scope="session")
def site(demo_build) -> Path:
    return demo_build[1]


def parse(path: Path):
    return lxml.html.parse(str(path)).getroot()


def fulltext_pages(site: Path) -> list[Path]:
    """Every article full-text page (``j/<journal>/<issue>/<article>/<lang>.html``)."""
    return sorted(p for p in site.glob("j/*/*/*/*.html") if not p.name.startswith("abstract"))


def abstract_pages(site: Path) -> list[Path]:
    return sorted(site.glob("j/*/*/*/abstract.*.html"))


def open_page(browser, path: Path | str, width: int = 1280, *, javascript: bool = True):
    """A browser page at ``width`` px showing ``path`` (a file or a URL), with its console errors."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path if isinstance(path, str) else path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


def measured_pages(site: Path) -> dict[str, Path]:
    """The pages the reader's-site measures are taken on: home, a table of contents, an article's
    full text and its abstract page (the demo's richest article: figures, tables, formulas)."""
    richest = max(fulltext_pages(site), key=lambda p: p.stat().st_size)
    abstract = next(iter(sorted(richest.parent.glob(f"abstract.{richest.stem}.html"))), None)
    abstract = abstract or sorted(richest.parent.glob("abstract.*.html"))[0]
    return {
        "home": site / "index.html",
        "toc": richest.parent.parent / "index.html",
        "article": richest,
        "abstract": abstract,
    }


@pytest.fixture(scope="session")
def served(site):
    """The built demo over HTTP on 127.0.0.1 (a free port): ``(base URL, site folder)``."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()


def page_urls(served) -> dict[str, str]:
    """The measured pages as URLs of the served demo."""
    base, site = served
    return {k: base + p.relative_to(site).as_posix() for k, p in measured_pages(site).items()}
