"""Every reader, driven with arbitrary bytes and mutated real inputs: the only exception that may come
out is the project's own error base (``ScieloPubError``); everything else is a diagnostic."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scielo_pub.citations.importers import records_from_crossref, records_from_pubmed_xml
from scielo_pub.citations.parse import parse_many
from scielo_pub.dtd.package import read_zip
from scielo_pub.dtd.validate import validate_article
from scielo_pub.errors import ScieloPubError
from scielo_pub.lilacs.formats import read_records
from scielo_pub.lilacs.iso2709 import write_iso
from scielo_pub.lilacs.jsonl import write_jsonl
from scielo_pub.markup.readers import ReadOptions, read_article

from .corpus import SGML_TEMPLATE, XML_TEMPLATE

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
XML = XML_TEMPLATE.read_bytes()
SGML = SGML_TEMPLATE.read_bytes()


@st.composite
def mutated(draw, data: bytes):
    """``data`` with a few random cuts, insertions, duplications and byte changes."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "dup", "flip"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "cut":
            del out[at : at + draw(st.integers(1, 400))]
        elif kind == "insert":
            out[at:at] = draw(st.sampled_from([b"<", b"[", b"]", b"&", b"<![CDATA[", b"\x00",
                                               b"<!ENTITY x 'y'>", b"[sec]", b"</", b"\xff\xfe"]))  # fmt: skip
        elif kind == "dup":
            piece = out[at : at + draw(st.integers(1, 2000))]
            out[at:at] = piece * draw(st.integers(1, 5))
        elif out:
            out[at] = draw(st.integers(0, 255))
    return bytes(out)


def _guarded(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ScieloPubError:
        return None


@FAST
@given(st.binary(max_size=2000))
def test_xml_reader_arbitrary_bytes(data):
    _guarded(read_article, data, "a.xml")


@FAST
@given(mutated(XML))
def test_xml_article_mutated(data):
    _guarded(validate_article, data, path="a.xml")


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=2000))
def test_sgml_reader_arbitrary_bytes(data):
    _guarded(read_article, data, "a.sgm", ReadOptions(dtd="art4_0"))


@settings(max_examples=25, deadline=None)
@given(mutated(SGML))
def test_sgml_article_mutated(data):
    _guarded(validate_article, data, path="a.sgm", journal={"dtd": "art4_0"})


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@FAST
@given(st.one_of(st.binary(max_size=3000), mutated(_zip({"a.xml": XML, "b.png": b"\x89PNG"}))))
def test_zip_package_reader(tmp_path_factory, data):
    path = Path(tmp_path_factory.mktemp("zip")) / "p.zip"
    path.write_bytes(data)
    package = _guarded(read_zip, path)
    assert package is None or isinstance(package.members, tuple)


def _lilacs_samples() -> dict[str, bytes]:
    from scielo_pub.lilacs.isis import IsisRecord

    records = [IsisRecord([(10, "Silva, A^1aff1"), (12, "Título ^ien"), (64, "2020")])]
    return {"iso": write_iso(records), "json": write_jsonl(records)}


@pytest.mark.parametrize("fmt", ["iso", "id", "json"])
@FAST
@given(data=st.binary(max_size=2000))
def test_lilacs_readers_arbitrary_bytes(fmt, data):
    _guarded(read_records, data, fmt, "utf-8" if fmt == "json" else "latin-1")


@pytest.mark.parametrize("fmt", ["iso", "json"])
@FAST
@given(data=st.data())
def test_lilacs_readers_mutated(fmt, data):
    sample = _lilacs_samples()[fmt]
    _guarded(read_records, data.draw(mutated(sample)), fmt, "latin-1")


@FAST
@given(st.lists(st.text(max_size=200), max_size=5))
def test_reference_list_reader(lines):
    for record in parse_many(lines):
        assert isinstance(record, dict)


@FAST
@given(st.one_of(st.binary(max_size=1500), st.just(b"<PubmedArticleSet/>")))
def test_pubmed_reader(data):
    _guarded(lambda: list(records_from_pubmed_xml(data)))


@FAST
@given(st.recursive(st.none() | st.text(max_size=20) | st.integers(),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                    max_leaves=20))  # fmt: skip
def test_crossref_reader(obj):
    _guarded(lambda: list(records_from_crossref(obj)))
