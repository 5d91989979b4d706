"""Usage events in the store in, monthly COUNTER counts out: the months an import touched are
recomputed whole (events streamed in user, item, time order through ``counter.apply_rules``), and
monthly figures are read back for reports, charts and downloads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, and_, delete, func, select

from ..store import usage_schema as u
from .counter import DOUBLE_CLICK_SECONDS, Counts, Event, apply_rules
from .reports import Usage


def month_of(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m")


def month_bounds(month: str) -> tuple[int, int]:
    """``2024-02`` -> (first second of the month, first second of the next), UTC epoch."""
    y, m = int(month[:4]), int(month[5:])
    start = datetime(y, m, 1, tzinfo=UTC)
    end = datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=UTC)
    return int(start.timestamp()), int(end.timestamp())


def refresh(engine: Engine) -> list[str]:
    """Recompute every month listed in ``usage_dirty``, one transaction per month; the months done."""
    with engine.connect() as conn:
        todo = sorted(conn.execute(select(u.usage_dirty.c.month)).scalars())
    for month in todo:
        with engine.begin() as conn:
            recompute_month(conn, month)
            conn.execute(delete(u.usage_dirty).where(u.usage_dirty.c.month == month))
    return todo


def recompute_month(conn: Connection, month: str) -> None:
    """Replace the month's rows of ``usage_monthly`` and ``usage_monthly_format`` from its events."""
    start, end = month_bounds(month)
    for table in (u.usage_monthly, u.usage_monthly_format):
        conn.execute(delete(table).where(table.c.month == month))
    e = u.usage_events.c
    q = (
        select(e.time, e.user_key, e.article_id, e.format, e.request, e.lang, e.country)
        .where(and_(e.robot.is_(False), e.time >= start, e.time < end + DOUBLE_CLICK_SECONDS + 1))
        .order_by(e.user_key, e.article_id, e.time, e.format, e.request, e.lang)  # counter.sort_key
    )
    items: dict[tuple[int, str | None], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    formats: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = conn.execute(q.execution_options(yield_per=10_000))
    events = (
        Event(t, user, item, fmt, bool(req), lang, False, country)
        for t, user, item, fmt, req, lang, country in rows
    )
    for ev, new_inv, new_req in apply_rules(events):
        if ev.time >= end:
            continue  # only looked at to decide the month's last double-clicks
        d = items[(ev.item_id, ev.country)]
        d[0] += 1
        d[1] += ev.request
        d[2] += new_inv
        d[3] += new_req
        f = formats[(ev.item_id, ev.format, ev.lang)]
        f[0] += 1
        f[1] += ev.request
    robots = (
        select(e.article_id, e.country, func.count())
        .where(and_(e.robot.is_(True), e.time >= start, e.time < end))
        .group_by(e.article_id, e.country)
    )
    for item, country, hits in conn.execute(robots):
        items[(item, country)][4] += hits
    if items:
        insert_rows(conn, u.usage_monthly, (
            (month, item, country, *v) for (item, country), v in items.items()
        ))  # fmt: skip
    if formats:
        insert_rows(conn, u.usage_monthly_format, (
            (month, item, fmt, lang, *v) for (item, fmt, lang), v in formats.items()
        ))  # fmt: skip


def insert_rows(conn: Connection, table, rows, names: Sequence[str] | None = None) -> None:
    """Plain executemany of tuples (in ``names`` order, default the columns after ``id``): the
    DB-API's fast path, for the many small rows of usage tables."""
    names = names or [c.name for c in table.columns if c.name != "id"]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    conn.exec_driver_sql(sql, list(rows))


def _period(table, begin: str, end: str):
    return table.c.month.between(begin, end)


def monthly_usage(conn: Connection, begin: str, end: str) -> list[Usage]:
    """The four metrics per article and month, ``begin``..``end`` (``YYYY-MM``)."""
    d = u.usage_monthly.c
    q = (
        select(
            d.article_id,
            d.month,
            func.sum(d.total_investigations),
            func.sum(d.total_requests),
            func.sum(d.unique_investigations),
            func.sum(d.unique_requests),
        )  # fmt: skip
        .where(_period(u.usage_monthly, begin, end))
        .group_by(d.article_id, d.month)
    )
    return [
        Usage(item, m, Counts(int(ti), int(tr), int(ui), int(ur)))
        for item, m, ti, tr, ui, ur in conn.execute(q)
    ]


def monthly_searches(conn: Connection, begin: str, end: str) -> dict[str, int]:
    s = u.usage_searches.c
    q = select(s.month, func.sum(s.searches)).where(_period(u.usage_searches, begin, end))
    return {m: int(n) for m, n in conn.execute(q.group_by(s.month))}


def robot_share(conn: Connection, begin: str, end: str) -> dict[tuple[int, str], tuple[int, int]]:
    """(article, month) -> (robot hits, counted investigations): what the robot list removed."""
    d = u.usage_monthly.c
    q = (
        select(d.article_id, d.month, func.sum(d.robot_hits), func.sum(d.total_investigations))
        .where(_period(u.usage_monthly, begin, end))
        .group_by(d.article_id, d.month)
    )
    return {(item, m): (int(r), int(t)) for item, m, r, t in conn.execute(q)}


def robots_report(engine: Engine, begin: str, end: str) -> dict:
    """What COUNTER's robot list removed, per month and per article: robot hits on articles against
    the investigations counted (the share is hits / (hits + investigations)); not a COUNTER report."""
    from .catalog import load_catalog
    from .counter import ROBOTS_VERSION

    refresh(engine)
    with engine.connect() as conn:
        catalog = load_catalog(conn)
        share = robot_share(conn, begin, end)
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = []
    for (item, month), (hits, counted) in sorted(
        share.items(), key=lambda kv: (kv[0][1], kv[0][0])
    ):
        by_month[month][0] += hits
        by_month[month][1] += counted
        meta = catalog.items.get(item)
        rows.append({"month": month, "article_id": item, "pid": meta.pid_v2 if meta else "",
                     "title": meta.title if meta else "", "robot_hits": hits,
                     "investigations": counted, "robot_share": _share(hits, counted)})  # fmt: skip
    return {
        "robot_list": ROBOTS_VERSION,
        "begin": begin,
        "end": end,
        "months": [
            {"month": m, "robot_hits": h, "investigations": c, "robot_share": _share(h, c)}
            for m, (h, c) in sorted(by_month.items())
        ],  # fmt: skip
        "articles": rows,
    }


def _share(hits: int, counted: int) -> float:
    return round(hits / (hits + counted), 4) if hits + counted else 0.0


def pending_months(conn: Connection) -> list[str]:
    return sorted(conn.execute(select(u.usage_dirty.c.month)).scalars())


def store_report(engine: Engine, report_id: str, begin: str, end: str, created=None) -> dict:
    """A COUNTER report from the store (months awaiting recomputation are recomputed first)."""
    refresh(engine)
    with engine.connect() as conn:
        return report_from(conn, report_id, begin, end, created)


def report_from(
    conn: Connection, report_id: str, begin: str, end: str, created=None, filters=None
) -> dict:
    """A COUNTER report from the store as it is (read only); months still awaiting recomputation
    are named in Exception 3031 (Usage Not Ready for Requested Dates)."""
    from .catalog import load_catalog, load_platform
    from .reports import build, exception

    catalog = load_catalog(conn)
    platform = load_platform(conn)
    usage = monthly_usage(conn, begin, end)
    searches = monthly_searches(conn, begin, end)
    report = build(report_id, catalog, usage, begin, end, platform, searches, created, filters)
    waiting = [m for m in pending_months(conn) if begin <= m <= end]
    if waiting:
        header = report["Report_Header"]
        header["Exceptions"] = [exception(3031, ", ".join(waiting)), *header.get("Exceptions", [])]
    return report


def months_available(conn: Connection) -> tuple[str, str] | None:
    """The first and last month with counted usage."""
    d = u.usage_monthly.c
    first, last = conn.execute(select(func.min(d.month), func.max(d.month))).one()
    return (first, last) if first else None
