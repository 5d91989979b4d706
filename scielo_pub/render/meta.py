"""An article and its URLs in, machine-facing metadata out: Highwire ``citation_*``, Dublin Core, JSON-LD."""

from __future__ import annotations

import json

from ..model import Article, Journal
from .view import ArticleView


def _date(article: Article) -> str | None:
    date = article.pub_date
    return date.iso().replace("-", "/") if date else None


def highwire(
    view: ArticleView, lang: str, journal: Journal, page_urls: dict[str, str]
) -> list[tuple[str, str]]:
    """``(name, content)`` pairs for Google Scholar (Highwire Press tags), in the order it reads them."""
    a = view.article
    tags = [
        (
            "citation_title",
            view.versions[lang].title if lang in view.versions else a.titles.get(lang, ""),
        )
    ]
    affs = {aff_id: text for aff_id, _mark, text in view.affiliations}
    for contrib in a.authors:
        tags.append(("citation_author", _name(contrib)))
        tags += [
            ("citation_author_institution", affs[i]) for i in contrib.affiliation_ids if i in affs
        ]
        if contrib.orcid:
            tags.append(("citation_author_orcid", f"https://orcid.org/{contrib.orcid}"))
    optional = [
        ("citation_publication_date", _date(a)),
        ("citation_journal_title", a.journal_title or journal.title),
        ("citation_journal_abbrev", a.journal_abbrev_title or journal.abbrev_title),
        ("citation_issn", a.issn_electronic or journal.issn_electronic),
        ("citation_issn", a.issn_print or journal.issn_print),
        ("citation_publisher", a.publisher or journal.publisher),
        ("citation_volume", a.volume),
        ("citation_issue", a.issue),
        ("citation_firstpage", a.fpage or a.elocation_id),
        ("citation_lastpage", a.lpage),
        ("citation_doi", a.doi),
        ("citation_language", lang),
        ("citation_keywords", "; ".join(a.keywords.get(lang, ()))),
        ("citation_abstract_html_url", page_urls.get("abstract")),
        ("citation_fulltext_html_url", page_urls.get("fulltext")),
        ("citation_pdf_url", page_urls.get("pdf")),
        ("citation_xml_url", page_urls.get("xml")),
    ]
    tags += [(k, v) for k, v in optional if v]
    tags.append(("citation_fulltext_world_readable", ""))
    tags += [("citation_reference", _reference(r)) for r in a.references]
    return tags


def _name(contrib) -> str:
    if contrib.collab:
        return contrib.collab
    return ", ".join(p for p in (contrib.surname, contrib.given_names) if p)


def _reference(ref) -> str:
    parts = []
    for author in ref.authors:
        parts.append(f"citation_author={author.surname or author.collab or ''}")
    for key, value in (
        ("citation_title", ref.article_title or ref.chapter_title),
        ("citation_journal_title", ref.source),
        ("citation_publication_date", ref.year),
        ("citation_volume", ref.volume),
        ("citation_firstpage", ref.fpage),
        ("citation_lastpage", ref.lpage),
        ("citation_doi", ref.doi),
    ):
        if value:
            parts.append(f"{key}={value}")
    return "; ".join(parts) or (ref.mixed_citation or "")


def dublin_core(view: ArticleView, lang: str, journal: Journal, url: str) -> list[tuple[str, str]]:
    """``DC.*`` meta tags."""
    a = view.article
    tags = [
        ("DC.title", view.versions[lang].title if lang in view.versions else a.titles.get(lang, ""))
    ]
    tags += [("DC.creator", _name(c)) for c in a.authors]
    abstract = a.abstracts.get(lang)
    optional = [
        ("DC.description", abstract.text if abstract else None),
        ("DC.subject", "; ".join(a.keywords.get(lang, ()))),
        ("DC.publisher", a.publisher or journal.publisher),
        ("DC.date", a.pub_date.iso() if a.pub_date else None),
        ("DC.type", "Text.Serial.Journal"),
        ("DC.format", "text/html"),
        ("DC.identifier", f"https://doi.org/{a.doi}" if a.doi else url),
        ("DC.source", a.journal_title or journal.title),
        ("DC.language", lang),
        ("DC.rights", a.license.url if a.license else journal.license),
    ]
    return tags + [(k, v) for k, v in optional if v]


def json_ld(view: ArticleView, lang: str, journal: Journal, url: str, pdf_url: str | None) -> str:
    """A schema.org ``ScholarlyArticle`` as JSON-LD (safe to put inside ``<script>``)."""
    a = view.article
    affs = {aff_id: text for aff_id, _mark, text in view.affiliations}
    data: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": view.versions[lang].title if lang in view.versions else a.titles.get(lang, ""),
        "inLanguage": lang,
        "url": url,
        "author": [_person(c, affs) for c in a.authors],
        "isPartOf": _issue_node(a, journal),
    }
    optional = {
        "datePublished": a.pub_date.iso() if a.pub_date else None,
        "identifier": f"https://doi.org/{a.doi}" if a.doi else None,
        "sameAs": f"https://doi.org/{a.doi}" if a.doi else None,
        "pageStart": a.fpage,
        "pageEnd": a.lpage,
        "keywords": list(a.keywords.get(lang, ())) or None,
        "abstract": a.abstracts[lang].text if lang in a.abstracts else None,
        "license": a.license.url if a.license else journal.license,
        "publisher": {"@type": "Organization", "name": a.publisher or journal.publisher}
        if (a.publisher or journal.publisher)
        else None,
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": pdf_url,
        }
        if pdf_url
        else None,
    }
    data.update({k: v for k, v in optional.items() if v})
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _person(contrib, affs: dict[str, str]) -> dict:
    if contrib.collab:
        return {"@type": "Organization", "name": contrib.collab}
    node: dict = {"@type": "Person", "name": contrib.display_name}
    if contrib.surname:
        node["familyName"] = contrib.surname
    if contrib.given_names:
        node["givenName"] = contrib.given_names
    if contrib.orcid:
        node["identifier"] = f"https://orcid.org/{contrib.orcid}"
    inst = [affs[i] for i in contrib.affiliation_ids if i in affs]
    if inst:
        node["affiliation"] = [{"@type": "Organization", "name": name} for name in inst]
    return node


def _issue_node(a: Article, journal: Journal) -> dict:
    periodical = {"@type": "Periodical", "name": a.journal_title or journal.title}
    issn = [
        i
        for i in (a.issn_print or journal.issn_print, a.issn_electronic or journal.issn_electronic)
        if i
    ]
    if issn:
        periodical["issn"] = issn
    node: dict = {"@type": "PublicationIssue", "isPartOf": periodical}
    if a.issue:
        node["issueNumber"] = a.issue
    if a.volume:
        node = (
            {"@type": "PublicationVolume", "volumeNumber": a.volume, "isPartOf": periodical}
            if not a.issue
            else {
                **node,
                "isPartOf": {
                    "@type": "PublicationVolume",
                    "volumeNumber": a.volume,
                    "isPartOf": periodical,
                },
            }
        )
    return node
