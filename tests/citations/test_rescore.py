"""Re-scoring a cached reference against the changed records alone gives what a full match of the
changed index gives: random small indexes, references and changes (seeded), on SQLite."""

from __future__ import annotations

import random

import pytest

from scielo_pub.citations import db as db_module
from scielo_pub.citations import match_cache as cache
from scielo_pub.citations.collection_links import accepted_and_trace
from scielo_pub.citations.db import BiblioDB, Record
from scielo_pub.citations.match import Matcher, Query
from scielo_pub.citations.normalise import fold, journal_key
from scielo_pub.citations.rescore import rescore_all

_WORDS = ["quedas", "idosos", "fraturas", "dengue", "saude", "bairro", "municipio", "recife",
          "natal", "escolar", "vacina", "renal"]  # fmt: skip
_SURNAMES = ["Lima", "Souza", "Costa"]
_SOURCES = ["Rev Saude Publica", "Cad Saude Publica"]


def _title(rng: random.Random) -> str:
    return " ".join(rng.sample(_WORDS, rng.randint(2, 5)))


def _record(rng: random.Random, n: int) -> Record:
    authors = ((rng.choice(_SURNAMES), "A"),) if rng.random() < 0.85 else ()
    return Record(
        rng.choice(["scielo", "lilacs"]), f"E{n}", doi=f"10.1/d{rng.randint(0, 6)}"
        if rng.random() < 0.3 else None, title=_title(rng), source=rng.choice(_SOURCES),
        year=str(rng.randint(2009, 2012)), volume=rng.choice(["1", "2"]),
        fpage=rng.choice(["1", "5"]), authors=authors,
    )  # fmt: skip


def _query(rng: random.Random, n: int) -> Query:
    has_author, has_year = rng.random() < 0.8, rng.random() < 0.9
    full_key = rng.random() < 0.3
    return Query(
        ref_id=f"r{n}", doi=f"10.1/d{rng.randint(0, 6)}" if rng.random() < 0.2 else None,
        pmid=None, title=fold(_title(rng)) if rng.random() < 0.9 else "",
        source_key=journal_key(rng.choice(_SOURCES)),
        year=str(rng.randint(2009, 2012)) if has_year else None,
        volume=rng.choice(["1", "2"]) if full_key else None,
        fpage=rng.choice(["1", "5"]) if full_key else None,
        first_author=fold(rng.choice(_SURNAMES)) if has_author else "",
    )  # fmt: skip


def _change(db: BiblioDB, rng: random.Random, live: dict[str, Record], next_id: list[int]) -> None:
    """Retitle, move, remove and add a few records."""
    for ext_id in rng.sample(sorted(live), min(3, len(live))):
        old = live[ext_id]
        what = rng.choice(["retitle", "move", "remove"])
        if what == "remove":
            db.delete_records(old.db, [ext_id])
            del live[ext_id]
            continue
        if what == "retitle":
            new = Record(old.db, ext_id, doi=old.doi, title=_title(rng), source=old.source,
                         year=old.year, volume=old.volume, fpage=old.fpage, authors=old.authors)  # fmt: skip
        else:
            new = Record(old.db, ext_id, doi=old.doi, title=old.title, source=old.source,
                         year=str(rng.randint(2009, 2012)), volume=old.volume, fpage=old.fpage,
                         authors=((rng.choice(_SURNAMES), "A"),))  # fmt: skip
        live[ext_id] = new
        db.upsert([new])
    for _ in range(rng.randint(0, 3)):
        rec = _record(rng, next_id[0])
        next_id[0] += 1
        live[rec.ext_id] = rec
        db.upsert([rec])
    db.commit()


@pytest.mark.parametrize("rows", [None, 2], ids=["limits", "full-blocks"])
def test_rescoring_equals_a_full_match_after_random_changes(rows, monkeypatch):
    """With the blocks' row limits, and with limits so low that blocks return as many rows as
    they may (records changed in place keep them re-scorable)."""
    if rows is not None:
        monkeypatch.setattr(db_module, "BLOCK_ROWS", rows)
        monkeypatch.setattr(db_module, "AY_ROWS", rows + 1)
    outcomes = {"rescored": 0, "full": 0, "changed": 0}
    for seed in range(40):
        rng = random.Random(seed)
        with BiblioDB() as db:
            live = {r.ext_id: r for r in (_record(rng, n) for n in range(rng.randint(6, 24)))}
            db.upsert(live.values())
            cache.save(db, [], [], cache.Changes(), everything=True)
            queries = [_query(rng, n) for n in range(30)]
            matcher = Matcher(db)
            cached = {}
            for q in queries:
                pairs, trace = accepted_and_trace(matcher, q, "E0")
                cached[q.ref_id] = cache.Cached(
                    "E0", q.ref_id, q, cache.accepted_json(pairs), trace.dumps()
                )
            next_id = [100]
            for _round in range(3):  # the traces re-scoring leaves are used by the next round
                _change(db, rng, live, next_id)
                changes = cache.changes_since_snapshot(db)
                before = db_module.CANDIDATE_QUERIES[0]
                accepted, traces, full = rescore_all(
                    db, 0.8, changes.versions, list(cached.values())
                )
                outcomes["full"] += full
                outcomes["rescored"] += len(queries) - full
                assert db_module.CANDIDATE_QUERIES[0] - before <= full * 4
                for q in queries:
                    expected = accepted_and_trace(Matcher(db), q, "E0")[0]
                    assert accepted[("E0", q.ref_id)] == cache.accepted_json(expected), (seed, q)
                    old = cached[q.ref_id]
                    outcomes["changed"] += cache.accepted_json(expected) != old.accepted
                    text = cache.accepted_json(expected)
                    cached[q.ref_id] = cache.Cached(
                        "E0", q.ref_id, q, text, traces[("E0", q.ref_id)]
                    )
                cache.save(db, [], [], changes)
    # most references are re-scored without a look-up; some change their matches
    ratio = 4 if rows is None else 2  # full blocks: records moved out of them are matched again
    assert outcomes["rescored"] > ratio * outcomes["full"] and outcomes["changed"] > 20, outcomes


def _dismissals(seeds: range) -> tuple[int, int]:
    """References ``stale`` leaves out whose full match now differs from the cached one, and
    how many it left out that its author+year lookup finds (random indexes, three rounds of
    changes; the stale ones re-scored and stored as a build does)."""
    wrong = dismissed = 0
    for seed in seeds:
        rng = random.Random(seed)
        with BiblioDB() as db:
            live = {r.ext_id: r for r in (_record(rng, n) for n in range(rng.randint(6, 24)))}
            db.upsert(live.values())
            cache.save(db, [], [], cache.Changes(), everything=True)
            queries = {f"r{n}": _query(rng, n) for n in range(30)}
            matcher = Matcher(db)
            rows = []
            for n, q in enumerate(queries.values()):
                pairs, trace = accepted_and_trace(matcher, q, "E0")
                rows.append(cache.query_row("E0", q.ref_id, n, "k", q, pairs, trace))
            cache.save_matches(db, rows, [])
            next_id = [100]
            for _round in range(3):
                _change(db, rng, live, next_id)
                changes = cache.changes_since_snapshot(db)
                found = cache.stale(db, changes)
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(cache, "DISMISS", False)
                    dismissed += len(cache.stale(db, changes) - found)
                known = cache.cached_matches(db, ["E0"])
                for ref_id, q in queries.items():
                    if ("E0", ref_id) not in found:
                        now = cache.accepted_json(accepted_and_trace(Matcher(db), q, "E0")[0])
                        wrong += now != known[("E0", ref_id)][1]
                stale = cache.stale_rows(db, found)
                accepted, traces, _full = rescore_all(db, 0.8, changes.versions, stale)
                updates = [{"citing": c.citing, "ref_id": c.ref_id, "trace": traces[key],
                            "accepted": accepted[key]}
                           for c in stale for key in [(c.citing, c.ref_id)]]  # fmt: skip
                cache.save_rescored(db, updates)
                cache.save_snapshot(db, changes)
    return wrong, dismissed


def test_references_whose_author_year_block_did_not_run_are_dismissed_when_only_it_is_shared():
    """``stale`` leaves out, by the indexed ``author_year`` column, references that accepted a
    record before their author+year block: their full match now is the cached one (over random
    indexes and changes, the column kept up to date by re-scoring)."""
    wrong, dismissed = _dismissals(range(30))
    assert wrong == 0 and dismissed > 30, (wrong, dismissed)


def test_dismissing_references_whose_author_year_block_did_run_is_caught(monkeypatch):
    """The check above fails when the column says every block was skipped (sabotage)."""
    monkeypatch.setattr(cache, "author_year_ran", lambda trace: 0)
    wrong, _dismissed = _dismissals(range(30))
    assert wrong > 0
