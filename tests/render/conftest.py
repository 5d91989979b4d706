"""Fixtures for render tests: the demo collection loaded without validation, built sites, parsers."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from scielo_pub.render.site import write_site
from scielo_pub.render.standalone import load_articles

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "collections" / "demo"
DATA = Path(__file__).resolve().parent / "data"


def demo_paths() -> list[Path]:
    return sorted(p for p in (DEMO / "journals").rglob("*") if p.suffix in (".xml", ".sgm"))


@pytest.fixture(scope="session")
def demo_content():
    loaded = load_articles(demo_paths())
    if not loaded.content.articles:
        pytest.skip("no demo articles under collections/demo")
    return loaded.content


@pytest.fixture(scope="session")
def demo_site(demo_content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo-site")
    report = write_site(demo_content, out, jobs=1, pdf=False)
    assert not report.problems, report.problems
    return out


def parse(path: Path):
    return lxml.html.parse(str(path)).getroot()


@pytest.fixture(scope="session")
def real_site(shared_xml_files, tmp_path_factory):
    """The real articles of ../shared/data/xml and small own cases built as one HTML site."""
    paths = shared_xml_files + sorted(DATA.glob("*.xml"))
    loaded = load_articles(paths)
    out = tmp_path_factory.mktemp("real-site")
    report = write_site(loaded.content, out, jobs=1, pdf=False)
    assert not report.problems, report.problems
    return loaded.content, out
