"""What the store keeps of an article in, the three OAI-PMH metadata payloads out (lxml elements).

- ``oai_dc``: unqualified Dublin Core, with ``dc:language`` as ISO 639 codes and the landing page as
  the first ``dc:identifier``;
- ``jats``: the canonical SciELO PS (JATS) XML the store keeps, with its elements moved into the JATS
  Publishing namespace (the OAI-PMH schema requires a namespace-qualified root; PubMed Central's
  provider does the same for its ``pmc`` format), the DOCTYPE dropped and any entity reference the
  build left unexpanded written as its text (``&name;``);
- ``lilacs``: the LILACS record (ISIS fields and subfields) in the small schema shipped as
  ``schemas/lilacs-record.xsd`` (documented in docs/OAI.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..store.oai import DublinCore

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
JATS_NS = "https://jats.nlm.nih.gov/ns/publishing/1.1/"
LILACS_NS = "urn:scielo-pub:lilacs-record:1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
LILACS_XSD = Path(__file__).resolve().parent / "schemas" / "lilacs-record.xsd"


@dataclass(frozen=True, slots=True)
class MetadataFormat:
    """One format as ListMetadataFormats describes it (``schema`` may be relative to the base URL)."""

    prefix: str
    schema: str
    namespace: str


FORMATS: tuple[MetadataFormat, ...] = (
    MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    MetadataFormat(
        "jats", "https://jats.nlm.nih.gov/publishing/1.1/xsd/JATS-journalpublishing1.xsd", JATS_NS
    ),
    MetadataFormat("lilacs", "oai/lilacs-record.xsd", LILACS_NS),
)
PREFIXES = tuple(f.prefix for f in FORMATS)


def oai_dc(dc: DublinCore) -> etree._Element:
    """The ``oai_dc:dc`` element (elements in the order the oai_dc schema's examples use)."""
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc",
        nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS},
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {FORMATS[0].schema}")
    _dc_lang(root, "title", dc.titles)
    _dc(root, "creator", dc.creators)
    _dc_lang(root, "subject", dc.subjects)
    _dc_lang(root, "description", dc.descriptions)
    _dc(root, "publisher", [dc.publisher])
    _dc(root, "date", [dc.date])
    _dc(root, "type", dc.types)
    _dc(root, "format", dc.formats)
    _dc(root, "identifier", dc.identifiers)
    _dc(root, "source", [dc.source])
    _dc(root, "language", [iso639(lang) for lang in dc.languages])
    _dc(root, "rights", dc.rights)
    return root


def _dc(root: etree._Element, name: str, values: Iterable[str | None]) -> None:
    seen: set[str] = set()
    for value in values:
        text = _xml_text(value)
        if text and text not in seen:
            seen.add(text)
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = text


def _dc_lang(root: etree._Element, name: str, values: Iterable[tuple[str, str]]) -> None:
    for lang, value in values:
        text = _xml_text(value)
        if text:
            el = etree.SubElement(root, f"{{{DC_NS}}}{name}")
            el.text = text
            code = iso639(lang)
            if code:
                el.set(f"{{{XML_NS}}}lang", code)


_LANG_RE = re.compile(r"[A-Za-z]{2,3}")


@functools.lru_cache(maxsize=256)
def iso639(lang: str | None) -> str:
    """An ISO 639 code from a language tag (``pt-BR`` -> ``pt``, ``EN`` -> ``en``); "" if none."""
    primary = (lang or "").strip().replace("_", "-").split("-")[0]
    return primary.lower() if _LANG_RE.fullmatch(primary) else ""


#: Characters XML 1.0 cannot hold (a text with them would make the response unparsable).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str | None) -> str:
    return _NOT_XML.sub("", " ".join((value or "").split()))


def _parser() -> etree.XMLParser:
    """A parser that reads no DTD, file or network and expands no entity."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def jats(xml: bytes) -> etree._Element:
    """The article element of the stored canonical XML, its elements in the JATS namespace."""
    root = etree.fromstring(xml, _parser())
    for ent in list(root.iter(etree.Entity)):
        _entity_as_text(ent)
    for el in root.iter():
        if isinstance(el.tag, str) and not el.tag.startswith("{"):
            el.tag = f"{{{JATS_NS}}}{el.tag}"
    copy = etree.Element(root.tag, root.attrib, nsmap={None: JATS_NS, **_prefixed(root)})
    copy.text = root.text
    copy.extend(list(root))
    return copy


def _entity_as_text(ent: etree._Entity) -> None:
    """An entity reference the build left unexpanded (its declaration, if any, was in the DOCTYPE,
    which the payload cannot carry) becomes its own text, ``&name;``, so the response stays
    well-formed and nothing is lost."""
    text = (ent.text or "") + (ent.tail or "")
    parent, previous = ent.getparent(), ent.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    elif parent is not None:
        parent.text = (parent.text or "") + text
    if parent is not None:
        parent.remove(ent)


def _prefixed(root: etree._Element) -> dict[str, str]:
    return {k: v for k, v in root.nsmap.items() if k is not None and v != JATS_NS}


def lilacs(
    fields: Sequence[tuple[int, str, Sequence[tuple[str, str]]]],
    status: str = "0",
    schema_url: str = LILACS_XSD.name,
) -> etree._Element:
    """The ``lilacs:record`` element: each field's tag, its text before the first subfield, then
    its subfields in order (``^a`` codes), as in the JSON Lines export."""
    root = etree.Element(f"{{{LILACS_NS}}}record", nsmap={"lilacs": LILACS_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{LILACS_NS} {schema_url}")
    root.set("status", status)
    for tag, text, subfields in fields:
        el = etree.SubElement(root, f"{{{LILACS_NS}}}field", tag=str(int(tag)))
        if _xml_text(text):
            etree.SubElement(el, f"{{{LILACS_NS}}}text").text = _NOT_XML.sub("", text)
        for code, value in subfields:
            sub = etree.SubElement(el, f"{{{LILACS_NS}}}subfield", code=code)
            sub.text = _NOT_XML.sub("", value)
    return root
