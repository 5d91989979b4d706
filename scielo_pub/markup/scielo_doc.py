"""A SciELO Markup ``doc`` tree (doc4_0: flat, JATS-like tagging) in, a JATS ``article`` element out."""

from __future__ import annotations

import dataclasses

from lxml import etree

from .scielo_back import BackBuilder
from .scielo_body import xml_body
from .scielo_common import XML_LANG, Ctx, clean, el, lang_of, sub, tag, text_of
from .scielo_front import FrontParts, article_meta, journal_meta, new_article

PEOPLE = {"author", "corpauth", "onbehalf"}
BACK = {"ack", "glossary", "deflist", "app", "appgrp", "refs", "fngrp", "cc"}
NESTED = {"subdoc", "docresp"}


def convert_doc(root: etree._Element, ctx: Ctx) -> etree._Element:
    """``[doc]`` -> ``<article>``; ``[subdoc]``/``[docresp]`` -> ``sub-article``/``response``."""
    article = new_article(root, ctx)
    front, body, back, nested = _doc_parts(root, ctx, dict(root.attrib))
    fr = sub(article, "front")
    fr.append(journal_meta(dict(root.attrib)))
    fr.append(front)
    article.append(body)
    if back is not None:
        article.append(back)
    article.extend(nested)
    return article


def _doc_parts(node: etree._Element, ctx: Ctx, attrs: dict[str, str], *, stub: bool = False):
    parts = FrontParts(attrs=attrs, lang=ctx.lang)
    for item in node.iter("normaff", "aff", "corresp"):
        if _owner(item) is node:
            (ctx.corresps if tag(item) == "corresp" else ctx.affs).append(item)
    builder = BackBuilder(ctx)
    body = None
    for child in node:
        name = tag(child)
        if name == "xmlbody":
            body = xml_body(child, ctx)
        elif name in BACK:
            builder.add(child)
        else:
            _front_item(child, parts, ctx)
    nested = [_nested(child, ctx) for child in node if tag(child) in NESTED]
    back = builder.result()
    front = article_meta(parts, ctx, stub=stub)
    return front, body if body is not None else el("body"), back, nested


def _owner(node: etree._Element) -> etree._Element | None:
    """The nearest doc, subdoc or docresp that contains ``node``."""
    for ancestor in node.iterancestors():
        if tag(ancestor) in NESTED or tag(ancestor) == "doc":
            return ancestor
    return None


def _front_item(child: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    name = tag(child)
    if name == "toctitle":
        parts.toctitle = text_of(child)
    elif name == "doi":
        parts.doi = text_of(child)
    elif name == "doctitle":
        lang = lang_of(child.get("language"), parts.lang)
        parts.titles.append((lang, child, text_of(child.find("subtitle"))))
    elif name in PEOPLE:
        parts.authors.append(child)
    elif name in ("abstract", "xmlabstr"):
        parts.abstracts.append(child)
    elif name == "kwdgrp":
        parts.keywords.append(child)
    elif name == "hist":
        parts.hist = child
    elif name == "funding":
        ctx.fundings.append(child)
    elif name == "related":
        parts.related.append(child)


def _nested(node: etree._Element, ctx: Ctx) -> etree._Element:
    lang = lang_of(node.get("language"), ctx.lang)
    local = dataclasses.replace(
        ctx, lang=lang, affs=[], corresps=[], author_fns=[], licenses=[], fundings=[]
    )
    kind = clean(node.get("subarttp")) or ("reply" if tag(node) == "docresp" else "translation")
    attrs = {"article-type": kind, "id": ctx.out_id(node.get("id")), XML_LANG: lang}
    out = el("sub-article" if tag(node) == "subdoc" else "response", None, attrs)
    front, body, back, nested = _doc_parts(node, local, {}, stub=True)
    out.append(front)
    out.append(body)
    if back is not None:
        out.append(back)
    out.extend(nested)
    return out
