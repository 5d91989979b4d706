"""Bibliographic records in, a local SQLite (FTS5) index out; lookups by DOI, PMID and blocking keys.

One table ``records`` holds the collection's own articles, LILACS, MEDLINE and Crossref records,
keyed by ``(db, ext_id)``; imports are upserts that skip unchanged records (a digest of the
content), so running one twice changes nothing. ``records_fts`` is an FTS5 index over titles kept in
step by triggers. The SQL sticks to types PostgreSQL shares; the FTS part is SQLite-only (see
docs/CITATIONS.md for the PostgreSQL equivalent). Importers live in :mod:`importers`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from .normalise import fold, initials, journal_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    db TEXT NOT NULL,
    ext_id TEXT NOT NULL,
    doi TEXT,
    pmid TEXT,
    title TEXT,
    title_key TEXT,
    source TEXT,
    source_key TEXT,
    issn TEXT,
    year TEXT,
    volume TEXT,
    issue TEXT,
    fpage TEXT,
    lpage TEXT,
    first_author TEXT,
    authors TEXT,
    url TEXT,
    digest TEXT NOT NULL,
    UNIQUE (db, ext_id)
);
CREATE INDEX IF NOT EXISTS records_doi ON records (doi);
CREATE INDEX IF NOT EXISTS records_pmid ON records (pmid);
CREATE INDEX IF NOT EXISTS records_svp ON records (source_key, year, volume, fpage);
CREATE INDEX IF NOT EXISTS records_ay ON records (first_author, year);
CREATE TABLE IF NOT EXISTS citations (
    citing_id TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    target_db TEXT NOT NULL,
    target_id TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (citing_id, ref_id, target_db)
);
CREATE INDEX IF NOT EXISTS citations_target ON citations (target_db, target_id);
"""
FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
    title, content='records', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS records_ai AFTER INSERT ON records BEGIN
    INSERT INTO records_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER IF NOT EXISTS records_ad AFTER DELETE ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER IF NOT EXISTS records_au AFTER UPDATE ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO records_fts(rowid, title) VALUES (new.id, new.title);
END;
"""
POSTGRES_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TABLE IF NOT EXISTS records (
    id BIGSERIAL PRIMARY KEY,
    db TEXT NOT NULL,
    ext_id TEXT NOT NULL,
    doi TEXT,
    pmid TEXT,
    title TEXT,
    title_key TEXT,
    source TEXT,
    source_key TEXT,
    issn TEXT,
    year TEXT,
    volume TEXT,
    issue TEXT,
    fpage TEXT,
    lpage TEXT,
    first_author TEXT,
    authors TEXT,
    url TEXT,
    digest TEXT NOT NULL,
    title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title_key, ''))) STORED,
    UNIQUE (db, ext_id)
);
CREATE INDEX IF NOT EXISTS records_doi ON records (doi);
CREATE INDEX IF NOT EXISTS records_pmid ON records (pmid);
CREATE INDEX IF NOT EXISTS records_svp ON records (source_key, year, volume, fpage);
CREATE INDEX IF NOT EXISTS records_ay ON records (first_author, year);
CREATE INDEX IF NOT EXISTS records_tsv ON records USING GIN (title_tsv);
CREATE TABLE IF NOT EXISTS citations (
    citing_id TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    target_db TEXT NOT NULL,
    target_id TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (citing_id, ref_id, target_db)
);
CREATE INDEX IF NOT EXISTS citations_target ON citations (target_db, target_id);
"""
"""The same tables for PostgreSQL: FTS5 becomes a generated ``tsvector`` column with a GIN index
over the folded title (``title_tsv @@ plainto_tsquery('simple', ...)``)."""

COLUMNS = (
    "db",
    "ext_id",
    "doi",
    "pmid",
    "title",
    "title_key",
    "source",
    "source_key",
    "issn",
    "year",
    "volume",
    "issue",
    "fpage",
    "lpage",
    "first_author",
    "authors",
    "url",
    "digest",
)


@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic record of one database (``scielo``, ``lilacs``, ``medline``, ``crossref``)."""

    db: str
    ext_id: str
    doi: str | None = None
    pmid: str | None = None
    title: str | None = None
    source: str | None = None
    issn: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    fpage: str | None = None
    lpage: str | None = None
    #: ``(surname, initials)`` per author, in order.
    authors: tuple[tuple[str, str], ...] = ()
    url: str | None = None
    #: The folded title as stored (filled when read from the index; not part of equality).
    title_key: str | None = field(default=None, compare=False, repr=False)

    @property
    def first_author(self) -> str | None:
        return fold(self.authors[0][0]) if self.authors else None

    def row(self) -> tuple:
        data = asdict(self)
        data["doi"] = self.doi.lower() if self.doi else None
        data["authors"] = json.dumps(["|".join(a) for a in self.authors], ensure_ascii=False)
        data["source_key"] = journal_key(self.source) or None
        data["first_author"] = self.first_author
        data["title_key"] = fold(self.title) if self.title else None
        data["digest"] = hashlib.blake2b(
            repr(sorted(data.items())).encode(), digest_size=12
        ).hexdigest()
        return tuple(data[c] for c in COLUMNS)


def record_from_row(row: sqlite3.Row) -> Record:
    authors = tuple(tuple(a.split("|", 1)) for a in json.loads(row["authors"] or "[]"))
    return Record(
        db=row["db"], ext_id=row["ext_id"], doi=row["doi"], pmid=row["pmid"], title=row["title"],
        source=row["source"], issn=row["issn"], year=row["year"], volume=row["volume"],
        issue=row["issue"], fpage=row["fpage"], lpage=row["lpage"],
        authors=authors,  # type: ignore[arg-type]
        url=row["url"],
        title_key=row["title_key"],
    )  # fmt: skip


def person(surname: str | None, given: str | None) -> tuple[str, str]:
    """``("Souza", "Cecília Pereira")`` -> ``("Souza", "CP")``."""
    return (surname or "").strip(), initials(given or "")


@dataclass(frozen=True, slots=True)
class ImportStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


class BiblioDB:
    """The local index: open (creating the schema), import, look up."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(
            "PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY"
        )
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache
        self.conn.execute("PRAGMA mmap_size=268435456")  # read through 256 MiB of mapped file
        self.conn.execute("PRAGMA temp_store=MEMORY")
        self.conn.executescript(SCHEMA)
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(records)")}
        if "title_key" not in columns:  # files written before the column existed
            self.conn.execute("ALTER TABLE records ADD COLUMN title_key TEXT")
        self.conn.executescript(FTS_SCHEMA)

    @classmethod
    def read_only(cls, path: str | Path) -> BiblioDB:
        """Open an existing index file for lookups only, as immutable: no locks, no WAL files, so
        many processes (and hosts sharing the file) can read it while nobody writes it."""
        db = cls.__new__(cls)
        db.path = str(path)
        uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
        db.conn = sqlite3.connect(uri, uri=True)
        db.conn.row_factory = sqlite3.Row
        return db

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file, so read-only openers see every row."""
        self.conn.commit()
        if self.path != ":memory:":
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> BiblioDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def upsert(self, records: Iterable[Record], batch: int = 5000) -> ImportStats:
        """Insert new records, update changed ones, skip identical ones (idempotent)."""
        added = updated = unchanged = 0
        cur = self.conn.cursor()
        with self.conn:
            for chunk in _chunks(records, batch):
                rows = {(r.db, r.ext_id): r.row() for r in chunk}
                known = self._digests(cur, list(rows))
                fresh = [row for key, row in rows.items() if key not in known]
                changed = [
                    row for key, row in rows.items() if key in known and known[key] != row[-1]
                ]
                unchanged += len(rows) - len(fresh) - len(changed)
                cur.executemany(
                    f"INSERT INTO records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    fresh,
                )
                sets = ", ".join(f"{c} = ?" for c in COLUMNS[2:])
                cur.executemany(
                    f"UPDATE records SET {sets} WHERE db = ? AND ext_id = ?",
                    [row[2:] + row[:2] for row in changed],
                )
                added, updated = added + len(fresh), updated + len(changed)
        return ImportStats(added, updated, unchanged)

    def _digests(
        self, cur: sqlite3.Cursor, keys: list[tuple[str, str]]
    ) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        by_db: dict[str, list[str]] = {}
        for db, ext in keys:
            by_db.setdefault(db, []).append(ext)
        for db, exts in by_db.items():
            for part in _chunks(exts, 500):
                marks = ",".join("?" * len(part))
                sql = f"SELECT ext_id, digest FROM records WHERE db = ? AND ext_id IN ({marks})"
                out.update({(db, e): d for e, d in cur.execute(sql, [db, *part])})
        return out

    def save_citation(self, citing_id: str, ref_id: str, target: Record, score: float) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO citations VALUES (?, ?, ?, ?, ?)",
                (citing_id, ref_id, target.db, target.ext_id, score),
            )

    # -- reading -------------------------------------------------------------------------------

    def count(self, db: str | None = None) -> int:
        if db is None:
            return self.conn.execute("SELECT count(*) FROM records").fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM records WHERE db = ?", (db,)).fetchone()[0]

    def get(self, db: str, ext_id: str) -> Record | None:
        row = self.conn.execute(
            "SELECT * FROM records WHERE db = ? AND ext_id = ?", (db, ext_id)
        ).fetchone()
        return record_from_row(row) if row else None

    def by_doi(self, doi: str) -> list[Record]:
        return self._select("doi = ?", (doi.lower(),))

    def by_pmid(self, pmid: str) -> list[Record]:
        return self._select("pmid = ?", (pmid,))

    def by_source(self, source: str, year: str, volume: str, fpage: str) -> list[Record]:
        """Records of one journal (full title, abbreviation or key), year, volume and first page."""
        source_key = journal_key(source)
        return self._select(
            "source_key = ? AND year = ? AND volume = ? AND fpage = ?",
            (source_key, year, volume, fpage),
        )

    def by_author_year(
        self, first_author: str, years: Iterable[str], title: str | None = None, keep: int = 4
    ) -> list[Record]:
        """Records by first-author surname and year; with ``title``, only the ``keep`` records
        whose titles are most alike (rapidfuzz over the block's titles before fetching rows)."""
        years = list(years)
        marks = ",".join("?" * len(years))
        where = f"first_author = ? AND year IN ({marks})"
        if title is None:
            return self._select(where, (first_author, *years), limit=50)
        rows = self.conn.execute(
            f"SELECT id, title_key, title FROM records WHERE {where} LIMIT 2000",
            (first_author, *years),
        ).fetchall()
        if not rows:
            return []
        titles = {r[0]: r[1] if r[1] is not None else fold(r[2] or "") for r in rows}
        best = process.extract(
            title, titles, scorer=fuzz.token_sort_ratio, limit=keep, score_cutoff=40
        )
        ids = [key for _, _, key in best]
        if not ids:
            return []
        return self._select(f"id IN ({','.join('?' * len(ids))})", tuple(ids), limit=keep)

    def by_title_words(
        self, words: list[str], title: str | None = None, keep: int = 8
    ) -> list[Record]:
        """Records whose title holds all of ``words`` (FTS5); with ``title``, the ``keep`` most alike."""
        if not words:
            return []
        query = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = "SELECT rowid, title FROM records_fts WHERE records_fts MATCH ? LIMIT 500"
        rows = self.conn.execute(sql, (query,)).fetchall()
        if title is not None:
            titles = {r[0]: fold(r[1] or "") for r in rows}
            best = process.extract(
                title, titles, scorer=fuzz.token_sort_ratio, limit=keep, score_cutoff=40
            )
            ids = [key for _, _, key in best]
        else:
            ids = [r[0] for r in rows[:keep]]
        if not ids:
            return []
        return self._select(f"id IN ({','.join('?' * len(ids))})", tuple(ids), limit=keep)

    def _select(self, where: str, params: tuple, limit: int = 50) -> list[Record]:
        rows = self.conn.execute(f"SELECT * FROM records WHERE {where} LIMIT {int(limit)}", params)
        return [record_from_row(r) for r in rows]

    def citing(self, target_db: str, target_id: str) -> list[tuple[str, str, float]]:
        sql = "SELECT citing_id, ref_id, score FROM citations WHERE target_db = ? AND target_id = ? ORDER BY citing_id, ref_id"
        return [tuple(r) for r in self.conn.execute(sql, (target_db, target_id))]  # type: ignore[misc]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
