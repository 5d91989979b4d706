"""Site content in, each article's folder and its issue's digests out: the one pass over every
article the outputs stage makes, after which a rebuild decides per issue, not per article.

An issue's *marks* digest hashes its members' folders, input digests and file names in order (what
its related lists, search records and listings depend on); its *links* digest hashes what else its
members' pages show that the links and usage stages give (the digests of their reference links and
cited-by, their accesses). ``render.related``, ``render.search_index`` and the listings compare the
first with what they recorded per issue, the article pages both (``render.site``), so an unchanged
issue's articles are not visited again.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, groupby, repeat

from ..collection import NO_MATCHES, PublishedArticle


@dataclass
class Group:
    """The articles of one issue (indexes into the content's articles, in its order)."""

    name: str
    #: The site folder its articles' folders begin with (``j/ACRONYM/ISSUE/``).
    prefix: str
    issue: object
    journal: object
    members: list[int] = field(default_factory=list)
    #: Every member has an input digest (else nothing of it is kept from the last build).
    complete: bool = True
    marks: str = ""
    links: str = ""


class Walk:
    """Each article's folder, and its issue's group (``groups``, in the order first met).

    The articles are taken a *run* at a time: consecutive articles sharing their issue's and
    journal's records (as ``discover`` gives them: a folder's articles together). A run's folders,
    marks and links lines are made with ``map`` and ``join`` over its columns, without a Python
    call per article but ``links_digest``'s."""

    def __init__(self, articles: Sequence[PublishedArticle]) -> None:
        self.folders: list[str] = []
        self.groups: dict[str, Group] = {}
        self.group_of: list[Group] = []
        lines: dict[str, tuple[list[str], list[str]]] = {}
        sources = list(map(_SOURCE, articles))
        records = zip(map(id, map(_ISSUE, sources)), map(id, map(_JOURNAL, sources)), strict=True)
        at = 0
        for _record, run in groupby(records):
            count = len(list(run))
            self._run(articles[at : at + count], sources[at : at + count], lines)
            at += count
        for name, (marks, links) in lines.items():
            self.groups[name].marks = _hash("".join(marks))
            self.groups[name].links = _hash("".join(links))

    def _run(self, articles: Sequence[PublishedArticle], sources: list,
             lines: dict[str, tuple[list[str], list[str]]]) -> None:  # fmt: skip
        """One run of articles sharing their issue's and journal's records: their folders, their
        group (one per journal and issue folder, whatever record object each article carries)
        and their lines of its marks and links."""
        src = sources[0]
        name = f"{src.journal.acronym}/{src.issue.folder}"
        group = self.groups.get(name)
        if group is None:
            group = self.groups[name] = Group(name, f"j/{name}/", src.issue, src.journal)
            lines[name] = ([], [])
        marks, links = lines[name]
        files = list(map(_FILE_NAME, map(_PATH, sources)))
        prefix = group.prefix
        folders = [f"{prefix}{stem}/" for stem in _stems(files)]
        digests = list(map(_DIGEST, articles))
        if not all(digests):
            group.complete = False
        group.members += range(len(self.folders), len(self.folders) + len(folders))
        self.folders += folders
        self.group_of += repeat(group, len(folders))
        marks.append("".join(map("{}\0{}\0{}\n".format, folders, digests, files)))
        matches = map(links_digest, map(_MATCHES, articles))
        cited_by = map(links_digest, map(_CITED_BY, articles))
        links.append("".join(map("{}\0{}\0{}\n".format, matches, cited_by,
                                 map(_ACCESSES, articles))))  # fmt: skip

    def journal_groups(self) -> dict[str, list[Group]]:
        """The groups of each journal (by acronym), in the order first met."""
        found: dict[str, list[Group]] = {}
        for group in self.groups.values():
            found.setdefault(group.name.split("/", 1)[0], []).append(group)
        return found


_SOURCE = operator.attrgetter("source")
_ISSUE = operator.attrgetter("issue")
_JOURNAL = operator.attrgetter("journal")
_PATH = operator.attrgetter("path")
_FILE_NAME = operator.attrgetter("name")
_DIGEST = operator.attrgetter("digest")
_MATCHES = operator.attrgetter("matches")
_CITED_BY = operator.attrgetter("cited_by")
_ACCESSES = operator.attrgetter("accesses")
_INDEX = operator.attrgetter("index")
_HEAD = operator.itemgetter(0)
_SPLIT = operator.methodcaller("rpartition", ".")
_DOT_LAST = operator.methodcaller("endswith", ".")


def _stems(names: list[str]) -> list[str]:
    """``Path.stem`` of each file name: taken with ``rpartition`` when every name has a dot
    inside it (an article's suffix), else one by one."""
    heads = list(map(_HEAD, map(_SPLIT, names)))
    if all(heads) and not any(map(_DOT_LAST, names)):
        return heads
    return [_stem(name) for name in names]


def _stem(name: str) -> str:
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def links_digest(value) -> str:
    """The digest the links stage's views carry; a plain dict or tuple (an article linked in
    memory) is hashed from its ``repr``, its entries in order (an empty one's made once)."""
    digest = getattr(value, "digest", None)
    if digest:
        return digest
    if not value and type(value) in _EMPTY:
        return _EMPTY[type(value)]
    return _links_digest(value)


def _links_digest(value) -> str:
    if isinstance(value, dict):
        value = sorted((rid, repr(records)) for rid, records in value.items())
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


#: The digests of the empty values an article without links or citers carries.
_EMPTY = {kind: _links_digest(kind()) for kind in (tuple, dict, list, type(NO_MATCHES))}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Pins:
    """The articles that held no index data (``summary``) when the outputs stage began: what its
    passes load on them (``PublishedArticle.summary`` keeps it) is let go again once a pass is
    done with an issue, a journal or the search index, so the stage holds a journal's index data
    at a time, not the collection's. Only articles that can load it again (from the read cache)
    are let go."""

    def __init__(self, articles: Sequence[PublishedArticle]) -> None:
        self.bare = set(map(id, compress(articles, map(operator.is_, map(_INDEX, articles),
                                                       repeat(None)))))  # fmt: skip

    def release(self, items) -> None:
        """Each of ``items`` that held no index data at first lets go what it holds now (only
        those that hold some are looked at in Python)."""
        items = list(items)
        bare = self.bare
        for item in compress(items, map(operator.is_not, map(_INDEX, items), repeat(None))):
            if id(item) in bare and item.entry is not None:
                object.__setattr__(item, "index", None)


#: Used where no stage's pins are given (nothing is let go).
KEEP = Pins(())
