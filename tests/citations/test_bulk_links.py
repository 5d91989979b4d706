"""The links stage's per-article work done in bulk: the input digests and relative paths made as
columns (``InputDigests.columns``, from the listings ``discover`` made the paths from), the
unchanged inputs planned by comparing columns (``collection_links.BULK_PLAN``) and their views
made through ``map`` (``link_state.BULK_VIEWS``). The code run per unchanged article (lines
traced outside comprehensions, calls of scielo-pub's functions) is the same for 13 as for 26
inputs, and grows with them with the flags off; both give the same values."""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub.citations import BiblioDB, link_state
from scielo_pub.citations import collection_links as links
from scielo_pub.citations.collection_links import LinkInput, link_inputs
from scielo_pub.collection import SiteContent, cached_article, discover
from scielo_pub.store import inputs as store_inputs
from scielo_pub.synthetic import generate
from tests.citations.test_cited_patch import _collection, _inputs

FILES = {links.__file__, link_state.__file__, store_inputs.__file__}


def _traced(run) -> int:
    """Lines run and calls made in the links and input-digest modules while ``run`` runs,
    comprehensions left out (their per-item steps are C-level ``map``'s equals), and the views'
    constructor (two views per input are what the stage hands on: ``test_lazy_views``)."""
    count = 0

    def local(frame, event, _arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, _arg):
        nonlocal count
        code = frame.f_code
        if code.co_filename not in FILES or code.co_name.startswith("<"):
            return None
        if code is link_state._View.__init__.__code__:
            return None
        count += 1
        return local

    sys.settrace(tracer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def _rerun_cost(
    tmp_path: Path, articles: list, name: str, changed: bool = False
) -> tuple[int, list]:
    """The traced count of a second run over ``articles`` (unchanged, or the fourth changed),
    and its pairs."""
    location = tmp_path / f"{name}.sqlite"
    with BiblioDB(location) as db:
        link_inputs(_inputs(articles, ["s1"] * len(articles)), db)
    with BiblioDB(location) as db:
        found: list = []
        states = ["s1"] * len(articles)
        if changed:
            states[3] = "s2"
        inputs = _inputs(articles, states)
        count = _traced(lambda: found.append(link_inputs(inputs, db)))
        columns = _traced(lambda: found.append(found[0].columns()))
    return count + columns, [
        (dict(m), tuple(c), m.digest, c.digest) for m, c in zip(*found[1], strict=True)
    ]


@pytest.mark.parametrize("changed", [False, True])
@pytest.mark.parametrize("bulk", [True, False])
def test_an_unchanged_input_costs_the_plan_and_the_views_no_code_of_its_own(
    tmp_path, monkeypatch, bulk, changed
):
    """A run over 13 and over 26 inputs, unchanged or with one changed, runs as much code of the
    links modules with the flags on; with them off (one by one, as before) each input costs
    lines of its own."""
    monkeypatch.setattr(links, "BULK_PLAN", bulk)
    monkeypatch.setattr(link_state, "BULK_VIEWS", bulk)
    articles = _collection()
    small, _ = _rerun_cost(tmp_path, articles[:13], "small", changed)
    large, _ = _rerun_cost(tmp_path, articles, "large", changed)
    if bulk:
        assert small == large, (small, large)
    else:
        assert large - small >= 2 * 13, (small, large)


def test_bulk_plans_and_views_are_those_made_one_by_one(tmp_path, monkeypatch):
    """Changed, new, twin and keyless inputs among unchanged ones: the bulk plan and views give
    the keys, states and views the one-by-one plan gives."""

    def run(bulk: bool, name: str):
        monkeypatch.setattr(links, "BULK_PLAN", bulk)
        monkeypatch.setattr(link_state, "BULK_VIEWS", bulk)
        articles = _collection()
        nameless = dataclasses.replace(articles[-1], pid=None, doi=None)
        first = [*_inputs(articles[:-2], ["s1"] * (len(articles) - 2)),
                 LinkInput("y/twin.xml", "s1", lambda a=articles[0]: a),
                 LinkInput("y/none.xml", "s1", lambda: nameless)]  # fmt: skip
        states = ["s1"] * (len(articles) - 1)
        states[3] = "s2"  # one changed
        again = [*_inputs(articles[:-1], states), *first[-2:]]  # one new (articles[-2])
        with BiblioDB(tmp_path / f"{name}.sqlite") as db:
            link_inputs(first, db)
            found = link_inputs(again, db)
            recorded = link_state.load(db)
        matches, cited = found.columns()
        pairs = [(dict(m), tuple(c), getattr(m, "digest", None), getattr(c, "digest", None))
                 for m, c in zip(matches, cited, strict=True)]  # fmt: skip
        shared = [matches[n] is matches[0] for n in range(len(matches))]
        return found.keys, {k: tuple(v) for k, v in recorded[0].items()}, recorded[1], pairs, shared

    assert run(True, "bulk") == run(False, "one")


def _content(collection: Path):
    source = discover(collection)
    articles = tuple(cached_article(s, hashlib.sha256(str(s.path).encode()).hexdigest(), "", 0)
                     for s in source.articles)  # fmt: skip
    content = SiteContent(source.collection, source.journals, source.issues, articles,
                          root=collection)  # fmt: skip
    return content, source


def _digest_calls(collection: Path) -> tuple[int, tuple]:
    content, source = _content(collection)
    digests = build_mod.input_digests(content, source)
    made: list = []
    count = _traced(lambda: made.append(digests.columns(content.articles)))
    return count, made[0]


@pytest.mark.parametrize("bulk", [True, False])
def test_the_input_digests_cost_no_call_per_article(tmp_path, monkeypatch, bulk):
    """Every article's relative path and input digest, for 8 and 16 articles in two issues:
    with ``BULK`` as much code of ``store.inputs`` runs for both (the paths from the listings,
    the shared parts per issue); without it each article costs calls of its own. The values are
    those ``source`` and ``of`` give one by one."""
    monkeypatch.setattr(store_inputs, "BULK", bulk)
    small, _ = _digest_calls(generate(tmp_path / "c8", 8, per_issue=4, issues_per_journal=2))
    large, (rels, made) = _digest_calls(
        generate(tmp_path / "c16", 16, per_issue=8, issues_per_journal=2)
    )
    if bulk:
        assert small == large, (small, large)
    else:
        assert large - small >= 2 * 8, (small, large)
    content, _source = _content(tmp_path / "c16")
    one = store_inputs.InputDigests(content.collection)  # no listings: article by article
    assert rels == [one.source(p) for p in content.articles]
    assert made == [one.of(p) for p in content.articles]
    assert made == [store_inputs.input_digest(p, content.collection) for p in content.articles]


def test_an_issue_context_is_the_digest_of_its_parts(tmp_path):
    """The context hashed in parts is ``sha256(repr((journal, issue, settings, code)))``."""
    content, _source = _content(generate(tmp_path / "c4", 4, per_issue=2, issues_per_journal=2))
    digests = store_inputs.InputDigests(content.collection)
    for item in content.articles:
        journal, issue = item.source.journal, item.source.issue
        parts = (repr(store_inputs._without_path(journal)), repr(store_inputs._without_path(issue)),
                 digests.settings, store_inputs._code())  # fmt: skip
        expected = hashlib.sha256(repr(parts).encode()).hexdigest()
        assert digests.context(journal, issue) == expected
