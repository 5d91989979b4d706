"""Matching with explanations, reader links, the collection's cited-by graph, the offline resolver."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree

from scielo_pub.citations import BiblioDB, Matcher, build_citation_graph, cited_by, reference_links
from scielo_pub.citations.db import Record
from scielo_pub.citations.importers import (
    records_from_crossref,
    records_from_lilacs,
    records_from_pubmed_xml,
)
from scielo_pub.citations.parse import parse
from scielo_pub.citations.resolver import CrossrefResolver, ResolverDisabled
from scielo_pub.model import article_from_tree

FIXTURES = Path(__file__).parent / "fixtures"
VANCOUVER = (
    "Tavares MI, Rocha R, Gouveia D. Capacidade funcional entre trabalhadoras rurais do Nordeste. "
    "Rev Bras Saude Ocup. 2005;39(3):383-91."
)


@pytest.fixture
def db(store_url):  # a SQLite file, then a PostgreSQL database
    with BiblioDB(store_url) as handle:
        handle.upsert(records_from_pubmed_xml((FIXTURES / "pubmed_set.xml").read_bytes()))
        handle.upsert(records_from_crossref((FIXTURES / "crossref_list.json").read_text()))
        handle.upsert(
            records_from_lilacs(
                [
                    {2: "412345", 10: ["Tavares, Marta Cecília"], 30: "Rev. bras. saúde ocup.", 31: "39",
                     12: "Capacidade funcional entre trabalhadoras rurais do Nordeste^ipt", 14: "^f383^l391",
                     65: "20050600"},
                ]
            )
        )  # fmt: skip
        yield handle


def test_printed_reference_without_identifiers_matches_by_source_block(db):
    result = Matcher(db).match(parse(VANCOUVER))
    assert set(result.accepted) == {"medline", "lilacs"}
    best = result.accepted["medline"]
    assert best.block == "source+year+volume+page"
    assert best.score >= 0.95
    assert any("title similarity 1.00" in r for r in best.reasons)
    assert all(line.startswith(("accepted", "rejected")) for line in result.explain())


def test_doi_match_is_accepted_and_explained(db):
    ref = {
        "doi": "10.1038/523149a",
        "article_title": "Data analysis: create a cloud commons",
        "year": "2015",
    }
    result = Matcher(db).match(ref)
    cand = result.accepted["crossref"]
    assert cand.block == "doi" and cand.score == 1.0
    assert "doi equal" in cand.reasons


def test_shared_doi_with_other_title_and_year_is_rejected(db):
    ref = {
        "doi": "10.1038/523149a",
        "article_title": "Completely different subject matter here",
        "year": "1950",
    }
    result = Matcher(db).match(ref)
    assert result.accepted == {}
    assert "rejected" in result.candidates[0].explain()


def test_same_author_and_year_but_other_work_is_rejected(db):
    ref = parse(
        "Tavares MI. Desigualdades regionais na mortalidade infantil. Cad Saude Colet. 2005;21(1):10-20."
    )
    result = Matcher(db).match(ref)
    assert result.accepted == {}
    assert result.candidates and all(not c.accepted for c in result.candidates)
    assert any("title similarity" in r for r in result.candidates[0].reasons)


def test_reference_without_any_candidate_explains_so(db):
    result = Matcher(db).match(parse("Nobody X. Nothing at all. Imaginary J. 1901;1:1-2."))
    assert result.candidates == () and result.explain() == [
        "no candidate found by any blocking key"
    ]


def test_title_words_block_when_no_author_or_source(db):
    result = Matcher(db).match(
        {
            "article_title": "Capacidade funcional entre trabalhadoras rurais do Nordeste",
            "year": "2005",
        }
    )
    assert {c.block for c in result.candidates} == {"title words"}
    assert "medline" in result.accepted


def test_reference_links_order_and_urls(db):
    ref = parse(VANCOUVER)
    links = reference_links(ref, db)
    assert [link.label for link in links] == ["LILACS", "PubMed", "DOI", "Google Scholar"]
    urls = {link.label: link.url for link in links}
    assert urls["PubMed"] == "https://pubmed.ncbi.nlm.nih.gov/16341597/"
    assert urls["DOI"] == "https://doi.org/10.1590/s0303-76572005000300008"
    assert urls["LILACS"].endswith("lil-412345")
    query = parse_qs(urlsplit(urls["Google Scholar"]).query)["q"][0]
    assert "Capacidade funcional" in query and "Tavares" in query


def test_reference_links_without_matches_use_own_fields():
    links = reference_links({"doi": "10.1/x", "pmid": "123", "source": "A book"})
    assert [link.label for link in links] == ["PubMed", "DOI", "Google Scholar"]
    assert reference_links({}) == []


JATS = """<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article" xml:lang="pt">
<front><journal-meta><journal-title-group><journal-title>Revista de Saúde Pública</journal-title>
<abbrev-journal-title>Rev Bras Saude Ocup</abbrev-journal-title></journal-title-group></journal-meta>
<article-meta><article-id pub-id-type="publisher-id">{pid}</article-id>
<title-group><article-title>{title}</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>{surname}</surname><given-names>Ana</given-names></name></contrib></contrib-group>
<pub-date pub-type="epub"><year>{year}</year></pub-date><volume>{volume}</volume><fpage>{fpage}</fpage><lpage>20</lpage>
</article-meta></front><back><ref-list>{refs}</ref-list></back></article>"""


def _article(pid, title, surname, year, volume, fpage, refs=""):
    xml = JATS.format(
        pid=pid, title=title, surname=surname, year=year, volume=volume, fpage=fpage, refs=refs
    )
    return article_from_tree(etree.fromstring(xml))


def _graph_articles(cited_title: str = "Vigilância das quedas em idosos") -> list:
    """An article cited by two others (one structured reference, one printed only)."""
    cited = _article("S0034-89102010000100001", cited_title, "Lima", "2010", "44", "5")
    structured = (
        '<ref id="B1"><mixed-citation>Lima A. Vigilância das quedas em idosos. Rev Bras Saude Ocup. 2010;44:5-20.'
        "</mixed-citation><element-citation publication-type='journal'><person-group><name><surname>Lima</surname>"
        "<given-names>A</given-names></name></person-group><article-title>Vigilância das quedas em idosos</article-title>"
        "<source>Rev Bras Saude Ocup</source><year>2010</year><volume>44</volume><fpage>5</fpage></element-citation></ref>"
    )
    printed = '<ref id="B7"><mixed-citation>LIMA, A. Vigilância das quedas em idosos. Revista de Saúde Pública, v. 44, p. 5-20, 2010.</mixed-citation></ref>'
    citing1 = _article(
        "S0034-89102012000100002", "Quedas e fraturas", "Souza", "2012", "46", "1", structured
    )
    citing2 = _article(
        "S0034-89102013000100003", "Outro estudo", "Costa", "2013", "47", "9", printed
    )
    return [cited, citing1, citing2]


def test_cited_by_graph_of_the_collection(store_url):
    with BiblioDB(store_url) as db:
        stats = build_citation_graph(db, _graph_articles())
        assert (stats.articles, stats.references, stats.linked) == (3, 2, 2)
        found = cited_by(db, "S0034-89102010000100001")
        assert [c.citing_pid for c in found] == [
            "S0034-89102012000100002",
            "S0034-89102013000100003",
        ]
        assert [c.ref_id for c in found] == ["B1", "B7"]
        assert (
            found[0].title == "Quedas e fraturas"
            and found[0].url == "pid/S0034-89102012000100002.html"
        )
        assert cited_by(db, "S0034-89102012000100002") == []
        again = build_citation_graph(db, _graph_articles())
        assert again.linked == 2 and len(cited_by(db, "S0034-89102010000100001")) == 2


def test_cached_matches_are_reused_until_a_record_sharing_a_key_changes(store_url, monkeypatch):
    from scielo_pub.citations import collection_links

    matched: list[int] = []
    real = collection_links._match_all

    def counting(refs, *args):
        matched.append(len(refs))
        return real(refs, *args)

    monkeypatch.setattr(collection_links, "_match_all", counting)
    with BiblioDB(store_url) as db:
        assert build_citation_graph(db, _graph_articles()).linked == 2
        assert build_citation_graph(db, _graph_articles()).linked == 2
        retitled = _graph_articles("Vigilância das quedas em idosos no Brasil")
        build_citation_graph(db, retitled)
        assert build_citation_graph(db, retitled).linked == 2
    assert matched == [2, 0, 2, 0]  # both references block on the cited article's keys


def test_resolver_is_off_by_default_and_never_touches_the_network():
    calls = []
    resolver = CrossrefResolver(fetch=lambda url, headers: calls.append(url) or b"")
    with pytest.raises(ResolverDisabled):
        resolver.work("10.1038/523149a")
    assert calls == []


def test_resolver_is_polite_cached_and_rate_limited():
    body = (FIXTURES / "crossref_work.json").read_bytes()
    calls, sleeps, now = [], [], [100.0]

    def fetch(url, headers):
        calls.append((url, headers["User-Agent"]))
        return body

    resolver = CrossrefResolver(enabled=True, mailto="dev@example.org", fetch=fetch, min_interval=1.0,
                                clock=lambda: now[0], sleep=sleeps.append)  # fmt: skip
    rec = resolver.work("10.1093/her/cyq086")
    assert rec.doi == "10.1093/her/cyq086" and rec.volume == "26"
    assert resolver.work("10.1093/her/cyq086") == rec
    assert len(calls) == 1 and "mailto:dev@example.org" in calls[0][1]
    search_body = (FIXTURES / "crossref_list.json").read_bytes()
    resolver._fetch = lambda url, headers: calls.append((url, "")) or search_body
    found = resolver.search("Stein Create a cloud commons Nature 2015")
    assert [r.doi for r in found][1] == "10.1038/523149a"
    assert sleeps == [1.0]
    assert "query.bibliographic=Stein" in calls[-1][0]
    assert json.loads(body)["message"]["DOI"] == rec.doi


def test_records_round_trip_through_the_db(store_url):
    rec = Record(
        db="crossref",
        ext_id="10.1/a",
        doi="10.1/a",
        title="T",
        authors=(("Sá", "AB"),),
        year="2001",
    )
    with BiblioDB(store_url) as db:
        db.upsert([rec])
        assert db.get("crossref", "10.1/a") == rec


def test_complete_reference_fills_what_the_markup_lacks():
    from scielo_pub.citations import complete_reference
    from scielo_pub.model import RefAuthor, Reference

    few_tags = Reference(
        id="R3",
        source="Rev Bras Saude Ocup",
        authors=(RefAuthor("Tavares", "MI"),),
        mixed_citation=VANCOUVER,
    )
    done = complete_reference(few_tags)
    assert done["source"] == "Rev Bras Saude Ocup"
    assert done["authors"] == [{"surname": "Tavares", "given_names": "MI"}]
    assert (done["year"], done["volume"], done["fpage"]) == ("2005", "39", "383")
    assert done["article_title"] == "Capacidade funcional entre trabalhadoras rurais do Nordeste"
    full = Reference(
        id="R4", source="X", year="2001", authors=(RefAuthor("Y"),), mixed_citation="Z"
    )
    assert complete_reference(full)["article_title"] is None
