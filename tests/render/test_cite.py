"""Citation exports (RIS, BibTeX) and "how to cite" styles."""

from __future__ import annotations

from pybtex.database import parse_string

from scielo_pub.model import RefAuthor, Reference
from scielo_pub.render import cite, pages
from scielo_pub.render.links import reference_links
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


def test_bibtex_names_the_writer_without_scanning_entry_points(demo_content, monkeypatch):
    """``BIBTEX_WRITER``: the BibTeX writer class is named, not looked up among the installed
    packages' entry points (an ``importlib.metadata`` scan each process pays once); same text."""
    import pybtex.plugin

    looked_up = []
    real = pybtex.plugin._load_entry_point
    monkeypatch.setattr(
        pybtex.plugin,
        "_load_entry_point",
        lambda *args, **kw: looked_up.append(args) or real(*args, **kw),
    )
    texts = [cite.bibtex(item.article, "http://x/") for item in demo_content.articles]
    assert looked_up == []
    monkeypatch.setattr(cite, "BIBTEX_WRITER", False)
    assert [cite.bibtex(item.article, "http://x/") for item in demo_content.articles] == texts
    assert looked_up  # the flag off: looked up by name


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
    labels = {link.label: link.href for link in reference_links(ref)}
    assert labels["DOI"] == "https://doi.org/10.1/x"
    assert labels["PubMed"] == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert "scholar.google.com" in labels["Google Scholar"] and "Silva" in labels["Google Scholar"]


def _plain(html: str) -> str:
    import html as html_mod
    import re

    return " ".join(html_mod.unescape(re.sub(r"<[^>]+>", "", html)).split()).replace("–", "-")


def test_fast_styles_agree_with_citeproc_on_every_element(demo_content):
    from scielo_pub.render import styles

    for item in demo_content.articles:
        a = item.article
        lang = a.language if a.language in ("pt", "es", "en") else "en"
        ours = {k: _plain(v) for k, v in styles.how_to_cite(a, lang).items()}
        theirs = {k: _plain(v) for k, v in cite.how_to_cite(a, lang).items()}
        assert set(ours) == set(theirs) == {"ABNT", "Vancouver", "APA"}
        for style in ours:
            for surname in (c.surname for c in a.authors[:1] if c.surname):
                assert (
                    surname.upper() in ours[style].upper()
                    and surname.upper() in theirs[style].upper()
                )
            for value in filter(None, (a.volume, str(a.pub_date.year) if a.pub_date else None)):
                assert value in ours[style] and value in theirs[style], (style, value)
            title = a.titles[a.language].rstrip(".").replace("–", "-")
            assert title in ours[style], style
        if a.doi:
            assert a.doi in ours["APA"] and a.doi in theirs["APA"]
            assert a.doi in ours["Vancouver"] and a.doi in theirs["Vancouver"]
        if a.journal_title:
            assert a.journal_title in ours["ABNT"] and a.journal_title in theirs["ABNT"]


def test_style_rules_for_author_lists_and_pages():
    from scielo_pub.model import Article, Contributor, PartialDate
    from scielo_pub.render import styles

    people = tuple(
        Contributor(surname=f"Sur{i}", given_names="Ana Maria da Silva") for i in range(8)
    )
    a = Article(pid=None, language="pt", titles={"pt": "Um título"}, contributors=people, journal_title="Revista X",
                journal_abbrev_title="Rev. X", volume="48", issue="2", fpage="216", lpage="224", doi="10.1/z",
                pub_dates={"pub": PartialDate(2014, 4, 3)})  # fmt: skip
    abnt, vanc, apa = (styles.how_to_cite(a, "pt")[k] for k in ("ABNT", "Vancouver", "APA"))
    assert abnt.startswith("SUR0, A. M. da S. <i>et al.</i> Um título.") and "3 abr. 2014" in abnt
    assert vanc.startswith("Sur0 AM da S, ") and vanc.count(", ") >= 6 and "et al" in vanc
    assert "Rev X. 2014 Apr 3;48(2):216-24." in vanc
    assert (
        apa.count("Sur") == 8
        and "&amp; Sur7, A. M. da S. (2014)" in apa
        and "<i>48</i>(2), 216–224." in apa
    )
