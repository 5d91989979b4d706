"""A published article in, its index data (``summary``) out, read without being kept on the article.

``PublishedArticle.summary`` keeps what it loads on the article, so that a stage reading it several
times loads it once. A stage that reads each article's index data once, in a pass over the whole
collection (the links stage's keys and index records, the store's identifiers), would so leave
every article's index data held until the end of the build (~7 KB per article, the largest part
of the coordinator's memory in a clean build). It reads it through :func:`passing` instead: loaded
from the read cache (whose last few are kept per process, ``collection._Summaries``), used, and
let go; an article that already held it keeps it.
"""

from __future__ import annotations

from .collection import PublishedArticle
from .model import Article


def passing(item: PublishedArticle) -> Article:
    """``item.summary``, not kept on ``item`` unless it held it already (or cannot load it again:
    no read cache entry)."""
    if item.index is not None or item.entry is None or item.model is not None:
        return item.summary
    found = item.summary
    object.__setattr__(item, "index", None)  # frozen and slotted, as ``walk.Pins`` lets go
    return found
