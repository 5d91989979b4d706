"""The citation index in, what the last build derived from each article and its links as views out.

The links stage records per article (``biblio_article_state``, keyed by its source) the digest of
what its index record and references are made from (its input digest and the matching salt's), its key in the index and a digest of its
accepted matches, and per collection article a digest of its cited-by list (``biblio_cited_state``:
the sum of its entries' digests and their count, so an entry added, removed or changed patches it
without the list being read, :func:`patched`).
An article whose digest is unchanged is then neither read, keyed nor indexed again, and its
matches and cited-by list, when nothing they depend on changed, are handed on as views
(:class:`LinkedMatches`, :class:`LinkedCitedBy`) that carry their digest and read their entries
from the index only when a later stage asks for them (a page rendered again for another reason),
or when they are pickled for a worker process. The views themselves are made only when asked
(:class:`Views`: the build takes every article's pair as two lists, the unchanged articles' made
in bulk from the recorded digests; no mapping of them all is made).
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import delete, insert, select

from ..store.engine import driver_rows
from .db import BiblioDB
from .schema import article_state, cited_state

_CHUNK = 400
#: Index records a ``Reader`` keeps for the views it reads (many cite the same records).
_RECORDS_KEPT = 20000


@dataclass(frozen=True, slots=True)
class State:
    """What the last build recorded of one article."""

    state: str
    article: str | None
    matches_digest: str


#: Positions in a recorded row (:func:`load`): indexing a row costs less than naming its column.
STATE, ARTICLE, MATCHES = 1, 2, 3


def load(db: BiblioDB) -> tuple[dict[str, Any], dict[str, str]]:
    """``source -> row`` of every recorded article (``(source, state, article, matches digest)``,
    read at ``STATE``, ``ARTICLE`` and ``MATCHES``) and ``article -> cited-by digest``, in two
    queries, the rows not turned into objects one by one."""
    a, c = article_state.c, cited_state.c
    states = {row[0]: row for row in driver_rows(db.connection, select(a.source, a.state, a.article,
                                                         a.matches_digest))}  # fmt: skip
    cited = dict(driver_rows(db.connection, select(c.article, c.digest)))
    return states, cited


def save(
    db: BiblioDB,
    articles: Mapping[str, State],
    gone: Iterable[str],
    cited: Mapping[str, str],
    uncited: Iterable[str],
) -> None:
    """Record ``articles`` (by source) and forget the sources ``gone``; record the cited-by digests
    ``cited`` and forget those of ``uncited`` articles. The caller commits."""
    a, c = article_state.c, cited_state.c
    conn = db.connection
    for table, column, keys in (
        (article_state, a.source, [*articles, *gone]),
        (cited_state, c.article, [*cited, *uncited]),
    ):
        keys = sorted(set(keys))
        for start in range(0, len(keys), _CHUNK):
            conn.execute(delete(table).where(column.in_(keys[start : start + _CHUNK])))
    # in the sources' order, whatever order the caller's dict has (its sets' order is the
    # process's hash seed's: another process must write the same file); _CHUNK at a time
    items = iter(sorted(articles.items(), key=_KEY))
    while rows := [
        {"source": k, "state": v.state, "article": v.article, "matches_digest": v.matches_digest}
        for k, v in islice(items, _CHUNK)
    ]:
        conn.execute(insert(article_state), rows)
    if cited:
        conn.execute(
            insert(cited_state), [{"article": k, "digest": v} for k, v in sorted(cited.items())]
        )


_KEY = itemgetter(0)


def digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def matches_digest(matches: Mapping[str, Sequence[Any]]) -> str:
    """The digest of an article's matches: what its pages show of them (records by reference)."""
    return digest(sorted((rid, repr(tuple(records))) for rid, records in matches.items()))


#: A cited-by digest is the sum of its entries' digests modulo ``2**128`` and their count: a
#: list's order follows from its entries (by citing article), so the sum names it, and an entry
#: added, removed or changed patches it (:func:`patched`) without the others being read.
_MODULUS = 1 << 128


def entry_digest(entry: Any) -> int:
    """One cited-by entry's part of its list's digest."""
    return int.from_bytes(hashlib.blake2b(repr(entry).encode("utf-8"), digest_size=16).digest())


def _cited(total: int, count: int) -> str:
    return f"{total % _MODULUS:032x}.{count}"


def cited_by_digest(entries: Sequence[Any]) -> str:
    """The digest of a cited-by list (``links.CitedBy`` entries, one per citing article)."""
    return _cited(sum(map(entry_digest, entries)), len(entries))


def patched(recorded: str, removed: Iterable[Any], added: Iterable[Any]) -> str | None:
    """The digest of the list ``recorded`` names with the entries ``removed`` taken out and
    ``added`` put in (an entry changed is both); None when ``recorded`` is not such a digest (an
    older release's), so the list must be read whole."""
    total, dot, count = recorded.partition(".")
    if not dot or len(total) != 32 or not count.isdigit():
        return None
    out, gone = int(total, 16), list(removed)
    new = list(added)
    out += sum(map(entry_digest, new)) - sum(map(entry_digest, gone))
    return _cited(out, int(count) + len(new) - len(gone))


class Reader:
    """Opens the index read-only on first use, for the views of one build (the links stage has
    committed and closed it by then, and nobody writes it until the next build). A process forked
    after it opened (a worker of the local pool) opens its own connection."""

    def __init__(self, location: str | None, site_base: str) -> None:
        self.location = location
        self.site_base = site_base
        self._db: BiblioDB | None = None
        self._pid = 0
        self._records: dict = {}

    @property
    def db(self) -> BiblioDB:
        if self._db is None or self._pid != os.getpid():
            if self.location is None:
                raise RuntimeError("the links of an index in memory cannot be read again")
            self._db, self._pid = BiblioDB.read_only(self.location), os.getpid()
            self._records = {}
            weakref.finalize(self, self._db.close)  # closed with the last view of the build
        return self._db

    def matches(self, article: str) -> dict[str, tuple]:
        from .match_cache import matches_of

        db = self.db
        if len(self._records) > _RECORDS_KEPT:  # records shared by the views read, bounded
            self._records = {}
        return matches_of(db, article, self._records)

    def cited_by(self, article: str) -> tuple:
        """One article's cited-by list, in one query (its citers' titles joined, not looked up
        one by one: a list may hold thousands)."""
        from .collection_links import cited_by_all

        return tuple(cited_by_all(self.db, [article], self.site_base)[article])


def entries(value: Any) -> Any:
    """A view's entries read without keeping them in the view (a stage that reads every
    article's once, as the store does, holds none after); any other value as it is."""
    return value._entries() if isinstance(value, _View) else value


class _View:
    """What both views share: the digest, the entries when known, and where to read them."""

    __slots__ = ("digest", "_data", "_reader", "_article")
    _read = "matches"  # the ``Reader`` method that reads the entries

    def __init__(self, digest: str, data=None, reader: Reader | None = None, article: str = ""):
        self.digest = digest
        self._data = data
        self._reader = reader
        self._article = article

    @property
    def data(self):
        if self._data is None:
            self._data = self._entries()
        return self._data

    def _entries(self):
        """The entries: held, else read from the index (not kept)."""
        if self._data is not None:
            return self._data
        assert self._reader is not None
        return getattr(self._reader, self._read)(self._article)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return repr(self.data)


class LinkedMatches(_View, Mapping):
    """An article's accepted records per reference id, with their digest; read from the index on
    first use when the build did not need them (pickled, they become a plain dict)."""

    __slots__ = ()

    @classmethod
    def of(cls, data: dict) -> LinkedMatches:
        return cls(matches_digest(data), data)

    def __getitem__(self, key: str) -> tuple:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __reduce__(self):  # read for a worker, not kept here: the coordinator holds the digest
        return (dict, (self._entries(),))


class LinkedCitedBy(_View, Sequence):
    """The collection's articles citing one article (``CitedBy`` entries), with their digest; read
    from the index on first use when the build did not need them (pickled, a plain tuple)."""

    __slots__ = ()
    _read = "cited_by"

    @classmethod
    def of(cls, data: tuple) -> LinkedCitedBy:
        return cls(cited_by_digest(data), data)

    def __getitem__(self, index):  # type: ignore[override]
        return self.data[index]

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(self.data)

    def __reduce__(self):
        return (tuple, (self._entries(),))


_SOURCE = attrgetter("source")
_MATCHES = itemgetter(MATCHES)
_NO_ROW = (None, None, None, "")

#: False: ``Views.columns`` makes every input's pair one by one (``in_order``), as before (the
#: tests compare both, and count the calls).
BULK_VIEWS = True
#: False: the views keep their two mappings as attributes, each referring back to them (a cycle
#: only the cyclic collector frees: every input and digest of the stage held until it runs).
ACYCLIC = True


class Views:
    """Every live article's matches and cited-by list as views, each made when asked: an article
    whose matches (or list) were made now gets their digest (and entries, when held), any other
    the digest the last build recorded (its matches: of the first source naming it). The build
    takes each input's pair in one pass (:meth:`in_order`); :attr:`matches` and :attr:`cited_by`
    are mappings by article key for anyone else. No view is made before it is asked for."""

    def __init__(
        self,
        inputs: Sequence[Any],
        keys: Sequence[str | None],
        sources: dict[str, str | None],
        recorded: dict[str, Any],
        cited: dict[str, str],
        made: tuple[dict[str, str], dict[str, dict]],
        cited_made: tuple[dict[str, str], dict[str, tuple]],
        reader: Reader,
    ) -> None:
        #: Each input (with its ``source``) and its article key, in input order; source -> key.
        self.inputs, self.keys, self.sources = inputs, keys, sources
        #: What the last build recorded: source -> row (``MATCHES``), article -> cited-by digest.
        self.recorded, self.cited = recorded, cited
        (self.digests, self.held), (self.cited_now, self.lists) = made, cited_made
        self.reader = reader
        self._first: dict[str, str] | None = None
        #: The views made so far through the mappings, by article key.
        self._made: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
        if not ACYCLIC:  # as before: the mappings kept by the views they refer to
            self._kept = (self.matches, self.cited_by)

    # The mappings are made when asked, sharing the views' caches: they refer to the views, the
    # views not to them (no reference cycle: the stage's inputs and digests go when the views do).
    @property
    def matches(self) -> Mapping[str, LinkedMatches]:
        """Each article's matches by article key, made when first asked and kept."""
        return _ByKey(self, self.matches_of, self._made[0])

    @property
    def cited_by(self) -> Mapping[str, LinkedCitedBy]:
        """Each article's cited-by list by article key, made when first asked and kept."""
        return _ByKey(self, self._cited_of_first, self._made[1])

    def _cited_of_first(self, key: str, _source: str) -> LinkedCitedBy:
        return self.cited_of(key)

    def matches_of(self, key: str, source: str) -> LinkedMatches:
        """The matches of ``key``, whose first source is ``source``."""
        digest = self.digests.get(key)
        if digest is not None:
            return LinkedMatches(digest, self.held.get(key), self.reader, key)
        row = self.recorded.get(source)
        return LinkedMatches(row[MATCHES] if row else "", None, self.reader, key)

    def cited_of(self, key: str) -> LinkedCitedBy:
        digest = self.cited_now.get(key)
        if digest is not None:
            return LinkedCitedBy(digest, self.lists.get(key), self.reader, key)
        return LinkedCitedBy(self.cited.get(key, ""), None, self.reader, key)

    @property
    def first(self) -> dict[str, str]:
        """article key -> its first source (made when first asked: by the mappings)."""
        if self._first is None:  # the sources taken last to first: the first one wins
            self._first = {k: s for s, k in reversed(self.sources.items()) if k}
        return self._first

    def columns(self) -> tuple[list[Mapping], list[Sequence]]:
        """Each input's matches and cited-by list, in input order, as two lists (what
        :meth:`in_order` gives, the same views): the unchanged articles' made in bulk from the
        recorded digests (columns of them, the views made through ``map``, no call of this
        module per article); those without a key, with a twin, or made now, one by one."""
        if not BULK_VIEWS:
            pairs = list(self.in_order())
            return [m for m, _c in pairs], [c for _m, c in pairs]
        keys = list(self.keys)
        sources = list(map(_SOURCE, self.inputs))
        rows = list(map(self.recorded.get, sources))
        if None in rows:  # not recorded: no matches' digest (as ``matches_of`` gives)
            rows = [_NO_ROW if row is None else row for row in rows]
        reader, total = self.reader, len(keys)
        matches = list(map(LinkedMatches, map(_MATCHES, rows), repeat(None), repeat(reader), keys))
        cited = list(map(LinkedCitedBy, map(self.cited.get, keys, repeat("")), repeat(None),
                         repeat(reader), keys))  # fmt: skip
        made = self.digests.keys() | self.cited_now.keys()
        odd = set(compress(range(total), map(made.__contains__, keys))) if made else set()
        named = len(keys) - keys.count(None) - keys.count("")
        twins: set = set()
        if len(set(keys) - {None, ""}) != named or named != total:  # twins, or inputs without key
            counts = Counter(keys)
            twins = {k for k, c in counts.items() if c > 1 and k}
            odd.update(n for n, key in enumerate(keys) if not key or key in twins)
        shared: dict[str, tuple] = {}
        for n in sorted(odd):  # those one by one, as ``in_order`` gives them
            key = keys[n]
            if not key:
                matches[n], cited[n] = {}, ()
            elif key in twins:  # twins share the first's views
                if key not in shared:
                    shared[key] = (self.matches_of(key, sources[n]), self.cited_of(key))
                matches[n], cited[n] = shared[key]
            else:
                matches[n], cited[n] = self.matches_of(key, sources[n]), self.cited_of(key)
        return matches, cited

    def in_order(self) -> Iterator[tuple[Mapping, Sequence]]:
        """Each input's matches and cited-by list, in input order (``{}`` and ``()`` without a
        key); the inputs sharing a key share its views (made for the first)."""
        keys = self.keys
        distinct = set(keys)
        named = len(keys) - keys.count(None) - keys.count("")
        if len(distinct - {None, ""}) == named:
            twins: Iterable[str] = ()
        else:
            twins = {k for k, n in Counter(keys).items() if n > 1 and k}
        shared: dict[str, tuple] = {}
        matches_of, cited_of = self.matches_of, self.cited_of
        for key, source in zip(keys, map(_SOURCE, self.inputs), strict=True):
            if not key:
                yield {}, ()
            elif key in twins:
                if key not in shared:
                    shared[key] = (matches_of(key, source), cited_of(key))
                yield shared[key]
            else:
                yield matches_of(key, source), cited_of(key)


class _ByKey(Mapping):
    """One kind of view by article key, each made when first asked and kept."""

    def __init__(self, views: Views, make, made: dict[str, Any]) -> None:
        self._views, self._make, self._made = views, make, made

    def __getitem__(self, key: str):
        view = self._made.get(key)
        if view is None:
            source = self._views.first[key]
            view = self._made[key] = self._make(key, source)
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self._views.first)

    def __len__(self) -> int:
        return len(self._views.first)
