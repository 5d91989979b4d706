"""The build's statistics stage on rebuilds of a small synthetic collection: a retitled article
changes nothing the citation statistics show, so no indicator is computed and no file written; a
changed cited source recomputes the journals it counts for, and the pages are those a clean run
writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from scielo_pub import build as build_mod
from scielo_pub import store
from scielo_pub.executors import LocalExecutor
from scielo_pub.render.stats_pages import write_stats_pages
from scielo_pub.store.indicators_schema import reference_serials, serials
from scielo_pub.store.schema import article_references, articles
from scielo_pub.synthetic import generate
from tests.indicators.test_stats_incremental import Counted, _files
from tests.test_rebuild_counts import _age


@pytest.fixture
def built(tmp_path):
    collection = generate(tmp_path / "col", 30, per_issue=5, issues_per_journal=2)  # 3 journals
    _age(collection)
    out = tmp_path / "out"
    report = build_mod.build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == 30 and not report.failed
    xml = sorted(collection.glob("journals/*/issues/*/a*.xml"))
    return collection, out, xml[len(xml) // 2]


def _clean_pages(out: Path, tmp_path: Path) -> dict[str, bytes]:
    engine = store.connect(store.default_url(out))
    try:
        assert write_stats_pages(engine, tmp_path / "clean").mode == "full"
    finally:
        engine.dispose()
    return _files(tmp_path / "clean")


def test_a_retitle_computes_no_indicator(built, monkeypatch, tmp_path):
    collection, out, path = built
    before = _files(out)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(<title-group>\s*<article-title[^>]*>)", r"\1Revised: ", text, count=1)
    )
    counted = Counted(monkeypatch)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert "1 changed" in report.store
    assert counted.take() == (0, 0)
    assert _files(out) == before == _clean_pages(out, tmp_path)


def _counted_for(out: Path, path: Path) -> set[int]:
    """The serials the article of ``path`` counts for now: its journal's and its cited ones'."""
    a, r, rs = articles.c, article_references.c, reference_serials.c
    engine = store.connect(store.default_url(out))
    try:
        with engine.connect() as conn:
            (article_id, journal_id), *_ = conn.execute(
                select(a.id, a.journal_id).where(a.source_path.like(f"%{path.name}"))
            ).all()
            own = conn.execute(select(serials.c.id).where(serials.c.journal_id == journal_id))
            cited = conn.execute(
                select(rs.serial_id).join(article_references, r.id == rs.reference_id)
                .where(r.article_id == article_id, rs.serial_id.is_not(None))
            )  # fmt: skip
            return {own.scalar_one(), *cited.scalars()}
    finally:
        engine.dispose()


def test_references_to_another_journal_recompute_both_journals(built, monkeypatch, tmp_path):
    collection, out, path = built
    stamps = {rel: _stamp(out, rel) for rel in _files(out)}
    before = _counted_for(out, path)
    own = path.parent.parent.parent.name
    target = next(j for j in sorted((collection / "journals").iterdir()) if j.name != own)
    title = re.search(r'(?m)^title = "(.*)"$', (target / "journal.toml").read_text()).group(1)
    text = path.read_text(encoding="utf-8")
    assert re.search(r"<source>[^<]+</source>", text)
    # every reference of the article now cites another journal of the collection, by its title
    path.write_text(re.sub(r"<source>[^<]+</source>", f"<source>{title}</source>", text))
    counted = Counted(monkeypatch)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    recomputed = set(counted.journals)
    expected = before | _counted_for(out, path)  # its journal, the one it cites, those it cited
    assert _acronyms(out, expected) >= {own, target.name}
    assert counted.take()[0] == len(recomputed) and recomputed == expected
    after = _files(out)
    mine = tuple(f"stats/citations/{a}/" for a in _acronyms(out, expected))
    others = [rel for rel in stamps if rel.count("/") == 3 and not rel.startswith(mine)]
    # the third journal, neither cited nor citing: its files were left alone
    assert len(expected) == 2
    assert others and {r: stamps[r] for r in others} == {r: _stamp(out, r) for r in others}
    assert after == _clean_pages(out, tmp_path)


def _stamp(out: Path, rel: str) -> tuple[int, int]:
    """A file's inode and mtime: an atomic rewrite changes both."""
    stat = (out / rel).stat()
    return stat.st_ino, stat.st_mtime_ns


def _acronyms(out: Path, serial_ids: set[int]) -> set[str]:
    engine = store.connect(store.default_url(out))
    try:
        with engine.connect() as conn:
            q = select(serials.c.acronym).where(serials.c.id.in_(sorted(serial_ids)))
            return set(conn.execute(q).scalars())
    finally:
        engine.dispose()
