"""Fixtures of the served app: the demo collection's store (SQLite and PostgreSQL) behind ``create_app``."""

from __future__ import annotations

import pytest

from scielo_pub import store
from scielo_pub.site import create_app
from scielo_pub.store.write import write_store
from tests.store.conftest import demo_content  # noqa: F401  (a session fixture shared with the store tests)


@pytest.fixture
def demo_app(store_url, tmp_path, demo_content):  # noqa: F811
    engine = store.connect(store_url)
    write_store(engine, demo_content)
    engine.dispose()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    app = create_app(site, {"TESTING": True}, db=store_url)
    yield app
    app.extensions["scielo_pub_store"].dispose()


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()
