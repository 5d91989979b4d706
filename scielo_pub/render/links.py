"""A cited reference and its accepted matches in, the links shown beside it out.

The links themselves ([SciELO], [LILACS], [PubMed], [DOI], Google Scholar) come from
``scielo_pub.citations.reference_links``; here every URL passes the same safe-scheme check as all other
hrefs of the site, and a reference that cannot be linked still renders (with no links).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..citations import reference_links as citation_links
from ..model import Reference
from ..sanitise import safe_href


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str


def reference_links(ref: Reference, matches: object | None = None) -> list[Link]:
    """Links for one reference; ``matches`` are the records the build's links stage accepted."""
    links = []
    for item in citation_links(ref, matches):
        href = safe_href(item.url)
        if href:
            links.append(Link(item.label, href))
    return links
