"""Each publication rule fails on a broken variant of a clean article and holds on a good one."""

from __future__ import annotations

import pytest

from scielo_pub.dtd.rules import LANGUAGES, RULES
from scielo_pub.dtd.validate import validate_article
from scielo_pub.errors import Severity

from .helpers import GOOD, mutate, sub_article

FIG_CAPTION = "<caption>\n          <title>Uma figura</title>\n        </caption>"
TABLE_CAPTION = "<caption>\n          <title>Uma tabela</title>\n        </caption>"
RECEIVED_2024 = (
    "<month>10</month>\n          <year>2023</year>",
    "<month>10</month>\n          <year>2024</year>",
)
RELATED = '<related-article related-article-type="corrected-article" id="ra1" ext-link-type="doi" xlink:href="10.1590/x"/>\n      <volume>58</volume>'

#: rule id -> (mutations that break it, mutations of a variant where it holds; () = the base)
CASES: dict[str, tuple[list, list]] = {
    # metadata
    "article-type-missing": ([('article-type="research-article" ', "")], []),
    "article-type-allowed": ([('"research-article"', '"research-paper"')], []),
    "article-lang-missing": ([('specific-use="sps-1.9" xml:lang="pt"', 'specific-use="sps-1.9"')], []),
    "lang-code-iso639": ([('trans-title-group xml:lang="en"', 'trans-title-group xml:lang="english"')], []),
    "dtd-version-missing": ([('dtd-version="1.1" ', "")], []),
    "sps-version": ([('specific-use="sps-1.9" ', "")], []),
    "journal-title-missing": ([("<journal-title>Revista de Testes</journal-title>", "")], []),
    "journal-abbrev-title-missing": ([('re:<abbrev-journal-title .*?</abbrev-journal-title>', "")], []),
    "publisher-missing": ([("<publisher-name>Sociedade de Testes</publisher-name>", "")], []),
    "issn-missing": ([("re:<issn [^>]*>[^<]*</issn>", "")], []),
    "issn-format": ([("0034-8910<", "00348910<")], []),
    "issn-check-digit": ([("0034-8910<", "0034-8911<")], []),
    "doi-syntax": ([("10.1590/s0034-8910.2024001", "https://doi.org/10.1590/x")], []),
    "doi-missing": ([('re:<article-id pub-id-type="doi">.*?</article-id>', "")], []),
    "pid-v2-format": ([("S0034-89102024000100010", "S0034-8910202400010001")], []),
    "pid-v3-format": ([("AbCdEfGhIjKlMnOpQrStUvW", "AbCd-EfGh")], []),
    "article-title-missing": ([("<article-title>Um artigo de teste</article-title>", "")], []),
    "section-heading-missing": ([("<subject>Artigos Originais</subject>", "")], []),
    "volume-issue-missing": ([("<volume>58</volume>", ""), ("<issue>1</issue>", "")], []),
    "pages-missing": ([("<fpage>10</fpage>", ""), ("<lpage>19</lpage>", "")], []),
    "page-order": ([("<fpage>10</fpage>", "<fpage>30</fpage>")], []),
    "pub-date-missing": ([("re:<pub-date .*?</pub-date>", "")], []),
    # contributors
    "contrib-missing": ([("re:<contrib-group>.*?</contrib-group>", "")], []),
    "contrib-name": ([("<surname>Silva</surname>", "")], []),
    "contrib-given-names": ([("<given-names>Maria</given-names>", "")], []),
    "orcid-format": ([("0000-0002-1825-0097", "0000-0002-1825-009")], []),
    "orcid-check-digit": ([("0000-0002-1825-0097", "0000-0002-1825-0098")], []),
    "aff-missing": ([('re:<aff id=.*?</aff>', "")], []),
    "aff-id-missing": ([('<aff id="aff2">', "<aff>")], []),
    "aff-country-missing": ([('<country country="CL">Chile</country>', "")], []),
    "aff-country-code": ([('country="CL"', 'country="XX"')], []),
    "aff-institution-missing": ([('re:<institution [^>]*>Universidad de Prueba[^<]*</institution>', "")], []),
    "aff-original-missing": ([('<institution content-type="original">Universidad de Prueba. Santiago, Chile</institution>', "")], []),
    "aff-unreferenced": ([('<xref ref-type="aff" rid="aff2">2</xref>', "")], []),
    "contrib-aff-xref": ([('<xref ref-type="aff" rid="aff2">2</xref>', "")], []),
    "email-format": ([("maria@example.org", "maria at example.org")], []),
    "corresp-email": ([("E-mail: <email>maria@example.org</email>", "Telefone 123")], []),
    # dates
    "date-invalid": ([("<month>03</month>", "<month>13</month>")], []),
    "date-received-accepted": ([RECEIVED_2024], []),
    "date-accepted-published": ([("<month>01</month>\n          <year>2024</year>", "<month>05</month>\n          <year>2024</year>")], []),
    "date-received-published": ([RECEIVED_2024], []),
    "date-revised-order": ([("<month>12</month>\n          <year>2023</year>", "<month>12</month>\n          <year>2022</year>")], []),
    "date-future": ([("<month>03</month>\n        <year>2024</year>", "<month>03</month>\n        <year>2999</year>")], []),
    "history-missing": ([("re:<history>.*?</history>", "")], []),
    # cross-references
    "id-unique": ([('<table-wrap id="t1">', '<table-wrap id="f1">')], []),
    "xref-rid-missing": ([('<xref ref-type="fig" rid="f1">', '<xref ref-type="fig">')], []),
    "xref-target": ([('rid="B3"', 'rid="B9"')], []),
    "xref-ref-type": ([('<xref ref-type="fig" rid="f1">', '<xref ref-type="fig" rid="t1">')], []),
    "fn-unreferenced": ([('<xref ref-type="fn" rid="fn1">a</xref>', "")], []),
    "ref-uncited": ([('<xref ref-type="bibr" rid="B3">3</xref>', "")], []),
    "float-uncited": ([('<xref ref-type="table" rid="t1">Tabela 1</xref>', "Tabela 1")], []),
    # abstracts and translations
    "abstract-missing": ([("re:<abstract>.*?</abstract>", "")], []),
    "trans-lang-missing": ([('<trans-abstract xml:lang="en">', "<trans-abstract>")], []),
    "kwd-per-language": ([('re:<kwd-group xml:lang="en">.*?</kwd-group>', "")], []),
    "kwd-without-abstract": ([('re:<trans-abstract xml:lang="en">.*?</trans-abstract>', "")], []),
    "kwd-duplicate": ([("<kwd>Publicação</kwd>", "<kwd>validação</kwd>")], []),
    "kwd-separator": ([("<kwd>Publicação</kwd>", "<kwd>Publicação; Edição</kwd>")], []),
    "title-lang-duplicate": ([('trans-title-group xml:lang="en"', 'trans-title-group xml:lang="pt"')], []),
    "translation-lang": ([sub_article(lang="pt")], [sub_article()]),
    "translation-title": ([sub_article(title="")], [sub_article()]),
    "translation-abstract": ([sub_article(lang="es", abstract="")], [sub_article()]),
    "translation-objects": ([sub_article(table="")], [sub_article()]),
    # figures, tables, counts
    "fig-graphic": ([('<graphic xlink:href="rtst-58-1-0010-gf01.png"/>', "")], []),
    "fig-label": ([("<label>Figura 1</label>", "")], []),
    "fig-caption": ([(FIG_CAPTION, "")], []),
    "table-caption": ([(TABLE_CAPTION, "")], []),
    "table-label": ([("<label>Tabela 1</label>", "")], []),
    "table-content": ([("re:<table>.*?</table>", "")], []),
    "formula-content": ([("<p>Ver a", '<disp-formula id="e1"> </disp-formula>\n      <p>Ver a')],
                        [("<p>Ver a", '<disp-formula id="e1"><tex-math>x^2</tex-math></disp-formula>\n      <p>Ver a'),
                         ('<equation-count count="0"/>', '<equation-count count="1"/>')]),
    "graphic-href": ([('xlink:href="rtst-58-1-0010-gf01.png"', 'xlink:href=""')], []),
    "href-local": ([("rtst-58-1-0010-gf01.png", "../images/rtst-58-1-0010-gf01.png")], []),
    "counts-fig": ([('<fig-count count="1"/>', '<fig-count count="3"/>')], []),
    "counts-table": ([('<table-count count="1"/>', '<table-count count="4"/>')], []),
    "counts-equation": ([('<equation-count count="0"/>', '<equation-count count="2"/>')], []),
    "counts-ref": ([('<ref-count count="3"/>', '<ref-count count="5"/>')], []),
    "counts-page": ([('<page-count count="10"/>', '<page-count count="12"/>')], []),
    "sec-title": ([("<title>Introdução</title>", "")], []),
    # references
    "ref-id-missing": ([('<ref id="B3">', "<ref>")], []),
    "ref-element-citation": ([('re:<element-citation publication-type="webpage">.*?</element-citation>', "")], []),
    "ref-mixed-citation": ([("re:<mixed-citation>3\\..*?</mixed-citation>", "")], []),
    "ref-publication-type": ([('publication-type="webpage"', 'publication-type="site"')], []),
    "ref-journal-fields": ([("<article-title>Um estudo</article-title>", "")], []),
    "ref-book-fields": ([("<source>Um livro</source>", "")], []),
    "ref-thesis-fields": ([('publication-type="book"', 'publication-type="thesis"'), ("<publisher-name>Editora</publisher-name>", "")],
                          [('publication-type="book"', 'publication-type="thesis"')]),
    "ref-webpage-fields": ([('re:<date-in-citation .*?</date-in-citation>', "")], []),
    "ref-year-format": ([("<year>2019</year>", "<year>dois mil</year>")], []),
    "ref-doi-syntax": ([('doi">10.1590/abc.1<', 'doi">doi:10.1590/abc.1<')], []),
    "ref-page-order": ([("<fpage>5</fpage>", "<fpage>50</fpage>")], []),
    "ref-author-name": ([("<surname>Souza</surname>\n              <given-names>J", "<given-names>J")], []),
    # text, links, license
    "license-missing": ([("re:<permissions>.*?</permissions>", "")], []),
    "license-url": ([('xlink:href="https://creativecommons.org/licenses/by/4.0/"', 'xlink:href="creativecommons by 4.0"')], []),
    "license-cc": ([('xlink:href="https://creativecommons.org/licenses/by/4.0/"', 'xlink:href="https://example.org/license"')], []),
    "ext-link-href": ([('xlink:href="https://example.org/pagina"', 'xlink:href="example.org/pagina"')], []),
    "related-article-required": ([('"research-article"', '"correction"')],
                                 [('"research-article"', '"correction"'), ("<volume>58</volume>", RELATED)]),
    "related-article-link": ([("<volume>58</volume>", RELATED.replace(' xlink:href="10.1590/x"', ""))],
                             [("<volume>58</volume>", RELATED)]),
    "funding-source": ([("<funding-source>Agência de Fomento</funding-source>", "")], []),
    "empty-element": ([("<kwd>Publicação</kwd>", "<kwd> </kwd>")], []),
    "html-element": ([("<p>Uma nota de rodapé.</p>", "<p>Uma <b>nota</b> de rodapé.</p>")], []),
    "html-in-text": ([("<p>Uma nota de rodapé.</p>", "<p>Uma &lt;i&gt;nota&lt;/i&gt; de rodapé.</p>")], []),
    "body-missing": ([("re:<body>.*?</body>", "")], []),
}  # fmt: skip


def _codes(text: str, **kwargs) -> dict[str, list]:
    result = validate_article(text.encode("utf-8"), path="case.xml", **kwargs)
    out: dict[str, list] = {}
    for diag in result.diagnostics:
        out.setdefault(diag.code, []).append(diag)
    return out


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)


def test_the_catalogue_is_large_enough():
    assert len(RULES) >= 60


def test_base_article_breaks_no_rule():
    codes = _codes(GOOD)
    assert [c for c in codes if not c.startswith("dtd.")] == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_on_the_broken_variant(rule_id):
    bad, _ = CASES[rule_id]
    codes = _codes(mutate(GOOD, *bad))
    assert rule_id in codes
    diag = codes[rule_id][0]
    assert diag.kind == "rule"
    assert diag.severity == RULES[rule_id].severity
    assert diag.line >= 1 and diag.column >= 1
    assert diag.advice


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_holds_on_the_good_variant(rule_id):
    _, good = CASES[rule_id]
    assert rule_id not in _codes(mutate(GOOD, *good))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_words_in_every_language(rule_id):
    rule = RULES[rule_id]
    for lang in LANGUAGES:
        assert rule.message[lang].strip() and rule.advice[lang].strip()
    assert len({rule.message[lang] for lang in LANGUAGES}) >= 2


def test_positions_point_at_the_offending_element():
    text = mutate(GOOD, ("0034-8910<", "0034-8911<"))
    diag = _codes(text)["issn-check-digit"][0]
    line = text.splitlines()[diag.line - 1]
    assert line[diag.column - 1 :].startswith('<issn pub-type="epub">0034-8911')


def test_messages_follow_the_editors_language():
    text = mutate(GOOD, ("0034-8910<", "0034-8911<"))
    words = {lang: _codes(text, lang=lang)["issn-check-digit"][0] for lang in ("en", "pt", "es")}
    assert "check digit" in words["en"].message
    assert "dígito verificador" in words["pt"].message
    assert "dígito de control" in words["es"].message
    assert "0034-8911" in words["pt"].message


def test_journal_can_turn_a_rule_off_or_change_its_severity():
    text = mutate(
        GOOD,
        ("0034-8910<", "0034-8911<"),
        ('re:<article-id pub-id-type="doi">.*?</article-id>', ""),
    )
    codes = _codes(text, journal={"rules": {"issn-check-digit": "off", "doi-missing": "error"}})
    assert "issn-check-digit" not in codes
    assert codes["doi-missing"][0].severity == Severity.ERROR


def test_unknown_rule_names_in_the_journal_are_reported():
    codes = _codes(GOOD, journal={"rules": {"no-such-rule": "off", "doi-missing": "loud"}})
    messages = [d.message for d in codes["config.rules"]]
    assert any("no-such-rule" in m for m in messages)
    assert any("loud" in m for m in messages)
