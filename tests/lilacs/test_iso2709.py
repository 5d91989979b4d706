"""ISO 2709 writer/reader: CISIS layout byte for byte, shared real files, odd inputs."""

from __future__ import annotations

import pytest

from scielo_pub.lilacs.iso2709 import read_iso, record_to_iso, write_iso

from .helpers import record

SHARED_ISO = ["lilacs_Sas_mioc.iso", "scielo_mioc_v89n1.iso", "bireme_centros.iso"]


def test_annotated_example_from_formats_doc_is_reproduced():
    rec = record(
        (1, "BR1.1"),
        (5, "S"),
        (6, "as"),
        (12, "Estudo de caso^ipt"),
        (12, "Case study^ien"),
        (14, "^f10^l20"),
    )
    data = record_to_iso(rec)
    assert data[:24] == b"001520000000000970004500"
    assert data.split(b"\n")[0] == (
        b"00152000000000097000450000100060000000500020000600600030000801200190001101200150"
    )
    assert (
        data.split(b"\n")[1]
        == b"0030014000900045#BR1.1#S#as#Estudo de caso^ipt#Case study^ien#^f10^l20##"
    )
    assert len(data) == 154 and data.endswith(b"##\n")


def test_record_of_exactly_160_bytes_gets_no_empty_line():
    rec = record((1, "x" * (160 - 24 - 12 - 1 - 1 - 1)))
    data = record_to_iso(rec)
    assert int(data[:5]) == 160
    assert len(data) == 162 and data.count(b"\n") == 2


def test_field_with_hash_newline_and_caret_survives():
    rec = record((10, "a#b\nc^xd"), (20, ""), (999, "\n" * 90))
    assert read_iso(write_iso([rec])).records == [rec]


def test_utf8_lengths_are_byte_counts():
    rec = record((10, "Jo\u00e3o"))
    data = record_to_iso(rec, "utf-8")
    assert data[24:36] == b"010000600000"
    assert read_iso(data, "utf-8").records == [rec]


def test_latin1_writes_character_references_for_other_characters():
    data = record_to_iso(record((12, "\u78e8 \u00e9")), "latin-1")
    assert b"&#30952; \xe9" in data
    assert read_iso(data).records[0].fields == ((12, "&#30952; \u00e9"),)


def test_deleted_status_is_kept():
    rec = record((1, "a"), status="1")
    assert read_iso(write_iso([rec])).records == [rec]


def test_crlf_and_unwrapped_files_are_read_with_a_note():
    recs = [record((1, "y" * 200)), record((2, "z"))]
    data = write_iso(recs)
    crlf = read_iso(data.replace(b"\n", b"\r\n"))
    assert crlf.records == recs and crlf.diagnostics[0].code == "iso-crlf"
    flat = read_iso(data.replace(b"\n", b""))
    assert flat.records == recs and flat.diagnostics[0].code == "iso-unwrapped"


def test_truncated_file_and_garbage_yield_diagnostics_not_crashes():
    data = write_iso([record((1, "abc")), record((2, "d" * 300))])
    cut = read_iso(data[:-50])
    assert len(cut.records) == 1 and cut.diagnostics[-1].code == "iso-truncated"
    junk = read_iso(b"hello world\n")
    assert junk.records == [] and junk.diagnostics[0].code == "iso-bad-length"
    good = record_to_iso(record((1, "abc")))
    bad_leader = read_iso(good[:20] + b"99" + good[22:])
    assert bad_leader.records == [] and bad_leader.diagnostics[0].code == "iso-bad-leader"


def test_directory_pointing_past_the_end_is_reported():
    good = record_to_iso(record((1, "abc")))
    broken = good.replace(b"0010004", b"0010099", 1)
    result = read_iso(broken)
    assert result.records == [] and result.diagnostics[0].code == "iso-bad-directory"


@pytest.mark.refdata
@pytest.mark.parametrize("name", SHARED_ISO)
def test_shared_iso_files_round_trip_byte_for_byte(shared_data, name):
    data = (shared_data / "lilacs" / name).read_bytes()
    result = read_iso(data, path=name)
    assert result.diagnostics == []
    assert result.records
    assert write_iso(result.records) == data
