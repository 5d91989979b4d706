"""Fixtures of the workspace tests: a built demo collection (once per session, copied per test), the
app with its workspace on, and signed-in test clients."""

from __future__ import annotations

import io

import pytest

from scielo_pub import store
from scielo_pub.site import create_app
from scielo_pub.store.workspace_schema import ensure_tables
from scielo_pub.workspace import accounts

from .helpers import PASSWORD, build_template, copy_demo, token


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("ws-template"))


@pytest.fixture
def demo(template, tmp_path):
    return copy_demo(template, tmp_path)


def add_accounts(site) -> None:
    engine = store.connect(store.default_url(site))
    ensure_tables(engine)
    with engine.begin() as conn:
        accounts.add(conn, "ana", "editor", ["ecl"], PASSWORD, "es")
        accounts.add(conn, "rui", "editor", ["rsd"], PASSWORD, "pt")
        accounts.add(conn, "eva", "editor", ["ecl"], PASSWORD, "en")
        accounts.add(conn, "root", "admin", [], PASSWORD, "en")
    engine.dispose()


@pytest.fixture
def app(demo):
    add_accounts(demo.site)
    app = create_app(
        demo.site, {"TESTING": True, "WORKSPACE_PDF": False}, collection=demo.collection
    )
    yield app
    app.extensions["scielo_pub_store"].dispose()


def sign_in(app, name: str):
    client = app.test_client()
    page = client.get("/workspace/login")
    response = client.post("/workspace/login",
                           data={"name": name, "password": PASSWORD, "csrf_token": token(page.text)})  # fmt: skip
    assert response.status_code == 302, response.text
    return client


def upload(client, journal: str, issue: str, data: bytes, name: str = "issue.zip", **extra):
    form = {"issue": issue, "files": (io.BytesIO(data), name), **extra}
    if "csrf_token" not in extra:
        form["csrf_token"] = token(client.get(f"/workspace/j/{journal}/").text)
    return client.post(f"/workspace/j/{journal}/upload", data=form,
                       content_type="multipart/form-data")  # fmt: skip
