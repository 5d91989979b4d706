"""The XML reader never fetches, never expands external entities, and reports position for bad input."""

from __future__ import annotations

from scielo_pub.markup.jats import read_xml

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<article><front>&secret;</front></article>"""

XXE_HTTP = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY remote SYSTEM "http://127.0.0.1:9/evil">]>
<article>&remote;</article>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY a "hahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<article>&f;</article>"""


def test_external_file_entity_is_not_read():
    result = read_xml(XXE_FILE, path="x.xml")
    assert result.tree is not None
    assert b"root:" not in __import__("lxml.etree").etree.tostring(result.tree)
    assert any(d.code == "xml.entity" for d in result.diagnostics)


def test_http_entity_is_not_fetched():
    result = read_xml(XXE_HTTP, path="x.xml")
    assert result.tree is not None
    assert any(d.code == "xml.entity" for d in result.diagnostics)


def test_billion_laughs_does_not_expand():
    result = read_xml(LAUGHS, path="x.xml")
    text = "".join(result.tree.getroot().itertext()) if result.tree is not None else ""
    assert len(text) < 1000


def test_standard_character_entities_are_expanded_without_a_dtd():
    data = b'<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" "JATS-journalpublishing1.dtd"><article><p>a&nbsp;b&eacute;</p></article>'
    result = read_xml(data)
    assert result.tree.getroot().findtext("p") == "a\u00a0bé"
    assert result.diagnostics == []


def test_not_well_formed_is_positioned():
    result = read_xml(b"<article>\n  <front>\n</article>", path="bad.xml")
    assert result.tree is None
    first = result.diagnostics[0]
    assert (first.path, first.line) == ("bad.xml", 3)
    assert first.format().startswith("bad.xml:3:")
    assert first.format().endswith("[xml.not-well-formed]")


def test_empty_and_wrong_root():
    assert read_xml(b"  ").diagnostics[0].code == "xml.empty"
    assert read_xml(b"<html/>").diagnostics[0].code == "xml.root"
