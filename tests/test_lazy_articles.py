"""The build's coordinator holds no article model: articles load from the read cache on demand.

Counted on a small synthetic collection: the models alive in the coordinator while the build runs
(a clean build with a fork pool), and the models loaded during a one-article rebuild (in this
process, ``-j 1``). Each check is shown to fail when laziness is switched off.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub import collection as collection_mod
from scielo_pub.collection import PublishedArticle, discover
from scielo_pub.executors import LocalExecutor
from scielo_pub.model import Article
from scielo_pub.readcache import Read
from scielo_pub.render import site
from scielo_pub.synthetic import generate
from tests.test_rebuild_counts import _age

N = 20


def _models_alive() -> int:
    """Article models alive in this process (index data, which has no references, not counted)."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Article) and o.references)


_LAZY = Read.published


def _held(read: Read, item) -> PublishedArticle:
    """Laziness switched off: the article holds its model and XML, as before this change."""
    lazy = _LAZY(read, item)
    return PublishedArticle(lazy.article, lazy.canonical, item, read.digest)


def _alive_at_store(collection: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Models alive when the store stage starts (the links, pages and listings are done), beyond
    those alive before the build."""
    seen: list[int] = []
    original = build_mod.write_store

    def counted(content, *args, **kwargs):
        seen.append(_models_alive())
        return original(content, *args, **kwargs)

    monkeypatch.setattr(build_mod, "write_store", counted)
    for recent in (collection_mod._MODELS, collection_mod._XML, collection_mod._TREES):
        recent.items.clear()
    before = _models_alive()  # other tests' fixtures may hold some
    report = build_mod.build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == N and not report.failed
    return seen[0] - before


def test_the_coordinator_keeps_no_models(tmp_path, monkeypatch):
    collection = generate(tmp_path / "col", N, per_issue=5, issues_per_journal=2)
    assert (
        _alive_at_store(collection, tmp_path / "out", monkeypatch)
        <= 2 * collection_mod._Recent.KEEP
    )


def test_the_count_sees_models_held(tmp_path, monkeypatch):
    collection = generate(tmp_path / "col", N, per_issue=5, issues_per_journal=2)
    monkeypatch.setattr(Read, "published", _held)
    assert _alive_at_store(collection, tmp_path / "out", monkeypatch) >= N


@pytest.fixture
def rebuilt(tmp_path):
    """A built collection, one article's body edited (its pages change, no other article's); a
    function rebuilding it that returns the articles whose models were loaded from the read cache
    and those whose page tasks ran, and the changed one."""
    collection = generate(tmp_path / "col", N, per_issue=5, issues_per_journal=2)
    _age(collection)
    out = tmp_path / "out"
    build_mod.build(collection, out, executor=LocalExecutor(2))
    xml = sorted(collection.glob("journals/*/issues/*/a*.xml"))
    path = xml[len(xml) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(<body>\s*(?:<sec[^>]*>\s*(?:<title>.*?</title>\s*)?)?<p>)",
                           r"\1Revised. ", text, count=1, flags=re.S))  # fmt: skip

    def rebuild(monkeypatch: pytest.MonkeyPatch) -> tuple[set[str], set[str], str]:
        loaded: set[str] = set()
        pages: set[str] = set()
        load = collection_mod._load_model

        def counted_load(entry: str, where: str):
            loaded.add(Path(where).stem)
            return load(entry, where)

        task = site._article_task

        def counted_task(job):
            pages.add(job[0].source.path.stem)
            return task(job)

        monkeypatch.setattr(collection_mod, "_load_model", counted_load)
        monkeypatch.setattr(site, "_article_task", counted_task)
        collection_mod._MODELS.items.clear()
        report = build_mod.build(collection, out, executor=LocalExecutor(1))
        assert len(report.published) == N and not report.failed
        return loaded, pages, path.stem

    return rebuild


def test_a_one_article_rebuild_loads_only_the_models_it_renders(rebuilt, monkeypatch):
    loaded, pages, changed = rebuilt(monkeypatch)
    # the changed article's pages are rendered from its model; no other article's model is
    # loaded (listings, related articles, issue checks, task keys and the store read the index
    # data; the links stage reads an unchanged article only for references a changed record may match)
    assert loaded == pages == {changed}


def test_the_load_count_sees_listings_reading_models(rebuilt, monkeypatch):
    def from_model(self: PublishedArticle) -> Article:  # a listing's copy has its index data only
        return self.article if self.entry is not None else self.index

    monkeypatch.setattr(PublishedArticle, "summary", property(from_model))
    loaded, pages, changed = rebuilt(monkeypatch)
    # the outputs stage reads the index data of the articles whose pages or listings show the
    # changed one only (render.state's record): its issue's five (previous/next) are loaded too
    assert pages == {changed} and changed in loaded and len(loaded) >= 5


def _one_issue(tmp_path: Path) -> Path:
    """The demo's collection settings and one issue with figures (three articles)."""
    import shutil

    demo = Path(__file__).resolve().parent.parent / "collections" / "demo"
    root = tmp_path / "col"
    shutil.copytree(demo, root, ignore=shutil.ignore_patterns("issues"))
    issue = root / "journals" / "ecl" / "issues" / "v8n1"
    shutil.copytree(demo / "journals" / "ecl" / "issues" / "v8n1", issue)
    for journal in (root / "journals").iterdir():
        if journal.name != "ecl":
            shutil.rmtree(journal)
    _age(root)
    return issue


def test_an_issue_folder_keeps_its_verdict_until_a_file_changes(tmp_path):
    issue = _one_issue(tmp_path)
    out = tmp_path / "out"

    def codes() -> list[str]:
        report = build_mod.build(issue.parent.parent.parent.parent, out, executor=LocalExecutor(1))
        return sorted(d.code for d in report.diagnostics if d.code.startswith("package."))

    first = codes()
    assert codes() == first  # replayed from the recorded verdict
    figure = next(issue.glob("*-gf01.png"))
    figure.unlink()  # the folder changed: checked again, the article's figure is missing
    assert codes().count("package.file-missing") == first.count("package.file-missing") + 1


def test_a_lost_cache_entry_is_made_again(tmp_path, monkeypatch):
    """The index is trusted without looking at an entry's files: a rebuild that reads no model
    publishes the articles whose model or XML was removed, with the same pages; a stage that reads
    them (here one wrapping the outputs stage) finds them missing, the article is read again and
    its entry written again, and what it reads is what a fresh read gives."""
    collection = generate(tmp_path / "col", 4, per_issue=4, issues_per_journal=1)
    _age(collection)
    out = tmp_path / "out"
    build_mod.build(collection, out, executor=LocalExecutor(1))
    pages = {p: p.read_bytes() for p in out.glob("j/*/*/*/*.html")}
    entries = sorted((out / ".scielo-pub" / "read-cache").glob("*/*.pickle"))
    entries[0].unlink()
    entries[1].with_suffix(".xml").unlink()
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == 4 and not report.failed and report.unchanged_articles == 4
    assert not entries[0].is_file()  # not looked at: nothing read it
    assert {p: p.read_bytes() for p in out.glob("j/*/*/*/*.html")} == pages
    read: dict[str, tuple] = {}
    real = build_mod._write_outputs

    def reading(content, *args, **kwargs):
        for p in content.articles:
            read[str(p.source.path)] = (p.article, p.canonical)
        return real(content, *args, **kwargs)

    monkeypatch.setattr(build_mod, "_write_outputs", reading)
    for recent in (collection_mod._MODELS, collection_mod._XML, collection_mod._TREES):
        recent.items.clear()
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert len(report.published) == 4 and not report.failed and report.errors == 0
    assert entries[0].is_file() and entries[1].with_suffix(".xml").is_file()
    for path, (model, canonical) in read.items():
        fresh = build_mod.publish_one(next(i for i in discover(collection).articles
                                           if str(i.path) == path))  # fmt: skip
        assert (model, canonical) == (fresh.article, fresh.canonical)
