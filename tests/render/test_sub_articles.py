"""Sub-articles and split reference lists: every sub-article type renders on the page of its language,
anonymous reviewers never crash the HTML or PDF, and every ``ref`` of every ``ref-list`` is shown."""

from __future__ import annotations

import io

import lxml.html
import pypdf
import pytest
from lxml import etree

from scielo_pub.model import article_from_tree
from scielo_pub.render import urls
from scielo_pub.render.body import html_id
from scielo_pub.render.site import write_site
from scielo_pub.render.standalone import load_articles

from .conftest import DATA
from .fidelity import expected_page, page_languages


def _root(item) -> etree._Element:
    return item.tree.getroot() if isinstance(item.tree, etree._ElementTree) else item.tree


def _page(site, item, lang):
    return lxml.html.parse(str(site / urls.fulltext(item, lang))).getroot()


def _missing(content, site) -> tuple[int, int, list[str]]:
    """Refs and sub-articles of every article that are not on the page of their language."""
    refs = subs = 0
    missing = []
    for item in content.articles:
        root = _root(item)
        langs = page_languages(root)
        pages = {lang: _page(site, item, lang) for lang in langs}
        for ref in root.iter("ref"):
            refs += 1
            lang = expected_page(ref, root, langs)
            if not pages[lang].xpath("//li[@id=$id]", id=html_id(ref.get("id"))):
                missing.append(f"{item.source.path.name}: ref {ref.get('id')} not on {lang}")
        for sub in root.iter("sub-article"):
            if sub.getparent() is root and sub.get("article-type") == "translation":
                continue
            subs += 1
            lang = expected_page(sub, root, langs)
            found = pages[lang].xpath("//section[@id=$id]", id=html_id(sub.get("id")))
            if not found or "sub-article" not in found[0].get("class"):
                missing.append(
                    f"{item.source.path.name}: sub-article {sub.get('id')} not on {lang}"
                )
    return refs, subs, missing


@pytest.mark.refdata
def test_every_ref_and_sub_article_of_the_real_articles_is_shown(real_site):
    content, site = real_site
    refs, subs, missing = _missing(content, site)
    assert refs > 400 and subs >= 10
    assert missing == []


def test_own_cases_render_html_and_pdf(tmp_path):
    loaded = load_articles(sorted(DATA.glob("*.xml")))
    assert len(loaded.content.articles) == 4
    report = write_site(loaded.content, tmp_path, jobs=1, pdf=True)
    assert not report.problems, report.problems
    refs, subs, missing = _missing(loaded.content, tmp_path)
    assert (refs, subs, missing) == (9, 6, [])
    for item in loaded.content.articles:
        for lang in item.article.languages:
            pdf = pypdf.PdfReader(io.BytesIO((tmp_path / urls.pdf(item, lang)).read_bytes()))
            assert len(pdf.pages) >= 1


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    loaded = load_articles(sorted(DATA.glob("*.xml")))
    out = tmp_path_factory.mktemp("own")
    write_site(loaded.content, out, jobs=1, pdf=False)
    return {item.source.path.stem: item for item in loaded.content.articles}, out


def test_every_sub_article_type_is_shown_with_its_kind(own_site):
    items, site = own_site
    pt = _page(site, items["peer_review_anonymous"], "pt")
    sections = pt.xpath("//section[contains(@class, 'sub-article ')]")
    kinds = [s.get("class").split()[1] for s in sections]
    assert kinds == ["sub-reviewer-report", "sub-reply", "sub-editor-report", "sub-author-comment"]
    assert "depth-1" in sections[1].get("class").split()  # the reply answers the review
    people = [s.xpath("string(p[@class='sub-article-people'])") for s in sections]
    assert people == ["Anônimo", "", "Davi Rocha", ""]
    assert [li.get("id") for li in sections[0].xpath(".//li[@id]")] == ["r1-B1"]
    meta = sections[0].xpath("dl[@class='sub-article-meta']")[0]
    assert [x.text_content() for x in meta] == [
        "Parecer recebido",
        "2023-12-01",
        "Recomendação",
        "minor-revision",
    ]
    en = _page(site, items["peer_review_anonymous"], "en")
    assert [s.get("id") for s in en.xpath("//section[contains(@class, 'sub-article ')]")] == [
        "r1-en"
    ]


def test_an_anonymous_reviewer_report_article_names_no_one(own_site):
    items, site = own_site
    page = _page(site, items["reviewer_report_article"], "en")
    assert page.xpath("string(//ul[@class='contributors']/li)") == "Anonymous"
    assert page.xpath("string(//p[@class='article-type'])").startswith("Reviewer report")


def test_ref_lists_in_sections_and_a_translation_are_all_shown(own_site):
    items, site = own_site
    item = items["split_ref_lists"]
    es = _page(site, item, "es").xpath("//section[@class='references']")[0]
    assert [h.text_content() for h in es.xpath("h3")] == [
        "Documentos de archivo", "Fuentes primarias", "Referencias", "Libros", "Artículos"
    ]  # fmt: skip
    assert [li.get("id") for li in es.xpath(".//li")] == ["D1", "P1", "P2", "B1", "B2"]
    en = _page(site, item, "en").xpath("//section[@class='references']")[0]
    assert [li.get("id") for li in en.xpath(".//li")] == ["T1", "T2"]
    assert not en.xpath("h3")  # one list: no group headings


def test_the_model_holds_the_refs_of_every_ref_list():
    tree = etree.parse(str(DATA / "split_ref_lists.xml"))
    article = article_from_tree(tree)
    assert [r.id for r in article.references] == ["D1", "P1", "P2", "B1", "B2"]
    anonymous = article_from_tree(etree.parse(str(DATA / "reviewer_report_article.xml")))
    assert anonymous.contributors[0].anonymous and not anonymous.contributors[0].display_name


def test_oasis_tables_become_html_tables(own_site):
    items, site = own_site
    table = _page(site, items["letter_reply"], "en").xpath("//figure[@id='t1']//table")[0]
    assert [th.text for th in table.xpath("thead/tr/th")] == ["Age", "Dose"]
    assert len(table.xpath("tbody/tr[1]/td[2]/ul/li")) == 2
    assert table.xpath("tbody/tr[2]/td/@colspan") == ["2"]
