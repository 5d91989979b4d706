"""A build's articles with their input and link digests in, what the store stage must write of them out: the articles whose rows are made again, those whose links are compared, the ones withdrawn.

The store's record of its live articles (input, matches and cited-by digests) is read in one
query as the database driver's tuples and compared with the build's digests by set operations: an
article whose three digests are recorded costs no Python statement of its own (no identifier
read, no object made, no id looked up). The few others are found by their digests, their ids
read by digest; only an article whose input digest is not recorded has its identifier read from its
index data. An identifier met twice is reported and its later article left out, as a walk in the
collection's order would.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse

from sqlalchemy import Connection, select

from ..collection import PublishedArticle
from ..errors import Diagnostic, Severity
from . import schema as s
from .engine import driver_rows
from .rebuild_schema import article_inputs, article_links

_MATCHES = operator.attrgetter("matches.digest")
_CITED = operator.attrgetter("cited_by.digest")
_FIRST = operator.itemgetter(0)


def link_digests(articles: Sequence[PublishedArticle]) -> tuple[list[str], list[str]]:
    """The matches digests and the cited-by digests of every article, in order: the digests the
    links stage's views carry (read in one pass each), else made from the entries."""
    try:
        return list(map(_MATCHES, articles)), list(map(_CITED, articles))
    except AttributeError:  # plain mappings and sequences (an article made without the links stage)
        from ..citations.link_state import cited_by_digest, matches_digest

        def own(value, make):
            return getattr(value, "digest", None) or make(value)

        return (
            [own(p.matches, matches_digest) for p in articles],
            [own(p.cited_by, cited_by_digest) for p in articles],
        )


def recorded(conn: Connection) -> list[tuple]:
    """``(input digest, matches digest, cited-by digest)`` of every live article, None where the
    store recorded none, in one query."""
    a, i, k = s.articles, article_inputs, article_links
    join = a.outerjoin(i, i.c.article_id == a.c.id).outerjoin(k, k.c.article_id == a.c.id)
    query = select(i.c.input_digest, k.c.matches_digest, k.c.cited_digest).select_from(join)
    return driver_rows(conn, query.where(a.c.deleted.is_(False)))


def live_ids(conn: Connection, keys: set | None) -> list[tuple[str | None, int]]:
    """``(input digest, id)`` of the live articles recorded with one of ``keys`` (None among them:
    those recorded without one), or of every live article (``keys`` None)."""
    a, i = s.articles, article_inputs
    query = select(i.c.input_digest, a.c.id).select_from(a.outerjoin(i, i.c.article_id == a.c.id))
    query = query.where(a.c.deleted.is_(False))
    if keys is None:
        return driver_rows(conn, query)
    rows = driver_rows(conn, query.where(i.c.article_id.is_(None))) if None in keys else []
    for chunk in _chunks(sorted(k for k in keys if k is not None), 500):
        rows += driver_rows(conn, query.where(i.c.input_digest.in_(chunk)))
    return rows


@dataclass
class Plan:
    """What the store stage writes: positions in the build's articles (in order) of those whose
    rows are made (``todo``, with their identifiers) and of those whose links are compared
    (``linked``, with their ids once known), how many are left as they were, and the ids of the
    recorded articles not among them."""

    todo: list[int] = field(default_factory=list)
    idents: dict[int, str] = field(default_factory=dict)
    linked: list[int] = field(default_factory=list)
    #: position -> id of the linked articles whose rows are not made again.
    ids: dict[int, int] = field(default_factory=dict)
    unchanged: int = 0
    #: Ids of recorded live articles no article of this build is kept as (unless written now).
    stale: set[int] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def plan(
    conn: Connection,
    articles: Sequence[PublishedArticle],
    keys: list[str],
    links: tuple[list[str], list[str]],
    ident_of: Callable[[PublishedArticle], str],
) -> Plan:
    """Compare the build's articles (``keys``: input digests, ``links``: matches and cited-by
    digests, in order) with the store's record, by set differences; ids are read for the
    articles found different only."""
    rows = recorded(conn)
    stored = set(rows)
    changed = set(filterfalse(stored.__contains__, zip(keys, *links, strict=True)))
    del stored
    known = set(map(_FIRST, rows))
    single = len(known) == len(rows)  # each live article with a digest of its own
    del rows
    keyset = set(keys)
    out = Plan()
    repeated = _repeated(keys) if len(keyset) != len(keys) else set()
    # each digest's first position (a digest met again is a repeated article's, made again)
    where = (
        dict(zip(keys[::-1], range(len(keys) - 1, -1, -1), strict=True))
        if changed or repeated
        else {}
    )
    new = sorted({where[key] for key, _, _ in changed if key not in known} | repeated)
    reused = {where[key] for key, _, _ in changed if key in known} - repeated  # links changed
    out.idents = {n: ident_of(articles[n]) for n in new}
    dropped = _duplicates(conn, articles, out, new, keyset, where, repeated)
    out.todo = [n for n in new if n not in dropped]
    lost = {n for n in dropped if n not in out.idents}  # unchanged articles left out as duplicates
    stale = known - keyset
    if single:
        wanted = stale | {keys[n] for n in reused | lost}
        by_input = dict(live_ids(conn, wanted)) if wanted else {}
        out.stale = {by_input[k] for k in stale}
    else:  # several without a digest (recorded before input digests were), or a digest twice
        every = live_ids(conn, None)
        by_input = dict(every)
        out.stale = {i for _, i in every} - {by_input[k] for k in keyset & known}
    out.stale.update(by_input[keys[n]] for n in lost)
    out.ids = {n: by_input[keys[n]] for n in reused - dropped}
    out.linked = sorted({*out.todo, *out.ids})
    out.unchanged = len(keys) - len(new) - len(lost)
    return out


def _repeated(keys: list[str]) -> set[int]:
    """Positions of the articles whose input digest an earlier one has (the same source twice)."""
    seen: set[str] = set()
    out = set()
    for n, key in enumerate(keys):
        if key in seen:
            out.add(n)
        seen.add(key)
    return out


def _duplicates(
    conn: Connection,
    articles: Sequence[PublishedArticle],
    out: Plan,
    new: list[int],
    keyset: set[str],
    where: dict[str, int],
    repeated: set[int],
) -> set[int]:
    """Positions of the articles left out because an earlier article has their identifier (the
    articles made again with each other and with the live recorded articles kept as they are);
    each reported. An unchanged article's identifier is read from the store, for these only."""
    owners: dict[str, list[int]] = {}
    for n in new:
        owners.setdefault(out.idents[n], []).append(n)
    if not owners:
        return set()
    a, i = s.articles, article_inputs
    for chunk in _chunks(sorted(owners), 500):
        rows = conn.execute(
            select(a.c.ident, i.c.input_digest)
            .select_from(a.join(i, i.c.article_id == a.c.id))
            .where(a.c.ident.in_(chunk), a.c.deleted.is_(False))
        ).all()
        for ident, key in rows:
            if key in keyset and where[key] not in repeated:  # kept as it is: it holds the ident
                owners[ident].append(where[key])
    dropped: dict[int, Diagnostic] = {}
    for ident, positions in owners.items():
        first, *later = sorted(positions)
        for n in later:
            dropped[n] = _duplicate(articles[n], ident, str(articles[first].source.path))
    out.diagnostics = [dropped[n] for n in sorted(dropped)]
    return set(dropped)


def _duplicate(item: PublishedArticle, ident: str, first: str) -> Diagnostic:
    return Diagnostic(
        str(item.source.path), 1, 1, Severity.ERROR,
        f"{ident} is also the identifier of {first}; only the first is kept in the store",
        "store.duplicate", "package",
        "Give each article its own PID (article-id[@specific-use='scielo-v2']).",
    )  # fmt: skip


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
