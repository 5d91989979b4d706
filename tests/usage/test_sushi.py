"""The COUNTER_SUSHI endpoints under /r51/: answers valid against COUNTER_API.json, Exceptions for bad
parameters (never a 500)."""

from __future__ import annotations

import json

import pytest

from scielo_pub.site import create_app
from scielo_pub.store import connect
from scielo_pub.usage.importer import import_logs

from .helpers import at, line
from .store_seed import seed

FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"
ABS = "/j/ecl/v8n1/0718-462X-ecl-8-1-0001/abstract.en.html"


@pytest.fixture
def client(store_url, tmp_path):
    engine = connect(store_url)
    seed(engine)
    log = tmp_path / "access.log"
    log.write_text(
        "\n".join([line(FT, at(0)), line(ABS, at(60)), line("/search?q=x", at(70))]) + "\n"
    )
    import_logs(engine, [log])
    engine.dispose()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    app = create_app(site, {"TESTING": True}, db=store_url)
    yield app.test_client()
    app.extensions["scielo_pub_store"].dispose()


@pytest.fixture(scope="module")
def schema(shared_data):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = json.loads(
        (shared_data / "usage/counter_r51/COUNTER_API.json").read_text(encoding="utf-8")
    )
    registry = Registry().with_resource("urn:c", Resource(contents=doc, specification=DRAFT202012))

    def errors(pointer: str, data) -> list[str]:
        v = jsonschema.Draft202012Validator({"$ref": f"urn:c#{pointer}"}, registry=registry)
        return [f"{list(e.path)}: {e.message}" for e in v.iter_errors(data)]

    return errors


def response_schema(name: str) -> str:
    return f"/components/responses/{name}/content/application~1json/schema"


Q = "customer_id=demo&begin_date=2024-06-01&end_date=2024-06-30"


@pytest.mark.refdata
def test_status_members_reports(client, schema):
    r = client.get("/r51/status")
    assert r.status_code == 200 and schema(response_schema("200_Status"), r.json) == []
    r = client.get("/r51/members?customer_id=demo")
    assert r.status_code == 200 and schema(response_schema("200_Members"), r.json) == []
    r = client.get("/r51/reports?customer_id=demo")
    assert r.status_code == 200 and schema(response_schema("200_Reports"), r.json) == []
    assert {e["Report_ID"] for e in r.json} == {
        "PR",
        "PR_P1",
        "TR",
        "TR_J1",
        "TR_J3",
        "TR_J4",
        "IR",
        "IR_A1",
    }
    assert r.json[0]["First_Month_Available"] == "2024-06"


@pytest.mark.refdata
@pytest.mark.parametrize("rid", ["pr", "pr_p1", "tr", "tr_j1", "tr_j3", "tr_j4", "ir", "ir_a1"])
def test_each_report_is_valid(client, schema, rid):
    r = client.get(f"/r51/reports/{rid}?{Q}")
    assert r.status_code == 200
    assert schema(f"/components/schemas/{rid.upper()}", r.json) == []


def test_report_counts(client):
    data = client.get(f"/r51/reports/tr_j3?{Q}").json
    by_title = {
        i["Title"]: i["Attribute_Performance"][0]["Performance"] for i in data["Report_Items"]
    }
    assert by_title["Revista Saúde Digital"]["Total_Item_Requests"] == {"2024-06": 1}
    assert "Total_Item_Requests" not in by_title["Estudios Clínicos"]
    pr = client.get(f"/r51/reports/pr_p1?{Q}").json
    assert pr["Report_Items"][0]["Attribute_Performance"][0]["Performance"] == {
        "Searches_Platform": {"2024-06": 1}
    }


@pytest.mark.refdata
@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/r51/reports/tr_j3?begin_date=2024-06&end_date=2024-06", 400, 1030),
        ("/r51/reports/tr_j3?customer_id=x&end_date=2024-06", 400, 1030),
        ("/r51/reports/tr_j3?customer_id=x&begin_date=2024-13&end_date=2024-06", 400, 3020),
        ("/r51/reports/tr_j3?customer_id=x&begin_date=2024-07&end_date=2024-06", 400, 3020),
        ("/r51/reports/tr_j3?customer_id=x&begin_date=junk&end_date=%00", 400, 3020),
        ("/r51/reports/tr_b1?" + Q, 404, 0),
        ("/r51/reports/tr?customer_id=x&begin_date=2999-01&end_date=2999-02", 400, 3020),
        ("/r51/members", 400, 1030),
        ("/r51/reports", 400, 1030),
    ],
)
def test_bad_parameters_are_exceptions(client, schema, url, status, code):
    r = client.get(url)
    assert r.status_code == status and r.json["Code"] == code
    assert schema(f"/components/schemas/Exception_{code}", r.json) == []


def test_unknown_parameters_and_empty_periods(client):
    data = client.get(f"/r51/reports/ir_a1?{Q}&yop=2020&color=red").json
    assert data["Report_Header"]["Exceptions"][0] == {
        "Code": 3050, "Message": "Parameter Not Recognized in this Context", "Data": "color, yop",
    }  # fmt: skip
    empty = client.get("/r51/reports/tr?customer_id=x&begin_date=2020-01&end_date=2020-02").json
    assert empty["Report_Items"] == [] and empty["Report_Header"]["Exceptions"][0]["Code"] == 3030
    ongoing = client.get("/r51/reports/tr?customer_id=x&begin_date=2024-06&end_date=2999-01").json
    assert ongoing["Report_Header"]["Exceptions"][0]["Code"] == 3031


@pytest.mark.refdata
def test_master_report_filters(client, schema):
    # (the TR schema wants at least two metrics per Performance object)
    tr = client.get(
        f"/r51/reports/tr?{Q}&metric_type=Total_Item_Requests|Unique_Item_Requests&yop=2023"
    ).json
    assert schema("/components/schemas/TR", tr) == []
    assert tr["Report_Header"]["Report_Filters"]["YOP"] == ["2023"]
    assert [i["Title"] for i in tr["Report_Items"]] == ["Revista Saúde Digital"]
    perf = tr["Report_Items"][0]["Attribute_Performance"][0]["Performance"]
    assert list(perf) == ["Total_Item_Requests", "Unique_Item_Requests"]
    by_issn = client.get(f"/r51/reports/tr?{Q}&item_id=0718-462X").json
    assert [i["Title"] for i in by_issn["Report_Items"]] == ["Estudios Clínicos"]
    ir = client.get(f"/r51/reports/ir?{Q}&item_id=10.1590/rsd.2023.0001").json
    assert schema("/components/schemas/IR", ir) == []
    assert [p["Items"][0]["Item"] for p in ir["Report_Items"]] == ["Telessaúde na atenção primária"]
    controlled = client.get(f"/r51/reports/ir?{Q}&access_type=Controlled").json
    assert controlled["Report_Items"] == []
    pr = client.get(f"/r51/reports/pr?{Q}&metric_type=Searches_Platform|Bogus").json
    assert schema("/components/schemas/PR", pr) == []
    attrs = pr["Report_Items"][0]["Attribute_Performance"]
    assert [a["Data_Type"] for a in attrs] == ["Platform"]
    assert pr["Report_Header"]["Exceptions"][0] == {
        "Code": 3060, "Message": "Invalid ReportFilter Value", "Data": "metric_type=Bogus",
    }  # fmt: skip
    view = client.get(f"/r51/reports/tr_j3?{Q}&yop=2020").json
    assert view["Report_Header"]["Exceptions"][0]["Code"] == 3050
