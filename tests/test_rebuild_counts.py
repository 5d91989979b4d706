"""A one-article rebuild redoes only the work that depends on the changed article, counted (not timed).

Counted on a small synthetic collection with internal citations, the rebuild running in this
process (``-j 1``): article files read in full, articles read/validated/modelled from their source,
article page tasks and listing tasks rendered, references matched, store rows rewritten.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub import collection as collection_mod
from scielo_pub import publish
from scielo_pub.citations import collection_links, match_cache
from scielo_pub.executors import LocalExecutor
from scielo_pub.render import listings, site
from scielo_pub.store import links as store_links
from scielo_pub.store import write as store_write
from scielo_pub.synthetic import generate
from tests.test_incremental_scale import _ids


def _age(collection: Path, seconds: int = 600) -> None:
    """Date every file back, as a collection edited some time ago is (a file modified seconds
    before it is fingerprinted is read again on the next build, as git treats racy entries)."""
    then = time.time() - seconds
    for path in collection.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


class _Counts:
    """Wraps the functions that do per-article work and counts their calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: Counter[str] = Counter()
        self.modelled: list[str] = []
        self.pages: list[str] = []
        self.listings: list[str] = []
        self.matched = 0

        def wrap(owner, name, record):
            original = getattr(owner, name)

            def counted(*args, **kwargs):
                record(*args)
                return original(*args, **kwargs)

            monkeypatch.setattr(owner, name, counted)

        wrap(publish, "load_source", lambda path, *a: self.read.update([Path(path).name]))
        wrap(build_mod, "publish_one", lambda item, *a: self.modelled.append(item.path.name))
        wrap(site, "_article_task", lambda job: self.pages.append(job[4]))
        wrap(site, "_run_listing", lambda out, task, *a: self.listings.append(task))
        wrap(listings, "run_listing", lambda out, task, *a: self.listings.append(task))  # journals'

        def matched(*args):
            self.matched += 1

        wrap(collection_links, "accepted_and_trace", matched)
        # models loaded while the links stage runs (``collection.LOADS``)
        self.link_loads = 0
        real_links = build_mod.link_references

        def links(*args, **kwargs):
            before = collection_mod.LOADS["models"]
            try:
                return real_links(*args, **kwargs)
            finally:
                self.link_loads += collection_mod.LOADS["models"] - before

        monkeypatch.setattr(build_mod, "link_references", links)
        # the links stage: models read, records indexed, references keyed
        self.link_reads: list[str] = []
        self.indexed: list[str] = []
        self.keyed = 0
        wrap(collection_links._Work, "read", lambda work, source: self.link_reads.append(source))
        real_records = collection_links.records_from_articles

        def records(articles):
            found = list(real_records(articles))
            self.indexed += [r.ext_id for r in found]
            return found

        monkeypatch.setattr(collection_links, "records_from_articles", records)

        def keyed(*args):
            self.keyed += 1

        wrap(match_cache, "reference_key", keyed)
        # the store stage: identifiers read from models, rows made, match and citation rows written
        self.idents = 0
        self.store_records = 0
        self.store_matched: list[int] = []
        self.store_cited: list[int] = []

        def ident(*args):
            self.idents += 1

        def made(*args):
            self.store_records += 1

        wrap(store_write, "_ident", ident)
        wrap(store_write, "article_record", made)
        wrap(store_links, "_insert_matches", lambda conn, items, ids: self.store_matched.extend(
            i for i, _ in items))  # fmt: skip
        wrap(store_links, "_drop_links", lambda conn, gone, matched, cited: self.store_cited.extend(
            cited))  # fmt: skip


def _linked(out: Path, collection: Path, stem: str) -> set[str]:
    """The articles whose pages link to article ``stem`` (its title shows there: cited-by,
    previous/next, similar articles) or that its pages link to (their cited-by shows it), by
    folder, PID or DOI."""
    names = {p.stem: _ids(p) for p in collection.glob("journals/*/issues/*/a*.*")}
    marks = {s: (f"{s}/", f"{pid}.html", doi.lower()) for s, (pid, doi) in names.items()}
    pages = {s: " ".join(p.read_text(encoding="utf-8") for p in out.glob(f"j/*/*/{s}/*.html"))
             for s in names}  # fmt: skip
    return {
        other
        for other in names
        if other != stem
        and (
            any(m in pages[other] for m in marks[stem])
            or any(m in pages[stem] for m in marks[other])
        )
    }


def _references(path: Path) -> int:
    return len(re.findall(r"<ref id=", path.read_text(encoding="utf-8")))


@pytest.fixture
def built(tmp_path):
    collection = generate(tmp_path / "col", 20, per_issue=5, issues_per_journal=2)
    _age(collection)
    out = tmp_path / "out"
    report = build_mod.build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == 20 and not report.failed
    xml = sorted(collection.glob("journals/*/issues/*/a*.xml"))
    return collection, out, xml[len(xml) // 2], xml


def test_a_one_article_rebuild_redoes_only_the_dependent_work(built, monkeypatch):
    collection, out, path, xml = built
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(<title-group>\s*<article-title[^>]*>)", r"\1Revised: ", text, count=1)
    )
    linked = _linked(out, collection, path.stem)
    counts = _Counts(monkeypatch)

    report = build_mod.build(collection, out, executor=LocalExecutor(1))

    assert len(report.published) == 20
    # the changed file is the only one read in full and the only one read, validated, modelled
    assert set(counts.read) == {path.name}
    assert counts.modelled == [path.name]
    # its page task and those of the articles its title shows on (cited-by, previous/next,
    # similar articles): a handful, not the collection
    journal, issue = path.parent.parent.parent.name, path.parent.name
    assert f"article:j/{journal}/{issue}/{path.stem}/" in counts.pages
    rendered = {task.rstrip("/").rsplit("/", 1)[-1] for task in counts.pages}
    linked |= _linked(
        out, collection, path.stem
    )  # now shown (e.g. among similar articles) or no longer
    assert rendered <= linked | {path.stem} and len(rendered) < 20, (rendered - linked, linked)
    # its journal's listings only: its issue's tables of contents, the journal's feed and pages;
    # and the few static-search index files that hold its new title words and its record
    search = [t for t in counts.listings if t.startswith("search:")]
    listings = [t for t in counts.listings if not t.startswith("search:")]
    assert listings and all(f":{journal}" in t for t in listings)
    assert len(search) <= 4 and any(t.startswith("search:search/index/docs/") for t in search)
    assert any(t.startswith(f"issue:{journal}/{issue}:") for t in listings)
    # its references are unchanged, so only those whose blocking keys its (retitled) record
    # shares are looked at again, re-scored against it alone: few, if any, matched in full
    total = sum(_references(p) for p in xml)
    assert counts.matched < total // 10
    # one article's rows in the store
    assert "0 added, 1 changed, 19 unchanged" in report.store
    # the links stage reads the changed article alone (those with references its record may be
    # found by are re-scored from the index), indexes its record alone and keys its references
    read = {Path(source).stem for source in counts.link_reads}
    assert read == {path.stem} and counts.link_loads <= 1, (read, counts.link_loads)
    assert len(counts.indexed) == 1 and counts.keyed == _references(path)
    # the store reads one identifier from a model and makes one article's rows; it writes the
    # match rows of the articles whose matches changed (the changed one, and its citers: their
    # matched record has a new title) and the citations of those whose cited-by lists changed
    # (the articles it cites: their lists show its title): not the collection's
    assert counts.idents == 1 and counts.store_records == 1
    assert 0 < len(counts.store_matched) <= len(linked) + 1
    assert 0 < len(counts.store_cited) <= len(linked) + 1


def test_the_counts_see_work_that_is_redone(built, monkeypatch):
    """The counts can fail: a file rewritten with the same bytes is read again (its stat
    fingerprint changed) but not modelled again; states the links and store stages no longer
    recognise make them read every article; a changed journal setting redoes every article."""
    collection, out, path, xml = built
    path.write_bytes(path.read_bytes())
    counts = _Counts(monkeypatch)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert set(counts.read) == {path.name} and counts.modelled == [] and counts.pages == []

    assert counts.link_reads == [] and counts.keyed == 0 and counts.idents == 0

    with closing(sqlite3.connect(out / ".scielo-pub" / "citations.sqlite")) as db:
        db.execute("UPDATE biblio_article_state SET state = 'lost'")
        db.commit()
    with closing(sqlite3.connect(out / ".scielo-pub" / "store.sqlite")) as db:
        db.execute("UPDATE article_inputs SET input_digest = 'lost'")
        db.commit()
    counts = _Counts(monkeypatch)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(counts.link_reads) == len(counts.indexed) == 20
    assert counts.keyed >= sum(_references(p) for p in xml)
    assert counts.idents == counts.store_records == len(counts.store_matched) == 20

    toml = path.parent.parent.parent / "journal.toml"
    settings = toml.read_text(encoding="utf-8")
    toml.write_text(re.sub(r'(?m)^colour = ".*"$', 'colour = "#123456"', settings), "utf-8")
    counts = _Counts(monkeypatch)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    journal = path.parent.parent.parent.name
    mine = list(collection.glob(f"journals/{journal}/issues/*/a*.*"))
    assert len(counts.modelled) == len(mine) and len(counts.pages) >= len(mine)


def _count_summaries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles whose ``summary`` the links, usage and store stages read, by file name."""
    read: list[str] = []
    active = [False]
    real = collection_mod.PublishedArticle.summary

    def summary(self):
        if active[0]:
            read.append(self.source.path.name)
        return real.fget(self)

    monkeypatch.setattr(collection_mod.PublishedArticle, "summary", property(summary))
    for name in ("link_references", "usage_counts", "write_store"):
        stage = getattr(build_mod, name)

        def counted(*args, _stage=stage, **kwargs):
            active[0] = True
            try:
                return _stage(*args, **kwargs)
            finally:
                active[0] = False

        monkeypatch.setattr(build_mod, name, counted)
    return read


def test_the_links_usage_and_store_stages_read_no_unchanged_articles_summary(built, monkeypatch):
    """With usage counted in the store, a one-article rebuild's links, usage and store stages
    read the changed article's index data alone; when the store no longer knows the articles'
    input digests, the usage and store stages read every article's (the count can fail)."""
    collection, out, path, _xml = built
    store = out / ".scielo-pub" / "store.sqlite"
    with closing(sqlite3.connect(store)) as db:
        ids = [i for (i,) in db.execute("SELECT id FROM articles")]
        db.executemany(
            "INSERT INTO usage_monthly (month, article_id, total_investigations, total_requests, "
            "unique_investigations, unique_requests, robot_hits) VALUES ('2026-01', ?, 3, ?, 1, 1, 0)",
            [(i, i + 1) for i in ids],
        )
        db.commit()
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(<title-group>\s*<article-title[^>]*>)", r"\1Revised: ", text, count=1)
    )
    read = _count_summaries(monkeypatch)
    seen: list = []
    real_usage = build_mod.usage_counts
    monkeypatch.setattr(
        build_mod, "usage_counts", lambda *a, **k: seen.append(real_usage(*a, **k)) or seen[-1]
    )
    made: list = []
    real_init = store_write.InputDigests.__init__
    monkeypatch.setattr(store_write.InputDigests, "__init__",
                        lambda self, *a: made.append(self) or real_init(self, *a))  # fmt: skip
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert set(read) <= {path.name}, read
    # the input digests are made once, for the links, usage and store stages alike
    assert len(made) == 1 and len(made[0]._listed[2]) == 20
    accesses = [p.accesses for p in seen[-1].articles]
    assert len(accesses) == 20 and all(a and a > 1 for a in accesses)

    with closing(sqlite3.connect(store)) as db:
        db.execute("UPDATE article_inputs SET input_digest = 'lost'")
        db.commit()
    read.clear()
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(set(read)) == 20
