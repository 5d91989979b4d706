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


CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless=new", "--no-sandbox"]


@pytest.fixture(scope="session")
def browser():
    """Debian chromium driven by playwright (skips with the reason when either is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield instance
        instance.close()


def open_page(browser, path: Path, width: int = 1280, *, javascript: bool = True):
    """A browser page at ``width`` px showing ``path``, with the console errors it logs."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors
