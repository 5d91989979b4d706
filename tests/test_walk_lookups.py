"""The per-folder and per-article system calls and look-ups of discover and the read stage, counted.

An issue folder is listed through its open descriptor (its entries ``lstat``-ed by name, not by
their whole paths), which also tells whether the folder is a link, so the read stage resolves no
issue folder of its own; each article's path carries its text from discover on (``str`` joins no
parts again); a rebuild that meets a few new cache keys looks their entries up by key instead of
reading every entry's row; the cyclic collector does not run inside discover nor the publish stage
(``heap.paused``). Each count is shown to move when its flag is off, and the results are the same
either way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePath

import pytest

from scielo_pub import build as build_mod
from scielo_pub import listing, readcache
from scielo_pub.collection import discover
from scielo_pub.executors import LocalExecutor
from tests.test_rebuild_walk import N, _built, _stages_only

FOLDERS = N // 4  # three issue folders of four articles


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return _built(tmp_path_factory.mktemp("lookups"))


def _scans(monkeypatch: pytest.MonkeyPatch) -> list:
    """What every ``os.scandir`` is given, recorded."""
    seen: list = []
    real = os.scandir

    def counted(path="."):
        seen.append(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", counted)
    return seen


def _listed(collection: Path) -> list[tuple]:
    source = discover(collection)
    return [(str(a.path), a.issue.folder) for a in source.articles] + [
        (f.path, f.start, f.stop, f.names, f.prints, f.newest, f.special) for f in source.folders
    ]


def test_an_issue_folder_is_listed_through_its_descriptor(built, monkeypatch):
    collection, _ = built
    seen = _scans(monkeypatch)
    source = discover(collection)
    assert sum(isinstance(p, int) for p in seen) == FOLDERS
    assert [f.link for f in source.folders] == [False] * FOLDERS


def test_the_count_sees_folders_listed_by_path(built, monkeypatch):
    collection, _ = built
    fast = _listed(collection)
    monkeypatch.setattr(listing, "BY_FOLDER", False)
    seen = _scans(monkeypatch)
    source = discover(collection)
    assert not any(isinstance(p, int) for p in seen)
    assert [f.link for f in source.folders] == [None] * FOLDERS
    assert _listed(collection) == fast  # the same listing either way


def test_a_linked_issue_folder_is_known_as_a_link(tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "a.xml").write_text("<article/>", encoding="utf-8")
    (tmp_path / "link").symlink_to(folder)
    files, found = listing.scan_issue(tmp_path / "link", 0)
    assert found.link is True and found.names == ("a.xml",)
    assert files == [tmp_path / "link" / "a.xml"]
    assert listing.scan_issue(folder, 0)[1].link is False


def _islinks(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """Every ``os.path.islink`` of a folder the collection holds, recorded."""
    seen: list[str] = []
    real = os.path.islink

    def counted(path):
        seen.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os.path, "islink", counted)
    return seen


def test_a_no_change_rebuild_resolves_no_issue_folder(built, monkeypatch):
    collection, out = built
    _stages_only(monkeypatch)
    seen = _islinks(monkeypatch, out)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N
    assert not [p for p in seen if "/issues/" in p]


def test_the_count_sees_issue_folders_resolved(built, monkeypatch):
    collection, out = built
    _stages_only(monkeypatch)
    monkeypatch.setattr(listing, "BY_FOLDER", False)
    seen = _islinks(monkeypatch, out)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N
    assert len([p for p in seen if "/issues/" in p]) == FOLDERS


def _joins(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times pathlib joined a path's parts into its text."""
    count = [0]
    real = PurePath.__dict__["_format_parsed_parts"].__func__

    def counted(cls, drv, root, parts):
        count[0] += 1
        return real(cls, drv, root, parts)

    monkeypatch.setattr(PurePath, "_format_parsed_parts", classmethod(counted))
    return count


@pytest.mark.skipif(listing._SET_STR is None, reason="pathlib keeps no text slot here")
def test_an_article_path_carries_its_text(built, monkeypatch):
    collection, _ = built
    source = discover(collection)
    count = _joins(monkeypatch)
    texts = [str(a.path) for a in source.articles]
    assert count[0] == 0
    assert texts == [os.path.join(a.issue.path, a.path.name) for a in source.articles]
    assert [a.path for a in source.articles] == [
        a.issue.path / a.path.name for a in source.articles
    ]


@pytest.mark.skipif(listing._SET_STR is None, reason="pathlib keeps no text slot here")
def test_the_count_sees_paths_joined_again(built, monkeypatch):
    collection, _ = built
    monkeypatch.setattr(listing, "_SET_STR", None)
    source = discover(collection)
    count = _joins(monkeypatch)
    texts = [str(a.path) for a in source.articles]
    assert count[0] == N
    assert texts == [os.path.join(a.issue.path, a.path.name) for a in source.articles]


def _copied(collection: Path, out: Path) -> Path:
    """An article copied, with its name, into another issue folder of its journal: its cache key
    (journal, name and bytes) is one the index has, named by no file row there."""
    files = sorted(collection.glob("journals/*/issues/*/*.xml"))
    source, other = files[0], files[-1].parent
    assert source.parent != other and source.parent.parent == other.parent
    target = other / source.name
    shutil.copy2(source, target)  # its mtime too: not racy
    return target


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles the build reads (not found in the read cache)."""
    read: list[str] = []
    real = build_mod._publish_all

    def counted(sources, arrived, executor):
        read.extend(str(s.path) for s in sources)
        return real(sources, arrived, executor)

    monkeypatch.setattr(build_mod, "_publish_all", counted)
    return read


def _copy_of(built, tmp_path: Path) -> tuple[Path, Path]:
    collection, out = built
    mine = (tmp_path / "col", tmp_path / "out")
    shutil.copytree(collection, mine[0], symlinks=True)
    shutil.copytree(out, mine[1])
    return mine


def test_a_new_key_is_looked_up_alone(built, tmp_path, monkeypatch):
    collection, out = _copy_of(built, tmp_path)
    build_mod.build(collection, out, executor=LocalExecutor(1))  # this copy's paths indexed
    target = _copied(collection, out)
    _stages_only(monkeypatch)
    read = _reads(monkeypatch)
    before = readcache.ENTRY_ROWS["read"]
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N + 1 and read == []  # found in the read cache
    assert str(target) in [*report.published, *report.failed]
    assert readcache.ENTRY_ROWS["read"] - before == 1


def test_the_count_sees_every_entry_read(built, tmp_path, monkeypatch):
    collection, out = _copy_of(built, tmp_path)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    target = _copied(collection, out)
    _stages_only(monkeypatch)
    monkeypatch.setattr(readcache, "ENTRIES_ONE_BY_ONE", 0)
    read = _reads(monkeypatch)
    before = readcache.ENTRY_ROWS["read"]
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N + 1 and read == []  # found in the read cache
    assert str(target) in [*report.published, *report.failed]
    assert readcache.ENTRY_ROWS["read"] - before == N


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch):
    """How many times the cyclic collector ran inside discover and inside the publish stage (its
    young generation collected every 20 new objects, so that a small build shows it)."""
    import gc

    runs = {"all": 0, "discover": 0, "publish": 0}

    def note(phase, _info):
        if phase == "start":
            runs["all"] += 1

    def counted(name, real):
        def run(*args, **kwargs):
            before = runs["all"]
            try:
                return real(*args, **kwargs)
            finally:
                runs[name] += runs["all"] - before

        return run

    threshold = gc.get_threshold()
    gc.set_threshold(20, 10, 10)
    gc.callbacks.append(note)
    monkeypatch.setattr(build_mod, "discover", counted("discover", build_mod.discover))
    monkeypatch.setattr(build_mod, "_published", counted("publish", build_mod._published))
    yield runs
    gc.callbacks.remove(note)
    gc.set_threshold(*threshold)


def test_the_collector_does_not_run_inside_discover_nor_publish(built, collections, monkeypatch):
    collection, out = built
    _stages_only(monkeypatch)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N
    assert (collections["discover"], collections["publish"]) == (0, 0)


def test_the_count_sees_the_collector_run(built, collections, monkeypatch):
    from scielo_pub import heap

    collection, out = built
    _stages_only(monkeypatch)
    monkeypatch.setattr(heap, "PAUSE", False)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N
    assert collections["discover"] > 0 and collections["publish"] > 0
