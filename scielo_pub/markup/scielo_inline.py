"""Mixed SciELO Markup content in, JATS inline content and display objects (fig, table-wrap, formula) out."""

from __future__ import annotations

from lxml import etree

from ..sanitise import clean_mathml
from .scielo_common import HREF, MML, Ctx, append_text, el, strip_edges, sub, tag, text_of

#: Markup elements turned into a JATS element of another name with their content kept.
RENAME = {"sup": "sup", "sciname": "italic", "quote": "italic", "email": "email"}
#: Floating pieces that belong to the front matter wherever the editor tagged them.
FRONT_FLOATS = {"aff", "corresp", "normaff"}
#: Display objects allowed inside JATS paragraphs.
DISPLAY = {"figgrp", "figgrps", "tabwrap", "equation", "supplmat", "cltrial"}

XREF_TYPES = {"aff", "app", "author-notes", "bibr", "boxed-text", "contrib", "corresp"}
XREF_TYPES |= {"disp-formula", "fig", "fn", "list", "other", "supplementary-material", "table"}


def inline(
    src: etree._Element, dst: etree._Element, ctx: Ctx, *, skip=frozenset()
) -> etree._Element:
    """Copy the text and inline children of ``src`` into ``dst``; returns ``dst``."""
    append_text(dst, src.text)
    for child in src:
        name = tag(child)
        if name and name not in skip:
            convert_inline(child, dst, ctx)
        append_text(dst, child.tail)
    return dst


def convert_inline(node: etree._Element, dst: etree._Element, ctx: Ctx) -> None:
    """Append the JATS form of one inline source element to ``dst``."""
    name = tag(node)
    if name in RENAME:
        dst.append(inline(node, el(RENAME[name]), ctx))
    elif name == "xref":
        dst.append(xref(node, ctx))
    elif name == "uri":
        href = node.get("href") or text_of(node)
        dst.append(inline(node, el("ext-link", None, {"ext-link-type": "uri", HREF: href}), ctx))
    elif name == "graphic":
        dst.append(el("inline-graphic", None, {HREF: node.get("href") or text_of(node)}))
    elif name in FRONT_FLOATS:
        keep_front_float(node, ctx)
    elif name in DISPLAY:
        obj = display(node, ctx)
        if obj is not None:
            dst.append(obj)
    elif name in ("cpright", "licinfo"):
        ctx.licenses.append(node)
    elif name == "funding":
        ctx.fundings.append(node)
        append_text(dst, text_of(node))
    else:
        # ign (stray text), related, element, product ... keep their words
        append_text(dst, text_of(node) if name != "ign" else "".join(node.itertext()))


def keep_front_float(node: etree._Element, ctx: Ctx) -> None:
    if tag(node) == "corresp":
        ctx.corresps.append(node)
    else:
        ctx.affs.append(node)


def xref(node: etree._Element, ctx: Ctx) -> etree._Element:
    """``[xref ref-type rid]`` -> ``<xref ref-type rid>``; the rid is checked at the end."""
    rids = [ctx.out_id(r) for r in (node.get("rid") or "").split()]
    ref_type = (node.get("ref-type") or "").lower() or None
    if ref_type and ref_type not in XREF_TYPES:
        ref_type = "other"
    out = el("xref", None, {"ref-type": ref_type, "rid": " ".join(r for r in rids if r) or None})
    return inline(node, out, ctx)


def caption(node: etree._Element, ctx: Ctx) -> etree._Element | None:
    """``[caption]`` -> ``<caption><title>``."""
    cap = node.find("caption")
    if cap is None or not text_of(cap):
        return None
    return el("caption", None, None, strip_edges(inline(cap, el("title"), ctx)))


def label(node: etree._Element, ctx: Ctx) -> etree._Element | None:
    lab = node.find("label")
    if lab is None or not text_of(lab):
        return None
    return strip_edges(inline(lab, el("label"), ctx))


def display(node: etree._Element, ctx: Ctx) -> etree._Element | None:
    """A figure, figure group, table, equation or supplementary file in JATS form."""
    name = tag(node)
    builders = {
        "figgrp": figure,
        "figgrps": figure_group,
        "tabwrap": table_wrap,
        "equation": formula,
        "supplmat": supplementary,
        "cltrial": clinical_trial,
    }
    return builders[name](node, ctx)


def figure(node: etree._Element, ctx: Ctx) -> etree._Element:
    fig = el("fig", None, {"id": ctx.out_id(node.get("id")), "fig-type": node.get("ftype")})
    for piece in (label(node, ctx), caption(node, ctx)):
        if piece is not None:
            fig.append(piece)
    notes = text_of(node.find("notes"))
    if notes:
        sub(fig, "p", notes)
    for child in node:
        visual(child, fig, ctx)
    alt = text_of(node.find("alttext"))
    if alt:
        graphic = fig.find("graphic")
        if graphic is not None:
            sub(graphic, "alt-text", alt)
    attrib = text_of(node.find("attrib"))
    if attrib:
        sub(fig, "attrib", attrib)
    return fig


def figure_group(node: etree._Element, ctx: Ctx) -> etree._Element:
    group = el("fig-group", None, {"id": ctx.out_id(node.get("id"))})
    for piece in (label(node, ctx), caption(node, ctx)):
        if piece is not None:
            group.append(piece)
    for fig in node.findall("figgrp"):
        group.append(figure(fig, ctx))
    return group


def visual(child: etree._Element, parent: etree._Element, ctx: Ctx) -> None:
    """graphic / mmlmath / texmath children of a figure or formula."""
    name = tag(child)
    if name == "graphic":
        sub(parent, "graphic", None, {HREF: child.get("href") or text_of(child)})
    elif name == "texmath":
        sub(parent, "tex-math", "".join(child.itertext()).strip())
    elif name == "mmlmath":
        math = mathml(child, ctx)
        if math is not None:
            parent.append(math)


def mathml(node: etree._Element, ctx: Ctx) -> etree._Element | None:
    """MathML kept as CDATA text -> an ``mml:math`` element (parsed without entities or network)."""
    source = "".join(node.itertext()).strip()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        math = etree.fromstring(source.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        ctx.warn(
            node,
            f"MathML is not well-formed: {exc}",
            "sgml-mathml",
            "Fix the MathML inside [mmlmath]; it was kept as TeX-free text.",
        )
        return None
    for item in math.iter():
        if isinstance(item.tag, str):
            item.tag = f"{{{MML}}}{etree.QName(item).localname}"
    etree.cleanup_namespaces(math)
    return clean_mathml(math)


def formula(node: etree._Element, ctx: Ctx) -> etree._Element:
    out = el("disp-formula", None, {"id": ctx.out_id(node.get("id"))})
    lab = label(node, ctx)
    if lab is not None:
        out.append(lab)
    for child in node:
        visual(child, out, ctx)
    return out


def table_wrap(node: etree._Element, ctx: Ctx) -> etree._Element:
    wrap = el("table-wrap", None, {"id": ctx.out_id(node.get("id"))})
    for piece in (label(node, ctx), caption(node, ctx)):
        if piece is not None:
            wrap.append(piece)
    for child in node:
        if tag(child) == "table":
            wrap.append(table(child, ctx))
        elif tag(child) == "graphic":
            sub(wrap, "graphic", None, {HREF: child.get("href") or text_of(child)})
    notes = node.findall("fntable")
    if notes:
        foot = sub(wrap, "table-wrap-foot")
        for note in notes:
            foot.append(footnote(note, ctx))
    return wrap


def table(node: etree._Element, ctx: Ctx) -> etree._Element:
    out = el("table")
    for part in node:
        if tag(part) in ("thead", "tbody"):
            group = sub(out, tag(part))
            for row in part.findall("tr"):
                tr = sub(group, "tr")
                for cell in row:
                    if tag(cell) in ("td", "th"):
                        attrs = {a: cell.get(a) for a in ("align", "rowspan", "colspan")}
                        tr.append(inline(cell, el(tag(cell), None, attrs), ctx))
    return out


def footnote(node: etree._Element, ctx: Ctx, fn_type: str | None = None) -> etree._Element:
    """``[fn]`` / ``[fntable]`` -> ``<fn>`` with a label and one paragraph."""
    fn = el("fn", None, {"id": ctx.out_id(node.get("id")), "fn-type": fn_type})
    lab = label(node, ctx)
    if lab is not None:
        fn.append(lab)
    para = strip_edges(inline(node, el("p"), ctx, skip=frozenset({"label"})))
    fn.append(para)
    return fn


def supplementary(node: etree._Element, ctx: Ctx) -> etree._Element:
    attrs = {"id": ctx.out_id(node.get("id")), HREF: node.get("href")}
    out = el("supplementary-material", None, attrs)
    for piece in (label(node, ctx), caption(node, ctx)):
        if piece is not None:
            out.append(piece)
    return out


def clinical_trial(node: etree._Element, ctx: Ctx) -> etree._Element:
    para = el("p")
    for reg in node.findall("ctreg"):
        link = sub(para, "ext-link", text_of(reg), {"ext-link-type": "uri", HREF: reg.get("cturl")})
        link.tail = " "
    return strip_edges(para)


def paragraph(node: etree._Element, ctx: Ctx) -> etree._Element:
    """``[p]`` -> ``<p>``, whitespace at the edges trimmed."""
    para = inline(node, el("p"), ctx)
    return strip_edges(para)
