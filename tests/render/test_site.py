"""The demo site: pages, links, machine-facing metadata, feeds and stable URLs."""

from __future__ import annotations

import json
import posixpath
from urllib.parse import urlsplit

import lxml.etree as etree
import pytest

from scielo_pub.render import urls

from .conftest import parse


def _article_pages(site):
    return sorted(
        p
        for p in (site / "j").rglob("*.html")
        if p.parent.name not in ("", "j") and p.name[:2] in ("pt", "es", "en")
    )


def test_home_lists_journals_alphabetically_and_by_subject(demo_site, demo_content):
    page = parse(demo_site / "index.html")
    titles = page.xpath("//section[h2[@id='alpha']]//li/a/text()")
    assert titles == sorted((j.title for j in demo_content.journals), key=str.casefold)
    assert page.xpath("//section[h2[@id='subjects']]/h3")
    assert {p.name for p in demo_site.glob("index*.html")} == {
        "index.html",
        "index.en.html",
        "index.es.html",
    }
    assert parse(demo_site / "index.en.html").get("lang") == "en"


def test_journal_home_has_issn_publisher_and_issues_by_year(demo_site, demo_content):
    for journal in demo_content.journals:
        page = parse(demo_site / urls.journal_dir(journal) / "index.html")
        stats = page.xpath("//a[starts-with(@href, '../../stats/citations/')]/@href")
        assert stats == [f"../../stats/citations/{journal.acronym}/index.html"]  # no query: a
        # plain web server answers it (the build writes the page; the served app answers it too)
        facts = page.xpath("string(//dl[@class='journal-facts'])")
        for issn in filter(None, (journal.issn_print, journal.issn_electronic)):
            assert issn in facts
        years = [int(y) for y in page.xpath("//section[h2[@id='issues']]//h3/text()")]
        assert years == sorted(years, reverse=True) and years


def test_toc_sections_follow_issue_order_and_link_every_language(demo_site, demo_content):
    for issue in demo_content.issues:
        items = demo_content.issue_articles(issue)
        if not items:
            continue
        page = parse(demo_site / urls.issue_dir(issue) / "index.html")
        shown = page.xpath("//section[@class='toc-section']/h2/text()")
        declared = [s for s in issue.sections if s in shown]
        assert shown[: len(declared)] == declared
        for item in items:
            targets = _targets(demo_site, demo_site / urls.issue_dir(issue) / "index.html")
            for lang in item.article.languages:
                assert urls.fulltext(item, lang) in targets, (item.source.path.name, lang)


def _targets(site, page) -> set[str]:
    base = posixpath.dirname(page.relative_to(site).as_posix())
    return {
        posixpath.normpath(posixpath.join(base, h))
        for h in parse(page).xpath("//a/@href")
        if "://" not in h
    }


SERVED_ROUTES = ("stats/",)


def test_every_internal_link_and_image_resolves(demo_site):
    missing = []
    for page in demo_site.rglob("*.html"):
        doc = parse(page)
        for ref in doc.xpath("//a/@href | //img/@src | //link[@rel='stylesheet']/@href"):
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = posixpath.normpath(
                posixpath.join(
                    posixpath.dirname(page.relative_to(demo_site).as_posix()), parts.path
                )
            )
            if target.startswith(SERVED_ROUTES):
                continue  # pages the served app makes (scielo_pub.site), not files
            if not (demo_site / target).exists():
                missing.append((page.relative_to(demo_site).as_posix(), ref))
    assert not missing, missing[:10]


def test_in_page_anchors_exist(demo_site):
    broken = []
    for page in _article_pages(demo_site):
        doc = parse(page)
        ids = set(doc.xpath("//@id"))
        broken += [
            (page.name, h) for h in doc.xpath("//a/@href[starts-with(., '#')]") if h[1:] not in ids
        ]
    assert not broken, broken[:10]


def test_article_page_parts(demo_site, demo_content):
    item = max(demo_content.articles, key=lambda a: len(a.article.references))
    page = parse(demo_site / urls.fulltext(item, item.article.language))
    assert page.xpath("string(//h1[@class='article-title'])").strip()
    assert page.xpath("//ul[@class='contributors']/li")
    orcids = [c.orcid for c in item.article.authors if c.orcid]
    assert len(page.xpath("//a[@class='orcid']")) == len(orcids)
    assert page.xpath("//section[contains(@class,'abstract')]")
    assert set(page.xpath("//section[@class='how-to-cite']//dt/text()")) == {
        "ABNT",
        "Vancouver",
        "APA",
    }
    refs = page.xpath("//ol[contains(concat(' ',@class,' '),' ref-list ')]/li")
    assert len(refs) == len(item.article.references)
    assert page.xpath(
        "//ol[contains(concat(' ',@class,' '),' ref-list ')]//span[@class='backlinks']/a"
    )
    assert page.xpath("//a[@class='xref xref-bibr']")
    downloads = page.xpath("//aside[@class='article-tools']//a/@href")
    assert any(h.endswith(".xml") for h in downloads) and any(h.endswith(".ris") for h in downloads)


def test_language_switcher_links_translations(demo_site, demo_content):
    item = next((a for a in demo_content.articles if len(a.article.languages) > 1), None)
    if item is None:
        pytest.skip("no translated demo article")
    page = parse(demo_site / urls.fulltext(item, item.article.language))
    links = page.xpath("//nav[@class='article-langs']//a/@hreflang")
    assert set(links) == set(item.article.languages) - {item.article.language}


def test_highwire_dublin_core_and_json_ld(demo_site, demo_content):
    for item in demo_content.articles:
        a = item.article
        page = parse(demo_site / urls.fulltext(item, a.language))
        meta = {}
        for m in page.xpath("//meta[@name]"):
            meta.setdefault(m.get("name"), []).append(m.get("content"))
        assert meta["citation_title"][0]
        assert len(meta.get("citation_author", [])) == len(a.authors)
        if a.doi:
            assert meta["citation_doi"] == [a.doi]
        if a.fpage:
            assert meta["citation_firstpage"] == [a.fpage]
        assert meta["citation_language"] == [a.language]
        assert len(meta.get("citation_reference", [])) == len(a.references)
        assert "DC.title" in meta and "DC.language" in meta
        data = json.loads(page.xpath("string(//script[@type='application/ld+json'])"))
        assert data["@type"] == "ScholarlyArticle" and data["inLanguage"] == a.language
        assert page.xpath("//link[@rel='canonical']/@href")[0].startswith("http")


def test_abstract_pages_exist_per_abstract_language(demo_site, demo_content):
    for item in demo_content.articles:
        for lang in item.article.abstracts:
            page = parse(demo_site / urls.abstract(item, lang))
            assert page.xpath(f"//section[@class='abstract'][@lang='{lang}']")
            assert page.xpath("//meta[@name='citation_abstract_html_url']")


def test_sitemap_feed_and_stable_urls(demo_site, demo_content):
    sitemap = etree.parse(str(demo_site / "sitemap.xml"))
    locs = sitemap.xpath(
        "//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    )
    assert len(locs) >= sum(len(a.article.languages) for a in demo_content.articles)
    for journal in demo_content.journals:
        feed = etree.parse(str(demo_site / urls.feed(journal)))
        entries = feed.xpath("//a:entry", namespaces={"a": "http://www.w3.org/2005/Atom"})
        assert len(entries) == sum(
            1 for a in demo_content.articles if a.source.journal.acronym == journal.acronym
        )
    for item in demo_content.articles:
        for path in filter(
            None,
            (
                item.article.pid and urls.by_pid(item.article.pid),
                item.article.doi and urls.by_doi(item.article.doi),
            ),
        ):
            page = parse(demo_site / path)
            assert page.xpath("//meta[@http-equiv='refresh']")
            assert page.xpath("//link[@rel='canonical']/@href")[0].endswith(
                urls.fulltext(item, item.article.language)
            )


def test_no_script_handlers_or_javascript_urls_anywhere(demo_site):
    for page in demo_site.rglob("*.html"):
        doc = parse(page)
        # only JSON-LD data and the project's own script files (static/site.js, and the static
        # search page's static/search.js), never inline code
        scripts = doc.xpath("//script[not(@type='application/ld+json')]")
        own = ("static/site.js", "static/search.js")
        assert all(s.get("src", "").endswith(own) and not s.text for s in scripts), page
        assert not [a for a in doc.xpath("//@*") if a.attrname.lower().startswith("on")], page
        urls_ = doc.xpath("//@href | //@src")
        assert not [
            u for u in urls_ if u.strip().lower().startswith(("javascript:", "vbscript:"))
        ], page
