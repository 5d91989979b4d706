"""COUNTER_SUSHI API requests in, COUNTER Release 5.1 JSON out: ``/r51/status``, ``/r51/members``,
``/r51/reports`` and ``/r51/reports/<id>`` for PR, PR_P1, TR, TR_J1, TR_J3, TR_J4, IR and IR_A1.

Every article is open access and usage is not attributed to institutions, so every customer is
served the usage of *The World* (Institution_ID ``<collection>:0000000000000000``); ``customer_id``
is still required, as the API says. Bad parameters answer with the API's Exceptions: a missing
``customer_id``, ``begin_date`` or ``end_date`` is 1030 (HTTP 400), a bad or reversed date 3020
(HTTP 400; also a begin_date in the current or a future month), a filter value Release 5.1 does
not allow 3060 (the value is ignored), a report this server does not offer HTTP 404 with an informational Exception 0; parameters this server does not apply are named in
Exceptions 3050 inside the report. The master reports take their filters: PR ``metric_type``,
``data_type``, ``access_method``; TR and IR also ``access_type``, ``yop`` and ``item_id``. Reports read the store as it is: months an import has touched
but not yet recomputed, and the current month (not complete), are named in Exception 3031.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Blueprint, jsonify, request

from ..usage.aggregate import months_available, report_from
from ..usage.catalog import load_platform
from ..usage.counter import ROBOTS_VERSION
from ..usage.filters import from_args
from ..usage.reports import SPECS, exception, months
from .db import connection
from .urls import rebase_urls

blueprint = Blueprint("sushi", __name__, url_prefix="/r51")

_COMMON = {"customer_id", "requestor_id", "api_key", "platform"}
_DATES = {"begin_date", "end_date"}
DESCRIPTIONS = {
    "PR": "Platform-level usage summarised by Data_Type and Access_Method.",
    "PR_P1": "Platform usage: searches, requests and unique requests.",
    "TR": "Title-level usage of the collection's journals, by YOP, Access_Type and Access_Method.",
    "TR_J1": "Journal requests of Controlled content (empty for an open-access collection).",
    "TR_J3": "Journal usage by Access_Type.",
    "TR_J4": "Journal requests of Controlled content by YOP (empty for an open-access collection).",
    "IR": "Article-level usage with the journal as parent.",
    "IR_A1": "Journal article requests.",
}


def _error(code: int, status: int, data: str = ""):
    return jsonify(exception(code, data)), status


def _month(text: str | None) -> str | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", (text or "").strip())
    if not m or not 1 <= int(m[2]) <= 12 or (m[3] and not 1 <= int(m[3]) <= 31):
        return None
    return f"{m[1]}-{m[2]}"


@blueprint.get("/status")
def status():
    with connection() as conn:
        platform = load_platform(conn)
    return jsonify([{
        "Description": f"COUNTER Release 5.1 usage reports of {platform.name}.",
        "Service_Active": True,
        "Note": f"Robots and crawlers removed with {ROBOTS_VERSION}.",
    }])  # fmt: skip


@blueprint.get("/members")
def members():
    customer = request.args.get("customer_id", "").strip()
    if not customer:
        return _error(1030, 400, "customer_id is required")
    return jsonify([{"Customer_ID": customer, "Institution_Name": "The World"}])


@blueprint.get("/reports")
def reports():
    if not request.args.get("customer_id", "").strip():
        return _error(1030, 400, "customer_id is required")
    with connection() as conn:
        span = months_available(conn)
    out = []
    for rid, spec in SPECS.items():
        entry = {"Report_Name": spec.name, "Report_ID": rid, "Release": "5.1",
                 "Report_Description": DESCRIPTIONS[rid], "Path": f"/r51/reports/{rid.lower()}"}  # fmt: skip
        if span:
            entry["First_Month_Available"], entry["Last_Month_Available"] = span
        out.append(entry)
    return jsonify(out)


@blueprint.get("/reports/<name>")
def report(name: str):
    rid = name.upper()
    if rid not in SPECS:
        # Release 5.1 has no Exception for an unsupported report: a 404 with an informational one.
        return _error(0, 404, f"{name}: this server offers {', '.join(s.lower() for s in SPECS)}")
    missing = [
        p for p in ("customer_id", "begin_date", "end_date") if not request.args.get(p, "").strip()
    ]
    if missing:
        return _error(1030, 400, f"missing: {', '.join(missing)}")
    begin, end = _month(request.args["begin_date"]), _month(request.args["end_date"])
    if begin is None or end is None or begin > end:
        return _error(3020, 400, "dates are yyyy-mm or yyyy-mm-dd, begin_date not after end_date")
    current = datetime.now(UTC).strftime("%Y-%m")
    if begin >= current:
        return _error(3020, 400, f"begin_date must be before the current month ({current})")
    filters, used, invalid = from_args(rid, request.args)
    with connection() as conn:
        data = report_from(conn, rid, begin, end, filters=filters)
        data = rebase_urls(data, load_platform(conn).base_url)  # item URIs: the public address
    if invalid:
        header = data["Report_Header"]
        header["Exceptions"] = [exception(3060, ", ".join(invalid)), *header.get("Exceptions", [])]
    if end >= current:  # the current month is not complete: its usage is not ready
        header = data["Report_Header"]
        unready = [m for m in months(begin, end) if m >= current]
        header["Exceptions"] = [exception(3031, ", ".join(unready)), *header.get("Exceptions", [])]
    ignored = sorted(set(request.args) - _COMMON - _DATES - set(used))
    if ignored:
        header = data["Report_Header"]
        header["Exceptions"] = [exception(3050, ", ".join(ignored)), *header.get("Exceptions", [])]
    return jsonify(data)
