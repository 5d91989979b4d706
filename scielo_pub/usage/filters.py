"""Report_Filters of the COUNTER master reports (PR, TR, IR) in, the items and metrics they keep out:
Metric_Type, YOP (``2020`` or ``2019-2021`` ranges), Item_ID, Access_Type, Access_Method, Data_Type.

Every item of a SciELO collection is Open, Regular, an ``Article`` in a ``Journal``, so the last three
keep everything or nothing. Standard Views (TR_J3, IR_A1...) have fixed filters and take none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .items import ItemMeta

MASTER = {"PR", "TR", "IR"}
#: The Data_Type of the collection's usage in each master report.
DATA_TYPE = {"PR": ("Article", "Platform"), "TR": ("Journal",), "IR": ("Article",)}
_YOP = re.compile(r"(\d{4})(?:-(\d{4}))?")

# The values Release 5.1 allows in each master report's filters (its vocabulary, not our data).
_TITLE_TYPES = {
    "Book",
    "Conference",
    "Journal",
    "Newspaper_or_Newsletter",
    "Other",
    "Patent",
    "Reference_Work",
    "Report",
    "Standard",
    "Thesis_or_Dissertation",
    "Unspecified",
}
_ITEM_TYPES = {
    "Article",
    "Audiovisual",
    "Book_Segment",
    "Conference_Item",
    "Database_Full_Item",
    "Dataset",
    "Image",
    "Interactive_Resource",
    "Multimedia",
    "News_Item",
    "Other",
    "Patent",
    "Reference_Item",
    "Report",
    "Software",
    "Sound",
    "Standard",
    "Thesis_or_Dissertation",
    "Unspecified",
}
_ITEM_METRICS = {
    "Total_Item_Investigations",
    "Total_Item_Requests",
    "Unique_Item_Investigations",
    "Unique_Item_Requests",
}
ALLOWED = {
    "PR": {"metric_type": _ITEM_METRICS | {"Searches_Platform", "Unique_Title_Investigations",
                                           "Unique_Title_Requests"},
           "data_type": _TITLE_TYPES | _ITEM_TYPES | {"Platform"}},
    "TR": {"metric_type": _ITEM_METRICS | {"Unique_Title_Investigations", "Unique_Title_Requests",
                                           "Limit_Exceeded", "No_License"},
           "data_type": _TITLE_TYPES},
    "IR": {"metric_type": _ITEM_METRICS | {"Limit_Exceeded", "No_License"}, "data_type": _ITEM_TYPES},
}  # fmt: skip
ACCESS_TYPES = {"Controlled", "Open", "Free_To_Read"}
ACCESS_METHODS = {"Regular", "TDM"}
#: The filter parameters each master report takes.
PARAMETERS = {
    "PR": ("metric_type", "data_type", "access_method"),
    "TR": ("metric_type", "data_type", "access_method", "access_type", "yop", "item_id"),
    "IR": ("metric_type", "data_type", "access_method", "access_type", "yop", "item_id"),
}


def from_args(report_id: str, args) -> tuple[Filters, list[str], list[str]]:
    """Request parameters -> (Filters, parameters used, invalid values ignored). Values are lists
    separated by ``|``; an invalid value is dropped (Exception 3060 names it)."""
    if report_id not in MASTER:
        return Filters(), [], []
    used, invalid = [], []
    values: dict = {}
    for name in PARAMETERS[report_id]:
        raw = args.get(name, "").strip()
        if not raw:
            continue
        used.append(name)
        if name == "item_id":
            values[name] = raw
            continue
        parts = [v.strip() for v in raw.split("|") if v.strip()]
        allowed = {
            "metric_type": ALLOWED[report_id]["metric_type"],
            "data_type": ALLOWED[report_id]["data_type"],
            "access_type": ACCESS_TYPES,
            "access_method": ACCESS_METHODS,
        }.get(name)
        good = [v for v in parts if (valid_yop(v) if name == "yop" else v in allowed)]
        invalid += [f"{name}={v}" for v in parts if v not in good]
        if good:
            values[name] = tuple(dict.fromkeys(good))
    return Filters(**values), used, invalid


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters a request asked for (empty = not asked)."""

    metric_type: tuple[str, ...] = ()
    yop: tuple[str, ...] = ()
    item_id: str = ""
    access_type: tuple[str, ...] = ()
    access_method: tuple[str, ...] = ()
    data_type: tuple[str, ...] = ()

    def header(self) -> dict:
        """The Report_Filters entries these filters add (Metric_Type first, as the samples)."""
        out: dict = {}
        for key, value in (("Metric_Type", self.metric_type), ("Data_Type", self.data_type),
                           ("Access_Type", self.access_type), ("Access_Method", self.access_method),
                           ("YOP", self.yop)):  # fmt: skip
            if value:
                out[key] = list(value)
        if self.item_id:
            out["Item_ID"] = self.item_id
        return out

    def metrics(self, available: tuple[str, ...]) -> tuple[str, ...]:
        return (
            tuple(m for m in available if m in self.metric_type) if self.metric_type else available
        )

    def keeps_collection(self, report_id: str) -> bool:
        """False when Access_Type, Access_Method or Data_Type exclude all of the collection's usage."""
        if self.access_type and "Open" not in self.access_type:
            return False
        if self.access_method and "Regular" not in self.access_method:
            return False
        return not self.data_type or bool(set(self.data_type) & set(DATA_TYPE[report_id]))

    def keeps_item(self, item: ItemMeta, report_id: str, namespace: str) -> bool:
        if self.yop and not any(_in_range(item.yop or 1, r) for r in self.yop):
            return False
        if self.item_id:
            wanted = self.item_id.strip()
            ids = _journal_ids(item, namespace) if report_id == "TR" else _item_ids(item, namespace)
            return wanted.lower() in ids
        return True


def valid_yop(text: str) -> bool:
    m = _YOP.fullmatch(text)
    return bool(m) and (not m[2] or m[1] <= m[2])


def _in_range(year: int, text: str) -> bool:
    m = _YOP.fullmatch(text)
    return bool(m) and int(m[1]) <= year <= int(m[2] or m[1])


def _journal_ids(item: ItemMeta, ns: str) -> set[str]:
    j = item.journal
    ids = {f"{ns}:{j.acronym}", j.print_issn, j.online_issn, j.doi}
    ids |= {f"print_issn:{j.print_issn}", f"online_issn:{j.online_issn}", f"doi:{j.doi}"}
    return {i.lower() for i in ids if i and not i.endswith(":")}


def _item_ids(item: ItemMeta, ns: str) -> set[str]:
    ids = {item.doi, f"doi:{item.doi}", f"{ns}:{item.pid_v2}", f"{ns}:{item.pid_v3}"}
    return {i.lower() for i in ids if i and not i.endswith(":")}
