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
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..collection import PublishedArticle


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
    """Each article's folder, and its issue's group (``groups``, in the order first met)."""

    def __init__(self, articles: Sequence[PublishedArticle]) -> None:
        self.folders: list[str] = []
        self.groups: dict[str, Group] = {}
        self.group_of: list[Group] = []
        self._lines: dict[str, tuple[list[str], list[str]]] = {}
        held: dict[int, tuple[object, object, Group, list, list]] = {}
        folders, group_of = self.folders, self.group_of
        issue = journal = group = marks = links = members = prefix = None
        for n, item in enumerate(articles):
            src = item.source
            if src.issue is not issue or src.journal is not journal:  # a run of one issue ends
                issue, journal = src.issue, src.journal
                entry = held.get(id(issue))
                if entry is None or entry[0] is not issue or entry[1] is not journal:
                    entry = held[id(issue)] = self._group(src)
                group, marks, links = entry[2], entry[3], entry[4]
                members, prefix = group.members, group.prefix
            name = src.path.name
            dot = name.rfind(".")  # ``Path.stem``, without a second look-up of the name
            folder = f"{prefix}{name[:dot] if 0 < dot < len(name) - 1 else name}/"
            members.append(n)
            folders.append(folder)
            group_of.append(group)
            digest = item.digest
            if not digest:
                group.complete = False
            marks.append(f"{folder}\0{digest}\0{name}\n")
            matches, cited_by = item.matches, item.cited_by
            # the views' digests read here (``links_digest`` only for a plain dict or tuple)
            links.append(
                f"{getattr(matches, 'digest', None) or links_digest(matches)}\0"
                f"{getattr(cited_by, 'digest', None) or links_digest(cited_by)}\0{item.accesses}\n"
            )
        for name, (marks, links) in self._lines.items():
            self.groups[name].marks = _hash("".join(marks))
            self.groups[name].links = _hash("".join(links))
        del self._lines

    def _group(self, src) -> tuple:
        """The group of ``src``'s issue (one per journal and issue folder, whatever record object
        each article carries) and its lists of lines."""
        name = f"{src.journal.acronym}/{src.issue.folder}"
        group = self.groups.get(name)
        if group is None:
            group = self.groups[name] = Group(name, f"j/{name}/", src.issue, src.journal)
            self._lines[name] = ([], [])
        return (src.issue, src.journal, group, *self._lines[name])

    def journal_groups(self) -> dict[str, list[Group]]:
        """The groups of each journal (by acronym), in the order first met."""
        found: dict[str, list[Group]] = {}
        for group in self.groups.values():
            found.setdefault(group.name.split("/", 1)[0], []).append(group)
        return found


def links_digest(value) -> str:
    """The digest the links stage's views carry; a plain dict or tuple (an article linked in
    memory) is hashed from its ``repr``, its entries in order."""
    digest = getattr(value, "digest", None)
    if digest:
        return digest
    if isinstance(value, dict):
        value = sorted((rid, repr(records)) for rid, records in value.items())
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Pins:
    """The articles that held no index data (``summary``) when the outputs stage began: what its
    passes load on them (``PublishedArticle.summary`` keeps it) is let go again once a pass is
    done with an issue, a journal or the search index, so the stage holds a journal's index data
    at a time, not the collection's. Only articles that can load it again (from the read cache)
    are let go."""

    def __init__(self, articles: Sequence[PublishedArticle]) -> None:
        self.bare = {id(item) for item in articles if item.index is None}

    def release(self, items) -> None:
        bare = self.bare
        for item in items:
            if item.index is not None and id(item) in bare and item.entry is not None:
                object.__setattr__(item, "index", None)


#: Used where no stage's pins are given (nothing is let go).
KEEP = Pins(())
