"""JATS ``ref`` elements in, Reference records out (structured fields plus the printed form)."""

from __future__ import annotations

from lxml import etree

from .text import XLINK_HREF, plain_text, squash, text_of
from .types import RefAuthor, Reference

#: What one walk of a ``ref`` stops at (entity nodes tell that text must be read node by node).
_REF_WALK = (
    "label", "mixed-citation", "element-citation", "citation", "ext-link", "uri", etree.Entity,
)  # fmt: skip
#: Fields of a citation: tag -> slot in the list of field texts (``date`` holds its year).
_SLOTS = {
    tag: n
    for n, tag in enumerate(
        (
            "article-title", "chapter-title", "part-title", "source", "year", "date", "volume",
            "issue", "fpage", "lpage", "elocation-id", "edition", "publisher-name",
            "publisher-loc", "date-in-citation", "access-date", "comment", "supplement",
            "month", "season", "conf-name", "conf-date", "conf-loc", "size", "series",
        )
    )
}  # fmt: skip
(_ARTICLE_TITLE, _CHAPTER_TITLE, _PART_TITLE, _SOURCE, _YEAR, _DATE, _VOLUME, _ISSUE, _FPAGE,
 _LPAGE, _ELOCATION, _EDITION, _PUB_NAME, _PUB_LOC, _DATE_IN_CIT, _ACCESS_DATE, _COMMENT,
 _SUPPLEMENT, _MONTH, _SEASON, _CONF_NAME, _CONF_DATE, _CONF_LOC, _SIZE, _SERIES) = range(
    len(_SLOTS)
)  # fmt: skip
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:")


def read_reference(ref: etree._Element) -> Reference:
    """One ``ref``: fields from ``element-citation`` (else from ``mixed-citation`` tags)."""
    label, mixed, cit, links, entities = _scan_ref(ref)
    if cit is None:
        return Reference(id=ref.get("id"), label=label)
    text, authors, editors, doi, pmid, extra = _read_citation(cit)
    return Reference(
        id=ref.get("id"),
        label=label,
        publication_type=cit.get("publication-type") or cit.get("citation-type"),
        authors=authors,
        editors=editors,
        article_title=text[_ARTICLE_TITLE],
        chapter_title=text[_CHAPTER_TITLE] or text[_PART_TITLE],
        source=text[_SOURCE],
        year=text[_YEAR] or text[_DATE],
        volume=text[_VOLUME],
        issue=text[_ISSUE],
        fpage=text[_FPAGE],
        lpage=text[_LPAGE],
        elocation_id=text[_ELOCATION],
        edition=text[_EDITION],
        publisher_name=text[_PUB_NAME],
        publisher_loc=text[_PUB_LOC],
        doi=doi,
        pmid=pmid,
        url=_url(links, cit, ref) if links else None,
        access_date=text[_DATE_IN_CIT] or text[_ACCESS_DATE],
        comment=text[_COMMENT],
        mixed_citation=None if mixed is None else plain_text(mixed, entities),
        supplement=text[_SUPPLEMENT],
        month=text[_MONTH] or text[_SEASON],
        conf_name=text[_CONF_NAME],
        conf_date=text[_CONF_DATE],
        conf_loc=text[_CONF_LOC],
        size=text[_SIZE],
        series=text[_SERIES],
        pmcid=extra[0],
        etal=extra[1],
    )


_RefParts = tuple[
    "str | None", "etree._Element | None", "etree._Element | None", list[etree._Element], bool
]


def _scan_ref(ref: etree._Element) -> _RefParts:
    """One walk of a ``ref``: label text, first ``mixed-citation``, the citation to read fields
    from, the links in document order and whether entity references are left in it."""
    label_el = mixed = cit = other = None
    links: list[etree._Element] = []
    entities = False
    for el in ref.iterdescendants(*_REF_WALK):
        tag = el.tag
        if tag == "ext-link" or tag == "uri":
            links.append(el)
        elif tag == "mixed-citation":
            mixed = el if mixed is None else mixed
        elif tag == "element-citation":
            cit = el if cit is None else cit
        elif tag == "label":
            if label_el is None and el.getparent() is ref:
                label_el = el
        elif tag == "citation":
            other = el if other is None else other
        else:
            entities = True
    if cit is None:
        cit = mixed if mixed is not None else other
    return text_of(label_el), mixed, cit, links, entities


def _url(links: list[etree._Element], cit: etree._Element, ref: etree._Element) -> str | None:
    """The first link inside the citation that is not a DOI: its address, else its text."""
    for el in links:
        if not _inside(el, cit, ref) or el.get("ext-link-type") == "doi":
            continue
        return squash(el.get(XLINK_HREF)) or text_of(el)
    return None


def _inside(el: etree._Element, ancestor: etree._Element, stop: etree._Element) -> bool:
    for up in el.iterancestors():
        if up is ancestor:
            return True
        if up is stop:
            return False
    return False


_Citation = tuple[
    list["str | None"],
    tuple[RefAuthor, ...],
    tuple[RefAuthor, ...],
    "str | None",
    "str | None",
    tuple["str | None", bool],
]


def _read_citation(cit: etree._Element) -> _Citation:
    """In one pass over the children: field texts (``date`` holds its year), people, DOI, PMID."""
    texts: list[str | None] = [None] * len(_SLOTS)
    seen = [False] * len(_SLOTS)
    authors: list[RefAuthor] = []
    editors: list[RefAuthor] = []
    collabs: list[etree._Element] = []
    doi_id = doi_link = pmid = pmcid = None
    etal = False
    index = _SLOTS.get
    for child in cit:
        tag = child.tag
        n = index(tag)  # type: ignore[arg-type]  # comments' tag is a function: no slot
        if n is not None:
            if not seen[n]:
                seen[n] = True
                if n == _DATE:
                    texts[n] = _first_child_text(child, "year")
                elif len(child):
                    texts[n] = text_of(child)
                else:  # a leaf: ``collapse`` inlined
                    text = child.text
                    if not text:
                        texts[n] = None
                    elif (
                        text.isprintable()
                        and "  " not in text
                        and text[0] != " "
                        and text[-1] != " "
                    ):
                        texts[n] = text  # already collapsed (see ``collapse``)
                    else:
                        texts[n] = " ".join(text.split()) or None
        elif tag == "person-group":
            kind = child.get("person-group-type") or "author"
            if kind == "author":
                _add_people(child, authors)
                etal = etal or child.find("etal") is not None
            elif kind == "editor":
                _add_people(child, editors)
        elif tag == "pub-id":
            kind = child.get("pub-id-type")
            if kind == "doi":
                doi_id = child if doi_id is None else doi_id
            elif kind == "pmid":
                pmid = child if pmid is None else pmid
            elif kind == "pmcid":
                pmcid = child if pmcid is None else pmcid
        elif tag == "etal":
            etal = True
        elif tag == "collab":
            collabs.append(child)
        elif tag == "ext-link" and doi_link is None and child.get("ext-link-type") == "doi":
            doi_link = child
    if not authors and collabs:
        authors = [RefAuthor(None, None, text_of(c)) for c in collabs]
    doi = _doi(doi_id, doi_link)
    return texts, tuple(authors), tuple(editors), doi, text_of(pmid), (text_of(pmcid), etal)


def _doi(pub_id: etree._Element | None, link: etree._Element | None) -> str | None:
    value = text_of(pub_id)
    if value is None:
        value = text_of(link)
    if value:
        lowered = value.lower()
        for prefix in _DOI_PREFIXES:
            if lowered.startswith(prefix):
                return value[len(prefix) :].strip()
    return value


def _first_child_text(el: etree._Element, tag: str) -> str | None:
    for child in el.iterchildren(tag):
        return text_of(child)
    return None


def _leaf_text(el: etree._Element) -> str | None:
    """``text_of(el)`` with the leaf case (no child elements) inlined."""
    if len(el):
        return text_of(el)
    text = el.text
    if not text:
        return None
    elif text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text  # already collapsed (see ``collapse``)
    else:
        return " ".join(text.split()) or None


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
            if surname is None and given is None and tag == "string-name":
                surname = text_of(child)  # a name tagged as one string: keep it whole
            people.append(RefAuthor(surname, given))
        elif tag == "collab":
            people.append(RefAuthor(None, None, text_of(child)))
