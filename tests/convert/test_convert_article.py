"""Small named Markup articles converted to SciELO PS: front matter, body, back matter."""

from __future__ import annotations

from .conftest import assert_valid, convert

HEAD = (
    "[article pii=S2764-50102025000100102 doctopic=oa language=pt ccode=br1.1 status=1 "
    'version=4.0 type=nd order=102 seccode=nd sponsor=nd stitle="Rev. Saúde Desenvolv." '
    "volid=12 issueno=1 dateiso=20250300 artdate=20250320 fpage=4 lpage=14 pagcount=11 "
    "issn=2764-5010]"
)
FRONT = """[front][toctitle]Artigos Originais[/toctitle][doi]10.5555/rsd.2025.12.1.102[/doi]
[titlegrp][title language=pt]Cobertura vacinal no semiárido[/title]
[title language=es]Cobertura de vacunación[/title][/titlegrp]
[authgrp][author role=nd rid="aff1 aff2" corresp=y][fname]Juliana[/fname] [surname]Araújo[/surname]
[ctrbid ctrbidtp=orcid]https://orcid.org/0000-0002-4418-7634[/ctrbid][/author]
[corpauth][orgname]Grupo de Estudos[/orgname][/corpauth][/authgrp]
[aff id=aff1 orgname="Universidade Federal de Campina Grande" orgdiv1="Unidade de Ciências Médicas"][label]1[/label] Unidade de Ciências Médicas, Universidade Federal de Campina Grande, [city]Campina Grande[/city], [state]PB[/state], [country]Brasil[/country][/aff]
[aff id=aff2 orgname="Universidad de Chile"][label]2[/label] Universidad de Chile, [city]Santiago[/city], [country]Chile[/country][/aff]
[corresp id=c1][label]*[/label]Correspondência: [email]j@example.org[/email][/corresp]
[bibcom][xmlabstr language=pt][sectitle]Resumo[/sectitle][sec][sectitle]Objetivo[/sectitle][p]Analisar a tendência.[/p][/sec][sec][sectitle]Métodos[/sectitle][p]Estudo ecológico.[/p][/sec][/xmlabstr]
[keygrp scheme=decs][keyword type=m language=pt]Sarampo[/keyword][keyword type=m language=pt]Vacinação[/keyword][keyword type=m language=es]Sarampión[/keyword][/keygrp]
[abstract language=es]Analizar la tendencia.[/abstract]
[hist][received dateiso=20240814]14/08/2024[/received][revised dateiso=20241001]1/10/2024[/revised][accepted dateiso=20241209]9/12/2024[/accepted][/hist][/bibcom][/front]"""
BODY = """[xmlbody][sec sec-type=intro][sectitle]Introdução[/sectitle][p]O sarampo voltou[xref ref-type=bibr rid=B1][sup]1[/sup][/xref] (ver [xref ref-type=fig rid=f1]Figura 1[/xref] e [xref ref-type=table rid=t1]Tabela 1[/xref]).[/p]
[list listtype=bullet][li]primeiro[/li][li]segundo[/li][/list][/sec]
[sec sec-type=methods][sectitle]Métodos[/sectitle][p]Modelo:[/p][p][equation id=e1][texmath]y = a + bx[/texmath][label](1)[/label][/equation][/p]
[figgrp id=f1 ftype=graphic][graphic href=gf01.png][/graphic][label]Figura 1[/label][caption]Área do estudo[/caption][/figgrp]
[tabwrap id=t1][label]Tabela 1[/label][caption]Cobertura[/caption][table][thead][tr][th]Ano[/th][th]%[/th][/tr][/thead][tbody][tr][td]2015[/td][td]96,1[/td][/tr][/tbody][/table][fntable id=tfn1]Fonte: SI-PNI.[/fntable][/tabwrap]
[subsec][sectitle]Análise[/sectitle][p]Regressão de [sciname]Prais-Winsten[/sciname].[/p][/subsec][/sec][/xmlbody]"""
BACK = """[back][ack][sectitle]Agradecimentos[/sectitle][p]Aos municípios.[/p][/ack]
[vancouv standard=vancouv count=1][vcitat][no]1[/no]. [vcontrib][author role=nd][surname]Rocha[/surname] [fname]TM[/fname][/author], [author role=nd][surname]Queiroz[/surname] [fname]LB[/fname][/author], [et-al]et al[/et-al]. [vtitle][title language=pt]Reintrodução do sarampo[/title][/vtitle][/vcontrib]. [viserial][vstitle][stitle]Epidemiol Vigil Reg[/stitle][/vstitle]. [date dateiso=20210000]2021[/date];[volid]30[/volid]([issueno]2[/issueno]):[pages]106-13[/pages]. doi:[doi]10.5555/evr.2021.1[/doi].[/viserial][/vcitat][/vancouv]
[fngrp][fn id=fn1 fntype=conflict]Os autores declaram não haver conflito de interesses.[/fn][fn id=fn2 fntype=financial-disclosure]Financiado pelo [funding][award][fundsrc]CNPq[/fundsrc] [contract]123/2024[/contract][/award][/funding].[/fn][/fngrp]
[licenses][license language=pt lictype=open-access href="https://creativecommons.org/licenses/by/4.0/"][licensep]Licença CC BY 4.0.[/licensep][/license][/licenses]
[/back]"""
SUBART = """[subart id=s1 subarttp=translation language=es][front][titlegrp][title language=es]Cobertura de vacunación[/title][/titlegrp][/front]
[xmlbody][sec][sectitle]Introducción[/sectitle][p]El sarampión volvió.[/p][/sec][/xmlbody][back][/back][/subart]"""

ARTICLE = HEAD + FRONT + BODY + BACK + SUBART + "[/article]"


def _article():
    return convert(ARTICLE)


def test_article_is_valid_jats(jats_dtd):
    root, diags = _article()
    assert_valid(jats_dtd, root, "article")
    # converter diagnostics (sgml-*); the parser's own (sgml.*) are checked in its tests
    mine = [d.format() for d in diags if d.is_error and d.code.startswith("sgml-")]
    assert mine == []


def test_article_attributes_and_ids():
    root, _ = _article()
    assert root.get("article-type") == "research-article"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "pt"
    meta = root.find("front/article-meta")
    ids = {a.get("pub-id-type"): a.text for a in meta.findall("article-id")}
    assert ids == {"publisher-id": "S2764-50102025000100102", "other": "00102",
                   "doi": "10.5555/rsd.2025.12.1.102"}  # fmt: skip
    assert meta.findtext("article-categories/subj-group/subject") == "Artigos Originais"
    assert [meta.findtext(x) for x in ("volume", "issue", "fpage", "lpage")] == [
        "12",
        "1",
        "4",
        "14",
    ]


def test_titles_and_translated_titles():
    meta = _article()[0].find("front/article-meta")
    assert meta.findtext("title-group/article-title") == "Cobertura vacinal no semiárido"
    trans = meta.find("title-group/trans-title-group")
    assert trans.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert trans.findtext("trans-title") == "Cobertura de vacunación"


def test_contributors_orcid_affiliation_and_corresp_links():
    meta = _article()[0].find("front/article-meta")
    first, corp = meta.findall("contrib-group/contrib")
    assert first.findtext("name/surname") == "Araújo"
    assert first.findtext("name/given-names") == "Juliana"
    assert first.findtext("contrib-id[@contrib-id-type='orcid']") == "0000-0002-4418-7634"
    xrefs = [(x.get("ref-type"), x.get("rid"), x.text) for x in first.findall("xref")]
    assert xrefs == [("aff", "aff1", "1"), ("aff", "aff2", "2"), ("corresp", "c1", "*")]
    assert corp.findtext("collab") == "Grupo de Estudos"


def test_affiliations_normalised_with_country_codes():
    meta = _article()[0].find("front/article-meta")
    aff1, aff2 = meta.findall("aff")
    inst = {i.get("content-type"): i.text for i in aff1.findall("institution")}
    assert inst["orgname"] == "Universidade Federal de Campina Grande"
    assert inst["orgdiv1"] == "Unidade de Ciências Médicas"
    assert inst["original"].startswith("Unidade de Ciências Médicas, Universidade Federal")
    assert aff1.findtext("addr-line/named-content[@content-type='city']") == "Campina Grande"
    assert aff1.findtext("addr-line/named-content[@content-type='state']") == "PB"
    assert (aff1.find("country").text, aff1.find("country").get("country")) == ("Brasil", "BR")
    assert aff2.find("country").get("country") == "CL"


def test_structured_abstract_keywords_history():
    meta = _article()[0].find("front/article-meta")
    abstract = meta.find("abstract")
    assert abstract.findtext("title") == "Resumo"
    assert [s.findtext("title") for s in abstract.findall("sec")] == ["Objetivo", "Métodos"]
    trans = meta.find("trans-abstract")
    assert trans.findtext("p") == "Analizar la tendencia."
    groups = {
        g.get("{http://www.w3.org/XML/1998/namespace}lang"): [k.text for k in g]
        for g in meta.findall("kwd-group")
    }
    assert groups == {"pt": ["Sarampo", "Vacinação"], "es": ["Sarampión"]}
    kinds = [d.get("date-type") for d in meta.findall("history/date")]
    assert kinds == ["received", "rev-recd", "accepted"]
    assert meta.findtext("history/date[@date-type='accepted']/day") == "09"


def test_dates_license_funding_author_notes():
    meta = _article()[0].find("front/article-meta")
    pub = meta.find("pub-date[@date-type='pub']")
    assert [pub.findtext(x) for x in ("day", "month", "year")] == ["20", "03", "2025"]
    assert meta.find("pub-date[@date-type='collection']").findtext("day") is None
    lic = meta.find("permissions/license")
    assert (
        lic.get("{http://www.w3.org/1999/xlink}href")
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    award = meta.find("funding-group/award-group")
    assert (award.findtext("funding-source"), award.findtext("award-id")) == ("CNPq", "123/2024")
    notes = meta.find("author-notes")
    assert notes.find("corresp").findtext("email") == "j@example.org"
    assert notes.find("fn").get("fn-type") == "conflict"


def test_body_sections_lists_figures_tables_equations():
    body = _article()[0].find("body")
    intro, methods = body.findall("sec")
    assert intro.get("sec-type") == "intro" and intro.findtext("title") == "Introdução"
    xrefs = [(x.get("ref-type"), x.get("rid")) for x in intro.iter("xref")]
    assert xrefs == [("bibr", "B1"), ("fig", "f1"), ("table", "t1")]
    assert [i.findtext("p") for i in intro.findall("list/list-item")] == ["primeiro", "segundo"]
    assert methods.find(".//disp-formula[@id='e1']/tex-math").text == "y = a + bx"
    fig = methods.find("fig")
    assert fig.get("id") == "f1" and fig.findtext("caption/title") == "Área do estudo"
    assert fig.find("graphic").get("{http://www.w3.org/1999/xlink}href") == "gf01.png"
    table = methods.find("table-wrap")
    assert [c.text for c in table.iter("th")] == ["Ano", "%"]
    assert table.findtext("table-wrap-foot/fn/p") == "Fonte: SI-PNI."
    assert methods.find("sec/title").text == "Análise"
    assert methods.find("sec/p/italic").text == "Prais-Winsten"


def test_back_ack_refs_footnotes():
    back = _article()[0].find("back")
    assert back.findtext("ack/p") == "Aos municípios."
    ref = back.find("ref-list/ref")
    assert ref.get("id") == "B1" and ref.findtext("label") == "1"
    assert ref.findtext("mixed-citation") == (
        "1. Rocha TM, Queiroz LB, et al. Reintrodução do sarampo. Epidemiol Vigil Reg. "
        "2021;30(2):106-13. doi:10.5555/evr.2021.1."
    )
    cit = ref.find("element-citation")
    assert cit.get("publication-type") == "journal"
    names = [(n.findtext("surname"), n.findtext("given-names")) for n in cit.iter("name")]
    assert names == [("Rocha", "TM"), ("Queiroz", "LB")]
    assert cit.find("person-group/etal") is not None
    fields = {c.tag: c.text for c in cit if c.tag != "person-group"}
    assert fields["article-title"] == "Reintrodução do sarampo"
    assert (fields["source"], fields["year"], fields["volume"], fields["issue"]) == (
        "Epidemiol Vigil Reg", "2021", "30", "2")  # fmt: skip
    assert (fields["fpage"], fields["lpage"]) == ("106", "113")
    assert cit.findtext("pub-id[@pub-id-type='doi']") == "10.5555/evr.2021.1"
    assert [fn.get("fn-type") for fn in back.findall("fn-group/fn")] == ["financial-disclosure"]


def test_translation_becomes_sub_article(jats_dtd):
    root = _article()[0]
    sub = root.find("sub-article")
    assert sub.get("article-type") == "translation"
    assert sub.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert sub.findtext("front-stub/title-group/article-title") == "Cobertura de vacunación"
    assert sub.findtext("body/sec/p") == "El sarampión volvió."


def test_latin1_bytes_are_read():
    root, _ = convert(ARTICLE, encoding="latin-1")
    assert root.findtext("front/article-meta/title-group/article-title").endswith("semiárido")
