"""The collection store in, what the OAI-PMH provider lists out: headers, records and sets.

Records are ordered by ``(updated, id)`` and every list page is a keyset query (``page_rows``): the
rows after ``(last stamp, last id)``, sought on the ``ix_articles_updated_id`` index
(``ix_articles_journal_updated`` for journal and issue sets), so page 1,000 costs what page 1 does. Identifiers are the articles'
``ident`` (their PID v2 when tagged). Withdrawn articles stay as headers (``deleted``) with the stamp
of the build that withdrew them. Sets: ``journal`` (every article), ``journal:<acronym>`` and
``journal:<acronym>:<issue label>``; characters a setSpec cannot hold are written ``~XX`` (UTF-8
bytes in hexadecimal).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, or_, select, tuple_
from sqlalchemy.sql import ColumnElement, Select

from . import schema as s

ROOT_SET = "journal"
_SPEC_SAFE = re.compile(r"[A-Za-z0-9\-_.!()*']")


@dataclass(frozen=True, slots=True)
class DublinCore:
    """The Dublin Core of one article; texts in the article's languages carry ``(lang, text)``."""

    titles: tuple[tuple[str, str], ...] = ()
    creators: tuple[str, ...] = ()
    subjects: tuple[tuple[str, str], ...] = ()
    descriptions: tuple[tuple[str, str], ...] = ()
    publisher: str | None = None
    date: str | None = None
    types: tuple[str, ...] = ()
    #: The landing page first, then the DOI as a URL.
    identifiers: tuple[str, ...] = ()
    source: str | None = None
    languages: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("text/html",)


@dataclass(frozen=True, slots=True)
class Header:
    """One item's header: identifier (the article's ``ident``), stamp, status and sets."""

    pid: str
    stamp: datetime
    deleted: bool
    sets: tuple[str, ...]
    #: The article's row id: the second half of the keyset cursor.
    key: int


@dataclass(frozen=True, slots=True)
class Record:
    """A header and, unless deleted, the payload of one format (``DublinCore``, XML text or
    LILACS fields)."""

    header: Header
    payload: object = None


@dataclass(frozen=True, slots=True)
class RepositoryInfo:
    name: str
    base_url: str
    acronym: str
    earliest: datetime | None
    sample_pid: str | None


@dataclass(frozen=True, slots=True)
class SetInfo:
    spec: str
    name: str


@dataclass(frozen=True, slots=True)
class Window:
    """Selective-harvesting bounds (``start`` <= updated < ``before``, naive or aware UTC)."""

    start: datetime | None = None
    before: datetime | None = None
    set_spec: str | None = None


def spec_part(text: str) -> str:
    """``text`` as one setSpec component (unsafe characters as ``~XX``)."""
    out = []
    for char in text:
        if _SPEC_SAFE.fullmatch(char):
            out.append(char)
        else:
            out.extend(f"~{b:02X}" for b in char.encode("utf-8"))
    return "".join(out) or "~"


def unspec_part(part: str) -> str | None:
    """The text a setSpec component stands for; ``None`` when it is not one ``spec_part`` writes."""
    try:
        raw = re.sub(r"~([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), part)
        text = raw.encode("latin-1").decode("utf-8")
    except (UnicodeError, ValueError):
        return None
    return text if spec_part(text) == part else None


def _naive(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo else instant


class OAIReader:
    """Reads the store at ``engine`` for the OAI-PMH provider (no writes)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- repository and sets --------------------------------------------------------------------

    def repository(self) -> RepositoryInfo:
        a, c = s.articles, s.collections
        with self.engine.connect() as conn:
            row = conn.execute(select(c).order_by(c.c.id).limit(1)).mappings().first()
            earliest = conn.execute(select(func.min(a.c.updated))).scalar()
            sample = conn.execute(
                select(a.c.ident).where(a.c.deleted.is_(False)).order_by(a.c.id).limit(1)
            ).scalar()
        if row is None:
            return RepositoryInfo("scielo-pub", "", "", earliest, sample)
        names = row["name"] or {}
        name = names.get(row["default_language"]) or next(iter(names.values()), row["acronym"])
        return RepositoryInfo(name, row["base_url"], row["acronym"], earliest, sample)

    def site(self) -> tuple[str, str]:
        """The collection's acronym and base URL (empty strings before the first build)."""
        c = s.collections
        with self.engine.connect() as conn:
            row = conn.execute(select(c.c.acronym, c.c.base_url).order_by(c.c.id).limit(1)).first()
        return (row.acronym, row.base_url) if row is not None else ("", "")

    def sets(self, after: str | None, limit: int) -> list[SetInfo]:
        """Sets in setSpec order, those after ``after``, at most ``limit``."""
        found = [x for x in self._all_sets() if after is None or x.spec > after]
        return found[:limit]

    def count_sets(self) -> int:
        return len(self._all_sets())

    def _all_sets(self) -> list[SetInfo]:
        j, i = s.journals, s.issues
        with self.engine.connect() as conn:
            journals = conn.execute(select(j.c.id, j.c.acronym, j.c.title)).all()
            issues = conn.execute(
                select(i.c.journal_id, i.c.label, i.c.year, i.c.volume, i.c.number, i.c.supplement)
            ).all()
        if not journals:
            return []
        out = [SetInfo(ROOT_SET, "Journals of the collection")]
        by_id = {row.id: row for row in journals}
        for row in journals:
            out.append(SetInfo(f"{ROOT_SET}:{spec_part(row.acronym)}", row.title))
        for row in issues:
            journal = by_id.get(row.journal_id)
            if journal is not None:
                spec = f"{ROOT_SET}:{spec_part(journal.acronym)}:{spec_part(row.label)}"
                out.append(SetInfo(spec, f"{journal.title}, {_issue_name(row)}"))
        return sorted(out, key=lambda x: x.spec)

    # -- items ----------------------------------------------------------------------------------

    def header(self, pid: str) -> Header | None:
        a = s.articles
        with self.engine.connect() as conn:
            row = conn.execute(_header_select().where(a.c.ident == pid)).first()
        return _header(row) if row is not None else None

    def formats(self, pid: str) -> tuple[str, ...]:
        """The metadata formats the item can be disseminated in (``lilacs`` only with a record)."""
        a = s.articles
        with self.engine.connect() as conn:
            has_lilacs = conn.execute(
                select(a.c.lilacs_json.is_not(None)).where(a.c.ident == pid)
            ).scalar()
        if has_lilacs is None:
            return ()
        return ("oai_dc", "jats", "lilacs") if has_lilacs else ("oai_dc", "jats")

    def record(self, pid: str, prefix: str) -> Record | None:
        """The item in ``prefix``; ``None`` when it does not exist or not in that format."""
        a = s.articles
        query = _header_select().where(a.c.ident == pid, *_format_filter(prefix))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            records = _with_payloads(conn, rows, prefix)
        return records[0] if records else None

    def list(
        self,
        prefix: str,
        window: Window,
        after: tuple[datetime, int] | None,
        limit: int,
        *,
        metadata: bool,
    ) -> list[Record]:
        """One page: items of ``window`` in ``prefix`` after the cursor, in ``(updated, id)`` order."""
        where = _window_filters(window, prefix)
        if where is None:
            return []
        query = _header_select().where(*where)
        with self.engine.connect() as conn:
            rows = page_rows(conn, query, after, limit)
            if metadata:
                return _with_payloads(conn, rows, prefix)
        return [Record(_header(row)) for row in rows]

    def count(self, prefix: str, window: Window) -> int:
        """How many items the whole list of ``window`` in ``prefix`` holds."""
        where = _window_filters(window, prefix)
        if where is None:
            return 0
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.articles).where(*where)).scalar()


def page_rows(conn, query: Select, after: tuple[datetime, int] | None, limit: int) -> list:
    """Up to ``limit`` rows of ``query`` after the cursor, in ``(updated, id)`` order.

    PostgreSQL seeks the row value ``(updated, id) > (stamp, id)`` on the ``(updated, id)`` index.
    SQLite would scan every row sharing the cursor's stamp that way (one build stamps many records
    alike), so there the rows after the cursor are asked in two seeks: those of the same stamp with a
    larger id, then those of later stamps.
    """
    a = s.articles
    order = (a.c.updated, a.c.id)
    if after is None:
        return list(conn.execute(query.order_by(*order).limit(limit)))
    stamp, key = _naive(after[0]), after[1]
    if conn.dialect.name == "postgresql":
        seek = query.where(tuple_(*order) > tuple_(stamp, key))
        return list(conn.execute(seek.order_by(*order).limit(limit)))
    same = query.where(a.c.updated == stamp, a.c.id > key).order_by(*order).limit(limit)
    rows = list(conn.execute(same))
    if len(rows) < limit:
        later = query.where(a.c.updated > stamp).order_by(*order).limit(limit - len(rows))
        rows += conn.execute(later)
    return rows


def _issue_name(row) -> str:
    parts = [f"v. {row.volume}" if row.volume else "", f"n. {row.number}" if row.number else "",
             f"suppl. {row.supplement}" if row.supplement else ""]  # fmt: skip
    label = " ".join(p for p in parts if p) or row.label
    return f"{label} ({row.year})"


def _header_select() -> Select:
    a = s.articles
    return select(a.c.id, a.c.ident, a.c.updated, a.c.deleted, a.c.journal_acronym, a.c.issue_label)


def _header(row) -> Header:
    journal = f"{ROOT_SET}:{spec_part(row.journal_acronym)}"
    sets = (journal, f"{journal}:{spec_part(row.issue_label)}")
    return Header(row.ident, row.updated, bool(row.deleted), sets, row.id)


def _format_filter(prefix: str) -> list[ColumnElement[bool]]:
    """Items in ``prefix``: every one for oai_dc and jats; those with a LILACS record (or withdrawn,
    which stay as headers) for lilacs."""
    a = s.articles
    if prefix == "lilacs":
        return [or_(a.c.lilacs_json.is_not(None), a.c.deleted.is_(True))]
    return []


def _window_filters(window: Window, prefix: str) -> list[ColumnElement[bool]] | None:
    """The WHERE terms of a list; ``None`` when the set names nothing this store can hold."""
    a = s.articles
    terms = _format_filter(prefix)
    if window.start is not None:
        terms.append(a.c.updated >= _naive(window.start))
    if window.before is not None:
        terms.append(a.c.updated < _naive(window.before))
    if window.set_spec and window.set_spec != ROOT_SET:
        parts = window.set_spec.split(":")
        if parts[0] != ROOT_SET or len(parts) > 3:
            return None
        texts = [unspec_part(p) for p in parts[1:]]
        if any(t is None for t in texts):
            return None
        terms.append(a.c.journal_acronym == texts[0])
        if len(texts) == 2:
            terms.append(a.c.issue_label == texts[1])
    return terms


# -- payloads -------------------------------------------------------------------------------------


def _with_payloads(conn, rows: Sequence, prefix: str) -> list[Record]:
    headers = [_header(row) for row in rows]
    live = [h.key for h in headers if not h.deleted]
    if not live:
        return [Record(h) for h in headers]
    if prefix == "oai_dc":
        payloads = _dublin_core(conn, live)
    else:
        column = s.articles.c.xml if prefix == "jats" else s.articles.c.lilacs_json
        found = conn.execute(select(s.articles.c.id, column).where(s.articles.c.id.in_(live)))
        payloads = {
            key: value if prefix == "jats" else _lilacs_fields(value)
            for key, value in found
            if value is not None
        }
    return [Record(h, payloads.get(h.key)) for h in headers]


def _lilacs_fields(text: str) -> tuple[str, list[tuple[int, str, list[tuple[str, str]]]]]:
    """``(status, fields)`` from the stored JSON Lines record."""
    data = json.loads(text)
    fields = [
        (int(f["tag"]), f.get("text") or "", [(str(c), str(v)) for c, v in f.get("subfields", ())])
        for f in data.get("fields", ())
    ]
    return str(data.get("status") or "0"), fields


#: The ``articles`` columns Dublin Core is made from (not the stored XML, model or LILACS record).
_DC_COLUMNS = (
    "id", "language", "languages", "landing_path", "doi", "article_type", "pub_date", "license",
    "title", "volume", "issue_number", "supplement", "fpage", "lpage", "elocation_id", "year",
)  # fmt: skip


def _dublin_core(conn, keys: list[int]) -> dict[int, DublinCore]:
    a, j, t, p, c = s.articles, s.journals, s.article_texts, s.contributors, s.collections
    base = conn.execute(select(c.c.base_url).order_by(c.c.id).limit(1)).scalar() or ""
    columns = [a.c[name] for name in _DC_COLUMNS]
    rows = conn.execute(
        select(*columns, j.c.title.label("journal_title"), j.c.publisher.label("journal_publisher"))
        .join(j, j.c.id == a.c.journal_id)
        .where(a.c.id.in_(keys))
    ).mappings()
    texts: dict[int, list] = {}
    text_cols = (t.c.article_id, t.c.lang, t.c.title, t.c.abstract, t.c.keywords)
    query = select(*text_cols).where(t.c.article_id.in_(keys)).order_by(t.c.id)
    for row in conn.execute(query).mappings():
        texts.setdefault(row["article_id"], []).append(row)
    people: dict[int, list[str]] = {}
    people_cols = (p.c.article_id, p.c.surname, p.c.given_names, p.c.collab, p.c.display_name)
    query = select(*people_cols).where(p.c.article_id.in_(keys), p.c.role == "author")
    for row in conn.execute(query.order_by(p.c.article_id, p.c.position)).mappings():
        people.setdefault(row["article_id"], []).append(_creator(row))
    return {
        row["id"]: _dc(row, texts.get(row["id"], []), people.get(row["id"], []), base)
        for row in rows
    }


def _creator(row) -> str:
    if row["surname"]:
        return ", ".join(x for x in (row["surname"], row["given_names"]) if x)
    return row["collab"] or row["display_name"]


def _dc(row, texts: list, creators: list[str], base_url: str) -> DublinCore:
    main = row["language"]
    ordered = sorted(texts, key=lambda x: x["lang"] != main)
    identifiers = [base_url.rstrip("/") + "/" + row["landing_path"].lstrip("/")]
    if row["doi"]:
        identifiers.append(f"https://doi.org/{row['doi']}")
    types = ["info:eu-repo/semantics/article"] + (
        [row["article_type"]] if row["article_type"] else []
    )
    return DublinCore(
        titles=tuple((x["lang"], x["title"]) for x in ordered if x["title"]),
        creators=tuple(creators),
        subjects=tuple((x["lang"], k) for x in ordered for k in x["keywords"] or ()),
        descriptions=tuple((x["lang"], x["abstract"]) for x in ordered if x["abstract"]),
        publisher=row["journal_publisher"],
        date=row["pub_date"],
        types=tuple(types),
        identifiers=tuple(identifiers),
        source=_source(row),
        languages=tuple(row["languages"] or ([main] if main else [])),
        rights=(row["license"],) if row["license"] else (),
    )


def _source(row) -> str:
    """``Journal, v. 8, n. 1, p. 1-12, 2024`` (what SciELO's dc:source holds)."""
    pages = "-".join(x for x in (row["fpage"], row["lpage"]) if x)
    parts = [
        row["journal_title"],
        f"v. {row['volume']}" if row["volume"] else "",
        f"n. {row['issue_number']}" if row["issue_number"] else "",
        f"suppl. {row['supplement']}" if row["supplement"] else "",
        f"p. {pages}" if pages else (row["elocation_id"] or ""),
        str(row["year"]) if row["year"] else "",
    ]
    return ", ".join(p for p in parts if p)


__all__ = [
    "page_rows",
    "DublinCore",
    "Header",
    "OAIReader",
    "Record",
    "RepositoryInfo",
    "SetInfo",
    "Window",
]
