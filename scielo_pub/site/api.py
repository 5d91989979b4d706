"""HTTP requests in, the JSON API over the collection store out (``/api/v1/``, described by ``openapi.json``).

Journals, issues, articles (the ``inspect --json`` model, docs/INSPECT_JSON.md), references with their
matches, cited-by, and search. Lists answer ``{"total": N, "results": [...]}``; errors answer
``{"error": message}`` with 400 (bad parameters or query), 404 (no such thing), 410 (an article that
was withdrawn) or 503 (the store cannot be read). See docs/API.md.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException

from ..store import read
from ..store.query import QueryError
from ..store.search import FACETS, request_from_args, search
from .db import connection
from .urls import public_root

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

OPENAPI = Path(__file__).with_name("openapi.json")
MAX_LIMIT = 1000


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


@blueprint.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return jsonify({"error": exc.message, **exc.extra}), exc.status


@blueprint.errorhandler(QueryError)
def _query_error(exc: QueryError):
    return jsonify({"error": exc.message}), 400


@blueprint.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    """Routing errors (404, 405) under /api/ answer JSON; elsewhere the usual page."""
    if request.path.startswith("/api/"):
        return jsonify({"error": exc.description or exc.name}), exc.code or 500
    return exc


@lru_cache(maxsize=1)
def openapi() -> dict:
    """The OpenAPI 3.1 description of this API."""
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def _url(path: str | None) -> str | None:
    return public_root() + path if path is not None else None


def _paging() -> tuple[int, int]:
    def number(name: str, default: int, high: int) -> int:
        raw = request.args.get(name)
        if raw in (None, ""):
            return default
        if not raw.isdigit() or not 0 <= int(raw) <= high:
            raise ApiError(400, f"{name} must be a whole number from 0 to {high}")
        return int(raw)

    return number("offset", 0, 10**9), max(1, number("limit", 100, MAX_LIMIT))


def _listing(total: int, results: list) -> dict:
    return {"total": total, "results": results}


def _summary(item: dict) -> dict:
    return {**item, "url": _url(item["landing_path"])}


@blueprint.get("/")
def index():
    root = public_root() + "api/v1/"
    return jsonify({
        "openapi": root + "openapi.json", "collection": root + "collection",
        "search": root + "search?q=", "journals": root + "journals", "articles": root + "articles",
    })  # fmt: skip


@blueprint.get("/openapi.json")
def openapi_document():
    return jsonify(openapi())


@blueprint.get("/collection")
def collection():
    with connection() as conn:
        info = read.collection(conn)
    if info is None:
        raise ApiError(404, "the store holds no collection yet; run 'scielo-pub build'")
    return jsonify(info)


@blueprint.get("/search")
def search_articles():
    """``{"total", "results": [{pid, doi, title, authors, journal, year, url}], "facets"}``."""
    req = request_from_args(request.args)
    flag = request.args.get("facets", "true").lower()
    if flag not in ("true", "false", "1", "0"):
        raise ApiError(400, "facets must be true or false")
    with connection() as conn:
        result = search(conn, req, facets=flag in ("true", "1"))
        titles = read.journal_titles(conn)
    results = [
        {"pid": h.pid or h.ident, "doi": h.doi, "title": h.title, "authors": list(h.authors),
         "journal": h.journal_title, "year": h.year, "url": _url(h.landing_path)}
        for h in result.hits
    ]  # fmt: skip
    facets = {
        name: [
            {
                "value": value,
                "count": count,
                **({"label": titles.get(value, value)} if name == "journal" else {}),
            }
            for value, count in values
        ]
        for name, values in result.facets.items()
    } or {name: [] for name in FACETS}
    return jsonify({"total": result.total, "results": results, "facets": facets})


@blueprint.get("/journals")
def journals():
    with connection() as conn:
        items = [_summary(j) for j in read.journals(conn)]
    return jsonify(_listing(len(items), items))


@blueprint.get("/journals/<acronym>")
def journal(acronym: str):
    with connection() as conn:
        item = read.journal(conn, acronym)
    if item is None:
        raise ApiError(404, f"no journal '{acronym}' in this collection")
    return jsonify(_summary(item))


@blueprint.get("/journals/<acronym>/issues")
def issues(acronym: str):
    with connection() as conn:
        items = read.issues(conn, acronym)
    if items is None:
        raise ApiError(404, f"no journal '{acronym}' in this collection")
    return jsonify(_listing(len(items), [_summary(i) for i in items]))


def _issue(conn, acronym: str, folder: str) -> tuple[int, dict]:
    found = read.issue(conn, acronym, folder)
    if found is None:
        raise ApiError(404, f"no issue '{folder}' in journal '{acronym}'")
    return found


@blueprint.get("/journals/<acronym>/issues/<folder>")
def issue(acronym: str, folder: str):
    with connection() as conn:
        _, item = _issue(conn, acronym, folder)
    return jsonify(_summary(item))


@blueprint.get("/journals/<acronym>/issues/<folder>/articles")
def issue_articles(acronym: str, folder: str):
    offset, limit = _paging()
    with connection() as conn:
        issue_id, _ = _issue(conn, acronym, folder)
        total, items = read.articles(conn, issue_id=issue_id, limit=limit, offset=offset)
    return jsonify(_listing(total, [_summary(a) for a in items]))


@blueprint.get("/articles")
def articles():
    offset, limit = _paging()
    acronym = request.args.get("journal") or None
    with connection() as conn:
        total, items = read.articles(conn, journal_acronym=acronym, limit=limit, offset=offset)
    return jsonify(_listing(total, [_summary(a) for a in items]))


def _article(conn, key: str):
    row = read.find_article(conn, key)
    if row is None:
        raise ApiError(404, f"no article '{key}' (give a PID, PID v3 or DOI)")
    if row.deleted:
        raise ApiError(410, f"article '{key}' was withdrawn from the collection",
                       article=_summary(read.article_summary(row)))  # fmt: skip
    return row


@blueprint.get("/articles/<path:key>/references")
def references(key: str):
    with connection() as conn:
        items = read.references(conn, _article(conn, key).id)
    for ref in items:
        for match in ref["matches"]:
            match["url"] = match["url"] or _url(match.pop("landing_path", None))
            match.pop("landing_path", None)
    return jsonify(_listing(len(items), items))


@blueprint.get("/articles/<path:key>/cited-by")
def cited_by(key: str):
    with connection() as conn:
        items = read.cited_by(conn, _article(conn, key).id)
    return jsonify(_listing(len(items), [_summary(i) for i in items]))


@blueprint.get("/articles/<path:key>")
def article(key: str):
    with connection() as conn:
        row = _article(conn, key)
    return jsonify(_summary(read.article(row)))


@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
def unknown(rest: str):
    raise ApiError(404, f"no API endpoint /api/v1/{rest}; see /api/v1/openapi.json")
