"""A published article in, one PDF per language out (WeasyPrint; formulas as SVG, local files only)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..collection import PublishedArticle, SiteContent
from . import pages, urls
from .pdf_engine import render_pdf
from .placement import print_body
from .view import ArticleView, article_view


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
