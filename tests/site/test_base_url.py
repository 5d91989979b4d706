"""``serve --base-url`` / ``BASE_URL`` / ``$SCIELO_PUB_BASE_URL``: the dynamic faces' absolute URLs
(API ``url`` fields, Atom feeds, OAI-PMH baseURL and record identifiers) use the public address,
not the address a request arrived at nor the one the build stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import etree

from scielo_pub import store
from scielo_pub.errors import ConfigError
from scielo_pub.site import create_app
from scielo_pub.store.write import write_store
from tests.store.conftest import demo_content  # noqa: F401  (session fixture)

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://revistas.example.org/colecao/"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
OAI = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture
def site(tmp_path, demo_content):  # noqa: F811
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = store.connect(url)
    write_store(engine, demo_content)
    engine.dispose()
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    return folder, url


def _absolute_urls(client) -> list[str]:
    """Every absolute URL of the API index, an article listing, a search feed and OAI records."""
    urls = list(client.get("/api/v1/").get_json().values())
    urls += [a["url"] for a in client.get("/api/v1/articles?limit=5").get_json()["results"]]
    feed = etree.fromstring(client.get("/search/feed?q=chile").get_data())
    urls += feed.xpath("//a:link/@href | //a:id/text()", namespaces=ATOM)
    identify = etree.fromstring(client.get("/oai?verb=Identify").get_data())
    urls += identify.xpath("//o:baseURL/text()", namespaces=OAI)
    records = etree.fromstring(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").get_data())
    urls += [
        u for u in records.xpath("//dc:identifier/text()", namespaces=OAI) if "doi.org" not in u
    ]
    return [u for u in urls if "://" in u]


def test_the_base_url_setting_rewrites_every_absolute_url(site, demo_content):  # noqa: F811
    folder, url = site
    app = create_app(folder, {"TESTING": True}, db=url, base_url=PUBLIC.rstrip("/"))
    try:
        urls = _absolute_urls(app.test_client())
    finally:
        app.extensions["scielo_pub_store"].dispose()
    assert len(urls) > 10
    assert [u for u in urls if not u.startswith(PUBLIC)] == []
    assert PUBLIC + "oai" in urls and PUBLIC + "api/v1/articles" in urls


def test_without_it_the_request_address_and_the_stored_base_are_used(site, monkeypatch):
    monkeypatch.delenv("SCIELO_PUB_BASE_URL", raising=False)
    folder, url = site
    app = create_app(folder, {"TESTING": True}, db=url)
    try:
        client = app.test_client()
        api = client.get("/api/v1/", base_url="http://mirror.test:8080/").get_json()
        assert api["articles"] == "http://mirror.test:8080/api/v1/articles"
        assert not any(u.startswith(PUBLIC) for u in _absolute_urls(client))
    finally:
        app.extensions["scielo_pub_store"].dispose()


def test_the_environment_variable_is_the_default(site, monkeypatch):
    folder, url = site
    monkeypatch.setenv("SCIELO_PUB_BASE_URL", PUBLIC)
    app = create_app(folder, {"TESTING": True}, db=url)
    try:
        assert (
            app.test_client().get("/api/v1/").get_json()["journals"] == PUBLIC + "api/v1/journals"
        )
    finally:
        app.extensions["scielo_pub_store"].dispose()


@pytest.mark.parametrize(
    "bad", ["ftp://x.org/", "revistas.example.org", "https:///x", "https://x.org/?a=1"]
)
def test_a_bad_base_url_is_a_configuration_error(site, bad):
    folder, url = site
    with pytest.raises(ConfigError):
        create_app(folder, {"TESTING": True}, db=url, base_url=bad)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_serve_base_url_through_the_command_line(site, tmp_path):
    folder, url = site
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = [sys.executable, "-m", "scielo_pub.cli", "serve", str(folder), "--db", url,
            "--port", str(port), "--threads", "2", "--base-url", PUBLIC]  # fmt: skip
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip
    try:
        local = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                api = json.loads(_get(local + "api/v1/"))
                break
            except (OSError, urllib.error.URLError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {log.read_text(errors='replace')}")
                time.sleep(0.1)
        assert api["collection"] == PUBLIC + "api/v1/collection"
        identify = etree.fromstring(_get(local + "oai?verb=Identify"))
        assert identify.xpath("//o:baseURL/text()", namespaces=OAI) == [PUBLIC + "oai"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_bad_base_url(site, capsys):
    from scielo_pub.cli import main

    folder, url = site
    assert main(["serve", str(folder), "--db", url, "--base-url", "not a url"]) == 2
    assert "base URL" in capsys.readouterr().err


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("base_url", [None, PUBLIC])
def test_sushi_item_uris_use_the_public_address(tmp_path, base_url, monkeypatch):
    from scielo_pub.usage.importer import import_logs
    from tests.usage.helpers import at, line
    from tests.usage.store_seed import seed

    monkeypatch.delenv("SCIELO_PUB_BASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = store.connect(url)
    seed(engine)
    log = tmp_path / "access.log"
    log.write_text(line("/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html", at(0)) + "\n")
    import_logs(engine, [log])
    engine.dispose()
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    app = create_app(folder, {"TESTING": True}, db=url, base_url=base_url)
    try:
        query = "customer_id=demo&begin_date=2024-06-01&end_date=2024-06-30"
        data = app.test_client().get(f"/r51/reports/ir?{query}").get_json()
    finally:
        app.extensions["scielo_pub_store"].dispose()
    uris = [s for s in _strings(data["Report_Items"]) if "://" in s and "doi.org" not in s]
    assert uris
    public = [u for u in uris if u.startswith(PUBLIC)]
    assert public == (uris if base_url else [])
