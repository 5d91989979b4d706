"""Before a local pool forks for article tasks, the cheapest one is run in the coordinator."""

from __future__ import annotations

import hashlib

from scielo_pub.render import site
from scielo_pub.render.files import MANIFEST
from scielo_pub.render.site import write_site


def _tree(out):
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".scielo-pub" not in p.relative_to(out).parts and p.name != MANIFEST
    }


def test_the_cheapest_article_task_runs_before_the_pool_forks(demo_content, tmp_path, monkeypatch):
    """``WARM_FIRST``: one article task runs in this process (what a process pays on its first
    article paid once, inherited by the workers), the others in the pool; the same site."""
    here: list[str] = []
    real = site._article_task

    def counted(job):
        here.append(job[4])  # appended in this process only: a worker's list is its own copy
        return real(job)

    monkeypatch.setattr(site, "_article_task", counted)
    report = write_site(demo_content, tmp_path / "warm", jobs=2)
    assert not report.problems
    tasks = len(demo_content.articles)
    assert tasks > 2 and len(here) == 1  # the cheapest, here; the others forked
    cheapest = min(demo_content.articles, key=lambda item: site._cost(item, False))
    assert here == [f"article:{site.urls.article_dir(cheapest)}"]

    here.clear()
    monkeypatch.setattr(site, "WARM_FIRST", False)
    write_site(demo_content, tmp_path / "cold", jobs=2)
    assert here == []  # the flag off: every article task in the pool
    assert _tree(tmp_path / "warm") == _tree(tmp_path / "cold")
