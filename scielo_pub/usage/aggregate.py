"""Usage events in the store in, daily COUNTER counts out: the months an import touched are
recomputed whole (events streamed in user, item, time order through ``counter.apply_rules``), and
monthly figures are read back for reports, charts and downloads."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Connection, Engine, and_, delete, func, select, text

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


@lru_cache(maxsize=4096)
def day_of(day_number: int) -> str:
    return datetime.fromtimestamp(day_number * 86400, UTC).date().isoformat()


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
    """Replace the month's rows of ``usage_daily`` and ``usage_daily_format`` from its events."""
    start, end = month_bounds(month)
    first_day, last_day = day_of(start // 86400), day_of((end - 1) // 86400)
    for table in (u.usage_daily, u.usage_daily_format):
        conn.execute(delete(table).where(table.c.day.between(first_day, last_day)))
    e = u.usage_events.c
    q = (
        select(e.time, e.user_key, e.article_id, e.format, e.request, e.lang)
        .where(and_(e.robot.is_(False), e.time >= start, e.time < end + DOUBLE_CLICK_SECONDS + 1))
        .order_by(e.user_key, e.article_id, e.time)
    )
    daily: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    formats: dict[tuple[int, int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = conn.execute(q.execution_options(yield_per=10_000))
    events = (Event(t, user, item, fmt, bool(req), lang) for t, user, item, fmt, req, lang in rows)
    for ev, new_inv, new_req in apply_rules(events):
        if ev.time >= end:
            continue  # only looked at to decide the month's last double-clicks
        day = ev.time // 86400
        d = daily[(day, ev.item_id)]
        d[0] += 1
        d[1] += ev.request
        d[2] += new_inv
        d[3] += new_req
        f = formats[(day, ev.item_id, ev.format, ev.lang)]
        f[0] += 1
        f[1] += ev.request
    robots = (
        select(e.article_id, (e.time // 86400).label("day"), func.count())
        .where(and_(e.robot.is_(True), e.time >= start, e.time < end))
        .group_by(text("1"), text("2"))  # by position: PostgreSQL needs one expression
    )
    for item, day, hits in conn.execute(robots):
        daily[(int(day), item)][4] += hits
    if daily:
        _insert_rows(conn, u.usage_daily, (
            (day_of(day), item, None, *v) for (day, item), v in sorted(daily.items())
        ))  # fmt: skip
    if formats:
        _insert_rows(conn, u.usage_daily_format, (
            (day_of(day), item, fmt, lang, *v) for (day, item, fmt, lang), v in sorted(formats.items())
        ))  # fmt: skip


def _insert_rows(conn: Connection, table, rows) -> None:
    """Plain executemany of tuples in column order (after ``id``): the DB-API's fast path."""
    names = [c.name for c in table.columns if c.name != "id"]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    conn.exec_driver_sql(sql, list(rows))


def _period(table, begin: str, end: str):
    return table.c.day.between(f"{begin}-01", f"{end}-31")


def monthly_usage(conn: Connection, begin: str, end: str) -> list[Usage]:
    """The four metrics per article and month, ``begin``..``end`` (``YYYY-MM``)."""
    d = u.usage_daily.c
    month = func.substr(d.day, 1, 7)
    q = (
        select(
            d.article_id,
            month,
            func.sum(d.total_investigations),
            func.sum(d.total_requests),
            func.sum(d.unique_investigations),
            func.sum(d.unique_requests),
        )  # fmt: skip
        .where(_period(u.usage_daily, begin, end))
        .group_by(d.article_id, month)
    )
    return [
        Usage(item, m, Counts(int(ti), int(tr), int(ui), int(ur)))
        for item, m, ti, tr, ui, ur in conn.execute(q)
    ]


def monthly_searches(conn: Connection, begin: str, end: str) -> dict[str, int]:
    s = u.usage_searches.c
    month = func.substr(s.day, 1, 7)
    q = select(month, func.sum(s.searches)).where(_period(u.usage_searches, begin, end))
    return {m: int(n) for m, n in conn.execute(q.group_by(month))}


def robot_share(conn: Connection, begin: str, end: str) -> dict[tuple[int, str], tuple[int, int]]:
    """(article, month) -> (robot hits, counted investigations): what the robot list removed."""
    d = u.usage_daily.c
    month = func.substr(d.day, 1, 7)
    q = (
        select(d.article_id, month, func.sum(d.robot_hits), func.sum(d.total_investigations))
        .where(_period(u.usage_daily, begin, end))
        .group_by(d.article_id, month)
    )
    return {(item, m): (int(r), int(t)) for item, m, r, t in conn.execute(q)}


def pending_months(conn: Connection) -> list[str]:
    return sorted(conn.execute(select(u.usage_dirty.c.month)).scalars())


def store_report(engine: Engine, report_id: str, begin: str, end: str, created=None) -> dict:
    """A COUNTER report from the store (months awaiting recomputation are recomputed first)."""
    from .catalog import load_catalog, load_platform
    from .reports import build

    refresh(engine)
    with engine.connect() as conn:
        catalog = load_catalog(conn)
        platform = load_platform(conn)
        usage = monthly_usage(conn, begin, end)
        searches = monthly_searches(conn, begin, end)
    return build(report_id, catalog, usage, begin, end, platform, searches, created)
