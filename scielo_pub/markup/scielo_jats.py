"""A parsed SciELO Markup tree (article, text or doc) in, a SciELO PS JATS XML tree and diagnostics out.

Public entry: :func:`sgml_to_jats`. The mapping follows SciELO's own SGML-to-XML converter:
front matter to ``article-meta``, ``xmlbody`` or HTML ``body`` to ``body``, back matter and
references to ``back``, translations (``subart``/``subdoc``) to ``sub-article``.
"""

from __future__ import annotations

import dataclasses

from lxml import etree

from ..errors import Diagnostic
from .scielo_back import BackBuilder
from .scielo_body import html_body, order_sections, xml_body
from .scielo_common import (
    XML_LANG,
    Ctx,
    append_text,
    clean,
    el,
    lang_of,
    sub,
    tag,
    text_of,
    unwrap_markers,
)
from .scielo_doc import convert_doc
from .scielo_front import FrontParts, article_meta, journal_meta, new_article, titles_from
from .scielo_inline import convert_inline
from .scielo_refs import register_ids
from .scielo_tidy import tidy

JATS_PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN"
JATS_SYSTEM_ID = "https://jats.nlm.nih.gov/publishing/1.1/JATS-journalpublishing1.dtd"
#: ids of these source elements become the id of a JATS element of this ref-type
ID_TYPES = {
    "aff": "aff",
    "normaff": "aff",
    "corresp": "corresp",
    "figgrp": "fig",
    "figgrps": "fig",
    "tabwrap": "table",
    "equation": "disp-formula",
    "fn": "fn",
    "fntable": "fn",
    "app": "app",
    "boxedtxt": "boxed-text",
    "supplmat": "supplementary-material",
    "deflist": "list",
}
NESTED = ("subart", "response", "subdoc", "docresp")


def sgml_to_jats(
    tree: etree._ElementTree | etree._Element, *, path: str = "<input>"
) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """Convert a SciELO Markup tree (lower-case names) to a SciELO PS (JATS 1.1) tree."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    root = unwrap_markers(root)
    ctx = Ctx(path=path, lang=lang_of(root.get("language"), "en"))
    converters = {"article": convert_article, "text": convert_text, "doc": convert_doc}
    convert = converters.get(tag(root))
    if convert is None:
        ctx.error(
            root,
            f"the document element is [{tag(root)}], not [article], [text] or [doc]",
            "sgml-root",
            "Start the file with the [article ...], [text ...] or [doc ...] tag.",
        )
        return None, ctx.diagnostics
    register(root, ctx)
    article = convert(root, ctx)
    tidy(article, ctx)
    out = etree.ElementTree(article)
    out.docinfo.public_id = JATS_PUBLIC_ID
    out.docinfo.system_url = JATS_SYSTEM_ID
    return out, ctx.diagnostics


def register(root: etree._Element, ctx: Ctx) -> None:
    """Record every source id (case-folded key) and what kind of object carries it."""
    for node in root.iter():
        raw = node.get("id") if isinstance(node.tag, str) else None
        if raw:
            ctx.ids.setdefault(raw.lower(), raw)
            if tag(node) in ID_TYPES:
                ctx.id_types[raw] = ID_TYPES[tag(node)]
    register_ids(root, ctx)


# --------------------------------------------------------------------------- article (art4_0)


def convert_article(root: etree._Element, ctx: Ctx) -> etree._Element:
    article = new_article(root, ctx)
    parts = FrontParts(attrs=dict(root.attrib), lang=ctx.lang)
    collect_floats(root, ctx)
    front = root.find("front")
    if front is not None:
        gather_front(front, parts, ctx)
    body = _body(root, ctx)
    back = _back(root.find("back"), parts, ctx)
    fr = sub(article, "front")
    fr.append(journal_meta(parts.attrs))
    fr.append(article_meta(parts, ctx))
    article.append(body)
    if back is not None:
        article.append(back)
    for nested in root:
        if tag(nested) in NESTED:
            article.append(sub_article(nested, ctx))
    add_counts(article)
    return article


_COUNTED = (("fig-count", "fig"), ("table-count", "table-wrap"), ("equation-count", "disp-formula"),
            ("ref-count", "ref"))  # fmt: skip


def add_counts(article: etree._Element) -> None:
    """``article-meta/counts`` from what the converted document holds, as SciELO's converter writes it
    (whole document, translations included; pages from fpage/lpage when both are numbers)."""
    meta = article.find("front/article-meta")
    if meta is None or meta.find("counts") is not None:
        return
    counts = etree.Element("counts")
    for count_tag, counted in _COUNTED:
        etree.SubElement(counts, count_tag, count=str(sum(1 for _ in article.iter(counted))))
    first, last = meta.findtext("fpage"), meta.findtext("lpage")
    if first and last and first.isdigit() and last.isdigit() and int(last) >= int(first):
        etree.SubElement(counts, "page-count", count=str(int(last) - int(first) + 1))
    custom = meta.find("custom-meta-group")
    if custom is not None:
        custom.addprevious(counts)
    else:
        meta.append(counts)


def collect_floats(root: etree._Element, ctx: Ctx) -> None:
    """Affiliations and correspondence tagged anywhere outside translations belong to the front."""
    for node in root.iter("aff", "normaff", "corresp"):
        if not any(tag(a) in NESTED for a in node.iterancestors()):
            (ctx.corresps if tag(node) == "corresp" else ctx.affs).append(node)


def gather_front(front: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    for child in front:
        name = tag(child)
        if name == "toctitle":
            parts.toctitle = text_of(child)
        elif name == "doi":
            parts.doi = text_of(child)
        elif name == "titlegrp":
            parts.titles.extend(titles_from(child, parts.lang))
        elif name == "authgrp":
            parts.authors.extend(c for c in child if tag(c))
        elif name in ("bibcom", "bbibcom"):
            gather_bibcom(child, parts, ctx)
        elif name == "related":
            parts.related.append(child)


def gather_bibcom(node: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    parts.titles.extend(titles_from(node, parts.lang))
    for child in node:
        name = tag(child)
        if name in ("abstract", "xmlabstr"):
            parts.abstracts.append(child)
        elif name in ("keygrp", "kwdgrp"):
            parts.keywords.append(child)
        elif name == "hist":
            parts.hist = child
        elif name == "report":
            ctx.fundings.append(_report_funding(child))


def _report_funding(report: etree._Element) -> etree._Element:
    """``[report]`` (sponsor + contract) seen as a funding award."""
    award = el("award")
    for sponsor in report.iter("rsponsor"):
        sub(award, "fundsrc", text_of(sponsor.find("orgname")) or text_of(sponsor))
    for contract in report.iter("contract"):
        sub(award, "contract", text_of(contract))
    return el("funding", None, None, award)


def _body(root: etree._Element, ctx: Ctx) -> etree._Element:
    xml = root.find("xmlbody")
    if xml is not None:
        return xml_body(xml, ctx)
    html = root.find("body")
    if html is not None:
        return html_body(html, ctx)
    return el("body")


def _back(back: etree._Element | None, parts: FrontParts, ctx: Ctx) -> etree._Element | None:
    if back is None:
        return None
    builder = BackBuilder(ctx)
    for child in back:
        if tag(child) == "bbibcom":
            gather_bibcom(child, parts, ctx)
        else:
            builder.add(child)
    return builder.result()


def sub_article(node: etree._Element, ctx: Ctx) -> etree._Element:
    """``[subart]`` / ``[response]`` -> ``<sub-article>`` with its own front-stub, body and back."""
    lang = lang_of(node.get("language"), ctx.lang)
    local = dataclasses.replace(
        ctx, lang=lang, affs=[], corresps=[], author_fns=[], licenses=[], fundings=[]
    )
    kind = clean(node.get("subarttp") or node.get("resptp")) or "translation"
    attrs = {"article-type": kind, "id": ctx.out_id(node.get("id")), XML_LANG: lang}
    out = etree.Element("sub-article" if tag(node) in ("subart", "subdoc") else "response", attrs)
    parts = FrontParts(attrs={}, lang=lang)
    for item in node.iter("aff", "normaff", "corresp"):
        (local.corresps if tag(item) == "corresp" else local.affs).append(item)
    front = node.find("front")
    if front is not None:
        gather_front(front, parts, local)
    body = _body(node, local)
    back = _back(node.find("back"), parts, local)
    out.append(article_meta(parts, local, stub=True))
    out.append(body)
    if back is not None:
        out.append(back)
    for nested in node:
        if tag(nested) in NESTED:
            out.append(sub_article(nested, ctx))
    return out


# --------------------------------------------------------------------------- text (text4_0)

TEXT_STRUCTURE = {"titlegrp", "authgrp", "aff", "xmlbody", "back", "doi", "url", "related"}


def convert_text(root: etree._Element, ctx: Ctx) -> etree._Element:
    """Editorials, letters, press releases: titles, authors and free text or an xmlbody."""
    article = new_article(root, ctx)
    parts = FrontParts(attrs=dict(root.attrib), lang=ctx.lang)
    collect_floats(root, ctx)
    gather_front(root, parts, ctx)
    xml = root.find("xmlbody")
    body = xml_body(xml, ctx) if xml is not None else free_text(root, ctx)
    back = _back(root.find("back"), parts, ctx)
    fr = sub(article, "front")
    fr.append(journal_meta(parts.attrs))
    fr.append(article_meta(parts, ctx))
    article.append(body)
    if back is not None:
        article.append(back)
    return article


def free_text(root: etree._Element, ctx: Ctx) -> etree._Element:
    """The #PCDATA of a [text] (with its floating inline tags) -> paragraphs, one per line."""
    holder = el("p")
    holder.text = root.text
    for child in root:
        if tag(child) in TEXT_STRUCTURE:
            holder.append(el("br-marker"))
            holder[-1].tail = child.tail
            continue
        convert_inline(child, holder, ctx)
        append_text(holder, child.tail)
    body = el("body")
    for para in _split_lines(holder):
        body.append(para)
    return order_sections(body)


def _split_lines(holder: etree._Element) -> list[etree._Element]:
    """Break mixed content at newlines and structure markers into separate ``p`` elements."""
    paras: list[etree._Element] = [el("p")]

    def add_text(text: str | None) -> None:
        if not text:
            return
        lines = text.split("\n")
        _append(paras[-1], lines[0])
        for line in lines[1:]:
            paras.append(el("p"))
            _append(paras[-1], line)

    add_text(holder.text)
    for child in list(holder):
        tail = child.tail
        child.tail = None
        if child.tag == "br-marker":
            paras.append(el("p"))
        else:
            paras[-1].append(child)
        add_text(tail)
    out = []
    for para in paras:
        if len(para) or clean(para.text):
            out.append(_trim(para))
    return out


def _append(para: etree._Element, text: str) -> None:
    if len(para):
        para[-1].tail = (para[-1].tail or "") + text
    else:
        para.text = (para.text or "") + text


def _trim(para: etree._Element) -> etree._Element:
    if para.text:
        para.text = para.text.lstrip()
    if len(para) and para[-1].tail:
        para[-1].tail = para[-1].tail.rstrip()
    elif para.text:
        para.text = para.text.rstrip()
    return para
