"""Source data in, :class:`db.Record` streams out: collection articles, LILACS, PubMed XML, Crossref JSON.

* collection articles: the typed model's ``Article`` records (``scielo_pub.model``);
* LILACS: ISIS records (``scielo_pub.lilacs`` reader: ISO 2709, ``.id``, JSON lines) or plain
  ``{tag: [values]}`` dicts;
* MEDLINE: the official ``PubmedArticleSet`` XML (parsed without DTDs, entities or network);
* Crossref: the REST API's JSON, one work (``message``) or a list (``message.items``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from .db import Record, person
from .normalise import expand_pages, normalise_doi, split_pages, year_of

_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


# -- collection ----------------------------------------------------------------------------------


def records_from_articles(articles: Iterable[Any]) -> Iterator[Record]:
    """Model ``Article`` objects -> ``scielo`` records keyed by PID (v2, else v3, else DOI)."""
    for art in articles:
        key = art.pid or getattr(art, "pid_v3", None) or art.doi
        if not key:
            continue
        titles = list(art.titles.values())
        authors = tuple(
            person(c.surname, c.given_names) if c.surname else (c.collab or "", "")
            for c in art.contributors
            if c.role == "author" and (c.surname or c.collab)
        )
        year = next((str(d.year) for d in art.pub_dates.values() if d and d.year), None)
        yield Record(
            db="scielo", ext_id=key, doi=art.doi, title=titles[0] if titles else None,
            source=art.journal_abbrev_title or art.journal_title,
            issn=art.issn_electronic or art.issn_print, year=year, volume=art.volume,
            issue=art.issue, fpage=art.fpage or art.elocation_id, lpage=art.lpage, authors=authors,
        )  # fmt: skip


# -- LILACS --------------------------------------------------------------------------------------


def _sub(value: str, code: str) -> str:
    m = re.search(rf"\^{code}([^^]*)", value)
    return m.group(1).strip() if m else ""


def _body(value: str) -> str:
    return value.split("^", 1)[0].strip()


def records_from_lilacs(records: Iterable[Any]) -> Iterator[Record]:
    """LILACS records (``IsisRecord`` from ``scielo_pub.lilacs`` or ``{tag: [values]}``) -> records."""
    for rec in records:
        values = _lilacs_values(rec)
        ext_id = _first(values, 2)
        title = _body(_first(values, 12)) or _body(_first(values, 18))
        if not ext_id or not title:
            continue
        pages = _first(values, 14)
        fpage, lpage = (_sub(pages, "f") or _sub(pages, "e") or None), (_sub(pages, "l") or None)
        if not fpage and pages:
            fpage, lpage = split_pages(_body(pages))
        authors = tuple(
            _lilacs_person(v) for v in values.get(10, []) or values.get(16, []) if _body(v)
        )
        yield Record(
            db="lilacs", ext_id=ext_id, doi=normalise_doi(_first(values, 724)), title=title,
            source=_body(_first(values, 30)) or None, issn=_body(_first(values, 35)) or None,
            year=year_of(_first(values, 65)[:4] or _first(values, 64)), volume=_body(_first(values, 31)) or None,
            issue=_body(_first(values, 32)) or None, fpage=fpage, lpage=expand_pages(fpage, lpage)[1],
            authors=authors, url=_sub(_first(values, 8), "u") or None,
        )  # fmt: skip


def _lilacs_values(rec: Any) -> dict[int, list[str]]:
    if isinstance(rec, Mapping):
        return {int(k): [v] if isinstance(v, str) else list(v) for k, v in rec.items()}
    out: dict[int, list[str]] = {}
    for tag, value in rec.fields:
        out.setdefault(int(tag), []).append(value)
    return out


def _first(values: dict[int, list[str]], tag: int) -> str:
    found = values.get(tag)
    return found[0] if found else ""


def _lilacs_person(value: str) -> tuple[str, str]:
    text = _body(value)
    if "," in text:
        surname, given = text.split(",", 1)
        return person(surname, given)
    return (text, "")


def read_lilacs_file(path: Path, encoding: str = "latin-1") -> Iterator[Record]:
    """An ISO 2709, ``.id`` or JSON-lines LILACS file -> records (via ``scielo_pub.lilacs``)."""
    from scielo_pub.lilacs.formats import format_for_path, read_records

    fmt = format_for_path(str(path)) or "iso"
    result = read_records(Path(path).read_bytes(), fmt, encoding, str(path))
    return records_from_lilacs(result.records)


# -- PubMed XML -----------------------------------------------------------------------------------


def records_from_pubmed_xml(data: bytes) -> Iterator[Record]:
    """A ``PubmedArticleSet`` document -> ``medline`` records keyed by PMID."""
    try:
        root = etree.fromstring(data, _XML)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"the PubMed file is not well-formed XML: {exc}") from None
    for art in root.iter("PubmedArticle"):
        cit = art.find("MedlineCitation")
        if cit is None or not cit.findtext("PMID"):
            continue
        yield _pubmed_record(art, cit)


def _pubmed_record(art: etree._Element, cit: etree._Element) -> Record:
    a = cit.find("Article")
    a = a if a is not None else etree.Element("Article")
    journal = a.find("Journal")
    jissue = journal.find("JournalIssue") if journal is not None else None
    date = jissue.find("PubDate") if jissue is not None else None
    year = None
    if date is not None:
        year = date.findtext("Year") or year_of(date.findtext("MedlineDate") or "")
    fpage, lpage = split_pages(a.findtext("Pagination/MedlinePgn") or "")
    doi = art.findtext("PubmedData/ArticleIdList/ArticleId[@IdType='doi']") or a.findtext(
        "ELocationID[@EIdType='doi']"
    )
    authors = tuple(
        (au.findtext("LastName") or "", au.findtext("Initials") or "")
        if au.findtext("LastName")
        else (au.findtext("CollectiveName") or "", "")
        for au in a.iterfind("AuthorList/Author")
    )
    return Record(
        db="medline", ext_id=cit.findtext("PMID").strip(), pmid=cit.findtext("PMID").strip(),
        doi=normalise_doi(doi), title=" ".join("".join(a.find("ArticleTitle").itertext()).split()).rstrip(".")
        if a.find("ArticleTitle") is not None else None,
        source=(journal.findtext("ISOAbbreviation") or journal.findtext("Title")) if journal is not None else None,
        issn=journal.findtext("ISSN") if journal is not None else None, year=year,
        volume=jissue.findtext("Volume") if jissue is not None else None,
        issue=jissue.findtext("Issue") if jissue is not None else None, fpage=fpage, lpage=lpage,
        authors=authors,
    )  # fmt: skip


# -- Crossref JSON --------------------------------------------------------------------------------


def records_from_crossref(obj: Any) -> Iterator[Record]:
    """Crossref REST JSON (``{"message": work}`` or ``{"message": {"items": [...]}}``, or a plain
    list of works) -> records; entries that are not works are skipped."""
    if isinstance(obj, (str, bytes)):
        try:
            obj = json.loads(obj)
        except (ValueError, RecursionError) as exc:
            raise InputError(f"the Crossref file is not JSON: {exc}") from None
    message = obj.get("message", obj) if isinstance(obj, Mapping) else obj
    if isinstance(message, Mapping):
        items = message.get("items") if "items" in message else [message]
    else:
        items = message if isinstance(message, list) else []
    for work in items or []:
        rec = crossref_record(work)
        if rec:
            yield rec


def _text_of(value: Any) -> str | None:
    """Crossref fields are lists of strings, sometimes plain strings or numbers."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), None)
    if value is None or isinstance(value, (dict, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _crossref_year(work: Mapping[str, Any]) -> str | None:
    for key in ("published-print", "published-online", "issued", "published"):
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, Mapping) else None
        if (
            isinstance(parts, list)
            and parts
            and isinstance(parts[0], list)
            and parts[0]
            and parts[0][0]
        ):
            return year_of(str(parts[0][0]))
    return None


def crossref_record(work: Any) -> Record | None:
    """One Crossref work -> a ``crossref`` record (None without a usable DOI)."""
    if not isinstance(work, Mapping):
        return None
    doi = normalise_doi(_text_of(work.get("DOI")) or "")
    if not doi:
        return None
    fpage, lpage = split_pages(_text_of(work.get("page")) or "")
    people = work.get("author") if isinstance(work.get("author"), list) else []
    authors = tuple(
        person(_text_of(a.get("family")), _text_of(a.get("given")))
        if a.get("family")
        else (_text_of(a.get("name")) or "", "")
        for a in people
        if isinstance(a, Mapping)
    )
    source = _text_of(work.get("short-container-title")) or _text_of(work.get("container-title"))
    return Record(
        db="crossref", ext_id=doi, doi=doi, title=_text_of(work.get("title")), source=source,
        issn=_text_of(work.get("ISSN")), year=_crossref_year(work), volume=_text_of(work.get("volume")),
        issue=_text_of(work.get("issue")), fpage=fpage or _text_of(work.get("article-number")),
        lpage=lpage, authors=authors, url=_text_of(work.get("URL")),
    )  # fmt: skip
