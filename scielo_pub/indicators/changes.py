"""A store connection in, what changed for the citation statistics since they were last written out:
the articles the store rewrote, withdrew or brought back since then, and the journals whose
indicators or pages they change.

An article counts in the statistics through *parts*, each a digest keyed by the journal it counts
for: ``j:<serial>``, its own journal's part (year, issue, whether citable, the (cited journal, cited
year) of each journal reference it makes, its affiliation countries), and ``c:<serial>`` per journal
it cites (citing journal and year, the cited years of its references to that journal). A withdrawn
article has no parts. A journal is *dirty* when one of its parts differs from the one recorded
(``stats_inputs``) at the last run: a retitled article gives the same parts, so nothing is dirty;
a reference added to journal B's article in journal A makes A and B dirty.

The articles to look at are found on the ``(updated, id)`` index: those updated after the mark the
last run read up to (``stats_state``). Stamps are whole seconds: when a run ends in the second of
its mark, the next one looks at that second's articles again (compared by their parts, so they
are dirty only if they changed), since a later build could stamp rows in that same second.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from ..store.indicators_schema import reference_serials, serials
from ..store.schema import affiliations, article_references, articles, journals
from ..store.stats_schema import stats_inputs, stats_state
from .formulas import CITABLE_TYPES

CHUNK = 500


@dataclass(frozen=True)
class State:
    """What the last statistics run saw (``stats_state``); empty when there was none."""

    token: str = ""
    #: The highest ``articles.updated`` it read, ISO; and whether that second was read whole.
    mark: str = ""
    through: bool = False
    #: Digest of the journals' rows and of the code, and the wall clock (ISO) when it ran.
    basis: str = ""
    ran: str = ""

    @classmethod
    def load(cls, conn: Connection) -> State:
        values = dict(conn.execute(select(stats_state.c.key, stats_state.c.value)).all())
        return cls(values.get("token", ""), values.get("mark", ""),
                   values.get("through") == "1", values.get("basis", ""), values.get("ran", ""))  # fmt: skip

    def save(self, conn: Connection) -> None:
        conn.execute(delete(stats_state))
        values = {"token": self.token, "mark": self.mark, "through": "1" if self.through else "0",
                  "basis": self.basis, "ran": self.ran}  # fmt: skip
        conn.execute(insert(stats_state), [{"key": k, "value": v} for k, v in values.items()])


def forget(conn: Connection) -> None:
    """Drop every recorded part and the state: the next run computes the statistics in full (the
    serials registry changed, so any reference may count for another journal)."""
    conn.execute(delete(stats_inputs))
    conn.execute(delete(stats_state))


def mark(conn: Connection) -> str:
    """The highest ``articles.updated`` of the store (read from its index), ISO; "" when empty."""
    value = conn.execute(select(func.max(articles.c.updated))).scalar()
    return _iso(value)


def _iso(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def journals_digest(conn: Connection) -> str:
    """A digest of the collection's journals (their ids and content digests): a journal added,
    removed, renamed or given another ISSN changes it."""
    rows = conn.execute(select(journals.c.id, journals.c.digest).order_by(journals.c.id)).all()
    return digest([tuple(r) for r in rows])


def changed_since(conn: Connection, state: State) -> list[int]:
    """Ids of the articles updated since ``state.mark`` (its second again unless read whole)."""
    a = articles.c
    when = datetime.fromisoformat(state.mark)
    cond = a.updated > when if state.through else a.updated >= when
    return sorted(conn.execute(select(a.id).where(cond)).scalars())


def parts_of(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The current parts of the articles ``ids`` (an article withdrawn or not in the store: none)."""
    serial_of = _serials(conn)
    out: dict[int, dict[str, str]] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows = conn.execute(_ARTICLES.where(articles.c.id.in_(chunk))).all()
        out.update({i: {} for i in chunk})
        out.update(_parts(conn, rows, serial_of))
    return out


def all_parts(conn: Connection) -> Iterator[dict[int, dict[str, str]]]:
    """The parts of every live article, a chunk of articles at a time (read from the covering
    index ``ix_articles_stats``, not from the article rows)."""
    serial_of = _serials(conn)
    result = conn.execute(_ARTICLES, execution_options={"yield_per": CHUNK})
    try:
        for rows in result.partitions():
            yield _parts(conn, rows, serial_of)
    finally:
        result.close()


_ARTICLES = select(
    articles.c.id, articles.c.journal_id, articles.c.year, articles.c.issue_id,
    articles.c.article_type,
).where(articles.c.deleted.is_(False))  # fmt: skip


def _serials(conn: Connection) -> dict[int, int]:
    """``journals.id -> serials.id`` of the collection's journals."""
    return dict(conn.execute(select(serials.c.journal_id, serials.c.id)).all())  # type: ignore[arg-type]


def _parts(conn: Connection, rows: list, serial_of: dict) -> dict[int, dict[str, str]]:
    """The parts of the live articles ``rows`` (``_ARTICLES``' columns)."""
    r, rs = article_references.c, reference_serials.c
    ids = [row[0] for row in rows]
    refs: dict[int, list[tuple]] = defaultdict(list)
    # (cited serial, cited year, references) per article, NULL as -1 so they sort
    serial_col, year_col = func.coalesce(rs.serial_id, -1), func.coalesce(rs.cited_year, -1)
    for article_id, serial_id, cited_year, n in conn.execute(
        select(r.article_id, serial_col, year_col, func.count())
        .join(reference_serials, rs.reference_id == r.id)
        .where(r.article_id.in_(ids))
        .group_by(r.article_id, serial_col, year_col)
    ):
        refs[article_id].append((serial_id, cited_year, n))
    countries: dict[int, set[str]] = defaultdict(set)
    for article_id, code in conn.execute(
        select(affiliations.c.article_id, affiliations.c.country_code).where(
            affiliations.c.article_id.in_(ids), affiliations.c.country_code.is_not(None)
        )
    ):
        countries[article_id].add(code)
    out: dict[int, dict[str, str]] = {}
    for article_id, journal_id, year, issue_id, kind in rows:
        own = serial_of.get(journal_id)
        if own is None:
            continue
        made = sorted(refs.get(article_id, ()))
        parts = {f"j:{own}": digest((year, issue_id, kind in CITABLE_TYPES, made,
                                     sorted(countries.get(article_id, ()))))}  # fmt: skip
        by_cited: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for serial_id, cited_year, n in made:
            if serial_id >= 0:
                by_cited[serial_id].append((cited_year, n))
        for serial_id, years in by_cited.items():
            parts[f"c:{serial_id}"] = digest((own, year, years))
        out[article_id] = parts
    return out


def recorded(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The parts recorded for the articles ``ids`` at the last run."""
    out: dict[int, dict[str, str]] = {}
    t = stats_inputs.c
    for chunk in _chunks(sorted(set(ids))):
        for article_id, parts in conn.execute(
            select(t.article_id, t.parts).where(t.article_id.in_(chunk))
        ):
            out[article_id] = _json(parts)
    return out


def record(conn: Connection, parts: dict[int, dict[str, str]]) -> None:
    """Record the parts of these articles (replacing what was recorded for them)."""
    t = stats_inputs
    for chunk in _chunks(sorted(parts)):
        conn.execute(delete(t).where(t.c.article_id.in_(chunk)))
        rows = [{"article_id": i, "parts": parts[i]} for i in chunk if parts[i]]
        if rows:
            conn.execute(insert(t), rows)


def dirty_journals(old: dict[int, dict[str, str]], new: dict[int, dict[str, str]]) -> set[int]:
    """The serials whose counts the changed articles' parts change (``old`` -> ``new``)."""
    dirty: set[int] = set()
    for article_id in set(old) | set(new):
        before, after = old.get(article_id, {}), new.get(article_id, {})
        for key in set(before) | set(after):
            if before.get(key) != after.get(key):
                dirty.add(int(key.partition(":")[2]))
    return dirty


def _json(value: object) -> dict:
    return json.loads(value) if isinstance(value, str) else dict(value or {})  # type: ignore[arg-type]


def digest(value: object) -> str:
    """A short digest of ``value``'s repr."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:16]


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
