"""The editors' workflow in Debian chromium against ``scielo-pub serve --collection`` in a real server
process: sign in, upload an issue with one bad article, read the report, fix and re-upload, preview,
publish, and find the article through /search and /oai; axe-core on every workspace page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import etree

from .helpers import ISSUE, JOURNAL, PASSWORD, PID, XML, build_template, issue_zip

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ws-browser")
    demo = build_template(tmp)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "scielo_pub.cli"]
    subprocess.run([*cli, "users", "add", "ana", "--role", "editor", "--journal", JOURNAL,
                    "--password-stdin", "--site", str(demo.site)],
                   input=f"{PASSWORD}\n".encode(), env=env, check=True, capture_output=True)  # fmt: skip
    port = _free_port()
    argv = [*cli, "serve", str(demo.site), "--collection", str(demo.collection), "--no-pdf",
            "--port", str(port), "--threads", "4"]  # fmt: skip
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _fetch(f"{base}/workspace/login")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.close()
                pytest.fail(f"the server did not start: {(tmp / 'server.log').read_text()}")
            time.sleep(0.1)
    bad, good = tmp / "bad" / f"{ISSUE}.zip", tmp / "good" / f"{ISSUE}.zip"
    for path, broken in ((bad, True), (good, False)):
        path.parent.mkdir()
        path.write_bytes(issue_zip(demo.held, broken=broken))
    yield base, bad, good
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{page.url}: {v['id']}: {v['help']}" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]  # fmt: skip


def _upload(page, base: str, package: Path) -> None:
    page.goto(f"{base}/workspace/j/{JOURNAL}/")
    page.fill("#issue", ISSUE)
    page.set_input_files("#files", str(package))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/workspace/s/*/")


def _row(page, name: str):
    return page.locator("#articles tbody tr").filter(has_text=name)


def test_editor_uploads_fixes_previews_and_publishes(browser, served):
    base, bad, good = served
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    # Uploading and publishing validate and build inside the request: on a loaded machine that can
    # take longer than playwright's 30 s default. A hang guard, not a speed check.
    page.set_default_timeout(180_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    violations: list[str] = []
    page.goto(f"{base}/workspace/")
    assert "/workspace/login" in page.url
    violations += _serious(page)
    page.fill("#name", "ana")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/workspace/")
    violations += _serious(page)
    # upload the issue with one bad article
    _upload(page, base, bad)
    violations += _serious(page)
    assert int(_row(page, XML).locator("td").nth(1).inner_text()) >= 1
    assert page.locator("#publish").count() == 0
    # read its report: the problem under its source line, with column and advice
    _row(page, XML).get_by_role("link").click()
    page.wait_for_load_state("load")
    problem = page.locator("tr.problem[data-code='dtd.invalid']").filter(has_text="article-titel")
    assert problem.count() >= 1
    line = int(problem.last.get_attribute("data-line"))
    assert int(problem.last.get_attribute("data-column")) >= 1
    assert "article-titel" in page.locator(f"tr#a1-L{line} td.code").inner_text()
    assert page.locator(f"tr#a1-L{line - 1}").count() == 1
    assert "What to do" in problem.last.inner_text()
    violations += _serious(page)
    # fix and upload again: no errors, preview, publish
    _upload(page, base, good)
    assert int(_row(page, XML).locator("td").nth(1).inner_text()) == 0
    submission = page.url
    page.click("#preview")
    page.wait_for_url(f"**/preview/j/{JOURNAL}/{ISSUE}/")
    page.locator(f"a[href*='{XML.removesuffix('.xml')}']").first.click()
    page.wait_for_load_state("load")
    assert "/preview/" in page.url and page.locator("h1").count() >= 1
    title = page.locator("h1").first.inner_text()
    page.goto(submission)
    if page.locator("#ack").count():
        page.check("#ack")
    page.click("#publish")
    page.wait_for_url(submission)
    assert page.locator("p[role=status]").inner_text() == "Published."
    violations += _serious(page)
    page.goto(f"{base}/workspace/j/{JOURNAL}/{ISSUE}/")
    assert page.locator("table tbody tr").filter(has_text=XML).count() >= 1
    violations += _serious(page)
    page.goto(f"{base}/workspace/j/{JOURNAL}/")
    violations += _serious(page)
    assert not violations, violations
    assert not errors, errors
    # the article is on the public side: search and OAI-PMH
    words = " ".join(title.split()[:4])
    page.goto(f"{base}/search?q={words}")
    assert page.locator(f"a[href*='{XML.removesuffix('.xml')}']").count() >= 1
    status, body = _fetch(
        f"{base}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:demo:{PID}"
    )
    assert status == 200
    header = etree.fromstring(body).find(f".//{OAI}header")
    assert header is not None and header.get("status") is None
    page.close()
