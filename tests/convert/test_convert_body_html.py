"""The HTML [body] (CDATA) becomes sanitised JATS sections and paragraphs; text and doc documents."""

from __future__ import annotations

from lxml import etree

from scielo_pub.sanitise import clean_html as sanitize_html

from .conftest import assert_valid, convert

HEAD = (
    "[article pii=nd doctopic=ed language=en ccode=x status=1 version=4.0 type=nd order=1 "
    "seccode=nd sponsor=nd stitle=Rev dateiso=20200100 fpage=1 lpage=9 pagcount=9 issn=0000-0000]"
    "[front][titlegrp][title language=en]Body[/title][/titlegrp][/front]"
)
HTML = """[body]<p>INTRODUCTION</p><p onclick="steal()">Air <b>pollution</b> & health, 5 < 6.<script>alert(1)</script></p>
<p><a href="javascript:alert(2)">bad link</a> and <a href="https://example.org/x">good link</a><img src="x.png" onerror="y()"></p>
<h2>Methods</h2><p>Sample <i>in vitro</i> H<sub>2</sub>O.</p><ul><li>one</li><li>two</li></ul>
<h3>Data</h3><table><tr><td colspan="2" onmouseover="z()">cell</td></tr></table><style>p{}</style>
<p><strong>Subtitle in bold</strong></p><p>Last paragraph.</p>[/body]"""


def _html_article():
    return convert(HEAD + HTML + "[/article]")[0]


def test_html_body_is_valid_jats(jats_dtd):
    assert_valid(jats_dtd, _html_article(), "html body")


def test_html_body_has_no_scripts_handlers_or_javascript_urls():
    text = etree.tostring(_html_article().find("body"), encoding="unicode")
    for bad in ("script", "alert", "onclick", "onerror", "onmouseover", "javascript:", "p{}"):
        assert bad not in text


def test_html_body_sections_from_headings_and_title_paragraphs():
    body = _html_article().find("body")
    titles = [s.findtext("title") for s in body.findall("sec")]
    assert titles == ["INTRODUCTION", "Methods"]
    methods = body.findall("sec")[1]
    assert methods.find("sec/title").text == "Data"
    assert methods.find("p/italic").text == "in vitro"
    assert methods.find("p/sub").text == "2"
    assert [li.findtext("p") for li in methods.iter("list-item")] == ["one", "two"]
    intro = body.find("sec")
    assert intro.find("p/bold").text == "pollution"
    links = [(a.get("{http://www.w3.org/1999/xlink}href"), a.text) for a in intro.iter("ext-link")]
    assert links == [("https://example.org/x", "good link")]
    assert methods.find(".//table//td").get("colspan") == "2"


def test_sanitizer_keeps_allowed_markup_only():
    assert sanitize_html('<p style="x" onload="y">a<script>b</script></p>') == "<p>a</p>"
    assert "href" not in sanitize_html('<a href="javascript:x()">k</a>')


TEXT = (
    "[text pii=nd doctopic=ed language=pt ccode=x status=1 version=4.0 type=nd order=1 "
    'seccode=nd sponsor=nd stitle="Cienc. Rural" volid=42 issueno=1 dateiso=20120100 fpage=1 '
    "lpage=2 pagcount=2 issn=0103-8478 toccode=1]"
    "[titlegrp][title language=pt]Editorial sintético[/title][/titlegrp]"
    "[authgrp][author role=ed][fname]Ana[/fname] [surname]Pereira[/surname][/author][/authgrp]\n"
    "Primeiro parágrafo com [sciname]Aedes aegypti[/sciname] &eacute; flutuante.\n"
    "Segundo parágrafo.[/text]"
)


def test_text_document_free_text_becomes_paragraphs(jats_dtd):
    root, _ = convert(TEXT, dtd="text4_0")
    assert_valid(jats_dtd, root, "text")
    assert root.get("article-type") == "editorial"
    paras = root.findall("body/p")
    assert [etree.tostring(p, method="text", encoding="unicode") for p in paras] == [
        "Primeiro parágrafo com Aedes aegypti é flutuante.",
        "Segundo parágrafo.",
    ]
    assert paras[0].find("italic").text == "Aedes aegypti"
    contrib = root.find("front/article-meta/contrib-group/contrib")
    assert contrib.get("contrib-type") == "editor"


def test_text_root_is_found_even_when_journal_says_art4_0():
    root, _ = convert(TEXT, dtd="art4_0")
    assert root.findtext("front/article-meta/title-group/article-title") == "Editorial sintético"


DOC = """[doc sps=1.9 acron=rsd jtitle="Revista de Saúde e Desenvolvimento" stitle="Rev. Saúde Desenvolv." issn=2764-5010 pissn=2764-5010 eissn=2965-0348 pubname="Associação Brasileira" license="https://creativecommons.org/licenses/by/4.0/" volid=12 issueno=2 dateiso=20250600 artdate=20250610 fpage=0 lpage=0 elocatid=e00203 doctopic=ra language=pt]
[toctitle]Revisão[/toctitle][doi]10.5555/rsd.2025.12.2.e00203[/doi]
[doctitle language=pt]Arboviroses no Nordeste[/doctitle][doctitle language=en]Arboviruses in the Northeast[/doctitle]
[author role=nd rid=aff1][fname]Maria[/fname] [surname]Silva[/surname][/author]
[normaff id=aff1 ncountry=Brazil norgname="Universidade de São Paulo" icountry=BR][label]1[/label] [orgdiv1]Faculdade de Saúde Pública[/orgdiv1], [orgname]USP[/orgname], [city]São Paulo[/city], [state]SP[/state], [country]Brasil[/country][/normaff]
[abstract language=pt]Revisão de escopo.[/abstract][kwdgrp language=pt][sectitle]Palavras-chave:[/sectitle] [kwd]Dengue[/kwd]; [kwd]Zika[/kwd][/kwdgrp]
[xmlbody][sec][sectitle]Introdução[/sectitle][p]Texto[xref ref-type=bibr rid=B1]1[/xref].[/p][/sec][/xmlbody]
[refs][sectitle]Referências[/sectitle][ref id=B1 reftype=journal][label]1[/label]. [authors role=nd][pauthor][surname]Braga[/surname] [fname]ALF[/fname][/pauthor][/authors]. [arttitle]Health effects[/arttitle]. [source]Pediatr Pulmonol[/source]. [date dateiso=20010000]2001[/date];[volid]31[/volid]([issueno]2[/issueno]):[pages]106-13[/pages].[/ref][/refs]
[/doc]"""


def test_doc_document_carries_journal_metadata(jats_dtd):
    root, _ = convert(DOC, dtd="doc4_0")
    assert_valid(jats_dtd, root, "doc")
    jm = root.find("front/journal-meta")
    assert jm.findtext("journal-id[@journal-id-type='publisher-id']") == "rsd"
    assert jm.findtext("journal-title-group/journal-title") == "Revista de Saúde e Desenvolvimento"
    assert [i.text for i in jm.findall("issn")] == ["2764-5010", "2965-0348"]
    meta = root.find("front/article-meta")
    assert meta.findtext("elocation-id") == "e00203"
    assert root.get("article-type") == "review-article" and root.get("specific-use") == "sps-1.9"
    aff = meta.find("aff")
    inst = {i.get("content-type"): i.text for i in aff.findall("institution")}
    assert inst["normalized"] == "Universidade de São Paulo" and inst["orgname"] == "USP"
    assert aff.find("country").get("country") == "BR"
    assert meta.findtext("kwd-group/title") == "Palavras-chave:"
    assert meta.find("permissions/license") is not None
    ref = root.find("back/ref-list/ref")
    assert (
        ref.get("id") == "B1" and ref.findtext("element-citation/article-title") == "Health effects"
    )
    assert root.find("body//xref").get("rid") == "B1"


def test_stray_punctuation_in_citations_is_folded_into_one_note():
    from .test_convert_refs import ABNT
    from .test_convert_refs import HEAD as REF_HEAD

    _root, diags = convert(REF_HEAD + "[back]" + ABNT + "[/back][/article]")
    assert not [d for d in diags if d.code == "sgml.stray-text"]
    notes = [d for d in diags if d.code == "sgml-printed-text"]
    assert len(notes) == 1 and notes[0].message.split()[0].isdigit()


def test_stray_text_elsewhere_is_still_reported():
    text = (
        HEAD.replace("[/front]", "[/front]")
        + "[xmlbody][sec][sectitle]T[/sectitle]loose words[p]x[/p][/sec][/xmlbody][/article]"
    )
    _root, diags = convert(text)
    assert any(d.code == "sgml.stray-text" for d in diags)
