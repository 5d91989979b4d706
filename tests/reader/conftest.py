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
