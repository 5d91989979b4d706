"""SciELO Markup back matter in (ack, footnotes, appendices, glossaries, reference lists), JATS ``back`` out."""

from __future__ import annotations

from lxml import etree

from .scielo_body import block, def_list, order_sections
from .scielo_common import Ctx, clean, el, strip_edges, sub, tag, text_of
from .scielo_front import AUTHOR_FN_TYPES
from .scielo_inline import footnote, inline, label, paragraph
from .scielo_refs import STYLES, ref_list

FN_TYPES = {"abbr", "com", "con", "conflict", "corresp", "current-aff", "deceased", "edited-by"}
FN_TYPES |= {"equal", "financial-disclosure", "on-leave", "other", "participating-researchers"}
FN_TYPES |= {"present-address", "presented-at", "presented-by", "previously-at"}
FN_TYPES |= {"study-group-members", "supplementary-material", "supported-by"}
#: back-matter elements whose content belongs to the front (handled there)
FRONT_ITEMS = {"licenses", "corresp", "bbibcom", "cc"}


class BackBuilder:
    """Collects back-matter parts in source order and emits a JATS ``back``."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.back = el("back")
        self.refs: etree._Element | None = None
        self.ref_count = 0

    def add(self, node: etree._Element) -> None:
        """Add one back-matter element (or a top-level doc element of that kind)."""
        name = tag(node)
        if name == "ack":
            self.back.append(acknowledgements(node, self.ctx))
        elif name in STYLES or name == "refs":
            self._references(node)
        elif name == "fngrp":
            group = footnotes(node, self.ctx)
            if group is not None:
                self.back.append(group)
        elif name in ("app", "appgrp"):
            self._appendices(node)
        elif name in ("glossary", "deflist"):
            self.back.append(glossary(node, self.ctx))
        elif name in ("licenses", "cc"):
            self.ctx.licenses.append(node)
        elif name == "corresp":
            self.ctx.corresps.append(node)

    def _references(self, node: etree._Element) -> None:
        if self.refs is None:
            self.refs = sub(self.back, "ref-list")
            title = node.find("sectitle")
            if title is not None and text_of(title):
                sub(self.refs, "title", text_of(title))
        refs = ref_list(node, self.ctx, self.ref_count + 1)
        self.ref_count += len(refs)
        self.refs.extend(refs)

    def _appendices(self, node: etree._Element) -> None:
        group = self.back.find("app-group")
        if group is None:
            group = sub(self.back, "app-group")
        for app in [node] if tag(node) == "app" else node.findall("app"):
            group.append(appendix(app, self.ctx))

    def result(self) -> etree._Element | None:
        if self.refs is not None and self.refs.find("ref") is None:
            self.back.remove(self.refs)
        return self.back if len(self.back) else None


def acknowledgements(node: etree._Element, ctx: Ctx) -> etree._Element:
    ack = el("ack")
    title = node.find("sectitle")
    if title is not None and text_of(title):
        sub(ack, "title", text_of(title))
    for para in node.findall("p"):
        ack.append(paragraph(para, ctx))
    if ack.find("p") is None and clean(node.text):
        sub(ack, "p", clean(node.text))
    return ack


def footnotes(node: etree._Element, ctx: Ctx) -> etree._Element | None:
    """``[fngrp]`` -> ``<fn-group>``; author-related notes go to the front's author-notes."""
    group = el("fn-group")
    title = node.find("sectitle")
    if title is not None and text_of(title):
        sub(group, "title", text_of(title))
    for fn in node.findall("fn"):
        kind = clean(fn.get("fntype")).lower()
        out = footnote(fn, ctx, kind if kind in FN_TYPES else "other")
        if kind in AUTHOR_FN_TYPES:
            ctx.author_fns.append(out)
        else:
            group.append(out)
    return group if group.find("fn") is not None else None


def appendix(node: etree._Element, ctx: Ctx) -> etree._Element:
    app = el("app", None, {"id": ctx.out_id(node.get("id"))})
    lab = label(node, ctx)
    if lab is not None:
        app.append(lab)
    title = node.find("sectitle")
    if title is not None and text_of(title):
        app.append(strip_edges(inline(title, el("title"), ctx)))
    for child in node:
        if tag(child) not in ("label", "sectitle"):
            block(child, app, ctx)
    return order_sections(app)


def glossary(node: etree._Element, ctx: Ctx) -> etree._Element:
    out = el("glossary")
    title = node.find("sectitle")
    if title is not None and text_of(title) and tag(node) == "glossary":
        sub(out, "title", text_of(title))
    lists = [node] if tag(node) == "deflist" else node.findall("deflist")
    for item in lists:
        out.append(def_list(item, ctx))
    for inner in node.findall("glossary"):
        out.append(glossary(inner, ctx))
    return out
