"""Independent check: ioisis (PyPI) reads every ISO file we write to exactly our fields and subfields."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scielo_pub.lilacs.isis import IsisRecord
from scielo_pub.lilacs.iso2709 import read_iso, write_iso

from .helpers import ioisis_fields, ioisis_subfields, our_subfields

LATIN1_TEXT = st.text(
    st.characters(min_codepoint=1, max_codepoint=255, blacklist_characters="\r"), max_size=300
)
UNICODE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=120
)


def records(text):
    field = st.tuples(st.integers(min_value=1, max_value=999), text)
    return st.lists(
        st.builds(IsisRecord, st.lists(field, min_size=1, max_size=25).map(tuple)),
        min_size=1,
        max_size=4,
    )


def assert_ioisis_agrees(recs: list[IsisRecord], encoding: str) -> None:
    data = write_iso(recs, encoding)
    theirs = ioisis_fields(data, encoding)
    assert theirs == [list(r.fields) for r in recs]
    for rec in recs:
        for _, value in rec.fields:
            if "^^" in value:
                # A caret as a subfield code ("^^x") is no ISIS subfield; ioisis's splitter then
                # reports the code's value a second time as a subfield of its own (it gives
                # ("^", "0"), ("0", "") for "^^0"), so the two splits are not comparable there.
                continue
            assert ioisis_subfields(value) == our_subfields(value)
    assert read_iso(data, encoding).records == recs


@settings(max_examples=60, deadline=None)
@given(records(LATIN1_TEXT))
def test_ioisis_reads_our_latin1_iso(recs):
    assert_ioisis_agrees(recs, "latin-1")


@settings(max_examples=60, deadline=None)
@given(records(UNICODE_TEXT))
def test_ioisis_reads_our_utf8_iso(recs):
    assert_ioisis_agrees(recs, "utf-8")


@pytest.mark.refdata
@pytest.mark.parametrize(
    "name", ["lilacs_Sas_mioc.iso", "scielo_mioc_v89n1.iso", "bireme_centros.iso"]
)
def test_ioisis_reads_shared_files_as_we_do(shared_data, name):
    data = (shared_data / "lilacs" / name).read_bytes()
    ours = read_iso(data).records
    assert ioisis_fields(write_iso(ours), "latin-1") == [list(r.fields) for r in ours]
