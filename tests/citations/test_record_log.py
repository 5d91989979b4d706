"""The records written since the snapshot was saved are noted by SQLite triggers (the record log),
so a rebuild compares only those with the snapshot, not every record; a file whose log was not
kept (made before the triggers, or by a release without them) is compared whole once."""

from __future__ import annotations

import pytest

from scielo_pub.citations import BiblioDB
from scielo_pub.citations import match_cache as cache
from scielo_pub.citations.collection_links import link_collection, link_inputs
from tests.citations.test_cited_patch import (
    _collection,
    _inputs,
    _plain,
    _retitled,
)


def _matches(found):
    return {k: dict(v) for k, v in found.matches.items()}


@pytest.mark.parametrize("logged", [True, False])
def test_a_rebuild_compares_only_the_records_written_since_the_snapshot(
    tmp_path, monkeypatch, logged
):
    """Three runs (first, unchanged, one citer retitled): the records are compared whole once,
    at the first run; with the log off, at every run. Each run's cited-by lists and matches
    equal a clean run's."""
    articles = _collection()
    again = _retitled(articles, 3, "Estudo renomeado")
    runs = [(articles, set()), (articles, set()), (again, {3})]
    expected = []
    for given, _changed in runs:  # clean runs, in memory
        with BiblioDB() as clean:
            expected.append(
                (_plain(link_collection(given, clean)), _matches(link_collection(given, clean)))
            )
    monkeypatch.setattr(cache, "LOGGED", logged)
    monkeypatch.setitem(cache.COMPARED, "whole", 0)
    location = tmp_path / "index.sqlite"
    for n, (given, changed) in enumerate(runs):
        with BiblioDB(location) as db:
            states = ["s2" if k in changed else "s1" for k in range(len(given))]
            found = link_inputs(_inputs(given, states), db)
        assert (_plain(found), _matches(found)) == expected[n], n
    assert cache.COMPARED["whole"] == (1 if logged else 3)


def test_the_log_finds_what_the_whole_comparison_finds(tmp_path, monkeypatch):
    """Records inserted, changed and removed after a saved snapshot: the changes read through
    the log are those a comparison of every record finds; once saved, the log is empty."""
    location = tmp_path / "index.sqlite"
    articles = _collection()
    with BiblioDB(location) as db:
        link_inputs(_inputs(articles, ["s1"] * len(articles)), db)
        assert db.raw.execute("SELECT count(*) FROM biblio_record_log").fetchone() == (0,)
        db.raw.execute("UPDATE biblio_records SET title_key = 'outro', digest = 'd' WHERE id = 2")
        db.raw.execute("DELETE FROM biblio_records WHERE id = 3")
        db.raw.execute("INSERT INTO biblio_records(db, ext_id, digest) VALUES ('x', 'n1', 'd')")
        logged = cache.changes_since_snapshot(db)
        monkeypatch.setattr(cache, "LOGGED", False)
        whole = cache.changes_since_snapshot(db)
        assert len(logged.records) == 3
        assert logged.records == whole.records
        assert sorted(map(repr, logged.versions)) == sorted(map(repr, whole.versions))
        cache.save_snapshot(db, logged)
        db.commit()
        assert db.raw.execute("SELECT count(*) FROM biblio_record_log").fetchone() == (0,)
        assert not cache.changes_since_snapshot(db).any


def test_a_file_without_the_log_is_compared_whole_once(tmp_path, monkeypatch):
    """A record changed while the triggers were missing (an older release's file): opening the
    index makes them again and forgets the log was complete, so the next comparison reads every
    record and finds the change; the one after reads the log."""
    monkeypatch.setitem(cache.COMPARED, "whole", 0)
    location = tmp_path / "index.sqlite"
    articles = _collection()
    with BiblioDB(location) as db:
        link_inputs(_inputs(articles, ["s1"] * len(articles)), db)
        for name in ("ai", "ad", "au", "an"):
            db.raw.execute(f"DROP TRIGGER biblio_records_log_{name}")
        db.raw.execute("UPDATE biblio_records SET title_key = 'outro', digest = 'd' WHERE id = 2")
        db.commit()
        assert db.raw.execute("SELECT count(*) FROM biblio_record_log").fetchone() == (0,)
    before = cache.COMPARED["whole"]
    with BiblioDB(location) as db:
        changes = cache.changes_since_snapshot(db)
        assert cache.COMPARED["whole"] == before + 1 and len(changes.records) == 1
        cache.save_snapshot(db, changes)
        db.commit()
    with BiblioDB(location) as db:
        assert not cache.changes_since_snapshot(db).any
        assert cache.COMPARED["whole"] == before + 1
