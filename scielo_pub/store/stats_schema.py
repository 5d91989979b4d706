"""Nothing in, the tables the build's statistics stage keeps between builds out, on the store's ``metadata``.

* ``stats_inputs`` -- per article, what it gives the citation statistics, as digests keyed by the
  journal they count for (``indicators.changes``): its own journal's part (year, issue, citable,
  the references it makes, its affiliation countries) and one part per journal it cites;
* ``stats_results`` -- per collection journal (serial), its indicators as last computed, so the
  collection pages are drawn again without computing the journals that did not change;
* ``stats_state`` -- what the last statistics run saw: the articles' ``updated`` mark it read up to,
  the journals' and code's digests, and the token it shares with the site's stats manifest;
* ``ix_articles_stats`` -- a covering index on ``articles`` for the indicators' per-journal counts
  and the changed-article look-ups (journal, liveness, year, issue, type): the GROUP BYs read it
  instead of the wide article rows (their XML and model).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text

from .schema import articles, metadata

stats_inputs = Table(
    "stats_inputs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    #: {"j:<serial id>": digest, "c:<serial id>": digest}: the article's part in its journal's
    #: counts (``j``) and in the citations each cited journal receives (``c``).
    Column("parts", JSON, nullable=False),
)

stats_results = Table(
    "stats_results",
    metadata,
    Column("serial_id", Integer, primary_key=True),
    #: {"YYYY": YearIndicators fields} as ``indicators.compute`` computed them.
    Column("years", JSON, nullable=False),
)

stats_state = Table(
    "stats_state",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

Index(
    "ix_articles_stats",
    articles.c.journal_id,
    articles.c.deleted,
    articles.c.year,
    articles.c.issue_id,
    articles.c.article_type,
    articles.c.id,
)

STATS_TABLES = (stats_inputs, stats_results, stats_state)
