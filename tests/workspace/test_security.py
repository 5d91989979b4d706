"""The workspace refuses what it must: anonymous users, other journals, forms without CSRF tokens,
unsafe zips (and writes nothing then), too many sign-in attempts; a second publish changes nothing."""

from __future__ import annotations

import re

import pytest
from lxml import html
from sqlalchemy import func, select

from scielo_pub.store.workspace_schema import ws_submissions
from scielo_pub.workspace import accounts

from .conftest import sign_in, upload
from .helpers import ISSUE, JOURNAL, PASSWORD, PID, issue_zip, symlink_zip, token, tree_digest

SAMPLE = {"journal": JOURNAL, "issue": ISSUE, "key": "0" * 24, "path": "x", "article": 0}


def status(client, url: str) -> int:
    """The status of a GET, the response closed (files are streamed)."""
    response = client.get(url)
    response.close()
    return response.status_code


def workspace_urls(app):
    """Every workspace route with sample values, and its methods."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("workspace.") and rule.endpoint != "workspace.login":
            values = {name: SAMPLE[name] for name in rule.arguments}
            with app.test_request_context():
                from flask import url_for

                yield url_for(rule.endpoint, **values), rule.methods - {"HEAD", "OPTIONS"}


def test_every_workspace_url_refuses_anonymous_users(app, demo):
    before = tree_digest(demo.collection)
    client = app.test_client()
    seen = 0
    for url, methods in workspace_urls(app):
        for method in methods:
            response = client.open(url, method=method)
            seen += 1
            if method == "GET":
                assert response.status_code == 302, url
                assert response.location.startswith("/workspace/login")
            else:
                assert response.status_code in (400, 401), (method, url)
    assert seen >= 10
    assert tree_digest(demo.collection) == before


def test_editor_of_one_journal_gets_403_on_another(app, demo):
    rui = sign_in(app, "rui")  # editor of rsd
    assert rui.get("/workspace/j/rsd/").status_code == 200
    assert rui.get(f"/workspace/j/{JOURNAL}/").status_code == 403
    assert rui.get(f"/workspace/j/{JOURNAL}/v8n1/").status_code == 403
    before = tree_digest(demo.collection)
    token_rsd = token(rui.get("/workspace/j/rsd/").text)
    response = upload(rui, JOURNAL, ISSUE, issue_zip(demo.held), csrf_token=token_rsd)
    assert response.status_code == 403
    article = "0718-462X-ecl-8-1-0001.xml"
    response = rui.post(f"/workspace/j/{JOURNAL}/v8n1/withdraw",
                        data={"csrf_token": token_rsd, "name": article, "confirm": "y"})  # fmt: skip
    assert response.status_code == 403
    assert tree_digest(demo.collection) == before
    # a submission of ecl: its pages and its publish are 403 for rui
    ana = sign_in(app, "ana")
    key = upload(ana, JOURNAL, ISSUE, issue_zip(demo.held)).location.split("/")[3]
    for url in (
        f"/workspace/s/{key}/",
        f"/workspace/s/{key}/report",
        f"/workspace/s/{key}/preview/",
    ):
        assert status(rui, url) == 403, url
    response = rui.post(f"/workspace/s/{key}/publish", data={"csrf_token": token_rsd, "ack": "y"})
    assert response.status_code == 403
    assert tree_digest(demo.collection) == before
    # another editor of the same journal reads the report but not the uploader's preview
    eva = sign_in(app, "eva")
    assert eva.get(f"/workspace/s/{key}/").status_code == 200
    assert status(eva, f"/workspace/s/{key}/preview/j/{JOURNAL}/{ISSUE}/") == 403
    assert status(ana, f"/workspace/s/{key}/preview/j/{JOURNAL}/{ISSUE}/") == 200
    # the admin holds every journal
    assert sign_in(app, "root").get(f"/workspace/j/{JOURNAL}/").status_code == 200


def test_forms_without_csrf_token_are_refused(app, demo):
    client = app.test_client()
    page = client.get("/workspace/login")
    assert page.status_code == 200
    refused = client.post("/workspace/login", data={"name": "ana", "password": PASSWORD})
    assert refused.status_code == 400
    ana = sign_in(app, "ana")
    before = tree_digest(demo.collection)
    response = upload(ana, JOURNAL, ISSUE, issue_zip(demo.held), csrf_token="")
    assert response.status_code == 400
    assert not list((demo.site / ".scielo-pub" / "workspace" / "submissions").glob("*"))
    key = upload(ana, JOURNAL, ISSUE, issue_zip(demo.held)).location.split("/")[3]
    assert ana.post(f"/workspace/s/{key}/publish", data={"ack": "y"}).status_code == 400
    forged = ana.post(f"/workspace/s/{key}/publish", data={"ack": "y", "csrf_token": "x.y.z"})
    assert forged.status_code == 400
    response = ana.post(f"/workspace/j/{JOURNAL}/v8n1/withdraw",
                        data={"name": "0718-462X-ecl-8-1-0001.xml", "confirm": "y"})  # fmt: skip
    assert response.status_code == 400
    assert ana.post("/workspace/logout").status_code == 400
    assert tree_digest(demo.collection) == before
    assert ana.get("/workspace/").status_code == 200  # still signed in: the logout was refused


@pytest.mark.parametrize("kind", ["traversal", "absolute", "symlink"])
def test_unsafe_zip_is_refused_and_nothing_is_written(app, demo, kind):
    ana = sign_in(app, "ana")
    before = tree_digest(demo.collection)
    if kind == "symlink":
        data = symlink_zip(demo.held)
    else:
        name = "../../journals/rsd/journal.toml" if kind == "traversal" else "/tmp/evil.xml"
        data = issue_zip(demo.held, extra={name: b"<article/>"})
    response = upload(ana, JOURNAL, ISSUE, data)
    assert response.status_code == 400
    alert = html.fromstring(response.data).xpath("//*[@role='alert']")
    assert alert and "package.unsafe-path" in alert[0].text_content()
    assert tree_digest(demo.collection) == before
    assert not list((demo.site / ".scielo-pub" / "workspace" / "submissions").glob("*"))
    with app.extensions["scielo_pub_store"].connect() as conn:
        assert conn.execute(select(func.count()).select_from(ws_submissions)).scalar_one() == 0
        actions = [row.action for row in accounts.audit_log(conn)]
    assert actions[0] == "upload-refused"


def _oai_stamps(client) -> dict[str, str]:
    text = client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").text
    ids = re.findall(r"<identifier>([^<]+)</identifier>\s*<datestamp>([^<]+)</datestamp>", text)
    return dict(ids)


def test_second_publish_of_the_same_package_is_idempotent(app, demo):
    ana = sign_in(app, "ana")
    key = upload(ana, JOURNAL, ISSUE, issue_zip(demo.held)).location.split("/")[3]
    page = ana.get(f"/workspace/s/{key}/")
    first = ana.post(
        f"/workspace/s/{key}/publish", data={"csrf_token": token(page.text), "ack": "y"}
    )
    assert first.status_code == 302
    stamps = _oai_stamps(ana)
    assert any(PID in ident for ident in stamps)
    folder = demo.collection / "journals" / JOURNAL / "issues" / ISSUE
    published = tree_digest(folder)
    # the same package again: uploaded anew, then published twice
    again = upload(ana, JOURNAL, ISSUE, issue_zip(demo.held)).location.split("/")[3]
    for target in (again, again, key):
        page = ana.get(f"/workspace/s/{target}/")
        response = ana.post(f"/workspace/s/{target}/publish",
                            data={"csrf_token": token(page.text), "ack": "y"})  # fmt: skip
        assert response.status_code == 302
        flash = html.fromstring(ana.get(f"/workspace/s/{target}/").data).xpath(
            "//p[@role='status']"
        )
        assert flash and "nada cambió" in flash[0].text_content()  # ana reads Spanish
    assert tree_digest(folder) == published
    assert _oai_stamps(ana) == stamps
    assert not list((demo.collection / ".scielo-pub-staging").iterdir())


def test_sign_in_is_rate_limited_per_account(app):
    client = app.test_client()
    for _ in range(accounts.ACCOUNT_FAILURES):
        page = client.get("/workspace/login")
        response = client.post("/workspace/login",
                               data={"name": "ana", "password": "wrong password!", "csrf_token": token(page.text)})  # fmt: skip
        assert response.status_code == 401
    page = client.get("/workspace/login")
    response = client.post("/workspace/login",
                           data={"name": "ana", "password": PASSWORD, "csrf_token": token(page.text)})  # fmt: skip
    assert response.status_code == 429
    assert "uid" not in (client.get_cookie("session").value if client.get_cookie("session") else "")
    assert client.get("/workspace/").status_code == 302  # not signed in


def test_session_cookie_is_httponly_and_samesite(app):
    client = app.test_client()
    page = client.get("/workspace/login")
    response = client.post("/workspace/login",
                           data={"name": "ana", "password": PASSWORD, "csrf_token": token(page.text)})  # fmt: skip
    header = response.headers.get("Set-Cookie")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    page = client.get("/workspace/")
    assert "script-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "private, no-store"


def test_a_password_change_ends_old_sessions(app, demo):
    from scielo_pub import store

    ana = sign_in(app, "ana")
    assert ana.get("/workspace/").status_code == 200
    engine = store.connect(store.default_url(demo.site))
    with engine.begin() as conn:
        accounts.set_password(conn, "ana", "another long password")
    engine.dispose()
    assert ana.get("/workspace/").status_code == 302


@pytest.mark.parametrize(
    ("issue", "name", "data", "code"),
    [
        ("v8n2", "issue.zip", b"not a zip at all", "package.not-zip"),
        ("../rsd", "issue.zip", b"", "workspace.issue-name"),
        ("v8n2", "", b"", "workspace.no-file"),
        ("v8n2", "notes.xml", b"<article/>", "workspace.no-issue-toml"),
        ("v8n2", "journal.toml", b"acronym = 'x'", "workspace.file-name"),
    ],
    ids=["garbage-zip", "issue-name", "no-file", "no-issue-toml", "journal-toml"],
)
def test_bad_uploads_are_4xx_with_a_reason(app, demo, issue, name, data, code):
    ana = sign_in(app, "ana")
    before = tree_digest(demo.collection)
    response = upload(ana, JOURNAL, issue, data, name)
    assert response.status_code == 400
    assert code in html.fromstring(response.data).xpath("//*[@role='alert']")[0].text_content()
    assert tree_digest(demo.collection) == before
    assert not list((demo.site / ".scielo-pub" / "workspace" / "submissions").glob("*"))


def test_secure_cookies_and_no_workspace_without_a_collection(demo, app):
    from scielo_pub.site import create_app

    secure = create_app(demo.site, {"SESSION_COOKIE_SECURE": True}, collection=demo.collection)
    client = secure.test_client()
    page = client.get("/workspace/login")
    response = client.post("/workspace/login",
                           data={"name": "ana", "password": PASSWORD, "csrf_token": token(page.text)})  # fmt: skip
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
    secure.extensions["scielo_pub_store"].dispose()
    plain = create_app(demo.site)
    assert plain.test_client().get("/workspace/login").status_code == 404
    assert not any(r.endpoint.startswith("workspace.") for r in plain.url_map.iter_rules())
    plain.extensions["scielo_pub_store"].dispose()
