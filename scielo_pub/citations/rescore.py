"""Stale cached references and the index's changed records in, each reference's accepted matches now out, without a candidate look-up.

A reference is *stale* when a record added, changed or removed since its match shares one of its
blocking keys (``match_cache.stale``). Its match ran against the index as it was; what it found is
cached with it (``match.Trace``: the rows each block returned, the author+year block's ranking by
title, every candidate with its score), with the query it was matched with. Against the index as
it is now, the blocks differ only by the changed records: each block's result is the cached one
without the changed records' old versions, plus their new versions the block's condition admits
(the same comparisons as its SQL, the same ranking by title as the author+year block), and the
candidates are the cached ones (their scores unchanged: the same code on the same inputs) plus the
changed records scored now by ``Matcher._score``; the best accepted one per database is chosen by
the same ``match.best_per_db``. Where the cache cannot tell (a block whose query returned as many
rows as it may, a ranking whose cached part a change exhausts, a block that runs now and did not,
or title words, which only the engine's full-text index answers), the reference is matched again
in full from its cached query (:func:`rescore_all` counts those); its article's model is never read.

Most stale references are settled before any of that (:meth:`Rescorer.quick`), from the trace's
JSON alone: when every changed record keeps its blocks and acceptance and its place among its
database's best, or stays out of the author+year block's first four by title, the accepted
matches are the cached ones (or the same with the changed record's score) and only the trace's
scores or ranking reserve change. The changed records are normalised once (``match.Keys``) and
scored once per reference content. References whose author+year block did not run are not read at
all when only their author and year are shared (``match_cache.stale``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from . import db as limits
from .db import BiblioDB, Record, ranking
from .match import (
    AY_KEEP,
    AY_RESERVE,
    BLOCKS,
    Keys,
    Matcher,
    Query,
    Trace,
    best_per_db,
    source_block,
    title_words,
    years_of,
)
from .match_cache import _TOKENS, Cached, Version, accepted_json
from .normalise import journal_key

#: ``journal_key`` of the references' journal keys, asked once per journal.
_journal_key = lru_cache(maxsize=4096)(journal_key)


def in_block(v: Version, q: Query, block: int) -> bool:
    """Whether block ``block``'s query for ``q`` returns the record version ``v`` (its SQL
    conditions, on the columns as the index holds them; limits apart)."""
    if block == 0:
        return bool(q.doi) and v.doi == q.doi.lower()  # type: ignore[union-attr]
    if block == 1:
        return bool(q.pmid) and v.pmid == q.pmid
    if block == 2:
        return source_block(q) and (v.source_key, v.year, v.volume, v.fpage) == (
            _journal_key(q.source_key), q.year, q.volume, q.fpage)  # fmt: skip
    if block == 3:
        return bool(q.first_author and q.year) and (
            v.first_author == q.first_author and v.year in years_of(q)
        )
    words = title_words(q.title)[:4]  # an over-estimate of the full-text match: every token
    held = set(_TOKENS.findall(v.title_key or ""))
    return bool(words) and all(set(_TOKENS.findall(w)) <= held for w in words)


#: References whose later blocks did not run and whose changed candidates' acceptance holds are
#: settled from their trace alone (:meth:`Rescorer.quick`); False plans every one (the tests
#: compare both).
QUICK = True


def stays_below(score: float, best: float | None, behind: bool) -> bool:
    """Whether an accepted candidate that was not its database's best stays so: below that
    database's best (``best``: its score; None: none was accepted, or it was the citing
    article's own record, which its matches leave out), or level with it and ``behind``: after
    every other accepted candidate scoring as much in the order ties go by (so after the best)."""
    return best is not None and (score < best or score == best and behind)


def behind(found: list, entry: list, score: float) -> bool:
    """Whether trace candidate ``entry``, scoring ``score`` now, comes after every other
    accepted one scoring at least as much, in the order ``best_per_db`` breaks ties by (block,
    then row id)."""
    place = (entry[1], entry[0])
    return all((c[1], c[0]) < place for c in found if c is not entry and c[3] and c[2] >= score)


def stays_best(score: float, old: float) -> bool:
    """Whether an accepted candidate that was its database's best stays so: every other one
    was below it or tied after it in the order found, so at or above its old score."""
    return score >= old


def below(title: str, other: str, floor: float) -> bool:
    """Whether ``other`` is less alike ``title`` than ``floor`` as the author+year block ranks
    titles (``db.ranking``: ``token_sort_ratio``)."""
    return fuzz.token_sort_ratio(title, other) < floor


@dataclass
class Plan:
    """A stale reference's candidates now: ``row id -> [block, score, accepted]`` (score None:
    an unchanged record entering the author+year block's kept ones, scored once fetched)."""

    cached: Cached
    found: dict[int, list] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)
    ranked: tuple[tuple[int, float], ...] = ()
    complete: bool = True
    #: The unchanged records entering the kept ones (``Rescorer.needs``), scored by ``finish``.
    unscored: list[int] = field(default_factory=list)


class Rescorer:
    """Re-scores stale references against the changed records of one rebuild."""

    def __init__(self, db: BiblioDB, matcher: Matcher, versions: Iterable[Version]) -> None:
        self.db = db
        self.matcher = matcher
        self.versions = list(versions)
        self.changed_ids = {v.rowid for v in self.versions if v.rowid is not None}
        #: The changed records' new versions, read once for every reference.
        self.records = db.by_ids(v.rowid for v in self.versions if v.new and v.rowid is not None)
        #: Their fields normalised once, for every reference they are scored against.
        self.keys = {i: Keys.of(r) for i, r in self.records.items()}
        self.scores: dict[tuple, tuple[float, bool]] = {}
        #: Old and new version of each record changed in place, and the versions of those
        #: added or removed (``lone``); ``unknown``: a version without a row id, or a new one
        #: gone meanwhile (``quick`` leaves those to ``plan``).
        old = {v.rowid: v for v in self.versions if not v.new}
        new = {v.rowid: v for v in self.versions if v.new}
        self.pairs = {i: (old[i], new[i]) for i in old.keys() & new.keys()}
        self.lone = [v for v in self.versions if v.rowid not in self.pairs]
        self.unknown = None in old or None in new or not new.keys() <= self.records.keys()

    def quick(self, cached: Cached) -> tuple[str, str] | None:
        """The accepted matches (JSON) and new trace of a reference whose outcome the changes
        provably leave as it is but for scores, else None (then :meth:`plan` decides). Its
        match did not run the title-word block; no record added or removed is in a block it
        ran. If it did not run the author+year block, every record changed in place is in the
        same identifier and journal-key blocks before and after (the blocks return the same
        rows) and, where it is a candidate, keeps its acceptance and its place: below its
        database's best if it was not the best (:func:`stays_below`), at or above its old score
        if it was (:func:`stays_best`); only scores change. If it did, :meth:`_ranked_only`."""
        q, text = cached.query, cached.text
        if q is None or not text or self.unknown:
            return None
        sizes, ranked, complete, found = json.loads(text)
        if sizes[4] >= 0:
            return None
        if sizes[3] >= 0:
            trace = self._ranked_only(cached, sizes, ranked, complete, found)
            return None if trace is None else (cached.accepted, trace)
        if any(in_block(v, q, b) for v in self.lone for b in (0, 1, 2)):
            return None
        index = {c[0]: c for c in found if c[0] in self.pairs}
        listed: list | None = None
        moved = False
        for rowid, (old, new) in self.pairs.items():
            blocks = [b for b in (0, 1, 2) if in_block(old, q, b)]
            if blocks != [b for b in (0, 1, 2) if in_block(new, q, b)]:
                return None
            entry = index.get(rowid)
            if entry is None:
                if all(sizes[b] >= limits.BLOCK_ROWS for b in blocks):
                    continue  # in no block, or beyond full ones: returned by none, as before
                return None
            if not blocks or entry[1] != blocks[0]:
                return None
            _block, score, accepted = self._scored(q, rowid, entry[1])
            if accepted != bool(entry[3]):
                return None
            if score == entry[2]:
                continue  # scored as before: nothing moves
            if accepted:
                rec = self.records[rowid]
                if (rec.db, rec.ext_id) == ("scielo", cached.citing):
                    return None  # its own record: a best the cached matches leave out
                listed = json.loads(cached.accepted) if listed is None else listed
                mine = [e for e in listed if (e[0], e[1]) == (rec.db, rec.ext_id)]
                if mine and not stays_best(score, entry[2]):
                    return None
                best = next((e[2] for e in listed if e[0] == rec.db), None)
                level = score == best and len(index) == 1  # no other changed candidate
                if not mine and not stays_below(score, best, level and behind(found, entry, score)):
                    return None
                for e in mine:
                    e[2] = score
            entry[2], moved = score, True
        if not moved:
            return cached.accepted, text
        trace = json.dumps([sizes, ranked, complete, found], separators=(",", ":"))
        if listed is None:
            return cached.accepted, trace
        scores = [e[2] for e in listed]
        if len(set(scores)) != len(scores):  # databases' bests tied: their order is the found one
            return None
        return json.dumps(sorted(listed, key=lambda e: -e[2])), trace

    def _ranked_only(
        self, cached: Cached, sizes: list, ranked: list, complete: int, found: list
    ) -> str | None:
        """The new trace of a reference whose author+year block ran, when no changed record is
        one of its candidates nor in the blocks before (each changed in place, in the block
        before and after or in neither: its rows and row count the same, no record added or
        removed in a block it ran) and the block's first ``AY_KEEP`` by title stay the same
        (a changed title less alike than the ranking's last, or than the cutoff when the
        ranking lists every one above it, leaves the ranking as it is): only the ranking's
        reserve may move. Else None."""
        q = cached.query
        if not q.title or any(in_block(v, q, b) for v in self.lone for b in (0, 1, 2, 3)):
            return None  # no title: the block read whole, every row a candidate
        candidates = {c[0] for c in found}
        listed = {i for i, _s in ranked}
        floor = limits.TITLE_CUTOFF if complete else ranked[-1][1]
        inside, moved = [], False
        for rowid, (old, new) in self.pairs.items():
            if rowid in candidates or any(in_block(v, q, b) for v in (old, new) for b in (0, 1, 2)):
                return None
            if in_block(old, q, 3) != in_block(new, q, 3):
                return None
            if in_block(new, q, 3):
                inside.append(new)
                moved = moved or rowid in listed or not below(q.title, new.title_key or "", floor)
        if not moved:
            return cached.text
        plan = Plan(cached, ranked=tuple(map(tuple, ranked)), complete=bool(complete))
        merged = self._reranked(q.title, plan, inside)
        if merged is None or [i for i, _s in merged[:AY_KEEP]] != [i for i, _s in ranked[:AY_KEEP]]:
            return None
        data = [sizes, plan.ranked, int(plan.complete), found]
        return json.dumps(data, separators=(",", ":"))

    def plan(self, cached: Cached) -> Plan | None:
        """The reference's candidates after the changes, or None when only a full match can
        tell them."""
        q, trace = cached.query, cached.trace
        if q is None or trace is None or any(v.rowid is None for v in self.versions):
            return None
        plan = Plan(cached, sizes=list(trace.sizes), ranked=trace.ranked, complete=trace.complete)
        changed = self.changed_ids
        labels = {c[0]: c[1] for c in trace.candidates}
        if changed.isdisjoint(labels):
            kept = {i: [b, s, a] for i, b, s, a in trace.candidates}
        else:
            kept = {i: [b, s, a] for i, b, s, a in trace.candidates if i not in changed}
        full: set[int] = set()  # blocks whose query returned as many rows as it may
        for block in (0, 1, 2):
            if trace.sizes[block] >= 0 and not self._resized(
                plan, q, block, limits.BLOCK_ROWS, labels, full
            ):
                return None
        plan.found = {i: c for i, c in kept.items() if c[0] <= 2}

        def returned(v: Version, b: int) -> bool:  # a full block returns the same rows as before
            return in_block(v, q, b) and (b not in full or labels.get(v.rowid) == b)  # type: ignore[arg-type]

        for v in self.versions:
            block = next((b for b in (0, 1, 2) if v.new and returned(v, b)), None)
            if block is not None and v.rowid not in plan.found:
                plan.found[v.rowid] = self._scored(q, v.rowid, block)  # type: ignore[index]
        early = any(a for _b, _s, a in plan.found.values())
        if not self._author_year(plan, q, kept, early, labels):
            return None
        return plan if self._title_words(plan, q, kept, early) else None

    def _resized(
        self,
        plan: Plan,
        q: Query,
        block: int,
        limit: int,
        labels: dict[int, int] | None = None,
        full: set[int] | None = None,
    ) -> bool:
        """Bring a block's row count up to date; False when the rows it returns now cannot be
        told. A block that returned ``limit`` rows (the first by id) returns the same rows when
        its changed records were changed in place (same row id, in the block before and after)
        and each was one of its candidates or none: it is noted in ``full``."""
        old = {v.rowid for v in self.versions if not v.new and in_block(v, q, block)}
        new = {v.rowid for v in self.versions if v.new and in_block(v, q, block)}
        if not (old or new):
            return True
        if plan.sizes[block] >= limit:
            labels = labels or {}
            same = old == new and all(labels.get(i, block) == block for i in new)  # type: ignore[arg-type]
            if same and full is not None:
                full.add(block)
            return same and full is not None
        plan.sizes[block] += len(new) - len(old)
        return plan.sizes[block] <= limit

    def _scored(self, q: Query, rowid: int, block: int) -> list:
        """A changed record scored for ``q`` now: ``[block, score, accepted]`` (once per query
        content: references citing the same work alike share it)."""
        key = (q.doi, q.pmid, q.title, q.source_key, q.year, q.volume, q.fpage, q.first_author,
               q.issue, rowid, block)  # fmt: skip
        found = self.scores.get(key)
        if found is None:
            cand = self.matcher._score(q, self.records[rowid], BLOCKS[block], self.keys[rowid])
            found = self.scores[key] = (cand.score, cand.accepted)
        return [block, *found]

    def _author_year(
        self, plan: Plan, q: Query, kept: dict, early: bool, labels: dict[int, int]
    ) -> bool:
        runs, ran = not early and bool(q.first_author and q.year), plan.sizes[3] >= 0
        if runs != ran:
            plan.sizes[3], plan.ranked, plan.complete = -1, (), True
            return not runs  # running now and not before: its rows were never read
        if not runs:
            return True
        touched = [v for v in self.versions if in_block(v, q, 3)]
        if not touched:
            plan.found.update({i: c for i, c in kept.items() if c[0] == 3})
            return True
        if not q.title:  # the block read whole (its first rows by id), every row a candidate
            return self._untitled(plan, q, kept, touched, labels)
        if not self._resized(plan, q, 3, limits.AY_ROWS):
            return False
        ranked = self._reranked(q.title, plan, [v for v in touched if v.new])
        if ranked is None:
            return False
        for rowid, _sim in ranked[:AY_KEEP]:
            if rowid in plan.found:
                continue
            if rowid in self.records:
                plan.found[rowid] = self._scored(q, rowid, 3)
            else:
                plan.found[rowid] = kept.get(rowid) or [3, None, None]
        return True

    def _untitled(
        self, plan: Plan, q: Query, kept: dict, touched: list[Version], labels: dict[int, int]
    ) -> bool:
        full: set[int] = set()
        if not self._resized(plan, q, 3, limits.AY_ROWS_UNTITLED, labels, full):
            return False
        plan.found.update({i: c for i, c in kept.items() if c[0] == 3})
        for v in touched:
            if v.new and v.rowid not in plan.found and (not full or labels.get(v.rowid) == 3):  # type: ignore[arg-type]
                plan.found[v.rowid] = self._scored(q, v.rowid, 3)  # type: ignore[index]
        return True

    def _reranked(self, title: str, plan: Plan, new: list[Version]) -> list | None:
        """The author+year block's ranking after the changes (its known part), or None when the
        cached part no longer holds the ``AY_KEEP`` best."""
        rest = [(i, s) for i, s in plan.ranked if i not in self.changed_ids]
        titles = {v.rowid: v.title_key or "" for v in new}
        merged = sorted([*rest, *ranking(title, titles, len(titles))], key=lambda e: (-e[1], e[0]))  # type: ignore[arg-type]
        if not plan.complete:
            if not rest:
                return None
            merged = merged[: merged.index(rest[-1]) + 1]
            if len(merged) < AY_KEEP:
                return None
        limit = AY_KEEP + AY_RESERVE
        plan.complete = plan.complete and len(merged) < limit
        plan.ranked = tuple(merged[:limit])
        return merged

    def _title_words(self, plan: Plan, q: Query, kept: dict, early: bool) -> bool:
        runs = not early and not (q.first_author and q.year) and not plan.found and bool(q.title)
        ran = plan.sizes[4] >= 0
        if runs != ran or (runs and any(in_block(v, q, 4) for v in self.versions)):
            return False
        plan.found.update({i: c for i, c in kept.items() if c[0] == 4})
        return True

    def finish(
        self, plan: Plan, fetched: dict[int, Record]
    ) -> tuple[tuple[tuple[Record, float], ...], Trace]:
        """The reference's accepted ``(record, score)`` pairs, best first (the citing article's
        own record left out), and its new trace; ``fetched``: the unchanged records it needs."""
        q = plan.cached.query
        order = [i for _b, i in sorted((e[0], i) for i, e in plan.found.items())]
        for rowid in plan.unscored:
            entry = plan.found[rowid]
            if entry[1] is None:
                cand = self.matcher._score(q, fetched[rowid], BLOCKS[entry[0]])  # type: ignore[arg-type]
                entry[1:] = [cand.score, cand.accepted]

        def record(rowid: int) -> Record:
            return self.records.get(rowid) or fetched[rowid]

        # the database of a candidate not accepted is never asked for: it cannot be a best
        found = [(record(i).db if plan.found[i][2] else "", *plan.found[i][1:]) for i in order]
        best = best_per_db(found)  # type: ignore[arg-type]
        citing = plan.cached.citing
        accepted = tuple(
            (record(order[n]), found[n][1])
            for n in best.values()
            if not (found[n][0] == "scielo" and record(order[n]).ext_id == citing)
        )
        noted = tuple((i, *plan.found[i]) for i in order)
        return accepted, Trace(tuple(plan.sizes), plan.ranked, plan.complete, noted)  # type: ignore[arg-type]

    def needs(self, plan: Plan) -> set[int]:
        """The unchanged records ``finish`` needs: those entering the kept ones, the accepted
        (noted in the plan: ``unscored``, those entering)."""
        records = self.records
        found = [
            (i, e[1]) for i, e in plan.found.items() if (e[2] or e[1] is None) and i not in records
        ]
        plan.unscored = [i for i, s in found if s is None]
        return {i for i, _s in found}


def rescore_all(
    db: BiblioDB, threshold: float, versions: Iterable[Version], stale: list[Cached]
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str], int]:
    """Each stale reference's accepted pairs now (``match_cache.accepted_json``) and its new
    trace (JSON), by ``(citing, ref_id)``; and how many were matched again in full (from their
    cached query). The changed records are normalised once (``match.Keys``) and the unchanged
    records the references need read together; a reference whose outcome the trace shows the
    changes cannot move (:meth:`Rescorer.quick`) only has its changed candidates' scores
    updated in its trace."""
    from .collection_links import accepted_and_trace

    matcher = Matcher(db, threshold)
    rescorer = Rescorer(db, matcher, versions)
    plans: list[tuple[Plan, set[int]]] = []
    full = []
    accepted: dict[tuple[str, str], str] = {}
    traces: dict[tuple[str, str], str] = {}
    for cached in stale:
        quick = rescorer.quick(cached) if QUICK else None
        if quick is not None:
            key = (cached.citing, cached.ref_id)
            accepted[key], traces[key] = quick
            continue
        plan = rescorer.plan(cached)
        if plan is None:
            full.append(cached)
        else:
            plans.append((plan, rescorer.needs(plan)))
    fetched = db.by_ids({i for _plan, needs in plans for i in needs})
    for plan, needs in plans:
        key = (plan.cached.citing, plan.cached.ref_id)
        if not needs <= fetched.keys():  # a record gone meanwhile
            full.append(plan.cached)
            continue
        pairs, trace = rescorer.finish(plan, fetched)
        accepted[key], traces[key] = accepted_json(pairs), trace.dumps()
    for cached in full:
        key = (cached.citing, cached.ref_id)
        if cached.query is None:
            continue  # no query cached (an index of an older release): left to the caller
        pairs, trace = accepted_and_trace(matcher, cached.query, cached.citing)
        accepted[key] = accepted_json(pairs)
        traces[key] = trace.dumps() if trace is not None else ""
    return accepted, traces, len(full)
