"""Last build's accepted matches and index snapshot in, the references that must be matched again out.

A reference's matches depend on the reference (and the article citing it) and on the index records
its blocking keys find (:class:`~scielo_pub.citations.match.Matcher`: DOI, PMID, journal + year +
volume + page, first author + year +-1, and title words only when there is no author and year). The
index keeps, beside the records (``biblio_match_cache``, ``biblio_match_snapshot``), each reference's accepted matches under a key (the citing
article, the reference's content, the threshold and the matching code) and a snapshot of the
records' blocking keys as they were when those matches were made. A rebuild compares the records
with the snapshot in one query: a reference is matched again when its key is new or when a record
added, changed or removed since then (its old or new version) shares one of its blocking keys; a
reference without author and year is matched again whenever any record changed. The rest keep their
cached matches, so changing one article re-matches its own references and those that could find it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select

from .db import BiblioDB, Record
from .links import complete_reference
from .match import Query
from .normalise import journal_key
from .schema import match_cache, match_snapshot, records

_FEATURES = ("doi", "pmid", "source_key", "year", "volume", "fpage", "first_author")


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


@dataclass
class Changes:
    """The blocking keys of every record added, changed or removed since the snapshot."""

    any: bool = False
    dois: set[str] = field(default_factory=set)
    pmids: set[str] = field(default_factory=set)
    sources: set[tuple] = field(default_factory=set)
    author_years: set[tuple[str, str]] = field(default_factory=set)

    def add(self, row: Iterable[Any]) -> None:
        doi, pmid, source_key, year, volume, fpage, first_author = row
        self.any = True
        if doi:
            self.dois.add(doi)
        if pmid:
            self.pmids.add(pmid)
        self.sources.add((source_key, year, volume, fpage))
        if first_author and year:
            self.author_years.add((first_author, year))

    def touches(self, features: list) -> bool:
        """Whether a changed record could be among the candidates of a reference (its
        ``features``: doi, pmid, source key, year, volume, first page, first author)."""
        if not self.any:
            return False
        doi, pmid, source_key, year, volume, fpage, first_author = features
        if not (first_author and year):
            return True  # title words may find any record
        if doi and doi in self.dois or pmid and pmid in self.pmids:
            return True
        if (source_key, year, volume, fpage) in self.sources:
            return True
        y = int(year)
        return any((first_author, str(y + d)) in self.author_years for d in (-1, 0, 1))


def features(ref: Any) -> list:
    """The blocking keys of a reference as the matcher queries them."""
    q = Query.of(complete_reference(ref))
    doi = q.doi.lower() if q.doi else None
    return [doi, q.pmid, journal_key(q.source_key), q.year, q.volume, q.fpage, q.first_author]


def changes_since_snapshot(db: BiblioDB) -> Changes:
    """Old and new blocking keys of the records that differ from the snapshot (one query each way)."""
    changes = Changes()
    r, s = records.c, match_snapshot.c
    same = (s.db == r.db) & (s.ext_id == r.ext_id)
    new = (
        select(*(r[c] for c in _FEATURES))
        .select_from(records.outerjoin(match_snapshot, same))
        .where(or_(s.digest.is_(None), s.digest != r.digest))
    )
    old = (
        select(*(s[c] for c in _FEATURES))
        .select_from(match_snapshot.outerjoin(records, same))
        .where(or_(r.digest.is_(None), s.digest != r.digest))
    )
    for query in (new, old):
        for row in db.connection.execute(query):
            changes.add(tuple(row))
    return changes


def cached_matches(db: BiblioDB) -> dict[tuple[str, str], tuple[str, str, str]]:
    """``(citing, ref_id) -> (key, accepted JSON, features JSON)`` as the last build left them."""
    m = match_cache.c
    rows = db.connection.execute(select(m.citing, m.ref_id, m.key, m.accepted, m.features))
    return {(c, r): (k, a, f) for c, r, k, a, f in rows}


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


def row(citing: str, ref_id: str, key: str, ref: Any, accepted: Iterable[tuple[Record, float]]):
    """The ``match_cache`` row of a reference matched now."""
    found = json.dumps([[r.db, r.ext_id, s] for r, s in accepted])
    return (citing, ref_id, key, found, json.dumps(features(ref)))


def save(db: BiblioDB, fresh: list[tuple], keep: set[tuple[str, str]]) -> None:
    """Store the matches made now, drop the references that are gone, snapshot the records; one commit."""
    m = match_cache.c
    conn = db.connection
    redone = {(f[0], f[1]) for f in fresh}
    known = {(c, r) for c, r in conn.execute(select(m.citing, m.ref_id))}
    gone = [(c, r) for c, r in known if (c, r) not in keep or (c, r) in redone]
    stale = [{"w_citing": c, "w_ref_id": r} for c, r in gone]
    if stale:
        where = (m.citing == bindparam("w_citing"), m.ref_id == bindparam("w_ref_id"))
        conn.execute(delete(match_cache).where(*where), stale)
    if fresh:
        latest = {(f[0], f[1]): f for f in fresh}  # the same reference twice: the later wins
        names = [c.name for c in match_cache.columns]
        conn.execute(
            insert(match_cache), [dict(zip(names, f, strict=True)) for f in latest.values()]
        )
    conn.execute(delete(match_snapshot))
    columns = ["db", "ext_id", "digest", *_FEATURES]
    conn.execute(
        insert(match_snapshot).from_select(columns, select(*(records.c[c] for c in columns)))
    )
    db.commit()
