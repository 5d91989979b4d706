"""A SciELO Markup document in, the metadata it states out, read with OpenSP and plain XPath.

Independent of scielo_pub's parser and converter: these are the expected values the converted
article's model must show (tests/convert/test_demo_sgml.py).
"""

from __future__ import annotations

from .opensp import osx_tree

#: SciELO Markup doctopic codes -> JATS article-type (SciELO's tag documentation)
DOCTOPIC = {"oa": "research-article", "ra": "review-article", "ed": "editorial", "le": "letter",
            "cr": "case-report", "sc": "rapid-communication", "rc": "book-review"}  # fmt: skip


def _t(node) -> str | None:
    if node is None:
        return None
    text = " ".join("".join(node.itertext()).split())
    return text or None


def _date(iso: str | None) -> list[int | None] | None:
    if not iso or iso[:4] == "0000":
        return None
    month, day = int(iso[4:6] or 0), int(iso[6:8] or 0)
    return [int(iso[:4]), month or None, day or None]


def facts(data: bytes, encoding: str) -> dict:
    """The metadata of one Markup article (``[article]`` document element)."""
    root = osx_tree(data, doctype="article", encoding=encoding)
    front = root.find("front")
    lang = root.get("language")
    return {
        "pid": root.get("pii"),
        "doi": _t(front.find("doi")),
        "order": root.get("order").zfill(5),
        "article_type": DOCTOPIC.get(root.get("doctopic")),
        "language": lang,
        "section": _t(front.find("toctitle")),
        "titles": {t.get("language"): _t(t) for t in front.findall("titlegrp/title")},
        "contributors": [_author(a) for a in front.findall("authgrp/author")],
        "affiliations": [_aff(a) for a in root.iter("aff") if not _in_subart(a)],
        "keywords": _keywords(front),
        "history": {d.tag: _date(d.get("dateiso")) for d in front.iterfind("bibcom/hist/*")},
        "pub_dates": {"pub": _date(root.get("artdate")), "collection": _date(root.get("dateiso"))[:2] + [None]},
        "volume": root.get("volid"),
        "issue": root.get("issueno"),
        **_pages(root.get("fpage"), root.get("lpage")),
        "license": [lic.get("href") for lic in root.iterfind("back/licenses/license")][:1],
        "funding": [[_t(a.find("fundsrc")), [_t(c) for c in a.findall("contract")]] for a in root.iter("award")],
        "references": [_reference(c) for c in root.iter("vcitat", "acitat")],
    }  # fmt: skip


def _pages(fpage: str | None, lpage: str | None) -> dict:
    """An article number (e00203) stands in fpage when the article has no pages."""
    if fpage and fpage[:1].isalpha():
        return {"fpage": None, "lpage": None, "elocation_id": fpage}
    return {"fpage": fpage, "lpage": lpage, "elocation_id": None}


def _in_subart(node) -> bool:
    return any(a.tag == "subart" for a in node.iterancestors())


def _author(node) -> list:
    rids = (node.get("rid") or "").split()
    return [_t(node.find("surname")), _t(node.find("fname")), _t(node.find("ctrbid")), rids]


def _aff(node) -> list:
    divisions = [node.get(k) for k in ("orgdiv1", "orgdiv2", "orgdiv3") if node.get(k)]
    return [node.get("id"), _t(node.find("label")), node.get("orgname"), divisions,
            _t(node.find("city")), _t(node.find("state")), _t(node.find("country"))]  # fmt: skip


def _keywords(front) -> dict:
    groups: dict[str, list[str]] = {}
    for kwd in front.iterfind("bibcom/keygrp/keyword"):
        groups.setdefault(kwd.get("language"), []).append(_t(kwd))
    return groups


def _reference(cit) -> list:
    people = [_t(a.find("surname")) or _t(a) for a in cit.iter("author", "corpauth")]
    date = cit.find(".//date")
    year = (date.get("dateiso") or "")[:4] if date is not None else None
    return [_t(cit.find("no")), [p.casefold() for p in people if p], year or None,
            _t(cit.find(".//volid")), _t(cit.find(".//issueno")), _t(cit.find(".//doi"))]  # fmt: skip


def model_facts(article) -> dict:
    """The same facts read from a scielo_pub Article model."""

    def date(d):
        return [d.year, d.month, d.day] if d else None

    return {
        "pid": article.pid, "doi": article.doi, "order": article.order,
        "article_type": article.article_type, "language": article.language,
        "section": article.section, "titles": dict(article.titles),
        "contributors": [[c.surname, c.given_names, c.orcid, list(c.affiliation_ids)] for c in article.contributors],
        "affiliations": [[a.id, a.label, a.institution, list(a.divisions), a.city, a.state, a.country]
                         for a in article.affiliations],
        "keywords": {g.lang: list(g.keywords) for g in article.keyword_groups},
        "history": {k: date(v) for k, v in article.history.items()},
        "pub_dates": {k: date(v) for k, v in article.pub_dates.items()},
        "volume": article.volume, "issue": article.issue, "fpage": article.fpage, "lpage": article.lpage, "elocation_id": article.elocation_id,
        "license": [article.license.url] if article.license else [],
        "funding": [[f.source, list(f.award_ids)] for f in article.funding],
        "references": [[r.label, [(a.surname or a.collab or "").casefold() for a in (*r.authors, *r.editors)],
                        r.year, r.volume, r.issue, r.doi] for r in article.references],
    }  # fmt: skip
