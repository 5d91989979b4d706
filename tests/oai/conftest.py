"""Shared OAI-PMH test pieces: the demo collection's content, stores written from it at chosen
stamps, a Flask client over them, and requests whose every response is validated against the
OAI-PMH schema in ../shared/data/oai (never copied)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine

from scielo_pub import store
from scielo_pub.collection import SiteContent, discover
from scielo_pub.site import create_app
from scielo_pub.store.write import write_store
from tests.conftest import SHARED_DATA
from tests.store.conftest import DEMO, site_content

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
#: The demo collection's public address (collection.toml), which OAI identifiers and links use.
BASE = discover(DEMO).collection.base_url
OAI = f"{{{OAI_NS}}}"
T1 = datetime(2024, 3, 1, 10, 0, 0)
T2 = datetime(2024, 3, 1, 10, 0, 5)
T3 = datetime(2024, 3, 5, 8, 30, 0)


@pytest.fixture(scope="session")
def oai_schema():
    import xmlschema

    path = SHARED_DATA / "oai" / "OAI-PMH.xsd"
    if not path.is_file():
        pytest.skip(f"the OAI-PMH schema {path} is absent")
    return xmlschema.XMLSchema(str(path))


@pytest.fixture(scope="session")
def oai_content(tmp_path_factory) -> SiteContent:
    """The demo collection read, validated, modelled and linked (no pages rendered)."""
    return site_content(DEMO, tmp_path_factory.mktemp("oai-links"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_url(request, tmp_path_factory, oai_content) -> str:
    """A store holding the demo collection written at ``T1``, shared by a module's read-only tests
    (on SQLite, then on the session's PostgreSQL server)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('oai-store') / 'store.sqlite'}"
    else:
        server = request.getfixturevalue("postgresql_server")
        url = server.create_database(f"oai_{request.module.__name__.split('.')[-1]}")
    engine = store.connect(url)
    write_store(engine, oai_content, now=T1)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def shared_engine(shared_url: str) -> Iterator[Engine]:
    engine = store.connect(shared_url, create=False)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A fresh store of the test's own (``store_url``), for tests that change it."""
    engine = store.connect(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_store(engine: Engine, oai_content: SiteContent) -> Engine:
    """The whole demo collection written at ``T1`` into the test's own store."""
    write_store(engine, oai_content, now=T1)
    return engine


@pytest.fixture
def make_client() -> Iterator:
    """``make_client(folder, store_url, **config)``: a test client; its store engine is disposed
    at the end of the test."""
    apps = []

    def make(folder: Path, store_url: str, **config):
        site = folder / "site"
        site.mkdir(exist_ok=True)
        settings = {"TESTING": True, "OAI_PAGE_SIZE": 2, "SECRET_KEY": "test"} | config
        apps.append(create_app(site, settings, db=store_url))
        return apps[-1].test_client()

    yield make
    for app in apps:
        app.extensions["scielo_pub.oai"].engine.dispose()


@pytest.fixture
def client(shared_url, tmp_path, make_client):
    return make_client(tmp_path, shared_url)


class Harvest:
    """Requests against one client; every response must be a 200 valid against the OAI-PMH XSD."""

    def __init__(self, client, schema) -> None:
        self.client = client
        self.schema = schema

    def get(self, **args: str) -> etree._Element:
        query = {k.rstrip("_"): v for k, v in args.items()}
        with self.client.get("/oai", query_string=query) as response:
            return self.check(response)

    def post(self, **args: str) -> etree._Element:
        query = {k.rstrip("_"): v for k, v in args.items()}
        with self.client.post("/oai", data=query) as response:
            return self.check(response)

    def check(self, response) -> etree._Element:
        assert response.status_code == 200
        assert response.mimetype == "text/xml"
        body = response.get_data()
        errors = list(self.schema.iter_errors(body.decode("utf-8")))
        assert not errors, errors[0]
        return etree.fromstring(body)

    def error_codes(self, **args: str) -> list[str]:
        return [e.get("code") for e in self.get(**args).iter(f"{OAI}error")]

    def walk(self, verb: str, **args: str) -> list[etree._Element]:
        """Every page of a list, following resumption tokens; checks cursor and list size."""
        pages = [self.get(verb=verb, **args)]
        while True:
            token = pages[-1].find(f"{OAI}{verb}/{OAI}resumptionToken")
            if token is None or not (token.text or "").strip():
                return pages
            pages.append(self.get(verb=verb, resumptionToken=token.text))


@pytest.fixture
def oai(client, oai_schema) -> Harvest:
    """Requests to a client over the shared read-only store."""
    return Harvest(client, oai_schema)


@pytest.fixture
def own_oai(demo_store, store_url, tmp_path, make_client, oai_schema) -> Harvest:
    """Requests to a client over the test's own store (``demo_store``), which the test may change."""
    return Harvest(make_client(tmp_path, store_url), oai_schema)


def identifiers(pages: list[etree._Element]) -> list[str]:
    return [e.text for page in pages for e in page.iter(f"{OAI}identifier")]
