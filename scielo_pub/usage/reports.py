"""Monthly counts per item in, COUNTER Release 5.1 reports out: JSON objects (the COUNTER_SUSHI
schemas) and TSV text (the official tabular layout), for PR, PR_P1, TR, TR_J1, TR_J3, TR_J4, IR, IR_A1.

Every article of a SciELO collection is open access: Access_Type is ``Open``, Access_Method
``Regular``, Data_Type ``Article`` for items and ``Journal`` for titles, Article_Version ``VoR``.
TR_J1 and TR_J4 are, in Release 5.1, views of *Controlled* usage only, so for an open collection they
are empty and carry Exception 3030 (the open usage is in TR_J3 and TR). Months with no usage are left
out of JSON ``Performance`` objects; rows whose Reporting_Period_Total is 0 are left out of TSV.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from .counter import Counts
from .filters import MASTER, Filters
from .items import Catalog, ItemMeta, JournalMeta

METRICS = (
    "Total_Item_Investigations",
    "Total_Item_Requests",
    "Unique_Item_Investigations",
    "Unique_Item_Requests",
)
REQUEST_METRICS = ("Total_Item_Requests", "Unique_Item_Requests")
_FIELD = dict(zip(METRICS, Counts.__slots__, strict=True))


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """One COUNTER report or Standard View: its name, fixed filters, attributes and TSV columns."""

    id: str
    name: str
    level: str  # platform | title | item
    metrics: tuple[str, ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    attributes: tuple[str, ...]  # Attributes_To_Show
    columns: tuple[str, ...]
    controlled_only: bool = False


_TITLE_ID = ("Title", "Publisher", "Publisher_ID", "Platform", "DOI", "Proprietary_ID")
_ISSNS = ("Print_ISSN", "Online_ISSN", "URI")
_ITEM_ID = ("Item", "Publisher", "Publisher_ID", "Platform", "Authors", "Publication_Date",
            "Article_Version", "DOI", "Proprietary_ID")  # fmt: skip
_STD = (("Access_Method", ("Regular",)),)

SPECS: dict[str, ReportSpec] = {
    s.id: s
    for s in (
        ReportSpec("PR", "Platform Report", "platform", METRICS, (), ("Access_Method",),
                   ("Platform", "Data_Type", "Access_Method")),
        ReportSpec("PR_P1", "Platform Usage", "platform",
                   ("Searches_Platform", "Total_Item_Requests", "Unique_Item_Requests",
                    "Unique_Title_Requests"), _STD, (), ("Platform", "Data_Type")),
        ReportSpec("TR", "Title Report", "title", METRICS, (), ("YOP", "Access_Type", "Access_Method"),
                   _TITLE_ID + ("ISBN",) + _ISSNS + ("Data_Type", "YOP", "Access_Type", "Access_Method")),
        ReportSpec("TR_J1", "Journal Requests (Controlled)", "title", REQUEST_METRICS,
                   (("Data_Type", ("Journal",)), ("Access_Type", ("Controlled",))) + _STD, (),
                   _TITLE_ID + _ISSNS, controlled_only=True),
        ReportSpec("TR_J3", "Journal Usage by Access Type", "title", METRICS,
                   (("Data_Type", ("Journal",)),) + _STD, (), _TITLE_ID + _ISSNS + ("Access_Type",)),
        ReportSpec("TR_J4", "Journal Requests by YOP (Controlled)", "title", REQUEST_METRICS,
                   (("Data_Type", ("Journal",)), ("Access_Type", ("Controlled",))) + _STD, (),
                   _TITLE_ID + _ISSNS + ("YOP",), controlled_only=True),
        ReportSpec("IR", "Item Report", "item", METRICS, (),
                   ("Authors", "Publication_Date", "Article_Version", "YOP", "Access_Type", "Access_Method"),
                   _ITEM_ID + ("ISBN",) + _ISSNS + ("Parent_Title", "Parent_Authors",
                   "Parent_Publication_Date", "Parent_Article_Version", "Parent_Data_Type", "Parent_DOI",
                   "Parent_Proprietary_ID", "Parent_ISBN", "Parent_Print_ISSN", "Parent_Online_ISSN",
                   "Parent_URI", "Data_Type", "YOP", "Access_Type", "Access_Method")),
        ReportSpec("IR_A1", "Journal Article Requests", "item", REQUEST_METRICS,
                   (("Data_Type", ("Article",)),) + _STD, (),
                   _ITEM_ID + _ISSNS + ("Parent_Title", "Parent_Authors", "Parent_Article_Version",
                   "Parent_DOI", "Parent_Proprietary_ID", "Parent_Print_ISSN", "Parent_Online_ISSN",
                   "Parent_URI", "Access_Type")),
    )
}  # fmt: skip

EXCEPTION_MESSAGES = {
    1030: "Insufficient Information to Process Request",
    2010: "Requestor is Not Authorized to Access Usage for Institution",
    0: "Report Not Supported by this Server",
    3020: "Invalid Date Arguments",
    3030: "No Usage Available for Requested Dates",
    3031: "Usage Not Ready for Requested Dates",
    3050: "Parameter Not Recognized in this Context",
    3060: "Invalid ReportFilter Value",
    3062: "Invalid ReportAttribute Value",
}


@dataclass(frozen=True, slots=True)
class Platform:
    """Who publishes the reports: the collection (its acronym is the Proprietary namespace)."""

    name: str
    acronym: str
    publisher: str
    base_url: str
    registry_record: str = ""

    @property
    def namespace(self) -> str:
        ns = re.sub(r"[^A-Za-z0-9_./]", "_", self.acronym) or "scielo"
        return (ns if ns[0].isalpha() else "p" + ns)[:18].ljust(2, "_")

    def proprietary(self, value: str) -> str:
        return f"{self.namespace}:{value}"

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path


@dataclass(frozen=True, slots=True)
class Usage:
    """The four metrics of one item in one month (``YYYY-MM``)."""

    item_id: int
    month: str
    counts: Counts


def months(begin: str, end: str) -> list[str]:
    """``2024-01``, ``2024-03`` -> the three months in between, inclusive."""
    y, m = map(int, begin.split("-"))
    ey, em = map(int, end.split("-"))
    out = []
    while (y, m) <= (ey, em):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_end(month: str) -> str:
    y, m = map(int, month.split("-"))
    days = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30,
            31, 30, 31][m - 1]  # fmt: skip
    return f"{month}-{days:02d}"


def exception(code: int, data: str = "") -> dict:
    out: dict = {"Code": code, "Message": EXCEPTION_MESSAGES[code]}
    if data:
        out["Data"] = data
    return out


def _doi(doi: str) -> str:
    return doi if re.fullmatch(r"10\.[1-9][0-9]{2}[0-9.]*/.+", doi or "") else ""


def _journal_ids(j: JournalMeta, p: Platform) -> dict:
    ids = {"Proprietary": p.proprietary(j.acronym)}
    if _doi(j.doi):
        ids["DOI"] = j.doi
    if j.print_issn:
        ids["Print_ISSN"] = j.print_issn
    if j.online_issn:
        ids["Online_ISSN"] = j.online_issn
    ids["URI"] = p.url(f"j/{j.acronym}/")
    return ids


def _item_ids(i: ItemMeta, p: Platform) -> dict:
    ids = {"Proprietary": p.proprietary(i.pid_v2 or i.pid_v3 or f"{i.journal.acronym}/{i.stem}")}
    if _doi(i.doi):
        ids["DOI"] = i.doi
    ids["URI"] = (
        f"https://doi.org/{i.doi}"
        if _doi(i.doi)
        else p.url(f"j/{i.journal.acronym}/{i.issue_folder}/{i.stem}/{i.lang or 'index'}.html")
    )
    return ids


def _perf(series: Mapping[str, Mapping[str, int]], metrics: Iterable[str]) -> dict:
    """{metric: {month: n}} without zero months and without empty metrics."""
    out = {}
    for metric in metrics:
        counts = {m: n for m, n in sorted(series.get(metric, {}).items()) if n}
        if counts:
            out[metric] = counts
    return out


def build(
    report_id: str,
    catalog: Catalog,
    usage: Iterable[Usage],
    begin: str,
    end: str,
    platform: Platform,
    searches: Mapping[str, int] | None = None,
    created: datetime | None = None,
    filters: Filters | None = None,
) -> dict:
    """The report ``report_id`` for months ``begin``..``end`` (``YYYY-MM``) as a COUNTER JSON object;
    ``filters`` (master reports PR, TR, IR only) narrow it."""
    spec = SPECS[report_id]
    filters = filters if filters and report_id in MASTER else Filters()
    spec = replace(spec, metrics=filters.metrics(spec.metrics))
    if report_id in MASTER and not filters.keeps_collection(report_id):
        usage, searches = [], {}
    if report_id == "PR" and (
        (filters.data_type and "Platform" not in filters.data_type)
        or (filters.metric_type and "Searches_Platform" not in filters.metric_type)
    ):
        searches = {}
    period = set(months(begin, end))
    # per item: metric -> month -> n
    per_item: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    ns = platform.namespace
    for u in usage:
        if u.month not in period or u.item_id not in catalog.items:
            continue
        if not filters.keeps_item(catalog.items[u.item_id], report_id, ns):
            continue
        for metric in METRICS:
            n = getattr(u.counts, _FIELD[metric])
            cell = per_item[u.item_id][metric]
            cell[u.month] = cell.get(u.month, 0) + n
    if spec.controlled_only:
        per_item.clear()  # every item of the collection is Open
    items = _items(spec, catalog, per_item, platform, searches or {}, period)
    header = _header(spec, begin, end, platform, created)
    header["Report_Filters"] = {**filters.header(), **header["Report_Filters"]}
    if not items:
        header["Exceptions"] = [exception(3030, f"{begin} to {end}")]
    return {"Report_Header": header, "Report_Items": items}


def _header(spec: ReportSpec, begin: str, end: str, p: Platform, created: datetime | None) -> dict:
    filters: dict = {}
    for name, values in spec.filters:
        filters[name] = list(values)
    if spec.filters:
        filters = {"Metric_Type": list(spec.metrics), **filters}
    filters = {**filters, "Begin_Date": f"{begin}-01", "End_Date": month_end(end)}
    header = {
        "Release": "5.1",
        "Report_ID": spec.id,
        "Report_Name": spec.name,
        "Created": (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Created_By": p.publisher or p.name,
        "Institution_ID": {"Proprietary": [p.proprietary("0000000000000000")]},
        "Institution_Name": "The World",
        "Registry_Record": p.registry_record,
        "Report_Filters": filters,
    }
    if spec.attributes:
        header["Report_Attributes"] = {"Attributes_To_Show": list(spec.attributes)}
        if spec.id == "IR":
            header["Report_Attributes"]["Include_Parent_Details"] = "True"
    return header


def _sum(series: Iterable[Mapping[str, Mapping[str, int]]]) -> dict[str, dict[str, int]]:
    total: dict[str, dict[str, int]] = defaultdict(dict)
    for s in series:
        for metric, by_month in s.items():
            cell = total[metric]
            for m, n in by_month.items():
                cell[m] = cell.get(m, 0) + n
    return total


def _items(spec, catalog, per_item, p: Platform, searches, period) -> list[dict]:
    if spec.level == "platform":
        return _platform_items(spec, per_item, p, searches, period)
    if spec.level == "title":
        return _title_items(spec, catalog, per_item, p)
    return _item_items(spec, catalog, per_item, p)


def _platform_items(spec, per_item, p: Platform, searches, period) -> list[dict]:
    attrs = []
    searched = _perf({"Searches_Platform": {m: n for m, n in searches.items() if m in period}},
                     ["Searches_Platform"])  # fmt: skip
    if searched:
        attrs.append({"Data_Type": "Platform", "Performance": searched})
    perf = _perf(_sum(per_item.values()), [m for m in spec.metrics if m in METRICS])
    if perf:
        attrs.append({"Data_Type": "Article", "Performance": perf})
    if "Access_Method" in spec.attributes:
        for a in attrs:
            a["Access_Method"] = "Regular"
            a["Performance"] = a.pop("Performance")
    return [{"Platform": p.name, "Attribute_Performance": attrs}] if attrs else []


def _title_base(j: JournalMeta, p: Platform) -> dict:
    return {"Title": j.title, "Publisher": j.publisher or p.publisher or p.name,
            "Platform": p.name, "Item_ID": _journal_ids(j, p)}  # fmt: skip


def _title_items(spec, catalog: Catalog, per_item, p: Platform) -> list[dict]:
    by_journal: dict[str, dict[str | None, list]] = defaultdict(lambda: defaultdict(list))
    for item_id, series in per_item.items():
        item = catalog.items[item_id]
        yop = str(item.yop) if item.yop else "0001"  # COUNTER: 0001 for an unknown YOP
        by_journal[item.journal.acronym][yop].append(series)
    out = []
    for acron in sorted(by_journal):
        journal = catalog.journals[acron]
        attrs = []
        if "YOP" in spec.attributes or "YOP" in spec.columns:
            groups = sorted(by_journal[acron].items(), key=lambda kv: kv[0], reverse=True)
        else:
            groups = [(None, [s for ss in by_journal[acron].values() for s in ss])]
        for yop, series in groups:
            perf = _perf(_sum(series), spec.metrics)
            if not perf:
                continue
            a: dict = {}
            if spec.id == "TR":
                a = {"Data_Type": "Journal", "YOP": yop, "Access_Type": "Open",
                     "Access_Method": "Regular"}  # fmt: skip
            elif spec.id == "TR_J3":
                a = {"Access_Type": "Open"}
            elif yop is not None:
                a = {"YOP": yop}
            a["Performance"] = perf
            attrs.append(a)
        if attrs:
            out.append({**_title_base(journal, p), "Attribute_Performance": attrs})
    return out


def _authors(names: Iterable[str]) -> list[dict]:
    return [{"Name": n} for n in list(dict.fromkeys(n for n in names if len(n) >= 2))[:3]]


def _item_items(spec, catalog: Catalog, per_item, p: Platform) -> list[dict]:
    parents: dict[str, list[dict]] = defaultdict(list)
    for item_id in sorted(per_item, key=lambda i: (catalog.items[i].journal.acronym, i)):
        item = catalog.items[item_id]
        perf = _perf(per_item[item_id], spec.metrics)
        if not perf:
            continue
        entry: dict = {"Item": item.title or item.stem, "Publisher": item.journal.publisher
                       or p.publisher or p.name, "Platform": p.name}  # fmt: skip
        if spec.id == "IR":
            authors = _authors(item.authors)
            if authors:
                entry["Authors"] = authors
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.publication_date or ""):
                entry["Publication_Date"] = item.publication_date
            entry["Article_Version"] = "VoR"
        entry["Item_ID"] = _item_ids(item, p)
        a: dict = {"Access_Type": "Open"}
        if spec.id == "IR":
            a = {"Data_Type": "Article", "YOP": str(item.yop or "0001"), "Access_Type": "Open",
                 "Access_Method": "Regular"}  # fmt: skip
        a["Performance"] = perf
        entry["Attribute_Performance"] = [a]
        parents[item.journal.acronym].append(entry)
    out = []
    for acron, entries in parents.items():
        journal = catalog.journals[acron]
        parent: dict = {"Title": journal.title}
        if spec.id == "IR":
            parent["Data_Type"] = "Journal"
        parent["Item_ID"] = _journal_ids(journal, p)
        parent["Items"] = entries
        out.append(parent)
    return out
