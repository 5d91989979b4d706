"""What a rebuild does per unchanged article before the links stage, counted.

The read stage trusts the read cache's index (no look at an entry's files: a lost or damaged one
is made again when a stage reads it), the issue checks run only for folders whose files or articles
changed (the first rebuild after a clean build included), and the records the stages keep per
article hold no dictionaries of their own. Each count is shown to move when its skip is disabled.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub import readcache
from scielo_pub.collection import NO_MATCHES, PublishedArticle, discover
from scielo_pub.dtd import package as package_mod
from scielo_pub.executors import LocalExecutor
from scielo_pub.readcache import FOLDER, publish_cached
from scielo_pub.synthetic import generate
from tests.test_rebuild_counts import _age

N = 12  # three issue folders of four articles


def _built(base: Path) -> tuple[Path, Path]:
    collection = generate(base / "col", N, per_issue=4, issues_per_journal=3)
    _age(collection)
    out = base / "out"
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == N
    return collection, out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return _built(tmp_path_factory.mktemp("walk"))


@pytest.fixture
def own(tmp_path) -> tuple[Path, Path]:
    """A collection built for one test, which changes it."""
    return _built(tmp_path)


@pytest.fixture
def copy(built, tmp_path) -> tuple[Path, Path]:
    """A copy of the built collection and its output, for a test that changes them."""
    collection, out = built
    mine = (tmp_path / "col", tmp_path / "out")
    shutil.copytree(collection, mine[0])
    shutil.copytree(out, mine[1])
    _age(mine[0])
    # the read cache's index names files by path: point it at this copy
    index = mine[1] / FOLDER / "index.sqlite"
    import sqlite3

    with sqlite3.connect(index) as db:
        db.execute("UPDATE files SET path = replace(path, ?, ?)", (str(collection), str(mine[0])))
        db.execute("UPDATE parts SET journal = replace(journal, ?, ?)",
                   (str(collection), str(mine[0])))  # fmt: skip
    return mine


def _looks(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """Every ``stat``, ``lstat`` and ``open`` of a file of the read cache's entries, recorded."""
    entry = re.compile(re.escape(str(out / FOLDER)) + r"/[0-9a-f]{2}/")
    seen: list[str] = []

    def wrap(module, name):
        real = getattr(module, name)

        def counted(path, *args, **kwargs):
            text = os.fspath(path) if isinstance(path, str | os.PathLike) else ""
            if isinstance(text, str) and entry.match(text):
                seen.append(text)
            return real(path, *args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    for module, name in ((os, "stat"), (os, "lstat"), (os.path, "isfile"), (os.path, "exists")):
        wrap(module, name)
    return seen


def _stages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stages after publish left out (they read entries for pages of their own)."""
    monkeypatch.setattr(build_mod, "link_references", lambda content, *a, **k: content)
    monkeypatch.setattr(build_mod, "usage_counts", lambda content, *a, **k: content)
    monkeypatch.setattr(build_mod, "_write_outputs", lambda *a, **k: 0)
    monkeypatch.setattr(build_mod, "write_store", lambda *a, **k: "")
    monkeypatch.setattr(build_mod, "write_statistics", lambda *a, **k: 0)


def test_a_no_change_rebuild_looks_at_no_cache_entry(built, monkeypatch):
    collection, out = built
    _stages_only(monkeypatch)
    seen = _looks(monkeypatch, out)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.unchanged_articles == N and len(report.published) == N
    assert seen == []


def test_the_count_sees_entries_looked_at(built, monkeypatch):
    """The skip disabled (each entry's files checked, as before the index was trusted; no folder
    kept whole, so each article gets its ``Read``): the same count sees two looks per article."""
    collection, out = built
    _stages_only(monkeypatch)
    monkeypatch.setattr(readcache, "_kept", lambda *args: None)
    real = readcache.Read

    def checked(path, records=(), digest="", entry=None, *rest):
        if entry is not None:
            os.path.isfile(entry + ".pickle") and os.path.isfile(entry + ".xml")
        return real(path, records, digest, entry, *rest)

    monkeypatch.setattr(readcache, "Read", checked)
    seen = _looks(monkeypatch, out)
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(seen) >= 2 * N


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The issue folders whose checks run."""
    ran: list[str] = []
    real = package_mod.check_issue

    def counted(package, results):
        ran.append(str(package.path))
        return real(package, results)

    monkeypatch.setattr(package_mod, "check_issue", counted)
    return ran


def test_only_the_changed_issue_folder_is_checked_again(own, monkeypatch):
    collection, out = own
    _stages_only(monkeypatch)
    ran = _checks(monkeypatch)
    first = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert ran == []  # the first rebuild after the clean build too
    listed = sorted(d.format() for d in first.diagnostics)  # read from the index now
    target = sorted(collection.glob("journals/*/issues/*/*.xml"))[5]
    text = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"(<article-title[^>]*>)", r"\1Revised: ", text, count=1), "utf-8")
    then = time.time() - 300  # not racy: its fingerprint is kept
    os.utime(target, (then, then))
    again = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert ran == [str(target.parent)]
    assert again.counts == first.counts  # the unchanged folders' recorded diagnostics counted
    assert sorted(d.format() for d in again.diagnostics) == listed


def test_every_folder_is_checked_when_the_verdicts_are_not_kept(copy, monkeypatch):
    collection, out = copy
    _stages_only(monkeypatch)
    ran = _checks(monkeypatch)
    monkeypatch.setattr(readcache.Verdicts, "get", lambda self, folder, members: ("", None))
    build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(ran) == N // 4


def _reads(collection: Path, out: Path):
    source = discover(collection)

    def nothing_to_read(todo, arrived):
        assert not todo, [str(item.path) for item in todo]
        return []

    reads = publish_cached(source.articles, out, nothing_to_read)
    return source, reads


def test_a_damaged_entry_is_made_again_when_read(copy):
    collection, out = copy
    source, reads = _reads(collection, out)
    fresh = [build_mod.publish_one(item) for item in source.articles[:3]]
    entries = [Path(read.entry) for read in reads[:3]]
    entries[0].with_suffix(".pickle").unlink()
    entries[1].with_suffix(".pickle").write_bytes(b"not a pickle")
    entries[2].with_suffix(".xml").unlink()
    before = readcache.REMADE["entries"]
    articles = [read.published(item) for read, item in zip(reads, source.articles, strict=False)]
    for article, outcome in zip(articles, fresh, strict=False):
        assert article.article == outcome.article and article.canonical == outcome.canonical
    assert readcache.REMADE["entries"] == before + 3
    assert entries[0].with_suffix(".pickle").is_file() and entries[2].with_suffix(".xml").is_file()


def test_an_entry_whose_article_changed_since_is_read_again_next_time(copy):
    """The entry cannot be made again from a file that changed since the read stage: the stage
    gets a ``LookupError`` and the next build reads the article again."""
    collection, out = copy
    source, reads = _reads(collection, out)
    entry = Path(reads[0].entry)
    entry.with_suffix(".pickle").unlink()
    path = source.articles[0].path
    path.write_text(path.read_text(encoding="utf-8").replace("<article-title>", "<article-title>"
                                                             "Changed: ", 1), "utf-8")  # fmt: skip
    with pytest.raises(LookupError):
        _ = reads[0].published(source.articles[0]).article
    again = discover(collection)
    read: list[str] = []

    def publish(todo, arrived):
        read.extend(str(item.path) for item in todo)
        return [arrived(n, build_mod.publish_one(item)) for n, item in enumerate(todo)]

    publish_cached(again.articles, out, publish)
    assert read == [str(path)]


def test_a_published_article_holds_no_dictionary_of_its_own(built):
    collection, out = built
    source, reads = _reads(collection, out)
    article = reads[0].published(source.articles[0])
    assert not hasattr(article, "__dict__") and not hasattr(reads[0], "__dict__")
    assert article.matches is NO_MATCHES
    assert article == PublishedArticle(None, None, source.articles[0], reads[0].digest,
                                       entry=reads[0].entry, size=reads[0].size)  # fmt: skip
    with pytest.raises(TypeError):
        article.matches["x"] = 1


def test_a_removed_article_leaves_no_row_in_the_index(copy):
    """The file's row goes, and its entry's rows with it (no other file names that entry)."""
    import sqlite3

    collection, out = copy
    source, reads = _reads(collection, out)
    gone, key = source.articles[0].path, Path(reads[0].entry).name
    gone.unlink()
    _reads(collection, out)
    with sqlite3.connect(out / FOLDER / "index.sqlite") as db:
        paths = {row[0] for row in db.execute("SELECT path FROM files")}
        keys = {row[0] for row in db.execute("SELECT key FROM entries")}
        blobs = {row[0] for row in db.execute("SELECT key FROM blobs")}
    assert str(gone) not in paths and len(paths) == N - 1
    assert key not in keys and key not in blobs and len(keys) == N - 1


def _keys_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles whose read cache key is hashed."""
    made: list[str] = []
    real = readcache._key

    def counted(prefix, name, data):
        made.append(name)
        return real(prefix, name, data)

    monkeypatch.setattr(readcache, "_key", counted)
    return made


def _read_again(collection: Path, out: Path) -> list[str]:
    """The read stage run; the articles it had to read."""
    read: list[str] = []

    def publish(todo, arrived):
        read.extend(str(item.path) for item in todo)
        return [arrived(n, build_mod.publish_one(item)) for n, item in enumerate(todo)]

    publish_cached(discover(collection).articles, out, publish)
    return read


def test_an_unchanged_article_keeps_its_key_without_hashing_it(copy, monkeypatch):
    """The key hashes the journal's part, the file's name and its bytes' digest: when the part is
    the one recorded for the journal's folder and the file's fingerprint holds, no key is made."""
    collection, out = copy
    made = _keys_made(monkeypatch)
    assert _read_again(collection, out) == []  # the copy's files fingerprinted (dated anew)
    made.clear()
    assert _read_again(collection, out) == [] and made == []
    # A journal's settings changed: its articles' keys are made (new ones: read again), the
    # other journals' are not.
    toml = sorted(collection.glob("journals/*/journal.toml"))[0]
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "', 'title = "New ', 1),
                    "utf-8")  # fmt: skip
    mine = sorted(str(p) for p in toml.parent.glob("issues/*/*.xml"))
    assert sorted(_read_again(collection, out)) == mine
    assert sorted(made) == sorted(Path(p).name for p in mine)
    made.clear()
    assert _read_again(collection, out) == [] and made == []  # recorded for the next build


def test_the_count_sees_keys_made_when_the_part_is_not_trusted(copy, monkeypatch):
    collection, out = copy
    made = _keys_made(monkeypatch)
    assert _read_again(collection, out) == []  # the copy's files fingerprinted (dated anew)
    made.clear()
    monkeypatch.setattr(readcache._Index, "same_part", lambda self, item, prefix: False)
    assert _read_again(collection, out) == [] and len(made) == N
