"""Every label a page shows is in the page's language (sections, subject areas, licences), with a
visible fallback only where the collection gives no translation."""

from __future__ import annotations

import tomllib

import lxml.html

from scielo_pub.model import Issue, Journal
from scielo_pub.render import labels

from .conftest import DEMO, fulltext_pages, parse


def _journal_sections(acronym: str) -> list[dict[str, str]]:
    data = tomllib.loads((DEMO / "journals" / acronym / "journal.toml").read_text("utf-8"))
    return data.get("sections", [])


def test_toc_sections_are_named_in_the_page_language(site):
    seen = 0
    for page_path in sorted(site.glob("j/*/*/index*.html")):
        page = parse(page_path)
        lang = page.get("lang")
        acronym = page_path.parts[-3]
        names = {s[lang] for s in _journal_sections(acronym) if lang in s}
        headings = [h.text_content() for h in page.xpath('//section[@class="toc-section"]/h2')]
        seen += len(headings)
        assert len(headings) == len(set(headings)), page_path
        assert not page.xpath('//section[@class="toc-section"]/h2//*[@class="untranslated"]')
        assert set(headings) <= names, (page_path, headings)
    assert seen


def test_one_section_whatever_language_articles_tag_it_in(site):
    """rsd v12n1 holds articles tagged "Artigos Originais" and "Original Articles": one section."""
    for name in ("index.html", "index.en.html", "index.es.html"):
        page = parse(site / "j" / "rsd" / "v12n1" / name)
        headings = [h.text_content() for h in page.xpath('//section[@class="toc-section"]/h2')]
        originals = {"Artigos Originais", "Original Articles", "Artículos Originales"}
        assert len([h for h in headings if h in originals]) == 1, (name, headings)


def test_home_subject_areas_in_the_page_language(site):
    shown = {}
    for name, lang in (("index.html", "pt"), ("index.en.html", "en"), ("index.es.html", "es")):
        page = parse(site / name)
        assert page.get("lang") == lang
        heads = page.xpath('//section[@aria-labelledby="subjects"]/h3')
        assert heads and not page.xpath(
            '//section[@aria-labelledby="subjects"]//*[@class="untranslated"]'
        )
        shown[lang] = {h.text_content() for h in heads}
    assert "Ciências da Saúde" in shown["pt"] and "Health Sciences" in shown["en"]
    assert "Health Sciences" not in shown["pt"]


def test_article_labels_and_licence_in_the_page_language(site):
    checked = 0
    for path in fulltext_pages(site):
        page = parse(path)
        lang = page.get("lang")
        kind = page.xpath('//p[@class="article-type"]')
        if kind:
            assert not kind[0].xpath('.//*[@class="untranslated"]'), path
        for licence in page.xpath('//section[@class="license"]'):
            checked += 1
            link = licence.xpath(".//a[@rel='license']")[0].text_content()
            words = {"pt": "Atribuição", "es": "Atribución", "en": "Attribution"}
            if lang in words and "creativecommons" in licence.xpath("string(.//a/@href)"):
                assert words[lang] in link, (path, link)
            for text in licence.xpath('.//p[@class="licence-text"]'):
                assert text.get("lang") in (None, lang)
    assert checked


def test_a_name_without_translation_falls_back_visibly():
    journal = Journal(acronym="x", title="X", sections=({"pt": "Resenhas", "en": "Book reviews"},))
    issue = Issue(journal_acronym="x", folder="v1n1", year=2024, sections=("Resenhas", "Ensaios"))
    assert str(labels.section("Resenhas", "en", issue, journal, "pt")) == "Book reviews"
    shown = labels.section("Ensaios", "en", issue, journal, "pt")
    html = lxml.html.fragment_fromstring(labels.markup(shown))
    assert html.get("class") == "untranslated" and html.get("lang") == "pt"
    assert html.text_content() == "Ensaios"


def test_toc_links_name_languages_in_the_page_language(site):
    page = parse(site / "j" / "rsd" / "v12n1" / "index.en.html")
    texts = [a.text_content() for a in page.xpath('//ul[@class="toc-links"]//a')]
    assert texts and "Full text (Portuguese)" in texts
    assert not [t for t in texts if t.endswith(("(pt)", "(en)", "(es)"))]


def test_ahead_of_print_issue_label():
    from scielo_pub.render.pages import issue_label

    ahead = Issue(journal_acronym="x", folder="2025nahead", year=2025, number="ahead")
    assert issue_label(ahead, "en") == "Ahead of print"
