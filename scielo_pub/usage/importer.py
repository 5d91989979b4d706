"""Log files in, usage events in the store out: each file scanned (in parallel with ``jobs``), then
written in one transaction with its fingerprint, so it is counted once or not at all.

A file is scanned into a spool (pickled batches of event tuples in a private temporary file, so
memory stays flat whatever its size), then loaded: ``usage_files`` row (SHA-256 of the decompressed content, unique),
its events, its searches and the months it touched (``usage_dirty``) commit together. A file whose
fingerprint is already there is reported as a duplicate and counts nothing. After the files, the
touched months are recomputed (``aggregate.refresh``).
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from ..store import connect
from ..store import usage_schema as u
from .aggregate import insert_rows, month_of, refresh
from .catalog import load_catalog
from .counter import REASONS, ROBOTS_VERSION, scan
from .geo import open_geoip
from .items import Catalog
from .logs import LogFile
from .reports import months

BATCH = 20_000
_EVENT_COLUMNS = (
    "file_id", "time", "user_key", "article_id", "format", "request", "lang", "robot", "country",
)  # fmt: skip


@dataclass(slots=True)
class FileResult:
    """What happened to one log file."""

    path: str
    status: str  # imported | duplicate | unreadable
    digest: str = ""
    tally: Counter = field(default_factory=Counter)
    message: str = ""


@dataclass(slots=True)
class ImportReport:
    """Every file's result and the months recomputed."""

    files: list[FileResult] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    robots_version: str = ROBOTS_VERSION

    def totals(self) -> Counter:
        total: Counter = Counter()
        for f in self.files:
            if f.status == "imported":
                total.update(f.tally)
        return total

    def to_json(self) -> dict:
        t = self.totals()
        return {
            "robots_list": self.robots_version,
            "lines_read": t["read"],
            "kept": t["kept"],
            "robot_hits_on_items": t["robot_items"],
            "searches": t["search"],
            "ignored": {r: t[r] for r in REASONS},
            "files": [
                {
                    "path": f.path,
                    "status": f.status,
                    "sha256": f.digest,
                    "lines_read": f.tally["read"],
                    "kept": f.tally["kept"],
                    "message": f.message,
                }
                for f in self.files
            ],  # fmt: skip
            "months_recomputed": self.months,
        }


@dataclass(slots=True)
class _Spool:
    path: str
    source: str
    digest: str
    tally: Counter
    searches: dict[int, int]
    first: int | None
    last: int | None


_WORKER_CATALOG: dict[str, Catalog] = {}


def _worker(path: str, store_url: str, spool_dir: str, geoip: str | None) -> _Spool | FileResult:
    """In a worker process: the store's catalog (read once per process), then ``_scan_to_spool``."""
    if store_url not in _WORKER_CATALOG:
        engine = connect(store_url, create=False)
        try:
            with engine.connect() as conn:
                _WORKER_CATALOG[store_url] = load_catalog(conn)
        finally:
            engine.dispose()
    return _scan_to_spool(path, _WORKER_CATALOG[store_url], spool_dir, geoip)


def _scan_to_spool(
    path: str, catalog: Catalog, spool_dir: str, geoip: str | None = None
) -> _Spool | FileResult:
    """Read one log, apply the line rules, write its events to a spool file."""
    log = LogFile(path)
    country_of = open_geoip(geoip) if geoip else None
    tally: Counter = Counter()
    searches: Counter = Counter()
    first = last = None
    fd, spool = tempfile.mkstemp(prefix="usage-", suffix=".spool", dir=spool_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            batch: list[tuple] = []
            for e in scan(log, catalog, tally, searches, country_of):
                batch.append(
                    (e.time, e.user, e.item_id, e.format, e.request, e.lang, e.robot, e.country)
                )
                first = e.time if first is None or e.time < first else first
                last = e.time if last is None or e.time > last else last
                if len(batch) >= BATCH:
                    pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                    batch = []
            if batch:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, EOFError, zlib.error) as exc:  # missing, unreadable, truncated gzip
        os.unlink(spool)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return FileResult(path, "unreadable", message=f"{path}: {reason}")
    return _Spool(spool, path, log.digest, tally, dict(searches), first, last)


def _batches(spool: str) -> Iterable[list[tuple]]:
    with open(spool, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)  # our own spool, in a private temporary folder
            except EOFError:
                return


def _load(engine: Engine, s: _Spool) -> FileResult:
    """One file's row, events, searches and dirty months in one transaction."""
    result = FileResult(s.source, "imported", s.digest, s.tally)
    try:
        with engine.begin() as conn:
            seen = conn.execute(
                select(u.usage_files.c.id).where(u.usage_files.c.sha256 == s.digest)
            )
            if seen.first() is not None:
                return FileResult(s.source, "duplicate", s.digest, s.tally, "already imported")
            ignored = {r: s.tally[r] for r in REASONS if s.tally[r]}
            file_id = conn.execute(
                insert(u.usage_files).values(
                    sha256=s.digest,
                    name=Path(s.source).name[:1024],
                    imported=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
                    lines_read=s.tally["read"],
                    kept=s.tally["kept"],
                    robot_items=s.tally["robot_items"],
                    ignored=ignored,
                    robots_version=ROBOTS_VERSION,
                    first_time=s.first,
                    last_time=s.last,
                )  # fmt: skip
            ).inserted_primary_key[0]
            for batch in _batches(s.path):
                rows = [(file_id, *row) for row in batch]
                insert_rows(conn, u.usage_events, rows, _EVENT_COLUMNS)
            by_month: Counter = Counter()
            for day, n in s.searches.items():
                by_month[month_of(day * 86400)] += n
            if by_month:
                conn.execute(insert(u.usage_searches), [
                    {"file_id": file_id, "month": m, "searches": n} for m, n in sorted(by_month.items())
                ])  # fmt: skip
            _mark_dirty(conn, s)
    except IntegrityError:  # the same content committed meanwhile by another import
        return FileResult(s.source, "duplicate", s.digest, s.tally, "already imported")
    return result


def _mark_dirty(conn: Connection, s: _Spool) -> None:
    times = [t for t in (s.first, s.last) if t is not None]
    times += [day * 86400 for day in s.searches]
    if not times:
        return
    # A click in a month's first 30 s can cancel one at the end of the month before.
    lo, hi = month_of(min(times) - 31), month_of(max(times))
    have = set(conn.execute(select(u.usage_dirty.c.month)).scalars())
    todo = [m for m in months(lo, hi) if m not in have]
    if todo:
        conn.execute(insert(u.usage_dirty), [{"month": m} for m in todo])


def import_logs(
    engine: Engine,
    paths: Iterable[str | Path],
    jobs: int = 1,
    spool_dir: str | None = None,
    geoip: str | Path | None = None,
) -> ImportReport:
    """Import every log in ``paths`` (see the module docstring); then recompute touched months.
    ``geoip`` names a MaxMind database giving each event its country (else countries are unknown)."""
    report = ImportReport()
    geo = str(geoip) if geoip else None
    if geo:
        open_geoip(geo)  # a bad database stops the import before any file is read
    names = [str(p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="scielo-usage-", dir=spool_dir) as tmp:
        if jobs > 1 and len(names) > 1:
            url = engine.url.render_as_string(hide_password=False)
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(_worker, n, url, tmp, geo) for n in names]
                report.files.extend(_load_each(engine, (f.result() for f in futures)))
        else:
            with engine.connect() as conn:
                catalog = load_catalog(conn)
            scanned = (_scan_to_spool(n, catalog, tmp, geo) for n in names)
            report.files.extend(_load_each(engine, scanned))
    report.months = refresh(engine)
    return report


def _load_each(engine: Engine, scanned: Iterable[_Spool | FileResult]) -> Iterable[FileResult]:
    for item in scanned:
        if isinstance(item, FileResult):
            yield item
            continue
        try:
            yield _load(engine, item)
        finally:
            os.unlink(item.path)
