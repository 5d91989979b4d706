"""A collection's articles and a bibliographic database in, per-reference matches and cited-by lists out.

This is the *links* stage of the build: the collection's own articles are indexed, the external
databases the collection configures (``[citations]`` in collection.toml: LILACS ISO/id files, PubMed
XML, Crossref JSON) are imported incrementally, every cited reference is matched (blocking + explained
scoring, :class:`~scielo_pub.citations.match.Matcher`), accepted links are stored as the collection's
citation graph, and each article learns which articles of the collection cite it.

Matching scales out: the references are split into partitions by a blocking key (the first author's
surname and the year, as the matcher's author+year block), and each partition is one task on the
build's executor, which opens the index read-only and returns its accepted records: a SQLite
index file opens immutable (no locks, so workers on other hosts read it from the shared output
folder), an index in PostgreSQL is read from the database server by every worker; no process
holds every reference and the index in memory at once. Results are put back in reference order, so
the graph is the same whatever the executor. Only the references whose cached matches may be stale
are matched (``match_cache``: the reference or its citing article changed, or a record sharing one of
its blocking keys did); the graph and the cited-by lists are then made from all matches, cached or new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .db import BiblioDB, ImportStats, Record
from .importers import (
    read_lilacs_file,
    records_from_articles,
    records_from_crossref,
    records_from_pubmed_xml,
)
from .links import CitedBy, GraphStats, cited_by, complete_reference
from .match import Matcher
from .normalise import fold, year_of

#: References per matching task, about: enough to amortise opening the index, small enough to spread.
PARTITION_SIZE = 2000

#: ``[citations]`` keys in collection.toml -> how to read each listed file.
SOURCES = {
    "lilacs": lambda path: read_lilacs_file(path),
    "medline": lambda path: records_from_pubmed_xml(path.read_bytes()),
    "crossref": lambda path: records_from_crossref(json.loads(path.read_text(encoding="utf-8"))),
}


@dataclass(frozen=True)
class CollectionLinks:
    """Accepted matches per article and reference id, cited-by lists per article, and counts."""

    matches: dict[str, dict[str, tuple[Record, ...]]] = field(default_factory=dict)
    cited_by: dict[str, tuple[CitedBy, ...]] = field(default_factory=dict)
    stats: GraphStats = GraphStats(0, 0, 0)
    imports: dict[str, ImportStats] = field(default_factory=dict)


def article_key(article: Any) -> str | None:
    """How the database names a collection article: PID v2, else PID v3, else DOI."""
    return article.pid or getattr(article, "pid_v3", None) or article.doi


def import_sources(db: BiblioDB, config: Mapping[str, Any], base: Path) -> dict[str, ImportStats]:
    """Import every file ``config`` lists (paths relative to ``base``); unknown keys are an error."""
    unknown = set(config) - set(SOURCES)
    if unknown:
        raise ValueError(
            f"unknown [citations] keys {sorted(unknown)}; use {', '.join(sorted(SOURCES))}"
        )
    stats = {}
    for kind, files in config.items():
        for name in [files] if isinstance(files, str) else files:
            path = (base / name).resolve()
            if not path.is_relative_to(base.resolve()):
                raise ValueError(f"{name} resolves outside the collection; it was not read")
            stats[f"{kind}:{name}"] = db.upsert(SOURCES[kind](path))
    return stats


def link_collection(
    articles: Sequence[Any],
    db: BiblioDB,
    *,
    site_base: str = "",
    threshold: float = 0.8,
    executor: Any = None,
) -> CollectionLinks:
    """Index ``articles``, match their references (cached matches reused while valid), store the
    graph and list who cites whom.

    With an ``executor`` (``scielo_pub.executors``) and an index in a file or in PostgreSQL, the
    matching runs as partitioned tasks; otherwise here, reference by reference.
    """
    from . import match_cache as cache

    db.upsert(records_from_articles(articles))
    refs = [
        (citing, ref.id or f"#{number}", ref)
        for citing, art in ((article_key(a), a) for a in articles)
        if citing
        for number, ref in enumerate(art.references, 1)
    ]
    found, fresh = _reuse_or_match(refs, db, threshold, executor)
    matches: dict[str, dict[str, tuple[Record, ...]]] = {
        k: {} for k in (article_key(a) for a in articles) if k
    }
    linked = 0
    rows = []
    for (citing, ref_id, _ref), accepted in zip(refs, found, strict=True):
        matches[citing][ref_id] = dict(accepted)
        rows += [(citing, ref_id, rec.db, rec.ext_id, score) for rec, score in accepted]
        linked += len(accepted)
    db.save_citations(rows, replace=True)  # the graph is recomputed from today's references
    cache.save(db, fresh, {(c, r) for c, r, _ in refs})
    n_refs = len(refs)
    citers = {k: tuple(cited_by(db, k, site_base)) for k in _keys(articles)}
    return CollectionLinks(
        {k: {r: tuple(v) for r, v in refs.items()} for k, refs in matches.items()},
        citers,
        GraphStats(len(articles), n_refs, linked),
    )


def _reuse_or_match(
    refs: list[tuple[str, str, Any]], db: BiblioDB, threshold: float, executor: Any
) -> tuple[list[tuple[tuple[Record, float], ...]], list[tuple]]:
    """Accepted pairs per reference: cached when still valid (``match_cache``), else matched now;
    and the cache rows of those matched now."""
    from . import match_cache as cache

    changes = cache.changes_since_snapshot(db)
    known = cache.cached_matches(db)
    records: dict = {}
    found: list[tuple[tuple[Record, float], ...] | None] = []
    keys = []
    for citing, ref_id, ref in refs:
        key = cache.reference_key(citing, ref, threshold)
        keys.append(key)
        hit = known.get((citing, ref_id))
        valid = hit is not None and hit[0] == key and not changes.touches(json.loads(hit[2]))
        found.append(cache.decode(db, hit[1], records) if valid and hit else None)
    todo = [n for n, f in enumerate(found) if f is None]
    fresh = []
    matched = _match_all([refs[n] for n in todo], db, threshold, executor)
    for n, accepted in zip(todo, matched, strict=True):
        found[n] = accepted
        fresh.append(cache.row(refs[n][0], refs[n][1], keys[n], refs[n][2], accepted))
    return [f or () for f in found], fresh


def _match_all(
    refs: list[tuple[str, str, Any]], db: BiblioDB, threshold: float, executor: Any
) -> list[tuple[tuple[Record, float], ...]]:
    """Accepted ``(record, score)`` pairs per reference, in the order of ``refs``."""
    location = db.shareable
    if executor is None or location is None or len(refs) <= PARTITION_SIZE // 4:
        matcher = Matcher(db, threshold)
        return [tuple(_accepted(matcher, ref, citing).items()) for citing, _, ref in refs]
    parts: dict[int, list[int]] = {}
    count = max(1, -(-len(refs) // PARTITION_SIZE))
    for n, (_, _, ref) in enumerate(refs):
        parts.setdefault(_partition(ref, count), []).append(n)
    order = sorted(parts)
    db.checkpoint()  # workers read what is committed (and, on SQLite, in the main file)
    jobs = [(location, threshold, [refs[n] for n in parts[p]]) for p in order]
    done = executor.map(match_partition, jobs, desc="references", cost=lambda j: len(j[2]))
    found: list[tuple[tuple[Record, float], ...]] = [()] * len(refs)
    for p, result in zip(order, done, strict=True):
        if not isinstance(result, list):  # a TaskFailure: match that partition here instead
            result = match_partition((location, threshold, [refs[n] for n in parts[p]]))
        for n, accepted in zip(parts[p], result, strict=True):
            found[n] = accepted
    return found


def _partition(ref: Any, count: int) -> int:
    """A stable partition number from a cheap blocking key: first author's surname and year."""
    authors = getattr(ref, "authors", None) or []
    first = authors[0] if authors else None
    name = getattr(first, "surname", None) or getattr(first, "collab", None) or ""
    key = f"{fold(name)}|{year_of(getattr(ref, 'year', None) or '') or ''}"
    if key == "|":
        key = fold(getattr(ref, "mixed_citation", None) or "")[:12]
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % count


def match_partition(
    job: tuple[str, float, list[tuple[str, str, Any]]],
) -> list[tuple[tuple[Record, float], ...]]:
    """One matching task: open the index read-only (the SQLite file, immutable, or the PostgreSQL
    database), match a partition's references (citing, id, ref)."""
    location, threshold, refs = job
    with BiblioDB.read_only(location) as db:
        matcher = Matcher(db, threshold)
        return [tuple(_accepted(matcher, ref, citing).items()) for citing, _, ref in refs]


def _accepted(matcher: Matcher, ref: Any, citing: str) -> dict[Record, float]:
    """Accepted records for one reference, leaving out the citing article itself."""
    result = matcher.match(complete_reference(ref))
    return {
        cand.record: cand.score
        for cand in result.accepted.values()
        if not (cand.record.db == "scielo" and cand.record.ext_id == citing)
    }


def _keys(articles: Iterable[Any]) -> list[str]:
    return [k for k in (article_key(a) for a in articles) if k]
