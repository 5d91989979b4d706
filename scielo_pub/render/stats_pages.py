"""The collection store in, the citation-statistics pages as static files of the site out.

The pages and downloads are :func:`scielo_pub.indicators.pages.static_files`' pages, drawn by the
renderer the served app answers the same URLs with, so a journal page's link to its statistics
works on a plain web server too.

A run does only the work its inputs ask for (``indicators.changes``): it reads the articles the
store updated since the last run (on the ``updated`` index), assigns their journal references to
serials, and compares each one's parts (what it gives each journal's counts) with those recorded
then. Nothing changed for the statistics (no article, or a retitle: titles of articles are not
shown): no indicator is computed and nothing is written. Some journals' counts changed: only
those journals are computed, their pages drawn again, and the collection's pages drawn from their
new indicators and the others' recorded ones (``stats_results``) when any indicator moved. The
statistics are computed in full (every reference assigned, every journal computed) on the first
run, when the code, the collection's row or its journals changed, after ``serials import``, or
when the site's manifest (``OUT/.scielo-pub/stats-manifest.json``) does not carry the token of the
store's state (the token moves on with every run that writes pages, as a digest of the one before:
another site folder's run over the same store, or an older copy of this one, is seen). A page whose key (a digest of what it shows) is the one written last time, and
whose file is still there, is not drawn again; a full run removes files of ``stats/citations/`` no
longer produced (a journal taken out of the collection).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select

from ..indicators import changes, pages
from ..indicators import compute as ind_compute
from ..indicators import graph as ind_graph
from ..store import metadata, read
from ..store.engine import create_all
from ..store.indicators_schema import INDICATOR_TABLES
from ..store.stats_schema import STATS_TABLES, stats_results
from .files import write_atomic

MANIFEST = ".scielo-pub/stats-manifest.json"

File = tuple[str, str, Callable[[], str]]


@dataclass(frozen=True)
class StatsReport:
    written: tuple[Path, ...]
    unchanged: int
    removed: int
    #: ``full``, ``incremental`` (some journals computed) or ``unchanged`` (none).
    mode: str = "full"
    #: The serial ids of the journals whose indicators were computed.
    computed: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Plan:
    full: bool
    dirty: frozenset[int] = frozenset()


def write_stats_pages(engine: Engine, out: Path, *, incremental: bool = True) -> StatsReport:
    """Bring the citation-statistics pages and downloads under ``out`` up to date with the store
    (``incremental=False``: compute them in full whatever changed)."""
    manifest = _load(out)
    with engine.begin() as conn:
        create_all(conn, metadata, tables=[*INDICATOR_TABLES, *STATS_TABLES])
        plan, state = _plan(conn, manifest, incremental)
        if not plan.full and not plan.dirty:
            state.save(conn)
            return StatsReport((), 0, 0, "unchanged")
        labels = ind_graph.journal_labels(conn)
        info = read.collection(conn) or {}
        if plan.full:
            files, computed = _everything(conn, info, labels)
        else:
            files, computed = _some(conn, info, labels, plan.dirty)
        report = _write(out, files, manifest.get("pages", {}), plan.full, state.token)
        state.save(conn)
    mode = "full" if plan.full else "incremental"
    return StatsReport(report.written, report.unchanged, report.removed, mode, computed)


def _plan(conn: Connection, manifest: dict, incremental: bool) -> tuple[_Plan, changes.State]:
    """Full or which journals, with the state to save after; references assigned as needed."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    old = changes.State.load(conn)
    top = changes.mark(conn)
    shown = pages.shown(read.collection(conn) or {})
    basis = changes.digest((pages.fingerprint(), changes.journals_digest(conn), shown))
    resumable = (
        incremental
        and old.token
        and old.token == manifest.get("token")
        and old.basis == basis
        and old.mark
        and old.ran <= now.isoformat(sep=" ")  # the clock did not go back
    )
    through = bool(top) and now.isoformat(sep=" ") > top
    if not resumable:  # the token chains from the last one: a run of another folder moves it on
        token = changes.digest(("full", old.token, basis))
        state = changes.State(token, top, through, basis, now.isoformat(sep=" "))
        ind_graph.assign_references(conn)
        _record_all_parts(conn)
        return _Plan(True), state
    state = changes.State(old.token, top or old.mark, through, basis, now.isoformat(sep=" "))
    ids = changes.changed_since(conn, old)
    if not ids:
        return _Plan(False), state
    ind_graph.assign_references(conn, articles=ids, sync=False)
    new = changes.parts_of(conn, ids)
    dirty = changes.dirty_journals(changes.recorded(conn, ids), new)
    changes.record(conn, new)
    if dirty:  # the manifest is written: its token moves on (a copy of the older one is stale)
        token = changes.digest(("update", old.token, sorted(dirty)))
        state = changes.State(token, state.mark, through, basis, state.ran)
    return _Plan(False, frozenset(dirty)), state


def _record_all_parts(conn: Connection) -> None:
    conn.execute(delete(changes.stats_inputs))
    for parts in changes.all_parts(conn):
        changes.record(conn, parts)


def _everything(conn: Connection, info: dict, labels: dict) -> tuple[list[File], tuple[int, ...]]:
    """Every journal computed; every page and download (and every journal's indicators kept)."""
    results = list(ind_compute.compute(conn, ind_graph.store_graph()))
    conn.execute(delete(stats_results))
    _save_results(conn, results)
    files = list(pages.collection_files(info, labels, results))
    by_journal = {r.journal: r for r in results}
    for label in pages.own_journals(labels):
        files += pages.journal_files(conn, info, labels, label, by_journal.get(label.serial_id))
    return files, tuple(sorted(by_journal))


def _some(
    conn: Connection, info: dict, labels: dict, dirty: frozenset[int]
) -> tuple[list[File], tuple[int, ...]]:
    """The ``dirty`` journals computed and their pages; the collection's pages when any of their
    indicators moved, from the others' recorded indicators."""
    wanted = sorted(j for j in dirty if j in labels and labels[j].in_collection)
    if not wanted:
        return [], ()
    fresh = {r.journal: r for r in ind_compute.compute(conn, ind_graph.store_graph(), wanted)}
    recorded = _load_results(conn)
    files: list[File] = []
    if any(fresh.get(j) != recorded.get(j) for j in wanted):
        conn.execute(delete(stats_results).where(stats_results.c.serial_id.in_(wanted)))
        _save_results(conn, fresh.values())
        merged = {**{j: r for j, r in recorded.items() if j not in dirty}, **fresh}
        files += pages.collection_files(info, labels, [merged[j] for j in sorted(merged)])
    for label in pages.own_journals(labels):
        if label.serial_id in dirty:
            files += pages.journal_files(conn, info, labels, label, fresh.get(label.serial_id))
    return files, tuple(wanted)


def _save_results(conn: Connection, results: Iterable) -> None:
    rows = [{"serial_id": r.journal, "years": ind_compute.years_record(r)} for r in results]
    for start in range(0, len(rows), 500):
        conn.execute(insert(stats_results), rows[start : start + 500])


def _load_results(conn: Connection) -> dict[int, ind_compute.JournalIndicators]:
    out = {}
    for serial_id, years in conn.execute(select(stats_results.c.serial_id, stats_results.c.years)):
        years = json.loads(years) if isinstance(years, str) else years
        out[int(serial_id)] = ind_compute.from_record(int(serial_id), years)
    return out


@dataclass(frozen=True)
class _Written:
    written: tuple[Path, ...]
    unchanged: int
    removed: int


def _write(out: Path, files: list[File], old: dict, full: bool, token: str) -> _Written:
    """Write the files whose key changed (or whose text did); the manifest; after a full run, the
    removal of the files no longer produced."""
    keys = {} if full else dict(old)
    written: list[Path] = []
    unchanged = 0
    for rel, key, make in files:
        keys[rel] = key
        target = out / rel
        if old.get(rel) == key and target.is_file():
            unchanged += 1
            continue
        data = make().encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        written.append(write_atomic(target, data))
    manifest = {"token": token, "pages": keys}
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=0, sort_keys=True))
    removed = 0
    folder = out / pages.FOLDER
    if full and folder.is_dir():
        produced = {out / rel for rel in keys}
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path not in produced:
                path.unlink()
                removed += 1
    return _Written(tuple(written), unchanged, removed)


def _load(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("pages"), dict):
        return {}
    return data
