"""A store connection in, the citation-statistics pages (HTML, pt/es/en) and their downloads out.

One renderer for both faces of the site: the served app's ``stats`` blueprint answers the pages from
the store at request time, and the build writes the same pages as static files (``write_static``), so
the same links work on a plain web server and under ``scielo-pub serve``. Every page and download has
a path URL (no query needed)::

    stats/citations/index.html             the collection (ranking, series, totals), default language
    stats/citations/index.<ui>.html        the same in another interface language (pt, es, en)
    stats/citations/<acronym>/index.html   a journal (and index.<ui>.html)
    stats/citations/data.json | data.csv   the ``stats citations`` report of the collection
    stats/citations/<acronym>/data.json | data.csv   of one journal

Links between the pages are relative to a ``root`` prefix (``../../`` in the static files, the app's
script root when served). Only the served collection page has the base-year form (``?year=``): a
static page shows the default base year and says which.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import Connection

from ..charts import data_uri, line_chart
from . import graph as ind_graph
from . import i18n
from .compute import (
    coauthorship_pairs,
    compute,
    granted_by_cited_journal,
    received_by_citing_journal,
)
from .report import citation_report, report_of, to_csv

INDICATORS = ("if2", "if3", "if5", "immediacy", "if2_no_self", "cited_half_life",
              "citing_half_life")  # fmt: skip
COUNTS = ("issues", "documents", "citable_items", "references_made", "citations_received",
          "self_citations")  # fmt: skip
TOP = 10
FOLDER = "stats/citations/"
_ACRONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def lang_page(ui: str, default: str) -> str:
    """``index.html`` in the collection's default language, ``index.<ui>.html`` in the others
    (the convention of every page of the built site)."""
    return "index.html" if ui == default else f"index.{ui}.html"


def safe_acronym(acronym: str | None) -> bool:
    """An acronym that can name a folder of the site (letters, digits, ``-``, ``_``)."""
    return bool(acronym) and _ACRONYM.fullmatch(acronym or "") is not None


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    return str(value)


@dataclass(frozen=True)
class Place:
    """Where a page is shown: ``root`` leads to the site root; ``served`` pages have the year form."""

    root: str
    served: bool = False


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scielo_pub.indicators", "templates"),
        autoescape=True,
        trim_blocks=False,
    )


def _default(info: dict) -> str:
    return i18n.pick(info.get("default_language"), "pt")


def _languages(info: dict, folder: str, ui: str, place: Place, query: str = "") -> list:
    default = _default(info)
    return [
        (code, i18n.NATIVE[code], place.root + folder + lang_page(code, default) + query)
        for code in i18n.LANGUAGES
    ]


def _common(info: dict, ui: str, place: Place) -> dict[str, Any]:
    default = _default(info)
    return {"ui": ui, "t": i18n.strings(ui), "info": info, "root": place.root, "fmt": fmt,
            "served": place.served, "indicators": INDICATORS, "counts": COUNTS,
            "home": place.root + ("index.html" if ui == default else f"index.{ui}.html"),
            "collection_href": place.root + FOLDER + lang_page(ui, default)}  # fmt: skip


def years_of(results: list) -> list[int]:
    return sorted({y for r in results for y in r.years}, reverse=True)


def default_year(results: list) -> int | None:
    """The latest year in which the most journals have a 2-year impact factor."""
    years = years_of(results)
    with_if2 = {y: sum(1 for r in results if y in r.years and r.years[y].if2 is not None)
                for y in years}  # fmt: skip
    return max(years, key=lambda y: (with_if2[y], y), default=None)


def collection_page(
    conn: Connection, info: dict, ui: str, place: Place, year: int | None = None
) -> str:
    """The collection page: a ranking of its journals for the base ``year`` (default: see
    ``default_year``), every journal's 2-year impact factor over the years, the yearly counts."""
    labels = ind_graph.journal_labels(conn)
    results = list(compute(conn, ind_graph.store_graph()))
    return render_collection(info, ui, place, labels, results, year)


def render_collection(info, ui, place, labels, results, year=None) -> str:
    t = i18n.strings(ui)
    years = years_of(results)
    chosen = year if year is not None else default_year(results)
    ranking = []
    for r in results:
        v = r.years.get(chosen) if chosen is not None else None
        if v is not None:
            ranking.append((labels[r.journal], v))
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
    query = f"?year={year}" if year is not None and place.served else ""
    default = _default(info)
    return environment().get_template("stats_citations.html").render(
        **_common(info, ui, place), page="collection", years=years, chosen=chosen,
        ranking=ranking, series_years=series_years, if2_table=if2_table, totals=totals,
        charts=charts, languages=_languages(info, FOLDER, ui, place, query),
        journal_href=lambda acronym: f"{place.root}{FOLDER}{acronym}/{lang_page(ui, default)}",
        downloads=[("JSON", place.root + FOLDER + "data.json"),
                   ("CSV", place.root + FOLDER + "data.csv")],
    )  # fmt: skip


def journal_id(conn: Connection, acronym: str) -> int | None:
    """The serial id of the collection's journal ``acronym``; None when it has none."""
    for label in ind_graph.journal_labels(conn).values():
        if label.in_collection and label.acronym == acronym:
            return label.serial_id
    return None


def journal_page(conn: Connection, info: dict, ui: str, place: Place, serial_id: int) -> str:
    """A journal's page: indicator table per year with charts, citations received by citing
    journal and year, the journals it cites most, co-authorship country pairs."""
    return render_journal(info, ui, place, journal_data(conn, serial_id))


#: ``journal_data``'s ``result`` when the journal's indicators are not computed yet.
UNSET: Any = object()


def journal_data(
    conn: Connection, serial_id: int, result: Any = UNSET, labels: dict | None = None
) -> dict[str, Any]:
    """What a journal's page shows, in no interface language yet (``result``: its indicators,
    when computed already, None when it has none; ``labels``: ``journal_labels``, when read)."""
    labels = ind_graph.journal_labels(conn) if labels is None else labels
    g = ind_graph.store_graph()
    if result is UNSET:
        result = next(iter(compute(conn, g, [serial_id])), None)
    received = received_by_citing_journal(conn, g, serial_id)
    granted = granted_by_cited_journal(conn, g, serial_id, TOP)
    years = sorted(result.years) if result else []
    received_table: dict[str, dict[int, int]] = {}
    for citing, y, n in received:
        received_table.setdefault(labels[citing].title, {})[y] = n
    return {
        "label": labels[serial_id],
        "years": years,
        "rows": [(y, result.years[y]) for y in years] if result else [],
        "received_years": sorted({y for _, y, _ in received}),
        "received_table": received_table,
        "granted_years": sorted({y for _, per, _ in granted for y in per}),
        "granted": [
            (labels[c].title if c is not None else None, per, total) for c, per, total in granted
        ],  # fmt: skip
        "pairs": coauthorship_pairs(conn, ind_graph.store_countries(serial_id), serial_id),
    }


def render_journal(info: dict, ui: str, place: Place, data: dict[str, Any]) -> str:
    t = i18n.strings(ui)
    label = data["label"]
    folder = f"{FOLDER}{label.acronym}/"
    default = _default(info)
    granted_rows = [(title or t["unmatched"], per, total) for title, per, total in data["granted"]]
    return environment().get_template("stats_citations.html").render(
        **_common(info, ui, place), page="journal", label=label, rows=data["rows"],
        charts=_charts(t, data["years"], data["rows"]), received_years=data["received_years"],
        received_table=data["received_table"], granted_years=data["granted_years"],
        granted_rows=granted_rows, pairs=data["pairs"],
        languages=_languages(info, folder, ui, place),
        journal_home=f"{place.root}j/{label.acronym}/{lang_page(ui, default)}",
        downloads=[("JSON", place.root + folder + "data.json"),
                   ("CSV", place.root + folder + "data.csv")],
    )  # fmt: skip


def missing_page(info: dict, ui: str, place: Place) -> str:
    """The page of a journal the collection does not have (served with a 404)."""
    return (
        environment()
        .get_template("stats_citations.html")
        .render(
            **_common(info, ui, place),
            page="missing",
            languages=_languages(info, FOLDER, ui, place),
        )
    )


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


def download(conn: Connection, kind: str, journals: list[int] | None, year: int | None) -> str:
    """The ``stats citations`` report as JSON or CSV text (``kind``: ``json`` or ``csv``)."""
    return _as(kind, citation_report(conn, journals, year))


def _as(kind: str, report: dict) -> str:
    if kind == "csv":
        return to_csv(report)
    return json.dumps(report, ensure_ascii=False, indent=1)


def static_files(conn: Connection, info: dict) -> Iterator[tuple[str, str, Callable[[], str]]]:
    """Every page and download of the citation statistics: the collection and each of its
    journals, in every interface language, as ``(site path, key, make)``: ``make()`` renders the
    text, ``key`` digests what it shows (so a writer may skip a page whose key it has written).
    The indicators are computed once for the whole collection."""
    labels = ind_graph.journal_labels(conn)
    results = list(compute(conn, ind_graph.store_graph()))
    yield from collection_files(info, labels, results)
    by_journal = {r.journal: r for r in results}
    for label in own_journals(labels):
        yield from journal_files(conn, info, labels, label, by_journal.get(label.serial_id))


def own_journals(labels: dict) -> list:
    """The collection's journals that have pages (an acronym that can name a folder), by acronym."""
    own = [lab for lab in labels.values() if lab.in_collection and safe_acronym(lab.acronym)]
    return sorted(own, key=lambda lab: lab.acronym)


def collection_files(
    info: dict, labels: dict, results: list
) -> Iterator[tuple[str, str, Callable[[], str]]]:
    """The collection's pages and downloads (``static_files``) from every journal's ``results``."""
    default = _default(info)
    base = _digest(fingerprint(), shown(info), sorted(labels.items()), results)
    for ui in i18n.LANGUAGES:
        place = Place("../" * FOLDER.count("/"))
        yield (FOLDER + lang_page(ui, default), _digest(base, ui),
               lambda ui=ui, place=place: render_collection(info, ui, place, labels, results))  # fmt: skip
    for kind in ("json", "csv"):
        yield (FOLDER + f"data.{kind}", _digest(base, kind),
               lambda kind=kind: _as(kind, report_of(results, labels)))  # fmt: skip


def journal_files(
    conn: Connection, info: dict, labels: dict, label: Any, result: Any
) -> Iterator[tuple[str, str, Callable[[], str]]]:
    """One journal's pages and downloads (``static_files``); ``result``: its indicators."""
    default = _default(info)
    folder = f"{FOLDER}{label.acronym}/"
    place = Place("../" * folder.count("/"))
    data = journal_data(conn, label.serial_id, result, labels)
    key = _digest(fingerprint(), shown(info), data)
    for ui in i18n.LANGUAGES:
        yield (folder + lang_page(ui, default), _digest(key, ui),
               lambda ui=ui, data=data: render_journal(info, ui, place, data))  # fmt: skip
    mine = [result] if result is not None else []
    for kind in ("json", "csv"):
        yield (folder + f"data.{kind}", _digest(key, kind),
               lambda kind=kind: _as(kind, report_of(mine, labels)))  # fmt: skip


def shown(info: dict) -> dict:
    """What the pages show of the collection's row (not its stamps)."""
    return {k: v for k, v in info.items() if k not in ("created", "updated")}


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of this package's code and templates and of the charts' code: a change redraws all."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*here.rglob("*.py"), *here.rglob("*.html"), here.parent / "charts.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()
