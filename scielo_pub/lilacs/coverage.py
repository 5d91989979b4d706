"""An article and its LILACS record in, why each core field the record lacks is missing out.

The core fields of an analytic record (v10/v11 authors, v12 title, v14 pages, v30 journal, v35 ISSN,
v40 language, v65 date) are filled from whatever the article and its journal hold; when one is still
absent the article really lacks it, and the export report says what is missing in the source. For a
cited reference (``v706=c``) the report says when only the printed form (v704) can carry it, or which
of authors, title or source, and year the reference does not tag.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Article, Reference
from .isis import IsisRecord
from .mapping import ArticleContext, given
from .rules import Finding

#: Core tags, each with what a cataloguer is told when it is absent.
CORE = (10, 12, 14, 30, 35, 40, 65)


def missing_fields(ctx: ArticleContext, record: IsisRecord) -> list[Finding]:
    """One finding (rule ``missing``) per core field absent from ``record``, with its cause."""
    present = set(record.tags())
    a = ctx.article
    out = []
    for tag in CORE:
        if tag in present or (tag == 10 and 11 in present):
            continue
        out.append(Finding("missing", tag, f"v{tag} is missing: {_REASONS[tag](ctx, a)}"))
    return out


def _authors(ctx: ArticleContext, a: Article) -> str:
    if not a.contributors:
        return "the article names no contributor (article-meta has no contrib)"
    if all(c.anonymous for c in a.authors) and a.authors:
        return "the only authors are anonymous (<anonymous/>)"
    roles = sorted({c.role for c in a.contributors})
    if not a.authors:
        return f"no contributor is an author (contrib-type: {', '.join(roles)})"
    return "the authors carry neither a name nor a collab"


def _title(ctx: ArticleContext, a: Article) -> str:
    return "the article has no article-title and no trans-title"


def _pages(ctx: ArticleContext, a: Article) -> str:
    if a.fpage and not given(a.fpage):
        return f"fpage is the ahead-of-print placeholder '{a.fpage}' and there is no elocation-id"
    return "the article has neither fpage nor elocation-id (unpaginated or ahead of print)"


def _journal(ctx: ArticleContext, a: Article) -> str:
    return "neither the journal record nor journal-meta gives a journal title"


def _issn(ctx: ArticleContext, a: Article) -> str:
    return "neither the journal record nor journal-meta gives an ISSN (print or electronic)"


def _language(ctx: ArticleContext, a: Article) -> str:
    return "the article has no xml:lang and its titles name no language"


def _date(ctx: ArticleContext, a: Article) -> str:
    if a.history:
        return "article-meta has no pub-date with a year (only history dates, which are not publication)"
    return "article-meta has no pub-date with a year and the issue gives none"


_REASONS = {10: _authors, 12: _title, 14: _pages, 30: _journal, 35: _issn, 40: _language, 65: _date}


def reference_notes(ctx: ArticleContext) -> Iterator[tuple[Reference, str]]:
    """Why citation records (``v706=c``) lack a core field: no structure at all, or no authors,
    no title or source, no year tagged in the reference."""
    for ref in ctx.article.references:
        name = ref.id or "?"
        structured = ref.authors or ref.article_title or ref.chapter_title or ref.source or ref.year
        if not structured:
            yield (
                ref,
                (
                    f"reference {name} has no structured citation (element-citation):"
                    " its record (v706=c) carries only the printed form (v704)"
                ),
            )
            continue
        missing = [
            what
            for what, present in (
                ("authors (v10/v11/v16/v17)", ref.authors or ref.editors),
                (
                    "title or source (v12/v18/v30)",
                    ref.article_title or ref.chapter_title or ref.source,
                ),
                ("year (v64/v65)", ref.year),
            )
            if not present
        ]
        if missing:
            yield (
                ref,
                (
                    f"reference {name}: its record (v706=c) has no {', no '.join(missing)}:"
                    " the reference does not tag them"
                ),
            )
