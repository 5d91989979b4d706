"""The usage and store stages over unchanged articles: no function of scielo-pub runs once per
unchanged article (their digests are compared as sets), and a withdrawn or changed article is
still found."""

from __future__ import annotations

import re
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from scielo_pub import build as build_mod
from scielo_pub import store
from scielo_pub.executors import LocalExecutor
from scielo_pub.store import inputs as store_inputs
from scielo_pub.store import write as store_write
from scielo_pub.synthetic import generate
from tests.test_rebuild_counts import _age

PACKAGE = str(Path(build_mod.__file__).resolve().parent)
STAGES = ("usage_counts", "write_store")


class _Calls:
    """Counts the calls of scielo-pub's own Python functions while the usage or store stage runs
    (``sys.setprofile``), per function."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: dict[str, int] = {}
        for name in STAGES:
            monkeypatch.setattr(build_mod, name, self._counted(getattr(build_mod, name)))

    def _profile(self, frame, event, _arg) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(PACKAGE):
            key = f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}"
            self.calls[key] = self.calls.get(key, 0) + 1

    def _counted(self, stage):
        def run(*args, **kwargs):
            sys.setprofile(self._profile)
            try:
                return stage(*args, **kwargs)
            finally:
                sys.setprofile(None)

        return run


def _with_usage(url: str, articles: int) -> None:
    """Usage counted in the store for the first ``articles`` articles."""
    engine = store.connect(url)
    try:
        with engine.begin() as conn:
            ids = conn.execute(text("SELECT id FROM articles ORDER BY id")).scalars().all()
            for n, article_id in enumerate(ids[:articles]):
                conn.execute(
                    text("INSERT INTO usage_monthly (month, article_id, total_investigations, "
                         "total_requests, unique_investigations, unique_requests, robot_hits) "
                         "VALUES ('2026-01', :a, 3, :r, 1, 1, 0)"),
                    {"a": article_id, "r": n + 2},
                )  # fmt: skip
    finally:
        engine.dispose()


def _no_change_calls(tmp_path: Path, monkeypatch, url: str, n: int) -> dict[str, int]:
    """The calls of scielo-pub functions in the usage and store stages of a no-change rebuild of
    ``n`` synthetic articles (two of which have usage counted)."""
    collection = generate(tmp_path / f"col{n}", n, per_issue=n // 4, issues_per_journal=2)
    _age(collection)
    out = tmp_path / f"out{n}"
    assert not build_mod.build(collection, out, db=url, executor=LocalExecutor(1)).failed
    _with_usage(url, 2)
    linked: list[int] = []
    real = store_write.write_links
    with monkeypatch.context() as patch:
        counter = _Calls(patch)
        patch.setattr(store_write, "write_links", lambda conn, items, *a: linked.append(
            len(items)) or real(conn, items, *a))  # fmt: skip
        report = build_mod.build(collection, out, db=url, executor=LocalExecutor(1))
    assert f"0 added, 0 changed, {n} unchanged" in report.store
    assert linked == [0]  # no article's links compared: their digests are the recorded ones
    return counter.calls


@pytest.fixture
def second_url(store_url: str, tmp_path: Path, request) -> str:
    """Another empty store of the same kind as ``store_url``."""
    if store_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'second.sqlite'}"
    server = request.getfixturevalue("postgresql_server")
    return server.create_database(f"second_{abs(hash(str(tmp_path))) % 10**8}")


def _differing(small: dict[str, int], large: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (small.get(k, 0), large.get(k, 0)) for k in {*small, *large}
            if small.get(k, 0) != large.get(k, 0)}  # fmt: skip


def test_an_unchanged_article_costs_the_usage_and_store_stages_no_call_of_its_own(
    tmp_path, monkeypatch, store_url, second_url
):
    """A no-change rebuild of 8 and of 16 articles calls scielo-pub's functions as many times in
    the usage and store stages: the articles' input and link digests are compared with the
    store's as sets, nothing is made, read or looked up for an unchanged article."""
    small = _no_change_calls(tmp_path, monkeypatch, store_url, 8)
    large = _no_change_calls(tmp_path, monkeypatch, second_url, 16)
    assert small and not _differing(small, large), _differing(small, large)


def test_the_call_count_sees_the_input_digests_made_again_per_article(
    tmp_path, monkeypatch, store_url, second_url
):
    """The count can fail: with the build's list of input digests made again article by article
    in each stage (the skip of ``InputDigests.many`` disabled), the larger collection costs
    ``of`` calls of its own."""

    def many(self, articles):
        return [self.of(p) for p in articles]

    monkeypatch.setattr(store_inputs.InputDigests, "many", many)
    small = _no_change_calls(tmp_path, monkeypatch, store_url, 8)
    large = _no_change_calls(tmp_path, monkeypatch, second_url, 16)
    assert _differing(small, large).get("inputs.py:of") == (16, 32)


def test_a_withdrawn_article_and_a_changed_one_are_still_found(tmp_path, monkeypatch):
    """The set comparison finds what changed: one article retitled, one removed."""
    collection = generate(tmp_path / "col", 8, per_issue=2, issues_per_journal=2)
    _age(collection)
    out = tmp_path / "out"
    build_mod.build(collection, out, executor=LocalExecutor(1))
    files = sorted(collection.glob("journals/*/issues/*/*.xml"))
    files[0].unlink()
    data = files[3].read_text(encoding="utf-8")
    files[3].write_text(
        re.sub(r"(<title-group>\s*<article-title[^>]*>)", r"\1Revised: ", data, count=1)
    )
    linked: list[int] = []
    real = store_write.write_links
    monkeypatch.setattr(store_write, "write_links", lambda conn, items, *a: linked.extend(
        i for i, _ in items) or real(conn, items, *a))  # fmt: skip
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert "0 added, 1 changed, 6 unchanged, 1 withdrawn" in report.store, report.store
    assert 1 <= len(linked) <= 7, linked  # the changed one and those whose links it changed
    with closing(sqlite3.connect(out / ".scielo-pub" / "store.sqlite")) as db:
        titles = [t for (t,) in db.execute("SELECT title FROM articles WHERE NOT deleted")]
    assert sum(t.startswith("Revised: ") for t in titles) == 1 and len(titles) == 7
