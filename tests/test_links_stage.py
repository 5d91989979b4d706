"""The build's links stage: references matched to the collection and configured databases; cited-by."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from lxml import html

from scielo_pub.build import build
from scielo_pub.markup.jats import read_xml
from scielo_pub.model import article_from_tree

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "collections" / "demo"
RSD = DEMO / "journals" / "rsd" / "issues"


def _model(path: Path):
    return article_from_tree(read_xml(path.read_bytes()).tree)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    report = build(DEMO, out, jobs=1, pdf=False)
    assert report.exit_code == 0, [d.format() for d in report.diagnostics if d.is_error]
    return out


def _page(site: Path, issue: str, stem: str, lang: str = "pt"):
    return html.parse(str(site / "j" / "rsd" / issue / stem / f"{lang}.html")).getroot()


def test_reference_to_a_collection_article_links_to_it(demo_site):
    cited = _model(RSD / "v12n1" / "2764-5010-rsd-12-01-0015.xml")
    page = _page(demo_site, "v12n2", "2764-5010-rsd-12-02-e00203")
    hrefs = [a.get("href") for a in page.xpath("//a[normalize-space()='SciELO']")]
    assert any(h.endswith(f"pid/{cited.pid}.html") for h in hrefs)
    assert (demo_site / "pid" / f"{cited.pid}.html").is_file()


def test_cited_article_lists_who_cites_it(demo_site):
    page = _page(demo_site, "v12n1", "2764-5010-rsd-12-01-0015")
    items = page.xpath("//section[@class='cited-by']//li/a")
    assert items, "the ABNT food-insecurity article is cited in v12n2"
    assert all("/pid/S2764-5010" in a.get("href") for a in items)


def test_graph_is_stored_beside_the_site(demo_site):
    with sqlite3.connect(demo_site / ".scielo-pub" / "citations.sqlite") as db:
        rows = db.execute(
            "SELECT COUNT(*) FROM biblio_citations WHERE target_db = 'scielo'"
        ).fetchone()
    assert rows[0] >= 3


def test_configured_crossref_file_is_imported_and_matched(tmp_path):
    """A reference without a DOI in its markup gets one from a Crossref record that matches it."""
    source = RSD / "v12n1" / "2764-5010-rsd-12-01-0015.xml"
    ref = next(
        r for r in _model(source).references if r.doi is None and r.article_title and r.volume
    )
    work = {
        "DOI": "10.5555/crossref-fixture.1",
        "title": [ref.article_title],
        "container-title": [ref.source],
        "volume": ref.volume,
        "issued": {"date-parts": [[int(ref.year)]]},
        "author": [{"family": a.surname, "given": a.given_names} for a in ref.authors if a.surname],
    }
    col = tmp_path / "col"
    issue = col / "journals" / "rsd" / "issues" / "v12n1"
    issue.mkdir(parents=True)
    shutil.copy(DEMO / "journals" / "rsd" / "journal.toml", col / "journals" / "rsd")
    shutil.copy(RSD / "v12n1" / "issue.toml", issue)
    shutil.copy(source, issue)
    (col / "crossref.json").write_text(json.dumps({"message": {"items": [work]}}), encoding="utf-8")
    (col / "collection.toml").write_text(
        (DEMO / "collection.toml").read_text(encoding="utf-8")
        + '\n[citations]\ncrossref = ["crossref.json"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    report = build(col, out, jobs=1, pdf=False)
    assert report.exit_code == 0, [d.format() for d in report.diagnostics if d.is_error]
    page = html.parse(str(out / "j/rsd/v12n1" / source.stem / "pt.html")).getroot()
    (item,) = page.xpath(f"//*[@id='{ref.id}']") or page.xpath(f"//li[contains(@id, '{ref.id}')]")
    assert "https://doi.org/10.5555/crossref-fixture.1" in item.xpath(".//a/@href")


def test_unknown_citations_key_is_a_positioned_config_error(tmp_path):
    col = tmp_path / "col"
    shutil.copytree(DEMO / "journals" / "ecl", col / "journals" / "ecl")
    (col / "collection.toml").write_text(
        '[collection]\nacronym = "x"\n[citations]\nscopus = ["a"]\n'
    )
    report = build(col, tmp_path / "site", jobs=1, pdf=False)
    (diag,) = [d for d in report.diagnostics if d.code == "config.citations"]
    assert "scopus" in diag.message and diag.path.endswith("collection.toml")
    assert report.published  # the rest is still built
