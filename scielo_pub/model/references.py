"""JATS ``ref`` elements in, Reference records out (structured fields plus the printed form)."""

from __future__ import annotations

from lxml import etree

from .text import XLINK_HREF, plain_text, squash, text_of
from .types import RefAuthor, Reference

#: The citation tags ``read_reference`` looks for below a ``ref``.
_CITATIONS = ("mixed-citation", "element-citation", "citation")
#: Leaf fields of a citation: tag -> slot in the list of first children.
_SLOTS = {
    tag: n
    for n, tag in enumerate(
        (
            "article-title", "chapter-title", "part-title", "source", "year", "date", "volume",
            "issue", "fpage", "lpage", "elocation-id", "edition", "publisher-name",
            "publisher-loc", "date-in-citation", "access-date", "comment",
        )
    )
}  # fmt: skip
(_ARTICLE_TITLE, _CHAPTER_TITLE, _PART_TITLE, _SOURCE, _YEAR, _DATE, _VOLUME, _ISSUE, _FPAGE,
 _LPAGE, _ELOCATION, _EDITION, _PUB_NAME, _PUB_LOC, _DATE_IN_CIT, _ACCESS_DATE, _COMMENT) = range(
    len(_SLOTS)
)  # fmt: skip
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:")


def read_reference(ref: etree._Element) -> Reference:
    """One ``ref``: fields from ``element-citation`` (else from ``mixed-citation`` tags)."""
    mixed, cit = _citations(ref)
    label = _first_child_text(ref, "label")
    if cit is None:
        return Reference(id=ref.get("id"), label=label)
    parts = _Parts(cit)
    text = parts.texts
    return Reference(
        id=ref.get("id"),
        label=label,
        publication_type=cit.get("publication-type") or cit.get("citation-type"),
        authors=parts.people("author"),
        editors=parts.people("editor") if parts.groups else (),
        article_title=text[_ARTICLE_TITLE],
        chapter_title=text[_CHAPTER_TITLE] or text[_PART_TITLE],
        source=text[_SOURCE],
        year=text[_YEAR] or parts.date_year(),
        volume=text[_VOLUME],
        issue=text[_ISSUE],
        fpage=text[_FPAGE],
        lpage=text[_LPAGE],
        elocation_id=text[_ELOCATION],
        edition=text[_EDITION],
        publisher_name=text[_PUB_NAME],
        publisher_loc=text[_PUB_LOC],
        doi=parts.doi(),
        pmid=text_of(parts.pmid),
        url=_url(cit),
        access_date=text[_DATE_IN_CIT] or text[_ACCESS_DATE],
        comment=text[_COMMENT],
        mixed_citation=plain_text(mixed) if mixed is not None else None,
    )


def _citations(ref: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """The first ``mixed-citation`` and the citation to read fields from (both at any depth)."""
    mixed = cit = other = None
    for el in ref.iterdescendants(*_CITATIONS):
        tag = el.tag
        if tag == "mixed-citation":
            if mixed is None:
                mixed = el
                if cit is not None:
                    break
        elif tag == "element-citation":
            if cit is None:
                cit = el
                if mixed is not None:
                    break
        elif other is None:
            other = el
    if cit is None:
        cit = mixed if mixed is not None else other
    return mixed, cit


def _first_child_text(el: etree._Element, tag: str) -> str | None:
    for child in el.iterchildren(tag):
        return text_of(child)
    return None


class _Parts:
    """The children of one citation, sorted by tag in a single pass (field texts read at once)."""

    __slots__ = ("texts", "date", "groups", "collabs", "doi_id", "doi_link", "pmid")

    def __init__(self, cit: etree._Element) -> None:
        texts: list[str | None] = [None] * len(_SLOTS)
        seen: list[bool] = [False] * len(_SLOTS)
        groups: list[etree._Element] = []
        collabs: list[etree._Element] = []
        date = doi_id = doi_link = pmid = None
        index = _SLOTS.get
        for child in cit:
            tag = child.tag
            n = index(tag)  # type: ignore[arg-type]  # comments' tag is a function: no slot
            if n is not None:
                if not seen[n]:
                    seen[n] = True
                    texts[n] = _leaf_text(child)
                    if n == _DATE:
                        date = child
            elif tag == "person-group":
                groups.append(child)
            elif tag == "pub-id":
                kind = child.get("pub-id-type")
                if kind == "doi":
                    doi_id = child if doi_id is None else doi_id
                elif kind == "pmid":
                    pmid = child if pmid is None else pmid
            elif tag == "collab":
                collabs.append(child)
            elif tag == "ext-link" and doi_link is None and child.get("ext-link-type") == "doi":
                doi_link = child
        self.texts, self.date, self.groups, self.collabs = texts, date, groups, collabs
        self.doi_id, self.doi_link, self.pmid = doi_id, doi_link, pmid

    def date_year(self) -> str | None:
        return None if self.date is None else _first_child_text(self.date, "year")

    def people(self, kind: str) -> tuple[RefAuthor, ...]:
        people: list[RefAuthor] = []
        for group in self.groups:
            if (group.get("person-group-type") or "author") == kind:
                _add_people(group, people)
        if not people and kind == "author":
            people = [RefAuthor(None, None, text_of(c)) for c in self.collabs]
        return tuple(people)

    def doi(self) -> str | None:
        value = text_of(self.doi_id)
        if value is None:
            value = text_of(self.doi_link)
        if value:
            lowered = value.lower()
            for prefix in _DOI_PREFIXES:
                if lowered.startswith(prefix):
                    return value[len(prefix) :].strip()
        return value


def _leaf_text(el: etree._Element) -> str | None:
    """``text_of(el)`` with the leaf case (no child elements) inlined."""
    if len(el):
        return text_of(el)
    text = el.text
    return " ".join(text.split()) or None if text else None


def _add_people(group: etree._Element, people: list[RefAuthor]) -> None:
    for child in group:
        tag = child.tag
        if tag == "name" or tag == "string-name":
            surname = given = None
            has_surname = has_given = False
            for part in child:
                ptag = part.tag
                if ptag == "surname":
                    if not has_surname:
                        has_surname, surname = True, _leaf_text(part)
                elif ptag == "given-names" and not has_given:
                    has_given, given = True, _leaf_text(part)
            people.append(RefAuthor(surname, given))
        elif tag == "collab":
            people.append(RefAuthor(None, None, text_of(child)))


def _url(cit: etree._Element) -> str | None:
    for el in cit.iter("ext-link", "uri"):
        if el.get("ext-link-type") == "doi":
            continue
        return squash(el.get(XLINK_HREF)) or text_of(el)
    return None
