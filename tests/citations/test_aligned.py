"""Aligning a printed reference with its element-citation gives token labels for training."""

from __future__ import annotations

import pytest
from lxml import etree

from scielo_pub.citations import aligned
from scielo_pub.citations.evaluate import split_of

ARTICLE = """<article><back><ref-list>
<ref id="B1"><mixed-citation>1. Moura AB, Lima CD, et al. Quedas em idosos da zona rural.
Rev Saude Campo. 2019;12(3):45-52. doi: 10.9999/rsc.2019.45</mixed-citation>
<element-citation publication-type="journal">
<person-group person-group-type="author"><name><surname>Moura</surname><given-names>AB</given-names></name>
<name><surname>Lima</surname><given-names>CD</given-names></name><etal/></person-group>
<article-title>Quedas em idosos da zona rural</article-title><source>Rev Saude Campo</source>
<year>2019</year><volume>12</volume><issue>3</issue><fpage>45</fpage><lpage>52</lpage>
<pub-id pub-id-type="doi">10.9999/rsc.2019.45</pub-id></element-citation></ref>
<ref id="B2"><mixed-citation>TEIXEIRA, Ana. Cartas do sertao. 2. ed. Recife: Editora Agreste, 2001.</mixed-citation>
<element-citation publication-type="book">
<person-group person-group-type="author"><name><surname>TEIXEIRA</surname><given-names>Ana</given-names></name></person-group>
<source>Cartas do sertao</source><edition>2</edition><publisher-loc>Recife</publisher-loc>
<publisher-name>Editora Agreste</publisher-name><year>2001</year></element-citation></ref>
<ref id="B3"><mixed-citation>Silva J. Um titulo. Outra Revista. 2001;3:1-2.</mixed-citation>
<element-citation publication-type="journal">
<person-group person-group-type="author"><name><surname>Souza</surname><given-names>J</given-names></name></person-group>
<article-title>Um titulo</article-title><source>Outra Revista</source><year>2001</year></element-citation></ref>
</ref-list></back></article>"""


def _labels(seq):
    text, tokens, labels = seq
    return {t.text: lab for t, lab in zip(tokens, labels, strict=True)}


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "kept.xml"  # a development-set name (evaluate.split_of)
    path.write_text(ARTICLE, encoding="utf-8")
    assert split_of(path) == "dev"
    return path


def test_vancouver_reference_is_labelled_field_by_field(article):
    seqs = list(aligned.article_sequences(article))
    by_token = _labels(seqs[0])
    assert seqs[0][0].startswith("Moura AB")  # the list number is dropped, as parse() does
    assert [by_token[w] for w in ("Moura", "CD", "et", "al")] == ["author"] * 4
    assert by_token["Quedas"] == by_token["rural"] == "title"
    assert by_token["Rev"] == by_token["Campo"] == "source"
    assert (by_token["2019"], by_token["12"], by_token["3"], by_token["45-52"]) == (
        "year",
        "volume",
        "issue",
        "pages",
    )
    assert by_token["doi"] == by_token["10.9999/rsc.2019.45"] == "doi"


def test_book_reference_labels_edition_place_and_publisher(article):
    by_token = _labels(list(aligned.article_sequences(article))[1])
    assert by_token["TEIXEIRA"] == by_token["Ana"] == "author"
    assert by_token["Cartas"] == "source"
    assert by_token["2"] == by_token["ed"] == "edition"
    assert by_token["Recife"] == "location"
    assert by_token["Agreste"] == "publisher"


def test_a_reference_whose_fields_are_not_in_the_text_is_left_out(article):
    texts = [text for text, _, _ in aligned.article_sequences(article)]
    assert len(texts) == 2 and not any(t.startswith("Silva") for t in texts)


def test_test_set_articles_are_refused(tmp_path):
    path = tmp_path / "article-a.xml"
    path.write_text(ARTICLE, encoding="utf-8")
    assert split_of(path) == "test"
    with pytest.raises(ValueError, match="held-back test set"):
        list(aligned.training_sequences([path]))


def test_align_returns_none_without_the_title():
    elem = etree.fromstring(
        "<element-citation><article-title>Absent title</article-title><year>2001</year>"
        "</element-citation>"
    )
    assert aligned.align("Silva J. Other words. 2001.", elem) is None
