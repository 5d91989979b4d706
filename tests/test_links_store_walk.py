"""The links and store stages over unchanged articles: a fixed number of statements whatever the
collection's size, links written a batch at a time, views read without keeping their entries."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, event, select

from scielo_pub import build as build_mod
from scielo_pub import stage_links, store
from scielo_pub.citations import BiblioDB, collection_links
from scielo_pub.citations.collection_links import LinkInput, link_inputs
from scielo_pub.citations.link_state import LinkedCitedBy, LinkedMatches
from scielo_pub.executors import LocalExecutor
from scielo_pub.store import links as store_links
from scielo_pub.store import schema as s
from scielo_pub.store import write as store_write
from scielo_pub.synthetic import generate
from tests.citations.test_incremental_links import ORDER, _bystander, _clean, _plain
from tests.citations.test_match import _graph_articles
from tests.test_rebuild_counts import _age


class _Statements:
    """Counts the SQL statements every engine runs while one of the build's stages runs."""

    STAGES = ("link_references", "usage_counts", "write_store")

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts = dict.fromkeys(self.STAGES, 0)
        self.stage: str | None = None
        for name in self.STAGES:
            monkeypatch.setattr(build_mod, name, self._timed(name, getattr(build_mod, name)))

    def _timed(self, name, stage):
        def run(*args, **kwargs):
            self.stage = name
            try:
                return stage(*args, **kwargs)
            finally:
                self.stage = None

        return run

    def __call__(self, *args) -> None:
        if self.stage is not None:
            self.counts[self.stage] += 1


def _no_change_statements(tmp_path, monkeypatch, n: int) -> dict[str, int]:
    """The statements each stage runs in a no-change rebuild of ``n`` synthetic articles (in
    two journals of two issues, whatever ``n``)."""
    collection = generate(tmp_path / f"col{n}", n, per_issue=n // 4, issues_per_journal=2)
    _age(collection)
    out = tmp_path / f"out{n}"
    assert not build_mod.build(collection, out, executor=LocalExecutor(1)).failed
    with monkeypatch.context() as patch:
        counter = _Statements(patch)
        event.listen(Engine, "before_cursor_execute", counter)
        try:
            report = build_mod.build(collection, out, executor=LocalExecutor(1))
        finally:
            event.remove(Engine, "before_cursor_execute", counter)
    assert f"0 added, 0 changed, {n} unchanged" in report.store
    return counter.counts


def test_a_no_change_rebuild_runs_as_many_statements_for_8_as_for_16_articles(
    tmp_path, monkeypatch
):
    """An unchanged article costs the links, usage and store stages no statement of its own:
    what they recorded is read in a fixed number of queries and nothing is written for it."""
    small = _no_change_statements(tmp_path, monkeypatch, 8)
    large = _no_change_statements(tmp_path, monkeypatch, 16)
    assert small == large, (small, large)
    assert small["write_store"] > 0 and small["link_references"] > 0


@pytest.fixture
def rebuilt(tmp_path, monkeypatch):
    """A no-change rebuild's content as the store stage gets it: the links are views holding
    their digests (nothing read them: no page was rendered again)."""
    collection = generate(tmp_path / "col", 12, per_issue=4, issues_per_journal=3)
    _age(collection)
    out = tmp_path / "out"
    build_mod.build(collection, out, executor=LocalExecutor(1))
    seen = []
    real = build_mod.write_store

    def keep(content, *args, **kwargs):
        seen.append(content)
        return real(content, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(build_mod, "write_store", keep)
        build_mod.build(collection, out, executor=LocalExecutor(1))
    return seen[0], out


def _links(url: str) -> tuple[set, list]:
    """The store's reference matches (by reference id) and citations (reference id, score)."""
    engine = store.connect(url)
    try:
        with engine.connect() as conn:
            m, r, c = s.reference_matches.c, s.article_references.c, s.citations.c
            refs = dict(conn.execute(select(r.id, r.ref_id)).all())
            matches = {(refs[row[0]], *row[1:]) for row in conn.execute(
                select(m.reference_id, m.db, m.ext_id, m.target_article_id.is_(None)))}  # fmt: skip
            graph = sorted(tuple(row) for row in conn.execute(select(c.ref_id, c.score)))
            return matches, graph
    finally:
        engine.dispose()


def test_the_store_writes_links_a_batch_at_a_time_and_keeps_no_view_entries(
    rebuilt, store_url, monkeypatch
):
    """Every article's links written into an empty store (as a clean build does), 3 articles at
    a time: the same rows as in one batch, no call given more than 3 articles, and the views
    the links came from hold their digests only after (their entries read, not kept)."""
    content, out = rebuilt
    views = [p.matches for p in content.articles] + [p.cited_by for p in content.articles]
    assert all(isinstance(v, LinkedMatches | LinkedCitedBy) and v._data is None for v in views)
    sizes: list[int] = []
    real = store_links._insert_matches

    def insert(conn, items, ids):
        sizes.append(len(items))
        return real(conn, items, ids)

    monkeypatch.setattr(store_links, "_LINKS_BATCH", 3)
    monkeypatch.setattr(store_links, "_insert_matches", insert)
    engine = store.connect(store_url)
    try:
        report = store_write.write_store(engine, content)
    finally:
        engine.dispose()
    assert report.added == 12
    assert len(sizes) == 4 and max(sizes) == 3, sizes
    assert all(v._data is None for v in views)  # read from the index, not kept
    matches, graph = _links(store_url)
    built = _links(store.default_url(out))
    assert matches and graph
    assert (matches, graph) == built


def test_the_links_stage_puts_index_records_in_a_few_at_a_time(monkeypatch):
    """A first run's index records go into the index 2 at a time (none held for the whole
    collection), and it links as a run holding them all does."""
    articles = [*_graph_articles(), _bystander()]
    sizes: list[int] = []
    real = BiblioDB.upsert

    def upsert(self, records, *args, **kwargs):
        records = list(records)
        sizes.append(len(records))
        return real(self, records, *args, **kwargs)

    monkeypatch.setattr(collection_links, "RECORDS_PER_UPSERT", 2)
    monkeypatch.setattr(BiblioDB, "upsert", upsert)
    inputs = [LinkInput(f"x/{a.pid}.xml", f"s{ORDER[a.pid]}", lambda a=a: a) for a in articles]
    with BiblioDB() as db:
        found = _plain(link_inputs(inputs, db))
    assert sizes == [2, 2, 0], sizes
    monkeypatch.setattr(BiblioDB, "upsert", real)
    assert found == _clean(articles)


def test_a_copy_with_links_is_the_article_with_them(tmp_path):
    """``stage_links._with`` gives what ``dataclasses.replace`` gives, field by field."""
    from scielo_pub.collection import PublishedArticle, discover

    collection = generate(tmp_path / "col", 1, per_issue=1, issues_per_journal=1)
    item = discover(collection).articles[0]
    outcome = build_mod.publish_one(item)
    p = PublishedArticle(outcome.article, outcome.canonical, item, outcome.digest)
    fast = stage_links._with(p, matches={"B1": ()}, cited_by=("x",), accesses=3)
    slow = dataclasses.replace(p, matches={"B1": ()}, cited_by=("x",), accesses=3)
    assert fast == slow and fast is not p and p.matches == {} and p.accesses is None
    # the links stage's copy (every field set apart from the defaults, so each one is seen)
    full = dataclasses.replace(p, neighbours=("n",), similar=("s",), accesses=4, entry="e",
                               index=outcome.article, size=7)  # fmt: skip
    linked = stage_links._with_links(full, {"B2": ()}, ("y",))
    assert linked == dataclasses.replace(full, matches={"B2": ()}, cited_by=("y",))
    assert all(getattr(linked, n) is getattr(full, n) for n in stage_links._SLOTS[:4])
