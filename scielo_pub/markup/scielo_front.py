"""Front-matter pieces of a SciELO Markup document in, JATS ``journal-meta`` and ``article-meta`` out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .scielo_common import (
    HREF,
    NSMAP,
    XML_LANG,
    Ctx,
    clean,
    date_parts,
    el,
    lang_of,
    strip_edges,
    sub,
    tag,
    text_of,
)
from .scielo_inline import inline, paragraph
from .scielo_people import affiliation, contrib_group, correspondence, fix_contrib_xrefs

#: ``doctopic`` codes of the Markup program -> JATS article-type (as SciELO's converter maps them).
ARTICLE_TYPES = {
    "oa": "research-article",
    "ab": "abstract",
    "an": "announcement",
    "co": "article-commentary",
    "rc": "book-review",
    "rn": "brief-report",
    "cr": "case-report",
    "er": "correction",
    "ed": "editorial",
    "in": "interview",
    "le": "letter",
    "pr": "press-release",
    "sc": "rapid-communication",
    "re": "retraction",
    "ra": "review-article",
    "zz": "other",
    "pv": "article-commentary",
    "tr": "translation",
    "mt": "research-article",
}
#: footnote types that are about the authors (go to author-notes, not the back).
AUTHOR_FN_TYPES = {"abbr", "com", "con", "conflict", "corresp", "current-aff", "deceased"}
AUTHOR_FN_TYPES |= {"edited-by", "equal", "on-leave", "present-address", "previously-at"}
AUTHOR_FN_TYPES |= {"participating-researchers", "study-group-members", "author"}


@dataclass
class FrontParts:
    """Source nodes that make up the front matter, gathered from wherever Markup put them."""

    attrs: dict[str, str]
    lang: str
    toctitle: str = ""
    doi: str = ""
    #: (language, title node, subtitle text)
    titles: list[tuple[str, etree._Element, str]] = field(default_factory=list)
    authors: list[etree._Element] = field(default_factory=list)
    abstracts: list[etree._Element] = field(default_factory=list)
    keywords: list[etree._Element] = field(default_factory=list)
    hist: etree._Element | None = None
    related: list[etree._Element] = field(default_factory=list)


SPS_VERSION = "sps-1.9"


def new_article(root: etree._Element, ctx: Ctx) -> etree._Element:
    """The JATS root for a Markup document element (article-type from its doctopic)."""
    sps = clean(root.get("sps"))
    attrs = {
        "article-type": article_type(root.get("doctopic")),
        "dtd-version": "1.1",
        "specific-use": f"sps-{sps}" if sps else SPS_VERSION,
        XML_LANG: ctx.lang,
    }
    return etree.Element("article", attrs, nsmap=NSMAP)


def article_type(doctopic: str | None) -> str:
    return ARTICLE_TYPES.get(clean(doctopic).lower(), "other")


# --------------------------------------------------------------------------- journal-meta


def journal_meta(attrs: dict[str, str]) -> etree._Element:
    meta = el("journal-meta")
    acron, nlm = clean(attrs.get("acron")), clean(attrs.get("nlmtitle") or attrs.get("stitle"))
    if acron:
        sub(meta, "journal-id", acron, {"journal-id-type": "publisher-id"})
    if nlm or not acron:
        sub(meta, "journal-id", nlm or "unknown", {"journal-id-type": "nlm-ta"})
    title, short = clean(attrs.get("jtitle")), clean(attrs.get("stitle"))
    if title or short:
        group = sub(meta, "journal-title-group")
        if title:
            sub(group, "journal-title", title)
        if short:
            sub(group, "abbrev-journal-title", short, {"abbrev-type": "publisher"})
    _issns(meta, attrs)
    if clean(attrs.get("pubname")):
        sub(sub(meta, "publisher"), "publisher-name", clean(attrs.get("pubname")))
    return meta


def _issns(meta: etree._Element, attrs: dict[str, str]) -> None:
    pissn, eissn = clean(attrs.get("pissn")), clean(attrs.get("eissn"))
    if pissn:
        sub(meta, "issn", pissn, {"pub-type": "ppub"})
    if eissn:
        sub(meta, "issn", eissn, {"pub-type": "epub"})
    if not (pissn or eissn):
        sub(meta, "issn", clean(attrs.get("issn")) or "0000-0000", {"pub-type": "ppub"})


# --------------------------------------------------------------------------- article-meta


def article_meta(parts: FrontParts, ctx: Ctx, *, stub: bool = False) -> etree._Element:
    """The ``article-meta`` (or, for a sub-article, ``front-stub``) of a document."""
    meta = el("front-stub" if stub else "article-meta")
    if not stub:
        _article_ids(meta, parts)
    elif parts.doi:
        sub(meta, "article-id", parts.doi, {"pub-id-type": "doi"})
    if parts.toctitle:
        group = sub(
            sub(meta, "article-categories"), "subj-group", None, {"subj-group-type": "heading"}
        )
        sub(group, "subject", parts.toctitle)
    meta.append(title_group(parts, ctx))
    _people(meta, parts, ctx)
    if not stub:
        _issue_data(meta, parts, ctx)
    if parts.hist is not None:
        meta.append(history(parts.hist))
    _permissions(meta, parts, ctx)
    for rel in parts.related:
        _related(meta, rel)
    _abstracts(meta, parts, ctx)
    for group in keyword_groups(parts, ctx):
        meta.append(group)
    _funding(meta, ctx)
    return meta


def _article_ids(meta: etree._Element, parts: FrontParts) -> None:
    pii = clean(parts.attrs.get("pii"))
    if pii and pii.lower() != "nd":
        sub(meta, "article-id", pii, {"pub-id-type": "publisher-id", "specific-use": "scielo-v2"})
    order = clean(parts.attrs.get("order"))
    if order.isdigit():
        sub(meta, "article-id", order.zfill(5), {"pub-id-type": "other"})
    if parts.doi:
        sub(meta, "article-id", parts.doi, {"pub-id-type": "doi"})


def title_group(parts: FrontParts, ctx: Ctx) -> etree._Element:
    group = el("title-group")
    main = [t for t in parts.titles if t[0] == parts.lang] or parts.titles[:1]
    if not main:
        ctx.error(
            None,
            "the document has no title",
            "sgml-no-title",
            "Tag the title with [title language=..] inside [titlegrp] (or [doctitle]).",
        )
        sub(group, "article-title")
        return group
    lang, node, subtitle = main[0]
    group.append(strip_edges(_title_text(node, el("article-title"), ctx)))
    if subtitle:
        sub(group, "subtitle", subtitle)
    for other_lang, node, subtitle in parts.titles:
        if node is main[0][1] or other_lang == parts.lang:
            continue
        trans = sub(group, "trans-title-group", None, {XML_LANG: other_lang})
        trans.append(strip_edges(_title_text(node, el("trans-title"), ctx)))
        if subtitle:
            sub(trans, "trans-subtitle", subtitle)
    return group


def _title_text(node: etree._Element, out: etree._Element, ctx: Ctx) -> etree._Element:
    return inline(node, out, ctx, skip=frozenset({"subtitle"}))


def _people(meta: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    group = contrib_group(parts.authors, ctx)
    affs = [affiliation(node, ctx) for node in _unique(ctx.affs)]
    for aff in affs:
        _register(aff, "aff", ctx)
    corresps = [correspondence(node, ctx) for node in _unique(ctx.corresps)]
    for item in corresps:
        _register(item, "corresp", ctx)
    for fn in ctx.author_fns:
        _register(fn, "fn", ctx)
    if group is not None:
        fix_contrib_xrefs(group, ctx)
        meta.append(group)
    meta.extend(affs)
    if corresps or ctx.author_fns:
        notes = sub(meta, "author-notes")
        notes.extend(corresps)
        notes.extend(ctx.author_fns)


def _register(node: etree._Element, kind: str, ctx: Ctx) -> None:
    if node.get("id"):
        ctx.id_types[node.get("id")] = kind
        label = node.find("label")
        if label is not None and clean(label.text):
            ctx.labels[node.get("id")] = clean(label.text)


def _unique(nodes: list[etree._Element]) -> list[etree._Element]:
    seen, out = set(), []
    for node in nodes:
        key = (node.get("id") or "").lower() or id(node)
        if key not in seen:
            seen.add(key)
            out.append(node)
    return out


def _issue_data(meta: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    attrs = parts.attrs
    pub = clean(attrs.get("artdate") or attrs.get("ahpdate") or attrs.get("dateiso"))
    _pub_date(meta, pub, "pub", ctx)
    if clean(attrs.get("dateiso")):
        _pub_date(meta, clean(attrs.get("dateiso")), "collection", ctx)
    if clean(attrs.get("volid")) or clean(attrs.get("supplvol")):
        vol = clean(attrs.get("volid"))
        sup = clean(attrs.get("supplvol"))
        sub(meta, "volume", " ".join(x for x in (vol, f"suppl {sup}" if sup else "") if x))
    issue = _issue_label(attrs)
    if issue:
        sub(meta, "issue", issue)
    _pages(meta, attrs)


def _pub_date(meta: etree._Element, iso: str, kind: str, ctx: Ctx) -> None:
    date = el("pub-date", None, {"publication-format": "electronic", "date-type": kind})
    if date_parts(date, iso, with_day=kind == "pub"):
        meta.append(date)
    elif kind == "pub":
        ctx.error(
            None,
            f"publication date {iso!r} has no year",
            "sgml-no-date",
            "Set dateiso (YYYYMMDD, 00 for unknown month/day) on the document tag.",
        )


def _issue_label(attrs: dict[str, str]) -> str:
    number, suppl = clean(attrs.get("issueno")), clean(attrs.get("supplno"))
    if number.lower() in ("ahead", "ahead of print"):
        return ""
    label = number
    if suppl:
        label = f"{number} suppl {suppl}".strip() if suppl != "0" else f"{number} suppl".strip()
    return label


def _pages(meta: etree._Element, attrs: dict[str, str]) -> None:
    fpage, lpage = clean(attrs.get("fpage")), clean(attrs.get("lpage"))
    eloc = clean(attrs.get("elocatid"))
    if eloc:
        sub(meta, "elocation-id", eloc)
    elif fpage and fpage not in ("0", "00") and re.fullmatch(r"e\S+", fpage, re.I):
        sub(meta, "elocation-id", fpage)
    elif fpage and fpage not in ("0", "00"):
        sub(meta, "fpage", fpage)
        if lpage and lpage not in ("0", "00"):
            sub(meta, "lpage", lpage)


def history(node: etree._Element) -> etree._Element:
    out = el("history")
    for child in node:
        if tag(child) in ("received", "revised", "accepted"):
            kind = {"revised": "rev-recd"}.get(tag(child), tag(child))
            date = el("date", None, {"date-type": kind})
            if date_parts(date, child.get("dateiso")):
                out.append(date)
    return out if len(out) else None


def _permissions(meta: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    licenses = []
    for node in ctx.licenses:
        licenses.extend(_license(node, parts, ctx))
    url = clean(parts.attrs.get("license"))
    if url and not licenses:
        href = url if url.startswith("http") else f"https://creativecommons.org/licenses/{url}/4.0/"
        lic = el("license", None, {"license-type": "open-access", HREF: href, XML_LANG: parts.lang})
        sub(lic, "license-p", f"This is an open-access article distributed under {href}")
        licenses.append(lic)
    if licenses:
        perm = sub(meta, "permissions")
        perm.extend(licenses)


def _license(node: etree._Element, parts: FrontParts, ctx: Ctx) -> list[etree._Element]:
    name = tag(node)
    if name == "licenses":
        return [lic for child in node for lic in _license(child, parts, ctx)]
    if name == "license":
        attrs = {
            "license-type": "open-access",
            HREF: node.get("href"),
            XML_LANG: lang_of(node.get("language"), parts.lang),
        }
        text = node.find("licensep")
        para = inline(text if text is not None else node, el("license-p"), ctx)
        return [el("license", None, attrs, strip_edges(para))]
    if name == "licinfo":
        attrs = {
            "license-type": "open-access",
            HREF: node.get("href"),
            XML_LANG: lang_of(node.get("language"), parts.lang),
        }
        return [el("license", None, attrs, el("license-p", text_of(node)))]
    if name == "cc":
        href = f"https://creativecommons.org/licenses/{clean(node.get('ccid'))}/{clean(node.get('cversion'))}/"
        attrs = {"license-type": "open-access", HREF: href, XML_LANG: parts.lang}
        return [el("license", None, attrs, el("license-p", text_of(node) or href))]
    return []


def _related(meta: etree._Element, node: etree._Element) -> None:
    value = clean(node.get("pid-doi"))
    kind = "doi" if value.startswith("10.") else "scielo-pid"
    attrs = {
        "related-article-type": clean(node.get("reltp")) or "commentary",
        "ext-link-type": kind,
        HREF: value,
        "id": node.get("id"),
    }
    sub(meta, "related-article", None, attrs)


def _abstracts(meta: etree._Element, parts: FrontParts, ctx: Ctx) -> None:
    main_done = False
    for node in parts.abstracts:
        lang = lang_of(node.get("language"), parts.lang)
        is_main = lang == parts.lang and not main_done
        out = el("abstract") if is_main else el("trans-abstract", None, {XML_LANG: lang})
        main_done = main_done or is_main
        if tag(node) == "xmlabstr":
            _structured_abstract(node, out, ctx)
        else:
            sub(out, "p", text_of(node))
        meta.append(out)
    # abstract* must precede trans-abstract*
    for trans in meta.findall("trans-abstract"):
        meta.append(trans)


def _structured_abstract(node: etree._Element, out: etree._Element, ctx: Ctx) -> None:
    title = node.find("sectitle")
    if title is not None and text_of(title):
        sub(out, "title", text_of(title))
    for child in node:
        if tag(child) == "sec":
            sec = sub(out, "sec")
            sub(sec, "title", text_of(child.find("sectitle")))
            for para in child.findall("p"):
                sec.append(paragraph(para, ctx))
        elif tag(child) == "p":
            out.append(paragraph(child, ctx))
    _paras_first(out)


def _paras_first(out: etree._Element) -> None:
    """JATS abstracts: paragraphs before sections."""
    first_sec = out.find("sec")
    if first_sec is None:
        return
    for para in [c for c in out if c.tag == "p" and out.index(c) > out.index(first_sec)]:
        first_sec.addprevious(para)


def keyword_groups(parts: FrontParts, ctx: Ctx) -> list[etree._Element]:
    """``keygrp/keyword`` (article) or ``kwdgrp/kwd`` (doc) -> one ``kwd-group`` per language."""
    groups: dict[str, etree._Element] = {}
    for node in parts.keywords:
        if tag(node) == "kwdgrp":
            lang = lang_of(node.get("language"), parts.lang)
            group = groups.setdefault(lang, el("kwd-group", None, {XML_LANG: lang}))
            title = node.find("sectitle")
            if title is not None and text_of(title) and group.find("title") is None:
                group.insert(0, el("title", text_of(title)))
            for kwd in node.findall("kwd"):
                group.append(strip_edges(inline(kwd, el("kwd"), ctx)))
        else:
            scheme = clean(node.get("scheme")).lower()
            vocab = scheme if scheme and scheme != "nd" else None
            for kwd in node.findall("keyword"):
                lang = lang_of(kwd.get("language"), parts.lang)
                attrs = {"kwd-group-type": vocab, XML_LANG: lang}
                group = groups.setdefault(lang, el("kwd-group", None, attrs))
                group.append(el("kwd", text_of(kwd)))
    return [g for g in groups.values() if g.find("kwd") is not None]


def _funding(meta: etree._Element, ctx: Ctx) -> None:
    awards = [award for node in ctx.fundings for award in node.iter("award")]
    if not awards:
        return
    group = sub(meta, "funding-group")
    for number, award in enumerate(awards, 1):
        out = sub(group, "award-group", None, {"id": f"fund{number}"})
        for source in award.findall("fundsrc"):
            sub(out, "funding-source", text_of(source))
        for contract in award.findall("contract"):
            sub(out, "award-id", text_of(contract))


def titles_from(node: etree._Element, lang: str) -> list[tuple[str, etree._Element, str]]:
    """``title``/``subtitle`` pairs of a titlegrp or bibcom, with their languages."""
    out = []
    for child in node:
        if tag(child) == "title":
            out.append((lang_of(child.get("language"), lang), child, ""))
        elif tag(child) == "subtitle" and out:
            last = out[-1]
            out[-1] = (last[0], last[1], text_of(child))
    return out
