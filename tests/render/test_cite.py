"""Citation exports (RIS, BibTeX) and "how to cite" styles."""

from __future__ import annotations

from pybtex.database import parse_string

from scielo_pub.model import RefAuthor, Reference
from scielo_pub.render import cite, pages
from scielo_pub.render.links import own_links
from scielo_pub.render.view import article_view


def test_ris_record_has_required_tags(demo_content):
    a = demo_content.articles[0].article
    text = cite.ris(a, "http://x/")
    lines = text.split("\r\n")
    assert lines[0] == "TY  - JOUR" and lines[-2] == "ER  - "
    assert sum(1 for line in lines if line.startswith("AU  - ")) == len(a.authors)
    if a.doi:
        assert f"DO  - {a.doi}" in lines


def test_bibtex_round_trips_through_pybtex(demo_content):
    a = demo_content.articles[0].article
    data = parse_string(cite.bibtex(a), "bibtex")
    (entry,) = data.entries.values()
    assert entry.type == "article"
    assert len(entry.persons["author"]) == len(a.authors)
    assert entry.fields["title"] == a.titles[a.language]


def test_how_to_cite_three_styles(demo_content):
    item = demo_content.articles[0]
    styles = pages.how_to_cite(article_view(item), demo_content)
    assert set(styles) == {"ABNT", "Vancouver", "APA"}
    surname = item.article.authors[0].surname
    assert surname.upper() in styles["ABNT"] and surname in styles["APA"]
    assert not styles["Vancouver"][0].isdigit()


def test_reference_links_from_fields():
    ref = Reference(
        id="B1",
        authors=(RefAuthor("Silva"),),
        article_title="A study",
        year="2020",
        doi="10.1/x",
        pmid="123",
    )
    labels = {link.label: link.href for link in own_links(ref)}
    assert labels["DOI"] == "https://doi.org/10.1/x"
    assert labels["PubMed"] == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert "scholar.google.com" in labels["Google Scholar"] and "Silva" in labels["Google Scholar"]
