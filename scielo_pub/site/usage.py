"""Usage pages for analysts (pt/es/en): monthly COUNTER figures of the collection, a journal, an
issue or an article as an SVG chart with the same numbers in a table beside it, top articles,
usage by format and language, and what the robot list removed; CSV and JSON downloads of each.

``/usage/``, ``/usage/j/<acronym>/``, ``/usage/j/<acronym>/<issue folder>/``, ``/usage/a/<article id>/``;
``?begin=YYYY-MM&end=YYYY-MM`` (default: the last twelve months with usage), ``?ui=pt|es|en``,
``?format=csv|json``. Bad parameters are a 400 page saying why; unknown journals, issues and
articles a 404. Countries come from the GeoIP database given to ``usage import --geoip``; without
one they are "unknown", never guessed.
"""

from __future__ import annotations

import csv
import io
import re

from flask import Blueprint, Response, abort, jsonify, render_template, request
from sqlalchemy import select

from ..charts import bar_chart
from ..store import read
from ..store import schema as s
from ..usage.reports import months
from ..usage.stats import Scope, by_country, by_format_language, monthly, period, top_articles
from . import i18n
from .db import connection

blueprint = Blueprint("usage_pages", __name__, url_prefix="/usage", template_folder="templates")

_T: dict[str, tuple[str, str, str]] = {
    "usage": ("Estatísticas de uso", "Estadísticas de uso", "Usage statistics"),
    "collection": ("Coleção", "Colección", "Collection"),
    "journal": ("Periódico", "Revista", "Journal"),
    "issue": ("Fascículo", "Número", "Issue"),
    "article": ("Artigo", "Artículo", "Article"),
    "period": ("Período", "Período", "Period"),
    "from": ("De", "Desde", "From"),
    "to": ("até", "hasta", "to"),
    "show": ("Mostrar", "Mostrar", "Show"),
    "month": ("Mês", "Mes", "Month"),
    "monthly": ("Uso mensal", "Uso mensual", "Monthly usage"),
    "Total_Item_Requests": ("Acessos ao texto completo", "Accesos al texto completo", "Full-text requests"),
    "Total_Item_Investigations": ("Investigações", "Investigaciones", "Investigations"),
    "Unique_Item_Requests": ("Textos completos únicos", "Textos completos únicos", "Unique requests"),
    "Unique_Item_Investigations": ("Investigações únicas", "Investigaciones únicas", "Unique investigations"),
    "robots": ("Robôs excluídos", "Robots excluidos", "Robot hits removed"),
    "top": ("Artigos mais acessados", "Artículos más accedidos", "Most requested articles"),
    "title": ("Título", "Título", "Title"),
    "by_format": ("Por formato e idioma", "Por formato e idioma", "By format and language"),
    "format": ("Formato", "Formato", "Format"),
    "language": ("Idioma", "Idioma", "Language"),
    "download": ("Baixar os dados", "Descargar los datos", "Download the data"),
    "by_country": ("Por país", "Por país", "By country"),
    "country": ("País", "País", "Country"),
    "unknown": ("desconhecido", "desconocido", "unknown"),
    "no_data": ("Sem dados de uso para o período.", "Sin datos de uso para el período.", "No usage in this period."),
    "total": ("Total", "Total", "Total"),
    "explain": (
        "Contagens COUNTER Release 5.1: investigações incluem resumos e downloads de metadados; "
        "acessos são textos completos (HTML, PDF, XML). Cliques duplos em 30 s e robôs não são contados.",
        "Recuentos COUNTER Release 5.1: las investigaciones incluyen resúmenes y descargas de metadatos; "
        "los accesos son textos completos (HTML, PDF, XML). No se cuentan dobles clics en 30 s ni robots.",
        "COUNTER Release 5.1 counts: investigations include abstracts and metadata downloads; requests "
        "are full texts (HTML, PDF, XML). Double-clicks within 30 s and robots are not counted.",
    ),
}  # fmt: skip
METRICS = ("Total_Item_Investigations", "Total_Item_Requests", "Unique_Item_Investigations",
           "Unique_Item_Requests")  # fmt: skip


class BadRequest(Exception):
    pass


def _strings(ui: str) -> dict[str, str]:
    n = i18n.LANGUAGES.index(ui)
    return {k: v[n] for k, v in _T.items()}


def _month(name: str) -> str | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise BadRequest(f"{name}: expected a month as YYYY-MM")
    return text


def _period(conn) -> tuple[str, str] | None:
    begin, end = _month("begin"), _month("end")
    default = period(conn)
    if begin is None or end is None:
        if default is None and begin is None and end is None:
            return None
        begin = begin or (default[0] if default else end)
        end = end or (default[1] if default else begin)
    if begin > end:
        raise BadRequest("begin is after end")
    if len(months(begin, end)) > 120:
        raise BadRequest("at most 120 months at a time")
    return begin, end


@blueprint.errorhandler(BadRequest)
def _bad(exc: BadRequest):
    return Response(f"Bad request: {exc}\n", 400, mimetype="text/plain")


@blueprint.get("/")
def collection():
    return _page(Scope(), "collection", None)


@blueprint.get("/j/<acronym>/")
def journal(acronym: str):
    with connection() as conn:
        row = read.journal(conn, acronym)
    if row is None:
        abort(404)
    return _page(Scope(journal=acronym), "journal", row.get("title") or acronym)


@blueprint.get("/j/<acronym>/<folder>/")
def issue(acronym: str, folder: str):
    with connection() as conn:
        found = read.issue(conn, acronym, folder)
    if found is None:
        abort(404)
    issue_id, info = found
    return _page(
        Scope(journal=acronym, issue_id=issue_id), "issue", f"{acronym} {info.get('label', folder)}"
    )


@blueprint.get("/a/<int:article_id>/")
def article(article_id: int):
    with connection() as conn:
        row = conn.execute(select(s.articles.c.title).where(s.articles.c.id == article_id)).first()
    if row is None:
        abort(404)
    return _page(Scope(article_id=article_id), "article", row.title or str(article_id))


def _page(scope: Scope, level: str, name: str | None):
    with connection() as conn:
        info = read.collection(conn) or {}
        ui = i18n.pick(request.args.get("ui"), info.get("default_language", "pt"))
        span = _period(conn)
        data = {
            "level": level,
            "name": name,
            "period": span,
            "monthly": [],
            "top": [],
            "formats": [],
        }
        if span:
            data["monthly"] = monthly(conn, scope, *span)
            if scope.article_id is None:
                data["top"] = top_articles(conn, scope, *span)
            data["formats"] = by_format_language(conn, scope, *span)
            data["countries"] = by_country(conn, scope, *span)
    fmt = request.args.get("format", "html")
    if fmt == "json":
        return jsonify(_as_json(data))
    if fmt == "csv":
        return _as_csv(data)
    if fmt != "html":
        raise BadRequest("format is html, csv or json")
    t = _strings(ui)
    chart = None
    if data["monthly"]:
        labels = [m.month for m in data["monthly"]]
        chart = bar_chart(f"{t['monthly']}: {name or t['collection']}", labels, {
            t["Total_Item_Investigations"]: [m.total_investigations for m in data["monthly"]],
            t["Total_Item_Requests"]: [m.total_requests for m in data["monthly"]],
        })  # fmt: skip
    args = {k: v for k, v in request.args.items() if k not in ("format",)}
    return render_template("usage.html", t=t, ui=ui, info=info, data=data, chart=chart,
                           metrics=METRICS, args=args, languages=i18n.LANGUAGES)  # fmt: skip


def _as_json(data: dict) -> dict:
    return {
        "level": data["level"],
        "name": data["name"],
        "begin": data["period"][0] if data["period"] else None,
        "end": data["period"][1] if data["period"] else None,
        "monthly": [
            {
                "month": m.month,
                "Total_Item_Investigations": m.total_investigations,
                "Total_Item_Requests": m.total_requests,
                "Unique_Item_Investigations": m.unique_investigations,
                "Unique_Item_Requests": m.unique_requests,
                "robot_hits": m.robot_hits,
            }
            for m in data["monthly"]
        ],  # fmt: skip
        "top_articles": data["top"],
        "by_format_language": data["formats"],
        "by_country": data["countries"],
    }


def _as_csv(data: dict) -> Response:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["month", *METRICS, "robot_hits"])
    for m in data["monthly"]:
        w.writerow([m.month, m.total_investigations, m.total_requests, m.unique_investigations,
                    m.unique_requests, m.robot_hits])  # fmt: skip
    name = f"usage-{data['level']}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
