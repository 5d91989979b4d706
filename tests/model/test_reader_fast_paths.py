"""Edge cases the single-pass readers must handle exactly as the plain ElementPath reading did."""

from __future__ import annotations

from lxml import etree

from scielo_pub.markup.jats import read_xml
from scielo_pub.model import article_from_tree
from scielo_pub.model.references import read_reference
from scielo_pub.model.text import plain_text, text_of
from scielo_pub.model.types import RefAuthor

XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def ref(xml: str) -> etree._Element:
    return etree.fromstring(f"<ref {XLINK} id='B1'>{xml}</ref>")


def test_citation_fields_first_child_wins_and_date_year_fallback():
    r = read_reference(
        ref(
            "<label> 1 </label><element-citation publication-type=''  citation-type='book'>"
            "<source> Primeira  <italic>fonte</italic></source><source>Segunda</source>"
            "<!-- note --><date><year>1999</year></date><part-title>Parte</part-title>"
            "<comment>Disponível em: <ext-link ext-link-type='uri' xlink:href=' http://a.b/c '>"
            "a.b</ext-link></comment></element-citation>"
        )
    )
    assert (r.id, r.label, r.publication_type) == ("B1", "1", "book")
    assert (r.source, r.year, r.chapter_title) == ("Primeira fonte", "1999", "Parte")
    assert r.url == "http://a.b/c" and r.comment == "Disponível em: a.b"
    assert r.mixed_citation is None


def test_people_groups_collab_fallback_and_editors():
    r = read_reference(
        ref(
            "<element-citation><person-group person-group-type=''>"
            "<name><given-names>Ana</given-names><surname>Silva</surname><surname>X</surname></name>"
            "<string-name><surname>Costa</surname></string-name><collab>Grupo A</collab>"
            "</person-group><person-group person-group-type='editor'><name><surname>Lima"
            "</surname></name></person-group><person-group person-group-type='translator'>"
            "<name><surname>T</surname></name></person-group></element-citation>"
        )
    )
    assert r.authors == (
        RefAuthor("Silva", "Ana"),
        RefAuthor("Costa", None),
        RefAuthor(None, None, "Grupo A"),
    )
    assert r.editors == (RefAuthor("Lima", None),)
    only_collab = read_reference(ref("<element-citation><collab>OMS</collab></element-citation>"))
    assert only_collab.authors == (RefAuthor(None, None, "OMS"),) and only_collab.editors == ()


def test_doi_from_link_when_pub_id_empty_and_url_skips_doi_links():
    r = read_reference(
        ref(
            "<element-citation><pub-id pub-id-type='doi'> </pub-id><pub-id pub-id-type='pmid'>"
            "123</pub-id><ext-link ext-link-type='doi'>https://doi.org/10.1/X </ext-link>"
            "<uri>  </uri></element-citation>"
        )
    )
    assert (r.doi, r.pmid) == ("10.1/X", "123")
    assert r.url is None  # the first non-DOI link has neither an address nor text


def test_citations_found_at_any_depth_and_links_only_inside_the_citation():
    r = read_reference(
        ref(
            "<mixed-citation>Printed <ext-link xlink:href='http://m'>m</ext-link> "
            "<label>x</label></mixed-citation><wrap><element-citation><source>S</source>"
            "<uri xlink:href='http://e'/></element-citation></wrap>"
        )
    )
    assert r.label is None  # a label inside mixed-citation is not the ref's label
    assert (r.source, r.url, r.mixed_citation) == ("S", "http://e", "Printed m x")
    mixed_only = read_reference(ref("<mixed-citation>So <source>isto</source></mixed-citation>"))
    assert (mixed_only.source, mixed_only.mixed_citation) == ("isto", "So isto")
    assert read_reference(ref("<label>3</label>")).label == "3"


def test_text_keeps_unexpanded_entities_and_skips_comments():
    tree = read_xml(
        b'<!DOCTYPE article SYSTEM "x.dtd"><article><p>a &foo; <xref>1</xref> b'
        b"<!--c--> <i>c&#233;</i></p><p>x<?pi y?>  y</p></article>"
    ).tree
    first, second = tree.getroot()
    assert text_of(first) == "a b cé"  # entity nodes are not element text where xref is skipped
    assert plain_text(first) == "a &foo; 1 b cé"
    assert text_of(second) == plain_text(second) == "x y"
    assert text_of(etree.fromstring("<p>\u00a0a\u2009 b\t</p>")) == "a b"


def test_front_matter_paths_on_child_axis():
    xml = (
        f"<article {XLINK}><front><journal-meta><journal-id journal-id-type='nlm'>n</journal-id>"
        "<journal-id journal-id-type='publisher-id'>rsp</journal-id></journal-meta><article-meta>"
        "<article-id pub-id-type='publisher-id'>x</article-id>"
        "<article-id pub-id-type='publisher-id'>S0034-89102014000200206</article-id>"
        "<article-categories><subj-group subj-group-type='heading'><subj-group/>"
        "</subj-group><subj-group><subject>Artigos</subject></subj-group></article-categories>"
        "<contrib-group><contrib><name-alternatives><name><surname>A</surname></name>"
        "</name-alternatives><xref ref-type='aff' rid='a1 a2'/></contrib></contrib-group>"
        "<aff id='a1'><institution content-type='orgdiv2'>D2</institution>"
        "<institution content-type='orgdiv1'>D1</institution><addr-line><city>Rio</city>"
        "</addr-line><addr-line><named-content content-type='city'>Niterói</named-content>"
        "</addr-line><state>RJ</state></aff>"
        "<pub-date date-type='pub'><season>Apr-Jun</season><year>2014</year></pub-date>"
        "</article-meta></front></article>"
    )
    article = article_from_tree(etree.fromstring(xml))
    assert (article.pid, article.section, article.journal_acronym) == (
        "S0034-89102014000200206",
        "Artigos",
        "rsp",
    )
    (contrib,) = article.contributors
    assert (contrib.surname, contrib.affiliation_ids) == ("A", ("a1", "a2"))
    (aff,) = article.affiliations
    assert (aff.divisions, aff.city, aff.state) == (("D1", "D2"), "Niterói", "RJ")
    assert article.pub_dates["pub"].iso() == "2014-04"
