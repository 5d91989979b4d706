"""JATS ``front`` elements in, model parts out: contributors, affiliations, abstracts, keywords, dates."""

from __future__ import annotations

import re

from lxml import etree

from .text import XLINK_HREF, child_text, lang_of, squash, text_of, to_int
from .types import (
    Abstract,
    AbstractSection,
    Affiliation,
    Contributor,
    Funding,
    KeywordGroup,
    License,
    PartialDate,
)

_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])")


def read_date(el: etree._Element | None) -> PartialDate | None:
    """A JATS date element (``year``, ``month``, ``day``, or ``iso-8601-date``) as a PartialDate."""
    if el is None:
        return None
    year_el = month_el = season_el = day_el = None
    for child in el:
        tag = child.tag
        if tag == "year":
            year_el = child if year_el is None else year_el
        elif tag == "month":
            month_el = child if month_el is None else month_el
        elif tag == "day":
            day_el = child if day_el is None else day_el
        elif tag == "season":
            season_el = child if season_el is None else season_el
    year = to_int(text_of(year_el))
    if year is None:
        iso = el.get("iso-8601-date", "")
        match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso)
        if not match:
            return None
        return PartialDate(*(int(g) if g else None for g in match.groups()))  # type: ignore[arg-type]
    month = to_int(text_of(month_el))
    if month is None:
        month = _season_month(text_of(season_el))
    return PartialDate(year, month, to_int(text_of(day_el)))


def _season_month(season: str | None) -> int | None:
    if not season:
        return None
    match = re.match(r"([A-Za-z]{3})", season)
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    key = match.group(1).lower() if match else ""
    return months.index(key) + 1 if key in months else None


def read_dates(parent: etree._Element | None, tag: str, kind_attrs: tuple[str, ...]) -> dict:
    """Dates under ``parent`` keyed by their type attribute (first present of ``kind_attrs``)."""
    out: dict[str, PartialDate] = {}
    if parent is None:
        return out
    for el in parent.iterfind(tag):
        kind = next((el.get(a) for a in kind_attrs if el.get(a)), None) or "pub"
        date = read_date(el)
        if date is not None and kind not in out:
            out[kind] = date
    return out


def read_affiliation(aff: etree._Element) -> Affiliation:
    """One ``aff``, its children read in one pass (a later institution of a type wins)."""
    inst: dict[str, str | None] = {}
    addr_lines: list[etree._Element] = []
    parts: dict[str, etree._Element] = {}
    for child in aff:
        tag = child.tag
        if tag == "institution":
            inst[child.get("content-type") or "orgname"] = text_of(child)
        elif tag == "addr-line":
            addr_lines.append(child)
        elif isinstance(tag, str) and tag not in parts:
            parts[tag] = child
    label, country_el, email = parts.get("label"), parts.get("country"), parts.get("email")
    divisions = tuple(
        v for k, v in sorted(inst.items()) if k.startswith("orgdiv") and v is not None
    )
    return Affiliation(
        id=aff.get("id"),
        label=text_of(label),
        institution=inst.get("orgname"),
        divisions=divisions,
        city=_addr_part(addr_lines, parts, "city"),
        state=_addr_part(addr_lines, parts, "state"),
        country=text_of(country_el),
        country_code=(country_el.get("country") or None) if country_el is not None else None,
        original=inst.get("original"),
        email=text_of(email),
    )


def _addr_part(
    lines: list[etree._Element], parts: dict[str, etree._Element], kind: str
) -> str | None:
    """``addr-line/named-content[@content-type=kind]``, else ``addr-line/{kind}``, else ``{kind}``."""
    if lines:
        value = _first_named(lines, kind)
        if value:
            return value
        value = text_of(next((c for line in lines for c in line.iterchildren(kind)), None))
        if value:
            return value
    return text_of(parts.get(kind))


def _first_named(lines: list[etree._Element], kind: str) -> str | None:
    for line in lines:
        for child in line.iterchildren("named-content"):
            if child.get("content-type") == kind:
                return text_of(child)
    return None


def normalise_orcid(value: str | None) -> str | None:
    """The bare ``0000-0000-0000-000X`` form of an ORCID given bare or as a URL."""
    if not value:
        return None
    match = _ORCID.search(value)
    return match.group(1).upper() if match else squash(value)


def read_contributor(contrib: etree._Element) -> Contributor:
    name = orcid_el = collab = email = alternatives = strings = None
    aff_ids: list[str] = []
    corresponding = contrib.get("corresp") == "yes"
    anonymous = False
    for child in contrib:
        tag = child.tag
        if tag == "xref":
            kind = child.get("ref-type")
            if kind == "aff":
                aff_ids.extend((child.get("rid") or "").split())
            elif kind == "corresp":
                corresponding = True
        elif tag == "name":
            name = child if name is None else name
        elif tag == "contrib-id":
            if orcid_el is None and child.get("contrib-id-type") == "orcid":
                orcid_el = child
        elif tag == "collab":
            collab = child if collab is None else collab
        elif tag == "email":
            email = child if email is None else email
        elif tag == "name-alternatives":
            alternatives = [child] if alternatives is None else [*alternatives, child]
        elif tag == "anonymous":
            anonymous = True
        elif tag == "string-name":
            strings = [child] if strings is None else strings
    if name is None and alternatives is not None:
        name = next((n for alt in alternatives for n in alt.iterchildren("name")), None)
    if name is None and strings is None and alternatives is not None:
        strings = [n for alt in alternatives for n in alt.iterchildren("string-name")] or None
    surname = given = prefix = suffix = None
    if name is not None:
        surname, given, prefix, suffix = _name_parts(name)
    elif strings:  # a name tagged as one string: its parts when tagged, else the whole as surname
        surname, given, prefix, suffix = _name_parts(strings[0])
        if surname is None and given is None:
            surname = text_of(strings[0])
    return Contributor(
        surname=surname,
        given_names=given,
        prefix=prefix,
        suffix=suffix,
        collab=text_of(collab, _COLLAB_SKIP),
        role=contrib.get("contrib-type") or "author",
        orcid=normalise_orcid(text_of(orcid_el)),
        affiliation_ids=tuple(aff_ids),
        corresponding=corresponding,
        email=text_of(email),
        anonymous=anonymous and name is None and collab is None and not strings,
    )


#: A group's members (``collab/contrib-group``) are not part of its name.
_COLLAB_SKIP = frozenset({"xref", "fn", "contrib-group"})
_NAME_PARTS = {"surname": 0, "given-names": 1, "prefix": 2, "suffix": 3}


def _name_parts(name: etree._Element) -> list[str | None]:
    """Text of the first ``surname``, ``given-names``, ``prefix`` and ``suffix`` of a name."""
    out: list[str | None] = [None, None, None, None]
    seen = [False, False, False, False]
    index = _NAME_PARTS.get
    for part in name:
        n = index(part.tag)  # type: ignore[arg-type]
        if n is not None and not seen[n]:
            seen[n] = True
            out[n] = text_of(part)
    return out


def read_abstract(el: etree._Element, default_lang: str | None) -> Abstract:
    sections = tuple(
        AbstractSection(child_text(sec, "title"), _paragraphs(sec))
        for sec in el.iterchildren("sec")
    )
    if sections:
        text = " ".join(f"{s.title} {s.text}" if s.title else s.text for s in sections)
    else:
        text = _paragraphs(el)
    return Abstract(
        lang=lang_of(el, default_lang) or "",
        text=text,
        title=child_text(el, "title"),
        sections=sections,
        abstract_type=el.get("abstract-type"),
    )


def _paragraphs(el: etree._Element) -> str:
    paras = [text_of(p) for p in el.iter("p", "list-item")]
    if not paras:
        return text_of(el) or ""
    return " ".join(p for p in paras if p)


def read_keyword_group(group: etree._Element, default_lang: str | None) -> KeywordGroup:
    vocab = group.get("vocab") or group.get("kwd-group-type")
    keywords = tuple(k for k in (text_of(kwd) for kwd in group.iter("kwd")) if k)
    return KeywordGroup(
        lang=lang_of(group, default_lang) or "",
        keywords=keywords,
        vocabulary=vocab.lower() if vocab else None,
        title=child_text(group, "title"),
    )


def read_license(meta: etree._Element, lang: str | None) -> License | None:
    licenses = [
        lic for perm in meta.iterchildren("permissions") for lic in perm.iterchildren("license")
    ]
    if not licenses:
        return None
    chosen = next((lic for lic in licenses if lang_of(lic) == lang), licenses[0])
    return License(
        url=squash(chosen.get(XLINK_HREF)),
        license_type=chosen.get("license-type"),
        text=child_text(chosen, "license-p"),
        lang=lang_of(chosen),
    )


def read_funding(meta: etree._Element) -> tuple[Funding, ...]:
    out = []
    groups = meta.iterchildren("funding-group")
    for award in (award for group in groups for award in group.iterchildren("award-group")):
        ids = tuple(a for a in (text_of(x) for x in award.iterchildren("award-id")) if a)
        for source in award.iterchildren("funding-source"):
            name = text_of(source)
            if name:
                out.append(Funding(name, ids))
    return tuple(out)
