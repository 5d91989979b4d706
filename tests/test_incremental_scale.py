"""Incremental at scale: after one article changes, only the files that depend on it are rewritten."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from scielo_pub.build import build
from scielo_pub.executors import LocalExecutor
from scielo_pub.synthetic import generate


def _files(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of the site with its inode and mtime: a rewrite (atomic rename) changes both."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and ".scielo-pub" not in p.parts and not p.name.startswith(".scielo-pub")
    }


def _ids(path: Path) -> tuple[str, str]:
    """PID v2 and DOI of a synthetic article, XML or SGML."""
    text = path.read_text(encoding="latin-1")
    if path.suffix == ".xml":
        pid = re.search(r'specific-use="scielo-v2"[^>]*>([^<]+)<', text).group(1)
        return pid, re.search(r'<article-id pub-id-type="doi">([^<]+)<', text).group(1)
    pid = re.search(r'pii="?(S[0-9X-]+)', text).group(1)
    return pid, re.search(r"\[doi\]([^\[]+)\[/doi\]", text).group(1)


def _article_files(collection: Path) -> dict[str, Path]:
    """PID v2 -> article file of the synthetic collection."""
    paths = sorted(collection.glob("journals/*/issues/*/a*.*"))
    return {_ids(p)[0]: p for p in paths if p.suffix in (".xml", ".sgm")}


def _owned(path: Path) -> set[str]:
    """Site files an article's task writes: its folder, its PID and DOI redirect pages."""
    pid, doi = _ids(path)
    journal, issue = path.parent.parent.parent.name, path.parent.name
    return {f"j/{journal}/{issue}/{path.stem}/", f"pid/{pid}.html", "doi/" + doi.lower() + ".html"}


def _linking(out: Path, target: str) -> set[str]:
    """HTML pages of the site with a link into ``target`` (an article's folder name + ``/``)."""
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if f"{target}" in p.read_text(encoding="utf-8", errors="replace")
    }


def _within(rel: str, allowed: set[str]) -> bool:
    return any(rel == a or (a.endswith("/") and rel.startswith(a)) for a in allowed)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental")
    collection = generate(base / "col", 20, per_issue=5, issues_per_journal=2)
    out = base / "out"
    report = build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == 20 and not report.failed
    return collection, out


def test_one_changed_article_rewrites_only_what_depends_on_it(built):
    collection, out = built
    pids = _article_files(collection)
    with closing(sqlite3.connect(out / ".scielo-pub" / "citations.sqlite")) as db:
        links = db.execute(
            "SELECT citing_id, target_id FROM biblio_citations WHERE target_db = 'scielo'"
        )
        graph = [(a, b) for a, b in links if a in pids and b in pids]
    cited = {b for _, b in graph}
    pid = next(
        p
        for p in sorted(pids)
        if p in cited and pids[p].suffix == ".xml" and any(a == p for a, _ in graph)
    )
    path = pids[pid]
    neighbours = {a for a, b in graph if b == pid} | {b for a, b in graph if a == pid}
    before = _files(out)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(<title-group>\s*<article-title[^>]*>)", r"\1Revised: ", text, count=1)
    )

    report = build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == 20
    after = _files(out)
    rewritten = {rel for rel, stamp in after.items() if before.get(rel) != stamp}

    journal, issue = path.parent.parent.parent.name, path.parent.name
    mine = _owned(path)
    toc = {rel for rel in after if re.fullmatch(rf"j/{journal}/{issue}/index(\.\w+)?\.html", rel)}
    allowed = mine | toc | {f"j/{journal}/feed.atom"}
    for other in neighbours:
        allowed |= _owned(pids[other])
    # pages that show its title: previous/next and similar articles, the journal's latest articles
    showing = _linking(out, f"{path.stem}/") - {rel for rel in after if _within(rel, mine)}
    related = {p for p, src in pids.items() if any(_within(r, _owned(src)) for r in showing)}
    for other in related:
        allowed |= _owned(pids[other])
    allowed |= {rel for rel in showing if re.fullmatch(rf"j/{journal}/index(\.\w+)?\.html", rel)}
    # everything that depends on the article was rewritten ...
    assert {rel for rel in rewritten if _within(rel, mine)} >= {
        rel
        for rel in after
        if rel.startswith(f"j/{journal}/{issue}/{path.stem}/") and rel.endswith(".html")
    }
    assert toc and toc <= rewritten and f"j/{journal}/feed.atom" in rewritten
    # the articles it cites (their cited-by shows its title) and that cite it (their links do)
    assert neighbours and all(
        any(_within(rel, _owned(pids[p])) for rel in rewritten) for p in neighbours
    )
    # the static search index: the records file that holds it and the terms file of its new word
    search = {rel for rel in rewritten if rel.startswith("search/")}
    docs = {rel for rel in search if rel.startswith("search/index/docs/")}
    assert len(docs) == 1 and search - docs == {"search/index/terms/rev.json"}
    allowed |= search
    # ... and nothing else: other articles, other issues, journal and home pages stay as they were
    assert not {rel for rel in rewritten if not _within(rel, allowed)}
    untouched = set(pids) - neighbours - related - {pid}
    assert untouched and all(
        not _within(rel, _owned(pids[p])) for p in untouched for rel in rewritten
    )
    assert "index.html" not in rewritten
    assert f"j/{journal}/index.html" not in rewritten or f"j/{journal}/index.html" in showing


def test_the_dependency_check_sees_an_unneeded_rewrite(built):
    """The check above can fail: touching an unrelated article's page counts as a rewrite."""
    collection, out = built
    before = _files(out)
    page = sorted(out.glob("j/*/*/*/*.html"))[0]
    page.write_bytes(page.read_bytes())
    after = _files(out)
    assert {rel for rel, stamp in after.items() if before.get(rel) != stamp}
