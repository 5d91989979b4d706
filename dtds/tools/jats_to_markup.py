"""A SciELO PS (JATS) article in, the same article tagged the way SciELO's Markup program tags it out.

Development tool used to write the demo collection's ``.sgm`` articles (DTD art4_0): bracket tags,
no prolog, references in Vancouver (``vancouv``) or ABNT (``abnt6023``) style where the printed
reference text is kept and its parts are tagged inside it, the punctuation between tags staying
as plain text. Options reproduce Markup habits: unquoted attribute values and omitted ``[/p]``
and ``[/li]`` end tags.

Run: python dtds/tools/jats_to_markup.py IN.xml OUT.sgm [--style abnt6023] [--encoding latin-1]
     [--minimize]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MML = "http://www.w3.org/1998/Math/MathML"
DOCTOPIC = {
    "research-article": "oa", "review-article": "ra", "editorial": "ed", "case-report": "cr",
    "letter": "le", "rapid-communication": "sc", "brief-report": "rn", "book-review": "rc",
    "article-commentary": "co", "correction": "er", "abstract": "ab", "announcement": "an",
}  # fmt: skip
_UNQUOTED = re.compile(r"^[A-Za-z0-9.\-]+$")


@dataclass
class Options:
    style: str = "vancouv"
    minimize: bool = False


@dataclass
class Out:
    """Markup text being written."""

    opts: Options
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- helpers


def esc(text: str | None) -> str:
    """Character data for #PCDATA content: & and brackets as references."""
    text = text or ""
    return text.replace("&", "&amp;").replace("[", "&#091;").replace("]", "&#093;")


def raw(text: str | None) -> str:
    """Character data for CDATA content (title, url ...): only a '[/' + letter would end it."""
    return re.sub(r"\[/(?=[A-Za-z])", "[ /", text or "")


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def txt(node) -> str:
    return norm("".join(node.itertext())) if node is not None else ""


def attrs(opts: Options, **values) -> str:
    out = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        name = name.rstrip("_").replace("_", "-")
        value = str(value)
        if opts.minimize and _UNQUOTED.match(value):
            out.append(f"{name}={value}")
        elif '"' in value:
            out.append(f"{name}='{value}'")
        else:
            out.append(f'{name}="{value}"')
    return (" " + " ".join(out)) if out else ""


def tag(name: str, content: str, opts: Options, **values) -> str:
    return f"[{name}{attrs(opts, **values)}]{content}[/{name}]"


def iso_date(node) -> str:
    if node is None:
        return ""
    year = (node.findtext("year") or "0000").strip()
    month = (node.findtext("month") or "00").strip().zfill(2)
    day = (node.findtext("day") or "00").strip().zfill(2)
    return f"{year}{month}{day}"


# --------------------------------------------------------------------------- inline


def inline(node, opts: Options, *, allow_email: bool = False) -> str:
    """Mixed JATS content -> Markup (#PCDATA with the floating inline tags art4_0 allows)."""
    out = [esc(node.text)]
    for child in node:
        out.append(_inline_child(child, opts, allow_email))
        out.append(esc(child.tail))
    return "".join(out)


def _inline_child(child, opts: Options, allow_email: bool) -> str:
    name = etree.QName(child).localname if isinstance(child.tag, str) else ""
    if name == "italic":
        return tag("sciname", inline(child, opts), opts)
    if name == "sup":
        return tag("sup", inline(child, opts), opts)
    if name == "xref":
        kind, rid = child.get("ref-type"), child.get("rid")
        return tag("xref", inline(child, opts), opts, ref_type=kind, rid=rid)
    if name in ("ext-link", "uri"):
        return tag("uri", esc(txt(child)), opts, href=child.get(XLINK_HREF) or txt(child))
    if name == "email" and allow_email:
        return tag("email", esc(txt(child)), opts)
    if name == "inline-formula":
        tex = child.find(".//tex-math")
        return esc(txt(tex) if tex is not None else txt(child))
    if name in ("fig", "table-wrap", "disp-formula", "fig-group", "table-wrap-group"):
        return display(child, opts)
    if name == "inline-graphic":
        return tag("graphic", "", opts, href=child.get(XLINK_HREF))
    return inline(child, opts)


# --------------------------------------------------------------------------- display objects


def display(node, opts: Options) -> str:
    name = etree.QName(node).localname
    if name == "fig":
        return figure(node, opts)
    if name == "fig-group":
        inner = "".join(figure(f, opts) for f in node.findall("fig"))
        return f"[figgrps{attrs(opts, id=node.get('id') or 'fg1')}]{inner}[/figgrps]"
    if name == "table-wrap":
        return table_wrap(node, opts)
    if name == "table-wrap-group":
        return "".join(table_wrap(t, opts) for t in node.findall("table-wrap"))
    if name == "disp-formula":
        return formula(node, opts)
    return ""


def _caption(node) -> str:
    cap = node.find("caption")
    return txt(cap) if cap is not None else ""


def figure(node, opts: Options) -> str:
    parts = []
    for graphic in node.iter("graphic"):
        parts.append(tag("graphic", "", opts, href=graphic.get(XLINK_HREF)))
    alt = node.find(".//alt-text")
    if alt is not None:
        parts.append(tag("alttext", esc(txt(alt)), opts))
    attrib = node.find("attrib")
    if attrib is not None:
        parts.append(tag("attrib", raw(txt(attrib)), opts))
    label = txt(node.find("label"))
    caption = _caption(node)
    if label or caption:
        parts.append(
            (tag("label", esc(label), opts) if label else "") + tag("caption", esc(caption), opts)
        )
    body = "".join(parts)
    return f"[figgrp{attrs(opts, id=node.get('id'), ftype=node.get('fig-type'))}]{body}[/figgrp]"


def table_wrap(node, opts: Options) -> str:
    parts = []
    label = txt(node.find("label"))
    if label:
        parts.append(tag("label", esc(label), opts))
    if _caption(node) or label:
        parts.append(tag("caption", esc(_caption(node)), opts))
    table = node.find(".//table")
    if table is not None:
        parts.append(markup_table(table, opts))
    else:
        for graphic in node.iter("graphic"):
            parts.append(tag("graphic", "", opts, href=graphic.get(XLINK_HREF)))
    for number, fn in enumerate(node.iterfind("table-wrap-foot//fn"), 1):
        ident = fn.get("id") or f"{node.get('id')}fn{number}"
        parts.append(
            tag(
                "fntable",
                inline(fn.find("p") if fn.find("p") is not None else fn, opts),
                opts,
                id=ident,
            )
        )
    foot_p = [p for p in node.iterfind("table-wrap-foot/p")]
    for number, para in enumerate(foot_p, 1):
        parts.append(tag("fntable", inline(para, opts), opts, id=f"{node.get('id')}ft{number}"))
    return f"[tabwrap{attrs(opts, id=node.get('id'))}]{''.join(parts)}[/tabwrap]"


def markup_table(table, opts: Options) -> str:
    groups = []
    for part in ("thead", "tbody"):
        rows = table.findall(f"{part}/tr")
        if part == "tbody" and not rows:
            rows = table.findall("tr")
        if not rows:
            continue
        text = ""
        for row in rows:
            cells = ""
            for cell in row:
                kind = etree.QName(cell).localname
                cells += tag(kind, inline(cell, opts), opts, colspan=cell.get("colspan"),
                             rowspan=cell.get("rowspan"), align=cell.get("align"))  # fmt: skip
            text += tag("tr", cells, opts)
        groups.append(tag(part, text, opts))
    return tag("table", "".join(groups), opts)


def formula(node, opts: Options) -> str:
    parts = []
    math = node.find(f".//{{{MML}}}math")
    tex = node.find(".//tex-math")
    if math is not None:
        parts.append(tag("mmlmath", raw(_mathml_text(math)), opts))
    elif tex is not None:
        parts.append(tag("texmath", raw(txt(tex)), opts))
    for graphic in node.iter("graphic"):
        parts.append(tag("graphic", "", opts, href=graphic.get(XLINK_HREF)))
    label = txt(node.find("label"))
    if label:
        parts.append(tag("label", esc(label), opts))
    return f"[equation{attrs(opts, id=node.get('id') or 'e0')}]{''.join(parts)}[/equation]"


def _mathml_text(math) -> str:
    copy = etree.fromstring(etree.tostring(math))
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(copy)
    text = etree.tostring(copy, encoding="unicode", with_tail=False)
    return text.replace("<math", f'<math xmlns="{MML}"', 1)


# --------------------------------------------------------------------------- body


def para(node, opts: Options) -> str:
    end = "" if opts.minimize else "[/p]"
    return f"[p]{inline(node, opts)}{end}\n"


def blocks(node, opts: Options, depth: int = 0) -> str:
    out = []
    for child in node:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "p":
            out.append(para(child, opts))
        elif name == "sec":
            out.append(section(child, opts, depth))
        elif name == "list":
            out.append(markup_list(child, opts))
        elif name in ("fig", "table-wrap", "disp-formula", "fig-group", "table-wrap-group"):
            out.append(display(child, opts) + "\n")
        elif name == "disp-quote" or name in ("boxed-text",):
            out.append(blocks(child, opts, depth))
    return "".join(out)


def section(node, opts: Options, depth: int) -> str:
    name = "sec" if depth == 0 else "subsec"
    title = tag(
        "sectitle", inline(node.find("title"), opts) if node.find("title") is not None else "", opts
    )
    inner = blocks(node, opts, depth + 1) or para(etree.Element("p"), opts)
    head = f"[sec{attrs(opts, sec_type=node.get('sec-type'))}]" if depth == 0 else "[subsec]"
    return f"{head}{title}\n{inner}[/{name}]\n"


def markup_list(node, opts: Options) -> str:
    kind = node.get("list-type") or "bullet"
    end = "" if opts.minimize else "[/li]"
    items = []
    for item in node.findall("list-item"):
        label = txt(item.find("label"))
        text = " ".join(inline(p, opts) for p in item.findall("p"))
        items.append(f"[li]{tag('label', esc(label), opts) if label else ''}{text}{end}")
    return f"[list{attrs(opts, listtype=kind)}]{''.join(items)}[/list]\n"


# --------------------------------------------------------------------------- front


def article_tag(root, meta, jmeta, opts: Options) -> str:
    pid = meta.findtext("article-id[@specific-use='scielo-v2']") or "nd"
    collection = meta.find("pub-date[@date-type='collection']")
    pub = meta.find("pub-date[@date-type='pub']")
    issn = jmeta.findtext("issn[@pub-type='ppub']") or jmeta.findtext("issn") or ""
    fpage = meta.findtext("fpage") or meta.findtext("elocation-id") or "0"
    lpage = meta.findtext("lpage") or fpage
    pages = int(lpage) - int(fpage) + 1 if fpage.isdigit() and lpage.isdigit() else 1
    has = {
        "gra" if root.find(".//fig") is not None else "",
        "tab" if root.find(".//table-wrap") is not None else "",
    }
    order = (meta.findtext("article-id[@pub-id-type='other']") or "1").lstrip("0") or "0"
    values = dict(
        pii=pid, doctopic=DOCTOPIC.get(root.get("article-type"), "oa"), language=root.get(XML_LANG),
        ccode="scl", status="1", version="4.0", type=" ".join(sorted(h for h in has if h)) or "nd",
        order=order, seccode="nd", sponsor="nd",
        stitle=jmeta.findtext("journal-title-group/abbrev-journal-title"),
        volid=meta.findtext("volume"), issueno=meta.findtext("issue"),
        dateiso=iso_date(collection)[:6] + "00", artdate=iso_date(pub) or None,
        fpage=fpage, lpage=lpage, pagcount=str(pages), issn=issn,
    )  # fmt: skip
    return f"[article{attrs(opts, **values)}]\n"


def front(root, meta, opts: Options) -> str:
    out = ["[front]"]
    section = meta.findtext("article-categories/subj-group[@subj-group-type='heading']/subject")
    if section:
        out.append(tag("toctitle", esc(section), opts))
    doi = meta.findtext("article-id[@pub-id-type='doi']")
    if doi:
        out.append(tag("doi", esc(doi), opts))
    out.append("\n" + titles(meta, root.get(XML_LANG), opts))
    out.append(authors(meta, opts))
    out.append(affiliations(meta, opts))
    out.append(correspondence(meta, opts))
    out.append(bibcom(meta, root.get(XML_LANG), opts))
    out.append("[/front]\n")
    return "".join(out)


def titles(meta, lang: str, opts: Options) -> str:
    group = meta.find("title-group")
    items = [tag("title", raw(txt(group.find("article-title"))), opts, language=lang)]
    if group.find("subtitle") is not None:
        items.append(tag("subtitle", raw(txt(group.find("subtitle"))), opts))
    for trans in group.findall("trans-title-group"):
        items.append(
            tag("title", raw(txt(trans.find("trans-title"))), opts, language=trans.get(XML_LANG))
        )
        if trans.find("trans-subtitle") is not None:
            items.append(tag("subtitle", raw(txt(trans.find("trans-subtitle"))), opts))
    return "[titlegrp]" + "\n".join(items) + "[/titlegrp]\n"


ROLES = {"author": "nd", "editor": "ed", "translator": "tr", "compiler": "coord"}


def authors(meta, opts: Options) -> str:
    items = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        role = ROLES.get(contrib.get("contrib-type") or "author", "nd")
        affs = " ".join(x.get("rid") for x in contrib.findall("xref[@ref-type='aff']"))
        corresp = "y" if contrib.find("xref[@ref-type='corresp']") is not None else None
        if contrib.find("collab") is not None:
            items.append(
                tag("corpauth", tag("orgname", esc(txt(contrib.find("collab"))), opts), opts)
            )
            continue
        parts = []
        given = contrib.findtext("name/given-names")
        if given:
            parts.append(tag("fname", esc(norm(given)), opts))
        surname = norm(contrib.findtext("name/surname"))
        suffix = norm(contrib.findtext("name/suffix"))
        parts.append(tag("surname", esc(f"{surname} {suffix}".strip()), opts))
        orcid = contrib.findtext("contrib-id[@contrib-id-type='orcid']")
        if orcid:
            parts.append(tag("ctrbid", esc(norm(orcid)), opts, ctrbidtp="orcid"))
        items.append(
            tag("author", " ".join(parts), opts, role=role, rid=affs or None, corresp=corresp)
        )
    return "[authgrp]" + "\n".join(items) + "[/authgrp]\n" if items else ""


def affiliations(meta, opts: Options) -> str:
    out = []
    for aff in meta.iter("aff"):
        inst = {i.get("content-type"): txt(i) for i in aff.findall("institution")}
        original = inst.get("original") or ", ".join(v for k, v in inst.items() if k != "original")
        city = txt(aff.find("addr-line/named-content[@content-type='city']")) or txt(
            aff.find("addr-line/city")
        )
        state = txt(aff.find("addr-line/named-content[@content-type='state']")) or txt(
            aff.find("addr-line/state")
        )
        country = txt(aff.find("country"))
        body = _tag_places(original, [("country", country), ("state", state), ("city", city)], opts)
        label = txt(aff.find("label"))
        values = dict(id=aff.get("id"), orgname=inst.get("orgname") or original,
                      orgdiv1=inst.get("orgdiv1"), orgdiv2=inst.get("orgdiv2"))  # fmt: skip
        head = tag("label", esc(label), opts) + " " if label else ""
        out.append(f"[aff{attrs(opts, **values)}]{head}{body}[/aff]\n")
    return "".join(out)


def _tag_places(text: str, places: list[tuple[str, str]], opts: Options) -> str:
    """Tag city, state and country where the printed affiliation names them (right to left)."""
    end = len(text)
    spans = []
    for name, value in places:
        if not value:
            continue
        at = text.rfind(value, 0, end)
        if at < 0:
            spans.append((len(text), len(text), name, value))
            continue
        spans.append((at, at + len(value), name, value))
        end = at
    out, pos = [], 0
    for start, stop, name, value in sorted(spans):
        out.append(esc(text[pos:start]))
        out.append(
            (", " if start == stop == len(text) and pos == start else "")
            + tag(name, esc(value), opts)
        )
        pos = max(pos, stop)
    out.append(esc(text[pos:]))
    return "".join(out)


def correspondence(meta, opts: Options) -> str:
    out = []
    for item in meta.iterfind("author-notes/corresp"):
        label = txt(item.find("label"))
        body = esc(item.text) + "".join(
            (_inline_child(c, opts, True) if etree.QName(c).localname != "label" else "")
            + esc(c.tail)
            for c in item
        )
        head = tag("label", esc(label), opts) if label else ""
        out.append(f"[corresp{attrs(opts, id=item.get('id') or 'c1')}]{head}{body}[/corresp]\n")
    return "".join(out)


def bibcom(meta, lang: str, opts: Options, *, with_hist: bool = True) -> str:
    out = []
    abstracts = [(lang, a) for a in meta.findall("abstract")]
    abstracts += [(a.get(XML_LANG), a) for a in meta.findall("trans-abstract")]
    groups = {g.get(XML_LANG) or lang: g for g in meta.findall("kwd-group")}
    for abs_lang, abstract in abstracts:
        out.append(abstract_markup(abstract, abs_lang, opts))
        if abs_lang in groups:
            out.append(keywords(groups.pop(abs_lang), abs_lang, opts))
    for kw_lang, group in groups.items():
        out.append(keywords(group, kw_lang, opts))
    hist = meta.find("history")
    if with_hist and hist is not None and hist.find("date[@date-type='received']") is not None:
        dates = ""
        for kind, name in (
            ("received", "received"),
            ("rev-recd", "revised"),
            ("accepted", "accepted"),
        ):
            for date in hist.findall(f"date[@date-type='{kind}']"):
                iso = iso_date(date)
                dates += tag(name, f"{iso[6:8]}/{iso[4:6]}/{iso[:4]}", opts, dateiso=iso)
        out.append(f"[hist]{dates}[/hist]\n")
    return f"[bibcom]{''.join(out)}[/bibcom]\n" if out else ""


def abstract_markup(node, lang: str, opts: Options) -> str:
    title = txt(node.find("title"))
    secs = node.findall("sec")
    paras = node.findall("p")
    if not title and not secs and len(paras) <= 1:
        return tag("abstract", esc(txt(node)), opts, language=lang) + "\n"
    inner = tag("sectitle", esc(title), opts) if title else ""
    for child in node:
        name = etree.QName(child).localname
        if name == "p":
            inner += para(child, opts)
        elif name == "sec":
            sec_paras = "".join(para(p, opts) for p in child.findall("p"))
            inner += (
                f"[sec]{tag('sectitle', esc(txt(child.find('title'))), opts)}{sec_paras}[/sec]\n"
            )
    return f"[xmlabstr{attrs(opts, language=lang)}]{inner}[/xmlabstr]\n"


def keywords(group, lang: str, opts: Options) -> str:
    items = "".join(
        tag("keyword", esc(txt(k)), opts, type="m", language=lang) for k in group.findall("kwd")
    )
    return f"[keygrp{attrs(opts, scheme=(group.get('vocab') or group.get('kwd-group-type') or 'nd').lower())}]{items}[/keygrp]\n"


# --------------------------------------------------------------------------- back


def back(root, meta, opts: Options) -> str:
    from markup_refs import safe_citation

    out = ["[back]"]
    for ack in root.findall("back/ack"):
        title = txt(ack.find("title")) or "Agradecimentos"
        text = " ".join(inline(p, opts) for p in ack.findall("p"))
        out.append(f"[ack]{tag('sectitle', esc(title), opts)}[p]{text}[/p][/ack]\n")
    refs = root.findall("back/ref-list/ref")
    if refs:
        style = opts.style
        write = lambda name, content, **values: tag(name, content, opts, **values)  # noqa: E731
        cites = "\n".join(safe_citation(r, style, n, write) for n, r in enumerate(refs, 1))
        out.append(
            f"[{style}{attrs(opts, standard=style, count=str(len(refs)))}]\n{cites}\n[/{style}]\n"
        )
    fns = _footnotes(root, meta, opts)
    if fns:
        out.append(f"[fngrp]{fns}[/fngrp]\n")
    for number, app in enumerate(root.iterfind("back/app-group/app"), 1):
        label = txt(app.find("label")) or f"Apêndice {number}"
        title = txt(app.find("title"))
        body = tag("sectitle", esc(title), opts) if title else ""
        body += blocks(app, opts, 1)
        out.append(
            f"[app{attrs(opts, id=app.get('id') or f'app{number}')}]{tag('label', esc(label), opts)}{body}[/app]\n"
        )
    out.append(_licenses(meta, opts))
    out.append("[/back]\n")
    return "".join(out)


def _footnotes(root, meta, opts: Options) -> str:
    out = []
    notes = list(meta.iterfind("author-notes/fn")) + list(root.iterfind("back/fn-group/fn"))
    for number, fn in enumerate(notes, 1):
        text = " ".join(inline(p, opts) for p in fn.findall("p"))
        label = txt(fn.find("label"))
        head = tag("label", esc(label), opts) if label else ""
        ident = fn.get("id") or f"fnx{number}"
        out.append(tag("fn", head + text, opts, id=ident, fntype=fn.get("fn-type") or "other"))
    awards = meta.findall("funding-group/award-group")
    if awards:
        inner = ""
        for award in awards:
            parts = "".join(
                tag("fundsrc", esc(txt(s)), opts) for s in award.findall("funding-source")
            )
            parts += " " + "".join(
                tag("contract", esc(txt(i)), opts) for i in award.findall("award-id")
            )
            inner += tag("award", parts, opts)
        statement = txt(meta.find("funding-group/funding-statement")) or "Financiamento:"
        out.append(tag("fn", esc(statement) + " " + tag("funding", inner, opts), opts,
                       id="fnfund", fntype="financial-disclosure"))  # fmt: skip
    return "\n".join(out)


def _licenses(meta, opts: Options) -> str:
    items = []
    for lic in meta.iterfind("permissions/license"):
        text = txt(lic.find("license-p"))
        items.append(tag("license", tag("licensep", esc(text), opts), opts, language=lic.get(XML_LANG) or "en",
                         lictype=lic.get("license-type") or "open-access", href=lic.get(XLINK_HREF)))  # fmt: skip
    return f"[licenses]{''.join(items)}[/licenses]\n" if items else ""


def sub_articles(root, opts: Options) -> str:
    out = []
    for number, sub in enumerate(root.findall("sub-article"), 1):
        stub = sub.find("front-stub")
        lang = sub.get(XML_LANG)
        parts = ["[front]", titles(stub, lang, opts)]
        parts.append(bibcom(stub, lang, opts, with_hist=False))
        parts.append("[/front]\n")
        body = sub.find("body")
        inner = blocks(body, opts) if body is not None else ""
        parts.append(
            f"[xmlbody]{inner or para(etree.Element('p'), opts)}[/xmlbody]\n[back][/back]\n"
        )
        values = dict(
            id=sub.get("id") or f"s{number}", subarttp=sub.get("article-type"), language=lang
        )
        out.append(f"[subart{attrs(opts, **values)}]{''.join(parts)}[/subart]\n")
    return "".join(out)


# --------------------------------------------------------------------------- document


def to_markup(xml: bytes, opts: Options) -> str:
    root = etree.fromstring(
        xml, etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    )
    meta = root.find("front/article-meta")
    jmeta = root.find("front/journal-meta")
    body = root.find("body")
    parts = [article_tag(root, meta, jmeta, opts), front(root, meta, opts)]
    parts.append(f"[xmlbody]\n{blocks(body, opts) if body is not None else ''}[/xmlbody]\n")
    parts.append(back(root, meta, opts))
    parts.append(sub_articles(root, opts))
    parts.append("[/article]\n")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--style", choices=("vancouv", "abnt6023"), default="vancouv")
    parser.add_argument("--encoding", default="utf-8")
    parser.add_argument("--minimize", action="store_true")
    args = parser.parse_args()
    from markup_refs import MISSING

    text = to_markup(Path(args.input).read_bytes(), Options(args.style, args.minimize))
    for line in MISSING:
        print(f"{args.input}: {line}")
    try:
        data = text.encode(args.encoding)
    except UnicodeEncodeError as exc:
        print(f"{args.input}: not {args.encoding} ({exc.object[exc.start]!r}); writing UTF-8")
        data = text.encode("utf-8")
    Path(args.output).write_bytes(data)


if __name__ == "__main__":
    main()
