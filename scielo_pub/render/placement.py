"""A rendered body HTML fragment in, the print version out: floats after their first citation, wide tables marked.

Only the PDF uses this. The article's canonical tree and the site's HTML are left as they are; the
fragment is re-parsed, so the same view can feed both outputs.

* A float (``figure.fig``, ``.fig-group``, ``.table-wrap``, ``.table-wrap-group``) is moved right after
  the top-level block (paragraph, list, quote, box: a direct child of a section or of the body) that
  holds its first in-text ``a.xref`` (an xref pointing at a figure or table inside a group counts for
  the group). Xrefs inside other floats are not "in-text". Uncited floats, and floats already inside
  their citing block, stay where they are. Several floats cited by one block keep their citation order.
* Tables whose header rows are only ``th`` cells but sit in ``tbody`` get a ``thead`` (WeasyPrint
  repeats ``thead`` on every page a table spans).
* Tables with many columns are marked: ``DENSE_COLUMNS`` or more gets a smaller font (class
  ``dense``); ``WIDE_COLUMNS`` or more goes on a landscape page (class ``wide``, CSS ``page: wide``).
  Tables of ``SHORT_ROWS`` rows or fewer are kept on one page (class ``short``).
"""

from __future__ import annotations

import lxml.html
from lxml import etree

#: From 7 columns a 7.5pt table on a portrait A4 text block (174 mm) leaves < 25 mm per column.
DENSE_COLUMNS = 7
#: Tables of at most 12 rows are kept whole: splitting them leaves a row or two stranded.
SHORT_ROWS = 12
#: From 10 columns cells would fall under 18 mm even at 6.5pt: the table gets a landscape page.
WIDE_COLUMNS = 10

_FLOAT_CLASSES = frozenset({"fig", "fig-group", "table-wrap", "table-wrap-group"})
_CONTAINERS = frozenset({"section"})


def print_body(html: str) -> str:
    """``html`` (a body fragment from ``body.Writer``) laid out for print; unchanged if nothing moves."""
    if "<figure" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = place_floats(root)
    changed = mark_tables(root) or changed
    if not changed:
        return html
    text = etree.tostring(root, encoding="unicode", method="html")
    return text[len("<div>") : -len("</div>")]


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _is_float(el: etree._Element) -> bool:
    return el.tag == "figure" and bool(_classes(el) & _FLOAT_CLASSES)


def _top_floats(root: etree._Element) -> list[etree._Element]:
    """Floats not nested in another float, in document order."""
    return [
        el
        for el in root.iter("figure")
        if _is_float(el) and not any(_is_float(a) for a in el.iterancestors("figure"))
    ]


def _float_for_id(floats: list[etree._Element]) -> dict[str, etree._Element]:
    """Every id a citation may point at (the float's or one inside it) -> its top-level float."""
    out: dict[str, etree._Element] = {}
    for fl in floats:
        for el in fl.iter():
            ident = el.get("id") if isinstance(el.tag, str) else None
            if ident:
                out.setdefault(ident, fl)
    return out


def _citing_block(xref: etree._Element, root: etree._Element) -> etree._Element | None:
    """The direct child of a section (or of the body) holding ``xref``; None inside a float."""
    node = xref
    while True:
        parent = node.getparent()
        if parent is None:
            return None
        if node is not xref and _is_float(node):
            return None
        if parent is root or parent.tag in _CONTAINERS:
            return node if node is not xref else None
        node = parent


def _first_citations(root: etree._Element, by_id: dict[str, etree._Element]):
    """``(float, citing block)`` in order of first citation, one per cited float."""
    seen: dict[int, tuple[etree._Element, etree._Element]] = {}
    for a in root.iter("a"):
        href = a.get("href") or ""
        if "xref" not in _classes(a) or not href.startswith("#"):
            continue
        fl = by_id.get(href[1:])
        if fl is None or id(fl) in seen:
            continue
        block = _citing_block(a, root)
        if block is not None:
            seen[id(fl)] = (fl, block)
    return list(seen.values())


def place_floats(root: etree._Element) -> bool:
    """Move cited floats after their citing block (in place, on the parsed fragment); True if any moved."""
    floats = _top_floats(root)
    if not floats:
        return False
    moved = False
    cursor: dict[int, etree._Element] = {}
    for fl, block in _first_citations(root, _float_for_id(floats)):
        if fl is block or _contains(block, fl) or _contains(fl, block):
            continue
        after = cursor.get(id(block), block)
        if after.getnext() is fl:
            cursor[id(block)] = fl
            continue
        _detach(fl)
        after.addnext(fl)
        cursor[id(block)] = fl
        moved = True
    return moved


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return any(a is outer for a in inner.iterancestors())


def _detach(el: etree._Element) -> None:
    """Remove ``el`` keeping its tail text; drop a paragraph wrapper it leaves empty."""
    parent = el.getparent()
    tail, el.tail = el.tail, None
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
    empty = len(parent) == 0 and not (parent.text or "").strip()
    if empty and "p" in _classes(parent) and parent.getparent() is not None:
        _detach(parent)


def mark_tables(root: etree._Element) -> bool:
    """Give header rows a ``thead`` and class many-column table floats; True if anything changed."""
    changed = False
    for wrap in root.iter("figure"):
        if "table-wrap" not in _classes(wrap):
            continue
        tables = list(wrap.iter("table"))
        for table in tables:
            changed = _promote_header(table) or changed
        cols = max((_columns(t) for t in tables), default=0)
        extra = "wide" if cols >= WIDE_COLUMNS else "dense" if cols >= DENSE_COLUMNS else ""
        if tables and sum(len(t.xpath(".//tr")) for t in tables) <= SHORT_ROWS:
            extra = f"{extra} short".strip()
        if extra:
            wrap.set("class", f"{wrap.get('class')} {extra}")
            changed = True
    return changed


def _columns(table: etree._Element) -> int:
    """The largest number of columns any row spans (``colspan`` counted)."""
    widest = 0
    for row in table.iter("tr"):
        widest = max(widest, sum(_span(c) for c in row if c.tag in ("td", "th")))
    return widest


def _span(cell: etree._Element) -> int:
    value = cell.get("colspan") or "1"
    return int(value) if value.isdigit() and 0 < int(value) < 100 else 1


def _promote_header(table: etree._Element) -> bool:
    """Leading all-``th`` rows of the first ``tbody`` become a ``thead`` when the table has none."""
    if table.find("thead") is not None:
        return False
    body = table.find("tbody")
    rows = [] if body is None else list(body)
    head_rows = []
    for row in rows:
        cells = [c for c in row if c.tag in ("td", "th")]
        if row.tag != "tr" or not cells or any(c.tag != "th" for c in cells):
            break
        head_rows.append(row)
    if not head_rows or len(head_rows) == len(rows):
        return False
    thead = etree.Element("thead")
    for row in head_rows:
        thead.append(row)
    body.addprevious(thead)
    return True
