"""An issue folder whose articles are all unchanged is kept as one unit, counted.

A rebuild compares each issue folder's listing (``listing.scan_issue``) and its journal's part of
the keys with those the read cache recorded for it: a folder kept whole costs its articles no
``Read``, no look-up of their rows, no ``Read.published`` and no digest of their entries for the
issue checks' record; the TOML files whose stat fingerprint holds are not parsed again. Each count
is shown to move when the skip is disabled, and a rebuild after a change (an article retitled, an
article added) gives what a clean build gives.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub import config_files, readcache, verdicts
from scielo_pub.executors import LocalExecutor
from scielo_pub.readcache import Read
from tests.test_rebuild_walk import N, _built, _stages_only
from tests.test_walk_lookups import _reads

FOLDERS = N // 4  # three issue folders of four articles
TOMLS = 1 + 1 + FOLDERS  # collection.toml, one journal.toml, the issues' (synthetic: one journal)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return _built(tmp_path_factory.mktemp("folders"))


@pytest.fixture
def own(tmp_path) -> tuple[Path, Path]:
    return _built(tmp_path)


class _Counts:
    """The per-article work of the read, issues and publish stages and of discover, counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.looked: list[str] = []
        self.published = self.digested = self.parsed = 0
        self.content: list = []
        look_up, published = readcache._look_up, Read.published
        digest, parse = verdicts.members_digest, config_files._parse_toml

        def counted_look_up(item, *args):
            self.looked.append(str(item.path))
            return look_up(item, *args)

        def counted_published(read, item):
            self.published += 1
            return published(read, item)

        def counted_digest(names, keys):
            self.digested += 1
            return digest(names, keys)

        def counted_parse(path):
            self.parsed += 1
            return parse(path)

        monkeypatch.setattr(readcache, "_look_up", counted_look_up)
        monkeypatch.setattr(Read, "published", counted_published)
        monkeypatch.setattr(build_mod, "members_digest", counted_digest)
        monkeypatch.setattr(config_files, "_parse_toml", counted_parse)
        _stages_only(monkeypatch)
        monkeypatch.setattr(build_mod, "link_references",
                            lambda content, *a, **k: self.content.append(content) or content)  # fmt: skip

    def articles(self) -> list[tuple]:
        """What the last build published: each article's path, digest, entry key and size."""
        return [(str(p.source.path), p.digest, Path(p.entry).name, p.size)
                for p in self.content[-1].articles]  # fmt: skip


def _disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The skips disabled: no folder kept whole, no TOML file kept."""
    monkeypatch.setattr(readcache, "_kept", lambda *args: None)
    monkeypatch.setattr(config_files.Tomls, "parse",
                        lambda self, path, info=None: config_files._parse_toml(path))  # fmt: skip


def test_a_no_change_rebuild_does_nothing_per_article(built, monkeypatch):
    collection, out = built
    counts = _Counts(monkeypatch)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N and len(report.published) == N and not report.failed
    assert (counts.looked, counts.published, counts.digested, counts.parsed) == ([], 0, 0, 0)


def test_the_counts_see_the_work_when_the_skips_are_disabled(built, monkeypatch):
    collection, out = built
    counts = _Counts(monkeypatch)
    first = build_mod.build(collection, out, executor=LocalExecutor(1))
    kept = counts.articles()
    _disabled(monkeypatch)
    counts.looked.clear()
    again = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(counts.looked) == N and counts.published == N and counts.digested == FOLDERS
    assert counts.parsed == TOMLS
    assert counts.articles() == kept and again.counts == first.counts  # the same either way


def _clean(collection: Path, base: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list, object]:
    """A clean build of ``collection`` into a new folder: what it published, and its report."""
    counts = _Counts(monkeypatch)
    report = build_mod.build(collection, base / "clean", executor=LocalExecutor(1))
    return counts.articles(), report


def _retitle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(<article-title[^>]*>)", r"\1Revised: ", text, count=1), "utf-8")
    then = time.time() - 300  # not racy: its fingerprint is kept
    os.utime(path, (then, then))


def test_a_changed_article_opens_its_folder_only(own, tmp_path, monkeypatch):
    collection, out = own
    target = sorted(collection.glob("journals/*/issues/*/*.xml"))[5]
    _retitle(target)
    counts = _Counts(monkeypatch)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert sorted(counts.looked) == sorted(str(p) for p in target.parent.glob("*.xml"))
    assert counts.digested == 1 and counts.parsed == 0  # its folder's record; no TOML changed
    rebuilt = counts.articles()
    clean, fresh = _clean(collection, tmp_path, monkeypatch)
    assert (
        rebuilt == clean and report.counts == fresh.counts and report.published == fresh.published
    )
    counts = _Counts(monkeypatch)
    build_mod.build(collection, out, executor=LocalExecutor(1))  # recorded for the next build
    assert counts.looked == [] and counts.articles() == clean


def test_a_folder_whose_files_changed_is_opened_and_the_rest_as_a_clean_build(own, tmp_path,
                                                                             monkeypatch):  # fmt: skip
    """An article removed from one folder and a file added to another: those two folders' articles
    are looked at one by one (none read again), and the result is a clean build's."""
    collection, out = own
    files = sorted(collection.glob("journals/*/issues/*/*.xml"))
    gone, other = files[0], files[-1]
    gone.unlink()
    (other.parent / "notes.txt").write_text("not an article", "utf-8")
    read = _reads(monkeypatch)
    counts = _Counts(monkeypatch)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert read == [] and len(report.published) == N - 1
    assert len(counts.looked) == 3 + 4 and counts.digested == 2
    rebuilt = counts.articles()
    clean, fresh = _clean(collection, tmp_path, monkeypatch)
    assert rebuilt == clean and report.counts == fresh.counts


def test_a_folder_with_a_racy_file_is_not_kept(own, monkeypatch):
    """A folder listed while one of its files was modified within the last seconds is not recorded
    as kept: the next build looks at its articles one by one again."""
    collection, out = own
    target = sorted(collection.glob("journals/*/issues/*/*.xml"))[0]
    os.utime(target)  # now: racy
    build_mod.build(collection, out, executor=LocalExecutor(1))
    counts = _Counts(monkeypatch)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert sorted(counts.looked) == sorted(str(p) for p in target.parent.glob("*.xml"))


def test_a_kept_folder_moved_out_of_the_collection_is_not_kept(own, tmp_path, monkeypatch):
    """An issue folder moved outside the collection and linked back has the same listing (the
    same files), but its articles are refused as a clean build refuses them."""
    collection, out = own
    folder = sorted(collection.glob("journals/*/issues/*"))[1]
    outside = tmp_path / "elsewhere"
    shutil.move(folder, outside)
    folder.symlink_to(outside, target_is_directory=True)
    counts = _Counts(monkeypatch)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == N - 4 and len(report.failed) == 4
    assert sorted(counts.looked) == sorted(str(folder / p.name) for p in outside.glob("*.xml"))
    rebuilt = counts.articles()
    clean, fresh = _clean(collection, tmp_path, monkeypatch)
    assert rebuilt == clean and report.failed == fresh.failed


def test_an_issue_folder_without_articles_gets_no_verdict(own, monkeypatch):
    """As before folders were listed: only a folder holding article files is checked."""
    from scielo_pub.dtd import package as package_mod

    collection, out = own
    first = build_mod.build(collection, out, executor=LocalExecutor(1))
    issue = sorted(collection.glob("journals/*/issues/*/issue.toml"))[0]
    empty = issue.parent.parent / "zz-empty"
    empty.mkdir()
    shutil.copy2(issue, empty / "issue.toml")
    checked: list[str] = []
    real = package_mod.check_issue
    monkeypatch.setattr(package_mod, "check_issue",
                        lambda package, results: checked.append(str(package.path)) or real(package, results))  # fmt: skip
    _stages_only(monkeypatch)
    again = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert checked == [] and again.counts == first.counts


def test_a_refused_article_of_a_kept_folder_stays_refused(own, tmp_path, monkeypatch):
    """An article the issue checks refuse (its volume disagrees with its issue's): the folder is
    kept whole at the next build and the recorded verdict refuses it again, as a clean build does."""
    collection, out = own
    target = sorted(collection.glob("journals/*/issues/*/*.xml"))[2]
    target.write_text(re.sub(r"<volume>[^<]*</volume>", "<volume>99</volume>",
                             target.read_text(encoding="utf-8"), count=1), "utf-8")  # fmt: skip
    then = time.time() - 300
    os.utime(target, (then, then))
    first = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert first.failed == [str(target)]
    counts = _Counts(monkeypatch)
    again = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert counts.looked == [] and again.failed == first.failed
    rebuilt = counts.articles()
    clean, fresh = _clean(collection, tmp_path, monkeypatch)
    assert rebuilt == clean and again.failed == fresh.failed and again.counts == fresh.counts
