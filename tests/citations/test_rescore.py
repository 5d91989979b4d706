"""Re-scoring a cached reference against the changed records alone gives what a full match of the
changed index gives: random small indexes, references and changes (seeded), on SQLite."""

from __future__ import annotations

import json
import random

import pytest

from scielo_pub.citations import db as db_module
from scielo_pub.citations import match_cache as cache
from scielo_pub.citations import rescore
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


def _compare(seeds: range) -> dict[str, int]:
    """Re-score 30 random cached references after each of three rounds of random changes to a
    random index, and compare each with a full match of the changed index: how many differ,
    were re-scored, matched in full, changed their matches, and settled by ``Rescorer.quick``."""
    outcomes = {"wrong": 0, "rescored": 0, "full": 0, "changed": 0, "quick": 0}
    quick = rescore.Rescorer.quick

    def counted(self, cached):
        found = quick(self, cached)
        outcomes["quick"] += found is not None
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rescore.Rescorer, "quick", counted)
        for seed in seeds:
            _compare_one(random.Random(seed), outcomes)
    return outcomes


def _compare_one(rng: random.Random, outcomes: dict[str, int]) -> None:
    with BiblioDB() as db:
        live = {r.ext_id: r for r in (_record(rng, n) for n in range(rng.randint(6, 24)))}
        db.upsert(live.values())
        cache.save(db, [], [], cache.Changes(), everything=True)
        queries = [_query(rng, n) for n in range(30)]
        matcher = Matcher(db)
        cached = {}
        for q in queries:
            pairs, trace = accepted_and_trace(matcher, q, "E0")
            text = cache.accepted_json(pairs)
            cached[q.ref_id] = cache.Cached("E0", q.ref_id, q, text, trace.dumps())
        next_id = [100]
        for _round in range(3):  # the traces re-scoring leaves are used by the next round
            _change(db, rng, live, next_id)
            changes = cache.changes_since_snapshot(db)
            before = db_module.CANDIDATE_QUERIES[0]
            accepted, traces, full = rescore_all(db, 0.8, changes.versions, list(cached.values()))
            outcomes["full"] += full
            outcomes["rescored"] += len(queries) - full
            assert db_module.CANDIDATE_QUERIES[0] - before <= full * 4
            for q in queries:
                expected = cache.accepted_json(accepted_and_trace(Matcher(db), q, "E0")[0])
                outcomes["wrong"] += accepted[("E0", q.ref_id)] != expected
                outcomes["changed"] += expected != cached[q.ref_id].accepted
                trace = traces[("E0", q.ref_id)]
                cached[q.ref_id] = cache.Cached("E0", q.ref_id, q, expected, trace)
            cache.save(db, [], [], changes)


@pytest.mark.parametrize("rows", [None, 2], ids=["limits", "full-blocks"])
def test_rescoring_equals_a_full_match_after_random_changes(rows, monkeypatch):
    """With the blocks' row limits, and with limits so low that blocks return as many rows as
    they may (records changed in place keep them re-scorable)."""
    if rows is not None:
        monkeypatch.setattr(db_module, "BLOCK_ROWS", rows)
        monkeypatch.setattr(db_module, "AY_ROWS", rows + 1)
    outcomes = _compare(range(40))
    assert outcomes["wrong"] == 0, outcomes
    # most references are re-scored without a look-up; some change their matches; many are
    # settled from their trace alone
    ratio = 4 if rows is None else 2  # full blocks: records moved out of them are matched again
    assert outcomes["rescored"] > ratio * outcomes["full"] and outcomes["changed"] > 20, outcomes
    assert outcomes["quick"] > outcomes["rescored"] // 4, outcomes


def test_rescoring_without_the_quick_path_equals_a_full_match(monkeypatch):
    """Every reference planned (``QUICK`` off): the same results, none settled quickly."""
    monkeypatch.setattr(rescore, "QUICK", False)
    outcomes = _compare(range(20))
    assert outcomes["wrong"] == 0 and outcomes["quick"] == 0, outcomes


def test_a_sabotaged_ranking_rule_is_caught_by_the_random_comparison(monkeypatch):
    """The author+year rule of the quick path (a changed title less alike than the ranking's
    last) made to always hold: the comparison with full matches finds references it got wrong
    (the two best-per-database rules are broken on purpose in the two-candidate test below)."""
    monkeypatch.setattr(rescore, "below", lambda *args: True)
    outcomes = _compare(range(40))
    assert outcomes["wrong"] > 0, outcomes


def _dismissals(seeds: range, rule: str = "DISMISS") -> tuple[int, int]:
    """References ``stale`` leaves out whose full match now differs from the cached one (and
    stale ones whose re-scored matches differ from it), and how many it left out by ``rule``
    (``DISMISS``: the author+year lookup; ``BEYOND``: the journal-key one), over random indexes
    and three rounds of changes, the stale ones re-scored and stored as a build does."""
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
                    patch.setattr(cache, rule, False)
                    dismissed += len(cache.stale(db, changes) - found)
                known = cache.cached_matches(db, ["E0"])
                stale = cache.stale_rows(db, found)
                accepted, traces, _full = rescore_all(db, 0.8, changes.versions, stale)
                for ref_id, q in queries.items():
                    now = cache.accepted_json(accepted_and_trace(Matcher(db), q, "E0")[0])
                    wrong += now != accepted.get(("E0", ref_id), known[("E0", ref_id)][1])
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


def test_references_whose_full_journal_block_stopped_before_the_changes_are_left_out(monkeypatch):
    """``stale`` leaves out, by the indexed ``svp_last`` column, references whose journal-key
    block returned as many rows as it may, the first by row id, all below every changed record
    sharing their key: their full match now is the cached one, and the stale ones re-score to
    it, over random indexes and changes (blocks of one row: most are full)."""
    monkeypatch.setattr(db_module, "BLOCK_ROWS", 1)
    wrong, left_out = _dismissals(range(40), "BEYOND")
    assert wrong == 0 and left_out > 5, (wrong, left_out)


def test_a_journal_block_bound_below_its_last_row_is_caught(monkeypatch):
    """The check above fails when ``svp_last`` is the lowest row id the block found instead of
    the highest (sabotage): a changed record among its rows is taken for one beyond them."""
    monkeypatch.setattr(db_module, "BLOCK_ROWS", 2)

    def lowest(trace):
        if trace is None or trace.sizes[2] < db_module.BLOCK_ROWS:
            return cache.EVERY_ROW
        return min(i for i, b, _s, _a in trace.candidates if b <= 2)

    monkeypatch.setattr(cache, "journal_last", lowest)
    wrong, _left_out = _dismissals(range(40), "BEYOND")
    assert wrong > 0


def _two_candidates(title_a: str, title_b: str, retitle: str, new_title: str) -> tuple[str, str]:
    """A reference with its full journal key and two records of one database sharing it, one
    of them retitled: the re-scored accepted matches and those of a full match."""
    q = Query(ref_id="r1", doi=None, pmid=None, title=fold("Quedas em idosos no municipio de Recife"),
              source_key=journal_key("Rev Saude Publica"), year="2010", volume="1", fpage="5",
              first_author="lima")  # fmt: skip

    def record(ext_id: str, title: str) -> Record:
        return Record("lilacs", ext_id, title=title, source="Rev Saude Publica", year="2010",
                      volume="1", fpage="5", authors=(("Lima", "A"),))  # fmt: skip

    with BiblioDB() as db:
        db.upsert([record("A", title_a), record("B", title_b)])
        cache.save(db, [], [], cache.Changes(), everything=True)
        pairs, trace = accepted_and_trace(Matcher(db), q, "E0")
        assert [r.ext_id for r, _s in pairs] == ["A"] and trace.sizes[3] == -1
        cached = cache.Cached("E0", "r1", q, cache.accepted_json(pairs), trace.dumps())
        db.upsert([record(retitle, new_title)])
        db.commit()
        changes = cache.changes_since_snapshot(db)
        accepted = rescore_all(db, 0.8, changes.versions, [cached])[0][("E0", "r1")]
        return accepted, cache.accepted_json(accepted_and_trace(Matcher(db), q, "E0")[0])


@pytest.mark.parametrize(
    ("rule", "retitle", "new_title"),
    [
        ("stays_best", "A", "Quedas em adultos no bairro de Recife"),  # the best falls behind
        ("stays_below", "B", "Quedas em idosos no municipio de Recife"),  # the second overtakes
    ],
)
def test_a_best_moving_is_rescored_and_a_sabotaged_rule_misses_it(
    rule, retitle, new_title, monkeypatch
):
    """Two accepted records of one database; a retitle changes which is the best: re-scoring
    equals the full match, and with ``rule`` made to always hold it does not."""
    titles = ("Quedas em idosos no municipio de Recife", "Quedas em idosos no municipio de Natal")
    if rule == "stays_below":
        titles = ("Quedas em idosos no municipio do Recife PE", titles[1])
    rescored, full = _two_candidates(*titles, retitle, new_title)
    assert rescored == full and [e[1] for e in json.loads(full)] == ["B"], full  # A was
    monkeypatch.setattr(rescore, rule, lambda *args: True)
    rescored, full = _two_candidates(*titles, retitle, new_title)
    assert rescored != full
