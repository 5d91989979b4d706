"""Article model -> LILACS record: field by field on a small JATS article, flags and extras."""

from __future__ import annotations

from lxml import etree

from scielo_pub.lilacs import article_record_bytes, read_records
from scielo_pub.lilacs.config import LilacsConfig, config_from
from scielo_pub.lilacs.export import EXPRESS, export_article, serial_record
from scielo_pub.lilacs.isis import subfield
from scielo_pub.lilacs.mapping import ArticleContext, issue_number
from scielo_pub.model import article_from_tree

JATS = b"""<article article-type="research-article" xml:lang="pt" xmlns:xlink="http://www.w3.org/1999/xlink">
<front><journal-meta><journal-id journal-id-type="publisher-id">rsd</journal-id>
<journal-title-group><journal-title>Revista X</journal-title><abbrev-journal-title>Rev. X.</abbrev-journal-title></journal-title-group>
<issn pub-type="ppub">1234-5678</issn></journal-meta>
<article-meta><article-id pub-id-type="publisher-id">S1234-56782025000100101</article-id>
<article-id specific-use="scielo-v2" pub-id-type="publisher-id">S1234-56782025000100101</article-id>
<article-id pub-id-type="doi">10.1590/x.1</article-id>
<title-group><article-title>T\xc3\xadtulo do artigo.</article-title>
<trans-title-group xml:lang="en"><trans-title>Article title</trans-title></trans-title-group></title-group>
<contrib-group><contrib contrib-type="author"><contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1825-0097</contrib-id>
<name><surname>Souza</surname><given-names>Ana M.</given-names><suffix>Jr.</suffix></name><xref ref-type="aff" rid="aff1"/></contrib>
<contrib contrib-type="author"><name><surname>Lima</surname><given-names>Jo\xc3\xa3o</given-names></name></contrib>
<contrib contrib-type="author"><collab>Grupo de Estudos</collab></contrib></contrib-group>
<aff id="aff1"><institution content-type="orgname">Universidade Federal</institution>
<institution content-type="orgdiv1">Faculdade de Medicina</institution><institution content-type="orgdiv2">Departamento A</institution>
<addr-line><named-content content-type="city">Recife</named-content></addr-line><country country="BR">Brasil</country></aff>
<pub-date date-type="collection"><season>Jan-Mar</season><year>2025</year></pub-date>
<volume>12</volume><issue>1 suppl 2</issue><fpage>4</fpage><lpage>14</lpage>
<permissions><license license-type="open-access" xlink:href="https://creativecommons.org/licenses/by/4.0/"/></permissions>
<abstract><p>Resumo do artigo.</p></abstract>
<trans-abstract xml:lang="en"><sec><title>Objective</title><p>To see.</p></sec></trans-abstract>
<kwd-group xml:lang="pt"><kwd>sarampo</kwd></kwd-group>
<kwd-group xml:lang="pt" kwd-group-type="DeCS"><kwd>Sarampo/epidemiologia</kwd><kwd content-type="secondary">Vacina</kwd></kwd-group>
</article-meta></front><back><ref-list><ref id="B1"><label>1</label><mixed-citation>Silva A. Art. Rev Y. 2020;3:1-5.</mixed-citation>
<element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Silva</surname><given-names>A</given-names></name></person-group>
<article-title>Art</article-title><source>Rev Y</source><year>2020</year><volume>3</volume><fpage>1</fpage><lpage>5</lpage></element-citation></ref></ref-list></back></article>"""


def context(jats: bytes = JATS) -> ArticleContext:
    root = etree.fromstring(jats)
    article = article_from_tree(root, path="/c/a.xml")
    return ArticleContext.of(article, tree=root)


def test_analytic_record_fields():
    rec = export_article(
        context(), LilacsConfig(center="AR1.1", databases=("LILACS", "BBO"))
    ).record
    assert rec.first(1) == "AR1.1" and rec.values(4)[:2] == ["LILACS", "BBO"]
    assert [rec.first(t) for t in (5, 6, 9, 110, 113)] == ["S", "as", "a", "s", "p"]
    first, second = rec.values(10)
    assert first.startswith(
        "Souza Junior, Ana M^1Universidade Federal^2Faculdade de Medicina^3Departamento A"
    )
    assert subfield(first, "c") == "Recife" and subfield(first, "p") == "Brasil"
    assert subfield(first, "k") == "0000-0002-1825-0097"
    assert second == "Lima, João^1s.af"
    assert rec.values(11) == ["Grupo de Estudos"]
    assert rec.values(12) == ["Título do artigo^ipt", "Article title^ien"] and not rec.values(13)
    assert rec.first(14) == "^f4^l14"
    assert (rec.first(30), rec.first(31), rec.first(32), rec.first(35)) == (
        "Rev. X",
        "12",
        "1 supl 2",
        "1234-5678",
    )
    assert (rec.first(64), rec.first(65)) == ("jan.-mar. 2025", "20250100")
    assert rec.first(72) == "1" and rec.values(40) == ["pt"]
    assert rec.values(83) == ["Resumo do artigo.^ipt", "Objective: To see.^ien"]
    assert "sarampo^ipt" in rec.values(85)
    assert rec.values(87) == ["^dSarampo^sepidemiologia"] and rec.values(88) == ["^dVacina"]
    assert rec.first(724) == "10.1590/x.1" and rec.first(880) == "S1234-56782025000100101"
    assert rec.first(540) == "https://creativecommons.org/licenses/by/4.0/"
    urls = rec.values(8)
    assert [subfield(u, "q") for u in urls] == ["html", "pdf"] and all(
        subfield(u, "i") == "pt" for u in urls
    )


def test_passing_record_is_not_express():
    item = export_article(context(), LilacsConfig())
    assert not item.express and EXPRESS not in item.record.values(4)


def test_failing_record_is_flagged_express_with_reasons():
    no_english = JATS.replace(b"<trans-title>Article title</trans-title>", b"")
    item = export_article(context(no_english), LilacsConfig())
    assert item.express and item.record.values(4) == ["LILACS", EXPRESS]
    assert {f.rule for f in item.findings} == {"8"}
    assert [d.code for d in item.diagnostics()] == ["lilacs-rule-8"]


def test_references_are_linked_citation_records():
    (ref,) = export_article(context(), LilacsConfig(), with_references=True).references
    assert ref.first(706) == "c" and ref.first(2) == "S1234-56782025000100101"
    assert ref.first(880) == "S1234-5678202500010010100001" and ref.first(865) == "20250100"
    assert ref.values(10) == ["^sSilva^nA"] and ref.first(12) == "Art" and ref.first(30) == "Rev Y"
    assert (ref.first(14), ref.first(514), ref.first(65)) == ("1-5", "^f1^l5", "20200000")


def test_serial_record():
    rec = serial_record(context(), LilacsConfig())
    assert (
        rec.first(5) == "S"
        and not rec.values(6)
        and rec.first(30) == "Rev. X"
        and rec.first(65) == "20250100"
    )


def test_issue_number_forms():
    assert [issue_number("2", None), issue_number("2", "1"), issue_number(None, "1"), issue_number("2", "")] == [
        "2", "2 supl 1", "supl 1", "2 supl"]  # fmt: skip


def test_article_record_bytes_in_every_format_and_encoding():
    article = context().article
    for fmt in ("iso", "id", "json"):
        for enc in ("latin-1", "utf-8"):
            data = article_record_bytes(article, fmt, enc)
            (rec,) = read_records(data, fmt, enc).records
            assert rec.first(12) == "Título do artigo^ipt"


def test_config_from_collection_strings():
    config = config_from(
        {"database": "['LILACS', 'BBO']", "center": "BR1.1", "require_decs": "False"}, "http://s"
    )
    assert (
        config.databases == ("LILACS", "BBO")
        and config.require_decs is False
        and config.base_url == "http://s/"
    )
