"""SciELO Markup references (five citation styles, and doc ``refs``) in, JATS ``ref-list`` out.

Each reference keeps its printed text, punctuation included, in ``mixed-citation`` and its parts
in ``element-citation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .scielo_common import HREF, Ctx, clean, el, split_date, sub, tag, text_of, year_from

STYLES = {"vancouv": "vcitat", "iso690": "icitat", "abnt6023": "acitat", "apa": "pcitat"}
STYLES |= {"other": "ocitat"}
CONTRIB_PARTS = {"vcontrib", "icontrib", "acontrib", "pcontrib", "ocontrib"}
SERIAL_PARTS = {"viserial", "iiserial", "aiserial", "piserial", "oiserial"}
MONOG_PARTS = {"vmonog", "imonog", "amonog", "pmonog", "omonog"}
PERSON_ROLES = {"ed": "editor", "coord": "compiler", "org": "compiler", "tr": "translator"}
SIMPLE = {
    "volid": "volume",
    "issueno": "issue",
    "suppl": "supplement",
    "edition": "edition",
    "pubname": "publisher-name",
    "isbn": "isbn",
    "issn": "issn",
    "coltitle": "series",
    "elocatid": "elocation-id",
    "series": "series",
    "version": "edition",
}


@dataclass
class Fields:
    """The parts of one reference, whatever its style."""

    kind: str = ""
    groups: list[tuple[str, list[etree._Element]]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    simple: list[tuple[str, str]] = field(default_factory=list)
    year: str = ""
    month: str = ""
    pages: str = ""
    places: list[str] = field(default_factory=list)
    conf: dict[str, str] = field(default_factory=dict)
    ids: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    cited: str = ""
    cited_iso: str = ""
    comments: list[str] = field(default_factory=list)
    size: str = ""

    def group(self, role: str) -> list[etree._Element]:
        if not self.groups or self.groups[-1][0] != role:
            self.groups.append((role, []))
        return self.groups[-1][1]


# --------------------------------------------------------------------------- lists


def ref_list(node: etree._Element, ctx: Ctx, start: int = 1) -> list[etree._Element]:
    """A style list (vancouv ...) or a doc ``refs`` -> ``ref`` elements numbered from ``start``."""
    refs = []
    items = [c for c in node if tag(c) in (STYLES.get(tag(node), ""), "ref")]
    for number, item in enumerate(items, start):
        refs.append(reference(item, number, ctx))
    return refs


def register_ids(root: etree._Element, ctx: Ctx) -> None:
    """Reference ids: doc refs keep theirs; citations of the five styles get B1, B2, ..."""
    number = 0
    for style in root.iter(*STYLES):
        for _item in style.iter(STYLES[tag(style)]):
            number += 1
            ctx.ids[f"b{number}"] = f"B{number}"
            ctx.id_types[f"B{number}"] = "bibr"
    for ref in root.iter("ref"):
        raw = ref.get("id") or ""
        out = raw.upper() if re.fullmatch(r"[bB]\d+", raw) else raw
        ctx.ids[raw.lower()] = out
        ctx.id_types[out] = "bibr"


def reference(item: etree._Element, number: int, ctx: Ctx) -> etree._Element:
    rid = item.get("id") if tag(item) == "ref" else f"b{number}"
    ref = el("ref", None, {"id": ctx.out_id(rid)})
    label = text_of(item.find("label")) or text_of(item.find("no"))
    if label:
        sub(ref, "label", label)
    ref.append(mixed_citation(item))
    fields = doc_fields(item) if tag(item) == "ref" else citation_fields(item)
    ref.append(element_citation(fields, ctx, item))
    return ref


def mixed_citation(item: etree._Element) -> etree._Element:
    """The reference as printed: the ``text-ref`` if tagged, else all text with its punctuation."""
    printed = text_of(item.find("text-ref")) or text_of(item)
    return el("mixed-citation", printed)


# --------------------------------------------------------------------------- five styles


def citation_fields(item: etree._Element) -> Fields:
    fields = Fields()
    parts = {tag(c) for c in item}
    has_contrib = bool(parts & CONTRIB_PARTS)
    has_serial = bool(parts & SERIAL_PARTS)
    for child in item:
        name = tag(child)
        if name in CONTRIB_PARTS:
            _walk(child, fields, "contrib", has_serial)
        elif name in SERIAL_PARTS:
            _walk(child, fields, "serial", has_serial)
        elif name in MONOG_PARTS:
            _walk(child, fields, "monog-in" if has_contrib else "monog", has_serial)
        elif name == "confgrp":
            _conference(child, fields)
    fields.kind = _kind(item, fields, has_serial, parts & MONOG_PARTS)
    if fields.kind == "confproc" and "chapter-title" in fields.titles:
        fields.titles["article-title"] = fields.titles.pop("chapter-title")
    return fields


def _walk(part: etree._Element, fields: Fields, level: str, has_serial: bool) -> None:
    for child in part:
        name = tag(child)
        if name in ("author", "oauthor", "corpauth", "ocorpaut", "et-al"):
            _person(child, fields, level)
        elif name in ("vtitle", "title"):
            _title(
                child if name == "title" else child.find("title"), child, fields, level, has_serial
            )
        elif name in ("vstitle", "stitle", "sertitle"):
            fields.titles.setdefault("source", text_of(child.find("stitle")) or text_of(child))
        elif name in ("city", "state", "country"):
            fields.places.append(text_of(child))
        else:
            _leaf(child, fields)


def _person(node: etree._Element, fields: Fields, level: str) -> None:
    name = tag(node)
    role = PERSON_ROLES.get(
        (node.get("role") or "nd").lower().split()[0] if node.get("role") else "nd"
    )
    role = role or ("editor" if level == "monog-in" else "author")
    members = fields.group(role)
    if name == "et-al":
        members.append(el("etal"))
    elif node.find("surname") is not None:
        person = el("name")
        sub(person, "surname", text_of(node.find("surname")))
        if text_of(node.find("fname")):
            sub(person, "given-names", text_of(node.find("fname")))
        members.append(person)
    elif text_of(node):
        members.append(el("collab", text_of(node)))


def _title(title, holder, fields: Fields, level: str, has_serial: bool) -> None:
    text = text_of(title)
    subtitle = text_of(holder.find("subtitle")) if holder is not None else ""
    if subtitle:
        text = f"{text}: {subtitle}"
    if not text:
        return
    if level == "contrib":
        fields.titles["article-title" if has_serial else "chapter-title"] = text
    else:
        fields.titles.setdefault("source", text)


def _leaf(node: etree._Element, fields: Fields) -> None:
    name = tag(node)
    if name in SIMPLE:
        fields.simple.append((SIMPLE[name], text_of(node)))
    elif name == "date":
        year, month, _ = split_date(node.get("dateiso"))
        fields.year = fields.year or year or year_from(text_of(node))
        fields.month = fields.month or month
    elif name == "pages":
        fields.pages = text_of(node)
    elif name == "extent":
        fields.size = text_of(node)
    elif name == "doi":
        fields.ids.append(("doi", text_of(node)))
    elif name == "pubid":
        fields.ids.append(((node.get("idtype") or "other").lower(), text_of(node)))
    elif name == "url":
        fields.url = text_of(node)
    elif name == "cited":
        fields.cited = text_of(node)
        fields.cited_iso = node.get("dateiso") or ""
    elif name in ("thesis", "thesgrp"):
        _thesis(node, fields)
    elif name == "confgrp":
        _conference(node, fields)
    elif name == "patgrp":
        fields.conf["patent"] = text_of(node.find("patent"))
        fields.conf["patent-country"] = node.get("country") or ""
    elif name in ("notes", "othinfo", "report", "inpress", "part", "isstitle", "moreinfo"):
        fields.comments.append(text_of(node))


def _thesis(node: etree._Element, fields: Fields) -> None:
    fields.kind = "thesis"
    for child in node:
        if tag(child) in ("city", "state", "country"):
            fields.places.append(text_of(child))
        elif tag(child) in ("orgname", "orgdiv"):
            fields.simple.append(("publisher-name", text_of(child)))
        elif tag(child) == "degree":
            fields.comments.append(text_of(child))
        else:
            _leaf(child, fields)


def _conference(node: etree._Element, fields: Fields) -> None:
    fields.conf["name"] = "; ".join(text_of(c) for c in node.findall("confname"))
    places = [text_of(node.find(p)) for p in ("city", "state", "country")]
    fields.conf["loc"] = ", ".join(p for p in places if p)
    fields.conf["date"] = text_of(node.find("date"))
    if not fields.year:
        date = node.find("date")
        fields.year = split_date(date.get("dateiso") if date is not None else "")[0]
        fields.year = fields.year or year_from(fields.conf["date"])


def _kind(item, fields: Fields, has_serial: bool, monog) -> str:
    if fields.kind:
        return fields.kind
    if has_serial:
        return "journal"
    if fields.conf.get("patent"):
        return "patent"
    if fields.conf.get("name"):
        return "confproc"
    if item.find(".//report") is not None:
        return "report"
    if monog and fields.url and fields.cited:
        return "webpage"  # a document seen online on a given date
    if monog:
        return "book"
    return "webpage" if fields.url else "other"


# --------------------------------------------------------------------------- doc refs


DOC_TITLES = {"arttitle": "article-title", "chptitle": "chapter-title", "source": "source"}


def doc_fields(item: etree._Element) -> Fields:
    fields = Fields(kind=clean(item.get("reftype")).lower() or "other")
    for child in item:
        name = tag(child)
        if name == "authors":
            role = PERSON_ROLES.get(clean(child.get("role")).lower(), "author")
            for person in child:
                _doc_person(person, fields.group(role))
        elif name in DOC_TITLES:
            fields.titles[DOC_TITLES[name]] = text_of(child)
        elif name in ("publoc",):
            fields.places.append(text_of(child))
        elif name == "patentno":
            fields.conf["patent"] = text_of(child)
            fields.conf["patent-country"] = child.get("country") or ""
        elif name in ("reportid", "contract"):
            fields.ids.append(("other", text_of(child)))
        elif name not in ("label", "text-ref"):
            _leaf(child, fields)
    return fields


def _doc_person(node: etree._Element, members: list[etree._Element]) -> None:
    if tag(node) == "pauthor":
        person = el("name")
        sub(person, "surname", text_of(node.find("surname")))
        if text_of(node.find("fname")):
            sub(person, "given-names", text_of(node.find("fname")))
        members.append(person)
    elif tag(node) == "cauthor":
        members.append(el("collab", text_of(node)))
    elif tag(node) == "et-al":
        members.append(el("etal"))


# --------------------------------------------------------------------------- output

PUB_TYPES = {"journal", "book", "thesis", "confproc", "patent", "report", "webpage", "software"}
PUB_TYPES |= {"database", "legal-doc", "newspaper", "data", "preprint", "other"}


def element_citation(fields: Fields, ctx: Ctx, item: etree._Element) -> etree._Element:
    kind = fields.kind if fields.kind in PUB_TYPES else "other"
    out = el("element-citation", None, {"publication-type": kind})
    for role, members in fields.groups:
        if members:
            group = sub(out, "person-group", None, {"person-group-type": role})
            group.extend(members)
    for name in ("article-title", "chapter-title", "source"):
        if fields.titles.get(name):
            sub(out, name, fields.titles[name])
    _conf_out(out, fields)
    for name, value in fields.simple:
        if value and name not in ("publisher-name",):
            sub(out, name, value)
    _publisher(out, fields)
    if fields.month:
        sub(out, "month", fields.month)
    if fields.year:
        sub(out, "year", fields.year)
    _pages_out(out, fields.pages)
    if fields.size:
        sub(out, "size", fields.size, {"units": "pages"})
    for kind_id, value in fields.ids:
        if value:
            sub(out, "pub-id", value, {"pub-id-type": kind_id if kind_id in _PUB_IDS else "other"})
    if fields.url:
        sub(out, "ext-link", fields.url, {"ext-link-type": "uri", HREF: fields.url})
    if fields.cited:
        attrs = {"content-type": "access-date", "iso-8601-date": _iso(fields.cited_iso)}
        sub(out, "date-in-citation", fields.cited, attrs)
    for comment in filter(None, fields.comments):
        sub(out, "comment", comment)
    if not len(out):
        ctx.warn(
            item,
            "a reference has no tagged parts",
            "sgml-ref-untagged",
            "Tag its authors, title, source and date so it can be linked and exported.",
        )
        # JATS wants at least one part: keep the printed text as an untagged comment
        sub(
            out,
            "comment",
            text_of(item.find("text-ref")) or text_of(item),
            {"content-type": "untagged"},
        )
    return out


def _iso(dateiso: str) -> str | None:
    """``YYYYMMDD`` -> ``YYYY-MM-DD`` (None unless all parts are known)."""
    year, month, day = split_date(dateiso)
    return f"{year}-{month}-{day}" if year and month and day else None


_PUB_IDS = {"doi", "pmid", "pmcid", "isbn", "issn", "art-access-id", "publisher-id", "other"}


def _publisher(out: etree._Element, fields: Fields) -> None:
    places = [p for p in fields.places if p]
    if places:
        sub(out, "publisher-loc", ", ".join(places))
    for name, value in fields.simple:
        if name == "publisher-name" and value:
            sub(out, "publisher-name", value)


def _conf_out(out: etree._Element, fields: Fields) -> None:
    if fields.conf.get("name"):
        sub(out, "conf-name", fields.conf["name"])
        if fields.conf.get("date"):
            sub(out, "conf-date", fields.conf["date"])
        if fields.conf.get("loc"):
            sub(out, "conf-loc", fields.conf["loc"])
    if fields.conf.get("patent"):
        country = fields.conf.get("patent-country") or None
        sub(out, "patent", fields.conf["patent"], {"country": country})


def _pages_out(out: etree._Element, pages: str) -> None:
    """ "106-13" -> fpage 106, lpage 113 (abbreviated last pages expanded)."""
    if not pages:
        return
    match = re.fullmatch(r"\s*([A-Za-z]?\d+)\s*[-–]\s*([A-Za-z]?\d+)\s*", pages)
    if not match:
        if re.fullmatch(r"[A-Za-z]\d+", pages.strip()):  # e160018, h3267: article numbers
            sub(out, "elocation-id", pages.strip())
        else:
            sub(out, "fpage", pages.strip())
        return
    first, last = match.groups()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    sub(out, "fpage", first)
    sub(out, "lpage", last)
