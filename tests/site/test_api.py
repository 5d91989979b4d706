"""The JSON API over the demo store: every answer validates against the shipped OpenAPI description."""

from __future__ import annotations

import dataclasses

import pytest
from jsonschema import Draft202012Validator

from scielo_pub import store
from scielo_pub.site import create_app
from scielo_pub.site.api import openapi
from scielo_pub.store.write import write_store


def check(client, path: str, status: int = 200, spec_path: str | None = None) -> dict:
    """GET ``path``, expect ``status``, validate the body against the OpenAPI response schema."""
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    doc = openapi()
    spec_path = spec_path or path.split("?")[0].removeprefix("/api/v1")
    operation = doc["paths"][spec_path]["get"]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": doc["components"]})
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return body


def test_openapi_document_is_valid_and_served(client):
    Draft202012Validator.check_schema({"components": openapi()["components"]})
    assert client.get("/api/v1/openapi.json").get_json() == openapi()
    assert check(client, "/api/v1/")["search"].startswith("http://localhost/api/v1/search")


def test_journals_issues_and_articles(client, demo_content):
    journals = check(client, "/api/v1/journals")
    assert journals["total"] == len(demo_content.journals)
    acronym = journals["results"][0]["acronym"]
    assert (
        check(client, f"/api/v1/journals/{acronym}", spec_path="/journals/{acronym}")["acronym"]
        == acronym
    )
    issues = check(
        client, f"/api/v1/journals/{acronym}/issues", spec_path="/journals/{acronym}/issues"
    )
    folder = issues["results"][0]["folder"]
    one = check(
        client,
        f"/api/v1/journals/{acronym}/issues/{folder}",
        spec_path="/journals/{acronym}/issues/{folder}",
    )
    listed = check(client, f"/api/v1/journals/{acronym}/issues/{folder}/articles",
                   spec_path="/journals/{acronym}/issues/{folder}/articles")  # fmt: skip
    assert listed["total"] == one["articles"] == len(listed["results"]) > 0
    everything = check(client, "/api/v1/articles?limit=5")
    assert everything["total"] == len(demo_content.articles) and len(everything["results"]) == 5
    rest = check(client, "/api/v1/articles?limit=100&offset=5")
    assert len(rest["results"]) == everything["total"] - 5
    check(client, "/api/v1/collection")


def test_article_by_pid_and_doi_with_references_and_cited_by(client, demo_content):
    cited = next(i for i in demo_content.articles if i.cited_by)
    art = cited.article
    by_pid = check(client, f"/api/v1/articles/{art.pid}", spec_path="/articles/{key}")
    by_doi = check(client, f"/api/v1/articles/{art.doi}", spec_path="/articles/{key}")
    assert by_pid == by_doi and by_pid["model"]["titles"] == art.titles
    assert by_pid["url"] == "http://localhost/" + by_pid["landing_path"]
    refs = check(
        client, f"/api/v1/articles/{art.pid}/references", spec_path="/articles/{key}/references"
    )
    assert refs["total"] == len(art.references)
    citing = check(
        client, f"/api/v1/articles/{art.doi}/cited-by", spec_path="/articles/{key}/cited-by"
    )
    assert {c["ident"] for c in citing["results"]} == {c.citing_pid for c in cited.cited_by}
    citer = next(i for i in demo_content.articles if i.article.pid == cited.cited_by[0].citing_pid)
    refs = check(
        client,
        f"/api/v1/articles/{citer.article.pid}/references",
        spec_path="/articles/{key}/references",
    )
    linked = [m for r in refs["results"] for m in r["matches"] if m["article"] == art.pid]
    assert linked and linked[0]["db"] == "scielo"


def test_search_answers_the_documented_shape(client):
    body = check(client, "/api/v1/search?q=ti:chile&size=3")
    assert body["total"] > 3 and len(body["results"]) == 3
    assert set(body) == {"total", "results", "facets"}
    assert set(body["results"][0]) == {"pid", "doi", "title", "authors", "journal", "year", "url"}
    assert sum(f["count"] for f in body["facets"]["journal"]) == body["total"]
    page2 = check(client, "/api/v1/search?q=ti:chile&size=3&page=2")
    assert not {r["pid"] for r in page2["results"]} & {r["pid"] for r in body["results"]}
    bare = check(client, "/api/v1/search?q=ti:chile&size=3&facets=false")
    assert bare["total"] == body["total"] and bare["facets"]["journal"] == []
    au = check(client, "/api/v1/search?q=munoz&field=au")
    assert au["total"] and au["total"] < body["total"] + 10


@pytest.mark.parametrize(
    "path, status, spec",
    [("/api/v1/search?q=NOT+aves", 400, "/search"), ("/api/v1/search?q=%22aves", 400, "/search"),
     ("/api/v1/search?q=aves&size=5000", 400, "/search"), ("/api/v1/search", 400, "/search"),
     ("/api/v1/journals/nope", 404, "/journals/{acronym}"),
     ("/api/v1/journals/nope/issues", 404, "/journals/{acronym}/issues"),
     ("/api/v1/articles/S0000-00000000000000000", 404, "/articles/{key}"),
     ("/api/v1/articles?limit=x", 400, "/articles"), ("/api/v1/search?q=a&facets=maybe", 400, "/search")],
)  # fmt: skip
def test_bad_requests_are_4xx_with_a_message(client, path, status, spec):
    assert check(client, path, status, spec)["error"]


def test_unknown_endpoints_and_methods_answer_json(client):
    for response in (client.get("/api/v1/nothing/here"), client.post("/api/v1/journals")):
        assert response.status_code in (404, 405) and response.get_json()["error"]


def test_withdrawn_article_is_410_with_its_summary(store_url, tmp_path, demo_content):
    engine = store.connect(store_url)
    write_store(engine, demo_content)
    gone = demo_content.articles[0].article
    write_store(engine, dataclasses.replace(demo_content, articles=demo_content.articles[1:]))
    engine.dispose()
    app = create_app(tmp_path, {"TESTING": True}, db=store_url)
    body = check(app.test_client(), f"/api/v1/articles/{gone.pid}", 410, "/articles/{key}")
    assert body["article"]["deleted"] is True and body["article"]["pid"] == gone.pid
    app.extensions["scielo_pub_store"].dispose()


def test_a_site_without_a_store_answers_503(tmp_path):
    app = create_app(tmp_path, {"TESTING": True})
    client = app.test_client()
    response = client.get("/api/v1/journals")
    assert response.status_code == 503 and "scielo-pub build" in response.get_json()["error"]
    assert client.get("/search?q=aves").status_code == 503


def test_every_api_route_is_described_and_documented(demo_app, root):
    doc = (root / "docs" / "API.md").read_text(encoding="utf-8")
    described = set(openapi()["paths"])
    routes = {
        rule.rule.removeprefix("/api/v1")
        .replace("<path:key>", "{key}")
        .replace("<", "{")
        .replace(">", "}")
        for rule in demo_app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and rule.endpoint != "api.unknown"
    }
    assert routes == described
    for path in described - {"/", "/openapi.json"}:
        assert f"/api/v1{path}" in doc, path
