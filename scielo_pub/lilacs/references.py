"""An article's cited references in, one SciELO-style ISIS record per reference out (``v706=c``).

Layout of SciELO's citation records (MAPPING.md §3, PC-Programs ``xc_models.py``): v10/v16 person
authors as ``^s surname ^n given``, v11/v17 corporate authors (editors with ``^r ed``), v12 article or
chapter title, v18 book title, v30 journal, v31 volume, v32 issue (``^s`` supplement), v14 pages as
printed plus v514 ``^f ^l ^e``, v20 size, v25 series, v53/v54/v56 conference name/date/place, v64 the
date as cited (month or season and year), v65 ``YYYYMM00`` (``00`` for an untagged month), v62
publisher, v66 place, v63 edition, v37 URL, v109 access date, v61 comment, v237 DOI, v238 PMID, v239
PMCID, v810 et al., v71 publication type, v118 label, v704 the reference as printed. Each record is
linked to its citing article: v2 = the article's record id, v880 = article PID + 5-digit order, v865 =
the article's v65, v700/v701/v708 = position / order within type / total, v706 = ``c``.
"""

from __future__ import annotations

import re

from ..model import RefAuthor, Reference
from .isis import IsisRecord, build_field
from .mapping import MONTH_KEYS, ArticleContext, clean, date_fields, record_id


def reference_records(ctx: ArticleContext) -> list[IsisRecord]:
    """One citation record per reference of the article, in reference-list order."""
    refs = ctx.article.references
    citing = record_id(ctx)
    date = dict(date_fields(ctx)).get(65, "")
    pid = ctx.article.pid or citing
    return [
        IsisRecord(tuple((t, v) for t, v in _fields(ref, n, len(refs), citing, pid, date) if v))
        for n, ref in enumerate(refs, 1)
    ]


def _fields(
    ref: Reference, n: int, total: int, citing: str, pid: str, date: str
) -> list[tuple[int, str]]:
    analytic = bool(ref.article_title or ref.chapter_title)
    person_tag, corp_tag = (10, 11) if analytic else (16, 17)
    out: list[tuple[int, str]] = [
        (2, citing),
        (700, str(n)),
        (701, str(n)),
        (706, "c"),
        (708, str(total)),
    ]
    out += [(person_tag, _person(a)) for a in ref.authors if not a.collab]
    out += [(corp_tag, clean(a.collab)) for a in ref.authors if a.collab]
    out += [(16, _person(e, "ed")) for e in ref.editors if not e.collab]
    out += [(17, build_field(clean(e.collab), r="ed")) for e in ref.editors if e.collab]
    out += [(12, clean(ref.article_title or ref.chapter_title, period=False))]
    out += [(30 if ref.article_title else 18, clean(ref.source, period=False))]
    out += [(31, clean(ref.volume)), (32, _issue(ref)), (14, _pages(ref))]
    out += [(514, build_field(f=clean(ref.fpage), l=clean(ref.lpage), e=clean(ref.elocation_id)))]
    out += [(20, clean(ref.size)), (25, clean(ref.series))]
    out += [(53, clean(ref.conf_name)), (54, clean(ref.conf_date)), (56, clean(ref.conf_loc))]
    out += [(64, _printed_date(ref)), (65, _date8(ref.year, ref.month))]
    out += [(62, clean(ref.publisher_name))]
    out += [(66, clean(ref.publisher_loc)), (63, clean(ref.edition)), (37, ref.url or "")]
    out += [(109, clean(ref.access_date)), (61, clean(ref.comment, period=False))]
    out += [(237, ref.doi or ""), (238, ref.pmid or ""), (239, ref.pmcid or "")]
    out += [(810, "et al")] if ref.etal else []
    out += [
        (71, ref.publication_type or ""),
        (118, clean(ref.label)),
        (704, clean(ref.mixed_citation, period=False)),
    ]
    out += [(865, date), (880, f"{pid}{n:05d}")]
    return out


def _person(author: RefAuthor, role: str = "") -> str:
    return build_field(s=clean(author.surname), n=clean(author.given_names), r=role)


def _pages(ref: Reference) -> str:
    if ref.fpage and ref.lpage:
        return f"{clean(ref.fpage)}-{clean(ref.lpage)}"
    return clean(ref.fpage or ref.elocation_id)


def _issue(ref: Reference) -> str:
    """v32: the issue, with ``^s`` the supplement."""
    issue, suppl = clean(ref.issue), clean(ref.supplement)
    return build_field(issue, s=suppl) if suppl else issue


def _printed_date(ref: Reference) -> str:
    """v64, the date as cited: the year, after the month or season when one is tagged."""
    year = clean(ref.year)
    if ref.month and year:
        month = clean(ref.month, period=False)
        return f"{month} {year}" if not month.isdigit() else year
    return year


def _date8(year: str | None, month: str | None) -> str:
    """``YYYYMM00`` (``YYYY0000`` when the month is not tagged or not a month)."""
    match = re.search(r"\d{4}", year or "")
    if not match:
        return ""
    return f"{match.group()}{_month_number(month):02d}00"


def _month_number(month: str | None) -> int:
    text = (month or "").strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else 0
    return MONTH_KEYS.get(text[:3], 0)
