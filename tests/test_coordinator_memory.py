"""The build's coordinator keeps each article's canonical tree as XML bytes, not as a parsed tree."""

from __future__ import annotations

import dataclasses
import pickle

from lxml import etree

from scielo_pub import build as build_mod
from scielo_pub.collection import PublishedArticle, discover
from scielo_pub.synthetic import generate


def _published(tmp_path) -> PublishedArticle:
    collection = generate(tmp_path / "col", 1, per_issue=1, issues_per_journal=1)
    item = discover(collection).articles[0]
    outcome = build_mod.publish_one(item)
    assert outcome.article is not None
    tree = etree.ElementTree(etree.fromstring(outcome.canonical))
    return PublishedArticle(outcome.article, tree, item, outcome.digest)


def test_the_tree_is_kept_as_its_bytes_and_parsed_the_same(tmp_path):
    item = _published(tmp_path)
    assert isinstance(item.canonical, bytes) and item.xml is item.canonical
    assert not hasattr(item, "__dict__")  # slots: no parsed tree can be kept on it
    again = etree.tostring(item.tree, encoding="utf-8")
    assert again == item.canonical  # what the pages are made from is what was given
    assert item.tree.getroot().tag == "article"


def test_copies_share_the_bytes_and_travel_as_bytes(tmp_path):
    item = _published(tmp_path)
    linked = dataclasses.replace(item, matches={"B1": ()}, cited_by=("x",))
    assert linked.canonical is item.canonical  # no tree parsed, nothing serialised again
    listing = item.listing()
    assert listing.tree is None and listing.model is None
    assert listing.summary.titles == item.article.titles and not listing.summary.references
    back = pickle.loads(pickle.dumps(linked))
    assert back.canonical == item.canonical and back.matches == {"B1": ()}
