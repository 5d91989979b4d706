"""Published articles in, their input digests out: per article, a digest of everything its store rows are made from, which a rebuild compares with the store's record to skip it.

An article's input digest covers its canonical XML (through the read cache's content digest), its
journal and issue settings, its source path, the collection's settings and scielo-pub's code
(``codeprint.code_fingerprint``); not its links, written apart. ``InputDigests`` makes each article's
once per build and gives the whole collection's as one list (``many``), which the links, usage and
store stages compare with what the store recorded by set operations, not article by article.
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
_FIRST, _THIRD, _FOURTH = operator.itemgetter(0), operator.itemgetter(2), operator.itemgetter(3)


def input_digest(item: PublishedArticle, collection: Collection) -> str:
    """A digest of everything an article's rows are made from (not its links, written apart)."""
    return InputDigests(collection).of(item)


class InputDigests:
    """Input digests of one collection's articles (:func:`input_digest`), the parts articles share
    (collection settings, journal and issue settings, code) made once: a journal's record is
    ``repr``-ed once, not once per issue; each article's digest is made once per build (kept by
    its ``ArticleSource``, which the stages' copies of the article share, and its content digest)
    and read by the links, usage and store stages alike; ``many`` gives the list of them again
    without a call per article when the articles' sources and content digests are those it gave
    it for last."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.settings = repr(_without_path(collection))
        root = collection.path
        self.prefix = str(root) + os.sep if root is not None else None
        #: ``id(journal) -> (journal, its repr without its path)``
        self._journals: dict[int, tuple[object, str]] = {}
        #: ``(id(journal), id(issue)) -> (journal, issue, digest of both, settings and code)``
        self._shared: dict[tuple[int, int], tuple[object, object, str]] = {}
        #: ``id(source) -> [source, relative path, content digest, input digest]`` of the articles
        #: met so far (``_held``).
        self._made: dict[int, list] = {}
        #: ``(sources, content digests, input digests)`` of the last ``many`` call.
        self._listed: tuple[list, list, list[str]] | None = None

    def context(self, journal: object, issue: object) -> str:
        """The digest of what an issue's articles share: its journal's and its own settings (paths
        left out), the collection's settings and the code; made once per issue."""
        return self._context(journal, issue)

    def _context(self, journal: object, issue: object) -> str:
        hit = self._shared.get((id(journal), id(issue)))
        if hit is None or hit[0] is not journal or hit[1] is not issue:
            known = self._journals.get(id(journal))
            if known is None or known[0] is not journal:
                known = self._journals[id(journal)] = (journal, repr(_without_path(journal)))
            parts = (known[1], repr(_without_path(issue)), self.settings, _code())
            digest = hashlib.sha256(repr(parts).encode()).hexdigest()
            hit = self._shared[(id(journal), id(issue))] = (journal, issue, digest)
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
        sources = list(map(_SOURCE, articles))
        contents = list(map(_CONTENT, articles))
        last = self._listed
        if last is not None and last[0] == sources and last[1] == contents and all(contents):
            return last[2]
        made = self._made_already(sources, contents)
        if made is None:
            made = list(map(self.of, articles))
        self._listed = (sources, contents, made)
        return made

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
