"""Site records in, the site's paths out: one place that decides every URL of the built site.

Paths are relative to the site root and use ``/``; pages link to each other with ``root`` prefixes
(``../`` per folder level), so a built site works from any base URL and from ``file://``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from ..collection import PublishedArticle
from ..model import Issue, Journal


def lang_page(folder: str, ilang: str, default: str) -> str:
    """``index.html`` in the default interface language, ``index.<lang>.html`` in the others."""
    name = "index.html" if ilang == default else f"index.{ilang}.html"
    return f"{folder}{name}"


def journal_dir(journal: Journal | str) -> str:
    acronym = journal if isinstance(journal, str) else journal.acronym
    return f"j/{acronym}/"


def issue_dir(issue: Issue) -> str:
    return f"j/{issue.journal_acronym}/{issue.folder}/"


def article_dir(item: PublishedArticle) -> str:
    src = item.source
    return f"j/{src.journal.acronym}/{src.issue.folder}/{src.path.stem}/"


def fulltext(item: PublishedArticle, lang: str) -> str:
    return f"{article_dir(item)}{lang}.html"


def abstract(item: PublishedArticle, lang: str) -> str:
    return f"{article_dir(item)}abstract.{lang}.html"


def pdf(item: PublishedArticle, lang: str) -> str:
    return f"{article_dir(item)}{item.source.path.stem}-{lang}.pdf"


def download(item: PublishedArticle, suffix: str) -> str:
    """The XML, RIS, BibTeX or LILACS file of the article (``suffix`` like ``.ris``)."""
    return f"{article_dir(item)}{item.source.path.stem}{suffix}"


def asset(item: PublishedArticle, name: str) -> str:
    """A figure or supplementary file, copied once per issue."""
    return f"j/{item.source.journal.acronym}/{item.source.issue.folder}/files/{name}"


def journal_text(journal: Journal, slug: str) -> str:
    """The folder of a journal page (``about``, ``editorial-board``, ``instructions``)."""
    return f"{journal_dir(journal)}{slug}/"


def journal_logo(journal: Journal) -> str | None:
    """Where the journal's logo is copied (its own file name's ending), or ``None`` without one."""
    if (
        not journal.logo
        or "/" in journal.logo
        or "\\" in journal.logo
        or journal.logo.startswith(".")
    ):
        return None  # a file beside journal.toml, by its name only
    suffix = posixpath.splitext(journal.logo)[1].lower()
    return (
        f"{journal_dir(journal)}logo{suffix}"
        if suffix in (".png", ".jpg", ".jpeg", ".webp")  # no SVG: it could carry script
        else None
    )


def feed(journal: Journal) -> str:
    return f"{journal_dir(journal)}feed.atom"


def search_page(lang: str, default: str) -> str:
    """The static search page (``search/index.html``), which the served app answers dynamically."""
    return lang_page("search/", lang, default)


def citation_stats(journal: Journal, lang: str, default: str) -> str:
    """A journal's citation-statistics page (written by the build from the store, answered by the
    served app at the same path; see ``indicators.pages``)."""
    return lang_page(f"stats/citations/{journal.acronym}/", lang, default)


def by_pid(pid: str) -> str:
    return f"pid/{quote(pid, safe='')}.html"


def by_doi(doi: str) -> str:
    """``doi/10.1590/x.y.html``: the DOI's own slashes become folders."""
    return (
        "doi/" + "/".join(quote(part, safe="") or "_" for part in doi.lower().split("/")) + ".html"
    )


def root_of(path: str) -> str:
    """The relative prefix that leads from the page at ``path`` back to the site root."""
    return "../" * path.count("/")


def relative(from_page: str, to: str) -> str:
    """A link from the page ``from_page`` to the site path ``to``."""
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


def absolute(base_url: str, path: str) -> str:
    """The canonical URL of a site path."""
    return base_url + path
