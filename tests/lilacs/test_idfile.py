"""CISIS ``.id`` writer/reader: shared files field for field and byte for byte, odd lines."""

from __future__ import annotations

import pytest

from scielo_pub.lilacs.idfile import read_id, write_id
from scielo_pub.lilacs.iso2709 import read_iso

from .helpers import record

PAIRS = [("lilacs_Sas_mioc", 53), ("scielo_mioc_v89n1", 136)]


def test_layout_is_i2id():
    data = write_id([record((1, "BR1.1"), (12, "T\u00edtulo^ipt")), record((2, "x"))])
    assert data == b"!ID 0000001\n!v001!BR1.1\n!v012!T\xedtulo^ipt\n!ID 0000002\n!v002!x\n"


def test_line_breaks_in_values_are_reported_and_written_as_spaces():
    diags = []
    data = write_id([record((83, "one\ntwo"))], diagnostics=diags)
    assert data.endswith(b"!v083!one two\n") and diags[0].code == "id-line-break"


def test_crlf_blank_and_bad_lines():
    data = b"!ID 0\r\n!v001!a \r\n\r\nnonsense\r\n!vx!y\r\n!ID 00000\r\n!v002!b\r\n"
    result = read_id(data)
    assert [r.fields for r in result.records] == [((1, "a "),), ((2, "b"),)]
    assert [d.code for d in result.diagnostics] == ["id-crlf", "id-bad-line", "id-bad-line"]


def test_trailing_spaces_are_kept():
    assert read_id(b"!ID 1\n!v012!pt \n").records[0].fields == ((12, "pt "),)


@pytest.mark.refdata
@pytest.mark.parametrize(("name", "count"), PAIRS)
def test_shared_id_files_match_their_iso_and_round_trip(shared_data, name, count):
    id_bytes = (shared_data / "lilacs" / f"{name}.id").read_bytes()
    from_id = read_id(id_bytes)
    from_iso = read_iso((shared_data / "lilacs" / f"{name}.iso").read_bytes())
    assert from_id.diagnostics == [] and len(from_id.records) == count
    assert from_iso.records == from_id.records
    assert write_id(from_id.records) == id_bytes
