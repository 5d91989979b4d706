"""Last build's accepted matches and index snapshot in, the references that must be matched again out.

A reference's matches depend on the reference (and the article citing it) and on the index records
its blocking keys find (:class:`~scielo_pub.citations.match.Matcher`: DOI, PMID, journal + year +
volume + page, first author + year +-1, and title words only when there is no author and year). The
index keeps, beside the records (``biblio_match_cache``, ``biblio_match_snapshot``), each reference's
accepted matches under a key (the citing article, the reference's content, the threshold and the
matching code) with its blocking keys as indexed columns, and a snapshot of the records' blocking
keys as they were when those matches were made. A rebuild compares the records with the snapshot
(one query each way; on SQLite only the records written since the snapshot was saved, which
triggers note in ``biblio_record_log``, unless the log was not kept all along, when every record
is compared once): a reference is matched again when its key is new or when a record added,
changed or removed since then (its old or new version) shares one of its blocking keys, which
indexed queries find (:func:`stale`) without reading the other references; a reference without
author and year (its title words may find any record) is matched again when a changed record's
title holds the tokens of as many of its title words as the matcher asks for (the snapshot keeps
the records' folded titles, the cache each such reference's words). The rest keep their cached matches,
so changing one article re-matches its own references, and those of other articles that could find
it are re-scored against it alone (``rescore``: each row also keeps the reference's query and its
match's ``Trace``, and whether that match ran the author+year block: a reference that accepted a
record before it is not stale when it shares only its author and year with a changed record,
and one whose journal-key block returned as many rows as it may is not stale for a changed
record of a higher row id than the last of them, ``svp_last``); only the changed records'
snapshot rows are written again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select

from .db import BiblioDB, Record
from .links import complete_reference
from .match import Query, Trace, title_words
from .normalise import journal_key
from .schema import (
    EVERY_ROW,
    match_cache,
    match_snapshot,
    record_log,
    records,
    snapshot_logged,
)

#: Values per ``IN`` list, below every engine's limit on bound parameters.
_CHUNK = 400

_FEATURES = ("doi", "pmid", "source_key", "year", "volume", "fpage", "first_author")
#: What the snapshot keeps of a record: its blocking keys and its folded title.
_SNAPSHOT = (*_FEATURES, "title_key")
#: Title tokens as the title-word index splits them (letters and digits).
_TOKENS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def matching_code() -> str:
    """A digest of the citations package's code: new matching rules invalidate every cached match."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def reference_key(citing: str, ref: Any, threshold: float) -> str:
    """What a reference's matches depend on besides the index: citing article, content, rules."""
    text = f"{citing}\0{ref!r}\0{threshold}\0{matching_code()}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a record added, changed or removed since the snapshot, as the index's
    columns hold it: the old one (the snapshot's row) or the new one (the record's)."""

    new: bool
    rowid: int | None
    db: str
    ext_id: str
    doi: str | None
    pmid: str | None
    source_key: str | None
    year: str | None
    volume: str | None
    fpage: str | None
    first_author: str | None
    title_key: str | None


@dataclass
class Changes:
    """The blocking keys of every record added, changed or removed since the snapshot."""

    any: bool = False
    #: ``(db, ext_id)`` of those records.
    records: set[tuple[str, str]] = field(default_factory=set)
    dois: set[str] = field(default_factory=set)
    pmids: set[str] = field(default_factory=set)
    sources: set[tuple] = field(default_factory=set)
    #: Per journal key, the lowest row id of the versions holding it (0: one has none).
    source_ids: dict[tuple, int] = field(default_factory=dict)
    author_years: set[tuple[str, str]] = field(default_factory=set)
    #: The title tokens of each of those records (old and new versions apart).
    titles: list[frozenset[str]] = field(default_factory=list)
    #: Every version (old and new) of those records.
    versions: list[Version] = field(default_factory=list)
    #: The record log's last ``seq`` when the comparison began (None: no log, not SQLite).
    logged: int | None = None

    def add(self, row: Iterable[Any], rowid: int | None = None, new: bool = True) -> None:
        """Note one version of a changed record: ``(db, ext_id, doi, pmid, source key, year,
        volume, first page, first author, folded title)`` and its row id."""
        row = tuple(row)
        source, ext_id, doi, pmid, source_key, year, volume, fpage, first_author, title = row
        self.versions.append(Version(new, rowid, *row))
        self.any = True
        self.records.add((source, ext_id))
        if title:
            self.titles.append(frozenset(_TOKENS.findall(title)))
        if doi:
            self.dois.add(doi)
        if pmid:
            self.pmids.add(pmid)
        key = (source_key, year, volume, fpage)
        self.sources.add(key)
        own, lowest = rowid or 0, self.source_ids.get(key)
        self.source_ids[key] = own if lowest is None else min(own, lowest)
        if first_author and year:
            self.author_years.add((first_author, year))

    def touches(self, features: list, words: Iterable[str] = ()) -> bool:
        """Whether a changed record could be among the candidates of a reference (its
        ``features``: doi, pmid, source key, year, volume, first page, first author; ``words``:
        what its title-word block may ask for, ``match.title_words``)."""
        if not self.any:
            return False
        doi, pmid, source_key, year, volume, fpage, first_author = features
        if doi and doi in self.dois or pmid and pmid in self.pmids:
            return True
        if (
            all((source_key, year, volume, fpage))
            and (source_key, year, volume, fpage) in self.sources
        ):
            return True
        if not (first_author and year):  # the title-word block: a record holding enough words
            return self.title_may_find(list(words))
        y = int(year)
        return any((first_author, str(y + d)) in self.author_years for d in (-1, 0, 1))

    def title_may_find(self, words: list[str]) -> bool:
        """Whether a changed record's title holds the tokens of as many of ``words`` as the
        title-word block asks for (four, or all when fewer): only then can it be found by them
        (an over-estimate: the block asks for the four longest, in phrases)."""
        if not words:
            return False
        need = min(4, len(words))
        tokens = [frozenset(_TOKENS.findall(w)) for w in words]
        return any(sum(1 for t in tokens if t <= title) >= need for title in self.titles)


def features(ref: Any) -> list:
    """The blocking keys of a reference as the matcher queries them."""
    return _features(Query.of(complete_reference(ref)))


def _features(q: Query) -> list:
    doi = q.doi.lower() if q.doi else None
    return [doi, q.pmid, journal_key(q.source_key), q.year, q.volume, q.fpage, q.first_author]


def changes_since_snapshot(db: BiblioDB) -> Changes:
    """Old and new blocking keys of the records that differ from the snapshot (one query each way):
    of the records the record log names when it holds every record written since the snapshot
    was saved (SQLite), else of every record."""
    changes = Changes()
    r, s, log = records.c, match_snapshot.c, record_log.c
    conn = db.connection
    if db.dialect == "sqlite":  # the log's triggers are in place (``BiblioDB`` made them)
        changes.logged = conn.execute(select(func.coalesce(func.max(log.seq), 0))).scalar()
    complete = LOGGED and changes.logged is not None
    complete = complete and conn.execute(select(snapshot_logged.c.id)).first() is not None
    same = (s.db == r.db) & (s.ext_id == r.ext_id)
    new = select(r.db, r.ext_id, *(r[c] for c in _SNAPSHOT), r.id)
    old = select(s.db, s.ext_id, *(s[c] for c in _SNAPSHOT), s.record_id)
    if complete:  # from the log: each noted record looked up in both tables
        noted = record_log.join(records, (r.db == log.db) & (r.ext_id == log.ext_id))
        new = new.select_from(noted.outerjoin(match_snapshot, same))
        noted = record_log.join(match_snapshot, (s.db == log.db) & (s.ext_id == log.ext_id))
        old = old.select_from(noted.outerjoin(records, same))
        new, old = (q.where(log.seq <= changes.logged) for q in (new, old))
    else:
        new = new.select_from(records.outerjoin(match_snapshot, same))
        old = old.select_from(match_snapshot.outerjoin(records, same))
        COMPARED["whole"] += 1
    new = new.where(or_(s.digest.is_(None), s.digest != r.digest))
    old = old.where(or_(r.digest.is_(None), s.digest != r.digest))
    for query, is_new in ((new, True), (old, False)):
        for row in conn.execute(query):
            changes.add(tuple(row)[:-1], row[-1], is_new)
    return changes


#: False: every record is compared with the snapshot, the record log left unread (the tests
#: show that the log finds the same changes, and how many whole comparisons it saves).
LOGGED = True
#: Comparisons of every record with the snapshot (``whole``) made in this process.
COMPARED = {"whole": 0}


def stale(db: BiblioDB, changes: Changes) -> set[tuple[str, str]]:
    """``(citing, ref_id)`` of the cached references a changed record may be a candidate of
    (as :meth:`Changes.touches` decides), found through the cache's indexed blocking keys."""
    if not changes.any:
        return set()
    m = match_cache.c
    conn = db.connection
    found: set[tuple[str, str]] = set()
    if changes.titles:  # references without author and year, by their title words
        rows = conn.execute(select(m.citing, m.ref_id, m.title_words).where(m.anywhere == 1))
        found.update(
            (c, r) for c, r, words in rows if changes.title_may_find((words or "").split())
        )
    pairs = {(a, str(int(y) + d)) for a, y in changes.author_years for d in (-1, 0, 1)}
    sources = [k for k in changes.sources if all(k)]
    # A reference whose author+year block did not run (its trace shows a record accepted by the
    # blocks before) keeps its matches while its DOI, PMID and journal key find no changed record:
    # those candidates are the same, so the same one is accepted first (``rescore``).
    ran = m.author_year == 1
    lookups = (
        ((m.doi,), sorted(changes.dois), None),
        ((m.pmid,), sorted(changes.pmids), None),
        ((m.first_author, m.year), sorted(pairs), ran if DISMISS else None),
    )
    for columns, values, also in lookups:
        for start in range(0, len(values), _CHUNK):
            where = any_of(columns, values[start : start + _CHUNK])
            query = select(m.citing, m.ref_id).where(where if also is None else where & also)
            found.update(tuple(r) for r in conn.execute(query))
    # A reference whose journal-key block returned as many rows as it may (the first by row id)
    # is left out for a changed record beyond the last of them (``svp_last``): it was not among
    # them and is not now, while every changed record sharing the key is beyond (``rescore``).
    journal = (m.source_key, m.year, m.volume, m.fpage)
    for start in range(0, len(sources), _CHUNK):
        where = or_(*(and_(*(c == v for c, v in zip(journal, key, strict=True)),
                           m.svp_last >= (changes.source_ids[key] if BEYOND else 0))
                      for key in sorted(sources)[start : start + _CHUNK]))  # fmt: skip
        found.update(tuple(r) for r in conn.execute(select(m.citing, m.ref_id).where(where)))
    return found


#: ``stale`` leaves out the references whose author+year block did not run when only their
#: author and year are shared with a changed record; False keeps them (the tests disable it to
#: show the rule is needed for nothing but speed).
DISMISS = True
#: ``stale`` leaves out the references whose full journal-key block stopped before every changed
#: record sharing their key (``svp_last``); False keeps them (the tests compare both).
BEYOND = True


def journal_last(trace: Trace | None) -> int:
    """The ``svp_last`` column of a reference matched with ``trace``: when its journal-key block
    returned ``BLOCK_ROWS`` rows (the first by row id), the highest row id of the candidates the
    blocks up to it found (every row it returned is one of them, so the last it returned is at
    or below); else ``EVERY_ROW``."""
    from .db import BLOCK_ROWS

    if trace is None or trace.sizes[2] < BLOCK_ROWS:
        return EVERY_ROW
    return max((i for i, b, _s, _a in trace.candidates if b <= 2), default=EVERY_ROW)


def author_year_ran(trace: Trace | None) -> int:
    """The ``author_year`` column of a reference matched with ``trace`` (1 when unknown)."""
    return 0 if trace is not None and trace.sizes[3] < 0 else 1


def any_of(columns: tuple, values: list) -> Any:
    """Rows whose ``columns`` hold one of ``values`` (tuples, or single values for one column),
    as a condition each engine answers from an index: ``IN`` for one column, else equalities
    joined by ``OR`` (SQLite scans the whole table for ``(a, b) IN (VALUES ...)``)."""
    if len(columns) == 1:
        return columns[0].in_(values)
    return or_(*(and_(*(c == v for c, v in zip(columns, value, strict=True))) for value in values))


def cached_matches(
    db: BiblioDB, citing: Iterable[str] | None = None
) -> dict[tuple[str, str], tuple[str, str]]:
    """``(citing, ref_id) -> (key, accepted JSON)`` as the last build left them: of the articles
    ``citing`` names, or of every article."""
    m = match_cache.c
    query = select(m.citing, m.ref_id, m.key, m.accepted)
    if citing is None:
        return {(c, r): (k, a) for c, r, k, a in db.connection.execute(query)}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    names = sorted(set(citing))
    for start in range(0, len(names), _CHUNK):
        rows = db.connection.execute(query.where(m.citing.in_(names[start : start + _CHUNK])))
        out.update({(c, r): (k, a) for c, r, k, a in rows})
    return out


def matches_of(db: BiblioDB, citing: str, records: dict | None = None) -> dict[str, tuple]:
    """One article's cached matches, ``ref_id -> (record, ...)`` in reference order; a reference
    whose record is gone has none (it is matched again by the next build)."""
    pairs = pairs_of(db, citing, records)
    return {ref_id: tuple(r for r, _ in found) for ref_id, found in pairs.items()}


def pairs_of(db: BiblioDB, citing: str, records: dict | None = None) -> dict[str, tuple]:
    """One article's cached matches with their scores, ``ref_id -> ((record, score), ...)`` in
    reference order (a reference whose record is gone has none)."""
    m = match_cache.c
    rows = db.connection.execute(
        select(m.ref_id, m.accepted).where(m.citing == citing).order_by(m.position, m.ref_id)
    )
    records = {} if records is None else records
    return {ref_id: decode(db, accepted, records) or () for ref_id, accepted in rows}


def decode(db: BiblioDB, accepted: str, records: dict) -> tuple[tuple[Record, float], ...] | None:
    """Cached ``[[db, ext_id, score], ...]`` as today's records; None when one is gone."""
    out = []
    for source, ext_id, score in json.loads(accepted):
        key = (source, ext_id)
        if key not in records:
            records[key] = db.get(source, ext_id)
        if records[key] is None:
            return None
        out.append((records[key], score))
    return tuple(out)


def row(
    citing: str,
    ref_id: str,
    position: int,
    key: str,
    ref: Any,
    accepted: Iterable[tuple[Record, float]],
    trace: Trace | None = None,
) -> dict:
    """The ``match_cache`` row of a reference matched now (``trace``: what its match found)."""
    return query_row(
        citing, ref_id, position, key, Query.of(complete_reference(ref)), accepted, trace
    )


def query_row(
    citing: str,
    ref_id: str,
    position: int,
    key: str,
    q: Query,
    accepted: Iterable[tuple[Record, float]],
    trace: Trace | None = None,
) -> dict:
    """The ``match_cache`` row of a reference matched now, from the query it was matched with."""
    doi, pmid, source_key, year, volume, fpage, first_author = _features(q)
    anywhere = not (first_author and year)
    return {
        "citing": citing, "ref_id": ref_id, "position": position, "key": key,
        "accepted": accepted_json(accepted),
        "doi": doi, "pmid": pmid, "source_key": source_key, "year": year, "volume": volume,
        "fpage": fpage, "first_author": first_author,
        "anywhere": 1 if anywhere else 0,
        "title_words": " ".join(title_words(q.title)) if anywhere and q.title else None,
        "query": query_json(q), "trace": trace.dumps() if trace is not None else None,
        "author_year": author_year_ran(trace), "svp_last": journal_last(trace),
    }  # fmt: skip


def accepted_json(accepted: Iterable[tuple[Record, float]]) -> str:
    return json.dumps([[r.db, r.ext_id, s] for r, s in accepted])


def query_json(q: Query) -> str:
    """What a ``Query`` holds beyond its row's blocking keys: the folded title, the issue, and
    the journal key as the matcher scores with it when keying it again changes it."""
    keyed = journal_key(q.source_key)
    data = [q.title, q.issue, q.source_key if keyed != q.source_key else None]
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def query_of(ref_id: str, columns: Iterable[Any], text: str) -> Query:
    """The ``Query`` a cached reference was matched with, from its row: blocking keys (doi, pmid,
    source key, year, volume, first page, first author) and ``query_json``'s text."""
    doi, pmid, source_key, year, volume, fpage, first_author = columns
    title, issue, unkeyed = json.loads(text)
    return Query(
        ref_id=ref_id, doi=doi, pmid=pmid, title=title,
        source_key=unkeyed if unkeyed is not None else source_key or "", year=year,
        volume=volume, fpage=fpage, first_author=first_author or "", issue=issue,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cached:
    """One cached reference as the re-scoring of stale references reads it."""

    citing: str
    ref_id: str
    query: Query | None
    accepted: str
    #: Its trace as stored (``Trace.dumps``), parsed when asked (``trace``).
    text: str | None

    @property
    def trace(self) -> Trace | None:
        return Trace.loads(self.text)


def stale_rows(db: BiblioDB, pairs: Iterable[tuple[str, str]]) -> list[Cached]:
    """The cached rows of the references ``pairs`` (``(citing, ref_id)``), by citing article and
    position: their queries, accepted matches and traces."""
    out = []
    wanted = sorted(set(pairs))
    for start in range(0, len(wanted), _ROWS):
        chunk = wanted[start : start + _ROWS]
        chunk += chunk[-1:] * (_ROWS - len(chunk))  # one statement, prepared once
        values = {f"{k}{n}": v for n, (c, r) in enumerate(chunk) for k, v in (("c", c), ("r", r))}
        for row in db._rows("stale_rows", _stale_rows, values):
            citing, ref_id, accepted, text, trace = row[:5]
            q = query_of(ref_id, row[5:], text) if text else None
            out.append(Cached(citing, ref_id, q, accepted, trace))
    return out


#: References per statement of ``stale_rows`` (a chunk shorter repeats its last one).
_ROWS = 16


def _stale_rows() -> Any:
    m = match_cache.c
    keys = (m.doi, m.pmid, m.source_key, m.year, m.volume, m.fpage, m.first_author)
    pairs = [(bindparam(f"c{n}"), bindparam(f"r{n}")) for n in range(_ROWS)]
    return select(m.citing, m.ref_id, m.accepted, m.query, m.trace, *keys).where(
        any_of((m.citing, m.ref_id), pairs)
    )


def save_rescored(db: BiblioDB, rows: list[dict]) -> None:
    """Store the re-scored references' accepted matches and traces (``citing``, ``ref_id``,
    ``accepted``, ``trace``), in one statement; the caller commits."""
    m = match_cache.c
    if rows:
        where = (m.citing == bindparam("w_citing"), m.ref_id == bindparam("w_ref_id"))
        statement = match_cache.update().where(*where)
        values = [{"w_citing": r["citing"], "w_ref_id": r["ref_id"], "accepted": r["accepted"],
                   "trace": r["trace"], "ran": author_year_ran(trace), "last": journal_last(trace)}
                  for r in rows for trace in [Trace.loads(r["trace"])]]  # fmt: skip
        columns = {"accepted": bindparam("accepted"), "trace": bindparam("trace"),
                   "author_year": bindparam("ran"), "svp_last": bindparam("last")}  # fmt: skip
        db.connection.execute(statement.values(**columns), values)


def save(
    db: BiblioDB,
    fresh: list[dict],
    drop: Iterable[tuple[str, str]],
    changes: Changes,
    *,
    everything: bool = False,
) -> None:
    """Store the matches made now, drop the references ``drop`` names (gone or matched again),
    bring the snapshot of the changed records up to date (``everything``: the whole snapshot
    again, as when the index is new); the caller commits."""
    save_matches(db, fresh, drop)
    save_snapshot(db, changes, everything=everything)


def save_matches(db: BiblioDB, fresh: list[dict], drop: Iterable[tuple[str, str]]) -> None:
    """Store the matches made now and drop the references ``drop`` names (gone or matched
    again); the caller commits."""
    m = match_cache.c
    conn = db.connection
    gone = {(f["citing"], f["ref_id"]) for f in fresh} | set(drop)
    if gone:
        where = (m.citing == bindparam("w_citing"), m.ref_id == bindparam("w_ref_id"))
        conn.execute(
            delete(match_cache).where(*where), [{"w_citing": c, "w_ref_id": r} for c, r in gone]
        )
    if fresh:
        latest = {
            (f["citing"], f["ref_id"]): f for f in fresh
        }  # the same reference twice: the later wins
        conn.execute(insert(match_cache), list(latest.values()))


def save_snapshot(db: BiblioDB, changes: Changes, *, everything: bool = False) -> None:
    """Bring the snapshot of the changed records up to date (``everything``: the whole snapshot
    again, as when the index is new); the caller commits."""
    conn = db.connection
    columns = ["db", "ext_id", "digest", *_SNAPSHOT]
    into = [*columns, "record_id"]
    if everything:
        conn.execute(delete(match_snapshot))
        now = select(*(records.c[c] for c in columns), records.c.id)
        conn.execute(insert(match_snapshot).from_select(into, now))
    keys = sorted(changes.records) if not everything else []
    s, r = match_snapshot.c, records.c
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        conn.execute(delete(match_snapshot).where(any_of((s.db, s.ext_id), chunk)))
        now = select(*(r[c] for c in columns), r.id).where(any_of((r.db, r.ext_id), chunk))
        conn.execute(insert(match_snapshot).from_select(into, now))
    if changes.logged is not None:  # the records noted up to the comparison are in the snapshot
        conn.execute(delete(record_log).where(record_log.c.seq <= changes.logged))
        if conn.execute(select(snapshot_logged.c.id)).first() is None:
            conn.execute(insert(snapshot_logged).values(id=1))
