"""A published article in, one PDF per language out (WeasyPrint; formulas as SVG, local files only)."""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import lru_cache
from pathlib import Path

from ..collection import PublishedArticle, SiteContent
from . import pages, urls
from .placement import print_body
from .view import ArticleView, article_view

_STATIC = Path(__file__).resolve().parent / "static"
_TAGS = re.compile(r"<[^>]+>")
#: PDF/UA-1: tagged structure, document language and title shown; costs about 5% more time.
PDF_VARIANT: str | None = "pdf/ua-1"


@lru_cache(maxsize=1)
def weasyprint():
    """The ``weasyprint`` module, imported on first use without ctypes' library search.

    WeasyPrint tries several names per C library; each name that fails costs a ``gcc`` and an
    ``ldconfig`` run in ``ctypes.util.find_library`` (about half a second in all). Its lists end
    with the exact sonames, which load without a search, so the search is switched off for the
    import; if the libraries cannot be found that way, the import is retried with it.
    """
    import ctypes.util
    import importlib
    import sys

    if "weasyprint" not in sys.modules:
        real = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            importlib.import_module("weasyprint")
        except OSError:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = real
    return importlib.import_module("weasyprint")


@lru_cache(maxsize=1)
def _stylesheet():
    return weasyprint().CSS(filename=str(_STATIC / "pdf.css"))


def local_fetcher():
    """A fetcher for ``file:`` and ``data:`` URLs only: a PDF build never touches the network."""
    weasyprint()
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, timeout=5)


def pdf_html(view: ArticleView, content: SiteContent, lang: str, cites: dict[str, str]) -> str:
    """The print HTML of one language version (same data as the site pages)."""
    item, a = view.item, view.article
    ctx = pages.article_common(view, content, lang, urls.pdf(item, lang), pdf=True)
    t = ctx["t"]
    v = ctx["v"] = dataclasses.replace(ctx["v"], body=print_body(ctx["v"].body))
    history = [
        (t.get(k, k), d.iso())
        for k, d in sorted(a.history.items(), key=lambda kv: kv[1].sort_key())
    ]
    if a.pub_date:
        history.append((t["published"], a.pub_date.iso()))
    journal = item.source.journal
    issue_line = ", ".join(
        p for p in (pages.issue_label(item.source.issue, ctx["lang"]), _year(a), _pages(t, a)) if p
    )
    abstract = a.abstracts.get(lang)
    ctx.update(
        history=history,
        issue_line=issue_line,
        journal_line=f"{a.journal_abbrev_title or journal.abbrev_title or journal.title} {issue_line}",
        short_title=_short(v.title, view),
        cite_line=cites.get("ABNT" if lang == "pt" else "Vancouver")
        or next(iter(cites.values()), ""),
        subject=abstract.text[:500] if abstract else v.title,
        keywords=", ".join(a.keywords.get(lang, ())),
        date=a.pub_date.iso() if a.pub_date else None,
        license_url=a.license.url if a.license else journal.license,
        back_heading={kind: t[pages._BACK_KINDS.get(kind, "notes")] for kind, _h, _c in v.back},
    )
    return pages.environment(pdf=True).get_template("pdf.html").render(ctx)


def _year(a) -> str | None:
    return str(a.pub_date.year) if a.pub_date else None


def _pages(t: dict, a) -> str | None:
    span = pages.pages_of(a)
    return f"{t['pages']} {span}" if span else None


def _short(title: str, view: ArticleView) -> str:
    names = [author.name.split() for author in view.authors]
    first = names[0][-1] if names and names[0] else ""
    suffix = " et al." if len(view.authors) > 2 else ""
    short = title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
    return f"{first}{suffix} · {short}" if first else short


def render_pdf(html: str, base: Path) -> bytes:
    """WeasyPrint the print HTML; relative figure paths resolve in the article's folder."""
    return render_pdf_counted(html, base)[0]


def render_pdf_counted(html: str, base: Path) -> tuple[bytes, int]:
    """The PDF bytes and its number of pages."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = (
        weasyprint()
        .HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=local_fetcher())
        .render(stylesheets=[_stylesheet()])
    )
    options = {"pdf_variant": PDF_VARIANT} if PDF_VARIANT else {}
    return document.write_pdf(**options), len(document.pages)


def warm_up(math: bool = True) -> None:
    """Load fonts, the print stylesheet and (``math``) the math fonts once, before workers fork."""
    from . import math as fmath

    if math:
        fmath.svg_uri(f'<math xmlns="{fmath.MML_NS}"><mi>x</mi></math>')  # not cached: loads fonts
    html = '<html lang="en"><body><h1>a</h1><p>b <i>c</i> <b>d</b></p><table><tr><td>e</td></tr></table></body></html>'
    render_pdf(html, _STATIC)


def print_sources(
    item: PublishedArticle, content: SiteContent, cites: dict[str, str]
) -> list[tuple[str, str, Path]]:
    """``(site path, print HTML, folder its figures are in)`` for every language version."""
    view = article_view(item, mode="pdf", links=False)
    base = item.source.issue.path or item.source.path.parent
    return [
        (urls.pdf(item, lang), pdf_html(view, content, lang, cites), base) for lang in view.versions
    ]


def article_pdfs(item: PublishedArticle, content: SiteContent, cites: dict[str, str]):
    """``(site path, PDF bytes)`` for every language version of the article."""
    for rel, html, base in print_sources(item, content, cites):
        yield rel, render_pdf(html, base)
