"""Bibliographic records in, an index (a SQLite file or PostgreSQL) out; lookups by DOI, PMID and blocking keys.

The tables are declared once with SQLAlchemy Core (:mod:`.schema`): ``biblio_records`` holds the
collection's own articles, LILACS, MEDLINE and Crossref records, keyed by ``(db, ext_id)``; imports are
upserts that skip unchanged records (a digest of the content), so running one twice changes nothing;
on SQLite, triggers note each record written (``schema.ensure_record_log``, made on opening).
Title words are found through FTS5 on SQLite and a ``tsvector`` on PostgreSQL, with the same answers.
Importers live in :mod:`importers`; the matcher in :mod:`match`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import (
    Connection,
    Engine,
    Executable,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)

from ..store.engine import check_url, connect, create_all, normalise_url
from .normalise import fold, initials, journal_key
from .schema import (
    article_state,
    citations,
    ensure_record_log,
    ensure_title_index,
    match_cache,
    match_snapshot,
    metadata,
    records,
    snapshot_logged,
    title_words_query,
    title_words_sql,
)

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
    #: The record's row id in the index (filled when read from it; not part of equality).
    rowid: int | None = field(default=None, compare=False, repr=False)

    @property
    def first_author(self) -> str | None:
        return fold(self.authors[0][0]) if self.authors else None

    def row(self) -> tuple:
        """The record's values in ``COLUMNS`` order, with its keys and content digest."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "rowid"}
        data["doi"] = self.doi.lower() if self.doi else None
        data["authors"] = json.dumps(["|".join(a) for a in self.authors], ensure_ascii=False)
        data["source_key"] = journal_key(self.source) or None
        data["first_author"] = self.first_author
        data["title_key"] = fold(self.title) if self.title else None
        data["digest"] = hashlib.blake2b(
            repr(sorted(data.items())).encode(), digest_size=12
        ).hexdigest()
        return tuple(data[c] for c in COLUMNS)


#: The columns a :class:`Record` is read from, in the order of ``record_from_row``'s tuple.
RECORD_COLUMNS = (
    "db", "ext_id", "doi", "pmid", "title", "source", "issn", "year", "volume", "issue", "fpage",
    "lpage", "authors", "url", "title_key", "id",
)  # fmt: skip


def record_from_row(row: Sequence[Any]) -> Record:
    """A record from a row of ``RECORD_COLUMNS`` (in that order)."""
    (
        db,
        ext_id,
        doi,
        pmid,
        title,
        source,
        issn,
        year,
        volume,
        issue,
        fpage,
        lpage,
        authors,
        url,
        key,
        rowid,
    ) = row
    people = tuple(tuple(a.split("|", 1)) for a in json.loads(authors or "[]"))
    return Record(
        db=db, ext_id=ext_id, doi=doi, pmid=pmid, title=title, source=source, issn=issn, year=year,
        volume=volume, issue=issue, fpage=fpage, lpage=lpage,
        authors=people,  # type: ignore[arg-type]
        url=url, title_key=key, rowid=rowid,
    )  # fmt: skip


def person(surname: str | None, given: str | None) -> tuple[str, str]:
    """``("Souza", "Cecília Pereira")`` -> ``("Souza", "CP")``."""
    return (surname or "").strip(), initials(given or "")


@dataclass(frozen=True, slots=True)
class ImportStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


#: Candidate look-ups made by this process (DOI, PMID, journal key, author+year, title words): the
#: matcher makes them; a rebuild's tests count them (re-scoring a stale reference makes none).
CANDIDATE_QUERIES = [0]

#: Rows of an author+year block read for ranking by title, and read whole when there is no title.
AY_ROWS = 2000
AY_ROWS_UNTITLED = 50
#: Rows of a DOI, PMID or journal-key block read.
BLOCK_ROWS = 50
#: The title similarity (0-100) below which a record of the block is not a candidate.
TITLE_CUTOFF = 40


def ranking(title: str, titles: dict[int, str], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` ids of ``titles`` most alike ``title`` (``token_sort_ratio`` at least
    ``TITLE_CUTOFF``) with their similarity, best first; ties in the order of ``titles``."""
    best = process.extract(
        title, titles, scorer=fuzz.token_sort_ratio, limit=limit, score_cutoff=TITLE_CUTOFF
    )
    return [(key, sim) for _, sim, key in best]


#: The index beside a built site when the store is not in PostgreSQL.
INDEX_FILE = Path(".scielo-pub") / "citations.sqlite"


def index_location(out: str | Path, store_url: str | None = None) -> str:
    """Where a build keeps its citation index: the store's database when that is PostgreSQL (the
    tables are named apart), else the SQLite file ``OUT/.scielo-pub/citations.sqlite``."""
    if store_url and check_url(store_url).get_backend_name() == "postgresql":
        return normalise_url(store_url)
    return str(Path(out) / INDEX_FILE)


class _Prepared:
    """One Core statement compiled for one engine: its SQL and how to bind a dict of values."""

    __slots__ = ("sql", "fixed", "pick")

    def __init__(self, statement: Executable, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        #: Values the statement carries itself (LIMIT); the caller's parameters have none.
        self.fixed = {k: v for k, v in compiled.params.items() if v is not None}
        names = tuple(compiled.positiontup or ()) if compiled.positional else None
        if names is None:  # named parameters (psycopg): the dict as it is
            self.pick: Callable[[dict], Any] | None = None
        elif len(names) == 1:
            self.pick = lambda values, name=names[0]: (values[name],)
        else:
            self.pick = itemgetter(*names) if names else (lambda values: ())

    def bind(self, values: dict[str, Any]) -> Any:
        if self.fixed:
            values = {**self.fixed, **values}
        return values if self.pick is None else self.pick(values)


class BiblioDB:
    """The index: open (creating the tables), import, look up.

    ``location`` is a SQLite file path, a database URL (``sqlite:///PATH``, ``postgresql://...``) or
    ``":memory:"`` (the default: an index for one process). Lookups and imports run statements
    compiled once per engine on the driver's own connection (the matcher makes several per
    reference, and SQLAlchemy's per-call machinery would cost more than SQLite's lookup);
    ``connection`` is the SQLAlchemy connection over the same session, for everything else.
    Writes are committed by :meth:`commit` (``upsert`` commits its own).
    """

    def __init__(self, location: str | Path = ":memory:", *, _read_only: bool = False) -> None:
        self.url, self.path = _where(location)
        immutable = _read_only and self.url.startswith("sqlite")
        self.engine = _read_only_engine(self.path) if immutable else _engine(self.url)
        self.connection: Connection = self.engine.connect()
        self.dialect = self.engine.dialect.name
        self.raw: Any = self.connection.connection.driver_connection
        self._prepared: dict[Any, _Prepared] = {}
        if not _read_only:
            self._make_tables()

    @classmethod
    def read_only(cls, location: str | Path) -> BiblioDB:
        """Open an existing index for lookups only. A SQLite file opens immutable: no locks, no WAL
        files, so many processes (and hosts sharing the file) can read it while nobody writes it.
        A PostgreSQL URL opens as usual (the server serves concurrent readers)."""
        return cls(location, _read_only=True)

    @property
    def shareable(self) -> str | None:
        """What another process opens to read this index (:meth:`read_only`): the SQLite file's
        absolute path or the PostgreSQL URL; None for an index in memory."""
        if self.dialect == "sqlite":
            return str(Path(self.path).resolve()) if self.path else None
        return self.engine.url.render_as_string(hide_password=False)

    def _make_tables(self) -> None:
        if self.dialect == "sqlite":
            _upgrade_sqlite(self.connection)
        _upgrade_match_cache(self.connection)
        create_all(self.connection, metadata)
        ensure_title_index(self.connection)
        ensure_record_log(self.connection)
        self.connection.commit()

    def commit(self) -> None:
        self.connection.commit()
        self.raw.commit()

    def checkpoint(self) -> None:
        """Commit, and fold SQLite's write-ahead log into the main file, so read-only openers see every row."""
        self.commit()
        if self.dialect == "sqlite" and self.path:
            self.raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()

    def __enter__(self) -> BiblioDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- statements ----------------------------------------------------------------------------

    def _prepare(self, key: Any, build: Callable[[], Executable]) -> _Prepared:
        found = self._prepared.get(key)
        if found is None:
            found = self._prepared[key] = _Prepared(build(), self.engine.dialect)
        return found

    def _rows(self, key: Any, build: Callable[[], Executable], values: dict[str, Any]) -> list:
        prepared = self._prepare(key, build)
        return self.raw.execute(prepared.sql, prepared.bind(values)).fetchall()

    def _many(self, key: Any, build: Callable[[], Executable], rows: list[dict[str, Any]]) -> None:
        if rows:
            prepared = self._prepare(key, build)
            self.raw.cursor().executemany(prepared.sql, [prepared.bind(r) for r in rows])

    # -- writing -------------------------------------------------------------------------------

    def upsert(self, records: Iterable[Record], batch: int = 5000) -> ImportStats:
        """Insert new records, update changed ones, skip identical ones (idempotent); one commit."""
        added = updated = unchanged = 0
        try:
            for chunk in _chunks(records, batch):
                rows = {(r.db, r.ext_id): dict(zip(COLUMNS, r.row(), strict=True)) for r in chunk}
                known = self._digests(list(rows))
                fresh = [row for key, row in rows.items() if key not in known]
                changed = [row for key, row in rows.items()
                           if key in known and known[key] != row["digest"]]  # fmt: skip
                unchanged += len(rows) - len(fresh) - len(changed)
                self._many("insert", _insert, fresh)
                self._many("update", _update,
                           [r | {"w_db": r["db"], "w_ext_id": r["ext_id"]} for r in changed])  # fmt: skip
                added, updated = added + len(fresh), updated + len(changed)
        except BaseException:
            self.raw.rollback()
            raise
        self.commit()
        return ImportStats(added, updated, unchanged)

    def _digests(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        by_db: dict[str, list[str]] = {}
        for db, ext in keys:
            by_db.setdefault(db, []).append(ext)
        for db, exts in by_db.items():
            for part in _chunks(exts, 500):
                values = {"db": db} | {f"e{n}": e for n, e in enumerate(part)}
                rows = self._rows(("digests", len(part)), partial(_digests, len(part)), values)
                out.update({(db, e): d for e, d in rows})
        return out

    def save_citation(self, citing_id: str, ref_id: str, target: Record, score: float) -> None:
        """Store one accepted link (replacing the reference's link to the same database)."""
        self.save_citations([(citing_id, ref_id, target.db, target.ext_id, score)], replace=False)

    def save_citations(
        self, rows: Iterable[tuple[str, str, str, str, float]], *, replace: bool
    ) -> None:
        """Store links ``(citing_id, ref_id, target_db, target_id, score)``; with ``replace`` they
        become the whole graph. A later row for the same reference and database wins. Commits."""
        keyed = {(r[0], r[1], r[2]): r for r in rows}
        values = [dict(zip(_CITATION_COLUMNS, r, strict=True)) for r in keyed.values()]
        c = citations.c
        if replace:
            self.connection.execute(delete(citations))
        elif values:
            keys = [{f"w_{k}": v[k] for k in _CITATION_COLUMNS[:3]} for v in values]
            where = (c[k] == bindparam(f"w_{k}") for k in _CITATION_COLUMNS[:3])
            self.connection.execute(delete(citations).where(*where), keys)
        if values:
            self.connection.execute(insert(citations), values)
        self.commit()

    def replace_citations(
        self,
        citing: Iterable[str],
        rows: Iterable[tuple[str, str, str, str, float]],
        *,
        everything: bool = False,
        only_changed: bool = False,
        before: Callable[[set[str]], None] | None = None,
    ) -> set[str]:
        """Make ``rows`` the links of the articles ``citing`` (their other links go; with
        ``everything``, every other link goes); the collection articles whose incoming links
        may have changed (targets of the links removed or added; with ``only_changed``, of the
        links removed, added or scored otherwise, for articles whose own record is unchanged,
        so a link kept as it was shows in the cited-by list as it did). ``before`` is called,
        400 articles at a time, with those whose links to collection articles move (removed,
        added or scored otherwise), before they are written. The caller commits."""
        c = citations.c
        keyed = {(r[0], r[1], r[2]): r for r in rows}
        names = sorted(set(citing) | {r[0] for r in keyed.values()})
        new = {r for r in keyed.values() if r[2] == "scielo"}
        targets = set() if only_changed else {r[3] for r in new}
        if everything:
            old = select(c.target_id).where(c.target_db == "scielo").distinct()
            targets.update(self.connection.execute(old).scalars())
            self.connection.execute(delete(citations))
        for part in _chunks(names, 400):
            if only_changed or before is not None:
                old = select(*(c[k] for k in _CITATION_COLUMNS)).where(
                    c.citing_id.in_(part), _unindexed(c.target_db) == "scielo"
                )
                kept = {tuple(r) for r in self.connection.execute(old)}
                mine = set(part)
                moved = kept ^ {r for r in new if r[0] in mine}
                targets.update(r[3] for r in (moved if only_changed else kept))
                if before is not None and moved:
                    before({r[0] for r in moved})
            else:
                old = select(c.target_id).where(
                    c.citing_id.in_(part), _unindexed(c.target_db) == "scielo"
                )
                targets.update(self.connection.execute(old).scalars())
            self.connection.execute(delete(citations).where(c.citing_id.in_(part)))
        values = [dict(zip(_CITATION_COLUMNS, r, strict=True)) for r in keyed.values()]
        if values:
            self.connection.execute(insert(citations), values)
        return targets

    def delete_records(self, db: str, ext_ids: Sequence[str]) -> None:
        """Remove records of one database (the caller commits)."""
        for part in _chunks(ext_ids, 400):
            self.connection.execute(delete(records).where(_r.db == db, _r.ext_id.in_(part)))

    # -- reading -------------------------------------------------------------------------------

    def count(self, db: str | None = None) -> int:
        query = select(func.count()).select_from(records)
        if db is not None:
            query = query.where(records.c.db == db)
        return self.connection.execute(query).scalar_one()

    def get(self, db: str, ext_id: str) -> Record | None:
        rows = self._rows("get", _get, {"db": db, "ext_id": ext_id})
        return record_from_row(rows[0]) if rows else None

    def by_doi(self, doi: str) -> list[Record]:
        CANDIDATE_QUERIES[0] += 1
        return [record_from_row(r) for r in self._rows("doi", _by_doi, {"doi": doi.lower()})]

    def by_pmid(self, pmid: str) -> list[Record]:
        CANDIDATE_QUERIES[0] += 1
        return [record_from_row(r) for r in self._rows("pmid", _by_pmid, {"pmid": pmid})]

    def by_source(self, source: str, year: str, volume: str, fpage: str) -> list[Record]:
        """Records of one journal (full title, abbreviation or key), year, volume and first page."""
        values = {"source_key": journal_key(source), "year": year, "volume": volume, "fpage": fpage}
        CANDIDATE_QUERIES[0] += 1
        return [record_from_row(r) for r in self._rows("source", _by_source, values)]

    def by_author_year(
        self, first_author: str, years: Iterable[str], title: str | None = None, keep: int = 4
    ) -> list[Record]:
        """Records by first-author surname and year; with ``title``, only the ``keep`` records
        whose titles are most alike (rapidfuzz over the block's titles before fetching rows)."""
        if title is None:
            return self.author_year_block(first_author, years)
        return self.author_year_ranked(first_author, years, title, keep)[0]

    def author_year_block(self, first_author: str, years: Iterable[str]) -> list[Record]:
        """Every record of one first author and years (the first ``AY_ROWS_UNTITLED`` by id)."""
        years = list(years)
        values = {"first_author": first_author} | {f"y{n}": y for n, y in enumerate(years)}
        n = len(years)
        CANDIDATE_QUERIES[0] += 1
        rows = self._rows(("ay", n), lambda: _by_author_year(n, full=True), values)
        return [record_from_row(r) for r in rows]

    def author_year_ranked(
        self, first_author: str, years: Iterable[str], title: str, keep: int = 4, reserve: int = 0
    ) -> tuple[list[Record], list[tuple[int, float]], int]:
        """The ``keep`` records of one first author and years whose titles are most alike
        ``title``; with the ranking of the first ``keep + reserve`` (``(id, similarity)``, best
        first, ties by id) and the number of the block's rows read (at most ``AY_ROWS``)."""
        years = list(years)
        values = {"first_author": first_author} | {f"y{n}": y for n, y in enumerate(years)}
        n = len(years)
        CANDIDATE_QUERIES[0] += 1
        rows = self._rows(("ay keys", n), lambda: _by_author_year(n, full=False), values)
        if not rows:
            return [], [], 0
        titles = {r[0]: r[1] if r[1] is not None else fold(r[2] or "") for r in rows}
        ranked = ranking(title, titles, keep + reserve)
        return self._by_ids([key for key, _ in ranked[:keep]]), ranked, len(rows)

    def by_title_words(
        self, words: list[str], title: str | None = None, keep: int = 8
    ) -> list[Record]:
        """Records whose title holds all of ``words`` (FTS5 or tsvector, the first 500 by id);
        with ``title``, the ``keep`` most alike."""
        if not words:
            return []
        query = {"q": title_words_query(self.dialect, words)}
        CANDIDATE_QUERIES[0] += 1
        rows = self._rows("title words", lambda: text(title_words_sql(self.dialect)), query)
        if title is None:
            return self._by_ids([r[0] for r in rows[:keep]])
        return self._most_alike(title, {r[0]: r[1] or "" for r in rows}, keep)

    def _most_alike(self, title: str, titles: dict[int, str], keep: int) -> list[Record]:
        return self._by_ids([key for key, _ in ranking(title, titles, keep)])

    def _by_ids(self, ids: list[int]) -> list[Record]:
        if not ids:
            return []
        values = {f"i{n}": i for n, i in enumerate(ids)}
        rows = self._rows(("ids", len(ids)), lambda: _by_ids(len(ids)), values)
        return [record_from_row(r) for r in rows]

    def by_ids(self, ids: Iterable[int]) -> dict[int, Record]:
        """The records of row ids ``ids`` (those still there), by id; one query per 400."""
        out: dict[int, Record] = {}
        for part in _chunks(sorted(set(ids)), 400):
            out.update({r.rowid: r for r in self._by_ids(part)})  # type: ignore[misc]
        return out

    def citing_many(
        self, target_db: str, target_ids: Sequence[str]
    ) -> Iterator[tuple[str, str, str, float, str | None]]:
        """``(target_id, citing_id, ref_id, score, citing title)`` of the links to the records
        ``target_ids`` of one database, by target, citing article and reference; one query per
        400 targets (the citing article's title is its ``scielo`` record's)."""
        return self._links_with_titles(target_db, citations.c.target_id, target_ids)

    def cited_from(
        self, target_db: str, citing_ids: Sequence[str]
    ) -> Iterator[tuple[str, str, str, float, str | None]]:
        """``(target_id, citing_id, ref_id, score, citing title)`` of the links from the articles
        ``citing_ids`` to records of one database (:meth:`citing_many`'s rows, seen from the
        citing side), by target, citing article and reference; one query per 400 articles."""
        return self._links_with_titles(target_db, citations.c.citing_id, sorted(set(citing_ids)))

    def _links_with_titles(
        self, target_db: str, column: Any, ids: Sequence[str]
    ) -> Iterator[tuple[str, str, str, float, str | None]]:
        """The links to records of ``target_db`` whose ``column`` is one of ``ids``, with the citing
        article's title, by target, citing article and reference; one query per 400 ids."""
        c = citations.c
        citer = records.alias("citer")
        join = citations.outerjoin(
            citer, (citer.c.db == "scielo") & (citer.c.ext_id == c.citing_id)
        )
        # by citing article: planned on the primary key, not on the target index
        db_column = _unindexed(c.target_db) if column is c.citing_id else c.target_db
        for part in _chunks(ids, 400):
            query = (
                select(c.target_id, c.citing_id, c.ref_id, c.score, citer.c.title)
                .select_from(join)
                .where(db_column == target_db, column.in_(part))
                .order_by(c.target_id, c.citing_id, c.ref_id)
            )
            yield from (tuple(r) for r in self.connection.execute(query))

    def citing(self, target_db: str, target_id: str) -> list[tuple[str, str, float]]:
        """``(citing_id, ref_id, score)`` of the links to one record, by citing article and reference."""
        values = {"target_db": target_db, "target_id": target_id}
        return [(c, r, s) for c, r, s in self._rows("citing", _citing, values)]


def _unindexed(column: Any) -> Any:
    """``column`` as an expression no index serves. A query of the links of some citing articles
    must be planned on the primary key (``citing_id`` first); with ``target_db = ?`` SQLite
    (no statistics) takes the target index instead, whose ``target_db`` holds nearly every link:
    a scan of the whole graph per query (1.3 s at 100,000 articles)."""
    return column + ""


_CITATION_COLUMNS = ("citing_id", "ref_id", "target_db", "target_id", "score")
_FIELDS = tuple(records.c[c] for c in RECORD_COLUMNS)
_r = records.c


def _insert() -> Executable:
    return insert(records).values({c: bindparam(c) for c in COLUMNS})


def _update() -> Executable:
    where = (_r.db == bindparam("w_db"), _r.ext_id == bindparam("w_ext_id"))
    return update(records).where(*where).values({c: bindparam(c) for c in COLUMNS[2:]})


def _digests(n: int) -> Executable:
    exts = [bindparam(f"e{k}") for k in range(n)]
    return select(_r.ext_id, _r.digest).where(_r.db == bindparam("db"), _r.ext_id.in_(exts))


def _get() -> Executable:
    return select(*_FIELDS).where(_r.db == bindparam("db"), _r.ext_id == bindparam("ext_id"))


def _by_doi() -> Executable:
    return select(*_FIELDS).where(_r.doi == bindparam("doi")).order_by(_r.id).limit(BLOCK_ROWS)


def _by_pmid() -> Executable:
    return select(*_FIELDS).where(_r.pmid == bindparam("pmid")).order_by(_r.id).limit(BLOCK_ROWS)


def _by_source() -> Executable:
    keys = ("source_key", "year", "volume", "fpage")
    return (
        select(*_FIELDS)
        .where(*(_r[k] == bindparam(k) for k in keys))
        .order_by(_r.id)
        .limit(BLOCK_ROWS)
    )


def _by_author_year(n: int, *, full: bool) -> Executable:
    columns = _FIELDS if full else (_r.id, _r.title_key, _r.title)
    years = [bindparam(f"y{k}") for k in range(n)]
    where = (_r.first_author == bindparam("first_author"), _r.year.in_(years))
    return (
        select(*columns).where(*where).order_by(_r.id).limit(AY_ROWS_UNTITLED if full else AY_ROWS)
    )


def _by_ids(n: int) -> Executable:
    ids = [bindparam(f"i{k}") for k in range(n)]
    return select(*_FIELDS).where(_r.id.in_(ids)).order_by(_r.id)


def _citing() -> Executable:
    c = citations.c
    return (
        select(c.citing_id, c.ref_id, c.score)
        .where(c.target_db == bindparam("target_db"), c.target_id == bindparam("target_id"))
        .order_by(c.citing_id, c.ref_id)
    )


def _where(location: str | Path) -> tuple[str, str | None]:
    """``(SQLAlchemy URL, SQLite file path or None)`` of an index location."""
    if str(location) in (":memory:", "", "sqlite://"):
        return "sqlite://", None
    parsed = check_url(location)
    url = normalise_url(location)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        return url, path if path and path != ":memory:" else None
    return url, None


def _engine(url: str) -> Engine:
    engine = connect(url, create=False)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
    return engine


def _tune_sqlite(dbapi_conn: Any, _record: Any) -> None:
    """Page cache and mapped reads for lookups over a large file."""
    for pragma in ("cache_size = -65536", "mmap_size = 268435456", "temp_store = MEMORY"):
        dbapi_conn.execute(f"PRAGMA {pragma}")  # 64 MiB of cache, 256 MiB mapped


def _read_only_engine(path: str | None) -> Engine:
    if path is None:
        raise ValueError("an index in memory cannot be opened read-only")
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    event.listen(engine, "connect", _tune_sqlite)
    return engine


def _upgrade_sqlite(conn: Connection) -> None:
    """Files of older releases: their ``records`` and ``citations`` tables take today's names, the
    old title index and match cache go (made again), and a missing ``title_key`` is filled."""
    names = set(inspect(conn).get_table_names())
    if "records" in names and records.name not in names:
        for trigger in ("records_ai", "records_ad", "records_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS records_fts")
        conn.exec_driver_sql("DROP TABLE IF EXISTS match_cache")
        conn.exec_driver_sql("DROP TABLE IF EXISTS match_snapshot")
        conn.exec_driver_sql(f"ALTER TABLE records RENAME TO {records.name}")
        if "citations" in names:
            conn.exec_driver_sql(f"ALTER TABLE citations RENAME TO {citations.name}")
    elif records.name not in names:
        return
    if "title_key" not in {c["name"] for c in inspect(conn).get_columns(records.name)}:
        conn.exec_driver_sql(f"ALTER TABLE {records.name} ADD COLUMN title_key TEXT")
        todo = conn.execute(select(_r.id, _r.title).where(_r.title.is_not(None))).all()
        if todo:
            conn.execute(update(records).where(_r.id == bindparam("w_id")).values(title_key=bindparam("k")),
                         [{"w_id": i, "k": fold(t)} for i, t in todo])  # fmt: skip


def _upgrade_match_cache(conn: Connection) -> None:
    """A match cache of an older release (no indexed blocking keys, no match traces) goes, with its snapshot: the
    next build matches every reference once and records them anew (on SQLite and PostgreSQL)."""
    found = inspect(conn)
    if not found.has_table(match_cache.name):
        return
    snapshot = found.has_table(match_snapshot.name) and {
        c["name"] for c in found.get_columns(match_snapshot.name)
    }
    columns = {c["name"] for c in found.get_columns(match_cache.name)}
    if not {"title_words", "trace", "author_year", "svp_last"} <= columns or (
        snapshot and "record_id" not in snapshot
    ):
        conn.exec_driver_sql(f"DROP TABLE {match_cache.name}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {match_snapshot.name}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {article_state.name}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {snapshot_logged.name}")  # a new snapshot


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
