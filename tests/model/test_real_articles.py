"""The model of every real SciELO PS sample holds exactly what its XML holds (counted by XPath here)."""

from __future__ import annotations

import pytest
from lxml import etree

from scielo_pub.markup.jats import read_xml
from scielo_pub.model import article_from_tree
from tests.conftest import SHARED_DATA

XML_FILES = sorted((SHARED_DATA / "xml").glob("*.xml")) if SHARED_DATA.is_dir() else []
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

pytestmark = pytest.mark.refdata


def _parse(path):
    return etree.parse(
        str(path), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    )


def _expected(root: etree._Element) -> dict:
    """Independent counts, straight from the XML with XPath."""
    main_meta = "front/article-meta"
    translations = "sub-article[@article-type='translation']"
    abstract_langs = set()
    for el in root.xpath(f"{main_meta}/abstract[not(@abstract-type)]"):
        abstract_langs.add(el.get(XML_LANG) or root.get(XML_LANG))
    for el in root.xpath(f"{main_meta}/trans-abstract[not(@abstract-type)]"):
        abstract_langs.add(el.get(XML_LANG))
    for sub in root.xpath(f".//{translations}"):
        if sub.xpath("front-stub/abstract[not(@abstract-type)]"):
            abstract_langs.add(sub.get(XML_LANG))
    kwd = root.xpath(f"{main_meta}/kwd-group/kwd") + root.xpath(
        f".//{translations}/front-stub/kwd-group/kwd"
    )
    return {
        "contributors": len(root.xpath(f"{main_meta}/contrib-group/contrib")),
        "affiliations": len(root.xpath(f"{main_meta}//aff")),
        "abstracts": len(abstract_langs),
        "keywords": len(kwd),
        "references": len(root.xpath("back//ref")),
        "figures": len(root.xpath("*[not(self::sub-article)]//fig")),
        "tables": len(root.xpath("*[not(self::sub-article)]//table-wrap")),
        "translations": len(root.xpath(f".//{translations}")),
    }


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.stem)
def test_model_counts_equal_xml(path):
    result = read_xml(path.read_bytes(), path=str(path))
    assert result.tree is not None, [d.format() for d in result.diagnostics]
    article = article_from_tree(result.tree, path=str(path))
    expected = _expected(_parse(path).getroot())
    actual = {
        "contributors": len(article.contributors),
        "affiliations": len(article.affiliations),
        "abstracts": len(article.abstracts),
        "keywords": sum(len(k) for k in article.keywords.values()),
        "references": len(article.references),
        "figures": article.counts.fig,
        "tables": article.counts.table,
        "translations": len(article.translations),
    }
    assert actual == expected


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.stem)
def test_identifiers_and_titles_come_from_the_xml(path):
    root = _parse(path).getroot()
    article = article_from_tree(read_xml(path.read_bytes()).tree)
    dois = root.xpath("front/article-meta/article-id[@pub-id-type='doi']/text()")
    assert article.doi == (dois[0].strip() if dois else None)
    assert article.language == root.get(XML_LANG)
    assert article.article_type == root.get("article-type")
    if root.xpath("front/article-meta/title-group/article-title"):
        assert article.titles.get(article.language)
    for ref, el in zip(article.references, root.xpath("back//ref"), strict=True):
        assert ref.id == el.get("id")
        if el.find(".//mixed-citation") is not None:
            assert ref.mixed_citation


def test_all_samples_found():
    assert len(XML_FILES) == 24


def test_jats_1_0_and_1_1_and_doctype_variants_present():
    versions = {_parse(p).getroot().get("dtd-version") for p in XML_FILES}
    assert {"1.0", "1.1"} <= versions
    doctypes = {bool(_parse(p).docinfo.doctype) for p in XML_FILES}
    assert doctypes == {True, False}
