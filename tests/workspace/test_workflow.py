"""The editors' workflow through the app: upload, report in the editor's language, publish gates,
single-file uploads, preview sanitising, withdrawal as an OAI deleted record, history and audit."""

from __future__ import annotations

import io
import zipfile

from lxml import etree, html

from scielo_pub.workspace import accounts

from .conftest import sign_in, upload
from .helpers import ISSUE, JOURNAL, PID, XML, issue_zip, token

OAI = "{http://www.openarchives.org/OAI/2.0/}"


def _key(response) -> str:
    assert response.status_code == 302, response.text
    return response.location.split("/")[3]


def _articles(client, key: str) -> dict[str, tuple[int, int]]:
    page = html.fromstring(client.get(f"/workspace/s/{key}/").data)
    rows = page.xpath("//table[@id='articles']/tbody/tr")
    return {r.xpath("td[1]")[0].text: (int(r.xpath("td[2]")[0].text), int(r.xpath("td[3]")[0].text))
            for r in rows}  # fmt: skip


def test_report_per_article_in_the_editors_language(app, demo):
    ana = sign_in(app, "ana")  # account language: Spanish
    key = _key(upload(ana, JOURNAL, ISSUE, issue_zip(demo.held, broken=True)))
    counts = _articles(ana, key)
    assert counts[XML][0] >= 1
    assert all(errors == 0 for name, (errors, _) in counts.items() if name != XML)
    index = sorted(counts).index(XML)
    response = ana.get(f"/workspace/s/{key}/report/{index}")
    report = html.fromstring(response.data)
    response.close()
    assert report.get("lang") == "es"
    assert report.findtext(".//h1") == "Informe de validación"
    problems = [row for row in report.xpath("//tr[contains(@class,'problem')]")
                if row.get("data-code") == "dtd.invalid" and "article-titel" in row.text_content()]  # fmt: skip
    assert problems, "the DTD error is listed under its source line"
    line = max(int(row.get("data-line")) for row in problems)
    source = report.xpath(f"//tr[@id='a1-L{line}']/td[@class='code']")[0].text
    assert "article-titel" in source
    assert "Qué hacer" in problems[-1].text_content()  # the advice, in Spanish
    assert report.xpath(f"//tr[@id='a1-L{line - 1}']") and report.xpath(
        f"//tr[@id='a1-L{line + 1}']"
    )
    assert [s.get("data-file") for s in report.xpath("//section[@class='article']")] == [XML]
    # the same report in Portuguese when the editor switches the interface
    response = ana.get(f"/workspace/s/{key}/report/{index}?ui=pt")
    assert html.fromstring(response.data).findtext(".//h1") == "Relatório de validação"
    response.close()


def test_publish_is_refused_while_an_article_has_errors(app, demo):
    ana = sign_in(app, "ana")
    key = _key(upload(ana, JOURNAL, ISSUE, issue_zip(demo.held, broken=True)))
    page = ana.get(f"/workspace/s/{key}/")
    assert not html.fromstring(page.data).xpath("//button[@id='publish']")
    response = ana.post(
        f"/workspace/s/{key}/publish", data={"csrf_token": token(page.text), "ack": "y"}
    )
    assert response.status_code == 409
    assert not (demo.collection / "journals" / JOURNAL / "issues" / ISSUE).exists()


def test_warnings_must_be_acknowledged(app, demo):
    ana = sign_in(app, "ana")
    # an unreferenced image is a warning, not an error
    key = _key(
        upload(ana, JOURNAL, ISSUE, issue_zip(demo.held, extra={f"{ISSUE}/extra.png": b"x"}))
    )
    page = ana.get(f"/workspace/s/{key}/")
    assert html.fromstring(page.data).xpath("//input[@id='ack']")
    response = ana.post(f"/workspace/s/{key}/publish", data={"csrf_token": token(page.text)})
    assert response.status_code == 302
    assert not (demo.collection / "journals" / JOURNAL / "issues" / ISSUE).exists()
    response = ana.post(
        f"/workspace/s/{key}/publish", data={"csrf_token": token(page.text), "ack": "y"}
    )
    assert response.status_code == 302
    assert (demo.collection / "journals" / JOURNAL / "issues" / ISSUE / "extra.png").is_file()


def test_single_files_fix_an_issue_and_withdrawal_is_an_oai_deleted_record(app, demo):
    ana = sign_in(app, "ana")
    key = _key(upload(ana, JOURNAL, ISSUE, issue_zip(demo.held, broken=True)))
    assert _articles(ana, key)[XML][0] >= 1
    # the fixed issue sent as single files (the issue is not published yet, so all of them)
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(demo.held.iterdir())]
    response = ana.post(f"/workspace/j/{JOURNAL}/upload", content_type="multipart/form-data",
                        data={"issue": ISSUE, "files": files,
                              "csrf_token": token(ana.get(f"/workspace/j/{JOURNAL}/").text)})  # fmt: skip
    key = _key(response)
    assert all(errors == 0 for errors, _ in _articles(ana, key).values())
    page = ana.get(f"/workspace/s/{key}/")
    ana.post(f"/workspace/s/{key}/publish", data={"csrf_token": token(page.text), "ack": "y"})
    stem = XML.removesuffix(".xml")
    landing = demo.site / "j" / JOURNAL / ISSUE / stem / "en.html"
    assert landing.is_file()
    lilacs = landing.parent / f"{stem}.lilacs.iso"
    assert lilacs.is_file() and PID.encode() in lilacs.read_bytes()
    feed = etree.parse(str(demo.site / "j" / JOURNAL / "feed.atom"))
    links = feed.xpath("//a:entry/a:link/@href", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert any(stem in href for href in links)
    found = ana.get(f"/api/v1/search?q={PID}").get_json()
    assert found["total"] >= 1
    ident = f"oai:demo:{PID}"
    record = etree.fromstring(
        ana.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={ident}").data
    )
    assert record.find(f".//{OAI}header").get("status") is None
    # withdraw the XML article
    issue_page = ana.get(f"/workspace/j/{JOURNAL}/{ISSUE}/")
    form = {"csrf_token": token(issue_page.text), "name": XML}
    assert ana.post(f"/workspace/j/{JOURNAL}/{ISSUE}/withdraw", data=form).status_code == 400
    response = ana.post(f"/workspace/j/{JOURNAL}/{ISSUE}/withdraw", data={**form, "confirm": "y"})
    assert response.status_code == 302
    assert not (demo.collection / "journals" / JOURNAL / "issues" / ISSUE / XML).exists()
    assert not landing.exists() and not lilacs.exists()
    feed = etree.parse(str(demo.site / "j" / JOURNAL / "feed.atom"))
    links = feed.xpath("//a:entry/a:link/@href", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert not any(stem in href for href in links)
    record = etree.fromstring(
        ana.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={ident}").data
    )
    assert record.find(f".//{OAI}header").get("status") == "deleted"
    # a file that is not an article of the issue cannot be withdrawn
    bad = {**form, "confirm": "y", "name": "../../../collection.toml"}
    assert ana.post(f"/workspace/j/{JOURNAL}/{ISSUE}/withdraw", data=bad).status_code == 400
    # history and audit
    rows = html.fromstring(ana.get(f"/workspace/j/{JOURNAL}/{ISSUE}/").data).xpath(
        "//table/tbody/tr"
    )
    assert len(rows) >= 3
    with app.extensions["scielo_pub_store"].connect() as conn:
        actions = [(r.account, r.action) for r in accounts.audit_log(conn)]
    assert ("ana", "withdraw") in actions and ("ana", "publish") in actions
    assert ("ana", "upload") in actions and ("ana", "login") in actions


def test_preview_pages_carry_no_script_from_the_article(app, demo):
    """A valid article with a javascript: link: the preview is sanitised as the public site is."""
    ana = sign_in(app, "ana")
    hostile = (
        (demo.held / XML)
        .read_bytes()
        .replace(
            b"<body>\n<sec",
            b'<body>\n<p><ext-link ext-link-type="uri" '
            b'xlink:href="javascript:alert(1)">click</ext-link></p>\n<sec',
            1,
        )
    )
    assert b"javascript:" in hostile
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(issue_zip(demo.held))) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, hostile if info.filename.endswith(XML) else src.read(info))
    key = _key(upload(ana, JOURNAL, ISSUE, buf.getvalue()))
    path = f"/workspace/s/{key}/preview/j/{JOURNAL}/{ISSUE}/{XML.removesuffix('.xml')}/en.html"
    response = ana.get(path)
    assert response.status_code == 200
    page = html.fromstring(response.data)
    response.close()
    assert page.xpath("//main//*[normalize-space()='click']"), "the link text is kept"
    assert not page.xpath("//*[starts-with(normalize-space(@href), 'javascript:')]")
    assert not page.xpath("//script[contains(., 'alert')]")


def test_publish_into_a_postgresql_store(demo, fresh_postgresql_url):
    """With ``--db postgresql://...`` the accounts, submissions and the rebuilt store are there."""
    import contextlib
    import os

    from scielo_pub import store
    from scielo_pub.cli import main
    from scielo_pub.site import create_app
    from scielo_pub.store.workspace_schema import ensure_tables

    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        argv = ["build", str(demo.collection), "-o", str(demo.site), "--no-pdf", "-j", "1", "-q",
                "--db", fresh_postgresql_url]  # fmt: skip
        assert main(argv) == 0
    engine = store.connect(fresh_postgresql_url)
    ensure_tables(engine)
    with engine.begin() as conn:
        accounts.add(conn, "ana", "editor", [JOURNAL], "a long password")
    engine.dispose()
    app = create_app(demo.site, {"TESTING": True, "WORKSPACE_PDF": False},
                     db=fresh_postgresql_url, collection=demo.collection)  # fmt: skip
    client = app.test_client()
    page = client.get("/workspace/login")
    client.post("/workspace/login",
                data={"name": "ana", "password": "a long password", "csrf_token": token(page.text)})  # fmt: skip
    key = _key(upload(client, JOURNAL, ISSUE, issue_zip(demo.held)))
    page = client.get(f"/workspace/s/{key}/")
    client.post(f"/workspace/s/{key}/publish", data={"csrf_token": token(page.text), "ack": "y"})
    ident = f"oai:demo:{PID}"
    body = client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={ident}").data
    header = etree.fromstring(body).find(f".//{OAI}header")
    assert header is not None and header.get("status") is None
    app.extensions["scielo_pub_store"].dispose()
