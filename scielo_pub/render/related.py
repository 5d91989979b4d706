"""Site content in, each article's neighbours out: previous/next article of its issue and similar
articles of the collection (shared keywords, subject areas and title terms).

Similarity is a weighted count of shared terms found through an inverted index (term -> articles), so
only articles sharing something are compared; terms shared by very many articles say little and are
left out. Keywords weigh 3, title terms 1, a shared subject area 0.5 (which only ranks articles that
already share a keyword or title term). Everything is read from the articles' index data.

Given the output folder, the last build's terms and similar articles are kept there
(``.scielo-pub/related.pickle``, per article folder with its input digest): an article is scored
again only when it is new or changed, or shares a term with an article added, changed or removed
since (the only way its scores, its candidates or their titles can change); the others keep their
list.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections import defaultdict
from pathlib import Path

from ..collection import PublishedArticle, SiteContent, section_groups, toc_key
from ..readcache import FOLDER, _write, load_record
from . import urls

#: How many similar articles a page lists.
SIMILAR = 5
#: A term found in more articles than this is not compared on (it says little, and keeps the work per
#: article bounded: at most this many candidates per term).
COMMON = 100
_WORD = re.compile(r"\w{5,}", re.UNICODE)


def with_related(content: SiteContent, out: Path | None = None) -> SiteContent:
    """``content`` with every article's ``neighbours`` and ``similar`` filled in (the last build's
    similar lists in ``out`` reused where nothing they depend on changed)."""
    neighbours = _neighbours(content)
    similar = _similar(content.articles, _Record(out) if out is not None else None)
    articles = tuple(
        dataclasses.replace(
            item, neighbours=neighbours.get(index, (None, None)), similar=similar.get(index, ())
        )
        for index, item in enumerate(content.articles)
    )
    return dataclasses.replace(content, articles=articles)


def _entry(item: PublishedArticle) -> tuple[str, str, str]:
    a = item.summary
    lang = a.language or ""
    title = a.titles.get(lang) or next(iter(a.titles.values()), item.source.path.stem)
    return title, urls.fulltext(item, lang), lang


def _neighbours(content: SiteContent) -> dict[int, tuple]:
    """Per article index, its previous and next article in its issue's table-of-contents order
    (articles grouped by issue once, so this stays linear in the collection's size)."""
    journals = {j.acronym: j for j in content.journals}
    issues = {(i.journal_acronym, i.folder): i for i in content.issues}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(content.articles):
        groups[(item.source.journal.acronym, item.source.issue.folder)].append(index)
    out: dict[int, tuple] = {}
    for key, members in groups.items():
        issue = issues.get(key) or content.articles[members[0]].source.issue
        groups = section_groups(issue, journals.get(key[0]))  # once per issue
        members.sort(key=lambda i: toc_key(issue, content.articles[i].summary, groups=groups))
        for at, index in enumerate(members):
            prev = _entry(content.articles[members[at - 1]]) if at > 0 else None
            nxt = _entry(content.articles[members[at + 1]]) if at + 1 < len(members) else None
            out[index] = (prev, nxt)
    return out


def _terms(item: PublishedArticle) -> dict[str, float]:
    a = item.summary
    terms: dict[str, float] = {}
    for words in a.titles.values():
        for word in _WORD.findall(words.casefold()):
            terms.setdefault(f"t:{word}", 1.0)
    for kws in a.keywords.values():
        for kw in kws:
            terms[f"k:{' '.join(kw.casefold().split())}"] = 3.0
    for area in item.source.journal.subject_areas:
        terms[f"s:{area.casefold()}"] = 0.5
    return terms


class _Record:
    """The last build's terms and similar articles per article folder (``related.pickle``)."""

    def __init__(self, out: Path) -> None:
        self.path = Path(out) / FOLDER.parent / "related.pickle"
        self.known: dict = load_record(self.path)

    def save(self, now: dict) -> None:
        if now != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write(self.path, pickle.dumps(now, protocol=pickle.HIGHEST_PROTOCOL))


def _similar(
    articles: tuple[PublishedArticle, ...], record: _Record | None = None
) -> dict[int, tuple]:
    keys = [(urls.article_dir(item), item.digest, item.source.path.name) for item in articles]
    known = record.known if record is not None else {}
    terms: list[dict[str, float]] = []
    dirty_terms: set[str] = set()
    fresh: set[int] = set()
    for i, (folder, digest, name) in enumerate(keys):
        last = known.get(folder)
        if last is not None and digest and last[0] == (digest, name):
            terms.append(last[1])
            continue
        own = _terms(articles[i])
        terms.append(own)
        fresh.add(i)
        dirty_terms.update(own)
        if last is not None:
            dirty_terms.update(last[1])
    current = {folder for folder, _, _ in keys}
    for folder, last in known.items():  # removed articles: their holders' scores change
        if folder not in current:
            dirty_terms.update(last[1])
    postings: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(terms):
        for term in own:
            postings[term].append(i)
    todo = set(fresh)
    for term in dirty_terms:
        todo.update(postings.get(term, ()))
    out: dict[int, tuple] = {}
    for i, (folder, _, _) in enumerate(keys):
        if i in todo or record is None:
            out[i] = _scored(i, terms, postings, articles)
        else:
            out[i] = known[folder][2]
    if record is not None:
        record.save({folder: ((digest, name), terms[i], out[i])
                     for i, (folder, digest, name) in enumerate(keys)})  # fmt: skip
    return out


def _scored(
    i: int, terms: list[dict[str, float]], postings: dict[str, list[int]], articles: tuple
) -> tuple:
    """Article ``i``'s similar articles: those sharing a keyword or title term, best first."""
    scores: dict[int, float] = defaultdict(float)
    core: dict[int, float] = defaultdict(float)  # the part not from shared subject areas
    for term, weight in terms[i].items():
        holders = postings[term]
        if len(holders) > COMMON:
            continue
        subject = term.startswith("s:")
        for j in holders:
            if j != i:
                scores[j] += weight
                if not subject:
                    core[j] += weight
    shared = {j for j, score in core.items() if score >= 1.0}
    best = sorted(
        shared,  # sharing only subject areas is not enough: a keyword or title term is needed
        key=lambda j: (-scores[j], articles[j].source.path.name),
    )
    return tuple(_entry(articles[j]) for j in best[:SIMILAR])
