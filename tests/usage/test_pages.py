"""Analysts' usage pages: chart (inline SVG without script) with its data table, top articles,
formats and languages, downloads, three interface languages, 400/404 for bad requests."""

from __future__ import annotations

import csv
import io

import pytest
from lxml import html

from scielo_pub.site import create_app
from scielo_pub.store import connect
from scielo_pub.usage.importer import import_logs

from .helpers import at, line
from .store_seed import seed

FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"
PDF = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/2764-5010-rsd-12-01-0001-pt.pdf"
ABS = "/j/ecl/v8n1/0718-462X-ecl-8-1-0001/abstract.en.html"
BOT = "Mozilla/5.0 (compatible; bingbot/2.0)"


@pytest.fixture
def client(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = connect(url)
    seed(engine)
    log = tmp_path / "access.log"
    log.write_text("\n".join([
        line(FT, at(0)), line(PDF, at(60)), line(ABS, at(90)), line(FT, at(100), agent=BOT),
        line(FT, "02/Jul/2024:10:00:00 +0000", ip="200.7.7.7"),
    ]) + "\n")  # fmt: skip
    import_logs(engine, [log])
    engine.dispose()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    app = create_app(site, {"TESTING": True}, db=url)
    yield app.test_client()
    app.extensions["scielo_pub_store"].dispose()


def page(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.data[:200]
    return html.fromstring(r.data)


def rows(doc, table_id):
    return [[c.text_content().strip() for c in tr.xpath("./th|./td")]
            for tr in doc.xpath(f'//table[@id="{table_id}"]/tbody/tr')]  # fmt: skip


def test_collection_page(client):
    doc = page(client, "/usage/?ui=en")
    assert doc.get("lang") == "en"
    svg = doc.xpath("//figure/*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].get("role") == "img"
    assert not doc.xpath("//script") and not svg[0].xpath(".//*[local-name()='script']")
    assert rows(doc, "monthly-table") == [["2024-06", "3", "2", "2", "1", "1"],
                                          ["2024-07", "1", "1", "1", "1", "0"]]  # fmt: skip
    top = rows(doc, "top-table")
    assert top[0][:3] == ["Telessaúde na atenção primária", "rsd", "3"]
    assert ["PDF", "pt", "1", "1"] in rows(doc, "format-table")


def test_languages_and_scopes(client):
    assert page(client, "/usage/?ui=es").xpath("//h1")[0].text_content().startswith("Estadísticas")
    assert page(client, "/usage/?ui=pt").xpath("//h1")[0].text_content().startswith("Estatísticas")
    journal = page(client, "/usage/j/ecl/?ui=en&begin=2024-06&end=2024-06")
    assert rows(journal, "monthly-table") == [["2024-06", "1", "0", "1", "0", "0"]]
    issue = page(client, "/usage/j/rsd/v12n1/?begin=2024-06&end=2024-07")
    assert [r[0] for r in rows(issue, "monthly-table")] == ["2024-06", "2024-07"]
    art = page(client, "/usage/a/10/?begin=2024-06&end=2024-06")
    assert rows(art, "monthly-table")[0][1:3] == ["2", "2"]
    assert not art.xpath('//table[@id="top-table"]')


def test_downloads(client):
    data = client.get("/usage/j/rsd/?format=json&begin=2024-06&end=2024-07").json
    assert [m["Total_Item_Requests"] for m in data["monthly"]] == [2, 1]
    assert data["top_articles"][0]["id"] == 10
    r = client.get("/usage/?format=csv&begin=2024-06&end=2024-06")
    assert r.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert table[0][1] == "Total_Item_Investigations" and table[1] == [
        "2024-06",
        "3",
        "2",
        "2",
        "1",
        "1",
    ]


@pytest.mark.parametrize(
    ("url", "status"),
    [("/usage/?begin=2024-13", 400), ("/usage/?begin=2024-07&end=2024-01", 400),
     ("/usage/?begin=1900-01&end=2024-01", 400), ("/usage/?format=xml", 400),
     ("/usage/?begin=%3Cscript%3E", 400), ("/usage/j/nope/", 404), ("/usage/j/rsd/v99/", 404),
     ("/usage/a/999/", 404)],
)  # fmt: skip
def test_bad_requests(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    assert b"<script>" not in r.data
