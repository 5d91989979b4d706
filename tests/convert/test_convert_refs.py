"""References in the five Markup citation styles and in doc refs -> mixed + element citations."""

from __future__ import annotations

import pytest

from .conftest import assert_valid, convert

HEAD = (
    "[article pii=nd doctopic=oa language=en ccode=x status=1 version=4.0 type=nd order=1 "
    "seccode=nd sponsor=nd stitle=Rev dateiso=20200100 fpage=1 lpage=9 pagcount=9 issn=0000-0000]"
    "[front][titlegrp][title language=en]Refs[/title][/titlegrp][/front][xmlbody][p]x[/p][/xmlbody]"
)

ISO = """[iso690 standard=iso690 count=1][icitat][no]1[/no] [icontrib][author role=nd][surname]SILVA[/surname], [fname]M.[/fname][/author]. [title language=en]Air and health[/title][/icontrib]. [iiserial][stitle]Rev Saude Publica[/stitle], [date dateiso=20140000]2014[/date], [volid]48[/volid], [issueno]2[/issueno], [pages]206-215[/pages].[/iiserial][/icitat][/iso690]"""
ABNT = """[abnt6023 standard=abnt6023 count=2][acitat][acontrib][author role=nd][surname]SOUZA[/surname], [fname]J.[/fname][/author]; [author role=nd][surname]LIMA[/surname], [fname]A. B.[/fname][/author]. [title language=pt]Dengue no Nordeste[/title]. [/acontrib][aiserial][sertitle]Cadernos de Saúde Pública[/sertitle], [city]Rio de Janeiro[/city], v. [volid]30[/volid], n. [issueno]4[/issueno], p. [pages]1-10[/pages], [date dateiso=20190400]abr. 2019[/date].[/aiserial][/acitat]
[acitat][amonog][author role=nd][surname]MINAYO[/surname], [fname]M. C. S.[/fname][/author]. [title language=pt]O desafio do conhecimento[/title]. [edition]14. ed[/edition]. [city]São Paulo[/city]: [pubname]Hucitec[/pubname], [date dateiso=20140000]2014[/date].[/amonog][/acitat][/abnt6023]"""
APA = """[apa standard=apa count=1][pcitat][pcontrib][author role=nd][surname]Pérez[/surname], [fname]L.[/fname][/author] ([date dateiso=20180000]2018[/date]). [title language=es]Bosques andinos[/title]. [/pcontrib][piserial][sertitle]Ecología Austral[/sertitle], [volid]28[/volid]([issueno]1[/issueno]), [pages]45-60[/pages]. [doi]10.25260/EA.18.28.1.0.1[/doi][/piserial][/pcitat][/apa]"""
OTHER = """[other standard=other count=1][ocitat][no]1[/no]. [ocontrib][oauthor role=nd][surname]Gomes[/surname] [fname]R[/fname][/oauthor]. [title language=pt]Tese sobre arboviroses[/title][/ocontrib]. [omonog][thesis][degree]Doutorado[/degree] - [orgname]USP[/orgname], [city]São Paulo[/city], [date dateiso=20200000]2020[/date][/thesis].[/omonog][/ocitat][/other]"""
VAN_BOOK = """[vancouv standard=vancouv count=2][vcitat][no]1[/no]. [vcontrib][author role=nd][surname]Rothman[/surname] [fname]KJ[/fname][/author]. [vtitle][title language=en]Causation[/title][/vtitle][/vcontrib]. In: [vmonog][author role=ed][surname]Greenland[/surname] [fname]S[/fname][/author], editor. [vtitle][title language=en]Modern epidemiology[/title][/vtitle]. [edition]3rd ed[/edition]. [city]Philadelphia[/city]: [pubname]LWW[/pubname]; [date dateiso=20080000]2008[/date]. p. [pages]5-31[/pages].[/vmonog][/vcitat]
[vcitat][no]2[/no]. [vmonog][corpauth][orgname]World Health Organization[/orgname][/corpauth]. [vtitle][title language=en]Immunization Agenda 2030[/title][/vtitle] &#091;Internet&#093;. [city]Geneva[/city]: [pubname]WHO[/pubname]; [date dateiso=20200000]2020[/date] &#091;[cited dateiso=20240902]cited 2024 Sep 2[/cited]&#093;. Available from: [url]https://www.who.int/ia2030[/url][/vmonog][/vcitat][/vancouv]"""


def _refs(block: str):
    root, _ = convert(HEAD + "[back]" + block + "[/back][/article]")
    return root, root.findall("back/ref-list/ref")


def _fields(ref):
    cit = ref.find("element-citation")
    out = {c.tag: c.text for c in cit if c.tag not in ("person-group", "pub-id")}
    out["type"] = cit.get("publication-type")
    out["names"] = [
        (g.get("person-group-type"), n.findtext("surname") or n.text) for g in cit.iter("person-group")
        for n in g if n.tag in ("name", "collab")
    ]  # fmt: skip
    return out


@pytest.mark.parametrize(
    "block",
    [ISO, ABNT, APA, OTHER, VAN_BOOK],
    ids=["iso690", "abnt6023", "apa", "other", "vancouv-book"],
)
def test_every_style_converts_to_valid_jats(block, jats_dtd):
    root, refs = _refs(block)
    assert refs
    assert_valid(jats_dtd, root, "refs")


def test_iso690_journal_article():
    ref = _refs(ISO)[1][0]
    f = _fields(ref)
    assert (f["type"], f["article-title"], f["source"], f["year"]) == (
        "journal",
        "Air and health",
        "Rev Saude Publica",
        "2014",
    )
    assert (f["volume"], f["issue"], f["fpage"], f["lpage"]) == ("48", "2", "206", "215")
    assert f["names"] == [("author", "SILVA")]
    assert (
        ref.findtext("mixed-citation")
        == "1 SILVA, M.. Air and health. Rev Saude Publica, 2014, 48, 2, 206-215."
    )


def test_abnt6023_keeps_printed_punctuation_and_parts():
    refs = _refs(ABNT)[1]
    assert [r.get("id") for r in refs] == ["B1", "B2"]
    assert refs[0].findtext("mixed-citation") == (
        "SOUZA, J.; LIMA, A. B.. Dengue no Nordeste. Cadernos de Saúde Pública, Rio de Janeiro, "
        "v. 30, n. 4, p. 1-10, abr. 2019."
    )
    f = _fields(refs[0])
    assert f["names"] == [("author", "SOUZA"), ("author", "LIMA")]
    assert (f["source"], f["volume"], f["issue"], f["year"], f["publisher-loc"]) == (
        "Cadernos de Saúde Pública", "30", "4", "2019", "Rio de Janeiro")  # fmt: skip
    book = _fields(refs[1])
    assert (book["type"], book["source"], book["edition"], book["publisher-name"]) == (
        "book", "O desafio do conhecimento", "14. ed", "Hucitec")  # fmt: skip
    assert book["publisher-loc"] == "São Paulo"


def test_apa_with_doi():
    ref = _refs(APA)[1][0]
    f = _fields(ref)
    assert (f["type"], f["source"], f["year"], f["volume"], f["issue"]) == (
        "journal",
        "Ecología Austral",
        "2018",
        "28",
        "1",
    )
    assert ref.findtext("element-citation/pub-id[@pub-id-type='doi']") == "10.25260/EA.18.28.1.0.1"


def test_other_style_thesis():
    f = _fields(_refs(OTHER)[1][0])
    assert f["type"] == "thesis"
    assert f["chapter-title"] == "Tese sobre arboviroses" or f.get("article-title") is None
    assert (f["publisher-name"], f["publisher-loc"], f["year"]) == ("USP", "São Paulo", "2020")


def test_vancouver_chapter_with_editors_and_web_report():
    refs = _refs(VAN_BOOK)[1]
    chapter = _fields(refs[0])
    assert chapter["type"] == "book"
    assert chapter["chapter-title"] == "Causation" and chapter["source"] == "Modern epidemiology"
    assert chapter["names"] == [("author", "Rothman"), ("editor", "Greenland")]
    assert (chapter["fpage"], chapter["lpage"]) == ("5", "31")
    web = refs[1]
    f = _fields(web)
    assert f["names"] == [("author", "World Health Organization")]
    assert f["ext-link"] == "https://www.who.int/ia2030"
    assert f["date-in-citation"] == "cited 2024 Sep 2"
    assert "[cited 2024 Sep 2]. Available from:" in web.findtext("mixed-citation")
