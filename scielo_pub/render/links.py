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


def reference_links(
    ref: Reference, matches: object | None = None, site_root: str = ""
) -> list[Link]:
    """Links for one reference; ``matches`` are the records the build's links stage accepted;
    ``site_root`` leads from the page to the site root (links to the collection's own pages)."""
    links = []
    for item in citation_links(ref, matches, site_base=site_root):
        href = safe_href(item.url)
        if href:
            links.append(Link(item.label, href))
    return links
