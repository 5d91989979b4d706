"""The three metadata formats: oai_dc's structure and values, jats as the stored canonical XML, and
lilacs valid against the shipped schema and equal to the stored LILACS record; and any request,
however malformed, is a schema-valid OAI-PMH answer."""

from __future__ import annotations

import json

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import select

from scielo_pub.lilacs.isis import join_subfields
from scielo_pub.lilacs.jsonl import json_to_record
from scielo_pub.site.oai_metadata import DC_NS, JATS_NS, LILACS_XSD, iso639, lilacs
from scielo_pub.store import schema as s

from .conftest import BASE, OAI, Harvest

pytestmark = pytest.mark.refdata

DC_ELEMENTS = {
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
    "format", "identifier", "source", "language", "relation", "coverage", "rights",
}  # fmt: skip
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def stored(engine, ident: str):
    with engine.connect() as conn:
        return conn.execute(select(s.articles).where(s.articles.c.ident == ident)).mappings().one()


def all_idents(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(s.articles.c.ident).order_by(s.articles.c.id)).scalars())


def metadata_of(oai: Harvest, ident: str, prefix: str) -> etree._Element:
    root = oai.get(verb="GetRecord", identifier=f"oai:demo:{ident}", metadataPrefix=prefix)
    (payload,) = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata")
    return payload


def test_iso639_codes():
    assert [iso639(x) for x in ("pt", "pt-BR", "EN", "es_AR", "spa", "", None, "x-private")] == [
        "pt", "pt", "en", "es", "spa", "", "", ""
    ]  # fmt: skip


def test_oai_dc_of_every_article(oai, shared_engine):
    for ident in all_idents(shared_engine):
        row = stored(shared_engine, ident)
        dc = metadata_of(oai, ident, "oai_dc")
        assert dc.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
        names = [etree.QName(e).localname for e in dc]
        assert {etree.QName(e).namespace for e in dc} == {DC_NS} and set(names) <= DC_ELEMENTS
        languages = [e.text for e in dc.iter(f"{{{DC_NS}}}language")]
        assert languages == row["languages"] and all(len(x) == 2 for x in languages)
        identifiers = [e.text for e in dc.iter(f"{{{DC_NS}}}identifier")]
        assert identifiers[0] == BASE + row["landing_path"]
        if row["doi"]:
            assert f"https://doi.org/{row['doi']}" in identifiers
        titles = {e.get(XML_LANG): e.text for e in dc.iter(f"{{{DC_NS}}}title")}
        assert titles[row["language"]] == row["title"]
        assert dc.findtext(f"{{{DC_NS}}}creator")
        assert dc.findtext(f"{{{DC_NS}}}date") == row["pub_date"]


def test_oai_dc_lists_authors_as_surname_given_names(oai, shared_engine):
    ident = all_idents(shared_engine)[0]
    with shared_engine.connect() as conn:
        first = conn.execute(
            select(s.contributors)
            .join(s.articles, s.articles.c.id == s.contributors.c.article_id)
            .where(s.articles.c.ident == ident, s.contributors.c.role == "author")
            .order_by(s.contributors.c.position)
        ).mappings().first()  # fmt: skip
    creators = [e.text for e in metadata_of(oai, ident, "oai_dc").iter(f"{{{DC_NS}}}creator")]
    assert creators[0] == f"{first['surname']}, {first['given_names']}"


def shape(element: etree._Element, namespace: str = "") -> list:
    """Every node in document order: names (``namespace`` taken off), attributes, text and tail."""
    out = []
    for el in element.iter():
        tag = el.tag if isinstance(el.tag, str) else repr(el.tag)
        if namespace and tag.startswith(f"{{{namespace}}}"):
            tag = tag[len(namespace) + 2 :]
        out.append((tag, dict(el.attrib), el.text, el.tail if el is not element else None))
    return out


def test_jats_is_the_stored_canonical_xml_in_the_jats_namespace(oai, shared_engine):
    for ident in all_idents(shared_engine):
        article = metadata_of(oai, ident, "jats")
        assert article.tag == f"{{{JATS_NS}}}article"
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
        original = etree.fromstring(stored(shared_engine, ident)["xml"].encode(), parser)
        assert shape(article, JATS_NS) == shape(original)


@pytest.fixture(scope="module")
def lilacs_schema():
    return xmlschema.XMLSchema(str(LILACS_XSD))


def test_lilacs_is_valid_and_is_the_stored_record(oai, shared_engine, lilacs_schema):
    checked = 0
    for ident in all_idents(shared_engine):
        row = stored(shared_engine, ident)
        if row["lilacs_json"] is None:
            continue
        record = metadata_of(oai, ident, "lilacs")
        lilacs_schema.validate(etree.tostring(record).decode())
        ns = "{urn:scielo-pub:lilacs-record:1}"
        rebuilt = [
            (int(f.get("tag")), join_subfields(
                f.findtext(f"{ns}text") or "",
                [(sub.get("code"), sub.text or "") for sub in f.iter(f"{ns}subfield")],
            ))
            for f in record.iter(f"{ns}field")
        ]  # fmt: skip
        assert rebuilt == list(json_to_record(json.loads(row["lilacs_json"])).fields)
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    "fields",
    [[(0, "x", [])], [(10, "x", [("ab", "y")])], []],
    ids=["tag zero", "two-letter subfield code", "no field"],
)
def test_the_lilacs_schema_rejects_what_is_not_a_record(lilacs_schema, fields):
    element = lilacs(fields) if fields else lilacs([(1, "x", [])])
    if not fields:
        element.remove(element[0])
    if fields and fields[0][0] == 0:
        element[0].set("tag", "0")
    assert not lilacs_schema.is_valid(etree.tostring(element).decode())


ARG_NAMES = ["verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken", "x"]
VALUES = st.one_of(
    st.sampled_from(["Identify", "ListRecords", "ListSets", "GetRecord", "ListIdentifiers",
                     "ListMetadataFormats", "oai_dc", "jats", "lilacs", "2024-03-01",
                     "2024-03-01T10:00:00Z", "9999-12-31", "0001-01-01", "journal:ecl",
                     "oai:demo:S0718-462X2024000100101"]),
    st.text(max_size=30),
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(ARG_NAMES), VALUES), max_size=5))
def test_any_request_is_a_valid_answer(oai, pairs):
    from urllib.parse import urlencode

    with oai.client.get("/oai?" + urlencode(pairs)) as response:
        root = oai.check(response)
    assert root.find(f"{OAI}responseDate") is not None


def test_dc_source_cites_journal_issue_pages_and_year(oai, shared_engine):
    for ident in all_idents(shared_engine):
        row = stored(shared_engine, ident)
        source = metadata_of(oai, ident, "oai_dc").findtext(f"{{{DC_NS}}}source")
        parts = source.split(", ")
        assert parts[-1] == str(row["year"]) and f"v. {row['volume']}" in parts
        if row["fpage"]:
            assert f"p. {row['fpage']}-{row['lpage']}" in parts
        elif row["elocation_id"]:
            assert row["elocation_id"] in parts
