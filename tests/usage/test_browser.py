"""The analysts' usage page in Debian chromium (playwright): chart drawn, no console errors, axe-core
finds nothing serious, the table is reachable for screen readers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from scielo_pub.site import create_app
from scielo_pub.store import connect
from scielo_pub.usage.importer import import_logs

from .helpers import at, line
from .store_seed import seed

pytestmark = pytest.mark.browser
FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("usage-browser")
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    engine = connect(url)
    seed(engine)
    log = tmp / "access.log"
    log.write_text("\n".join(line(FT, at(s * 100), ip=f"200.1.1.{s}") for s in range(20)) + "\n")
    import_logs(engine, [log])
    engine.dispose()
    site = tmp / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (site / "static").mkdir()
    css = Path(__file__).resolve().parents[2] / "scielo_pub" / "render" / "static" / "site.css"
    (site / "static" / "site.css").write_bytes(css.read_bytes())
    (site / "favicon.ico").write_bytes(b"\x00\x00\x01\x00\x00\x00")
    app = create_app(site, db=url)
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    app.extensions["scielo_pub_store"].dispose()


@pytest.mark.parametrize("ui", ["pt", "es", "en"])
def test_usage_page_in_chromium(browser, server, ui):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/usage/?ui={ui}")
    page.wait_for_load_state("load")
    box = page.locator("figure svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    assert page.locator("#monthly-table tbody tr").count() == 1
    assert page.locator("#monthly-table tbody td").first.inner_text() == "20"
    assert page.get_by_role("img").count() >= 1
    violations = [
        f"{v['id']}: {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert violations == []
    assert not errors, errors
    page.close()
