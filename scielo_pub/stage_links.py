"""Published articles in, the same articles with their reference matches, cited-by lists and
accesses out: the build's links and usage stages (``build`` runs them; ``input_digests`` makes the
per-article input digests the links, usage and store stages share).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import apart
from .collection import PublishedArticle, SiteContent
from .errors import Diagnostic, ScieloPubError, Severity
from .model import Article

if TYPE_CHECKING:
    from .collection import CollectionSource
    from .executors import Executor


def input_digests(content: SiteContent, source: CollectionSource | None = None):
    """The build's ``store.inputs.InputDigests``: each article's input digest, made once and
    read by the links, usage and store stages; with ``source`` (what ``discover`` found), each
    article's relative path is made from its issue folder's listing (``InputDigests.listed``)."""
    from .store.inputs import InputDigests

    digests = InputDigests(content.collection)
    if source is not None:
        digests.listed(source.articles, source.folders)
    return digests


def link_references(
    content: SiteContent,
    out: Path,
    emit: Callable[[Diagnostic], None],
    executor: Executor | None = None,
    store_url: str | None = None,
    digests=None,
    away: bool = False,
    recorded: bool = False,
) -> SiteContent:
    """Match every reference; each published article gets its matches and its cited-by list.

    The citation index lives beside the site (``OUT/.scielo-pub/citations.sqlite``), or in the
    store's database when that is PostgreSQL (``store_url``), so imports of the configured
    databases are incremental from one build to the next. Each article goes in by its source
    path and input digest (``digests``, ``store.write.InputDigests``): the model of an article
    whose digest the index recorded at the last build is not read (its stale references are
    re-scored from the index, ``citations.rescore``).

    ``away`` (``apart.wanted``): the stage runs first in a forked child (``apart``), which brings the
    index up to date and sends back its diagnostics; this process then finds every article as
    recorded, as a rebuild with nothing changed does, and makes its views from the index: the
    objects the matching made and dropped (~130 MB of the heap at 1,000 articles) never enter it.
    ``recorded``: another process brought the index up to date for these articles (nothing is
    imported; every article is found as recorded).
    """
    from .citations.db import index_location

    digests = digests or input_digests(content)
    sources, states = digests.columns(content.articles)
    inputs = list(map(_LinkSource, sources, states, content.articles))
    (out / ".scielo-pub").mkdir(parents=True, exist_ok=True)
    location = index_location(out, store_url)
    imports = not recorded
    if away and imports:  # the child imports and links (its views dropped there); here: read

        def link_there(report: Callable[[Diagnostic], None]) -> None:
            _linked(content, inputs, location, report, executor=executor, imports=True)

        imports = not apart.stage("links", link_there, out, emit)[0]
    found = _linked(content, inputs, location, emit, executor=executor, imports=imports)
    matches, cited_by = found.columns()
    articles = tuple(map(_with_links, content.articles, matches, cited_by))
    return dataclasses.replace(content, articles=articles)


def _linked(content: SiteContent, inputs: list, location: str, emit, *, executor, imports: bool):
    """The configured databases imported (``imports``) and ``inputs`` linked in the index at
    ``location``: ``collection_links.CollectionLinks``."""
    from .citations.collection_links import import_sources, link_inputs
    from .citations.db import BiblioDB

    with BiblioDB(location) as db:
        if imports:
            try:
                import_sources(db, content.collection.citations, content.root or Path("."))
            except (OSError, ValueError, ScieloPubError) as exc:
                where = str((content.root or Path(".")) / "collection.toml")
                emit(Diagnostic(where, 1, 1, Severity.ERROR, f"[citations]: {exc}",
                                "config.citations", "package",
                                "List existing LILACS, MEDLINE or Crossref files there."))  # fmt: skip
        return link_inputs(inputs, db, site_base=content.collection.base_url, executor=executor)


class _LinkSource:
    """One published article as the links stage sees it (``collection_links.LinkInput``'s
    attributes, without a closure per article): its source path and input digest; its model
    and index data read only when the stage asks (a changed article)."""

    __slots__ = ("source", "state", "item")

    def __init__(self, source: str, state: str, item: PublishedArticle) -> None:
        self.source, self.state, self.item = source, state, item

    def load(self) -> Article:
        return self.item.article

    def index(self) -> Article:  # read for the article's key and index record, not kept on it
        from .index_data import passing

        return passing(self.item)


def _with(item: PublishedArticle, **changes: object) -> PublishedArticle:
    """A copy of ``item`` with ``changes`` (fields whose values need no checks): what
    ``dataclasses.replace`` gives, without running ``__init__`` again for every article (its
    fields read in one call and set through the slots' own setters)."""
    values = list(_FIELDS(item))
    for name, value in changes.items():
        values[_POSITION[name]] = value
    copy = object.__new__(PublishedArticle)
    for setter, value in zip(_SETTERS, values, strict=True):
        setter(copy, value)
    return copy


#: PublishedArticle's fields (it is slotted: no ``__dict__`` to copy), read and set in order.
_SLOTS = tuple(f.name for f in dataclasses.fields(PublishedArticle))
_FIELDS = operator.attrgetter(*_SLOTS)
_SETTERS = tuple(PublishedArticle.__dict__[name].__set__ for name in _SLOTS)
_POSITION = {name: n for n, name in enumerate(_SLOTS)}


def _copier(*names: str) -> Callable[..., PublishedArticle]:
    """``copy(item, *values)``: ``_with(item, **dict(zip(names, values)))`` as straight-line code
    made from the dataclass's fields (each field read as an attribute and set through its slot's
    setter, no loop, list nor keywords): under half ``_with``'s cost, which the links stage pays
    for every article."""
    lines = [f"def copy(item, {', '.join(names)}):", "    new = NEW(CLS)"]
    lines += [f"    SET{n}(new, {name if name in names else 'item.' + name})"
              for n, name in enumerate(_SLOTS)]  # fmt: skip
    scope = {"NEW": object.__new__, "CLS": PublishedArticle}
    scope.update((f"SET{n}", setter) for n, setter in enumerate(_SETTERS))
    exec("\n".join([*lines, "    return new"]), scope)
    return scope["copy"]


#: Each article with its matches and cited-by list (the links stage's copy of every article).
_with_links = _copier("matches", "cited_by")


def usage_counts(content: SiteContent, out: Path, db: str | None, digests=None) -> SiteContent:
    """Each article with the COUNTER requests the existing store counts for it (``usage import``;
    ``usage.accesses``); no store yet, or no usage in it, leaves the articles as they are. An
    article is known by its input digest (``digests``) when the store recorded it; only the
    others' identifiers are read from their index data. Only the articles with accesses to show
    are copied."""
    from . import store
    from .usage.accesses import article_requests

    url = db or store.default_url(out)
    if db is None and not (out / store.STORE_FILE).is_file():
        return content
    articles = content.articles
    keys = (digests or input_digests(content)).many(articles)
    engine = store.connect(url)
    try:
        with engine.connect() as conn:
            counts = article_requests(conn, keys, lambda n: _store_ident(articles[n]))
    finally:
        engine.dispose()
    if counts is None:
        return content
    shown = list(map(_ACCESSES, articles))
    if counts == shown:
        return content
    copied = list(articles)
    for n, (count, had) in enumerate(zip(counts, shown, strict=True)):
        if count is not None or had is not None:
            copied[n] = _with(copied[n], accesses=count)
    return dataclasses.replace(content, articles=tuple(copied))


_ACCESSES = operator.attrgetter("accesses")


def _store_ident(item: PublishedArticle) -> str:
    """The article's identifier as the store keys it (``store.write``), from its index data."""
    from .store.write import _ident

    return _ident(item)
