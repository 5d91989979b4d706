"""The store's monthly usage tables in, what the analysts' pages show out: monthly series, top
articles, usage by format and language and robot share, for the collection, a journal, an issue or
an article (a ``Scope``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from ..store import schema as s
from ..store import usage_schema as u
from .reports import months


@dataclass(frozen=True, slots=True)
class Scope:
    """What the figures are about: everything, or one journal, issue or article."""

    journal: str | None = None
    issue_id: int | None = None
    article_id: int | None = None

    def where(self, table):
        """Filters on a usage table (joined to ``articles`` when needed)."""
        a = s.articles.c
        conds = []
        if self.article_id is not None:
            conds.append(table.c.article_id == self.article_id)
        if self.issue_id is not None:
            conds.append(a.issue_id == self.issue_id)
        if self.journal is not None:
            conds.append(a.journal_acronym == self.journal)
        return conds


@dataclass(frozen=True, slots=True)
class Month:
    month: str
    total_investigations: int
    total_requests: int
    unique_investigations: int
    unique_requests: int
    robot_hits: int


def _base(table, cols, scope: Scope, begin: str, end: str):
    q = select(*cols).select_from(table.join(s.articles, s.articles.c.id == table.c.article_id))
    return q.where(table.c.month.between(begin, end), *scope.where(table))


def monthly(conn: Connection, scope: Scope, begin: str, end: str) -> list[Month]:
    """One row per month of the period (zeros included), in order."""
    m = u.usage_monthly.c
    q = _base(u.usage_monthly, [m.month, func.sum(m.total_investigations), func.sum(m.total_requests),
              func.sum(m.unique_investigations), func.sum(m.unique_requests), func.sum(m.robot_hits)],
              scope, begin, end).group_by(m.month)  # fmt: skip
    found = {r[0]: r[1:] for r in conn.execute(q)}
    return [
        Month(mo, *(int(v or 0) for v in found.get(mo, (0, 0, 0, 0, 0))))
        for mo in months(begin, end)
    ]


def top_articles(
    conn: Connection, scope: Scope, begin: str, end: str, limit: int = 10
) -> list[dict]:
    m = u.usage_monthly.c
    a = s.articles.c
    req, inv = func.sum(m.total_requests), func.sum(m.total_investigations)
    q = (
        _base(
            u.usage_monthly,
            [a.id, a.title, a.journal_acronym, a.landing_path, req, inv],
            scope,
            begin,
            end,
        )  # fmt: skip
        .group_by(a.id, a.title, a.journal_acronym, a.landing_path)
        .order_by(req.desc(), inv.desc(), a.id)
        .limit(limit)
    )
    return [
        {
            "id": i,
            "title": t or "",
            "journal": j,
            "path": p,
            "requests": int(r),
            "investigations": int(v),
        }
        for i, t, j, p, r, v in conn.execute(q)
        if v
    ]


def by_format_language(conn: Connection, scope: Scope, begin: str, end: str) -> list[dict]:
    f = u.usage_monthly_format.c
    q = (
        _base(
            u.usage_monthly_format,
            [f.format, f.lang, func.sum(f.total_investigations), func.sum(f.total_requests)],
            scope,
            begin,
            end,
        )  # fmt: skip
        .group_by(f.format, f.lang)
        .order_by(func.sum(f.total_investigations).desc(), f.format, f.lang)
    )
    return [
        {"format": fmt, "lang": lang, "investigations": int(i), "requests": int(r)}
        for fmt, lang, i, r in conn.execute(q)
    ]


def by_country(conn: Connection, scope: Scope, begin: str, end: str) -> list[dict]:
    """Investigations and requests per country (ISO code; None when unknown), most used first."""
    m = u.usage_monthly.c
    inv = func.sum(m.total_investigations)
    q = (
        _base(u.usage_monthly, [m.country, inv, func.sum(m.total_requests)], scope, begin, end)
        .group_by(m.country)
        .order_by(inv.desc(), m.country)
    )
    return [
        {"country": c, "investigations": int(i), "requests": int(r)}
        for c, i, r in conn.execute(q)
        if i
    ]


def period(conn: Connection) -> tuple[str, str] | None:
    """The last twelve months that have usage (fewer when the data is younger)."""
    m = u.usage_monthly.c
    first, last = conn.execute(select(func.min(m.month), func.max(m.month))).one()
    if not last:
        return None
    n = int(last[:4]) * 12 + int(last[5:]) - 1 - 11
    return max(f"{n // 12:04d}-{n % 12 + 1:02d}", first), last
