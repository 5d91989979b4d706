"""SciELO Markup tree pieces in, JATS building blocks out: the context, text and inline helpers.

Shared by the ``scielo_*`` converter modules. Source trees are what the SGML engine produces:
lower-case element names, attribute values after defaults, stray text (printed punctuation)
kept as text or wrapped in ``ign`` elements.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import Diagnostic, Severity

XLINK = "http://www.w3.org/1999/xlink"
MML = "http://www.w3.org/1998/Math/MathML"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HREF = f"{{{XLINK}}}href"
NSMAP = {"xlink": XLINK, "mml": MML}

#: element the SGML engine wraps text in when the DTD does not allow it there
STRAY = "{urn:scielo-pub:sgml}stray"

_SPACE = re.compile(r"\s+")


@dataclass
class Ctx:
    """Conversion state of one document: where it came from, what was found, what went wrong."""

    path: str
    lang: str = "en"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: lower-cased source id -> id written in the JATS output
    ids: dict[str, str] = field(default_factory=dict)
    #: id -> JATS ref-type of the element carrying it (aff, corresp, fig, table, bibr, fn, ...)
    id_types: dict[str, str] = field(default_factory=dict)
    #: id -> printed label (aff "I", fn "1"), used as the text of contributor xrefs
    labels: dict[str, str] = field(default_factory=dict)
    #: floating pieces found anywhere that belong to the front matter
    affs: list[etree._Element] = field(default_factory=list)
    corresps: list[etree._Element] = field(default_factory=list)
    author_fns: list[etree._Element] = field(default_factory=list)
    licenses: list[etree._Element] = field(default_factory=list)
    fundings: list[etree._Element] = field(default_factory=list)

    def warn(self, node: etree._Element | None, message: str, code: str, advice: str = "") -> None:
        self.report(node, message, code, advice, Severity.WARNING)

    def error(self, node: etree._Element | None, message: str, code: str, advice: str = "") -> None:
        self.report(node, message, code, advice, Severity.ERROR)

    def report(self, node, message: str, code: str, advice: str, severity: Severity) -> None:
        line = getattr(node, "sourceline", None) or 0
        diag = Diagnostic(self.path, line, 0, severity, message, code, "structure", advice)
        self.diagnostics.append(diag)

    def out_id(self, raw: str | None) -> str | None:
        """The JATS id for a source id (ids are case-folded by the SGML declaration)."""
        if not raw:
            return None
        return self.ids.get(raw.lower(), raw)


def el(tag: str, text: str | None = None, attrib: dict | None = None, *children) -> etree._Element:
    """A new element with optional text, attributes (None values dropped) and children."""
    node = etree.Element(tag, {k: v for k, v in (attrib or {}).items() if v is not None})
    if text:
        node.text = text
    for child in children:
        if child is not None:
            node.append(child)
    return node


def sub(parent: etree._Element, tag: str, text: str | None = None, attrib: dict | None = None):
    """Append a new child (see :func:`el`) and return it."""
    node = el(tag, text, attrib)
    parent.append(node)
    return node


def clean(text: str | None) -> str:
    """Whitespace collapsed and trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def text_of(node: etree._Element | None) -> str:
    """All the text of an element (stray text and ``ign`` included), whitespace collapsed.

    SGML drops the blanks between elements in element content (``[surname]Braga[/surname]
    [fname]ALF[/fname]``); a space is put back between two adjacent elements.
    """
    if node is None:
        return ""
    return clean(joined_text(node))


def joined_text(node: etree._Element) -> str:
    """The text of ``node`` and its descendants, a space between directly adjacent elements."""
    parts = [node.text or ""]
    kids = list(node)
    for index, kid in enumerate(kids):
        if isinstance(kid.tag, str):
            parts.append(joined_text(kid))
        tail = kid.tail or ""
        nxt = kids[index + 1] if index + 1 < len(kids) else None
        if not tail and nxt is not None and isinstance(kid.tag, str) and isinstance(nxt.tag, str):
            tail = " "
        parts.append(tail)
    return "".join(parts)


def unwrap_markers(root: etree._Element) -> etree._Element:
    """A copy of a parsed tree with parser markers gone: stray-text and ``ign`` wrappers become
    plain text, attributes in the parser's namespace are dropped."""
    work = copy.deepcopy(root)
    for node in list(work.iter(STRAY, "ign")):
        _unwrap_text(node)
    for node in work.iter():
        if isinstance(node.tag, str):
            for name in [a for a in node.attrib if a.startswith("{")]:
                del node.attrib[name]
    return work


def _unwrap_text(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    text = "".join(node.itertext()) + (node.tail or "")
    prev = node.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def first(node: etree._Element, path: str) -> etree._Element | None:
    """The first descendant matching an ElementPath, or None."""
    return node.find(path)


def child_text(node: etree._Element, name: str) -> str:
    """Text of the first child element called ``name`` ("" when absent)."""
    return text_of(node.find(name))


def tag(node) -> str:
    """The element name of a source node ("" for comments and processing instructions)."""
    return node.tag if isinstance(node.tag, str) else ""


def lang_of(value: str | None, default: str) -> str:
    """A language attribute value as an ISO 639-1 code."""
    value = clean(value).lower()
    return value[:2] if len(value) >= 2 and value not in ("nd", "zz") else default


def append_text(parent: etree._Element, text: str | None) -> None:
    """Add text at the end of an element's content (after its last child, if any)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def strip_edges(node: etree._Element) -> etree._Element:
    """Trim leading whitespace of the content and trailing whitespace of the last text."""
    if node.text:
        node.text = node.text.lstrip()
    if len(node):
        if node[-1].tail:
            node[-1].tail = node[-1].tail.rstrip()
    elif node.text:
        node.text = node.text.rstrip()
    return node


def split_date(iso: str | None) -> tuple[str, str, str]:
    """``YYYYMMDD`` (zeros for unknown parts) into (year, month, day) strings, "" if unknown."""
    digits = re.sub(r"\D", "", iso or "")
    year = digits[:4] if len(digits) >= 4 and digits[:4] != "0000" else ""
    month = digits[4:6] if len(digits) >= 6 and digits[4:6] != "00" else ""
    day = digits[6:8] if len(digits) >= 8 and digits[6:8] != "00" else ""
    return year, month, day


def date_parts(parent: etree._Element, iso: str | None, *, with_day: bool = True) -> bool:
    """Append day, month, year children for an ISO date; False when no year is known."""
    year, month, day = split_date(iso)
    if not year:
        return False
    if day and month and with_day:
        sub(parent, "day", day)
    if month:
        sub(parent, "month", month)
    sub(parent, "year", year)
    return True


def year_from(text: str) -> str:
    """The first plausible four-digit year in a printed date ("" if none)."""
    match = re.search(r"(1[5-9]\d\d|20\d\d)", text or "")
    return match.group(1) if match else ""
