"""Incremental rebuilds, parallel builds equal to serial ones, and atomic writes."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from scielo_pub.render import keys, urls
from scielo_pub.render import site as site_mod
from scielo_pub.render.related import with_related
from scielo_pub.render.site import MANIFEST, write_site
from scielo_pub.render.standalone import load_articles

from .conftest import DEMO


def _copy_demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def _load(root: Path):
    return load_articles(sorted((root / "journals").rglob("*.xml"))).content


def _tree_digest(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def test_second_build_writes_nothing(demo_content, tmp_path):
    first = write_site(demo_content, tmp_path, jobs=1)
    second = write_site(demo_content, tmp_path, jobs=1)
    assert first.written and second.written == ()
    assert second.skipped > 0


def test_changing_one_article_rewrites_only_its_pages_toc_and_listings(tmp_path):
    root = _copy_demo(tmp_path)
    out = tmp_path / "site"
    write_site(_load(root), out, jobs=1)
    content = _load(root)
    item = content.articles[0]
    data = item.source.path.read_text(encoding="utf-8")
    title = item.article.titles[item.article.language]
    item.source.path.write_text(data.replace(title, title + " (revised)", 1), encoding="utf-8")
    report = write_site(_load(root), out, jobs=1)
    written = {p.relative_to(out).as_posix() for p in report.written}
    article_dir = urls.article_dir(item)
    issue_dir = urls.issue_dir(item.source.issue)
    allowed_listings = {
        *(f"{issue_dir}{n}" for n in ("index.html", "index.en.html", "index.es.html")),
        urls.feed(item.source.journal),
    }
    # articles whose pages name the changed one (previous/next in its issue, similar articles)
    linking = {
        urls.article_dir(a)
        for a in with_related(_load(root)).articles
        if any(e and e[1].startswith(article_dir) for e in (*a.neighbours, *a.similar))
    }
    # the static search index: the records file that holds it and the terms file of its new word
    search = {w for w in written if w.startswith("search/")}
    docs = {w for w in search if w.startswith("search/index/docs/")}
    assert len(docs) == 1 and search - docs == {"search/index/terms/rev.json"}
    allowed_listings |= search
    others = {w for w in written if not w.startswith((article_dir, *linking))} - allowed_listings
    redirects = {w for w in others if w.startswith(("pid/", "doi/"))}
    assert others == redirects, sorted(others)
    assert any(w.startswith(article_dir) for w in written)
    assert allowed_listings & written
    assert (out / urls.fulltext(item, item.article.language)).read_text(encoding="utf-8").count(
        "(revised)"
    ) >= 1


def test_removed_article_pages_are_deleted(tmp_path):
    root = _copy_demo(tmp_path)
    out = tmp_path / "site"
    content = _load(root)
    write_site(content, out, jobs=1)
    item = content.articles[-1]
    page = out / urls.fulltext(item, item.article.language)
    assert page.exists()
    item.source.path.unlink()
    write_site(_load(root), out, jobs=1)
    assert not page.exists()


def test_parallel_build_equals_serial_build(demo_content, tmp_path):
    write_site(demo_content, tmp_path / "one", jobs=1)
    write_site(demo_content, tmp_path / "two", jobs=2)
    assert _tree_digest(tmp_path / "one") == _tree_digest(tmp_path / "two")


def test_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    target.write_text("old complete page", encoding="utf-8")

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        site_mod.write_atomic(target, "new page " * 10000)
    assert target.read_text(encoding="utf-8") == "old complete page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_changed_templates_rebuild_everything(demo_content, tmp_path, monkeypatch):
    write_site(demo_content, tmp_path, jobs=1)
    monkeypatch.setattr(keys, "code_fingerprint", lambda: "another-version")
    report = write_site(demo_content, tmp_path, jobs=1)
    assert report.skipped == 0 and report.written


def test_the_same_collection_from_another_folder_rewrites_nothing(tmp_path):
    """Cache keys hold no folder path: a moved or copied collection builds to the same site, its
    PDFs included (they have keys of their own)."""
    from scielo_pub.build import build

    out = tmp_path / "site"
    first = build(_copy_demo(tmp_path / "a"), out, jobs=2, pdf=True)
    moved = build(_copy_demo(tmp_path / "b"), out, jobs=2, pdf=True)
    assert first.pages > 100
    assert moved.pages == 0
    assert [d.format().replace("/b/", "/a/") for d in moved.diagnostics] == [
        d.format() for d in first.diagnostics
    ]


def test_unchanged_articles_are_not_read_again(tmp_path, monkeypatch):
    """The read cache (keyed by content) skips reading and validating unchanged articles."""
    from scielo_pub import build as build_mod

    root, out = _copy_demo(tmp_path), tmp_path / "site"
    build_mod.build(root, out, jobs=1)
    read: list[str] = []
    real = build_mod.publish_one
    monkeypatch.setattr(
        build_mod,
        "publish_one",
        lambda item, data=None: read.append(item.path.name) or real(item, data),
    )
    path = sorted((root / "journals").rglob("*.xml"))[0]
    path.write_text(
        path.read_text(encoding="utf-8").replace("</article-title>", " (rev.)</article-title>", 1),
        encoding="utf-8",
    )
    report = build_mod.build(root, out, jobs=1)
    assert read == [path.name]
    assert str(path) in report.published


def test_a_cached_read_equals_a_fresh_one(tmp_path):
    """Model, canonical XML, digest and diagnostics from the read cache equal a fresh read."""
    from scielo_pub import build as build_mod
    from scielo_pub.collection import discover
    from scielo_pub.readcache import publish_cached

    source = discover(_copy_demo(tmp_path))
    fresh = [build_mod.publish_one(item) for item in source.articles]

    def publish(todo, arrived):
        return [arrived(n, build_mod.publish_one(item)) for n, item in enumerate(todo)]

    first = publish_cached(source.articles, tmp_path / "out", publish)  # fills the cache
    cached = publish_cached(
        source.articles, tmp_path / "out", lambda todo, arrived: [] if not todo else 1 / 0
    )
    assert cached == first
    for item, read, outcome in zip(source.articles, cached, fresh, strict=True):
        assert read.diagnostics == outcome.diagnostics and read.digest == outcome.digest
        article = read.published(item)  # loads from the cache entry
        assert (article.article, article.canonical) == (outcome.article, outcome.canonical)


def test_an_older_sites_json_manifest_is_read_once_into_the_record(demo_content, tmp_path):
    """A site an older build wrote (its JSON manifest at the root): its tasks are recorded (a file
    no task makes any more is deleted) and the JSON file goes."""
    import json
    import sqlite3
    from contextlib import closing

    from scielo_pub.render.files import LEGACY_MANIFEST

    write_site(demo_content, tmp_path, jobs=1)
    with closing(sqlite3.connect(tmp_path / MANIFEST)) as db:
        tasks = {t: {"key": k, "files": []} for t, k in db.execute("SELECT task, key FROM tasks")}
        for task, rel in db.execute("SELECT task, path FROM task_files"):
            tasks[task]["files"].append(rel)
    (tmp_path / MANIFEST).unlink()
    tasks["article:j/gone/"] = {"key": "old", "files": ["j/gone/index.html"]}
    (tmp_path / "j" / "gone").mkdir(parents=True)
    (tmp_path / "j" / "gone" / "index.html").write_text("an article removed since", "utf-8")
    (tmp_path / LEGACY_MANIFEST).write_text(json.dumps({"version": 1, "tasks": tasks}), "utf-8")
    before = _tree_digest(tmp_path)
    report = write_site(demo_content, tmp_path, jobs=1)
    assert not (tmp_path / LEGACY_MANIFEST).exists()
    assert not (tmp_path / "j" / "gone" / "index.html").exists()
    assert {p.relative_to(tmp_path).as_posix() for p in report.written} <= {
        rel for rel in before if rel.startswith("search/")
    }  # the search record starts again: its files are made again, with the same text
    after = _tree_digest(tmp_path)
    del before["j/gone/index.html"]
    assert {k: v for k, v in after.items() if ".scielo-pub" not in k} == {
        k: v for k, v in before.items() if ".scielo-pub" not in k
    }


@pytest.mark.parametrize("lazy", [True, False])
def test_the_report_names_the_files_written_without_a_path_held_per_file(
    demo_content, tmp_path, monkeypatch, lazy
):
    """``site.LAZY_WRITTEN``: the report counts the files written and gives their paths when read,
    equal to the tuple of them, without holding a path object per file (a clean build of 100,000
    articles wrote 963,209 files)."""
    import gc

    monkeypatch.setattr(site_mod, "LAZY_WRITTEN", lazy)
    report = write_site(demo_content, tmp_path, jobs=1)
    paths = list(report.written)
    assert len(report.written) == len(paths) > 20 and report.written == tuple(paths)
    site = {rel for rel in _tree_digest(tmp_path) if not rel.startswith(".scielo-pub/")}
    assert {p.relative_to(tmp_path).as_posix() for p in paths} == site
    held = [o for o in gc.get_referents(report.written) if isinstance(o, Path)]
    assert len(held) == (1 if lazy else len(paths))  # ``out`` alone, or every file's path
