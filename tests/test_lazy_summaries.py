"""An article's index data (``summary``) loads from the read cache's index only when a stage reads it.

Counted on a small synthetic collection, a one-article rebuild in this process (``-j 1``): the
summaries the front of the build (discover, read, issue checks, publish) loads, and those the whole
build loads, by article; the first check is shown to fail when the read stage loads every summary
(laziness disabled). The read cache's index is one SQLite file whose rows a damaged file or an old
index's files do not break.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub import collection as collection_mod
from scielo_pub import readcache
from scielo_pub.collection import LOADS, PublishedArticle
from scielo_pub.executors import LocalExecutor
from scielo_pub.readcache import FOLDER, Read
from scielo_pub.synthetic import generate
from tests.test_rebuild_counts import _age

N = 20
PER_ISSUE = 5
#: The stages after the front of the build, by their function in ``build``.
LATER = ("link_references", "usage_counts", "_write_outputs", "write_store", "write_statistics")


@pytest.fixture
def rebuilt(tmp_path):
    """A built collection, one article retitled; a function rebuilding it that returns the
    articles whose summaries were loaded before the links stage and during the whole build, and
    the retitled article."""
    collection = generate(tmp_path / "col", N, per_issue=PER_ISSUE, issues_per_journal=2)
    _age(collection)
    out = tmp_path / "out"
    build_mod.build(collection, out, executor=LocalExecutor(1))
    xml = sorted(collection.glob("journals/*/issues/*/a*.xml"))
    path = xml[len(xml) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(<article-title[^>]*>)", r"\1Revised: ", text, count=1))

    def rebuild(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, set[Path]], Path]:
        """The articles whose summaries each stage loaded: ``front`` (discover to publish), then
        the stages from ``link_references`` on, by their function's name."""
        loaded: dict[str, set[Path]] = {"front": set()}
        stage = ["front"]
        original = PublishedArticle.summary.fget

        def counted(self: PublishedArticle):
            before = LOADS["summaries"]
            value = original(self)
            if LOADS["summaries"] > before:
                loaded[stage[0]].add(self.source.path)
            return value

        def timed(name: str):
            function = getattr(build_mod, name)

            def run(*args, **kwargs):
                stage[0] = name
                loaded[name] = set()
                return function(*args, **kwargs)

            monkeypatch.setattr(build_mod, name, run)

        monkeypatch.setattr(PublishedArticle, "summary", property(counted))
        for name in LATER:
            timed(name)
        collection_mod._SUMMARIES.items.clear()
        report = build_mod.build(collection, out, executor=LocalExecutor(1))
        assert len(report.published) == N and not report.failed
        return loaded, path

    return rebuild


def test_the_front_of_a_rebuild_loads_only_the_changed_issues_summaries(rebuilt, monkeypatch):
    loaded, changed = rebuilt(monkeypatch)
    # the issue checks of the changed article's folder read its articles' index data (the changed
    # one's too: a fresh outcome's is written to the index, not held); nothing else before the
    # links stage reads any
    issue = set(changed.parent.glob("*.xml"))
    assert len(issue) == PER_ISSUE and loaded["front"] == issue
    # the links, usage counts, store and statistics read none (the store's identifiers come
    # from its rows)
    assert {name: loaded[name] for name in LATER if name != "_write_outputs"} == {
        name: set() for name in LATER if name != "_write_outputs"
    }
    # the outputs read those of the changed article's journal only (its listings, its issue's
    # previous/next), none of the other journal's
    journal = set(changed.parent.parent.glob("*/*.xml"))
    assert loaded["_write_outputs"] <= journal and len(journal) < N


def test_the_count_sees_summaries_loaded_eagerly(rebuilt, monkeypatch):
    lazy = Read.published

    def eager(read: Read, item) -> PublishedArticle:  # laziness disabled: loaded and held
        article = lazy(read, item)
        index = article.summary if read.ok else None
        return PublishedArticle(None, None, item, read.digest, entry=read.entry, index=index,
                                size=read.size)  # fmt: skip

    monkeypatch.setattr(Read, "published", eager)
    monkeypatch.setattr(readcache, "_kept", lambda *args: None)  # every article its own ``Read``
    loaded, _changed = rebuilt(monkeypatch)
    assert len(loaded["front"]) == N


def _index(out: Path) -> Path:
    return out / FOLDER / "index.sqlite"


def test_the_index_is_one_sqlite_file_and_old_or_damaged_ones_are_made_again(tmp_path):
    collection = generate(tmp_path / "col", 4, per_issue=4, issues_per_journal=1)
    _age(collection)
    out = tmp_path / "out"
    old = out / FOLDER / "index"
    old.mkdir(parents=True)
    (old / "ab.pickle").write_bytes(b"an index of an earlier version")
    (out / FOLDER / "fingerprints.json").write_text("{}")
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert not old.exists() and not (out / FOLDER / "fingerprints.json").exists()
    with closing(sqlite3.connect(_index(out))) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (4,)
        assert db.execute("SELECT count(*) FROM blobs WHERE summary IS NOT NULL").fetchone() == (4,)
    pages = {p: p.read_bytes() for p in out.glob("j/*/*/*/*.html")}
    _index(out).write_bytes(b"not a database" * 100)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == 4 and not report.failed  # indexed again from the entries
    assert {p: p.read_bytes() for p in out.glob("j/*/*/*/*.html")} == pages
    with closing(sqlite3.connect(_index(out))) as db:
        assert db.execute("SELECT count(*) FROM blobs WHERE summary IS NOT NULL").fetchone() == (4,)


def test_a_removed_article_leaves_the_index(tmp_path):
    collection = generate(tmp_path / "col", 4, per_issue=4, issues_per_journal=1)
    _age(collection)
    out = tmp_path / "out"
    build_mod.build(collection, out, executor=LocalExecutor(1))
    gone = sorted(collection.glob("journals/*/issues/*/*.xml"))[0]
    gone.unlink()
    build_mod.build(collection, out, executor=LocalExecutor(1))
    with closing(sqlite3.connect(_index(out))) as db:
        paths = [row[0] for row in db.execute("SELECT path FROM files")]
        assert str(gone) not in paths and len(paths) == 3
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (3,)
        assert db.execute("SELECT count(*) FROM blobs").fetchone() == (3,)


def test_an_index_of_another_layout_is_made_again(tmp_path):
    collection = generate(tmp_path / "col", 2, per_issue=2, issues_per_journal=1)
    _age(collection)
    out = tmp_path / "out"
    _index(out).parent.mkdir(parents=True)
    with closing(sqlite3.connect(_index(out))) as db:  # the first layout: blobs beside the counts
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, digest TEXT, xml_size INTEGER, "
                   "infos INTEGER, warnings INTEGER, errors INTEGER, fatals INTEGER, "
                   "records BLOB, summary BLOB)")  # fmt: skip
        db.commit()
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == 2 and not report.failed
    assert build_mod.build(collection, out, executor=LocalExecutor(1)).unchanged_articles == 2
