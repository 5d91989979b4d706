"""The articles whose links the store stage compares (with their ids, matches and cited-by lists) in, the store's ``reference_matches``, ``citations`` and ``article_links`` rows brought up to date out.

An article's matches are written again when their digest (``citations.link_state``) differs from
the recorded one or its rows were rewritten (its references are new rows), the citations of a
cited article when its cited-by list's digest differs; the links of articles withdrawn now go.
Compared, made and written ``_LINKS_BATCH`` articles at a time, each batch's recorded digests read
for it alone, the entries of the links' views read without being kept; the identifiers the
entries name (citing articles, matched articles of the collection) are looked up among the live
articles for those entries only, not read for the whole collection.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select, update

from ..collection import PublishedArticle
from . import schema as s
from .rebuild_schema import article_links

#: Articles whose links are compared, and whose match and citation rows are made and written,
#: together (the rows of the whole collection are never held at once).
_LINKS_BATCH = 500


def write_links(
    conn: Connection,
    articles: list[tuple[int, PublishedArticle]],
    rewritten: set[int],
    gone: list[int],
) -> None:
    """Bring the links of ``articles`` (``(id, article)``, those whose link digests are not the
    recorded ones or whose rows were ``rewritten``) and of the ``gone`` ones up to date."""
    _drop_links(conn, gone, [], [])
    ids = LiveIds(conn)
    for batch in _chunks(articles, _LINKS_BATCH):
        known = _recorded(conn, [i for i, _ in batch])
        matched, cited, states = _changed_links(batch, known, rewritten)
        if states:
            _drop_links(conn, [], [i for i, _ in matched], [i for i, _ in cited])
            _insert_matches(conn, matched, ids)
            _insert_citations(conn, cited, ids)
            conn.execute(insert(article_links), states)


class LiveIds:
    """``ident -> id`` of the store's live articles, looked up for the identifiers asked
    (``fetch``, 500 to a query through the unique index), never read for the whole collection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._known: dict[str, int | None] = {}
        self._deleted: set[int] | None = None

    def fetch(self, idents: Iterable[str]) -> None:
        a = s.articles
        wanted = sorted({i for i in idents if i not in self._known})
        if wanted and self._deleted is None:  # few: read through their index
            query = select(a.c.id).where(a.c.deleted.is_(True))
            self._deleted = set(self.conn.execute(query).scalars())
        for chunk in _chunks(wanted, 500):
            found = dict(self.conn.execute(select(a.c.ident, a.c.id).where(a.c.ident.in_(chunk))).all())  # fmt: skip
            for ident in chunk:
                article_id = found.get(ident)
                live = article_id is not None and article_id not in (self._deleted or ())
                self._known[ident] = article_id if live else None

    def get(self, ident: str) -> int | None:
        """The id of a live article (None: none has ``ident``); ``fetch`` it first."""
        return self._known.get(ident)


def _recorded(conn: Connection, article_ids: list[int]) -> dict[int, tuple[str, str]]:
    """``id -> (matches digest, cited-by digest)`` recorded for ``article_ids``."""
    t = article_links.c
    query = select(t.article_id, t.matches_digest, t.cited_digest)
    rows = conn.execute(query.where(t.article_id.in_(article_ids))).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def _changed_links(
    batch: list[tuple[int, PublishedArticle]],
    known: dict[int, tuple[str, str]],
    rewritten: set[int],
) -> tuple[list[tuple[int, object]], list[tuple[int, object]], list[dict]]:
    """Of ``batch``, the articles whose match rows (``(id, matches)``) and whose citations
    (``(id, cited-by)``) are written again, and their new link digests."""
    from ..citations.link_state import cited_by_digest, matches_digest

    matched, cited, states = [], [], []
    for article_id, item in batch:
        m = getattr(item.matches, "digest", None) or matches_digest(item.matches)
        c = getattr(item.cited_by, "digest", None) or cited_by_digest(item.cited_by)
        old = known.get(article_id)
        if old == (m, c) and article_id not in rewritten:
            continue
        if old is None or old[0] != m or article_id in rewritten:
            matched.append((article_id, item.matches))
        if old is None or old[1] != c:
            cited.append((article_id, item.cited_by))
        states.append({"article_id": article_id, "matches_digest": m, "cited_digest": c})
    return matched, cited, states


def _insert_citations(conn: Connection, articles: list[tuple[int, object]], ids: LiveIds) -> None:
    """The ``citations`` rows citing ``articles`` (``(id, cited-by list)``; a list held by a
    view is read from the index, not kept after this batch)."""
    from ..citations.link_state import entries

    found = [(article_id, e) for article_id, cited_by in articles for e in entries(cited_by)]
    ids.fetch(e.citing_pid for _, e in found)
    graph = {}
    for article_id, entry in found:
        citing = ids.get(entry.citing_pid)
        if citing is not None:
            key = (citing, entry.ref_id, article_id)
            graph[key] = {"citing_article_id": citing, "ref_id": entry.ref_id,
                          "cited_article_id": article_id, "score": entry.score}  # fmt: skip
    for chunk in _chunks(list(graph.values()), 1000):
        conn.execute(insert(s.citations), chunk)


def _drop_links(conn: Connection, gone: list[int], matched: list[int], cited: list[int]) -> None:
    """Delete the match rows of ``matched`` and withdrawn articles, the citations of ``cited`` and
    withdrawn articles (citing or cited), and their link digests; matches of withdrawn articles
    no longer point at them (as a store written afresh has them)."""
    refs, g, t = s.article_references, s.citations, article_links
    for chunk in _chunks(sorted({*gone, *matched}), 500):
        ref_ids = select(refs.c.id).where(refs.c.article_id.in_(chunk))
        conn.execute(
            delete(s.reference_matches).where(s.reference_matches.c.reference_id.in_(ref_ids))
        )
    for chunk in _chunks(sorted({*gone, *cited}), 500):
        conn.execute(delete(g).where(g.c.cited_article_id.in_(chunk)))
    for chunk in _chunks(gone, 500):
        conn.execute(delete(g).where(g.c.citing_article_id.in_(chunk)))
        matched_gone = s.reference_matches.c.target_article_id.in_(chunk)
        conn.execute(update(s.reference_matches).where(matched_gone).values(target_article_id=None))
    for chunk in _chunks(sorted({*gone, *matched, *cited}), 500):
        conn.execute(delete(t).where(t.c.article_id.in_(chunk)))


def _insert_matches(conn: Connection, articles: list[tuple[int, object]], ids: LiveIds) -> None:
    """The ``reference_matches`` rows of ``articles`` (``(id, matches)``; matches held by a view
    are read from the index, not kept)."""
    from ..citations.link_state import entries

    refs = s.article_references
    rows = []
    for chunk in _chunks(articles, 500):
        ref_ids = {
            (r.article_id, r.ref_id): r.id
            for r in conn.execute(
                select(refs.c.id, refs.c.article_id, refs.c.ref_id).where(
                    refs.c.article_id.in_([i for i, _ in chunk])
                )
            )
        }
        for article_id, matches in chunk:
            for ref_id, found in entries(matches).items():
                reference_id = ref_ids.get((article_id, ref_id))
                if reference_id is None:
                    continue
                for record in {(r.db, r.ext_id): r for r in found}.values():
                    rows.append({
                        "reference_id": reference_id, "db": record.db, "ext_id": record.ext_id,
                        "target_article_id": record.ext_id if record.db == "scielo" else None,
                        "doi": record.doi, "pmid": record.pmid, "title": record.title,
                        "source": record.source, "year": record.year, "url": record.url,
                    })  # fmt: skip
    ids.fetch(r["target_article_id"] for r in rows if r["target_article_id"] is not None)
    for row in rows:  # the matched article of the collection, by its identifier
        if row["target_article_id"] is not None:
            row["target_article_id"] = ids.get(row["target_article_id"])
    for chunk in _chunks(rows, 1000):
        conn.execute(insert(s.reference_matches), chunk)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
