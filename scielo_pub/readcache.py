"""Article sources and an output folder in, read/validate/model results reused from the last build out.

A rebuild looks each article's content up in ``OUT/.scielo-pub/read-cache/``: the key is a digest
of the file's bytes, its file name, the journal's settings (``journal.toml``: DTD, rules), the bytes
of the journal's own DTD file when it has one, and the code of scielo-pub itself, never the folder
it lies in, so a collection moved or copied elsewhere hits the same entries. The bytes' digest is
remembered per file with its ``stat`` fingerprint (size, mtime in ns, inode): a file whose
fingerprint is unchanged is not read again, only ``stat``-ed (a file modified within the last
seconds before it was fingerprinted is not trusted, as git does with racy entries).

An entry holds the canonical XML (``KEY.xml``), the pickled article model (``KEY.pickle``, written
by this process from what the worker returned) and the digest and diagnostics (``KEY.json``). The
coordinator keeps none of them: each published article is a ``Read`` naming its entry, with its
digest, XML size and diagnostics counted by severity; the model and XML load from the entry on
demand, in whichever process reads them (``PublishedArticle.article``). The fingerprints, and per
entry its index data (``collection.summarise``) and diagnostics, are kept in one SQLite file,
``index.sqlite`` (``_Index``). Each issue folder has a row there too (``folders``): its listing as
``discover`` found it (every entry's name, size, mtime, inode and mode: ``listing.Listing``), its
journal's part of the keys, and its articles' entry keys, input digests, XML sizes and diagnostic
counts as columns. A folder whose listing and part are the recorded ones is kept whole (``Kept``):
one comparison of two values, no row of its files read, no ``Read`` made, nothing per article; the
issue checks' record and the publish stage take it as one unit too. The other folders' file rows
are read, a range of paths per folder (every row at once when many changed), each with the small
columns of the entry it named: an unchanged article there costs an ``lstat`` and a dictionary
look-up, its key not made again while its journal's part of the key is the one the index recorded
for that journal folder (``parts``); the index data only when a stage reads
``PublishedArticle.summary`` and the diagnostics only when they are listed (``recorded``,
``build --all-diagnostics``); a fresh outcome's row is written as it arrives. The index is
trusted, and none of the entry's files is looked at. A file of an entry found missing or damaged
when a stage reads it is made again then, from the article (``remake_entry``); if the article
changed since, the entry is dropped from the index (and its folder's row) and the next build reads
the article again. The index of earlier versions
(``fingerprints.json``, ``index/*.pickle``) is removed, not upgraded: its keys name older code, so
every article is read once again anyway. An entry the index does not know is indexed again from its
files (its model rebuilt from its XML if it has no pickle). The code's part of every key is
``codeprint.code_fingerprint``: every file of scielo-pub, so a change to a reader or a validator
reads every article again.
Articles that failed are not cached, so their errors are always reported fresh.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import pickle
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .collection import (
    INDEX_FILE,
    MODEL_SUFFIX,
    XML_SUFFIX,
    ArticleSource,
    PublishedArticle,
    dumps,
    index_blob,
    summarise,
)
from .errors import Diagnostic
from .listing import Listing
from .markup.jats import safe_parser
from .model import Article, article_from_tree
from .verdicts import (  # noqa: F401 (Verdicts: named here too)
    VERDICTS,
    Verdicts,
    diagnostic,
    interned,
    load_record,
    members_digest,
    record,
    write_file,
)

FOLDER = Path(".scielo-pub") / "read-cache"
#: A file modified less than this many ns before it was fingerprinted may change again within the
#: same mtime tick unseen: its fingerprint is not kept, so the next build reads it.
_RACY_NS = 2_000_000_000
_NO_PRINT = (None, None, None)
#: How many entries a build looks up by key (an article changed, or its key did) before it reads
#: every entry's row at once (0: every entry read at the first, as before).
ENTRIES_ONE_BY_ONE = 64
#: Rows of ``entries`` read by ``_Index.entry`` in this process (a test counts them).
ENTRY_ROWS = {"read": 0}


def _dtd_file(item: ArticleSource) -> Path | None:
    """Where the journal's own DTD file would be (its folder's ``dtd`` setting), if it names one."""
    dtd = item.journal.dtd
    folder = item.issue.path.parent.parent if item.issue.path else None
    return folder / dtd if dtd and folder is not None else None


def _dtd_digest(item: ArticleSource) -> str:
    candidate = _dtd_file(item)
    if candidate is not None and candidate.is_file():
        return hashlib.sha256(candidate.read_bytes()).hexdigest()
    return ""


class _Index:
    """``read-cache/index.sqlite``: one row per article file (``files``: its stat fingerprint, the
    digest of its bytes and the key of the cache entry it had at the last build) and one per cache
    entry (``entries``: the outcome's digest, XML size and diagnostics counted by severity;
    ``blobs``: its diagnostics' records and index data, pickled, in a table of their own so that
    reading every entry's small columns does not page them in). A build reads every file row with
    its entry's small columns in one query, into one dictionary keyed by the file's path; the
    other entries only when a file's key is not the one its row names (``entry``: by key, the
    first few, then every one at once); the blobs only on demand (``collection.index_blob``:
    ``PublishedArticle.summary``, ``entry_records``). An entry the index names is trusted without
    looking at its files: a missing or damaged one is found when a stage reads it, and made again
    then (``collection.PublishedArticle.article``, ``remake_entry``). A fresh outcome's rows are
    written as it arrives (the coordinator keeps neither its index data nor its diagnostics); the
    rows of files this build did not see, and the entries no file row names, are deleted at the
    end, in the same transaction."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started = time.time_ns()
        folder.mkdir(parents=True, exist_ok=True)
        _drop_old_files(folder)
        try:
            self.db = _connect(folder / INDEX_FILE)
        except sqlite3.DatabaseError:  # damaged (or not a database): made again
            (folder / INDEX_FILE).unlink(missing_ok=True)
            self.db = _connect(folder / INDEX_FILE)
        #: path -> (size, mtime_ns, inode, data digest, entry key, then the entry's digest, XML
        #: size, info, warning, error and fatal counts: None when the index has no such entry);
        #: each file's row is taken out as the build meets the file (``load``: those of the
        #: folders not kept whole, or every row).
        self.files: dict[str, tuple] = {}
        self.entries: dict[str, tuple] | None = None  # every entry, read when first needed
        self.asked = 0  # entries looked up one by one
        self.changed: list[tuple] = []  # file rows to write
        self.dropped: set[str] = set()  # entry keys a file row named before this build
        self.folders: dict[str, bool] = {}
        self.links: dict[str, bool | None] = {}  # issue folder -> whether its listing found a link
        self.parents: dict[str, str] = {}  # an issue folder's parent -> its real path
        self.root: str | None = None  # the collection folder, resolved when first needed
        #: journal folder -> its part of the keys (``same_part``) at the last build, and now.
        self.parts = dict(self.db.execute("SELECT journal, digest FROM parts").fetchall())
        self.parts_now: dict[str, str] = {}
        #: issue folder -> (its journal's part, its listing, its articles' columns) at the last
        #: build (``Kept``); the rows to write, and the folders seen in this build.
        self.issues = {row[0]: row[1:] for row in self.db.execute(
            "SELECT folder, part, listing, members FROM folders").fetchall()}  # fmt: skip
        self.issue_rows: list[tuple] = []
        self.seen: set[str] = set()

    def load(self, folders: Sequence[str] | None) -> None:
        """The file rows (with their entries' small columns) of the issue folders ``folders``, one
        range of paths each; None: every row (the files of the folders gone since are deleted)."""
        query = ("SELECT f.path, f.size, f.mtime_ns, f.inode, f.data, f.key, e.digest, e.xml_size, "
                 "e.infos, e.warnings, e.errors, e.fatals FROM files f LEFT JOIN entries e "
                 "ON e.key = f.key")  # fmt: skip
        if folders is None:
            self.files = {row[0]: row[1:] for row in self.db.execute(query).fetchall()}
            return
        for folder in folders:
            low, high = _range(folder)
            self.files.update((row[0], row[1:]) for row in self.db.execute(
                query + " WHERE f.path >= ? AND f.path < ?", (low, high)).fetchall())  # fmt: skip

    def _inside(self, folder: str, root: Path) -> bool:
        """``publish.inside`` for an issue folder (every link followed, it lies under ``root``),
        decided once per folder and build: a folder that is not itself a link is its parent's
        real path (resolved once per parent: a journal's ``issues`` folder) and its name, so it
        costs one ``lstat`` (none when its listing found whether it is a link: ``links``); the
        collection folder is resolved once per build."""
        known = self.folders.get(folder)
        if known is None:
            if self.root is None:
                self.root = os.path.realpath(root)
            parent, _sep, name = folder.rpartition(os.sep)
            link = self.links.get(folder)
            if (
                parent
                and name not in ("", ".", "..")
                and not (os.path.islink(folder) if link is None else link)
            ):
                base = self.parents.get(parent)
                if base is None:
                    base = self.parents[parent] = os.path.realpath(parent)
                real = f"{base}{os.sep}{name}" if base != os.sep else f"{os.sep}{name}"
            else:
                real = os.path.realpath(folder)
            known = real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)
            self.folders[folder] = known
        return known

    def same_part(self, item: ArticleSource, prefix: Any) -> bool:
        """Whether the journal's part of the key (``_journal_key``) is the one recorded for its
        folder at the last build (then a file whose fingerprint holds keeps its row's key: the
        key hashes that part, the file's name and its bytes' digest); it is recorded for the next."""
        folder = item.journal.path
        if folder is None:
            return False
        digest = prefix.hexdigest()
        self.parts_now[str(folder)] = digest
        return self.parts.get(str(folder)) == digest

    def unchanged(self, item: ArticleSource, name: str) -> tuple | None:
        """The file's row (taken out, as ``digest`` does) when it is a regular file whose stat
        fingerprint is the recorded one, in a folder that lies inside the collection, and whose
        row names a cache entry the index has; else None (the row left for ``digest``)."""
        known = self.files.get(name)
        if known is None or known[5] is None or known[4] is None:
            return None
        try:
            info = os.lstat(name)
        except OSError:
            return None
        if not self._holds(item, name, info, known):
            return None
        del self.files[name]  # what is left at the end: the files gone since
        return known

    def _holds(self, item: ArticleSource, name: str, info: os.stat_result | None,
               known: tuple | None) -> bool:  # fmt: skip
        """Whether the file is a regular file (``lstat``) whose stat fingerprint (size, mtime in
        ns, inode) is its row's, lying where its folder resolves inside the collection."""
        return (info is not None and known is not None and stat.S_ISREG(info.st_mode)
                and info.st_mtime_ns == known[1] and info.st_size == known[0]
                and info.st_ino == known[2]
                and (item.root is None or self._inside(name[: name.rfind(os.sep)], item.root)))  # fmt: skip

    def digest(
        self, item: ArticleSource, name: str
    ) -> tuple[str | None, tuple | None, tuple | None]:
        """The digest of the file's bytes, remembered while its stat fingerprint (size, mtime in
        ns, inode) holds; read (through every reader's guards) only when it is new; None when the
        file is refused (``publish`` then reports why). With it the file's row (None: none) and the
        fingerprint to record (None: the row's holds)."""
        try:
            info = os.lstat(name)
        except OSError:
            info = None
        known = self.files.pop(name, None)  # what is left at the end: the files gone since
        regular = info is not None and stat.S_ISREG(info.st_mode)
        if self._holds(item, name, info, known):
            return known[3], known, None  # type: ignore[index]
        from .publish import load_source

        data = load_source(item.path, root=item.root)
        if not isinstance(data, bytes):
            return None, known, _NO_PRINT
        if regular and info.st_mtime_ns < self.started - _RACY_NS:  # type: ignore[union-attr]
            print_ = (info.st_size, info.st_mtime_ns, info.st_ino)  # type: ignore[union-attr]
        else:  # racy: its bytes are read again next time
            print_ = _NO_PRINT
        return hashlib.sha256(data).hexdigest(), known, print_

    def record(self, name: str, known: tuple | None, print_: tuple | None, data: str | None,
               key: str | None) -> None:  # fmt: skip
        """The file's row: its fingerprint, digest and entry key, written when they changed."""
        if print_ is None and known is not None and known[4] == key:
            return
        self.changed.append((name, *(print_ or known[:3]), data, key))  # type: ignore[index]
        if known is not None and known[4] is not None and known[4] != key:
            self.dropped.add(known[4])

    def entry(self, key: str) -> tuple | None:
        """``(digest, xml_size, counts)`` of an indexed entry no file row named: the first few
        (``ENTRIES_ONE_BY_ONE``) looked up by key, then every entry read at once (many articles
        changed, or a first build in an OUT whose index has entries)."""
        columns = "digest, xml_size, infos, warnings, errors, fatals"
        if self.entries is None and self.asked < ENTRIES_ONE_BY_ONE:
            self.asked += 1
            rows = self.db.execute(f"SELECT {columns} FROM entries WHERE key = ?",
                                   (key,)).fetchall()  # fmt: skip
            ENTRY_ROWS["read"] += len(rows)
            return (rows[0][0], rows[0][1], rows[0][2:]) if rows else None
        if self.entries is None:
            rows = self.db.execute(f"SELECT key, {columns} FROM entries").fetchall()
            ENTRY_ROWS["read"] += len(rows)
            self.entries = {row[0]: row[1:] for row in rows}
        known = self.entries.get(key)
        return None if known is None else (known[0], known[1], known[2:])

    def put(self, key: str, digest: str, size: int, counts: tuple, records: tuple,
            summary: Article) -> None:  # fmt: skip
        """Index an entry (written now, committed with the build's other rows in ``save``)."""
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (key, digest, size, *counts))  # fmt: skip
        self.db.execute(
            "INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)",
            (key, pickle.dumps(records, pickle.HIGHEST_PROTOCOL), dumps(summary)),
        )
        if self.entries is not None:
            self.entries[key] = (digest, size, *counts)

    def save(self, whole: bool) -> None:
        """Write the changed file and folder rows, delete those of files and folders not seen (the
        file rows loaded and not taken; with ``whole`` listings, those of the folders gone) and
        the entries no file row names any more, commit."""
        db = self.db
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", self.changed)
        db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?)",
                       [row for row in self.parts_now.items() if self.parts.get(row[0]) != row[1]])  # fmt: skip
        gone = self.files  # the rows no file of this build took (``digest``)
        db.executemany("DELETE FROM files WHERE path = ?", [(path,) for path in gone])
        self.dropped.update(row[4] for row in gone.values() if row[4])
        if whole:  # every issue folder of the collection listed: the others are gone
            for folder in sorted(set(self.issues) - self.seen):
                low, high = _range(folder)
                where = "WHERE path >= ? AND path < ?"
                self.dropped.update(key for (key,) in db.execute(
                    f"SELECT key FROM files {where} AND key IS NOT NULL", (low, high)))  # fmt: skip
                db.execute(f"DELETE FROM files {where}", (low, high))
                db.execute("DELETE FROM folders WHERE folder = ?", (folder,))
        else:  # files read one by one: no folder is known to be as recorded any more
            db.execute("DELETE FROM folders")
        db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?)", self.issue_rows)
        unused = [(key, key) for key in self.dropped]  # those no file row names any more
        for table in ("entries", "blobs"):
            db.executemany(f"DELETE FROM {table} WHERE key = ? AND NOT EXISTS "
                           "(SELECT 1 FROM files WHERE files.key = ?)", unused)  # fmt: skip
        db.commit()
        db.close()


def _range(folder: str) -> tuple[str, str]:
    """The paths of the files in ``folder`` lie in ``[low, high)``."""
    return folder + os.sep, folder + chr(ord(os.sep) + 1)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
    "inode INTEGER, data TEXT, key TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, digest TEXT, xml_size INTEGER, "
    "infos INTEGER, warnings INTEGER, errors INTEGER, fatals INTEGER) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, records BLOB, summary BLOB)",
    "CREATE INDEX IF NOT EXISTS files_key ON files (key)",
    "CREATE TABLE IF NOT EXISTS parts (journal TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY, part TEXT, listing BLOB, "
    "members BLOB)",
)


#: The index's layout; a file of another version is emptied and filled again.
_VERSION = 3


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA synchronous = NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
            for table in ("files", "entries", "blobs", "parts", "folders"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute(f"PRAGMA user_version = {_VERSION}")
        for statement in _SCHEMA:
            db.execute(statement)
        db.commit()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _drop_old_files(folder: Path) -> None:
    """The index of earlier versions (``fingerprints.json``, ``index/*.pickle``): removed, and not
    upgraded: their entries' keys name an older code, so every article is read again once anyway."""
    (folder / "fingerprints.json").unlink(missing_ok=True)
    old = folder / "index"
    if old.is_dir():
        for shard in old.glob("*.pickle"):
            shard.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            old.rmdir()


@dataclass(frozen=True, slots=True)
class Read:
    """What the coordinator keeps of one article's read/validate/model result: no model, no XML,
    no diagnostics.

    ``entry`` names the read cache's files (None: the article is not published; its index data
    loads from the index on demand, ``PublishedArticle.summary``); ``counts`` its diagnostics
    counted by severity (``diagnostics`` lists them, from the index for a published article);
    ``fresh``: read this time, not found in the cache.
    """

    path: str
    records: tuple = ()
    digest: str = ""
    entry: str | None = None
    size: int = 0
    counts: tuple[int, ...] = (0, 0, 0, 0)
    fresh: bool = dataclasses.field(default=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.entry is not None

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Its diagnostics: held for an article that failed, else read from the index."""
        records = self.records if self.entry is None else entry_records(self.entry)
        return tuple(diagnostic(r, self.path) for r in records)

    def published(self, item: ArticleSource) -> PublishedArticle:
        """The article as the build's stages see it: lazy, loading from ``entry`` on demand."""
        return PublishedArticle(None, None, item, self.digest, entry=self.entry, size=self.size)


def _counts(records: Sequence[tuple]) -> tuple[int, ...]:
    """How many of the records are of each severity (info, warning, error, fatal)."""
    counts = [0, 0, 0, 0]
    for rec in records:
        counts[rec[3]] += 1
    return tuple(counts)


def entry_records(entry: str) -> tuple:
    """The diagnostics' records the index keeps for the cache entry ``entry`` (empty when gone)."""
    found = index_blob(entry, "records")
    return pickle.loads(found) if found is not None else ()  # written by ``_Index.put``, in OUT


def recorded(out: Path, reads: Sequence[tuple[str, str]]) -> Iterator[Diagnostic]:
    """The diagnostics the read cache keeps for ``(path, entry)`` pairs, then those of every issue
    folder's verdict recorded at the last build (``Verdicts``): a build's record of them."""
    folder = Path(os.path.abspath(out)) / FOLDER
    with contextlib.closing(sqlite3.connect(folder / INDEX_FILE)) as db:
        records = dict(db.execute("SELECT key, records FROM blobs"))
    for path, entry in reads:
        found = records.get(Path(entry).name)
        for rec in pickle.loads(found) if found is not None else ():
            yield diagnostic(rec, path)
    verdicts = load_record(Path(os.path.abspath(out)) / FOLDER / VERDICTS)
    for _mark, (kept, _refused) in verdicts.values():
        for rec in kept:
            yield diagnostic(rec, "")


@dataclass(frozen=True, slots=True)
class Kept:
    """An issue folder whose articles are all as the read cache recorded them (its listing, its
    journal's part of the keys and so the code are the last build's): its articles' input digests,
    cache entries and XML sizes as columns, their diagnostics counted by severity in all, and the
    digest of their entries (``verdicts.members_digest``). Nothing is made per article for it."""

    folder: Listing
    digests: tuple[str, ...]
    entries: tuple[str, ...]
    sizes: tuple[int, ...]
    counts: tuple[int, ...]
    members: str

    def paths(self) -> list[str]:
        """Its articles' paths, in order."""
        return list(map(f"{self.folder.path}{os.sep}".__add__, self.folder.names))


@dataclass
class Reads:
    """The read stage's results: per article its ``Read``, or None for an article of a folder kept
    whole (``kept``: by the index of its first article)."""

    items: list[Read | None]
    kept: dict[int, Kept]


def publish_cached(
    items: Sequence[ArticleSource],
    out: Path,
    publish: Callable[[Sequence[ArticleSource], Callable[[int, Any], Read]], list],
    report: Callable[[Read, Sequence[Diagnostic]], object] | None = None,
) -> list[Read]:
    """``Read`` results for ``items`` in order, each file looked at on its own (``read_articles``
    without listings: no folder is kept whole)."""
    return read_articles(items, out, publish, report).items  # type: ignore[return-value]


def read_articles(
    items: Sequence[ArticleSource],
    out: Path,
    publish: Callable[[Sequence[ArticleSource], Callable[[int, Any], Read]], list],
    report: Callable[[Read, Sequence[Diagnostic]], object] | None = None,
    folders: Sequence[Listing] = (),
    scanned: int = 0,
) -> Reads:
    """Results for ``items`` in order: cached ones looked up, the others from
    ``publish(missing, arrived)``, which calls ``arrived(n, outcome)`` as the ``n``-th missing
    article's ``build.Outcome`` arrives and keeps the ``Read`` it returns: the outcome is stored in
    the cache there, ``report(read, diagnostics)`` is called with its diagnostics, and its model,
    XML and diagnostics are not kept (a failed article's diagnostics are).

    ``folders``: every issue folder's listing (``discover``, listed at ``scanned``), covering
    ``items``. A folder whose listing and journal's part are the recorded ones is kept whole
    (``Kept``): one comparison of two values and nothing per article. The others' articles (all of
    them without ``folders``) cost an ``lstat`` and a dictionary look-up each when unchanged: the
    entry their file's row names, whose key is not made again when the journal's part of the key
    (hashed once per journal) is the one recorded for the journal's folder."""
    from .codeprint import code_fingerprint

    folder = Path(os.path.abspath(out)) / FOLDER
    index = _Index(folder)
    base = f"{folder}{os.sep}"
    parts = _Parts(code_fingerprint(), index)
    found: list[Read | None] = [None] * len(items)
    kept: dict[int, Kept] = {}
    todo = []
    for listing in folders:
        index.seen.add(listing.path)
        index.links[listing.path] = listing.link
        hit = _kept(listing, items, index, parts, base) if listing.stop > listing.start else None
        if hit is None:
            todo.append(listing)
        else:
            kept[listing.start] = hit
    if folders and index.issues and len(todo) <= len(folders) * _FEW:
        index.load([listing.path for listing in todo])
    else:  # a first build, many folders changed, or files looked at one by one
        index.load(None)
        for hit in kept.values():
            for path in hit.paths():
                index.files.pop(path, None)
    keys: list[str | None] = [None] * len(items)
    outside = list(_outside(len(items), kept))
    for n in outside:
        found[n], keys[n] = _look_up(items[n], index, parts, folder, base)
    missing = [n for n in outside if found[n] is None]

    def arrived(m: int, outcome: Any) -> Read:
        n = missing[m]
        path, key = str(items[n].path), keys[n]
        if key and outcome.article is not None:
            read = _store(folder, key, outcome, path, index)
        else:
            records = tuple(record(d, path) for d in outcome.diagnostics)
            read = Read(path, (), outcome.digest, counts=_counts(records), fresh=True)
        if report is not None:
            report(read, outcome.diagnostics)
        return read

    for n, read in zip(missing, publish([items[n] for n in missing], arrived), strict=True):
        found[n] = read
    for listing in todo:
        index.issue_rows.append(_folder_row(listing, found, keys, items, parts, scanned))
    index.save(whole=bool(folders))
    return Reads(found, kept)


#: Above this share of folders not kept whole, every file row is read in one query.
_FEW = 0.25


def _outside(total: int, kept: dict[int, Kept]) -> Iterator[int]:
    """The indexes of the articles not in a folder kept whole."""
    n = 0
    while n < total:
        hit = kept.get(n)
        if hit is not None:
            n = hit.folder.stop
            continue
        yield n
        n += 1


class _Parts:
    """Each journal's part of the keys (``_journal_key``), hashed once per build: the hash to copy,
    its hex digest, and whether it is the part recorded for its folder (``_Index.same_part``)."""

    def __init__(self, code: str, index: _Index) -> None:
        self.code, self.index = code, index
        self.held: dict[int, tuple[Any, str, bool]] = {}

    def of(self, item: ArticleSource) -> tuple[Any, str, bool]:
        held = self.held.get(id(item.journal))
        if held is None:
            prefix = _journal_key(self.code, item)
            same = self.index.same_part(item, prefix)
            held = self.held[id(item.journal)] = (prefix, prefix.hexdigest(), same)
        return held


def _kept(listing: Listing, items: Sequence[ArticleSource], index: _Index, parts: _Parts,
          base: str) -> Kept | None:  # fmt: skip
    """The folder kept whole when its listing and its journal's part are the ones recorded with
    its row (written only when every article of it was published and none was racy) and it lies
    inside the collection; else None."""
    row = index.issues.get(listing.path)
    if row is None or row[1] is None or row[1] != listing.prints:
        return None
    item = items[listing.start]
    if row[0] != parts.of(item)[1]:
        return None
    if item.root is not None and not index._inside(listing.path, item.root):
        return None
    try:
        rels, digests, sizes, counts, members = pickle.loads(row[2])  # written by ``_folder_row``
    except (ValueError, TypeError, EOFError, pickle.UnpicklingError, AttributeError):
        return None
    if len(rels) != listing.stop - listing.start:
        return None
    return Kept(listing, digests, tuple(map(base.__add__, rels)), sizes, counts, members)


def _look_up(item: ArticleSource, index: _Index, parts: _Parts, folder: Path,
             base: str) -> tuple[Read | None, str | None]:  # fmt: skip
    """One article's cached ``Read`` (None: to be read) and its entry's key (None: refused)."""
    name = str(item.path)
    prefix, _digest, same = parts.of(item)
    if same:  # the file as at the last build, in its journal as then: its row's key holds
        known = index.unchanged(item, name)
        if known is not None:
            key = known[4]
            return Read(name, (), known[5], f"{base}{key[:2]}{os.sep}{key}", known[6],
                        known[7:11]), key  # fmt: skip
    # The same guards as every reader (regular file, inside the collection, size cap): a FIFO
    # or a link out of the collection gets no key, and publish reports why it is refused.
    data, known, print_ = index.digest(item, name)
    key = _key(prefix, item.path.name, data) if data else None
    index.record(name, known, print_, data, key)
    if key is None:
        return None, None
    if known is not None and known[4] == key and known[5] is not None:  # trusted
        return Read(name, (), known[5], f"{base}{key[:2]}{os.sep}{key}", known[6],
                    known[7:11]), key  # fmt: skip
    return _hit(folder, key, name, index), key


def _folder_row(listing: Listing, found: Sequence[Read | None], keys: Sequence[str | None],
                items: Sequence[ArticleSource], parts: _Parts, scanned: int) -> tuple:  # fmt: skip
    """The folder's row for the next build: its journal's part, its listing and its articles'
    columns (``Kept``) when every article of it was published and its listing is not racy (its
    newest entry older than a few seconds before it was listed); else a row that keeps nothing."""
    reads = found[listing.start : listing.stop]
    mine = keys[listing.start : listing.stop]
    item = items[listing.start] if reads else None
    if (item is None or item.journal.path is None or not scanned
            or listing.newest >= scanned - _RACY_NS
            or not all(read is not None and read.ok for read in reads)):  # fmt: skip
        return (listing.path, None, None, None)
    rels = tuple(f"{key[:2]}{os.sep}{key}" for key in mine)  # type: ignore[index]
    counts = tuple(map(sum, zip(*(read.counts for read in reads), strict=True)))  # type: ignore[union-attr]
    columns = (rels, tuple(read.digest for read in reads), tuple(read.size for read in reads),  # type: ignore[union-attr]
               counts, members_digest(listing.names, mine))  # fmt: skip
    return (listing.path, parts.of(item)[1], listing.prints,
            pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL))  # fmt: skip


def entry_key(read: Read) -> str:
    """The key of the read's cache entry ("" when it names none: not published)."""
    return read.entry.rsplit(os.sep, 1)[-1] if read.entry else ""


def _settings(item: ArticleSource) -> str:
    """The part of the content key one journal's articles share: its settings and DTD's digest."""
    journal = dataclasses.replace(item.journal, path=None)  # where the folder lies changes nothing
    return repr(journal) + "\0" + _dtd_digest(item)


def _journal_key(code: str, item: ArticleSource) -> Any:
    """The hash of the part of the content key one journal's articles share: the code, the
    journal's settings and its DTD's digest (``_settings``), fed once; ``_key`` copies it."""
    digest = hashlib.sha256()
    for part in (code, _settings(item)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest


def _key(prefix: Any, name: str, data_digest: str) -> str:
    """An entry's key: the journal's part (``_journal_key``), the file's name and its bytes' digest."""
    digest = prefix.copy()
    digest.update(f"{name}\0{data_digest}".encode())
    return digest.hexdigest()


def _hit(folder: Path, key: str, path: str, index: _Index) -> Read | None:
    """The cached result of ``key`` when its file's row did not name it (another file with the
    same content, a journal setting changed back): from the index when it has it, else from the
    entry's files (the model unpickled for its index data, or rebuilt from the XML for an older
    entry)."""
    entry = f"{folder}{os.sep}{key[:2]}{os.sep}{key}"
    known = index.entry(key)
    if known is not None:
        digest, size, counts = known
        return Read(path, (), digest, entry, size, counts)
    try:
        meta = json.loads(Path(entry + ".json").read_text(encoding="utf-8"))
        model = _model(entry)
        size = os.stat(entry + XML_SUFFIX).st_size
        records = tuple(tuple(_compact(d)) for d in meta["diagnostics"])
        digest = meta["digest"]
    except (OSError, ValueError, KeyError, TypeError, EOFError, pickle.UnpicklingError,
            AttributeError, etree.XMLSyntaxError):  # fmt: skip
        return None  # absent or damaged: read the article again
    summary = summarise(model)  # source_path None, as pickled
    counts = _counts(records)
    index.put(key, digest, size, counts, records, summary)
    return Read(path, (), digest, entry, size, counts)


#: How many entries were found missing or damaged when a stage read them, and made again, in
#: this process.
REMADE = {"entries": 0}


def remake_entry(entry: str, item: ArticleSource) -> None:
    """Write the XML and model of the cache entry ``entry`` again: the index named it, and a stage
    reading it found a file missing or damaged. The article is read, validated and modelled again
    (``build.publish_one``); when that fails, or gives another digest than the one indexed (the
    file changed since), the entry's rows are deleted, so the next build reads the article again,
    and ``LookupError`` says why."""
    from .build import publish_one

    where = Path(entry)
    outcome = publish_one(item)
    if outcome.article is None or outcome.digest != _indexed_digest(where):
        _forget(where, os.path.dirname(str(item.path)))
        raise LookupError(f"{item.path}: its read cache entry is damaged and the article could "
                          "not be read again as it was; the next build reads it again")  # fmt: skip
    where.parent.mkdir(parents=True, exist_ok=True)
    write_file(Path(entry + XML_SUFFIX), outcome.canonical)
    write_file(Path(entry + MODEL_SUFFIX), dumps(_portable(outcome.article)))
    REMADE["entries"] += 1


def _indexed_digest(entry: Path) -> str | None:
    try:
        with contextlib.closing(
            sqlite3.connect(entry.parent.parent / INDEX_FILE, timeout=30)
        ) as db:
            row = db.execute("SELECT digest FROM entries WHERE key = ?", (entry.name,)).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _forget(entry: Path, folder: str) -> None:
    """The entry's index rows deleted, and the row of the article's ``folder`` (so that it is not
    kept whole): the next build reads the article again."""
    with (
        contextlib.suppress(sqlite3.Error),
        contextlib.closing(sqlite3.connect(entry.parent.parent / INDEX_FILE, timeout=30)) as db,
    ):
        for table in ("entries", "blobs"):
            db.execute(f"DELETE FROM {table} WHERE key = ?", (entry.name,))
        db.execute("DELETE FROM folders WHERE folder = ?", (folder,))
        db.commit()


def _model(entry: str) -> Article:
    """The entry's model as cached (no source path): unpickled, or rebuilt from its XML (and
    pickled) for an older entry."""
    try:
        with open(entry + MODEL_SUFFIX, "rb") as f:
            return pickle.load(f)  # written by ``_store`` below, in this OUT
    except FileNotFoundError:
        canonical = Path(entry + XML_SUFFIX).read_bytes()
    model = article_from_tree(etree.ElementTree(etree.fromstring(canonical, safe_parser())))
    write_file(Path(entry + MODEL_SUFFIX), dumps(model))
    return model


def _portable(article: Article) -> Article:
    """The model as cached: without the path it was read from (``PublishedArticle.article`` gives
    it the path it is read from then), so the entry is the same wherever the collection lies."""
    return dataclasses.replace(article, source_path=None)


_FIELDS = ("path", "line", "column", "severity", "message", "code", "kind", "advice")


def _compact(data: dict) -> tuple:
    """A diagnostic as stored in an entry's JSON, as a tuple (path marked where it is the article's)."""
    return interned(tuple(data[f] for f in _FIELDS))


def _store(folder: Path, key: str, outcome: Any, path: str, index: _Index) -> Read:
    """Write one fresh outcome's entry (XML, pickled model, JSON) and index it; its ``Read``."""
    records = tuple(record(d, path) for d in outcome.diagnostics)
    fields = [dict(zip(_FIELDS, r, strict=True)) for r in records]
    meta = {"digest": outcome.digest, "diagnostics": fields}
    target = folder / key[:2]
    target.mkdir(parents=True, exist_ok=True)
    write_file(target / f"{key}{XML_SUFFIX}", outcome.canonical)
    model = dumps(_portable(outcome.article))
    write_file(target / f"{key}{MODEL_SUFFIX}", model)
    write_file(target / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    summary = summarise(_portable(outcome.article))
    size = len(outcome.canonical)
    counts = _counts(records)
    index.put(key, outcome.digest, size, counts, records, summary)
    return Read(path, (), outcome.digest, str(target / key), size, counts, fresh=True)
