"""A changed journal's listings are keyed from its issues' recorded facts (``render.listings``):
a one-article rebuild reads the index data of the changed issue and of the journal's latest
articles only, sends its job those only, and keys every task as a build that reads every article
does (the same files written, the same keys recorded, split sitemap or not).

One synthetic journal of 70 articles (14 issues of five), more than the feed's 50 latest and the
changed issue together; the rebuilds run in this process.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub.executors import LocalExecutor
from scielo_pub.render import listings, sitemaps
from scielo_pub.render.files import MANIFEST
from scielo_pub.synthetic import generate
from tests.test_incremental_outputs import _retitle, _site
from tests.test_incremental_scale import _files
from tests.test_rebuild_counts import _age

N = 70


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts")
    collection = generate(root / "col", N, per_issue=5, issues_per_journal=14)
    _age(collection)
    out = root / "out"
    report = build_mod.build(collection, out, executor=LocalExecutor(2))
    assert len(report.published) == N and not report.failed
    return collection, out


@pytest.fixture
def site_copy(built, tmp_path):
    """The built collection and site, copied (each test changes its own)."""
    collection, out = built
    shutil.copytree(collection, tmp_path / "col", copy_function=shutil.copy2)
    shutil.copytree(out, tmp_path / "out", copy_function=shutil.copy2)
    return tmp_path / "col", tmp_path / "out"


class _Work:
    """The articles whose issue facts are made and those each journal job carries."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.facts: list[int] = []
        self.jobs: list[int] = []
        facts, run = listings._issue_facts, listings.run_journals

        def counted_facts(items, *args):
            self.facts.append(len(items))
            return facts(items, *args)

        def counted_run(jobs, executor):
            self.jobs += [len(job[0].articles) for job in jobs]
            return run(jobs, executor)

        monkeypatch.setattr(listings, "_issue_facts", counted_facts)
        monkeypatch.setattr(listings, "run_journals", counted_run)
        from scielo_pub.render import site

        monkeypatch.setattr(site, "_run_journals", counted_run)


def _rebuild(collection: Path, out: Path) -> set[str]:
    before = _files(out)
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert not report.failed
    return {rel for rel, stamp in _files(out).items() if before.get(rel) != stamp}


def _tasks(out: Path) -> dict[str, str]:
    with closing(sqlite3.connect(out / MANIFEST)) as db:
        return dict(db.execute("SELECT task, key FROM tasks"))


def _page(out: Path) -> str:
    return (out / "j" / "ecl0000" / "index.html").read_text(encoding="utf-8")


def _forget_journals(out: Path) -> None:
    with closing(sqlite3.connect(out / MANIFEST)) as db:
        db.execute("DELETE FROM journals")
        db.commit()


@pytest.mark.parametrize("split", [False, True])
def test_keys_from_the_facts_are_the_keys_from_every_article(site_copy, monkeypatch, split):
    """The journal's recorded listings forgotten, its keys made again from every article's index
    data (``ISSUE_FACTS`` off) are the ones made from the facts: nothing is rewritten."""
    collection, out = site_copy
    if split:  # each journal's own sitemap, keyed by its rows
        monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", 10)
        assert "j/ecl0000/sitemap.xml" in _rebuild(collection, out)
    keys = _tasks(out)
    _forget_journals(out)
    monkeypatch.setattr(listings, "ISSUE_FACTS", False)
    assert _rebuild(collection, out) == set()
    assert _tasks(out) == keys


@pytest.mark.parametrize("which", ["older", "latest"])
def test_a_changed_journal_reads_its_changed_issue_and_latest_articles_only(
    site_copy, tmp_path, monkeypatch, which
):
    """A retitle makes the facts of its issue only (five articles) and sends the journal's job
    the feed's latest articles and that issue's, not all 70 (the latest article retitled, the
    journal's pages too); with ``ISSUE_FACTS`` off the job carries every article (so the counts
    can fail), and the same files and keys result."""
    collection, out = site_copy
    twin = tmp_path / "twin"
    shutil.copytree(out, twin, copy_function=shutil.copy2)
    path = sorted(collection.glob("journals/*/issues/*/a*.xml"))[3]
    if which == "latest":  # an XML article the journal page lists among its latest
        shown = re.findall(r'href="[^"]*/j/ecl0000/([^/"]+)/(a\d+)/', _page(out))
        issues = collection / "journals" / "ecl0000" / "issues"
        path = next(p for i, a in shown if (p := issues / i / f"{a}.xml").exists())
    _retitle(path)
    work = _Work(monkeypatch)
    rewritten = _rebuild(collection, out)
    assert work.facts == [5]
    assert len(work.jobs) == 1 and work.jobs[0] <= listings.FEED + 5 < N
    assert any(rel.startswith(f"j/ecl0000/{path.parent.name}/index") for rel in rewritten)
    journal_pages = {r for r in rewritten if r.startswith("j/ecl0000/index")}
    assert bool(journal_pages) == (which == "latest")
    monkeypatch.undo()
    monkeypatch.setattr(listings, "ISSUE_FACTS", False)
    work = _Work(monkeypatch)
    assert _rebuild(collection, twin) == rewritten
    assert work.facts == [] and work.jobs == [N]
    assert _site(twin) == _site(out) and _tasks(twin) == _tasks(out)
