"""The demo collection read, validated, modelled and linked once per session (no pages rendered)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from scielo_pub.build import link_references, publish_one
from scielo_pub.collection import PublishedArticle, SiteContent, discover
from scielo_pub.markup.jats import safe_parser

DEMO = Path(__file__).resolve().parents[2] / "collections" / "demo"


def site_content(collection: Path, out: Path) -> SiteContent:
    """Stages 1-5 of the build (discover, read, validate, model, links), as ``build.build`` runs them."""
    source = discover(collection)
    published = []
    for item in source.articles:
        outcome = publish_one(item)
        assert outcome.article is not None, outcome.diagnostics
        tree = etree.ElementTree(etree.fromstring(outcome.canonical, safe_parser()))
        published.append(PublishedArticle(outcome.article, tree, item, outcome.digest))
    content = SiteContent(source.collection, source.journals, source.issues, tuple(published),
                          root=collection)  # fmt: skip
    return link_references(content, out, lambda diag: None)


@pytest.fixture(scope="session")
def demo_content(tmp_path_factory) -> SiteContent:
    return site_content(DEMO, tmp_path_factory.mktemp("demo-links"))
