"""The CISIS limits policy: over-long fields truncated visibly or rejected, never silently; big records."""

from __future__ import annotations

from scielo_pub.errors import Severity
from scielo_pub.lilacs.formats import read_records, write_records
from scielo_pub.lilacs.isis import subfield
from scielo_pub.lilacs.limits import MAX_FIELD_BYTES, LimitPolicy

from .helpers import ioisis_fields, record

LONG_ABSTRACT = ("word " * 2500).strip() + "^ien"


def test_truncate_keeps_subfields_marks_the_cut_and_warns():
    written = write_records([record((2, "a1"), (83, LONG_ABSTRACT))], "iso")
    rec = read_records(written.data).records[0]
    value = rec.first(83)
    assert len(value.encode("latin-1")) <= MAX_FIELD_BYTES
    assert subfield(value, "i") == "en" and subfield(value, "*").endswith("word [...]")
    (diag,) = written.diagnostics
    assert (
        diag.severity is Severity.WARNING
        and diag.code == "lilacs-field-truncated"
        and "a1" in diag.message
    )
    assert ioisis_fields(written.data, "latin-1")[0][1][1] == value


def test_truncate_counts_utf8_bytes_and_never_splits_a_character():
    text = "\u00e7\u00e3o " * 3000
    written = write_records([record((83, text))], "iso", "utf-8")
    value = read_records(written.data, "iso", "utf-8").records[0].first(83)
    assert len(value.encode("utf-8")) <= MAX_FIELD_BYTES and value.endswith("[...]")


def test_truncate_never_cuts_a_latin1_character_reference():
    text = "\u78e8" * 2000
    written = write_records([record((83, text))], "iso", "latin-1")
    value = read_records(written.data).records[0].first(83)
    assert value.endswith("&#30952; [...]") and len(value) <= MAX_FIELD_BYTES


def test_reject_policy_drops_the_record_with_an_error():
    written = write_records(
        [record((2, "keep")), record((2, "big"), (83, LONG_ABSTRACT))],
        "id",
        policy=LimitPolicy.REJECT,
    )
    assert written.records == 1 and b"big" not in written.data
    assert (
        written.diagnostics[0].severity is Severity.ERROR
        and "big" in written.diagnostics[0].message
    )


def test_records_over_maxmfrl_warn_and_over_99999_are_refused():
    medium = record(*[(10, "x" * 5000)] * 7)
    huge = record(*[(10, "x" * 5000)] * 25)
    written = write_records([medium, huge], "iso")
    assert written.records == 1
    assert [d.code for d in written.diagnostics] == [
        "lilacs-record-over-maxmfrl",
        "lilacs-record-too-long",
    ]
