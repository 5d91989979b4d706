"""Published articles in, their input digests out: per article, a digest of everything its store rows are made from, which a rebuild compares with the store's record to skip it.

An article's input digest covers its canonical XML (through the read cache's content digest), its
journal and issue settings, its source path, the collection's settings and scielo-pub's code
(``codeprint.code_fingerprint``); not its links, written apart. ``InputDigests`` makes each article's
once per build and gives the whole collection's as one list (``many``, with the relative paths:
``columns``), which the links, usage and store stages compare with what the store recorded by set
operations, not article by article. The list is made in bulk: each issue's shared part once, each
article's relative path from the listing ``discover`` made its path from (``listed``: the folder's
path stringified once, no ``pathlib`` path per article), and one hash per article.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
from collections.abc import Sequence

from lxml import etree

from ..collection import PublishedArticle
from ..model import Collection

_SOURCE = operator.attrgetter("source")
_CONTENT = operator.attrgetter("digest")
_JOURNAL, _ISSUE = operator.attrgetter("journal"), operator.attrgetter("issue")
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_THIRD, _FOURTH = operator.itemgetter(2), operator.itemgetter(3)
_SHA = hashlib.sha256

#: False: ``columns`` makes each article's relative path and digest with a call per article
#: (``source`` and ``of``), as before (the tests count the calls, and compare the values).
BULK = True


def input_digest(item: PublishedArticle, collection: Collection) -> str:
    """A digest of everything an article's rows are made from (not its links, written apart)."""
    return InputDigests(collection).of(item)


class InputDigests:
    """Input digests of one collection's articles (:func:`input_digest`), the parts articles share
    (collection settings, journal and issue settings, code) made once: a journal's record is
    ``repr``-ed once, not once per issue; every article's digest and relative path are made once
    per build, in bulk (``columns``), and read by the links, usage and store stages alike;
    ``many`` gives the list again without a call per article when the articles' sources and
    content digests are those it gave it for last. ``of`` and ``source`` make one article's
    (kept by its ``ArticleSource`` and content digest)."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.settings = repr(_without_path(collection))
        root = collection.path
        self.prefix = str(root) + os.sep if root is not None else None
        #: ``id(journal) -> (journal, the hash of its part of an issue's context)``
        self._journals: dict[int, tuple[object, object]] = {}
        #: The text ending every issue's context (the settings and the code), made once.
        self._tail: str | None = None
        #: ``(id(journal), id(issue)) -> (journal, issue, digest of both, settings and code)``
        self._shared: dict[tuple[int, int], tuple[object, object, str]] = {}
        #: ``id(source) -> [source, relative path, content digest, input digest]`` of the articles
        #: met so far (``_held``).
        self._made: dict[int, list] = {}
        #: ``(sources, content digests, input digests, relative paths)`` of the last ``columns``.
        self._listed: tuple[list, list, list[str], list[str]] | None = None
        #: ``id(source) -> (source, relative path)`` of the articles ``listed`` names.
        self._named: dict[int, tuple[object, str]] = {}

    def context(self, journal: object, issue: object) -> str:
        """The digest of what an issue's articles share: its journal's and its own settings (paths
        left out), the collection's settings and the code; made once per issue."""
        return self._context(journal, issue)

    def _context(self, journal: object, issue: object) -> str:
        """``sha256(repr((journal's repr, issue's repr, settings, code)))``, the tuple's text
        hashed in parts: the journal's head once per journal (a hash copied per issue), the
        settings' and code's tail once, so an issue costs its own repr and a short hash."""
        hit = self._shared.get((id(journal), id(issue)))
        if hit is None or hit[0] is not journal or hit[1] is not issue:
            known = self._journals.get(id(journal))
            if known is None or known[0] is not journal:
                head = _SHA(f"({repr(_without_path(journal))!r}, ".encode())
                known = self._journals[id(journal)] = (journal, head)
            if self._tail is None:
                self._tail = f", {self.settings!r}, {_code()!r})"
            made = known[1].copy()
            made.update(f"{repr(_without_path(issue))!r}{self._tail}".encode())
            hit = self._shared[(id(journal), id(issue))] = (journal, issue, made.hexdigest())
        return hit[2]

    def source(self, item: PublishedArticle) -> str:
        """The article's source path, relative to the collection (``/``-separated)."""
        return self._held(item)[1]

    def _held(self, item: PublishedArticle) -> list:
        """``[source, relative path, content digest, input digest]`` of the article's source (the
        digests None until made)."""
        src = item.source
        hit = self._made.get(id(src))
        if hit is None or hit[0] is not src:
            text = str(src.path)
            if self.prefix is not None and text.startswith(self.prefix) and ".." not in text:
                rel = text[len(self.prefix) :].replace(os.sep, "/")
            else:
                rel = relative_source(item, self.collection)
            hit = self._made[id(src)] = [src, rel, None, None]
        return hit

    def of(self, item: PublishedArticle) -> str:
        digest = item.digest
        hit = self._held(item)
        if digest and hit[2] == digest:
            return hit[3]
        own = digest or hashlib.sha256(xml_text(item.tree).encode()).hexdigest()
        context = self._context(item.source.journal, item.source.issue)
        made = hashlib.sha256(f"{own}\0{context}\0{hit[1]}".encode()).hexdigest()
        if digest:
            hit[2], hit[3] = digest, made
        return made

    def many(self, articles: Sequence[PublishedArticle]) -> list[str]:
        """Every article's input digest, in order (one list: compare it with a set). Given again
        as it is while the articles have the same sources and content digests (compared as two
        lists, not article by article); an article without a content digest is digested again."""
        return self.columns(articles)[1]

    def columns(self, articles: Sequence[PublishedArticle]) -> tuple[list[str], list[str]]:
        """Every article's relative source path and input digest, in order, made in bulk (no
        call per article: ``listed`` paths, each issue's shared part once, one hash each); given
        again as they are while the articles have the same sources and content digests."""
        sources = list(map(_SOURCE, articles))
        contents = list(map(_CONTENT, articles))
        last = self._listed
        if last is not None and last[0] == sources and last[1] == contents and all(contents):
            return last[3], last[2]
        made = self._made_already(sources, contents)
        if made is not None:
            rels = list(map(_SECOND, map(self._made.__getitem__, map(id, sources))))
        elif not BULK or not all(contents):
            rels = list(map(self.source, articles))
            made = list(map(self.of, articles))
        else:
            rels = self._rels(sources, articles)
            contexts = self._contexts(sources)
            made = [_SHA(f"{own}\0{context}\0{rel}".encode()).hexdigest()
                    for own, context, rel in zip(contents, contexts, rels, strict=True)]  # fmt: skip
        self._listed = (sources, contents, made, rels)
        return rels, made

    def listed(self, sources: Sequence, folders: Sequence) -> None:
        """Note the relative paths of ``sources`` (``discover``'s articles) from the issue
        folders' listings (``listing.Listing``) their paths were made from (``path`` joined with
        each of ``names``): the folder's path is stringified and made relative once, each
        article's is that and its name. A folder whose first and last paths are not its
        listing's (or that a relative path cannot be made of by prefix) is left to ``source``."""
        prefix, named = self.prefix, self._named
        if prefix is None:
            return
        for listing in folders:
            start, stop, names = listing.start, listing.stop, listing.names
            if stop <= start or len(names) != stop - start:
                continue
            where = listing.path + os.sep
            if not where.startswith(prefix) or ".." in where or ".." in "\0".join(names):
                continue
            items = sources[start:stop]
            if len(items) != len(names):
                continue
            if str(items[0].path) != where + names[0] or str(items[-1].path) != where + names[-1]:
                continue
            base = where[len(prefix) :].replace(os.sep, "/")
            named.update(
                zip(map(id, items), zip(items, map(base.__add__, names), strict=True), strict=True)
            )

    def _rels(self, sources: list, articles: Sequence[PublishedArticle]) -> list[str]:
        """Each source's relative path: from ``listed`` when it named them all, else by
        ``source`` for those it did not."""
        hits = list(map(self._named.get, map(id, sources)))
        if None not in hits and list(map(_FIRST, hits)) == sources:  # type: ignore[arg-type]
            return list(map(_SECOND, hits))  # type: ignore[arg-type]
        return [hit[1] if hit is not None and hit[0] is src else self.source(item)
                for hit, src, item in zip(hits, sources, articles, strict=True)]  # fmt: skip

    def _contexts(self, sources: list) -> list[str]:
        """Each source's issue's shared digest (``context``), made once per issue."""
        journals, issues = list(map(_JOURNAL, sources)), list(map(_ISSUE, sources))
        keys = list(zip(map(id, journals), map(id, issues), strict=True))
        pairs = dict(zip(keys, zip(journals, issues, strict=True), strict=True))
        made = {key: self._context(journal, issue) for key, (journal, issue) in pairs.items()}
        return list(map(made.__getitem__, keys))

    def _made_already(self, sources: list, contents: list) -> list[str] | None:
        """The input digests ``of`` made for these sources and content digests (the links stage
        asks first), gathered without a call per article; None when one was not made."""
        try:
            held = list(map(self._made.__getitem__, map(id, sources)))
        except KeyError:
            return None
        if list(map(_FIRST, held)) != sources or list(map(_THIRD, held)) != contents:
            return None  # another source at a freed one's id, or another content digest
        return list(map(_FOURTH, held)) if all(contents) else None


def _without_path(value: object) -> object:
    return dataclasses.replace(value, path=None) if hasattr(value, "path") else value  # type: ignore[type-var]


def _code() -> str:
    """scielo-pub's code (``codeprint``, made once per process): a new release rewrites every
    article's rows."""
    from ..codeprint import code_fingerprint

    return code_fingerprint()


def relative_source(item: PublishedArticle, collection: Collection) -> str:
    """The article's source path relative to the collection folder (``/``-separated), else its
    file name."""
    path = item.source.path
    if collection.path is not None:
        try:
            return path.resolve().relative_to(collection.path.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def xml_text(tree) -> str:
    """An article's canonical tree as text."""
    if not isinstance(tree, etree._ElementTree):
        tree = etree.ElementTree(tree)
    return etree.tostring(tree, encoding="unicode")
