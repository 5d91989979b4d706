"""A store connection and keys (acronym, issue folder, PID, DOI) in, JSON-ready dicts out: the store's readers.

The JSON API, the search page, feeds and tests read the store through these functions, never through
table layouts of their own. Stamps are ISO 8601 UTC strings (``2025-03-17T12:00:00Z``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, or_, select

from . import schema as s


def iso(value: datetime | None) -> str | None:
    """A stored stamp as ``YYYY-MM-DDThh:mm:ssZ``."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def collection(conn: Connection) -> dict | None:
    """The collection the store holds (name per language, base URL, default language)."""
    row = conn.execute(select(s.collections)).first()
    if row is None:
        return None
    return {"acronym": row.acronym, "name": row.name, "publisher": row.publisher,
            "base_url": row.base_url, "default_language": row.default_language,
            "created": iso(row.created), "updated": iso(row.updated)}  # fmt: skip


def _journal(row: Row, counts: dict[int, tuple[int, int]]) -> dict:
    n_issues, n_articles = counts.get(row.id, (0, 0))
    return {
        "acronym": row.acronym, "title": row.title, "abbrev_title": row.abbrev_title,
        "issn_print": row.issn_print, "issn_electronic": row.issn_electronic,
        "issn_l": row.issn_l, "publisher": row.publisher, "publisher_city": row.publisher_city,
        "publisher_country": row.publisher_country, "subject_areas": row.subject_areas,
        "languages": row.languages, "license": row.license, "about": row.about,
        "landing_path": row.landing_path, "issues": n_issues, "articles": n_articles,
        "created": iso(row.created), "updated": iso(row.updated),
    }  # fmt: skip


def _journal_counts(conn: Connection) -> dict[int, tuple[int, int]]:
    issues = dict(
        conn.execute(
            select(s.issues.c.journal_id, func.count()).group_by(s.issues.c.journal_id)
        ).all()
    )
    a = s.articles
    live = (
        select(a.c.journal_id, func.count()).where(a.c.deleted.is_(False)).group_by(a.c.journal_id)
    )
    articles = dict(conn.execute(live).all())
    return {k: (issues.get(k, 0), articles.get(k, 0)) for k in set(issues) | set(articles)}


def journals(conn: Connection) -> list[dict]:
    """Every journal, by acronym, with its numbers of issues and (live) articles."""
    counts = _journal_counts(conn)
    rows = conn.execute(select(s.journals).order_by(s.journals.c.acronym))
    return [_journal(r, counts) for r in rows]


def journal_titles(conn: Connection) -> dict[str, str]:
    """Acronym -> title of every journal (cheap: no counts)."""
    t = s.journals
    return dict(conn.execute(select(t.c.acronym, t.c.title).order_by(t.c.acronym)).all())


def journal(conn: Connection, acronym: str) -> dict | None:
    row = conn.execute(select(s.journals).where(s.journals.c.acronym == acronym)).first()
    return _journal(row, _journal_counts(conn)) if row else None


def _issue(row: Row, acronym: str, n_articles: int) -> dict:
    return {
        "journal": acronym, "folder": row.folder, "label": row.label, "year": row.year,
        "volume": row.volume, "number": row.number, "supplement": row.supplement,
        "month": row.month, "order": row.sort_order, "sections": row.sections,
        "landing_path": row.landing_path, "articles": n_articles,
        "created": iso(row.created), "updated": iso(row.updated),
    }  # fmt: skip


def issues(conn: Connection, acronym: str) -> list[dict] | None:
    """The journal's issues, newest first; None when there is no such journal."""
    j = conn.execute(select(s.journals.c.id).where(s.journals.c.acronym == acronym)).first()
    if j is None:
        return None
    a = s.articles
    counts = dict(conn.execute(
        select(a.c.issue_id, func.count()).where(a.c.journal_id == j.id, a.c.deleted.is_(False))
        .group_by(a.c.issue_id)).all())  # fmt: skip
    t = s.issues
    rows = conn.execute(
        select(t).where(t.c.journal_id == j.id)
        .order_by(t.c.year.desc(), t.c.sort_order.desc(), t.c.folder.desc())
    )  # fmt: skip
    return [_issue(r, acronym, counts.get(r.id, 0)) for r in rows]


def issue(conn: Connection, acronym: str, folder: str) -> tuple[int, dict] | None:
    """(issue id, issue) for a journal acronym and issue folder (or label)."""
    t, j = s.issues, s.journals
    row = conn.execute(
        select(t).join(j, j.c.id == t.c.journal_id)
        .where(j.c.acronym == acronym, or_(t.c.folder == folder, t.c.label == folder))
        .order_by(t.c.folder != folder)
    ).first()  # fmt: skip
    if row is None:
        return None
    a = s.articles
    n = conn.execute(
        select(func.count()).where(a.c.issue_id == row.id, a.c.deleted.is_(False))
    ).scalar_one()
    return row.id, _issue(row, acronym, n)


def find_article(conn: Connection, key: str) -> Row | None:
    """The ``articles`` row named by its ident, PID v2, PID v3 or DOI (any case)."""
    a = s.articles
    for where in (a.c.ident == key, a.c.pid == key, a.c.pid_v3 == key, a.c.doi == key.lower()):
        row = conn.execute(select(a).where(where).order_by(a.c.deleted, a.c.id)).first()
        if row is not None:
            return row
    return None


def article_summary(row: Any) -> dict:
    """The short form of an article: identifiers, title, where it was published, stamps."""
    return {
        "ident": row.ident, "pid": row.pid, "pid_v3": row.pid_v3, "doi": row.doi,
        "title": row.title, "journal": row.journal_acronym, "issue": row.issue_label,
        "year": row.year, "article_type": row.article_type, "language": row.language,
        "languages": row.languages, "pub_date": row.pub_date, "landing_path": row.landing_path,
        "created": iso(row.created), "updated": iso(row.updated), "deleted": bool(row.deleted),
    }  # fmt: skip


def article(row: Row) -> dict:
    """The full article: its summary plus the ``inspect --json`` model (docs/INSPECT_JSON.md)."""
    return {**article_summary(row), "model": row.model_json}


_SUMMARY_COLUMNS = [
    s.articles.c[name]
    for name in ("id", "ident", "pid", "pid_v3", "doi", "title", "journal_acronym", "issue_label",
                 "year", "article_type", "language", "languages", "pub_date", "landing_path",
                 "created", "updated", "deleted")
]  # fmt: skip


def articles(
    conn: Connection, *, journal_acronym: str | None = None, issue_id: int | None = None,
    limit: int = 100, offset: int = 0,
) -> tuple[int, list[dict]]:  # fmt: skip
    """(total, page) of live articles, newest publication first, filtered by journal or issue."""
    a = s.articles
    where = [a.c.deleted.is_(False)]
    if journal_acronym is not None:
        where.append(a.c.journal_acronym == journal_acronym)
    if issue_id is not None:
        where.append(a.c.issue_id == issue_id)
    total = conn.execute(select(func.count()).select_from(a).where(*where)).scalar_one()
    rows = conn.execute(
        select(*_SUMMARY_COLUMNS).where(*where)
        .order_by(a.c.pub_date_sort.desc(), a.c.id).limit(limit).offset(offset)
    )  # fmt: skip
    return total, [article_summary(r) for r in rows]


def references(conn: Connection, article_id: int) -> list[dict]:
    """The article's references in order, each with the database records it was matched to."""
    r, m, a = s.article_references, s.reference_matches, s.articles
    refs = conn.execute(select(r).where(r.c.article_id == article_id).order_by(r.c.position)).all()
    found: dict[int, list[dict]] = {}
    rows = conn.execute(
        select(m, a.c.ident, a.c.landing_path)
        .outerjoin(a, a.c.id == m.c.target_article_id)
        .where(m.c.reference_id.in_([x.id for x in refs])).order_by(m.c.id)
    )  # fmt: skip
    for row in rows:
        found.setdefault(row.reference_id, []).append({
            "db": row.db, "ext_id": row.ext_id, "doi": row.doi, "pmid": row.pmid,
            "title": row.title, "source": row.source, "year": row.year, "url": row.url,
            "article": row.ident, "landing_path": row.landing_path,
        })  # fmt: skip
    skip = {"id", "article_id"}
    return [
        {**{k: v for k, v in x._mapping.items() if k not in skip}, "matches": found.get(x.id, [])}
        for x in refs
    ]


def cited_by(conn: Connection, article_id: int) -> list[dict]:
    """The collection's articles that cite this one, through which of their references."""
    c, a = s.citations, s.articles
    rows = conn.execute(
        select(c.c.ref_id, c.c.score, *_SUMMARY_COLUMNS)
        .join(a, a.c.id == c.c.citing_article_id)
        .where(c.c.cited_article_id == article_id, a.c.deleted.is_(False))
        .order_by(a.c.pub_date_sort.desc(), a.c.id, c.c.ref_id)
    )  # fmt: skip
    return [{**article_summary(r), "ref_id": r.ref_id, "score": r.score} for r in rows]
