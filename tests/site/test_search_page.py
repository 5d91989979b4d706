"""The /search page (pt/es/en) and the Atom feeds of searches, journals and subjects, checked by structure."""

from __future__ import annotations

import lxml.html
from lxml import etree

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return lxml.html.fromstring(response.get_data())


def test_results_facets_and_pages(client, demo_content):
    doc = page(client, "/search?q=ti:chile&size=2")
    hits = doc.xpath("//ol[@class='search-results']/li")
    assert len(hits) == 2
    assert all(h.xpath(".//p[@class='hit-title']/a/@href")[0].startswith("/j/") for h in hits)
    total = int(doc.xpath("string(//p[@class='search-total'])").split()[0])
    assert total > 2
    facet_links = doc.xpath("//aside[@class='search-facets']//a/@href")
    assert any("journal=" in href for href in facet_links)
    assert doc.xpath("//a[@rel='next']/@href") and not doc.xpath("//a[@rel='prev']")
    nxt = page(client, "/" + doc.xpath("//a[@rel='next']/@href")[0].lstrip("/"))
    assert nxt.xpath("//a[@rel='prev']")
    journal_link = next(h for h in facet_links if "journal=" in h)
    narrowed = page(client, "/" + journal_link.lstrip("/"))
    assert narrowed.xpath("//ul[@class='search-active']/li/a")  # the filter can be removed


def test_interface_languages(client):
    for ui, button in (("pt", "Pesquisar"), ("es", "Buscar"), ("en", "Search")):
        doc = page(client, f"/search?q=aves&ui={ui}")
        assert doc.get("lang") == ui
        assert doc.xpath("string(//form[@role='search']//button)") == button
        assert doc.xpath("//nav[@class='ui-lang']//*[@aria-current='page']/@lang") == [ui]


def test_a_bad_query_is_a_400_page_that_keeps_the_form(client):
    doc = page(client, "/search?q=%28aves&ui=en", 400)
    assert "never closed" in doc.xpath("string(//*[@role='alert'])")
    assert doc.xpath("//input[@id='q']/@value") == ["(aves"]
    assert doc.xpath("//input[@id='q']/@aria-invalid") == ["true"]


def test_no_script_and_escaped_query(client):
    doc = page(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert not doc.xpath("//script")
    assert doc.xpath("//input[@id='q']/@value") == ["<script>alert(1)</script>"]


def feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return etree.fromstring(response.get_data())


def test_search_journal_and_subject_feeds(client, demo_content):
    doc = feed(client, "/search/feed?q=ti:chile")
    entries = doc.xpath("a:entry", namespaces=ATOM)
    assert entries and len(entries) <= 20
    published = [e.xpath("string(a:published)", namespaces=ATOM) for e in entries]
    assert published == sorted(published, reverse=True)
    assert all(e.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM) for e in entries)
    acronym = demo_content.journals[0].acronym
    journal = feed(client, f"/search/feed?journal={acronym}")
    terms = set(journal.xpath("a:entry/a:category/@term", namespaces=ATOM))
    expected = sum(1 for i in demo_content.articles if i.source.journal.acronym == acronym)
    assert terms == {acronym} and len(journal.xpath("a:entry", namespaces=ATOM)) == expected
    assert demo_content.journals[0].title in journal.xpath("string(a:title)", namespaces=ATOM)
    subject = demo_content.journals[0].subject_areas[0]
    by_subject = feed(client, f"/search/feed?subject={subject}")
    assert len(by_subject.xpath("a:entry", namespaces=ATOM)) >= expected


def test_bad_feed_requests_are_400(client):
    for url in ("/search/feed?q=NOT+x", "/search/feed", "/search/feed?q=a&year=abc"):
        response = client.get(url)
        assert response.status_code == 400 and response.get_data(as_text=True).strip()


def test_the_static_search_paths_are_answered_by_the_full_search(client):
    """The form of every built page points at ``search/index[.<ui>].html`` (the static site's own
    search page); served, those paths, ``/search`` and ``/search/`` all run the full search, the
    path's language first; the feed under ``/search/`` is still the feed."""
    totals = set()
    for url, ui in (("/search?q=dengue", "pt"), ("/search/?q=dengue", "pt"),
                    ("/search/index.html?q=dengue", "pt"),
                    ("/search/index.en.html?q=dengue&ui=en", "en"),
                    ("/search/index.es.html?q=dengue", "es")):  # fmt: skip
        doc = page(client, url)
        assert doc.get("lang") == ui, url
        totals.add(doc.xpath("string(//p[@class='search-total'])").split()[0])
        assert doc.xpath("//ol[@class='search-results']/li"), url
    assert len(totals) == 1 and int(totals.pop()) > 0
    assert client.get("/search/index.fr.html").status_code == 404
    assert client.get("/search/feed?q=dengue").mimetype == "application/atom+xml"
