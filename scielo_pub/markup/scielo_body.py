"""SciELO Markup bodies in (structured ``xmlbody`` or HTML kept as ``body`` CDATA), a JATS ``body`` out."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..sanitise import clean_html
from .scielo_common import HREF, Ctx, append_text, clean, el, strip_edges, sub, tag, text_of
from .scielo_inline import DISPLAY, convert_inline, display, inline, label, paragraph

SECTION_BLOCKS = {"sec", "subsec", "txtblock"}
LIST_TYPES = {"order", "bullet", "alpha-lower", "alpha-upper", "roman-lower", "roman-upper"}
LIST_TYPES |= {"simple"}


# --------------------------------------------------------------------------- structured xmlbody


def xml_body(node: etree._Element, ctx: Ctx, out_tag: str = "body") -> etree._Element:
    """``[xmlbody]`` -> ``<body>`` (sections, paragraphs, lists, figures, tables ...)."""
    body = el(out_tag)
    blocks(node, body, ctx)
    return order_sections(body)


def blocks(src: etree._Element, dst: etree._Element, ctx: Ctx) -> None:
    """Convert the block children of ``src`` and append them to ``dst``."""
    if _wordy(src.text):
        sub(dst, "p", clean(src.text))
    for child in src:
        block(child, dst, ctx)
        if _wordy(child.tail):
            sub(dst, "p", clean(child.tail))


def _wordy(text: str | None) -> bool:
    """Text between blocks worth a paragraph (not just printed punctuation)."""
    return bool(text and re.search(r"\w", text))


def block(node: etree._Element, dst: etree._Element, ctx: Ctx) -> None:
    name = tag(node)
    if name in SECTION_BLOCKS:
        dst.append(section(node, ctx))
    elif name == "p":
        dst.append(paragraph(node, ctx))
    elif name == "list":
        dst.append(list_(node, ctx))
    elif name == "deflist":
        dst.append(def_list(node, ctx))
    elif name == "boxedtxt":
        box = el("boxed-text", None, {"id": ctx.out_id(node.get("id"))})
        _titled(node, box, ctx)
        dst.append(order_sections(box))
    elif name == "versegrp":
        dst.append(verse(node, ctx))
    elif name == "sigblock":
        dst.append(sig_block(node, ctx))
    elif name in DISPLAY:
        dst.append(display(node, ctx))
    elif name == "sectitle":
        pass  # handled by the owner
    elif name:
        holder = el("p")
        convert_inline(node, holder, ctx)
        if len(holder) or clean(holder.text):
            dst.append(strip_edges(holder))


def section(node: etree._Element, ctx: Ctx) -> etree._Element:
    sec_type = node.get("sec-type")
    if sec_type in (None, "", "nd"):
        sec_type = None
    sec = el("sec", None, {"sec-type": sec_type})
    _titled(node, sec, ctx)
    return sec


def _titled(node: etree._Element, out: etree._Element, ctx: Ctx) -> None:
    title = node.find("sectitle")
    if title is not None:
        out.append(strip_edges(inline(title, el("title"), ctx)))
    elif tag(out) == "sec":
        sub(out, "title")
    blocks(node, out, ctx)


def list_(node: etree._Element, ctx: Ctx) -> etree._Element:
    kind = (node.get("listtype") or "").lower()
    out = el("list", None, {"list-type": kind if kind in LIST_TYPES else "simple"})
    for item in node.findall("li"):
        li = sub(out, "list-item")
        lab = label(item, ctx)
        if lab is not None:
            li.append(lab)
        li.append(strip_edges(inline(item, el("p"), ctx, skip=frozenset({"label"}))))
    return out


def def_list(node: etree._Element, ctx: Ctx) -> etree._Element:
    out = el("def-list", None, {"id": ctx.out_id(node.get("id"))})
    title = node.find("sectitle")
    if title is not None:
        out.append(strip_edges(inline(title, el("title"), ctx)))
    for item in node.findall("defitem"):
        row = sub(out, "def-item")
        row.append(strip_edges(inline(item.find("term"), el("term"), ctx)))
        for definition in item.findall("def"):
            row.append(el("def", None, None, paragraph(definition, ctx)))
    return out


def verse(node: etree._Element, ctx: Ctx) -> etree._Element:
    out = el("verse-group")
    for child in node:
        if tag(child) == "versline":
            out.append(strip_edges(inline(child, el("verse-line"), ctx)))
        elif tag(child) == "versegrp":
            out.append(verse(child, ctx))
    if not len(out):
        sub(out, "verse-line", text_of(node))
    return out


def sig_block(node: etree._Element, ctx: Ctx) -> etree._Element:
    out = el("sig-block")
    for child in node:
        if tag(child) == "sig":
            out.append(strip_edges(inline(child, el("sig"), ctx)))
        elif tag(child) == "role":
            sig = out[-1] if len(out) else sub(out, "sig")
            sub(sig, "break")
            append_text(sig, text_of(child))
    return out


def order_sections(parent: etree._Element) -> etree._Element:
    """JATS wants paragraphs before sections: move blocks that follow a section into it."""
    last_sec = None
    for child in list(parent):
        if child.tag == "sec":
            last_sec = child
        elif last_sec is not None and child.tag != "sig-block":
            last_sec.append(child)
    for sig in parent.findall("sig-block"):
        parent.append(sig)
    for sec in parent.findall("sec"):
        order_sections(sec)
    return parent


# --------------------------------------------------------------------------- HTML body (CDATA)

INLINE_HTML = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline"}
INLINE_HTML |= {"sup": "sup", "sub": "sub"}
#: heading level of h1..h6 (h1 and h2 both open top-level sections)
HEADINGS = {f"h{n}": max(1, n - 1) for n in range(1, 7)}


def html_body(node: etree._Element, ctx: Ctx) -> etree._Element:
    """``[body]`` HTML (CDATA) -> ``<body>`` with sections from headings and title-like paragraphs."""
    raw = "".join(node.itertext())
    cleaned = clean_html(raw)
    if not clean(cleaned):
        ctx.warn(
            node, "the [body] is empty", "sgml-empty-body", "Paste the article text into [body]."
        )
        return el("body")
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    builder = _HtmlBody(ctx)
    builder.walk(root)
    return order_sections(builder.body)


class _HtmlBody:
    """Walks sanitised HTML, keeping a stack of open sections by heading level."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.body = el("body")
        self.stack: list[tuple[int, etree._Element]] = [(0, self.body)]

    @property
    def here(self) -> etree._Element:
        return self.stack[-1][1]

    def open_section(self, level: int, title: etree._Element) -> None:
        while self.stack[-1][0] >= level:
            self.stack.pop()
        sec = sub(self.here, "sec")
        sec.append(title)
        self.stack.append((level, sec))

    def walk(self, container: etree._Element) -> None:
        if clean(container.text):
            sub(self.here, "p", clean(container.text))
        for child in container:
            self.block(child)
            if clean(child.tail):
                sub(self.here, "p", clean(child.tail))

    def block(self, node: etree._Element) -> None:
        name = node.tag if isinstance(node.tag, str) else ""
        if name in HEADINGS:
            self.open_section(HEADINGS[name], strip_edges(html_inline(node, el("title"))))
        elif name == "p":
            self.paragraph(node)
        elif name in ("ul", "ol"):
            self.here.append(html_list(node))
        elif name == "table":
            self.here.append(el("table-wrap", None, None, html_table(node)))
        elif name == "blockquote":
            self.here.append(el("disp-quote", None, None, strip_edges(html_inline(node, el("p")))))
        elif name in ("div", "center"):
            self.walk(node)
        elif name:
            para = html_inline_one(node)
            if len(para) or clean(para.text):
                self.here.append(para)

    def paragraph(self, node: etree._Element) -> None:
        text = clean(node.text_content())
        if not text:
            return
        if looks_like_title(node, text):
            self.open_section(2 if _is_subtitle(node) else 1, el("title", text))
        else:
            self.here.append(strip_edges(html_inline(node, el("p"))))


def looks_like_title(node: etree._Element, text: str) -> bool:
    """A short paragraph all in capitals, or wholly bold, without a final full stop."""
    if len(text) > 80 or text.endswith((".", ":", ";", ",")):
        return False
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", text)
    if letters and letters.isupper() and len(letters) >= 3:
        return True
    return _is_subtitle(node)


def _is_subtitle(node: etree._Element) -> bool:
    """The whole paragraph is one bold/strong run (a lower-level heading)."""
    kids = [k for k in node if isinstance(k.tag, str)]
    return (
        len(kids) == 1
        and kids[0].tag in ("b", "strong")
        and not clean(node.text)
        and not clean(kids[0].tail)
    )


def html_inline(src: etree._Element, dst: etree._Element) -> etree._Element:
    """Copy HTML inline content into a JATS element."""
    append_text(dst, src.text)
    for child in src:
        if isinstance(child.tag, str):
            _html_inline_child(child, dst)
        append_text(dst, child.tail)
    return dst


def _html_inline_child(child: etree._Element, dst: etree._Element) -> None:
    name = child.tag
    if name in INLINE_HTML:
        dst.append(html_inline(child, el(INLINE_HTML[name])))
    elif name == "a" and (child.get("href") or "").startswith(("http", "mailto", "ftp")):
        attrs = {"ext-link-type": "uri", HREF: child.get("href")}
        dst.append(html_inline(child, el("ext-link", None, attrs)))
    elif name == "img" and child.get("src"):
        dst.append(el("inline-graphic", None, {HREF: child.get("src")}))
    elif name == "br":
        append_text(dst, " ")
    else:
        html_inline(child, dst)


def html_inline_one(node: etree._Element) -> etree._Element:
    para = el("p")
    _html_inline_child(node, para)
    return strip_edges(para)


def html_list(node: etree._Element) -> etree._Element:
    out = el("list", None, {"list-type": "order" if node.tag == "ol" else "bullet"})
    for item in node.findall("li"):
        sub(out, "list-item").append(strip_edges(html_inline(item, el("p"))))
    if not len(out):
        sub(out, "list-item").append(el("p", clean(node.text_content())))
    return out


def html_table(node: etree._Element) -> etree._Element:
    table = el("table")
    rows = node.findall(".//tr")
    body = sub(table, "tbody")
    for row in rows:
        tr = sub(body, "tr")
        for cell in row:
            if cell.tag in ("td", "th"):
                attrs = {a: cell.get(a) for a in ("colspan", "rowspan", "align")}
                tr.append(strip_edges(html_inline(cell, el(cell.tag, None, attrs))))
        if not len(tr):
            body.remove(tr)
    if not len(body):
        sub(sub(body, "tr"), "td", clean(node.text_content()))
    return table
