"""The collection store in, the citation graph the indicators count out: the serials registry kept
in step with the collection's journals, every journal reference assigned to a serial, and the two
selectables :mod:`.compute` groups (journal keys are ``serials.id``).

A reference is a *journal* reference (Bibliometria: journal title present, no book title) when it has
a ``source`` and its ``publication_type`` is ``journal``, or it has no type and no chapter title.
Assignment is incremental: references without a ``reference_serials`` row are matched (each distinct
normalised source once); ``reassign`` starts over after the registry changed (an import).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from ..store.indicators_schema import cited_sources, reference_serials, serial_titles, serials
from ..store.schema import affiliations, article_references, articles, journals
from .compute import CitationGraph
from .formulas import CITABLE_TYPES
from .serials import SerialMatcher, SerialRow, Variant, normal_issn, source_key

YEAR_RE = re.compile(r"(1[5-9]\d\d|20\d\d)")
BATCH = 5000


@dataclass(frozen=True, slots=True)
class JournalLabel:
    serial_id: int
    issn_l: str
    acronym: str | None
    title: str
    in_collection: bool


# ------------------------------------------------------------------ the registry


def sync_collection_serials(conn: Connection) -> int:
    """Make (or refresh) one serial per journal of the collection, with its title variants; returns
    how many journals the registry holds. A journal whose ISSN-L another journal of the collection
    holds already (a configuration mistake) gets a serial of its own, keyed by its acronym, so its
    articles still count (references naming that ISSN go to the first one)."""
    count = 0
    holders = {
        r.issn_l: r.journal_id for r in conn.execute(select(serials.c.issn_l, serials.c.journal_id))
    }
    for j in conn.execute(select(journals).order_by(journals.c.id)).mappings():
        issns = [i for i in (j["issn_l"], j["issn_electronic"], j["issn_print"]) if normal_issn(i)]
        issn_l = normal_issn(j["issn_l"]) or (normal_issn(issns[0]) if issns else None)
        if issn_l is None or holders.get(issn_l) not in (None, j["id"]):
            issn_l = f"acr:{j['acronym']}"  # no ISSN at all, or another journal's
        holders[issn_l] = j["id"]
        row = {
            "issn_l": issn_l,
            "title": j["title"],
            "acronym": j["acronym"],
            "issns": sorted({normal_issn(i) or i for i in issns}),
            "journal_id": j["id"],
            "origin": "collection",
        }
        serial_id = _upsert_serial(conn, row)
        forms = [(j["title"], "title"), (j["abbrev_title"], "abbrev")]
        forms += [(t, "former") for t in j["former_titles"] or ()]
        _add_titles(conn, serial_id, [(t, k) for t, k in forms if t])
        count += 1
    return count


def _upsert_serial(conn: Connection, row: dict) -> int:
    found = conn.execute(
        select(serials.c.id).where(
            or_(serials.c.issn_l == row["issn_l"], serials.c.journal_id == row["journal_id"])
            if row.get("journal_id") is not None
            else serials.c.issn_l == row["issn_l"]
        )
    ).first()
    if found:
        values = {k: v for k, v in row.items() if v is not None}
        conn.execute(update(serials).where(serials.c.id == found.id).values(**values))
        return int(found.id)
    return int(conn.execute(insert(serials).values(**row)).inserted_primary_key[0])


def _add_titles(conn: Connection, serial_id: int, forms: Iterable[tuple[str, str]]) -> int:
    existing = {
        (r.key, r.kind)
        for r in conn.execute(
            select(serial_titles.c.key, serial_titles.c.kind).where(
                serial_titles.c.serial_id == serial_id
            )
        )
    }
    rows = []
    for text, kind in forms:
        key = source_key(text)
        if key and (key, kind) not in existing:
            existing.add((key, kind))
            rows.append({"serial_id": serial_id, "text": text, "key": key, "kind": kind})
    if rows:
        conn.execute(insert(serial_titles), rows)
    return len(rows)


def import_serials(conn: Connection, rows: Iterable[SerialRow]) -> tuple[int, int]:
    """Add an editor's serials and title variants; returns (serials, new title variants). A row
    whose ISSN-L is any ISSN of a serial already held (a collection journal) adds to that one."""
    by_issn: dict[str, int] = {}
    for r in conn.execute(select(serials.c.id, serials.c.issn_l, serials.c.issns)):
        for issn in [r.issn_l, *(r.issns or [])]:
            by_issn.setdefault(issn, int(r.id))
    n_serials = n_titles = 0
    for row in rows:
        s = row.serial
        serial_id = next((by_issn[i] for i in (s.issn_l, *s.issns) if i in by_issn), None)
        if serial_id is None:
            serial_id = _upsert_serial(
                conn,
                {"issn_l": s.issn_l, "title": s.title, "acronym": None,
                 "issns": sorted({s.issn_l, *s.issns}), "journal_id": None, "origin": "import"},
            )  # fmt: skip
            by_issn[s.issn_l] = serial_id
        n_serials += 1
        n_titles += _add_titles(conn, serial_id, [(v.text, v.kind) for v in row.variants])
    return n_serials, n_titles


def matcher_from_store(conn: Connection, threshold: float | None = None) -> SerialMatcher:
    q = select(serials.c.issn_l, serial_titles.c.text, serial_titles.c.kind).join(
        serials, serials.c.id == serial_titles.c.serial_id
    )
    variants = [Variant(r.issn_l, r.text, r.kind) for r in conn.execute(q)]
    return SerialMatcher(variants) if threshold is None else SerialMatcher(variants, threshold)


# ------------------------------------------------------------------ assigning references


def journal_reference_filter():
    r = article_references
    return and_(
        r.c.source.is_not(None),
        or_(
            r.c.publication_type == "journal",
            and_(r.c.publication_type.is_(None), r.c.chapter_title.is_(None)),
        ),
    )


def cited_year(text: str | None) -> int | None:
    m = YEAR_RE.search(text or "")
    return int(m.group(1)) if m else None


def reassign(conn: Connection) -> None:
    """Forget every assignment (the registry changed); the next ``assign_references`` redoes all,
    and the build's next statistics run computes every journal (``changes.forget``)."""
    from .changes import forget

    conn.execute(delete(reference_serials))
    conn.execute(delete(cited_sources))
    forget(conn)


def assign_references(
    conn: Connection,
    threshold: float | None = None,
    articles: Sequence[int] | None = None,
    *,
    sync: bool = True,
) -> int:
    """Match every journal reference that has no assignment yet (only those of the articles
    ``articles`` when given), ``BATCH`` references at a time (by id, so memory holds one batch);
    returns how many were assigned. ``sync``: bring the registry in step with the collection's
    journals first (``sync_collection_serials``)."""
    if sync:
        sync_collection_serials(conn)
    r = article_references
    pending = (
        select(r.c.id, r.c.source, r.c.year)
        .outerjoin(reference_serials, reference_serials.c.reference_id == r.c.id)
        .where(reference_serials.c.reference_id.is_(None), journal_reference_filter())
        .order_by(r.c.id)
        .limit(BATCH)
    )
    assigner = _Assigner(conn, threshold)
    if articles is None:
        last = None
        while rows := conn.execute(pending if last is None else pending.where(r.c.id > last)).all():
            assigner.assign(rows)
            last = rows[-1][0]
    else:
        wanted = sorted(set(articles))
        for start in range(0, len(wanted), BATCH // 10):
            chunk = wanted[start : start + BATCH // 10]
            assigner.assign(
                conn.execute(pending.where(r.c.article_id.in_(chunk)).limit(None)).all()
            )
    if articles is None:
        assigner.count()
    return assigner.done


class _Assigner:
    """Assigns batches of (reference id, source, year) rows; the matcher is made at the first."""

    def __init__(self, conn: Connection, threshold: float | None) -> None:
        self.conn, self.threshold = conn, threshold
        self.matcher: SerialMatcher | None = None
        self.issn_to_id: dict[str, int] = {}
        self.source_ids: dict[str, int] = {}
        self.done = 0

    def assign(self, rows: Sequence) -> None:
        if not rows:
            return
        conn = self.conn
        if self.matcher is None:
            self.matcher = matcher_from_store(conn, self.threshold)
            self.issn_to_id = {
                x.issn_l: x.id for x in conn.execute(select(serials.c.issn_l, serials.c.id))
            }
            self.source_ids = {
                x.key: x.id for x in conn.execute(select(cited_sources.c.key, cited_sources.c.id))
            }
        source_ids, issn_to_id = self.source_ids, self.issn_to_id
        batch = []
        for ref_id, source, year in rows:
            a = self.matcher.match(source)
            if a.key not in source_ids:
                source_ids[a.key] = conn.execute(
                    insert(cited_sources).values(
                        key=a.key, example=source, serial_id=issn_to_id.get(a.issn_l or ""),
                        method=a.method, score=a.score, n_references=0,
                    )
                ).inserted_primary_key[0]  # fmt: skip
            batch.append(
                {
                    "reference_id": ref_id,
                    "cited_source_id": source_ids[a.key],
                    "serial_id": issn_to_id.get(a.issn_l or ""),
                    "method": a.method,
                    "cited_year": cited_year(year),
                }
            )
        conn.execute(insert(reference_serials), batch)
        self.done += len(rows)

    def count(self) -> None:
        """Each cited source's ``n_references``, after a full assignment (counting a popular
        source's references costs a scan of them: a rebuild's few assignments do not count)."""
        if not self.done:
            return
        counts = (
            select(func.count())
            .where(reference_serials.c.cited_source_id == cited_sources.c.id)
            .scalar_subquery()
        )
        self.conn.execute(update(cited_sources).values(n_references=counts))


def unmatched_sources(conn: Connection, limit: int = 50) -> list[tuple[int, str, str]]:
    """The most cited sources that match no serial: (references, key, one printed form), counted
    now (a source whose references were all rewritten away is not listed)."""
    rs, cs = reference_serials.c, cited_sources.c
    n = func.count().label("n")
    q = (
        select(n, cs.key, cs.example)
        .select_from(reference_serials)
        .join(cited_sources, cs.id == rs.cited_source_id)
        .where(rs.serial_id.is_(None), cs.serial_id.is_(None))
        .group_by(cs.id, cs.key, cs.example)
        .order_by(n.desc(), cs.key)
        .limit(limit)
    )
    return [(int(r.n), r.key, r.example) for r in conn.execute(q)]


def method_counts(conn: Connection) -> dict[str, int]:
    q = select(reference_serials.c.method, func.count()).group_by(reference_serials.c.method)
    return {m: int(n) for m, n in conn.execute(q)}


# ------------------------------------------------------------------ the graph selectables


def store_graph(citable_types: Iterable[str] = CITABLE_TYPES) -> CitationGraph:
    """``items`` and ``refs`` over the store (live articles of the collection's journals)."""
    a, s = articles, serials
    types = sorted(set(citable_types))
    items = (
        select(
            s.c.id.label("journal"),
            a.c.year.label("year"),
            a.c.issue_id.label("issue"),
            case((a.c.article_type.in_(types), 1), else_=0).label("citable"),
        )
        .join(s, s.c.journal_id == a.c.journal_id)
        .where(a.c.deleted.is_(False))
        .subquery("items")
    )
    citing = s.alias("citing")
    refs = (
        select(
            citing.c.id.label("citing_journal"),
            a.c.year.label("citing_year"),
            reference_serials.c.serial_id.label("cited_journal"),
            reference_serials.c.cited_year.label("cited_year"),
        )
        .select_from(reference_serials)
        .join(article_references, article_references.c.id == reference_serials.c.reference_id)
        .join(a, a.c.id == article_references.c.article_id)
        .join(citing, citing.c.journal_id == a.c.journal_id)
        .where(a.c.deleted.is_(False))
        .subquery("refs")
    )
    return CitationGraph(items, refs)


def store_countries(journal: int | None = None):
    """One row per live article and affiliation country code (for co-authorship pairs); of the
    articles of one ``journal`` (a serial id) when given."""
    a, s = articles, serials
    live = a.c.deleted.is_(False)
    if journal is not None:
        # an expression the ``deleted`` index does not hold: without statistics SQLite read every
        # live article through that index for each journal (0.23 s a journal at 100,000
        # articles); now it reaches the journal's articles through their journal's index (6 ms)
        live = func.coalesce(a.c.deleted, False).is_(False)
    query = (
        select(
            a.c.id.label("document"),
            s.c.id.label("journal"),
            a.c.year.label("year"),
            affiliations.c.country_code.label("country"),
        )
        .join(s, s.c.journal_id == a.c.journal_id)
        .join(affiliations, affiliations.c.article_id == a.c.id)
        .where(live, affiliations.c.country_code.is_not(None))
    )
    if journal is not None:
        query = query.where(s.c.id == journal)
    return query.subquery("countries")


def journal_labels(conn: Connection) -> dict[int, JournalLabel]:
    q = select(serials.c.id, serials.c.issn_l, serials.c.acronym, serials.c.title,
               serials.c.journal_id)  # fmt: skip
    return {
        int(r.id): JournalLabel(int(r.id), r.issn_l, r.acronym, r.title, r.journal_id is not None)
        for r in conn.execute(q)
    }


def find_journal(conn: Connection, wanted: str) -> int | None:
    """The serial id of a collection journal named by ISSN (any of its ISSNs) or acronym."""
    issn = normal_issn(wanted)
    for label in journal_labels(conn).values():
        if not label.in_collection:
            continue
        if (label.acronym or "").lower() == wanted.lower() or (issn and issn == label.issn_l):
            return label.serial_id
    if issn:
        for row in conn.execute(select(serials.c.id, serials.c.issns, serials.c.journal_id)):
            if row.journal_id is not None and issn in (row.issns or []):
                return int(row.id)
    return None
