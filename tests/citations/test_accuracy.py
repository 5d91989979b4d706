"""Field-level accuracy of the string parser on labelled data in ../shared/data (never trained on).

Each test prints its P/R/F1 table (``pytest -s`` shows it) and asserts a floor: the SciELO target
of the issue (micro F1 ≥ 0.90) and, for the other sets, the level reached when the model was
trained, as a regression floor.
"""

from __future__ import annotations

import pytest

from scielo_pub.citations import evaluate as ev

pytestmark = pytest.mark.refdata


@pytest.fixture(scope="module")
def scielo_report(shared_xml_files):
    return ev.score(
        "SciELO mixed-citation vs element-citation",
        ev.jats_pairs(shared_xml_files),
        ev.jats_converter(),
        ev.JATS_FIELDS,
    )


def test_scielo_references_reach_the_micro_f1_target(scielo_report):
    print("\n" + scielo_report.table())
    assert scielo_report.references >= 400
    assert scielo_report.micro.f1 >= 0.90


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("year", 0.95),
        ("doi", 0.95),
        ("volume", 0.95),
        ("fpage", 0.92),
        ("authors", 0.85),
        ("title", 0.83),
    ],
)
def test_scielo_key_fields(scielo_report, field, floor):
    assert scielo_report.fields[field].f1 >= floor


@pytest.mark.parametrize(("name", "floor"), [("core", 0.66), ("good", 0.75)])
def test_anystyle_sets(shared_data, name, floor):
    path = shared_data / "citations" / "anystyle" / f"{name}.xml"
    report = ev.score(f"anystyle {name}", ev.anystyle_pairs(path), ev.span_convert, ev.SPAN_FIELDS)
    print("\n" + report.table())
    assert report.micro.f1 >= floor


def test_cora(shared_data):
    path = shared_data / "citations" / "parscit" / "cora.tagged.txt"
    report = ev.score("CORA", ev.parscit_pairs(path), ev.span_convert, ev.SPAN_FIELDS)
    print("\n" + report.table())
    assert report.references == 500
    assert report.micro.f1 >= 0.70
