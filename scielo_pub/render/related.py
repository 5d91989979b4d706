"""Site content in, each article's neighbours out: previous/next article of its issue and similar
articles of the collection (shared keywords, subject areas and title terms).

Similarity is a weighted count of shared terms found through an inverted index (term -> articles), so
only articles sharing something are compared; terms shared by very many articles say little and are
left out. Keywords weigh 3, title terms 1, a shared subject area 0.5 (which only ranks articles that
already share a keyword or title term).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from ..collection import PublishedArticle, SiteContent, toc_key
from . import urls

#: How many similar articles a page lists.
SIMILAR = 5
#: A term found in more articles than this is not compared on (it says little, and keeps the work per
#: article bounded: at most this many candidates per term).
COMMON = 100
_WORD = re.compile(r"\w{5,}", re.UNICODE)


def with_related(content: SiteContent) -> SiteContent:
    """``content`` with every article's ``neighbours`` and ``similar`` filled in."""
    neighbours = _neighbours(content)
    similar = _similar(content.articles)
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
        journal = journals.get(key[0])
        members.sort(key=lambda i: toc_key(issue, content.articles[i].summary, journal))
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


def _similar(articles: tuple[PublishedArticle, ...]) -> dict[int, tuple]:
    terms = [_terms(item) for item in articles]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(terms):
        for term in own:
            postings[term].append(i)
    limit = COMMON
    out: dict[int, tuple] = {}
    for i, own in enumerate(terms):
        scores: dict[int, float] = defaultdict(float)
        core: dict[int, float] = defaultdict(float)  # the part not from shared subject areas
        for term, weight in own.items():
            holders = postings[term]
            if len(holders) > limit:
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
        out[i] = tuple(_entry(articles[j]) for j in best[:SIMILAR])
    return out
