"""Nothing in, the ``article_inputs``, ``issue_inputs`` and ``article_links`` tables out, on the store's one ``metadata``:
per article (and per issue), a digest of everything its rows are made from (its canonical XML, journal, issue, source
path, the collection's settings and scielo-pub's code), so a rebuild skips the articles and issues whose inputs
did not change without rebuilding their rows to compare them; and digests of its links (reference
matches, cited-by), so a rebuild rewrites only the links that changed."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from .schema import metadata

article_inputs = Table(
    "article_inputs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("input_digest", String(64), nullable=False),
    #: The ids of the few articles a rebuild finds changed, looked up by their recorded digest.
    Index("ix_article_inputs_digest", "input_digest"),
)

#: Per issue, the digest of what its row is made from (its journal's and its own settings, the
#: code: ``store.inputs.InputDigests.context``), so a rebuild makes no row of an unchanged issue.
issue_inputs = Table(
    "issue_inputs",
    metadata,
    Column("issue_id", Integer, ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True),
    Column("input_digest", String(64), nullable=False),
)

#: Per article, digests of the reference matches and the cited-by list its rows were written from:
#: a rebuild rewrites an article's ``reference_matches`` and the ``citations`` citing it only
#: when they changed.
article_links = Table(
    "article_links",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("matches_digest", String(64), nullable=False),
    Column("cited_digest", String(64), nullable=False),
)
