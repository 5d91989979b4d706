"""HTTP requests in, the analysts' citation-statistics pages (pt/es/en) and downloads out.

``/stats/citations`` is the collection page: a ranking of its journals for a base year (2-year impact
factor first) with every indicator, every journal's 2-year impact factor over the years (chart and
table) and the collection's counts per year; ``/stats/citations/<acronym>`` is a journal's page: its indicator
table per year, time-series charts (SVG, pygal, the numbers in the table beside them), citations
received by citing journal and year, the journals it cites most, and co-authorship country pairs;
``/stats/citations/data.json`` and ``data.csv`` (``?journal=ACRONYM`` for one) download the
``stats citations`` report. Journal references not yet assigned to a serial are assigned first (the
store's indicator tables are a cache of that matching). Bad parameters are 400, unknown journals 404.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..indicators import graph as ind_graph
from ..indicators.compute import (
    coauthorship_pairs,
    compute,
    granted_by_cited_journal,
    received_by_citing_journal,
)
from ..indicators.report import citation_report, refresh, to_csv
from ..store import metadata, read
from ..store.indicators_schema import INDICATOR_TABLES, reference_serials
from ..store.schema import article_references
from . import i18n, stats_i18n
from .charts import data_uri, line_chart
from .db import StoreUnavailable, connection, engine

blueprint = Blueprint("stats", __name__, url_prefix="/stats/citations", template_folder="templates")

INDICATORS = ("if2", "if3", "if5", "immediacy", "if2_no_self", "cited_half_life",
              "citing_half_life")  # fmt: skip
COUNTS = ("issues", "documents", "citable_items", "references_made", "citations_received",
          "self_citations")  # fmt: skip
TOP = 10


def _prepare() -> None:
    """Make the indicator tables when missing and assign new journal references (a write). The
    check is cheap when nothing changed: the references' count and highest id and the number of
    assignments are compared with the last refresh this process made."""
    try:
        with engine().begin() as conn:
            if not current_app.extensions.get("scielo_pub_indicators_ready"):
                metadata.create_all(conn, tables=list(INDICATOR_TABLES))
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


def _ui(info: dict) -> tuple[str, dict[str, str]]:
    ui = i18n.pick(request.args.get("ui"), info.get("default_language", "pt"))
    return ui, stats_i18n.strings(ui)


def _year_arg() -> int | None:
    text = request.args.get("year", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1000 <= int(text) <= 9999:
        abort(400, description="year must be a four-digit year")
    return int(text)


def _languages(endpoint_args: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    for code in i18n.LANGUAGES:
        args = {**endpoint_args, "ui": code}
        out.append((code, i18n.NATIVE[code], "?" + urlencode(args)))
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    return str(value)


@blueprint.get("")
@blueprint.get("/")
def collection_page():
    year = _year_arg()
    _prepare()
    with connection() as conn:
        info = read.collection(conn) or {}
        ui, t = _ui(info)
        labels = ind_graph.journal_labels(conn)
        results = list(compute(conn, ind_graph.store_graph()))
    years = sorted({y for r in results for y in r.years}, reverse=True)
    # By default the latest year in which the most journals have a 2-year impact factor.
    with_if2 = {y: sum(1 for r in results if y in r.years and r.years[y].if2 is not None)
                for y in years}  # fmt: skip
    chosen = year if year is not None else max(years, key=lambda y: (with_if2[y], y), default=None)
    ranking = []
    for r in results:
        v = r.years.get(chosen) if chosen is not None else None
        if v is None:
            continue
        label = labels[r.journal]
        ranking.append((label, v))
    ranking.sort(key=lambda lv: (-(lv[1].if2 or -1), -(lv[1].citations_received), lv[0].title))
    series_years = sorted(years)
    if2_table = [
        (labels[r.journal], [r.years[y].if2 if y in r.years else None for y in series_years])
        for r in sorted(results, key=lambda r: labels[r.journal].title)
    ]
    totals = [
        (y, {k: sum(getattr(r.years[y], k) for r in results if y in r.years) for k in COUNTS})
        for y in series_years
    ]
    charts = []
    if series_years:
        title = t["chart_if2_journals"]
        svg = line_chart(title, series_years, {lab.title: vals for lab, vals in if2_table})
        charts.append({"title": title, "src": data_uri(svg),
                       "alt": t["chart_alt"].format(what=title)})  # fmt: skip
    return render_template(
        "stats_citations.html", page="collection", ui=ui, t=t, info=info, years=years,
        chosen=chosen, ranking=ranking, fmt=_fmt, indicators=INDICATORS, counts=COUNTS,
        series_years=series_years, if2_table=if2_table, totals=totals, charts=charts,
        languages=_languages({"year": chosen} if year else {}),
        downloads=[("JSON", "data.json"), ("CSV", "data.csv")],
    ), 200  # fmt: skip


@blueprint.get("/<acronym>")
def journal_page(acronym: str):
    _prepare()
    with connection() as conn:
        info = read.collection(conn) or {}
        ui, t = _ui(info)
        serial_id = _journal_id(conn, acronym)
        if serial_id is None:
            return render_template("stats_citations.html", page="missing", ui=ui, t=t, info=info,
                                   languages=_languages({}), fmt=_fmt), 404  # fmt: skip
        labels = ind_graph.journal_labels(conn)
        g = ind_graph.store_graph()
        result = next(iter(compute(conn, g, [serial_id])), None)
        received = received_by_citing_journal(conn, g, serial_id)
        granted = granted_by_cited_journal(conn, g, serial_id, TOP)
        pairs = coauthorship_pairs(conn, ind_graph.store_countries(), serial_id)
    years = sorted(result.years) if result else []
    rows = [(y, result.years[y]) for y in years] if result else []
    charts = _charts(t, years, rows)
    received_years = sorted({y for _, y, _ in received})
    received_table: dict[str, dict[int, int]] = {}
    for citing, y, n in received:
        received_table.setdefault(labels[citing].title, {})[y] = n
    granted_years = sorted({y for _, per, _ in granted for y in per})
    granted_rows = [(labels[c].title if c is not None else t["unmatched"], per, total)
                    for c, per, total in granted]  # fmt: skip
    label = labels[serial_id]
    return render_template(
        "stats_citations.html", page="journal", ui=ui, t=t, info=info, label=label, rows=rows,
        charts=charts, received_years=received_years, received_table=received_table,
        granted_years=granted_years, granted_rows=granted_rows, pairs=pairs, fmt=_fmt,
        indicators=INDICATORS, counts=COUNTS, languages=_languages({}),
        downloads=[("JSON", "data.json?" + urlencode({"journal": acronym})),
                   ("CSV", "data.csv?" + urlencode({"journal": acronym}))],
    ), 200  # fmt: skip


def _journal_id(conn, acronym: str) -> int | None:
    for label in ind_graph.journal_labels(conn).values():
        if label.in_collection and label.acronym == acronym:
            return label.serial_id
    return None


def _charts(t: dict[str, str], years: list[int], rows: list) -> list[dict[str, str]]:
    if not years:
        return []
    impact = {t[k]: [getattr(v, k) for _, v in rows] for k in ("if2", "if3", "if5", "immediacy")}
    counts = {t[k]: [getattr(v, k) for _, v in rows] for k in ("citations_received",
                                                                "references_made")}  # fmt: skip
    out = []
    for title, series in ((t["chart_impact"], impact), (t["chart_counts"], counts)):
        svg = line_chart(title, years, series)
        out.append({"title": title, "src": data_uri(svg),
                    "alt": t["chart_alt"].format(what=title)})  # fmt: skip
    return out


@blueprint.get("/data.<fmt>")
def download(fmt: str):
    if fmt not in ("json", "csv"):
        abort(404)
    year = _year_arg()
    _prepare()
    with connection() as conn:
        journals = None
        acronym = request.args.get("journal")
        if acronym:
            found = _journal_id(conn, acronym)
            if found is None:
                abort(404, description=f"no journal {acronym!r} in the collection")
            journals = [found]
        report = citation_report(conn, journals, year)
    name = f"citations-{acronym or 'collection'}{'-' + str(year) if year else ''}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(to_csv(report), mimetype="text/csv", headers=headers)
    body = json.dumps(report, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json", headers=headers)
