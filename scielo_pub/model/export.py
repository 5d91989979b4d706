"""Article records in, JSON-ready dicts out: the stable schema of ``scielo-pub inspect --json``.

The schema is documented in docs/INSPECT_JSON.md; keys use JATS names and absent values are ``null``.
Adding keys is allowed; renaming or removing one is a breaking change.
"""

from __future__ import annotations

from .types import Article, Reference

SCHEMA_VERSION = 1


def article_to_json(article: Article) -> dict:
    """The article as the documented ``inspect --json`` object."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": article.source_path,
        "pid": article.pid,
        "pid_v3": article.pid_v3,
        "doi": article.doi,
        "order": article.order,
        "article_type": article.article_type,
        "language": article.language,
        "section": article.section,
        "titles": dict(article.titles),
        "contributors": [_contributor(c) for c in article.contributors],
        "affiliations": [_affiliation(a) for a in article.affiliations],
        "abstracts": {lang: a.text for lang, a in article.abstracts.items()},
        "abstract_sections": {
            lang: [{"title": s.title, "text": s.text} for s in a.sections]
            for lang, a in article.abstracts.items()
        },
        "keywords": {lang: list(kws) for lang, kws in article.keywords.items()},
        "history": {kind: d.iso() for kind, d in article.history.items()},
        "pub_date": article.pub_date.iso() if article.pub_date else None,
        "journal_title": article.journal_title,
        "issn": article.issn,
        "issn_print": article.issn_print,
        "issn_electronic": article.issn_electronic,
        "volume": article.volume,
        "issue": article.issue,
        "supplement": article.supplement,
        "fpage": article.fpage,
        "lpage": article.lpage,
        "elocation_id": article.elocation_id,
        "license": article.license.url if article.license else None,
        "funding": [{"source": f.source, "award_ids": list(f.award_ids)} for f in article.funding],
        "translations": list(article.translations),
        "sub_articles": [
            {"id": s.id, "article_type": s.article_type, "lang": s.lang, "title": s.title}
            for s in article.sub_articles
        ],
        "counts": _counts(article),
        "declared_counts": _declared(article),
        "references": [reference_to_json(r) for r in article.references],
    }


def _contributor(c) -> dict:
    return {
        "surname": c.surname,
        "given_names": c.given_names,
        "collab": c.collab,
        "role": c.role,
        "orcid": c.orcid,
        "affiliation_ids": list(c.affiliation_ids),
        "corresponding": c.corresponding,
    }


def _affiliation(a) -> dict:
    return {
        "id": a.id,
        "institution": a.institution,
        "divisions": list(a.divisions),
        "city": a.city,
        "state": a.state,
        "country": a.country,
        "country_code": a.country_code,
    }


def _counts(article: Article) -> dict:
    c = article.counts
    return {
        "fig": c.fig,
        "table": c.table,
        "equation": c.equation,
        "ref": c.ref,
        "contrib": len(article.contributors),
        "aff": len(article.affiliations),
        "abstract": len(article.abstracts),
        "kwd": sum(len(g.keywords) for g in article.keyword_groups),
    }


def _declared(article: Article) -> dict:
    c = article.declared_counts
    return {"fig": c.fig, "table": c.table, "equation": c.equation, "ref": c.ref, "page": c.page}


def reference_to_json(ref: Reference) -> dict:
    """A reference with the field names shared by ``inspect --json`` and ``refs parse``."""
    return {
        "id": ref.id,
        "label": ref.label,
        "publication_type": ref.publication_type,
        "authors": [
            {
                "surname": a.surname,
                "given_names": a.given_names,
                **({"collab": a.collab} if a.collab else {}),
            }
            for a in ref.authors
        ],
        "article_title": ref.article_title,
        "chapter_title": ref.chapter_title,
        "source": ref.source,
        "year": ref.year,
        "volume": ref.volume,
        "issue": ref.issue,
        "fpage": ref.fpage,
        "lpage": ref.lpage,
        "elocation_id": ref.elocation_id,
        "edition": ref.edition,
        "publisher_name": ref.publisher_name,
        "publisher_loc": ref.publisher_loc,
        "doi": ref.doi,
        "pmid": ref.pmid,
        "url": ref.url,
        "mixed_citation": ref.mixed_citation,
    }
