"""A site too big for one sitemap gets a sitemap index and one sitemap per journal (journal tasks)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from scielo_pub.build import build
from scielo_pub.collection import discover
from scielo_pub.executors import LocalExecutor
from scielo_pub.render import sitemaps

DEMO = Path(__file__).resolve().parent.parent / "collections" / "demo"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(path: Path) -> list[str]:
    return etree.parse(str(path)).xpath("//s:url/s:loc/text()", namespaces=NS)


def test_big_site_gets_a_sitemap_index_per_journal(tmp_path, monkeypatch):
    build(DEMO, tmp_path / "one", executor=LocalExecutor(1))
    whole = _locs(tmp_path / "one" / "sitemap.xml")
    assert len(whole) > 20 and not (tmp_path / "one" / "sitemap-collection.xml").exists()

    monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", 10)
    out = tmp_path / "split"
    build(DEMO, out, executor=LocalExecutor(2))
    index = etree.parse(str(out / "sitemap.xml"))
    assert index.getroot().tag == f"{{{NS['s']}}}sitemapindex"
    maps = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    base = discover(DEMO).collection.base_url
    assert maps == [
        f"{base}sitemap-collection.xml",
        f"{base}j/ecl/sitemap.xml",
        f"{base}j/rsd/sitemap.xml",
    ]
    pieces = [_locs(out / m.removeprefix(base)) for m in maps]
    assert all(len(p) < len(whole) for p in pieces)
    assert set().union(*pieces) == set(whole)
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text()
