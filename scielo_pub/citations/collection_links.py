"""A collection's articles and a bibliographic database in, per-reference matches and cited-by lists out.

This is the *links* stage of the build: the collection's own articles are indexed, the external
databases the collection configures (``[citations]`` in collection.toml: LILACS ISO/id files, PubMed
XML, Crossref JSON) are imported incrementally, every cited reference is matched (blocking + explained
scoring, :class:`~scielo_pub.citations.match.Matcher`), accepted links are stored as the collection's
citation graph, and each article learns which articles of the collection cite it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .db import BiblioDB, ImportStats, Record
from .importers import (
    read_lilacs_file,
    records_from_articles,
    records_from_crossref,
    records_from_pubmed_xml,
)
from .links import CitedBy, GraphStats, cited_by, complete_reference
from .match import Matcher

#: ``[citations]`` keys in collection.toml -> how to read each listed file.
SOURCES = {
    "lilacs": lambda path: read_lilacs_file(path),
    "medline": lambda path: records_from_pubmed_xml(path.read_bytes()),
    "crossref": lambda path: records_from_crossref(json.loads(path.read_text(encoding="utf-8"))),
}


@dataclass(frozen=True)
class CollectionLinks:
    """Accepted matches per article and reference id, cited-by lists per article, and counts."""

    matches: dict[str, dict[str, tuple[Record, ...]]] = field(default_factory=dict)
    cited_by: dict[str, tuple[CitedBy, ...]] = field(default_factory=dict)
    stats: GraphStats = GraphStats(0, 0, 0)
    imports: dict[str, ImportStats] = field(default_factory=dict)


def article_key(article: Any) -> str | None:
    """How the database names a collection article: PID v2, else PID v3, else DOI."""
    return article.pid or getattr(article, "pid_v3", None) or article.doi


def import_sources(db: BiblioDB, config: Mapping[str, Any], base: Path) -> dict[str, ImportStats]:
    """Import every file ``config`` lists (paths relative to ``base``); unknown keys are an error."""
    unknown = set(config) - set(SOURCES)
    if unknown:
        raise ValueError(
            f"unknown [citations] keys {sorted(unknown)}; use {', '.join(sorted(SOURCES))}"
        )
    stats = {}
    for kind, files in config.items():
        for name in [files] if isinstance(files, str) else files:
            path = (base / name).resolve()
            if not path.is_relative_to(base.resolve()):
                raise ValueError(f"{name} resolves outside the collection; it was not read")
            stats[f"{kind}:{name}"] = db.upsert(SOURCES[kind](path))
    return stats


def link_collection(
    articles: Sequence[Any], db: BiblioDB, *, site_base: str = "", threshold: float = 0.8
) -> CollectionLinks:
    """Index ``articles``, match all their references, store the graph and list who cites whom."""
    db.upsert(records_from_articles(articles))
    db.conn.execute("DELETE FROM citations")  # the graph is recomputed from today's references
    matcher = Matcher(db, threshold)
    matches: dict[str, dict[str, tuple[Record, ...]]] = {}
    n_refs = linked = 0
    for art in articles:
        citing = article_key(art)
        if not citing:
            continue
        per_ref = matches.setdefault(citing, {})
        for number, ref in enumerate(art.references, 1):
            n_refs += 1
            ref_id = ref.id or f"#{number}"
            accepted = _accepted(matcher, ref, citing)
            per_ref[ref_id] = accepted
            for record, score in accepted.items():
                db.save_citation(citing, ref_id, record, score)
            linked += len(accepted)
    db.conn.commit()
    citers = {k: tuple(cited_by(db, k, site_base)) for k in _keys(articles)}
    return CollectionLinks(
        {k: {r: tuple(v) for r, v in refs.items()} for k, refs in matches.items()},
        citers,
        GraphStats(len(articles), n_refs, linked),
    )


def _accepted(matcher: Matcher, ref: Any, citing: str) -> dict[Record, float]:
    """Accepted records for one reference, leaving out the citing article itself."""
    result = matcher.match(complete_reference(ref))
    return {
        cand.record: cand.score
        for cand in result.accepted.values()
        if not (cand.record.db == "scielo" and cand.record.ext_id == citing)
    }


def _keys(articles: Iterable[Any]) -> list[str]:
    return [k for k in (article_key(a) for a in articles) if k]
