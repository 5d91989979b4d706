"""The citation-statistics pages over a hand-built store: structure (lxml), languages, charts without
script, downloads, bad parameters; and in Debian chromium with axe (``browser``)."""

from __future__ import annotations

import base64
import csv
import io
import json
import threading

import pytest
from lxml import etree, html
from werkzeug.serving import make_server

from scielo_pub.indicators import graph  # noqa: F401  (the indicators' tables)
from scielo_pub.site import create_app
from scielo_pub.store import connect
from tests.indicators.test_store_graph import _fill


@pytest.fixture
def app(store_url, tmp_path):
    engine = connect(store_url)
    with engine.begin() as conn:
        _fill(conn)
    engine.dispose()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    app = create_app(site, {"TESTING": True}, db=store_url)
    yield app
    app.extensions["scielo_pub_store"].dispose()


def _get(client, path: str):
    with client.get(path) as r:
        return r.status_code, r.get_data(), r.mimetype


def test_collection_ranking(app):
    status, body, _ = _get(app.test_client(), "/stats/citations?ui=en&year=2020")
    assert status == 200
    doc = html.fromstring(body)
    assert doc.xpath("string(//h1)") == "Citation statistics"
    rows = doc.xpath("//h2[@id='ranking']/following::table[1]/tbody/tr")
    names = [r.xpath("string(th/a)") for r in rows]
    assert names == ["Revista de Saúde Pública", "Ciência & Saúde Coletiva"]  # IF2 2.0 first
    headers = [h.text_content() for h in rows[0].xpath("ancestor::table/thead/tr/th")]
    first = [c.text_content() for c in rows[0].xpath("td")]
    assert first[headers.index("2-year impact factor") - 1] == "2.0"
    assert doc.xpath("//a[@href='/stats/citations/data.csv']")


def test_journal_page_tables_and_charts(app):
    status, body, _ = _get(app.test_client(), "/stats/citations/rsp?ui=pt")
    assert status == 200
    doc = html.fromstring(body)
    assert doc.get("lang") == "pt"
    years = doc.xpath("//section[false()] | //h2[@id='indicators']/following::table[1]/tbody/tr/th")
    assert [y.text for y in years] == ["2019", "2020"]
    images = doc.xpath("//figure[@class='stats-chart']/img")
    assert len(images) == 2 and all(i.get("alt") for i in images)
    svg = base64.b64decode(images[0].get("src").split(",", 1)[1])
    tree = etree.fromstring(svg)
    assert tree.tag.endswith("svg") and not tree.xpath("//*[local-name()='script']")
    received = doc.xpath("//h2[@id='received']/following::table[1]/tbody/tr")
    assert {r.xpath("string(th)"): r.xpath("string(td[last()])") for r in received} == {
        "Revista de Saúde Pública": "1",
        "Ciência & Saúde Coletiva": "5",
    }
    granted = doc.xpath("//h2[@id='granted']/following::table[1]/tbody/tr/th/text()")
    assert granted == ["Revista de Saúde Pública"]


def test_languages_downloads_and_bad_input(app):
    client = app.test_client()
    titles = {ui: html.fromstring(_get(client, f"/stats/citations?ui={ui}")[1]).xpath("string(//h1)")
              for ui in ("pt", "es", "en")}  # fmt: skip
    assert len(set(titles.values())) == 3
    status, body, mimetype = _get(client, "/stats/citations/data.csv?journal=csc")
    assert status == 200 and mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [(r["acronym"], r["year"], r["references_made"]) for r in rows] == [("csc", "2020", "6")]
    status, body, mimetype = _get(client, "/stats/citations/data.json?year=2020")
    assert mimetype == "application/json"
    assert {j["acronym"] for j in json.loads(body)["journals"]} == {"rsp", "csc"}
    assert _get(client, "/stats/citations/nope")[0] == 404
    assert _get(client, "/stats/citations/data.json?journal=nope")[0] == 404
    assert _get(client, "/stats/citations?year=20x0")[0] == 400
    assert _get(client, "/stats/citations/data.xml")[0] == 404


@pytest.mark.browser
def test_pages_in_chromium_with_axe(browser, app, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for path in ("/stats/citations?ui=es", "/stats/citations/rsp?ui=en"):
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            page.goto(base + path)
            page.wait_for_load_state("load")
            if "rsp" in path:
                # the charts decode and lay out as images
                widths = page.eval_on_selector_all(
                    "figure.stats-chart img", "els => els.map(e => e.naturalWidth)"
                )
                assert widths and all(w > 0 for w in widths)
                page.screenshot(path=str(tmp_path / "stats.png"), full_page=True)
            violations = [
                f"{v['id']}: {v['help']}"
                for v in Axe().run(page).response["violations"]
                if v.get("impact") in ("serious", "critical")
            ]
            assert violations == [], (path, violations)
            assert errors == []
            page.close()
    finally:
        server.shutdown()
        thread.join()


def test_drawing_a_chart_leaves_imports_alone():
    """pygal's map-plugin finder would turn every later failed import into an ImportWarning (an
    error under the test settings); after a chart, a missing module is a plain ImportError."""
    import importlib

    from scielo_pub.charts import line_chart

    assert "<svg" in line_chart("t", [2020, 2021], {"a": [1.0, None]})
    with pytest.raises(ImportError):
        importlib.import_module("scielo_pub_no_such_module")


def test_pages_follow_a_registry_change(app, store_url):
    from scielo_pub.indicators.graph import import_serials, reassign
    from scielo_pub.indicators.serials import Serial, SerialRow, Variant

    client = app.test_client()

    def granted() -> list[str]:
        doc = html.fromstring(_get(client, "/stats/citations/csc?ui=en")[1])
        return doc.xpath("//h2[@id='granted']/following::table[1]/tbody/tr/th/text()")

    assert granted() == ["Revista de Saúde Pública", "Unidentified sources"]
    engine = connect(store_url)
    with engine.begin() as conn:
        row = SerialRow(Serial("0102-311X", "Cadernos de Saúde Pública"),
                        (Variant("0102-311X", "Cad Saude Publica", "user"),))  # fmt: skip
        import_serials(conn, [row])
        reassign(conn)
    engine.dispose()
    assert granted() == ["Revista de Saúde Pública", "Cadernos de Saúde Pública"]


def test_collection_series_and_default_year(app):
    status, body, _ = _get(app.test_client(), "/stats/citations?ui=en")
    doc = html.fromstring(body)
    # 2020 is the latest year with a 2-year impact factor, so it is the default base year
    assert doc.xpath("string(//select[@id='year']/option[@selected])") == "2020"
    series = doc.xpath("//h2[@id='if2-journals']/following::table[1]/tbody/tr")
    assert {r.xpath("string(th)"): [td.text for td in r.xpath("td")] for r in series} == {
        "Ciência & Saúde Coletiva": ["—", "—"],
        "Revista de Saúde Pública": ["—", "2.0"],
    }
    totals = doc.xpath("//h2[@id='collection-years']/following::table[1]/tbody/tr")
    assert [[c.text_content() for c in r] for r in totals][1][:4] == ["2020", "2", "3", "3"]
    assert len(doc.xpath("//figure[@class='stats-chart']/img[@alt]")) == 1


def test_path_urls_are_the_static_sites(app, store_url):
    """The served pages answer the path URLs the build writes (``stats/citations/<acronym>/
    index.<ui>.html``, ``data.csv`` beside it), link to them, and show what the static files show:
    one renderer (``indicators.pages``) for both."""
    from scielo_pub.indicators.pages import static_files
    from scielo_pub.store import read

    client = app.test_client()
    status, body, _ = _get(client, "/stats/citations/rsp/index.en.html")
    assert status == 200
    served = html.fromstring(body)
    assert served.get("lang") == "en"
    langs = served.xpath("//nav[@class='ui-lang']//a/@href")
    assert sorted(langs) == [
        "/stats/citations/rsp/index.es.html",
        "/stats/citations/rsp/index.html",
    ]
    assert served.xpath("//a[@href='/stats/citations/rsp/data.csv']")
    assert _get(client, "/stats/citations/rsp/")[0] == 200
    assert _get(client, "/stats/citations/index.es.html")[0] == 200
    status, body, mimetype = _get(client, "/stats/citations/csc/data.csv")
    assert (status, mimetype) == (200, "text/csv") and b"csc" in body
    assert _get(client, "/stats/citations/nope/index.en.html")[0] == 404
    engine = connect(store_url)
    with engine.connect() as conn:
        files = {rel: make() for rel, _key, make in static_files(conn, read.collection(conn) or {})}
    engine.dispose()
    written = html.fromstring(files["stats/citations/rsp/index.en.html"])

    def table(doc):
        rows = doc.xpath("//h2[@id='indicators']/following::table[1]//tr")
        return [[c.text_content() for c in r] for r in rows]

    assert table(written) == table(served) and len(table(written)) > 1
    # the same links, relative to the site root in the file, from the app's root when served
    assert [h.replace("../../../", "/") for h in written.xpath("//nav[@class='ui-lang']//a/@href")
            ] == langs  # fmt: skip
    # the static collection page has no year form (a plain server cannot answer it) but names
    # the base year it shows
    home = html.fromstring(files["stats/citations/index.html"])
    assert not home.xpath("//form") and "2020" in home.xpath("string(//p[@class='stats-year'])")
    assert set(files) >= {"stats/citations/data.json", "stats/citations/csc/data.csv"}


def test_static_pages_are_redrawn_only_when_what_they_show_changes(app, store_url, tmp_path):
    from scielo_pub.indicators.graph import import_serials, reassign
    from scielo_pub.indicators.serials import Serial, SerialRow, Variant
    from scielo_pub.render.stats_pages import write_stats_pages

    out = tmp_path / "out"
    stale = out / "stats" / "citations" / "gone" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("a journal no longer in the collection")
    engine = connect(store_url)
    try:
        first = write_stats_pages(engine, out)
        assert len(first.written) == 15 and first.removed == 1 and not stale.exists()
        again = write_stats_pages(engine, out)
        assert (again.written, again.mode, again.computed) == ((), "unchanged", ())
        redone = write_stats_pages(engine, out, incremental=False)  # computed, not written again
        assert (redone.written, redone.unchanged, redone.mode) == ((), 15, "full")
        with engine.begin() as conn:
            row = SerialRow(Serial("0102-311X", "Cadernos de Saúde Pública"),
                            (Variant("0102-311X", "Cad Saude Publica", "user"),))  # fmt: skip
            import_serials(conn, [row])
            reassign(conn)
        changed = {p.relative_to(out).as_posix() for p in write_stats_pages(engine, out).written}
    finally:
        engine.dispose()
    # csc cites the newly known journal: its pages and downloads change, rsp's do not
    assert "stats/citations/csc/index.en.html" in changed
    assert not [p for p in changed if p.startswith("stats/citations/rsp/")]
    page = html.fromstring((out / "stats/citations/csc/index.en.html").read_bytes())
    granted = page.xpath("//h2[@id='granted']/following::table[1]/tbody/tr/th/text()")
    assert "Cadernos de Saúde Pública" in granted
