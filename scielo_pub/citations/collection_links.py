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
its blocking keys did); a stale reference of an article not read now is re-scored against the
changed records alone (``rescore``), from the query and match trace the cache keeps with it. Work
follows what changed (:func:`link_inputs`): an article whose input digest is the one recorded at the
last build (``link_state``: its input digest, and a digest of the matching salt made once) is not
read, keyed nor indexed again (the unchanged inputs' recorded states compared with theirs as columns,
through ``map``: no loop step per article; then its two views, made in bulk too);
the index records of the articles read go into the index 500 at a time; the articles read are
matched 500 at a time (models, references and matches dropped after each round); the graph's edges of the
articles read now (or whose matches re-scoring changed) are rewritten, and the cited-by list of each
article those edges reach (for an article relinked by re-scoring, only those its moved edges reach)
gets a new digest patched entry by entry from the recorded one (``link_state.patched``: the entries
of the articles whose links or title changed, read before and after they change), so a record cited
by thousands of articles costs a changed citer its own entries; a list not recorded is read whole.
Every article's matches and cited-by list are views holding their digests that read the index only
when asked; they are made when asked too (``link_state.Views``: the build takes every input's pair as
two lists made in bulk from the recorded digests, with no mapping of every article's views made first).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, itemgetter, ne
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .db import BiblioDB, ImportStats, Record
from .importers import (
    read_lilacs_file,
    records_from_articles,
    records_from_crossref,
    records_from_pubmed_xml,
)
from .link_state import ARTICLE, STATE
from .links import CitedBy, GraphStats, complete_reference
from .match import Matcher, Query
from .normalise import fold, year_of

#: References per matching task, about: enough to amortise opening the index, small enough to spread.
PARTITION_SIZE = 2000

_SOURCE, _STATE = attrgetter("source"), attrgetter("state")
_ROW_STATE, _ROW_ARTICLE = itemgetter(STATE), itemgetter(ARTICLE)
_NO_ROW = (None, None, None, None)

#: False: every input is planned one by one (its recorded row looked up and compared in a loop),
#: as before; True compares the unchanged ones' states as columns (the tests compare both).
BULK_PLAN = True

#: ``[citations]`` keys in collection.toml -> how to read each listed file.
SOURCES = {
    "lilacs": lambda path: read_lilacs_file(path),
    "medline": lambda path: records_from_pubmed_xml(path.read_bytes()),
    "crossref": lambda path: records_from_crossref(json.loads(path.read_text(encoding="utf-8"))),
}


@dataclass(frozen=True)
class CollectionLinks:
    """Accepted matches per article and reference id, cited-by lists per article, and counts."""

    #: Per article, its matches (``link_state.LinkedMatches``: a mapping with a ``digest``).
    matches: dict[str, Mapping[str, tuple[Record, ...]]] = field(default_factory=dict)
    #: Per article, its cited-by list (``link_state.LinkedCitedBy``: a sequence with a ``digest``).
    cited_by: dict[str, Sequence[CitedBy]] = field(default_factory=dict)
    #: Counts of the articles given, and of the references and links of those read now.
    stats: GraphStats = GraphStats(0, 0, 0)
    imports: dict[str, ImportStats] = field(default_factory=dict)
    #: Each input's article key, in input order (None: the article has none).
    keys: tuple[str | None, ...] = ()
    #: References matched in full now (candidates looked up), and references of articles not
    #: read now re-scored against the changed records alone (``rescore``).
    matched: int = 0
    rescored: int = 0
    #: Articles not read now whose matches re-scoring changed (relinked from the match cache),
    #: and the cited-by lists queried again (of the articles whose incoming links may have moved).
    relinked: int = 0
    cited_lists: int = 0
    #: Cited-by entries read to make the digests of those lists: every entry of a list read
    #: whole, and the entries of the articles whose links or title changed, before and after,
    #: for a list patched entry by entry (``link_state.patched``).
    cited_entries: int = 0
    #: The views, made when asked (``link_state.Views``); None: ``matches`` and ``cited_by`` hold
    #: them all.
    views: Any = None

    def columns(self) -> tuple[list[Mapping], list[Sequence]]:
        """Each input's matches and cited-by list, in input order, as two lists (``linked``'s
        pairs; the views' made in bulk: ``link_state.Views.columns``)."""
        if self.views is not None:
            return self.views.columns()
        pairs = list(self.linked())
        return [m for m, _c in pairs], [c for _m, c in pairs]

    def linked(self) -> Iterator[tuple[Mapping, Sequence]]:
        """Each input's matches and cited-by list, in input order (``{}`` and ``()`` for an input
        without an article key), made as they are given, in one pass (the build's)."""
        if self.views is not None:
            return self.views.in_order()
        get_m, get_c = self.matches.get, self.cited_by.get
        return ((get_m(k, {}), get_c(k, ())) if k else ({}, ()) for k in self.keys)


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


@dataclass(frozen=True)
class LinkInput:
    """One article as the links stage sees it: ``source`` names it from one build to the next (its
    source path), ``state`` digests what its index record and references are made from (empty:
    unknown, always redone) and ``load`` gives its model, called only when ``state`` is not the
    one the last build recorded (``index``, if given, gives what its key and record are made of,
    so its model is loaded once, when its references are matched)."""

    source: str
    state: str
    load: Callable[[], Any]
    #: Its index data (what its key and index record are made from), when cheaper than the
    #: model; None: read from the model.
    index: Callable[[], Any] | None = None


def link_collection(
    articles: Sequence[Any],
    db: BiblioDB,
    *,
    site_base: str = "",
    threshold: float = 0.8,
    executor: Any = None,
) -> CollectionLinks:
    """Index ``articles`` (models), match their references (cached matches reused while valid),
    store the graph and list who cites whom (:func:`link_inputs` with every article read)."""
    inputs = [
        LinkInput(article_key(a) or f"#{n}", "", lambda a=a: a) for n, a in enumerate(articles)
    ]
    return link_inputs(inputs, db, site_base=site_base, threshold=threshold, executor=executor)


def link_inputs(
    inputs: Sequence[LinkInput],
    db: BiblioDB,
    *,
    site_base: str = "",
    threshold: float = 0.8,
    executor: Any = None,
) -> CollectionLinks:
    """Bring the index, the match cache and the citation graph up to date with ``inputs``; the
    matches and cited-by list of every article (views that read the index on demand, holding
    only their digests, unless the index is in memory).

    Only the articles whose state changed are read, indexed and keyed; only their references and
    those a changed record may find are matched again (the latter re-scored against the changed
    records: ``rescore``); only the edges of those articles are rewritten and only the cited-by
    lists of the articles those edges reach are queried. The articles read are matched
    ``ARTICLES_PER_ROUND`` at a time, each round's references, matches and edges written and
    dropped before the next. With an ``executor`` (``scielo_pub.executors``) and an index in a
    file or in PostgreSQL, the matching runs as partitioned tasks; otherwise here.
    """
    from . import link_state
    from . import match_cache as cache

    recorded, cited_digests = link_state.load(db)
    salt = f"{site_base}\0{threshold}\0{cache.matching_code()}"
    hold = db.shareable is None  # an index in memory cannot be read again: its views hold data
    citers = _Citers(db, site_base, PATCH_CITED and not hold and bool(recorded))
    work = _Work.plan(inputs, recorded, salt, db, citers)
    work.flush()
    citers.note(work.dirty_keys)  # their links and records as they were, before they change
    _forget_records(db, work.unclaimed)
    changes = cache.changes_since_snapshot(db)
    stale = cache.stale(db, changes)
    claimed = work.keys()
    others = {(c, r) for c, r in stale if c not in work.dirty_keys and c in claimed}
    again = _Rescored.of(db, threshold, changes, others if RESCORE else set())
    work.add_stale(again.unread if RESCORE else {c for c, _ in others})
    if not MOVED_ONLY:
        citers.note(work.stale_keys | again.relinked)
    before = citers.note if citers.active else None  # the entries of citers whose links move
    # the rounds need none of the changed records' blocking keys, titles nor versions (every
    # record's, in a clean build): only what saving the snapshot reads is kept
    changes = cache.Changes(records=changes.records, logged=changes.logged)
    held: dict[str, dict] = {}
    digests: dict[str, str] = {}
    targets = db.replace_citations(work.unclaimed, [], everything=work.first)
    cache.save_matches(db, [], work.dropped(db, set(), work.unclaimed))
    matched = n_refs = n_rows = 0
    for keys in work.rounds(ARTICLES_PER_ROUND):
        refs = work.references(keys)
        found, fresh, count = _reuse_or_match(refs, db, threshold, executor, stale, work.stale_keys)
        matches: dict[str, dict[str, tuple[Record, ...]]] = {key: {} for key in keys}
        rows = []
        for (citing, ref_id, _pos, _ref), accepted in zip(refs, found, strict=True):
            matches[citing][ref_id] = tuple(r for r, _ in accepted)
            rows += [(citing, ref_id, rec.db, rec.ext_id, score) for rec, score in accepted]
        targets |= db.replace_citations(keys, rows, before=before)
        keep = {(c, r) for c, r, _p, _ref in refs}
        cache.save_matches(db, fresh, work.dropped(db, keep, keys))
        digests.update({key: link_state.matches_digest(m) for key, m in matches.items()})
        held.update(matches if hold else {})
        matched, n_refs, n_rows = matched + count, n_refs + len(refs), n_rows + len(rows)
    relinked = again.relinked - work.rematched_keys
    matches = {}
    rows = again.relink(db, relinked, matches)
    # unchanged articles whose matches re-scoring changed: only the targets of links that moved
    targets |= db.replace_citations(relinked, rows, only_changed=ONLY_MOVED, before=before)
    digests.update({key: link_state.matches_digest(m) for key, m in matches.items()})
    held.update(matches if hold else {})
    cache.save_snapshot(db, changes, everything=work.first)
    live = work.keys()
    todo = (targets | work.dirty_keys | (live - cited_digests.keys())) & live
    patch, whole, todo = citers.digests(cited_digests, todo, live)
    cited_state, cited, read_whole = _cited_digests(db, whole, site_base, hold)
    cited_state.update(patch)
    state = work.states(digests)
    for source, key in work.sources.items() if relinked else ():  # matches changed by re-scoring
        if key in relinked and source not in state:
            state[source] = link_state.State(recorded[source][STATE], key, digests[key])
    link_state.save(db, state, work.gone, cited_state, cited_digests.keys() - live)
    db.checkpoint()
    views = link_state.Views(inputs, work.input_keys, work.sources, recorded, cited_digests,
                             (digests, held), (cited_state, cited), work.reader(site_base))  # fmt: skip
    out_matches, out_cited = views.matches, views.cited_by
    if not LAZY_VIEWS:  # every view made now, as before
        out_matches, out_cited = dict(out_matches.items()), dict(out_cited.items())  # type: ignore[assignment]
        views = None  # type: ignore[assignment]
    return CollectionLinks(
        out_matches,  # type: ignore[arg-type]
        out_cited,  # type: ignore[arg-type]
        GraphStats(len(inputs), n_refs + sum(len(m) for m in matches.values()), n_rows + len(rows)),
        keys=work.input_keys,
        matched=matched + again.full,
        rescored=len(again.accepted) - again.full,
        relinked=len(relinked),
        cited_lists=len(todo),
        cited_entries=citers.read + read_whole,
        views=views,
    )


#: False: every article's two views are made before ``link_inputs`` returns, kept in two
#: dictionaries (the tests count the views made, and compare the results).
LAZY_VIEWS = True


#: Articles whose references are matched, and whose matches and edges are written, together.
ARTICLES_PER_ROUND = 500
#: Index records of changed articles held before they are put into the index.
RECORDS_PER_UPSERT = 500


def _cited_digests(
    db: BiblioDB, keys: set[str], site_base: str, hold: bool
) -> tuple[dict[str, str], dict[str, tuple], int]:
    """The cited-by digests of ``keys`` (read whole, 400 articles at a time), with ``hold``
    their lists, and how many entries were read."""
    from .link_state import cited_by_digest

    digests: dict[str, str] = {}
    held: dict[str, tuple] = {}
    names = sorted(keys)
    read = 0
    for start in range(0, len(names), 400):
        for key, entries in cited_by_all(db, names[start : start + 400], site_base).items():
            digests[key] = cited_by_digest(entries)
            read += len(entries)
            if hold:
                held[key] = tuple(entries)
    return digests, held, read


#: The cited-by list of an article whose recorded digest holds is patched with the entries of
#: the articles whose links or title changed (``_Citers``), not read whole: a record cited by
#: thousands of articles costs a changed citer its own entries. False reads every list that may
#: have changed whole (the tests compare both).
PATCH_CITED = True

#: Of the unchanged articles whose links may move (references re-matched or re-scored against a
#: changed record), only those whose links do move have their entries read, each just before
#: ``BiblioDB.replace_citations`` writes them; False reads every one that may move, before and
#: after (tests compare both: a retitled record can make thousands of references stale).
MOVED_ONLY = True


class _Citers:
    """The articles whose index record this run changes or whose links it moves, and their
    cited-by entries (``(target, citing) -> CitedBy``) as they were before (each article's read
    just before its record or links are written): what a list's digest is patched with."""

    def __init__(self, db: BiblioDB, site_base: str, active: bool) -> None:
        self.db, self.site_base, self.active = db, site_base, active
        self.keys: set[str] = set()
        self.before: dict[tuple[str, str], CitedBy] = {}
        #: Entries read (before and after).
        self.read = 0

    def note(self, keys: Iterable[str | None]) -> None:
        """Read the entries of ``keys`` (those not read yet), before their links change."""
        new = {k for k in keys if k} - self.keys if self.active else set()
        if new:
            self.keys |= new
            found = entries_from(self.db, new, self.site_base)
            self.read += len(found)
            self.before.update(found)

    def digests(
        self, recorded: Mapping[str, str], todo: set[str], live: set[str]
    ) -> tuple[dict[str, str], set[str], set[str]]:
        """The digests of the lists of ``todo`` (and of any other live list whose entries
        changed) patched from ``recorded``; the lists to read whole (each one not recorded, or
        recorded by an older release, or all of ``todo`` when inactive); every list made."""
        from .link_state import patched

        if not self.active:
            return {}, todo, todo
        after = entries_from(self.db, self.keys, self.site_base)
        self.read += len(after)
        removed: dict[str, list[CitedBy]] = {}
        added: dict[str, list[CitedBy]] = {}
        for pair, entry in self.before.items():
            if after.get(pair) != entry:
                removed.setdefault(pair[0], []).append(entry)
        for pair, entry in after.items():
            if self.before.get(pair) != entry:
                added.setdefault(pair[0], []).append(entry)
        todo = todo | ((removed.keys() | added.keys()) & live)
        out: dict[str, str] = {}
        whole: set[str] = set()
        for key in todo:
            digest = recorded.get(key)
            new = patched(digest, removed.get(key, ()), added.get(key, ())) if digest else None
            if new is None:
                whole.add(key)
            else:
                out[key] = new
        return out, whole, todo


#: The cited-by lists queried again after re-scoring relinks unchanged articles are those of
#: the targets of the links that moved (added, removed or scored otherwise), not of every target
#: of those articles; False queries every one (the tests compare both).
ONLY_MOVED = True

#: Stale references of articles not read now are re-scored against the changed records alone
#: (``rescore``); False reads those articles and matches their stale references in full (as
#: before; the tests disable it to show what it saves).
RESCORE = True


@dataclass
class _Rescored:
    """Stale references of articles not read now, re-scored: their accepted pairs, the articles
    whose matches changed (``relinked``), those to read because their rows hold no query."""

    accepted: dict[tuple[str, str], tuple] = field(default_factory=dict)
    relinked: set[str] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)
    full: int = 0

    @classmethod
    def of(cls, db: BiblioDB, threshold: float, changes: Any, pairs: set) -> _Rescored:
        """Re-score ``pairs`` and store what changed in the match cache."""
        from . import match_cache as cache
        from .rescore import rescore_all

        if not pairs:
            return cls()
        rows = cache.stale_rows(db, pairs)
        usable = [r for r in rows if r.query is not None]
        accepted, traces, full = rescore_all(db, threshold, changes.versions, usable)
        done = cls(accepted, unread={r.citing for r in rows if r.query is None}, full=full)
        updates = []
        for row in usable:
            key = (row.citing, row.ref_id)
            text = accepted[key]
            records = {(d, e) for d, e, _s in json.loads(text)}
            if text != row.accepted or records & changes.records:
                done.relinked.add(row.citing)
            if text != row.accepted or traces[key] != (row.text or ""):
                updates.append({"citing": row.citing, "ref_id": row.ref_id, "accepted": text,
                                "trace": traces[key] or None})  # fmt: skip
        cache.save_rescored(db, updates)
        return done

    def relink(self, db: BiblioDB, keys: set[str], matches: dict) -> list[tuple]:
        """The matches (into ``matches``) and graph rows of the articles ``keys``, from the
        match cache as re-scoring left it."""
        from .match_cache import pairs_of

        rows: list[tuple] = []
        records: dict = {}
        for citing in sorted(keys):
            pairs = pairs_of(db, citing, records)
            matches[citing] = {
                ref_id: tuple(r for r, _ in found) for ref_id, found in pairs.items()
            }
            rows += [(citing, ref_id, r.db, r.ext_id, score)
                     for ref_id, found in pairs.items() for r, score in found]  # fmt: skip
        return rows


class _Work:
    """What one run must redo: the articles whose state changed (read now), those with references
    a changed record may find (read now), the sources gone and the keys no article claims now."""

    def __init__(
        self,
        inputs: Sequence[LinkInput],
        recorded: dict,
        salt: str,
        db: BiblioDB | None = None,
        citers: _Citers | None = None,
    ) -> None:
        self.db = db
        self.citers = citers
        self._inputs = inputs
        self._by_source: dict[str, LinkInput] | None = None
        self._order: dict[str, int] | None = None
        self._read_by_key: dict[str, list[str]] = {}
        self.recorded = recorded
        self.salt = salt
        #: What each recorded state is suffixed with: the salt's digest, made once.
        self.salted = ":" + hashlib.blake2b(salt.encode(), digest_size=16).hexdigest()
        self.first = not recorded  # a new (or upgraded) index: every edge is rewritten
        #: source -> article key (recorded, or read from the model).
        self.sources: dict[str, str | None] = {}
        #: The sources read now, and the index records of those read for a change.
        self.read_now: set[str] = set()
        self.records: list[Record] = []
        #: source -> model, of the articles read now whose input gives no index data apart.
        self.models: dict[str, Any] = {}
        self.changed: set[str] = set()
        #: The recorded sources no input names now (set by :meth:`plan`).
        self.gone: list[str] = []
        #: Each input's article key, in input order (set by :meth:`plan`).
        self.input_keys: tuple[str | None, ...] = ()
        self.dirty_keys: set[str] = set()
        self.stale_keys: set[str] = set()
        self.unclaimed: set[str] = set()
        self.claimed: set[str] = set()

    @classmethod
    def plan(
        cls,
        inputs: Sequence[LinkInput],
        recorded: dict,
        salt: str,
        db: BiblioDB | None = None,
        citers: _Citers | None = None,
    ) -> _Work:
        """What to redo; the index records of the articles read for a change go into ``db``
        ``RECORDS_PER_UPSERT`` at a time as they are made (the rest: :meth:`flush`), the
        cited-by entries of each (``citers``) read just before."""
        work = cls(inputs, recorded, salt, db, citers)
        old_keys: set[str | None] = set()
        sources, salted, get = work.sources, work.salted, recorded.get
        names = list(map(_SOURCE, inputs))
        olds = list(map(get, names))
        if BULK_PLAN:  # the unchanged articles' keys in bulk; the others one by one, in order
            keys, todo = work._unchanged(names, olds)
        else:
            keys, todo = [None] * len(names), range(len(names))
        for n in todo:  # an unchanged article: two look-ups, a comparison and its key
            source, state, old = names[n], inputs[n].state, olds[n]
            if old is not None and state and old[STATE] == state + salted:
                sources[source] = keys[n] = old[ARTICLE]
                continue
            work.changed.add(source)
            if old is not None and old[STATE] and not old[STATE].endswith(salted) and citers:
                citers.active = False  # the salt changed (site base, threshold, code): all anew
            sources[source] = keys[n] = article_key(work.read(source, index=True))
            if old is not None:
                old_keys.add(old[ARTICLE])
        work.gone = list(recorded.keys() - sources.keys())
        old_keys.update(recorded[s][ARTICLE] for s in work.gone)
        work.input_keys = tuple(keys)
        work.dirty_keys = {k for k in old_keys if k} | {
            work.sources[s] for s in work.changed if work.sources[s]
        }  # type: ignore[misc]
        if work.dirty_keys:  # an unchanged twin of a changed key: read too (found through ``map``)
            dirty = work.dirty_keys.__contains__
            for source in list(compress(sources, map(dirty, sources.values()))):
                if source not in work.read_now:
                    work.changed.add(source)
                    work.read(source, index=True)
        work.claimed = set(sources.values())
        work.claimed.discard(None)
        work.claimed.discard("")
        work.unclaimed = work.dirty_keys - work.claimed
        return work

    def _unchanged(self, names: list[str], olds: list) -> tuple[list, Sequence[int]]:
        """Each input's recorded key, ``sources`` noted in input order, and the indexes of the
        inputs whose state is not the recorded one (or that have none, or none recorded), to be
        planned one by one: lists compared column by column, no call per unchanged article."""
        total = len(names)
        self.sources.update(zip(names, repeat(None)))
        if len(self.sources) != total:  # a source given twice: one by one
            return [None] * total, range(total)
        if None in olds:  # a source not recorded (a new article): planned one by one
            olds = [_NO_ROW if old is None else old for old in olds]
        states = list(map(_STATE, self._inputs))
        wanted = list(map(str.__add__, states, repeat(self.salted)))
        keys = list(map(_ROW_ARTICLE, olds))
        todo = set(compress(range(total), map(ne, map(_ROW_STATE, olds), wanted)))
        if not all(states):
            todo.update(n for n, state in enumerate(states) if not state)
        self.sources.update(zip(names, keys, strict=True))
        return keys, sorted(todo)

    def reader(self, site_base: str) -> Any:
        """What the views read the index with (``link_state.Reader``)."""
        from .link_state import Reader

        return Reader(self.db.shareable if self.db is not None else None, site_base)

    def state_of(self, item: LinkInput) -> str:
        """The state recorded for ``item``: its own, and the salt's digest."""
        return item.state + self.salted

    @property
    def inputs(self) -> dict[str, LinkInput]:
        """source -> input (made when first asked: an article is read)."""
        if self._by_source is None:
            self._by_source = {i.source: i for i in self._inputs}
        return self._by_source

    def read(self, source: str, index: bool = False) -> Any:
        """Read an article now (once): its index data (``index``: for its key and index record,
        which are noted) or its model. A model read here is kept until its references are."""
        item = self.inputs[source]
        if source in self.models:
            return self.models[source]
        self.read_now.add(source)
        if index and item.index is not None:
            found = item.index()
        else:
            found = self.models[source] = item.load()
        if index:
            self.records.extend(records_from_articles([found]))
            if len(self.records) >= RECORDS_PER_UPSERT:
                self.flush()
        return found

    def flush(self) -> None:
        """Put the index records made so far into the index (and drop them here)."""
        if self.db is not None:
            if self.citers is not None:  # their entries show their titles as they were
                self.citers.note(r.ext_id for r in self.records)
            self.db.upsert(self.records)
            self.records = []

    def keys(self) -> set[str]:
        """The article keys the inputs claim (made once, by :meth:`plan`)."""
        return self.claimed

    def add_stale(self, keys: set[str]) -> None:
        """Articles (unchanged) with references a changed record may find: read for those."""
        self.stale_keys = keys & self.keys()
        for source, key in self.sources.items() if self.stale_keys else ():
            if key in self.stale_keys:
                self.read(source)

    @property
    def order(self) -> dict[str, int]:
        """source -> its place among the inputs (made when first asked: a round is matched)."""
        if self._order is None:
            self._order = {i.source: n for n, i in enumerate(self._inputs)}
        return self._order

    @property
    def rematched_keys(self) -> set[str]:
        return (self.dirty_keys & self.keys()) | self.stale_keys

    def rounds(self, size: int) -> Iterator[list[str]]:
        """The keys of the articles read now whose references are matched, ``size`` at a time,
        in input order (an article key's sources all in one round)."""
        keys = self.rematched_keys
        self._read_by_key: dict[str, list[str]] = {}
        sources = self.sources
        # the sources whose key is matched again, found through ``map`` (no loop per article)
        for source in compress(sources, map(keys.__contains__, sources.values())) if keys else ():
            if source in self.read_now:
                self._read_by_key.setdefault(sources[source], []).append(source)
        order = list(self._read_by_key)
        for start in range(0, len(order), size):
            yield order[start : start + size]

    def references(self, keys: list[str]) -> list[tuple[str, str, int, Any]]:
        """``(citing, ref_id, position, ref)`` of the articles ``keys`` names (one of
        :meth:`rounds`), in input order; each model loaded (or taken from those kept) and dropped."""
        sources = sorted(
            (s for key in keys for s in self._read_by_key.get(key, ())), key=self.order.__getitem__
        )
        out = []
        for source in sources:
            key = self.sources[source]
            model = self.models.pop(source, None) or self.inputs[source].load()
            out += [(key, ref.id or f"#{n}", n, ref) for n, ref in enumerate(model.references, 1)]
        return out

    def dropped(
        self, db: BiblioDB, keep: set[tuple[str, str]], names: Iterable[str]
    ) -> list[tuple[str, str]]:
        """Cached references of the articles ``names`` no longer cited."""
        from .match_cache import cached_matches

        return [k for k in cached_matches(db, names) if k not in keep]

    def states(self, digests: dict[str, str]) -> dict:
        """The state rows to record: of every article read now (with its matches' digest)."""
        from .link_state import State, matches_digest

        out = {}
        for source in self.read_now:
            key = self.sources[source]
            item = self.inputs[source]
            digest = digests.get(key) if key else None
            out[source] = State(
                self.state_of(item) if item.state else "", key, digest or matches_digest({})
            )
        return out


def _forget_records(db: BiblioDB, keys: set[str]) -> None:
    """The collection's records of articles no longer published leave the index."""
    if keys:
        db.delete_records("scielo", sorted(keys))


def entries_from(
    db: BiblioDB, citing: Iterable[str], site_base: str
) -> dict[tuple[str, str], CitedBy]:
    """The entries the articles ``citing`` have in the collection's cited-by lists, by
    ``(target, citing)`` (one per pair, as :func:`cited_by_all` lists them)."""
    out: dict[tuple[str, str], CitedBy] = {}
    for target, citer, ref_id, score, title in db.cited_from("scielo", list(citing)):
        if (target, citer) not in out:
            url = f"{site_base}pid/{quote(citer, safe='')}.html"
            out[target, citer] = CitedBy(citer, ref_id, score, title, url)
    return out


def cited_by_all(db: BiblioDB, targets: Iterable[str], site_base: str) -> dict[str, list[CitedBy]]:
    """The cited-by lists of ``targets`` (``links.cited_by`` for each), in one query per chunk."""
    out: dict[str, list[CitedBy]] = {t: [] for t in targets}
    seen: set[tuple[str, str]] = set()
    for target, citing, ref_id, score, title in db.citing_many("scielo", sorted(out)):
        if (target, citing) in seen:
            continue
        seen.add((target, citing))
        url = f"{site_base}pid/{quote(citing, safe='')}.html"
        out[target].append(CitedBy(citing, ref_id, score, title, url))
    return out


def _reuse_or_match(
    refs: list[tuple[str, str, int, Any]],
    db: BiblioDB,
    threshold: float,
    executor: Any,
    stale: set[tuple[str, str]],
    unchanged: set[str],
) -> tuple[list[tuple[tuple[Record, float], ...]], list[dict], int]:
    """Accepted pairs per reference: cached when still valid (``match_cache``), else matched now;
    the cache rows of those matched now and how many. The references of ``unchanged`` articles
    (read only because a changed record may find some of them) are not keyed again: their cached
    keys hold."""
    from . import match_cache as cache

    known = cache.cached_matches(db, {c for c, _r, _p, _ref in refs})
    records: dict = {}
    found: list[tuple[tuple[Record, float], ...] | None] = []
    keys = []
    for citing, ref_id, _pos, ref in refs:
        hit = known.get((citing, ref_id))
        if citing in unchanged and hit is not None:
            key = hit[0]
        else:
            key = cache.reference_key(citing, ref, threshold)
        keys.append(key)
        valid = hit is not None and hit[0] == key and (citing, ref_id) not in stale
        found.append(cache.decode(db, hit[1], records) if valid and hit else None)
    todo = [n for n, f in enumerate(found) if f is None]
    fresh = []
    matched = _match_all([refs[n][:2] + refs[n][3:] for n in todo], db, threshold, executor)
    for n, (accepted, trace) in zip(todo, matched, strict=True):
        found[n] = accepted
        citing, ref_id, position, ref = refs[n]
        fresh.append(cache.row(citing, ref_id, position, keys[n], ref, accepted, trace))
    return [f or () for f in found], fresh, len(todo)


def _match_all(
    refs: list[tuple[str, str, Any]], db: BiblioDB, threshold: float, executor: Any
) -> list[tuple[tuple[tuple[Record, float], ...], Any]]:
    """Accepted ``(record, score)`` pairs and the match's trace per reference, in the order of
    ``refs``."""
    location = db.shareable
    if executor is None or location is None or len(refs) <= PARTITION_SIZE // 4:
        matcher = Matcher(db, threshold)
        return [accepted_and_trace(matcher, ref, citing) for citing, _, ref in refs]
    parts: dict[int, list[int]] = {}
    count = max(1, -(-len(refs) // PARTITION_SIZE))
    for n, (_, _, ref) in enumerate(refs):
        parts.setdefault(_partition(ref, count), []).append(n)
    order = sorted(parts)
    db.checkpoint()  # workers read what is committed (and, on SQLite, in the main file)
    jobs = [(location, threshold, [refs[n] for n in parts[p]]) for p in order]
    done = executor.map(match_partition, jobs, desc="references", cost=lambda j: len(j[2]))
    found: list[tuple[tuple[tuple[Record, float], ...], Any]] = [((), None)] * len(refs)
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
) -> list[tuple[tuple[tuple[Record, float], ...], Any]]:
    """One matching task: open the index read-only (the SQLite file, immutable, or the PostgreSQL
    database), match a partition's references (citing, id, ref): accepted pairs and traces."""
    location, threshold, refs = job
    with BiblioDB.read_only(location) as db:
        matcher = Matcher(db, threshold)
        return [accepted_and_trace(matcher, ref, citing) for citing, _, ref in refs]


def accepted_and_trace(
    matcher: Matcher, ref: Any, citing: str
) -> tuple[tuple[tuple[Record, float], ...], Any]:
    """Accepted ``(record, score)`` pairs for one reference (a model reference, or the ``Query``
    it was matched with), leaving out the citing article itself; and the match's trace."""
    result = matcher.match(ref if isinstance(ref, Query) else complete_reference(ref))
    pairs = tuple(
        (cand.record, cand.score)
        for cand in result.accepted.values()
        if not (cand.record.db == "scielo" and cand.record.ext_id == citing)
    )
    return pairs, result.trace
