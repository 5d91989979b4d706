"""Site content in, its sitemaps and ``robots.txt`` out: one sitemap, or above ``SITEMAP_LIMIT`` URLs an
index of one sitemap per journal (the journals' own written by their listing tasks).
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from ..collection import SiteContent
from . import urls

#: URLs one sitemap file may list (sitemaps.org); a bigger site gets a sitemap index, one per journal.
SITEMAP_LIMIT = 50_000


def url_count(content: SiteContent) -> int:
    """How many article URLs the content's sitemap lists (one per language of each article)."""
    return sum(len(a.summary.languages) or 1 for a in content.articles)


def listed(content: SiteContent) -> tuple:
    """What a sitemap shows of each article (its URL, languages and date), to be hashed."""
    return tuple(
        (urls.fulltext(a, s.language or ""), s.languages, repr(s.pub_date))
        for a, s in ((a, a.summary) for a in content.articles)
    )


def _robots(content: SiteContent) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {content.collection.base_url}sitemap.xml\n"


def robots_and_sitemap(content: SiteContent) -> list:
    return [("sitemap.xml", _pages().sitemap(content)), ("robots.txt", _robots(content))]


def robots_and_sitemap_index(content: SiteContent) -> list:
    """``sitemap.xml`` as an index of ``sitemap-collection.xml`` (home and journal pages) and one
    sitemap per journal (written by the journal's task)."""
    base = content.collection.base_url
    maps = ["sitemap-collection.xml"] + [
        f"{urls.journal_dir(j)}sitemap.xml" for j in content.journals
    ]
    body = "\n".join(
        f"<sitemap><loc>{xml_escape(urls.absolute(base, m))}</loc></sitemap>" for m in maps
    )
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</sitemapindex>\n'
    )
    own = SiteContent(content.collection, content.journals, (), ())
    return [
        ("sitemap.xml", index),
        ("sitemap-collection.xml", _pages().sitemap(own)),
        ("robots.txt", _robots(content)),
    ]


def _pages():
    """``render.pages`` (the sitemap template), imported when a sitemap is made."""
    from . import pages

    return pages
