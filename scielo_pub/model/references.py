"""JATS ``ref`` elements in, Reference records out (structured fields plus the printed form)."""

from __future__ import annotations

from lxml import etree

from .text import XLINK_HREF, find_text, first_children, squash, text_of
from .types import RefAuthor, Reference

#: ``mixed-citation`` keeps every character as printed, so nothing is skipped in it.
_KEEP_ALL: frozenset[str] = frozenset()


def read_reference(ref: etree._Element) -> Reference:
    """One ``ref``: fields from ``element-citation`` (else from ``mixed-citation`` tags)."""
    mixed = ref.find(".//mixed-citation")
    cit = ref.find(".//element-citation")
    if cit is None:
        cit = mixed if mixed is not None else ref.find(".//citation")
    if cit is None:
        return Reference(id=ref.get("id"), label=find_text(ref, "label"))
    kids = first_children(cit)

    def get(tag: str) -> str | None:
        el = kids.get(tag)
        return text_of(el) if el is not None else None

    return Reference(
        id=ref.get("id"),
        label=find_text(ref, "label"),
        publication_type=cit.get("publication-type") or cit.get("citation-type"),
        authors=_people(cit, "author"),
        editors=_people(cit, "editor"),
        article_title=get("article-title"),
        chapter_title=get("chapter-title") or get("part-title"),
        source=get("source"),
        year=get("year") or find_text(kids.get("date"), "year"),
        volume=get("volume"),
        issue=get("issue"),
        fpage=get("fpage"),
        lpage=get("lpage"),
        elocation_id=get("elocation-id"),
        edition=get("edition"),
        publisher_name=get("publisher-name"),
        publisher_loc=get("publisher-loc"),
        doi=_pub_id(cit, "doi"),
        pmid=_pub_id(cit, "pmid"),
        url=_url(cit),
        access_date=get("date-in-citation") or get("access-date"),
        comment=get("comment"),
        mixed_citation=text_of(mixed, _KEEP_ALL) if mixed is not None else None,
    )


def _people(cit: etree._Element, kind: str) -> tuple[RefAuthor, ...]:
    people: list[RefAuthor] = []
    for group in cit.iterfind("person-group"):
        group_type = group.get("person-group-type") or "author"
        if group_type != kind:
            continue
        for child in group:
            if child.tag in ("name", "string-name"):
                parts = first_children(child)
                people.append(
                    RefAuthor(text_of(parts.get("surname")), text_of(parts.get("given-names")))
                )
            elif child.tag == "collab":
                people.append(RefAuthor(None, None, text_of(child)))
    if not people and kind == "author":
        people = [RefAuthor(None, None, text_of(c)) for c in cit.iterfind("collab")]
    return tuple(people)


def _pub_id(cit: etree._Element, kind: str) -> str | None:
    value = find_text(cit, f"pub-id[@pub-id-type='{kind}']")
    if value is None and kind == "doi":
        value = find_text(cit, "ext-link[@ext-link-type='doi']")
    if value and kind == "doi":
        lowered = value.lower()
        for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
            if lowered.startswith(prefix):
                value = value[len(prefix) :].strip()
                break
    return value


def _url(cit: etree._Element) -> str | None:
    for el in cit.iter("ext-link", "uri"):
        if el.get("ext-link-type") == "doi":
            continue
        return squash(el.get(XLINK_HREF)) or text_of(el)
    return None
