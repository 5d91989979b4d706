"""JSON Lines writer/reader: subfields as pairs, exact rebuild of ISIS values, both encodings."""

from __future__ import annotations

import json

import pytest

from scielo_pub.lilacs.jsonl import read_jsonl, write_jsonl

from .helpers import record


def test_fields_carry_text_and_subfields_in_order():
    rec = record((10, "Souza, Ana^1USP^2FM^pBrasil^2again"))
    line = json.loads(write_jsonl([rec]))
    assert line["fields"] == [
        {
            "tag": 10,
            "text": "Souza, Ana",
            "subfields": [["1", "USP"], ["2", "FM"], ["p", "Brasil"], ["2", "again"]],
        }
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_round_trip_including_characters_outside_latin1(encoding):
    recs = [record((12, "\u78e8 \U0001f600 \u00e9^ipt"), (1, "a^"), (2, "^^x"))]
    data = write_jsonl(recs, encoding)
    if encoding == "latin-1":
        data.decode("latin-1")
        assert b"\\u78e8" in data and b"\xe9" in data
    assert read_jsonl(data, encoding).records == recs


def test_bad_lines_are_reported_and_skipped():
    data = b'{"fields": [{"tag": 1, "text": "a"}]}\nnot json\n{"fields": [{"tag": 5000}]}\n\n'
    result = read_jsonl(data)
    assert [r.fields for r in result.records] == [((1, "a"),)]
    assert [d.line for d in result.diagnostics] == [2, 3]
