"""HTTP requests in, the analysts' citation-statistics pages (pt/es/en) and downloads out.

The pages come from :mod:`scielo_pub.indicators.pages`, the renderer the build uses to write the same
pages as static files, and are answered at the same path URLs, so one link works on a plain web
server and here: ``/stats/citations/`` (``index.html``, ``index.<ui>.html``) is the collection page,
a ranking of its journals for a base year (2-year impact factor first; ``?year=`` picks another one
here) with every indicator, every journal's 2-year impact factor over the years (chart and table) and
the collection's counts per year; ``/stats/citations/<acronym>/`` (and ``index.<ui>.html``) is a
journal's page: its indicator table per year, time-series charts (SVG, pygal, the numbers in the
table beside them), citations received by citing journal and year, the journals it cites most, and
co-authorship country pairs; ``data.json`` and ``data.csv`` in either folder (or ``?journal=ACRONYM``
on the collection's) download the ``stats citations`` report. The older ``/stats/citations?ui=en`` and
``/stats/citations/<acronym>?ui=en`` are answered too. Journal references not yet assigned to a
serial are assigned first (the store's indicator tables are a cache of that matching). Bad parameters
are 400, unknown journals 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..indicators import i18n as stats_i18n
from ..indicators import pages
from ..indicators.report import refresh
from ..store import metadata, read
from ..store.engine import create_all
from ..store.indicators_schema import INDICATOR_TABLES, reference_serials
from ..store.schema import article_references
from .db import StoreUnavailable, connection, engine

blueprint = Blueprint("stats", __name__, url_prefix="/stats/citations")

_UI = "<any(pt, es, en):ui>"
_HTML = {"Content-Type": "text/html; charset=utf-8"}


def _prepare() -> None:
    """Make the indicator tables when missing and assign new journal references (a write). The
    check is cheap when nothing changed: the references' count and highest id and the number of
    assignments are compared with the last refresh this process made."""
    try:
        with engine().begin() as conn:
            if not current_app.extensions.get("scielo_pub_indicators_ready"):
                create_all(conn, metadata, tables=list(INDICATOR_TABLES))
                current_app.extensions["scielo_pub_indicators_ready"] = True
            r = article_references
            stamp = (
                *conn.execute(select(func.count(), func.max(r.c.id))).one(),
                conn.execute(select(func.count()).select_from(reference_serials)).scalar_one(),
            )
            if current_app.extensions.get("scielo_pub_indicators_stamp") == stamp:
                return
            refresh(conn)
            current_app.extensions["scielo_pub_indicators_stamp"] = (
                *stamp[:2],
                conn.execute(select(func.count()).select_from(reference_serials)).scalar_one(),
            )
    except SQLAlchemyError as exc:
        current_app.logger.warning("indicators unavailable: %s", exc)
        raise StoreUnavailable(exc.__class__.__name__) from None


def _ui(info: dict, ui: str | None) -> str:
    """The language the path names, else ``?ui=``, else the collection's default."""
    return stats_i18n.pick(ui or request.args.get("ui"), info.get("default_language", "pt"))


def _place() -> pages.Place:
    return pages.Place(request.script_root + "/", served=True)


def _year_arg() -> int | None:
    text = request.args.get("year", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1000 <= int(text) <= 9999:
        abort(400, description="year must be a four-digit year")
    return int(text)


def _routes(*rules: str):
    """The view answers every rule, each under an endpoint of its own (rules sharing an endpoint
    with ``defaults`` would redirect to one another)."""

    def register(view):
        for n, rule in enumerate(rules):
            blueprint.add_url_rule(rule, f"{view.__name__}_{n}", view, methods=["GET"])
        return view

    return register


@_routes("", "/", "/index.html", f"/index.{_UI}.html")
def collection_page(ui: str | None = None):
    year = _year_arg()
    _prepare()
    with connection() as conn:
        info = read.collection(conn) or {}
        body = pages.collection_page(conn, info, _ui(info, ui), _place(), year)
    return body, 200, _HTML


@_routes("/<acronym>", "/<acronym>/", "/<acronym>/index.html", f"/<acronym>/index.{_UI}.html")
def journal_page(acronym: str, ui: str | None = None):
    _prepare()
    with connection() as conn:
        info = read.collection(conn) or {}
        lang = _ui(info, ui)
        serial_id = pages.journal_id(conn, acronym)
        if serial_id is None:
            return pages.missing_page(info, lang, _place()), 404, _HTML
        body = pages.journal_page(conn, info, lang, _place(), serial_id)
    return body, 200, _HTML


@_routes("/data.<fmt>", "/<acronym>/data.<fmt>")
def download(fmt: str, acronym: str | None = None):
    if fmt not in ("json", "csv"):
        abort(404)
    year = _year_arg()
    acronym = acronym or request.args.get("journal")
    _prepare()
    with connection() as conn:
        journals = None
        if acronym:
            found = pages.journal_id(conn, acronym)
            if found is None:
                abort(404, description=f"no journal {acronym!r} in the collection")
            journals = [found]
        body = pages.download(conn, fmt, journals, year)
    name = f"citations-{acronym or 'collection'}{'-' + str(year) if year else ''}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(body, mimetype=mimetype, headers=headers)
