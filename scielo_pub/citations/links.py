"""References and their matches in, reader links and the collection's citation graph out.

``reference_links`` gives [SciELO], [LILACS], [PubMed], [DOI] and a Google Scholar search for one
reference; ``build_citation_graph`` matches every reference of the collection's articles and stores
accepted links; ``cited_by`` lists the collection's articles that cite one article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .db import BiblioDB, Record
from .match import Candidate, Matcher, MatchResult
from .parse import parse

LILACS_URL = "https://pesquisa.bvsalud.org/portal/resource/pt/lil-{id}"
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
DOI_URL = "https://doi.org/{doi}"
SCHOLAR_URL = "https://scholar.google.com/scholar?"
ORDER = ("SciELO", "LILACS", "PubMed", "DOI", "Google Scholar")


@dataclass(frozen=True, slots=True)
class Link:
    """One link shown beside a reference."""

    label: str
    url: str

    @property
    def href(self) -> str:
        return self.url


@dataclass(frozen=True, slots=True)
class CitedBy:
    """One article of the collection citing another, through one of its references."""

    citing_pid: str
    ref_id: str
    score: float
    title: str | None
    url: str


def _get(ref: Any, key: str) -> Any:
    return ref.get(key) if isinstance(ref, Mapping) else getattr(ref, key, None)


def _accepted(ref: Any, matches: Any) -> list[Record]:
    """Accepted records from whatever the caller has: a result, a db to match in, records."""
    if matches is None:
        return []
    if isinstance(matches, BiblioDB):
        matches = Matcher(matches).match(ref)
    if isinstance(matches, Matcher):
        matches = matches.match(ref)
    if isinstance(matches, MatchResult):
        return [c.record for c in matches.accepted.values()]
    if isinstance(matches, Mapping):
        matches = matches.values()
    out = []
    for item in matches:
        if isinstance(item, Candidate):
            if item.accepted:
                out.append(item.record)
        elif isinstance(item, Record):
            out.append(item)
    return out


def reference_links(reference: Any, matches: Any = None, site_base: str = "") -> list[Link]:
    """Links for one reference (a parse dict or a model ``Reference``) and its matches.

    ``matches`` may be a :class:`MatchResult`, a :class:`BiblioDB` or :class:`Matcher` (the reference
    is matched on the spot), a mapping or list of records/candidates, or None (own fields only).
    ``site_base`` prefixes the collection's by-PID page (``pid/<PID>.html``).
    """
    links: dict[str, str] = {}
    for rec in _accepted(reference, matches):
        if rec.db == "scielo":
            links.setdefault("SciELO", f"{site_base}pid/{quote(rec.ext_id, safe='')}.html")
        elif rec.db == "lilacs":
            links.setdefault("LILACS", LILACS_URL.format(id=quote(rec.ext_id, safe="")))
        if rec.pmid:
            links.setdefault("PubMed", PUBMED_URL.format(pmid=quote(rec.pmid, safe="")))
        if rec.doi:
            links.setdefault("DOI", DOI_URL.format(doi=quote(rec.doi, safe="/:;()._-")))
    own_doi, own_pmid = _get(reference, "doi"), _get(reference, "pmid")
    if own_doi:
        links.setdefault("DOI", DOI_URL.format(doi=quote(own_doi.strip(), safe="/:;()._-")))
    if own_pmid and str(own_pmid).strip().isdigit():
        links.setdefault("PubMed", PUBMED_URL.format(pmid=str(own_pmid).strip()))
    scholar = _scholar(reference)
    if scholar:
        links["Google Scholar"] = scholar
    return [Link(label, links[label]) for label in ORDER if label in links]


def _scholar(reference: Any) -> str | None:
    title = (
        _get(reference, "article_title")
        or _get(reference, "chapter_title")
        or _get(reference, "source")
    )
    if not title:
        return None
    words = [f'"{title}"']
    authors = _get(reference, "authors") or []
    if authors:
        first = authors[0]
        name = _get(first, "surname") or _get(first, "collab")
        if name:
            words.append(f"author:{name.split()[-1]}" if " " not in name else name)
    return SCHOLAR_URL + urlencode({"q": " ".join(words)})


# -- the collection's citation graph ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphStats:
    articles: int
    references: int
    linked: int


FILLABLE = (
    "publication_type", "article_title", "chapter_title", "source", "year", "volume", "issue",
    "fpage", "lpage", "elocation_id", "doi", "pmid", "edition", "publisher_name", "publisher_loc",
    "url",
)  # fmt: skip


def complete_reference(ref: Any) -> dict:
    """Fields from the markup first; what the markup lacks comes from parsing the printed string.

    For SGML ``[ocitat]`` text, a ``mixed-citation`` alone or Markup output with few tags."""
    out = {key: _get(ref, key) for key in ("id", "mixed_citation", *FILLABLE)}
    authors = _get(ref, "authors") or []
    out["authors"] = [
        a
        if isinstance(a, Mapping)
        else {
            k: v
            for k, v in (
                ("surname", a.surname),
                ("given_names", a.given_names),
                ("collab", a.collab),
            )
            if v
        }
        for a in authors
    ]
    printed = out["mixed_citation"]
    if not printed or all(out[k] for k in ("source", "year")) and out["authors"]:
        return out
    parsed = parse(printed, out["id"])
    for key in FILLABLE:
        if not out[key] and parsed.get(key):
            out[key] = parsed[key]
    if not out["authors"]:
        out["authors"] = parsed["authors"]
    return out


def build_citation_graph(
    db: BiblioDB, articles: Iterable[Any], threshold: float = 0.8
) -> GraphStats:
    """Index the articles, match all their references and store every accepted link."""
    from .collection_links import link_collection  # it builds on this module

    return link_collection(list(articles), db, threshold=threshold).stats


def cited_by(db: BiblioDB, article_pid: str, site_base: str = "") -> list[CitedBy]:
    """The collection's articles that cite ``article_pid``, in PID order, one entry per article."""
    out: dict[str, CitedBy] = {}
    for citing, ref_id, score in db.citing("scielo", article_pid):
        if citing in out:
            continue
        rec = db.get("scielo", citing)
        url = f"{site_base}pid/{quote(citing, safe='')}.html"
        out[citing] = CitedBy(citing, ref_id, score, rec.title if rec else None, url)
    return list(out.values())
