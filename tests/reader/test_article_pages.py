"""Article pages: one abstract on the full text (the others linked), abstract pages with breadcrumb
and affiliations."""

from __future__ import annotations

from .conftest import abstract_pages, fulltext_pages, parse


def test_fulltext_shows_its_own_abstract_and_links_the_others(site):
    linked = 0
    for path in fulltext_pages(site):
        page = parse(path)
        lang = page.get("lang")
        shown = page.xpath('//section[@class="abstract"]')
        assert len(shown) <= 1, path
        if shown and any(p.name == f"abstract.{lang}.html" for p in path.parent.iterdir()):
            assert shown[0].get("lang") == lang, path
        others = {p.name.split(".")[1] for p in path.parent.glob("abstract.*.html")}
        others -= {shown[0].get("lang")} if shown else set()
        links = page.xpath('//nav[@class="abstract-langs"]//a')
        assert {a.get("hreflang") for a in links} == others, path
        for a in links:
            assert (path.parent / a.get("href")).is_file()
        linked += len(links)
    assert linked


def test_abstract_page_has_breadcrumb_and_affiliations(site):
    pages = abstract_pages(site)
    assert pages
    for path in pages:
        page = parse(path)
        crumbs = page.xpath('//nav[@class="crumbs"]//a')
        assert len(crumbs) == 3, path
        for a in crumbs:
            assert (path.parent / a.get("href")).resolve().is_file(), (path, a.get("href"))
        full = parse(sorted(p for p in path.parent.glob("*.html") if "abstract" not in p.name)[0])
        expected = full.xpath('//section[@class="affiliations"]//li/@id')
        assert page.xpath('//section[@class="affiliations"]//li/@id') == expected, path
