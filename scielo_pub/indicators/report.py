"""A store connection in, the citation report out: the ``stats citations`` JSON object and CSV rows.

``refresh`` brings the citation graph up to date (registry synced from the collection's journals,
new journal references assigned to serials); ``citation_report`` computes every journal's
indicators (:func:`.compute.compute`) and labels them with ISSN-L, acronym and title. Shape (see
docs/INDICATORS.md): ``{"journals": [{"issn_l", "acronym", "title", "years": {"YYYY": {...}}}]}``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from sqlalchemy.engine import Connection

from .compute import compute
from .formulas import CITABLE_TYPES
from .graph import assign_references, journal_labels, store_graph

#: CSV columns, in order (one row per journal and year).
CSV_FIELDS = (
    "issn_l", "acronym", "title", "year", "issues", "documents", "citable_items",
    "references_made", "citations_received", "self_citations", "if2", "if3", "if5", "immediacy",
    "if2_no_self", "if3_no_self", "cited_half_life", "citing_half_life",
    "documents_per_issue", "references_per_issue", "references_per_document",
    "citations_per_issue", "citations_per_document",
)  # fmt: skip


def refresh(conn: Connection, threshold: float | None = None) -> int:
    """Assign the journal references not yet assigned; returns how many were."""
    return assign_references(conn, threshold)


def citation_report(
    conn: Connection,
    journals: Iterable[int] | None = None,
    year: int | None = None,
    citable_types: Iterable[str] = CITABLE_TYPES,
) -> dict[str, Any]:
    """Every (or the given) collection journal's indicators, per year (only ``year`` if given)."""
    results = compute(conn, store_graph(citable_types), journals)
    return report_of(results, journal_labels(conn), year)


def report_of(results: Iterable, labels: dict, year: int | None = None) -> dict[str, Any]:
    """The report of indicators already computed (``compute``'s results, ``journal_labels``)."""
    out = []
    for result in results:
        label = labels[result.journal]
        years = {str(y): v.as_json() for y, v in result.years.items() if year is None or y == year}
        out.append(
            {"issn_l": label.issn_l, "acronym": label.acronym, "title": label.title,
             "years": years}
        )  # fmt: skip
    out.sort(key=lambda j: (j["acronym"] or "", j["issn_l"]))
    return {"journals": out}


def report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat dict per journal and year (CSV_FIELDS); the ``-`` half-life is written ``-``."""
    rows = []
    for j in report["journals"]:
        for year, v in sorted(j["years"].items()):
            row = {"issn_l": j["issn_l"], "acronym": j["acronym"], "title": j["title"],
                   "year": year}  # fmt: skip
            row.update({k: v[k] for k in CSV_FIELDS if k in v})
            row.update(v["averages"])
            if row["cited_half_life"] is None:
                row["cited_half_life"] = "-"
            rows.append(row)
    return rows


def to_csv(report: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in CSV_FIELDS})
    return buf.getvalue()
