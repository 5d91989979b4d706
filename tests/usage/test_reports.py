"""COUNTER R5.1 reports: JSON valid against COUNTER_API.json, TSV headings as the official samples."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from scielo_pub.usage.counter import Counts
from scielo_pub.usage.reports import SPECS, Platform, Usage, build
from scielo_pub.usage.tsv import to_tsv

from .helpers import catalog

PLATFORM = Platform("SciELO Demo", "demo", "SciELO Demo Publisher", "https://demo.example.org/")
USAGE = [
    Usage(10, "2024-01", Counts(5, 3, 4, 2)),
    Usage(10, "2024-02", Counts(2, 1, 2, 1)),
    Usage(11, "2024-02", Counts(1, 0, 1, 0)),
    Usage(20, "2024-03", Counts(7, 7, 3, 3)),
    Usage(20, "2023-12", Counts(9, 9, 9, 9)),  # outside the period
]
SAMPLE = {"PR": "PR", "PR_P1": "PRP1", "TR": "TR", "TR_J1": "TRJ1", "TR_J3": "TRJ3",
          "TR_J4": "TRJ4", "IR": "IR", "IR_A1": "IRA1"}  # fmt: skip


@pytest.fixture(scope="module")
def validator_for(shared_data):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = json.loads(
        (shared_data / "usage/counter_r51/COUNTER_API.json").read_text(encoding="utf-8")
    )
    registry = Registry().with_resource(
        "urn:counter", Resource(contents=doc, specification=DRAFT202012)
    )

    def make(name: str):
        schema = {"$ref": f"urn:counter#/components/schemas/{name}"}
        return jsonschema.Draft202012Validator(schema, registry=registry)

    return make


def report(rid: str, searches=None) -> dict:
    created = datetime(2024, 4, 2, 8, 0, tzinfo=UTC)
    return build(rid, catalog(), USAGE, "2024-01", "2024-03", PLATFORM, searches, created)


@pytest.mark.refdata
@pytest.mark.parametrize("rid", list(SPECS))
def test_json_valid_against_the_schema(rid, validator_for):
    validator = validator_for(rid)
    data = report(rid, {"2024-01": 4})
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.refdata
def test_the_schema_check_can_fail(validator_for):
    data = report("TR_J3")
    data["Report_Items"][0]["Attribute_Performance"][0]["Access_Type"] = "Gratis"
    assert list(validator_for("TR_J3").iter_errors(data))


@pytest.mark.refdata
@pytest.mark.parametrize("rid", list(SPECS))
def test_tsv_headings_match_the_official_sample(rid, shared_data):
    sample = (shared_data / f"usage/counter_r51/{SAMPLE[rid]}_sample_r51.tsv").read_text(
        "utf-8-sig"
    )
    theirs = list(csv.reader(io.StringIO(sample), delimiter="\t"))
    ours = list(csv.reader(io.StringIO(to_tsv(report(rid)).lstrip("\ufeff")), delimiter="\t"))
    # Header rows: the same names in the same order; the blank row; the same column headings.
    assert [r[0] for r in ours[:14]] == [r[0] for r in theirs[:14]]
    fixed = [c for c in theirs[14] if "-20" not in c]
    assert [c for c in ours[14] if "-20" not in c] == fixed
    assert ours[14][len(fixed) :] == ["Jan-2024", "Feb-2024", "Mar-2024"]
    for theirs_row, ours_row in zip(theirs[:13], ours[:13], strict=True):
        if theirs_row[0] in ("Report_Name", "Report_ID", "Release", "Metric_Types"):
            assert ours_row[1] == theirs_row[1]
    if rid in ("TR_J3", "IR_A1", "PR_P1"):
        filters = dict(r[:2] for r in theirs[:13])["Report_Filters"]
        assert dict(r[:2] for r in ours[:13])["Report_Filters"] == filters


def test_title_report_sums_items_and_months():
    data = report("TR_J3")
    by_title = {
        i["Title"]: i["Attribute_Performance"][0]["Performance"] for i in data["Report_Items"]
    }
    rsd = by_title["Revista Saúde Digital"]
    assert rsd["Total_Item_Investigations"] == {"2024-01": 5, "2024-02": 3}
    assert rsd["Unique_Item_Requests"] == {"2024-01": 2, "2024-02": 1}
    assert by_title["Estudios Clínicos"]["Total_Item_Requests"] == {"2024-03": 7}


def test_yop_rows_in_tr():
    tr = report("TR")
    ecl = next(i for i in tr["Report_Items"] if i["Title"] == "Estudios Clínicos")
    assert [a["YOP"] for a in ecl["Attribute_Performance"]] == ["2022"]


def test_controlled_views_are_empty_with_exception_3030():
    for rid in ("TR_J1", "TR_J4"):
        data = report(rid)
        assert data["Report_Items"] == []
        assert data["Report_Header"]["Exceptions"][0]["Code"] == 3030


def test_tsv_rows_and_totals():
    rows = [r.split("\t") for r in to_tsv(report("IR_A1")).splitlines()[15:]]
    first = next(r for r in rows if r[0] == "Telessaúde na atenção primária")
    assert first[-5:] == ["Total_Item_Requests", "4", "3", "1", "0"]
    ecl = [r for r in rows if r[0] == "Ensayo clínico"]
    assert [r[-5:] for r in ecl] == [["Total_Item_Requests", "7", "0", "0", "7"],
                                     ["Unique_Item_Requests", "3", "0", "0", "3"]]  # fmt: skip
    # Abstract-only article 11 has no Requests: no row at all in IR_A1.
    assert all(r[0] != "Prontuário eletrônico" for r in rows)


def test_item_ids_and_uri():
    ir = report("IR")
    parent = next(p for p in ir["Report_Items"] if p["Title"] == "Revista Saúde Digital")
    item = parent["Items"][0]
    assert item["Item_ID"]["DOI"] == "10.1590/rsd.2023.0001"
    assert item["Item_ID"]["Proprietary"] == "demo:S2764-50102023000100001"
    assert parent["Item_ID"]["Online_ISSN"] == "2764-5010"
    assert item["Authors"] == [{"Name": "Silva, A."}]


def test_platform_report_with_searches():
    pr = report("PR_P1", {"2024-01": 4, "2023-01": 99})
    attrs = pr["Report_Items"][0]["Attribute_Performance"]
    assert attrs[0] == {
        "Data_Type": "Platform",
        "Performance": {"Searches_Platform": {"2024-01": 4}},
    }
    assert attrs[1]["Performance"]["Total_Item_Requests"] == {
        "2024-01": 3,
        "2024-02": 1,
        "2024-03": 7,
    }


def test_filters_reach_the_tsv_header():
    from scielo_pub.usage.filters import Filters

    created = datetime(2024, 4, 2, 8, 0, tzinfo=UTC)
    f = Filters(metric_type=("Total_Item_Requests",), yop=("2020-2023",), item_id="2764-5010")
    data = build("TR", catalog(), USAGE, "2024-01", "2024-03", PLATFORM, None, created, f)
    rows = to_tsv(data).lstrip("\ufeff").splitlines()
    header = dict(r.split("\t")[:2] for r in rows[:13])
    assert header["Metric_Types"] == "Total_Item_Requests"
    assert header["Report_Filters"] == "YOP=2020-2023; Item_ID=2764-5010"
    assert {r.split("\t")[0] for r in rows[15:]} == {"Revista Saúde Digital"}
