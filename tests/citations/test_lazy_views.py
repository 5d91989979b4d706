"""The links stage makes no article's views before they are asked for: the build takes each input's
pair in one pass (``CollectionLinks.linked``), and the mappings by key make a view when asked; both
give what a clean run gives, the inputs sharing an article key sharing its views."""

from __future__ import annotations

import dataclasses

import pytest

from scielo_pub.citations import BiblioDB, link_state
from scielo_pub.citations import collection_links as links
from scielo_pub.citations.collection_links import LinkInput, link_collection, link_inputs
from tests.citations.test_cited_patch import _collection, _inputs


def _plain(pairs):
    return [(dict(m), tuple(c), getattr(m, "digest", None), getattr(c, "digest", None))
            for m, c in pairs]  # fmt: skip


@pytest.mark.parametrize("lazy", [True, False])
def test_an_unchanged_run_makes_no_view_until_asked(tmp_path, monkeypatch, lazy):
    """A second, unchanged run over 26 articles makes no view itself (with ``LAZY_VIEWS`` off:
    two per article); the build's pass makes two per article, equal to the mappings' views
    and to a clean run's lists."""
    monkeypatch.setattr(links, "LAZY_VIEWS", lazy)
    made = {"views": 0}
    init = link_state._View.__init__

    def counted(self, *args, **kwargs):
        made["views"] += 1
        init(self, *args, **kwargs)

    articles = _collection()
    location = tmp_path / "index.sqlite"
    with BiblioDB(location) as db:
        link_inputs(_inputs(articles, ["s1"] * len(articles)), db)
    monkeypatch.setattr(link_state._View, "__init__", counted)
    with BiblioDB(location) as db:
        found = link_inputs(_inputs(articles, ["s1"] * len(articles)), db)
    assert made["views"] == (0 if lazy else 2 * len(articles))
    pairs = list(found.linked())
    assert made["views"] == 2 * len(articles)
    by_key = [(found.matches[k], found.cited_by[k]) for k in found.keys]
    assert _plain(pairs) == _plain(by_key)
    with BiblioDB() as clean:
        done = link_collection(articles, clean)
        expected = [(done.matches[k], done.cited_by[k]) for k in done.keys]
    assert [(m, c) for m, c, _d, _e in _plain(pairs)] == [
        (m, c) for m, c, _d, _e in _plain(expected)
    ]


def test_inputs_sharing_a_key_share_its_views(tmp_path):
    """Two sources naming the same article (and one naming none): the second gets the views of
    the first, the one without a key ``{}`` and ``()``, as the mappings give them."""
    articles = _collection()
    twin = LinkInput("y/twin.xml", "s1", lambda a=articles[0]: a)
    nameless = dataclasses.replace(articles[-1], pid=None, doi=None)
    assert links.article_key(nameless) is None
    inputs = [*_inputs(articles, ["s1"] * len(articles)), twin,
              LinkInput("y/none.xml", "s1", lambda: nameless)]  # fmt: skip
    with BiblioDB(tmp_path / "index.sqlite") as db:
        link_inputs(inputs, db)
        found = link_inputs(inputs, db)
    pairs = list(found.linked())
    assert pairs[len(articles)] is pairs[0]
    assert pairs[-1] == ({}, ())
    key = found.keys[0]
    assert dict(found.matches[key]) == dict(pairs[0][0])
    assert found.matches[key].digest == pairs[0][0].digest
    assert tuple(found.cited_by[key]) == tuple(pairs[0][1])
