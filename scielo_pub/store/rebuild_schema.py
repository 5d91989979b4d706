"""Nothing in, the ``article_inputs`` table out, on the store's one ``metadata``: per article, a digest
of everything its rows are made from (its canonical XML, journal, issue, source path, the collection's
settings and scielo-pub's code), so a rebuild skips the articles whose inputs did not change without
rebuilding their rows to compare them."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table

from .schema import metadata

article_inputs = Table(
    "article_inputs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("input_digest", String(64), nullable=False),
)
