"""A COUNTER R5.1 report object (``reports.build``) in, its tabular form out: the 13 header rows, a
blank row, the column headings and one row per item, attribute set and metric (the official layout,
UTF-8 with a byte-order mark, every row padded to the table's width)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .reports import SPECS, months


def _ids(ids: dict | None) -> str:
    """``{"ISNI": ["1"], "Proprietary": ["ns:2"]}`` -> ``ISNI:1; ns:2``."""
    out = []
    for key, values in (ids or {}).items():
        for v in values if isinstance(values, list) else [values]:
            out.append(v if key == "Proprietary" else f"{key}:{v}")
    return "; ".join(out)


def _authors(authors: list[dict] | None) -> str:
    return "; ".join(a["Name"] for a in authors or [])


def _item_id_columns(ids: dict, prefix: str = "") -> dict[str, str]:
    return {
        f"{prefix}DOI": ids.get("DOI", ""),
        f"{prefix}Proprietary_ID": ids.get("Proprietary", ""),
        f"{prefix}ISBN": ids.get("ISBN", ""),
        f"{prefix}Print_ISSN": ids.get("Print_ISSN", ""),
        f"{prefix}Online_ISSN": ids.get("Online_ISSN", ""),
        f"{prefix}URI": ids.get("URI", ""),
    }


def _base_rows(report: dict) -> Iterator[tuple[dict[str, str], dict]]:
    """(column values, Attribute_Performance entry) for every attribute set of every item."""
    level = SPECS[report["Report_Header"]["Report_ID"]].level
    for entry in report["Report_Items"]:
        if level == "platform":
            for attr in entry["Attribute_Performance"]:
                yield {"Platform": entry["Platform"]}, attr
        elif level == "title":
            base = {
                "Title": entry["Title"],
                "Publisher": entry["Publisher"],
                "Publisher_ID": _ids(entry.get("Publisher_ID")),
                "Platform": entry["Platform"],
                **_item_id_columns(entry.get("Item_ID", {})),
            }
            for attr in entry["Attribute_Performance"]:
                yield base, attr
        else:
            parent = {
                "Parent_Title": entry.get("Title", ""),
                "Parent_Authors": _authors(entry.get("Authors")),
                "Parent_Publication_Date": entry.get("Publication_Date", ""),
                "Parent_Article_Version": entry.get("Article_Version", ""),
                "Parent_Data_Type": entry.get("Data_Type", ""),
                **_item_id_columns(entry.get("Item_ID", {}), "Parent_"),
            }
            for item in entry["Items"]:
                base = {
                    "Item": item["Item"],
                    "Publisher": item["Publisher"],
                    "Publisher_ID": _ids(item.get("Publisher_ID")),
                    "Platform": item["Platform"],
                    "Authors": _authors(item.get("Authors")),
                    "Publication_Date": item.get("Publication_Date", ""),
                    "Article_Version": item.get("Article_Version", ""),
                    **_item_id_columns(item.get("Item_ID", {})),
                    **parent,
                }
                for attr in item["Attribute_Performance"]:
                    yield base, attr


def _header_rows(header: dict) -> list[list[str]]:
    filters = dict(header.get("Report_Filters", {}))
    metric_types = filters.pop("Metric_Type", [])
    period = f"Begin_Date={filters.pop('Begin_Date')}; End_Date={filters.pop('End_Date')}"
    attributes = []
    for key, value in header.get("Report_Attributes", {}).items():
        attributes.append(f"{key}={'|'.join(value) if isinstance(value, list) else value}")
    exceptions = []
    for e in header.get("Exceptions", []):
        exceptions.append(
            f"{e['Code']}: {e['Message']}" + (f" ({e['Data']})" if e.get("Data") else "")
        )
    return [
        ["Report_Name", header["Report_Name"]],
        ["Report_ID", header["Report_ID"]],
        ["Release", header["Release"]],
        ["Institution_Name", header["Institution_Name"]],
        ["Institution_ID", _ids(header.get("Institution_ID"))],
        ["Metric_Types", "; ".join(metric_types)],
        [
            "Report_Filters",
            "; ".join(
                f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in filters.items()
            ),
        ],  # fmt: skip
        ["Report_Attributes", "; ".join(attributes)],
        ["Exceptions", "; ".join(exceptions)],
        ["Reporting_Period", period],
        ["Created", header["Created"]],
        ["Created_By", header["Created_By"]],
        ["Registry_Record", header.get("Registry_Record", "")],
        [],
    ]


def to_tsv(report: dict) -> str:
    """The report object as COUNTER TSV text."""
    header = report["Report_Header"]
    spec = SPECS[header["Report_ID"]]
    begin = header["Report_Filters"]["Begin_Date"][:7]
    end = header["Report_Filters"]["End_Date"][:7]
    period = months(begin, end)
    labels = [date(int(m[:4]), int(m[5:]), 1).strftime("%b-%Y") for m in period]
    columns = [*spec.columns, "Metric_Type", "Reporting_Period_Total", *labels]
    rows = _header_rows(header) + [columns]
    for base, attr in _base_rows(report):
        values = {**base, **{k: str(v) for k, v in attr.items() if k != "Performance"}}
        for metric in spec.metrics:
            by_month = attr["Performance"].get(metric)
            if not by_month:
                continue
            counts = [by_month.get(m, 0) for m in period]
            line = [values.get(c, "") for c in spec.columns]
            rows.append([*line, metric, str(sum(counts)), *map(str, counts)])
    width = len(columns)
    text = "\n".join("\t".join(r + [""] * (width - len(r))) for r in rows)
    return "\ufeff" + text + "\n"
