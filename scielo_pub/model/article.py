"""A canonical SciELO PS (JATS) tree in, an Article record out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from .front import (
    read_abstract,
    read_affiliation,
    read_contributor,
    read_dates,
    read_funding,
    read_keyword_group,
    read_license,
)
from .references import read_reference
from .text import child_text, lang_of, path_text, text_of, to_int
from .types import Abstract, Article, Contributor, Counts, KeywordGroup, SubArticle

_SUPPL = re.compile(
    r"^(?P<number>.*?)\s*(?:suppl?(?:ement)?\.?|supl(?:emento)?\.?)\s*(?P<suppl>\S*)$", re.I
)
#: SciELO PID v2: ``S`` + ISSN + year + 4-digit issue order + 5-digit article order.
PID_V2 = re.compile(r"^S\d{4}-\d{3}[\dX]\d{4}\d{4}\d{5}$")
_COUNT_TAGS = {"fig": "fig", "table": "table-wrap", "equation": "disp-formula", "ref": "ref"}
#: Tags ``_scan`` stops at: a count key, or ``None`` for sub-articles.
_SCAN_TAGS: dict[str, str | None] = {tag: key for key, tag in _COUNT_TAGS.items()}
_SCAN_TAGS["sub-article"] = None


def article_from_tree(
    tree: etree._ElementTree | etree._Element, *, path: str | None = None
) -> Article:
    """Build the Article model from a SciELO PS tree (``article`` root)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    lang = lang_of(root)
    front = _child(root, "front")
    meta = _child(front, "article-meta") if front is not None else None
    jmeta = _child(front, "journal-meta") if front is not None else None
    if meta is None:
        meta = etree.Element("article-meta")
    subs, counts, refs = _scan(root)
    # a translation nested in another sub-article (a review) translates that, not the article
    translations = [
        s for s in subs if s.get("article-type") == "translation" and s.getparent() is root
    ]
    number, supplement = split_issue(child_text(meta, "issue"), child_text(meta, "supplement"))
    ids = _article_ids(meta)
    abstracts, other_abstracts = _abstracts(meta, translations, lang)
    return Article(
        pid=ids[0] or ids[4],
        pid_v3=ids[1],
        doi=ids[2],
        order=ids[3],
        article_type=root.get("article-type"),
        language=lang,
        dtd_version=root.get("dtd-version"),
        sps_version=root.get("specific-use"),
        section=_section(meta),
        titles=_titles(meta, translations, lang),
        contributors=_contributors(meta),
        affiliations=tuple(read_affiliation(a) for a in meta.iter("aff")),
        abstracts=abstracts,
        other_abstracts=other_abstracts,
        keyword_groups=_keyword_groups(meta, translations, lang),
        history=read_dates(_child(meta, "history"), "date", ("date-type",)),
        pub_dates=read_dates(meta, "pub-date", ("date-type", "pub-type")),
        journal_title=path_text(jmeta, "journal-title-group", "journal-title")
        or child_text(jmeta, "journal-title"),
        journal_abbrev_title=path_text(jmeta, "journal-title-group", "abbrev-journal-title")
        or child_text(jmeta, "abbrev-journal-title"),
        journal_acronym=_journal_acronym(jmeta),
        issn_print=_issn(jmeta, ("ppub", "print")),
        issn_electronic=_issn(jmeta, ("epub", "electronic")),
        publisher=path_text(jmeta, "publisher", "publisher-name"),
        volume=child_text(meta, "volume"),
        issue=number,
        supplement=supplement,
        fpage=child_text(meta, "fpage"),
        lpage=child_text(meta, "lpage"),
        elocation_id=child_text(meta, "elocation-id"),
        license=read_license(meta, lang),
        funding=read_funding(meta),
        declared_counts=_declared_counts(meta),
        counts=counts,
        sub_articles=tuple(_sub_article(s) for s in subs),
        references=tuple(map(read_reference, refs)),
        source_path=path,
    )


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain tag name, without the ElementPath machinery."""
    for child in el.iterchildren(tag):
        return child
    return None


def _grandchildren(el: etree._Element, parent: str, tag: str) -> Iterator[etree._Element]:
    """``el.iterfind("parent/tag")``."""
    for middle in el.iterchildren(parent):
        yield from middle.iterchildren(tag)


def _contributors(meta: etree._Element) -> tuple[Contributor, ...]:
    return tuple(map(read_contributor, _grandchildren(meta, "contrib-group", "contrib")))


def split_issue(issue: str | None, supplement: str | None = None) -> tuple[str | None, str | None]:
    """``"2 Suppl 1"`` -> ``("2", "1")``; ``"Suppl"`` -> ``(None, "0")``; plain numbers unchanged."""
    if issue is None:
        return None, supplement
    match = _SUPPL.match(issue)
    if not match:
        return issue, supplement
    number = match.group("number").strip() or None
    return number, supplement or match.group("suppl") or "0"


_ArticleIds = tuple["str | None", "str | None", "str | None", "str | None", "str | None"]


def _article_ids(meta: etree._Element) -> _ArticleIds:
    """Texts of the first ``article-id`` of each kind: PID v2, PID v3, DOI, order, PID-like publisher-id.

    An untyped publisher-id counts as the PID only when it has the PID v2 form.
    """
    found: list[etree._Element | None] = [None, None, None, None]
    publisher_pid = None
    for el in meta.iterchildren("article-id"):
        use, kind = el.get("specific-use"), el.get("pub-id-type")
        slot = _ID_USES.get(use)  # type: ignore[arg-type]
        if slot is not None and found[slot] is None:
            found[slot] = el
        slot = _ID_KINDS.get(kind)  # type: ignore[arg-type]
        if slot is not None and found[slot] is None:
            found[slot] = el
        if kind == "publisher-id" and use is None and publisher_pid is None:
            value = text_of(el)
            if value and PID_V2.match(value):
                publisher_pid = value
    v2, v3, doi, order = (text_of(el) for el in found)
    return v2, v3, doi, order, publisher_pid


_ID_USES = {"scielo-v2": 0, "scielo-v3": 1}
_ID_KINDS = {"doi": 2, "other": 3}


def _section(meta: etree._Element) -> str | None:
    """The heading subject (else the first subject) of ``article-categories``."""
    for cats in meta.iterchildren("article-categories"):
        for group in cats.iterchildren("subj-group"):
            if group.get("subj-group-type") == "heading":
                for subject in group.iterchildren("subject"):
                    value = text_of(subject)
                    return value or _first_subject(meta)
    return _first_subject(meta)


def _first_subject(meta: etree._Element) -> str | None:
    for cats in meta.iterchildren("article-categories"):
        for group in cats.iterchildren("subj-group"):
            for subject in group.iterchildren("subject"):
                return text_of(subject)
    return None


def _journal_acronym(jmeta: etree._Element | None) -> str | None:
    if jmeta is not None:
        for el in jmeta.iterchildren("journal-id"):
            if el.get("journal-id-type") == "publisher-id":
                return text_of(el)
    return None


def _issn(jmeta: etree._Element | None, kinds: tuple[str, ...]) -> str | None:
    if jmeta is None:
        return None
    for el in jmeta.iterchildren("issn"):
        if el.get("pub-type") in kinds or el.get("publication-format") in kinds:
            return text_of(el)
    return None


def _titles(meta: etree._Element, translations: list, lang: str | None) -> dict[str, str]:
    titles: dict[str, str] = {}
    main = path_text(meta, "title-group", "article-title")
    if main:
        titles[lang or ""] = main
    for group in _grandchildren(meta, "title-group", "trans-title-group"):
        title = child_text(group, "trans-title")
        tlang = lang_of(group) or lang_of(group.find("trans-title") or group)
        if title and tlang and tlang not in titles:
            titles[tlang] = title
    for sub in translations:
        title = path_text(_sub_meta(sub), "title-group", "article-title")
        slang = lang_of(sub)
        if title and slang:
            titles[slang] = title
    return titles


def _abstracts(meta, translations, lang) -> tuple[dict[str, Abstract], tuple[Abstract, ...]]:
    main: dict[str, Abstract] = {}
    other: list[Abstract] = []
    sources = [(meta, lang)] + [(_sub_meta(s), lang_of(s)) for s in translations]
    for parent, plang in sources:
        for el in parent.iterchildren("abstract"):
            _place(read_abstract(el, plang), main, other)
        for el in parent.iterchildren("trans-abstract"):
            _place(read_abstract(el, None), main, other)
    return main, tuple(other)


def _place(abstract: Abstract, main: dict[str, Abstract], other: list[Abstract]) -> None:
    if abstract.abstract_type in (None, "", "structured") and abstract.lang not in main:
        main[abstract.lang] = abstract
    else:
        other.append(abstract)


def _keyword_groups(meta, translations, lang) -> tuple[KeywordGroup, ...]:
    groups = [read_keyword_group(g, lang) for g in meta.iterchildren("kwd-group")]
    for sub in translations:
        groups += [
            read_keyword_group(g, lang_of(sub)) for g in _sub_meta(sub).iterchildren("kwd-group")
        ]
    return tuple(groups)


def _sub_meta(sub: etree._Element) -> etree._Element:
    for path in ("front-stub", "front/article-meta", "front"):
        found = sub.find(path)
        if found is not None:
            return found
    return etree.Element("front-stub")


def _sub_article(sub: etree._Element) -> SubArticle:
    meta = _sub_meta(sub)
    return SubArticle(
        id=sub.get("id"),
        article_type=sub.get("article-type"),
        lang=lang_of(sub),
        title=path_text(meta, "title-group", "article-title"),
        contributors=_contributors(meta),
        nested=sub.getparent() is None or sub.getparent().tag != "article",
    )


def _declared_counts(meta: etree._Element) -> Counts:
    counts = _child(meta, "counts")
    if counts is None:
        return Counts()

    def get(tag: str) -> int | None:
        el = counts.find(tag)
        return to_int(el.get("count")) if el is not None else None

    return Counts(
        fig=get("fig-count"),
        table=get("table-count"),
        equation=get("equation-count"),
        ref=get("ref-count"),
        page=get("page-count"),
    )


def _scan(root: etree._Element) -> tuple[list[etree._Element], Counts, list[etree._Element]]:
    """In one walk: every sub-article, ``actual_counts(root)`` and the refs of every ``ref-list`` of
    the main article (back matter and body sections), in document order."""
    subs: list[etree._Element] = []
    refs: list[etree._Element] = []
    found = dict.fromkeys(_COUNT_TAGS, 0)
    back = None
    for child in root:
        tag = child.tag
        if tag == "sub-article":
            subs.append(child)
            subs.extend(child.iterdescendants("sub-article"))
            continue
        if tag == "back" and back is None:
            back = child
            for el in child.iter(*_SCAN_TAGS):
                key = _SCAN_TAGS[el.tag]
                if key == "ref":
                    refs.append(el)
                    found["ref"] += 1
                elif key is None:
                    subs.append(el)
                else:
                    found[key] += 1
            continue
        for el in child.iter(*_SCAN_TAGS):
            key = _SCAN_TAGS[el.tag]
            if key is None:
                subs.append(el)
            else:
                found[key] += 1
                if key == "ref":  # a ref-list in a body section
                    refs.append(el)
    return subs, Counts(**found), refs


def actual_counts(root: etree._Element) -> Counts:
    """Figures, tables, display formulas and references of the main article (sub-articles excluded)."""
    found = dict.fromkeys(_COUNT_TAGS, 0)
    tag_to_key = {tag: key for key, tag in _COUNT_TAGS.items()}
    for child in root:
        if child.tag == "sub-article":
            continue
        for el in child.iter(*tag_to_key):
            found[tag_to_key[el.tag]] += 1
    return Counts(**found)
