"""The outputs stage of a one-article rebuild reads the index data of the articles whose pages or
listings it rewrites only, and its incremental record (``render.state``) gives the site a clean build
of the same collection gives.

Counted on a small synthetic collection (three journals of two issues of five articles), the rebuild
running in this process: the articles whose ``summary`` (or listing copy) the outputs stage reads.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub.collection import PublishedArticle
from scielo_pub.executors import LocalExecutor
from scielo_pub.render import search_index, site, urls
from scielo_pub.render.files import MANIFEST
from scielo_pub.synthetic import generate
from tests.test_incremental_scale import _files
from tests.test_rebuild_counts import _age

N = 30


def _site(out: Path) -> dict[str, str]:
    """Every file of a built site (not the build's records) and its hash."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".scielo-pub" not in p.parts
    }


def _retitle(path: Path, mark: str = "Revised") -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(<title-group>\s*<article-title[^>]*>)", rf"\1{mark}: ", text, count=1),
        encoding="utf-8",
    )


class _Reads:
    """The article folders whose index data the outputs stage reads (``summary``, ``listing``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folders: set[str] = set()
        self.on = False
        summary, listing = PublishedArticle.summary, PublishedArticle.listing

        def counted_summary(item):
            if self.on:
                self.folders.add(urls.article_dir(item))
            return summary.fget(item)

        def counted_listing(item):
            if self.on:
                self.folders.add(urls.article_dir(item))
            return listing(item)

        monkeypatch.setattr(PublishedArticle, "summary", property(counted_summary))
        monkeypatch.setattr(PublishedArticle, "listing", counted_listing)
        write = site.write_site

        def outputs(*args, **kwargs):
            self.on = True
            try:
                return write(*args, **kwargs)
            finally:
                self.on = False

        monkeypatch.setattr(site, "write_site", outputs)


@pytest.fixture
def built(tmp_path):
    collection = generate(tmp_path / "col", N, per_issue=5, issues_per_journal=2)
    _age(collection)
    out = tmp_path / "out"
    report = build_mod.build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == N and not report.failed
    xml = sorted(collection.glob("journals/*/issues/*/a*.xml"))
    return collection, out, xml[len(xml) // 2]


def _rebuild(collection: Path, out: Path, monkeypatch) -> tuple[set[str], set[str]]:
    """A rebuild in this process: the folders whose index data it read, the files it rewrote."""
    reads = _Reads(monkeypatch)
    before = _files(out)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == len(list(collection.glob("journals/*/issues/*/a*.*")))
    after = _files(out)
    return reads.folders, {rel for rel, stamp in after.items() if before.get(rel) != stamp}


def _folder(path: Path) -> str:
    return f"j/{path.parent.parent.parent.name}/{path.parent.name}/{path.stem}/"


def _forget(out: Path) -> None:
    """The outputs record's journals, related lists and search documents lost (the tasks' keys
    kept): what an outputs stage without its record does."""
    with closing(sqlite3.connect(out / MANIFEST)) as db:
        for table in ("journals", "related_articles", "related_terms", "related_counts",
                      "related_issues", "search_docs"):  # fmt: skip
            db.execute(f"DELETE FROM {table}")
        db.commit()


def test_a_rebuild_reads_the_index_data_of_what_it_rewrites_only(built, monkeypatch):
    collection, out, path = built
    _retitle(path)
    read, rewritten = _rebuild(collection, out, monkeypatch)
    journal = path.parent.parent.parent.name
    mine = {_folder(p) for p in collection.glob(f"journals/{journal}/issues/*/a*.*")}
    pages = {rel.rsplit("/", 1)[0] + "/" for rel in rewritten if rel.count("/") == 4}
    # its journal's articles (its listings: the latest articles, tables of contents, feed) and
    # the articles whose pages are rewritten (they list it: previous/next, similar, cited-by)
    assert _folder(path) in read and read <= mine | pages, sorted(read - mine - pages)
    assert len(read) < N
    # the static search index: its records file and the terms file of its new word only
    search = {r for r in rewritten if r.startswith("search/")}
    assert search == {"search/index/docs/0.json", "search/index/terms/rev.json"}


def test_the_count_rises_when_the_record_is_lost(built, monkeypatch):
    """Without the record (journals, related lists, search documents) the same files are rewritten
    but every article's index data is read: the count above can fail."""
    collection, out, path = built
    twin = out.parent / "twin"
    import shutil

    shutil.copytree(out, twin, copy_function=shutil.copy2)
    _retitle(path)
    _, rewritten = _rebuild(collection, out, monkeypatch)
    _forget(twin)
    monkeypatch.undo()
    read, rewritten_without = _rebuild(collection, twin, monkeypatch)
    assert len(read) == N
    assert rewritten_without == rewritten
    assert _site(twin) == _site(out)


def test_rebuilds_give_the_site_a_clean_build_gives(built, tmp_path, monkeypatch):
    """Retitled (the search index updated in place), then an article removed (made whole again):
    after each, every file equals a clean build's of the same collection."""
    collection, out, path = built
    whole = []
    real = search_index._whole
    monkeypatch.setattr(search_index, "_whole", lambda *a: whole.append(1) or real(*a))
    _retitle(path, "Quokka ecology")
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert whole == []  # updated in place
    clean = build_mod.build(collection, tmp_path / "clean1", executor=LocalExecutor(1))
    assert not clean.failed and _site(out) == _site(tmp_path / "clean1")
    others = sorted(collection.glob("journals/*/issues/*/a*.xml"))
    others[0].unlink()
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert whole == [1, 1]  # the rebuild's (an article removed) and the clean build's
    build_mod.build(collection, tmp_path / "clean2", executor=LocalExecutor(1))
    assert _site(out) == _site(tmp_path / "clean2")
    with closing(
        sqlite3.connect(out / MANIFEST)
    ) as db:  # the terms' holders, counted by difference
        counted = dict(db.execute("SELECT term, n FROM related_counts"))
        held = dict(db.execute("SELECT term, COUNT(*) FROM related_terms GROUP BY term"))
    assert counted == held and len(held) > 10


def test_a_deleted_page_of_an_unchanged_article_is_written_again(built, monkeypatch):
    """One check per task: a task whose first file is gone runs again (a deleted site or
    article folder is rebuilt); its other files are not checked (see docs/SCALE.md)."""
    collection, out, path = built
    folder = out / _folder(path)
    first = sorted(folder.iterdir())
    for page in first:
        page.unlink()
    _read, rewritten = _rebuild(collection, out, monkeypatch)
    assert {f"{_folder(path)}{p.name}" for p in first} <= rewritten


class _Keys:
    """The article page keys the outputs stage makes, the article marks the related lists and the
    search index make, and the articles ``_PageGroups`` keeps by their issue's key alone."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from scielo_pub.render import related

        self.pages = self.related = self.search = self.skipped = 0
        page_key, mark, search_mark = site._page_key, related._mark, search_index._mark

        def counted_page_key(*args):
            self.pages += 1
            return page_key(*args)

        def counted_mark(item):
            self.related += 1
            return mark(item)

        def counted_search_mark(item):
            self.search += 1
            return search_mark(item)

        monkeypatch.setattr(site, "_page_key", counted_page_key)
        monkeypatch.setattr(related, "_mark", counted_mark)
        monkeypatch.setattr(search_index, "_mark", counted_search_mark)
        save = site._PageGroups.save

        def counted_save(groups, failed):
            self.skipped += groups.skipped
            return save(groups, failed)

        monkeypatch.setattr(site._PageGroups, "save", counted_save)


def _forget_groups(out: Path) -> None:
    """The issues' page groups, related inputs and search inputs lost: every article visited."""
    with closing(sqlite3.connect(out / MANIFEST)) as db:
        for table in ("page_groups", "related_issues", "search_issues"):
            db.execute(f"DELETE FROM {table}")
        db.commit()


def test_an_unchanged_issue_is_decided_without_visiting_its_articles(built, monkeypatch):
    """A no-change rebuild makes no page key, no related nor search mark: every article task is
    kept by its issue's key (one check that its first file is there); a one-article rebuild makes
    marks for its issue only (page keys for the issues whose links or related lists changed too:
    in this collection of cloned titles, most). With the issues' records
    lost, every article is visited again and the same site results (so the counts can fail)."""
    collection, out, path = built
    keys = _Keys(monkeypatch)
    _read, rewritten = _rebuild(collection, out, monkeypatch)
    assert rewritten == set()
    assert (keys.pages, keys.related, keys.search, keys.skipped) == (0, 0, 0, N)
    _retitle(path)
    keys = _Keys(monkeypatch)
    _read, rewritten = _rebuild(collection, out, monkeypatch)
    assert f"{_folder(path)}en.html" in rewritten
    assert keys.pages >= 5 and keys.skipped == N - keys.pages  # issues whose pages may change
    assert keys.related == 5 and keys.search == 5  # its issue's five articles
    twin = out.parent / "twin"
    import shutil

    shutil.copytree(out, twin, copy_function=shutil.copy2)
    _forget_groups(twin)
    keys = _Keys(monkeypatch)
    _read, rewritten = _rebuild(collection, twin, monkeypatch)
    assert rewritten == set() and _site(twin) == _site(out)
    assert (keys.pages, keys.related, keys.search, keys.skipped) == (N, N, N, 0)


def test_the_search_index_files_are_checked_in_their_folders_listings(built, monkeypatch):
    """A no-change rebuild checks the static search index's kept files in one listing per folder,
    not one ``os.access`` each (``state.LIST_FOLDERS``; off, one per file: the count can fail);
    a terms file deleted is still written again."""
    from scielo_pub.render import state

    collection, out, _path = built
    checked: list[str] = []
    access = os.access

    def counted(path, *args, **kwargs):
        if "search/index/" in str(path):
            checked.append(str(path))
        return access(path, *args, **kwargs)

    monkeypatch.setattr(os, "access", counted)
    files = len(list((out / "search" / "index").rglob("*.json")))
    assert _rebuild(collection, out, monkeypatch)[1] == set()
    assert [Path(p).name for p in checked] == ["meta.json"]  # made again, its text unchanged
    checked.clear()
    monkeypatch.setattr(state, "LIST_FOLDERS", False)
    assert _rebuild(collection, out, monkeypatch)[1] == set()
    assert len(checked) == files > 20
    monkeypatch.setattr(state, "LIST_FOLDERS", True)
    terms = sorted((out / "search" / "index" / "terms").iterdir())[0]
    terms.unlink()
    assert f"search/index/terms/{terms.name}" in _rebuild(collection, out, monkeypatch)[1]
