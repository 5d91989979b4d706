"""A cited reference (and optional matches from the citations package) in, reader links out.

The links are DOI, PubMed and Google Scholar from the reference's own fields; when
``scielo_pub.citations`` provides ``reference_links``, its links (SciELO, LILACS, ...) come first.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlencode

from ..model import Reference
from .sanitise import safe_href


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str


def own_links(ref: Reference) -> list[Link]:
    """DOI, PubMed and Google Scholar links made from the reference fields alone."""
    links: list[Link] = []
    if ref.doi:
        links.append(Link("DOI", "https://doi.org/" + quote(ref.doi.strip(), safe="/:;()._-")))
    if ref.pmid and ref.pmid.strip().isdigit():
        links.append(Link("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid.strip()}/"))
    title = ref.article_title or ref.chapter_title or ref.source
    if title:
        query = {"title": title}
        author = next((a.surname or a.collab for a in ref.authors if a.surname or a.collab), None)
        if author:
            query["author"] = author
        if ref.year:
            query["publication_year"] = ref.year
        links.append(
            Link("Google Scholar", "https://scholar.google.com/scholar_lookup?" + urlencode(query))
        )
    return links


@lru_cache(maxsize=1)
def _citations_links():
    try:
        module = importlib.import_module("scielo_pub.citations")
    except ImportError:
        return None
    return getattr(module, "reference_links", None)


def reference_links(ref: Reference, matches: object | None = None) -> list[Link]:
    """Links for one reference: the citations package's first (when installed), then our own."""
    links: list[Link] = []
    external = _citations_links()
    if external is not None:
        try:
            found = external(ref, matches)
        except Exception:  # a failing helper must not break the page; our own links remain
            found = []
        for item in found or ():
            label, href = _pair(item)
            href = safe_href(href)
            if label and href:
                links.append(Link(str(label), href))
    seen = {link.label for link in links}
    links += [link for link in own_links(ref) if link.label not in seen]
    return links


def _pair(item) -> tuple[str | None, str | None]:
    if isinstance(item, tuple | list) and len(item) >= 2:
        return item[0], item[1]
    return getattr(item, "label", None), getattr(item, "href", None) or getattr(item, "url", None)
