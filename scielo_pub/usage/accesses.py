"""The store's monthly usage counts and a build's articles (their input digests) in, each article's COUNTER requests out: the accesses its pages show.

An article is known by the input digest the store recorded with it (``store.inputs``): the
requests are summed per stored article in one query and given to the build's articles by digest,
as sets and maps, not article by article; only an article whose digest the store never recorded
(changed since, or new) is known by its identifier, read from its index data by ``ident_of``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from sqlalchemy import Connection, func, select

from ..store import schema as s
from ..store import usage_schema as u
from ..store.engine import driver_rows
from ..store.rebuild_schema import article_inputs

_FIRST = operator.itemgetter(0)


def article_requests(
    conn: Connection, keys: list[str], ident_of: Callable[[int], str]
) -> list[int | None] | None:
    """Per article (``keys``: their input digests, in order) the total requests the store counts
    for it, None for one it counts none for; None when the store counts no usage at all."""
    a, i, m = s.articles, article_inputs, u.usage_monthly
    rows = conn.execute(
        select(a.c.ident, i.c.input_digest, func.sum(m.c.total_requests))
        .select_from(m.join(a, a.c.id == m.c.article_id).outerjoin(i, i.c.article_id == a.c.id))
        .group_by(a.c.id, a.c.ident, i.c.input_digest)
    ).all()
    if not rows:
        return None
    by_input = {key: int(total or 0) for _, key, total in rows if key is not None}
    counts = list(map(by_input.get, keys))
    missing = set(keys).difference(by_input)
    if missing:  # without usage, or not recorded: the latter are known by identifier
        missing.difference_update(map(_FIRST, driver_rows(conn, select(i.c.input_digest))))
    if missing:
        by_ident = {ident: int(total or 0) for ident, _, total in rows}
        for n, key in enumerate(keys):
            if key in missing:
                counts[n] = by_ident.get(ident_of(n))
    return counts
