"""The collection store in, the usage ``Catalog`` (articles and their URL keys) and the report
``Platform`` (who publishes the reports) out."""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..store import schema as s
from .items import Catalog, ItemMeta, JournalMeta
from .reports import Platform


def load_catalog(conn: Connection) -> Catalog:
    """Every article in the store (deleted ones too: old logs still name them)."""
    journals = {
        r.id: JournalMeta(
            r.id, r.acronym, r.title, r.publisher or "", r.issn_print or "", r.issn_electronic or ""
        )
        for r in conn.execute(select(s.journals))
    }
    folders = {i: f for i, f in conn.execute(select(s.issues.c.id, s.issues.c.folder))}
    authors: dict[int, list[str]] = {}
    q = (
        select(s.contributors.c.article_id, s.contributors.c.display_name)
        .where(s.contributors.c.role == "author")
        .order_by(s.contributors.c.article_id, s.contributors.c.position)
    )
    for article_id, name in conn.execute(q):
        authors.setdefault(article_id, []).append(name)
    a = s.articles.c
    rows = conn.execute(
        select(
            a.id,
            a.journal_id,
            a.issue_id,
            a.title,
            a.language,
            a.pid,
            a.pid_v3,
            a.doi,
            a.year,
            a.pub_date,
            a.landing_path,
        )  # fmt: skip
    )
    items = []
    for r in rows:
        parts = (r.landing_path or "").strip("/").split("/")
        stem = parts[-2] if len(parts) >= 2 else ""
        items.append(
            ItemMeta(
                id=r.id,
                journal=journals[r.journal_id],
                title=r.title or stem,
                issue_folder=folders.get(r.issue_id, ""),
                stem=stem,
                lang=r.language or "",
                pid_v2=r.pid or "",
                pid_v3=r.pid_v3 or "",
                doi=r.doi or "",
                yop=r.year,
                publication_date=r.pub_date or "",
                authors=tuple(authors.get(r.id, ())[:3]),
            )  # fmt: skip
        )
    return Catalog(items)


def load_platform(conn: Connection) -> Platform:
    """The collection row as the reports' platform (a store without one gives a neutral name)."""
    row = conn.execute(select(s.collections)).first()
    if row is None:
        return Platform("SciELO collection", "scielo", "", "http://127.0.0.1/")
    names = row.name or {}
    name = names.get(row.default_language) or next(iter(names.values()), row.acronym)
    return Platform(name, row.acronym, row.publisher or name, row.base_url)
