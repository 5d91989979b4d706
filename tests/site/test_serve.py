"""``scielo-pub serve`` in a real server process on loopback: pages, search and API over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scielo_pub.cli import main
from tests.store.conftest import DEMO

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


@pytest.fixture
def served(store_url, tmp_path):
    site = tmp_path / "site"
    assert (
        main(["build", str(DEMO), "-o", str(site), "--no-pdf", "-j", "1", "--db", store_url]) == 0
    )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "scielo_pub.cli", "serve", str(site), "--db", store_url,
            "--port", str(port), "--threads", "4"]  # fmt: skip
    log = tmp_path / "serve.log"  # a file, not a pipe: a full pipe would stall the server
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            fetch(base)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def test_pages_search_and_api_over_http(served):
    status, kind, body = fetch(served)
    assert (status, kind) == (200, "text/html") and b'class="site-search"' in body
    status, kind, body = fetch(served + "search?q=chile&ui=es")
    assert (status, kind) == (200, "text/html") and b"search-results" in body
    status, kind, body = fetch(served + "api/v1/search?q=ti:chile")
    data = json.loads(body)
    assert status == 200 and data["total"] > 0 and data["results"][0]["url"].startswith(served)
    status, _, page = fetch(data["results"][0]["url"])
    assert status == 200 and b"<html" in page
    status, kind, body = fetch(served + "api/v1/search?q=%28")
    assert (status, kind) == (400, "application/json") and json.loads(body)["error"]
    assert fetch(served + ".scielo-pub/store.sqlite")[0] == 404
    assert fetch(served + "search/feed?q=chile")[1] == "application/atom+xml"


def test_every_link_resolves_when_served(served):
    """Under ``scielo-pub serve`` every link, form target and anchor of the built pages resolves
    too: the static search page's paths run the full search, the statistics are answered from
    the store at the paths the build wrote them."""
    from tests.security.sitewalk import crawl

    broken, fetched = crawl(served)
    assert broken == [] and fetched > 200
    status, kind, body = fetch(served + "search/index.en.html?q=chile&ui=en")
    assert (status, kind) == (200, "text/html") and b"search-results" in body  # not the static page
    status, _, body = fetch(served + "stats/citations/ecl/index.es.html")
    assert status == 200 and b'lang="es"' in body and b'class="stats-year"' not in body
    status, _, body = fetch(served + "stats/citations/")
    assert status == 200 and b'<form class="stats-year"' in body  # the served page has the form
