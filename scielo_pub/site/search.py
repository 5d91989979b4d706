"""Search parameters in, the search page (HTML, pt/es/en) and Atom feeds of the newest matching articles out.

``GET /search?q=...`` (also ``/search/`` and ``/search/index[.<ui>].html``, where the static site's own
search page lies, so the form of every built page lands here when the app serves the site) shows
ranked results with facets, sorting and pages; a bad query is a 400 page that
says what is wrong and keeps the form. ``GET /search/feed?q=...`` (or ``?journal=ACRONYM``,
``?subject=AREA``) is the selective-dissemination profile: an Atom feed of the newest matching
articles, so a reader subscribes instead of coming back to look.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request
from lxml import etree
from sqlalchemy import select

from ..store import read
from ..store import schema as s
from ..store.query import QueryError
from ..store.search import FACETS, SearchRequest, SearchResult, request_from_args, search
from . import i18n
from .db import connection
from .urls import public_root, public_url

blueprint = Blueprint("search", __name__, template_folder="templates")

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20
FILTERS = ("journal", "year", "type", "lang", "subject")


def page(ui: str | None = None):
    with connection() as conn:
        info = read.collection(conn) or {}
        ui = i18n.pick(ui or request.args.get("ui"), info.get("default_language", "pt"))
        t = i18n.strings(ui)
        context = {"ui": ui, "t": t, "info": info, "args": request.args, "error": None,
                   "result": None, "req": None}  # fmt: skip
        status = 200
        if request.args.get("q", "").strip() or any(request.args.get(f) for f in FILTERS):
            try:
                req = request_from_args(request.args)
                context.update(req=req, result=search(conn, req))
            except QueryError as exc:
                context["error"], status = exc.message, 400
        journals = read.journal_titles(conn)
    context.update(_page_links(context, journals, ui))
    return render_template("search.html", **context), status


# ``/search`` and the paths of the static site's own search page (``search/index.html``, in each
# interface language: the form on every built page points there), each an endpoint of its own.
for _n, _rule in enumerate(("/search", "/search/", "/search/index.html",
                            "/search/index.<any(pt, es, en):ui>.html")):  # fmt: skip
    blueprint.add_url_rule(_rule, "page" if _n == 0 else f"page_{_n}", page, methods=["GET"])


def _url(args: dict, **changes) -> str:
    merged = {k: v for k, v in args.items() if k not in changes}
    merged.update({k: v for k, v in changes.items() if v not in (None, "", [])})
    pairs = [(k, x) for k, v in merged.items() for x in (v if isinstance(v, list) else [v])]
    return "search?" + urlencode(pairs)


def _page_links(context: dict, journals: dict, ui: str) -> dict:
    """Facet, filter, page and feed links of the results page."""
    args = {k: request.args.getlist(k) for k in request.args}
    args.pop("page", None)
    req: SearchRequest | None = context["req"]
    result: SearchResult | None = context["result"]
    if req is None or result is None:
        return {"facets": [], "active": [], "pages": None, "feed": None,
                "languages": [(c, i18n.NATIVE[c], _url(args, ui=c)) for c in i18n.LANGUAGES]}  # fmt: skip
    t = context["t"]
    facets, active = [], []
    for name in FACETS:
        chosen = set(args.get(name, []))
        entries = []
        for value, count in result.facets.get(name, []):
            label = _label(name, value, journals, ui)
            if value in chosen:
                rest = [v for v in args[name] if v != value]
                active.append((t[f"facet_{name}"], label, _url(args, **{name: rest or None})))
            else:
                entries.append((label, count, _url(args, **{name: [*args.get(name, []), value]})))
        if entries:
            facets.append((t[f"facet_{name}"], entries))
    pages = -(-result.total // req.size) if result.total else 0
    links = {
        "page": req.page, "pages": pages,
        "previous": _url(args, page=str(req.page - 1)) if req.page > 1 else None,
        "next": _url(args, page=str(req.page + 1)) if req.page < pages else None,
    }  # fmt: skip
    feed_args = {k: v for k, v in args.items() if k in ("q", "field", *FILTERS)}
    return {
        "facets": facets, "active": active, "pages": links,
        "feed": "search/feed?" + urlencode([(k, x) for k, v in feed_args.items() for x in v]),
        "languages": [(c, i18n.NATIVE[c], _url(args, ui=c)) for c in i18n.LANGUAGES],
    }  # fmt: skip


def _label(facet: str, value: str, journals: dict, ui: str) -> str:
    if facet == "journal":
        return journals.get(value, value)
    if facet == "lang":
        return i18n.language_name(value, ui)
    return value


@blueprint.get("/search/feed")
def feed():
    """An Atom feed of the newest articles matching the query and filters."""
    args = request.args.copy()
    for key, value in (("sort", "date"), ("page", "1"), ("size", str(FEED_SIZE))):
        args.setlist(key, [value])
    try:
        req = request_from_args(args)
    except QueryError as exc:
        return Response(exc.message + "\n", 400, content_type="text/plain; charset=utf-8")
    with connection() as conn:
        try:
            result = search(conn, req, facets=False)
        except QueryError as exc:
            return Response(exc.message + "\n", 400, content_type="text/plain; charset=utf-8")
        info = read.collection(conn) or {}
        abstracts = _abstracts(conn, [h.article_id for h in result.hits])
        titles = read.journal_titles(conn)
    body = atom_feed(req, result, info, abstracts, public_root(), public_url(), titles)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _abstracts(conn, ids: list[int]) -> dict[int, str]:
    a, texts = s.articles, s.article_texts
    rows = conn.execute(
        select(texts.c.article_id, texts.c.abstract)
        .join(a, a.c.id == texts.c.article_id)
        .where(texts.c.article_id.in_(ids), texts.c.lang == a.c.language)
    )
    return {r.article_id: r.abstract for r in rows if r.abstract}


def atom_feed(
    req: SearchRequest, result: SearchResult, info: dict, abstracts: dict[int, str],
    root: str, self_url: str, journal_titles: dict[str, str] | None = None,
) -> bytes:  # fmt: skip
    """The Atom document (RFC 4287) of a search's newest articles."""
    E = _Builder()
    name = (info.get("name") or {}).get(info.get("default_language", "")) or info.get("acronym", "")
    titles = journal_titles or {}
    labels = [titles.get(str(v), str(v)) if f == "journal" else str(v)
              for f in FILTERS for v in getattr(req, f)]  # fmt: skip
    what = " · ".join(([req.q] if req.q else []) + labels)
    newest = max((h.updated for h in result.hits), default=None)
    feed = E("feed", E("title", f"{name}: {what}"), E("id", self_url),
             E("updated", _stamp(newest or datetime.now(UTC).replace(tzinfo=None))),
             E("link", href=self_url, rel="self"),
             E("link", href=root + "search?" + self_url.partition("?")[2], rel="alternate",
               type="text/html"),
             E("generator", "scielo-pub"))  # fmt: skip
    for hit in result.hits:
        url = root + hit.landing_path
        entry = E("entry", E("title", hit.title or hit.ident), E("id", url),
                  E("link", href=url, rel="alternate", type="text/html"),
                  E("updated", _stamp(hit.updated)))  # fmt: skip
        if hit.pub_date:
            entry.append(E("published", _published(hit.pub_date)))
        for author in hit.authors:
            entry.append(E("author", E("name", author)))
        if not hit.authors:
            entry.append(E("author", E("name", hit.journal_title)))
        entry.append(E("category", term=hit.journal, label=hit.journal_title))
        if hit.article_id in abstracts:
            entry.append(E("summary", abstracts[hit.article_id]))
        feed.append(entry)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


# Characters XML 1.0 cannot carry (C0 controls but tab/newline/return, surrogates, U+FFFE/FFFF): a
# request's parameters may hold them, and the feed echoes the query in its title and links.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


class _Builder:
    def __call__(self, tag: str, *children, **attrs):
        el = etree.Element(f"{{{ATOM}}}{tag}", nsmap={None: ATOM})
        for key, value in attrs.items():
            el.set(key, _xml_text(value))
        for child in children:
            if isinstance(child, str):
                el.text = _xml_text(child)
            else:
                el.append(child)
        return el


def _stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _published(iso: str) -> str:
    parts = (iso.split("-") + ["01", "01"])[:3]
    return "-".join(parts) + "T00:00:00Z"
