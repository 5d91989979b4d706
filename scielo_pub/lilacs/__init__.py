"""Articles in, LILACS records out: ISIS ISO 2709 / CISIS ``.id`` / JSON Lines files for LILACS indexers.

``article_record_bytes`` gives one article's record as a downloadable file (used by the site).
"""

from __future__ import annotations

from ..model import Article, Issue, Journal
from .config import LilacsConfig, config_from
from .export import export_article
from .formats import FORMATS, read_records, write_records
from .isis import ENCODINGS, IsisRecord
from .mapping import ArticleContext

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "IsisRecord",
    "LilacsConfig",
    "article_record_bytes",
    "config_from",
    "read_records",
    "write_records",
]


def article_record_bytes(
    article: Article,
    fmt: str = "iso",
    encoding: str = "latin-1",
    *,
    journal: Journal | None = None,
    issue: Issue | None = None,
    tree=None,
    config: LilacsConfig | None = None,
) -> bytes:
    """One article's LILACS record as file bytes in ``fmt`` (iso, id, json) and ``encoding``."""
    item = export_article(
        ArticleContext.of(article, journal, issue, tree), config or LilacsConfig()
    )
    return write_records([item.record], fmt, encoding).data
