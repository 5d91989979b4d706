"""An output folder in, the outputs stage's record of its last build out: one SQLite file.

``OUT/.scielo-pub/outputs.sqlite`` (``files.MANIFEST``) holds each task's key, the first of its files
(the one ``write_site`` checks is still there) and its files; each journal's listing inputs and
task keys; the related articles of each article (previous/next, similar, the terms they were scored
on) and each issue's inputs; the static search index's documents and each issue's inputs to them;
each issue's article pages' group key (``render.site``: an issue whose key is as recorded has its
articles' page keys as recorded); each issue's listing facts (``render.listings``: what its
journal's listing keys need of its articles; a table added to version 4, made where missing).
A build reads the small columns of every row once (task keys, article marks: a dictionary look-up
per unchanged task then; the static search index's many files checked in one listing per folder,
``Manifest.listed``) and writes, in one transaction, only the rows of what changed. A file that is not such a database (an
older site, a copy broken midway) is set aside and the record starts empty: everything is rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from .files import LEGACY_MANIFEST, MANIFEST

#: Tables added since this version's first shape: made in a record that lacks them (kept).
_ADDED = (
    "CREATE TABLE IF NOT EXISTS listing_issues (issue TEXT PRIMARY KEY, inputs TEXT NOT NULL,"
    " state TEXT NOT NULL) WITHOUT ROWID",
)
#: Bumped when the tables change shape: an older record is dropped (the site is rebuilt whole).
VERSION = 4
_SCHEMA = (
    "CREATE TABLE tasks (task TEXT PRIMARY KEY, key TEXT NOT NULL, head TEXT NOT NULL)"
    " WITHOUT ROWID",
    "CREATE TABLE task_files (task TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (task, path))"
    " WITHOUT ROWID",
    "CREATE INDEX task_files_path ON task_files (path)",
    "CREATE TABLE journals (acronym TEXT PRIMARY KEY, inputs TEXT NOT NULL, state TEXT NOT NULL)"
    " WITHOUT ROWID",
    "CREATE TABLE related_articles (folder TEXT PRIMARY KEY, mark TEXT NOT NULL,"
    " digest TEXT NOT NULL, terms TEXT NOT NULL, entry TEXT NOT NULL, neighbours TEXT NOT NULL,"
    " similar TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE related_terms (term TEXT NOT NULL, folder TEXT NOT NULL,"
    " PRIMARY KEY (term, folder)) WITHOUT ROWID",
    "CREATE TABLE related_counts (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE related_issues (issue TEXT PRIMARY KEY, inputs TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE search_docs (folder TEXT PRIMARY KEY, mark TEXT NOT NULL, sortkey TEXT NOT NULL,"
    " id INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE page_groups (issue TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE search_issues (issue TEXT PRIMARY KEY, inputs TEXT NOT NULL) WITHOUT ROWID",
    *(statement.replace("IF NOT EXISTS ", "") for statement in _ADDED),
)
#: ``Manifest.listed`` checks a file in its folder's listing (else one ``os.access`` per file).
LIST_FOLDERS = True
#: Rows per ``IN (...)`` query (SQLite's host parameter limit is 32,766 since 3.32; 999 before).
_BATCH = 900


def path(out: Path) -> Path:
    return Path(out) / MANIFEST


def exists(out: Path) -> bool:
    """True when ``out`` holds a site an earlier build recorded."""
    return path(out).is_file()


def connect(out: Path) -> sqlite3.Connection:
    """The record of ``out`` (made empty when missing, unreadable or of another version)."""
    where = path(out)
    where.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = _open(where)
    except sqlite3.DatabaseError:  # not a database (an older site's file, a broken copy)
        where.unlink(missing_ok=True)
        db = _open(where)
    _import_legacy(db, Path(out) / LEGACY_MANIFEST)
    return db


def _import_legacy(db: sqlite3.Connection, legacy: Path) -> None:
    """The tasks and files an older build's JSON manifest lists, recorded here once (so the files
    that no task makes any more are still deleted), and that file removed."""
    if not legacy.is_file():
        return
    try:
        tasks = json.loads(legacy.read_text(encoding="utf-8")).get("tasks", {})
        rows = [(t, str(e["key"]), [str(f) for f in e["files"]]) for t, e in tasks.items()]
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        rows = []
    with transaction(db):
        db.executemany("INSERT OR IGNORE INTO tasks VALUES (?, ?, ?)",
                       [(t, k, files[0] if files else "") for t, k, files in rows])  # fmt: skip
        db.executemany("INSERT OR IGNORE INTO task_files VALUES (?, ?)",
                       [(t, f) for t, _k, files in rows for f in files])  # fmt: skip
    legacy.unlink(missing_ok=True)


def _open(where: Path) -> sqlite3.Connection:
    db = sqlite3.connect(where, isolation_level=None)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != VERSION:
            _create(db)
        else:
            for statement in _ADDED:
                db.execute(statement)
    except BaseException:
        db.close()
        raise
    return db


def _create(db: sqlite3.Connection) -> None:
    with transaction(db):
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            db.execute(f'DROP TABLE "{name}"')
        for statement in _SCHEMA:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {VERSION}")


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def rows_for(db: sqlite3.Connection, query: str, keys: Iterable[str]) -> list[tuple]:
    """``query`` (with ``{}`` where the ``IN`` list goes) for ``keys``, in batches."""
    keys = sorted(set(keys))
    found: list[tuple] = []
    for start in range(0, len(keys), _BATCH):
        part = keys[start : start + _BATCH]
        found += db.execute(query.format(",".join("?" * len(part))), part).fetchall()
    return found


def dumps(value: object) -> str:
    """The compact JSON the record keeps lists in (tuples come back as lists)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def get_meta(db: sqlite3.Connection, name: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite3.Connection, name: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))


class Manifest:
    """Every task's key and first file as recorded (read once per build); files on demand."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.keys: dict[str, tuple[str, str]] = {
            task: (key, head) for task, key, head in db.execute("SELECT task, key, head FROM tasks")
        }
        self._listed: dict[str, frozenset[str]] = {}

    def unchanged(self, task: str, key: str, out: str) -> bool:
        """True when ``task`` was recorded with ``key`` and its first file is still in ``out``
        (one check per task: a site or folder deleted is rebuilt; see ``docs/SCALE.md``)."""
        entry = self.keys.get(task)
        if entry is None or entry[0] != key:
            return False
        return not entry[1] or os.access(f"{out}/{entry[1]}", os.F_OK)

    def there(self, task: str, out: str) -> bool:
        """True when ``task`` is recorded (whatever its key) and its first file is in ``out``."""
        entry = self.keys.get(task)
        return entry is not None and (not entry[1] or os.access(f"{out}/{entry[1]}", os.F_OK))

    def listed(self, task: str, out: str) -> bool:
        """``there``, the first file looked up in its folder's listing (one ``os.listdir`` per
        folder and build, kept: for the many small files of one folder, such as the static search
        index's, instead of one ``os.access`` each). Only for files this build has not written
        yet: the listing is the one taken when first asked. ``LIST_FOLDERS`` off: ``there``."""
        entry = self.keys.get(task)
        if entry is None or not entry[1]:
            return entry is not None
        if not LIST_FOLDERS:
            return os.access(f"{out}/{entry[1]}", os.F_OK)
        folder, _slash, name = entry[1].rpartition("/")
        names = self._listed.get(folder)
        if names is None:
            try:
                names = self._listed[folder] = frozenset(os.listdir(f"{out}/{folder}"))
            except OSError:
                names = self._listed[folder] = frozenset()
        return name in names

    def files(self, tasks: Iterable[str]) -> dict[str, list[str]]:
        """The recorded files of each of ``tasks``."""
        found: dict[str, list[str]] = {}
        query = "SELECT task, path FROM task_files WHERE task IN ({})"
        for task, rel in rows_for(self.db, query, tasks):
            found.setdefault(task, []).append(rel)
        return found

    def update(self, out: Path, results: list, kept: set[str]) -> None:
        """Record the tasks run this build (``results``; one with problems loses its entry) beside
        the ``kept`` ones, and delete the files of earlier builds that no task produces any more:
        those of tasks run again or gone, unless a task of this build names them too."""
        ran = {r.task for r in results}
        gone = [task for task in self.keys.keys() - kept if task not in ran]  # ``kept`` not copied
        again = [r.task for r in results if r.task in self.keys]
        old = self.files([*gone, *again])
        current = {rel for r in results for rel in r.files}
        candidates = {rel for files in old.values() for rel in files} - current
        query = "SELECT path, task FROM task_files WHERE path IN ({})"
        still = {rel for rel, task in rows_for(self.db, query, candidates) if task in kept}
        for rel in sorted(candidates - still):
            (Path(out) / rel).unlink(missing_ok=True)
        with transaction(self.db):
            self._forget(sorted({*gone, *again, *(r.task for r in results)}))
            self._record(r for r in results if not r.problems)

    def replace(self, out: Path, results: list) -> None:
        """Record printed tasks (``render.printer``): each task's last files that it no longer
        writes are deleted (all of them when it failed, and its entry with them)."""
        old = self.files(r.task for r in results)
        for result in results:
            keep = set() if result.problems else set(result.files)
            for rel in old.get(result.task, ()):
                if rel not in keep:
                    (Path(out) / rel).unlink(missing_ok=True)
        with transaction(self.db):
            self._forget(sorted({r.task for r in results}))
            self._record(r for r in results if not r.problems)

    def _forget(self, tasks: list[str]) -> None:
        self.db.executemany("DELETE FROM tasks WHERE task = ?", [(t,) for t in tasks])
        self.db.executemany("DELETE FROM task_files WHERE task = ?", [(t,) for t in tasks])
        for task in tasks:
            self.keys.pop(task, None)

    def _record(self, results: Iterable) -> None:
        done = sorted(results, key=lambda r: r.task)
        rows = [(r.task, r.key, r.files[0] if r.files else "") for r in done]
        self.db.executemany("INSERT INTO tasks VALUES (?, ?, ?)", rows)
        self.db.executemany(
            "INSERT OR IGNORE INTO task_files VALUES (?, ?)",
            [(r.task, rel) for r in done for rel in sorted(set(r.files))],
        )
        self.keys.update((task, (key, head)) for task, key, head in rows)
