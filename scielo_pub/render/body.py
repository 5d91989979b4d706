"""JATS (SciELO PS) elements in, HTML fragments out: a dispatch table per element over lxml.

One ``Writer`` walks a subtree and appends escaped HTML strings to a list; every JATS element has a
handler in ``HANDLERS`` (unknown elements pass their content through). ``mode`` is ``"html"`` for the
site (MathML shown natively) or ``"pdf"`` for WeasyPrint (formulas become SVG images).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from lxml import etree

from ..sanitise import clean_html, safe_href
from . import math as fmath

XLINK = "{http://www.w3.org/1999/xlink}href"
#: The OASIS (CALS) exchange table model JATS allows beside XHTML tables.
OASIS = "{http://www.niso.org/standards/z39-96/ns/oasis-exchange/table}"
_ID_SAFE = re.compile(r"[^A-Za-z0-9_.:-]")
_INLINE_TAGS = {
    "bold": "b", "italic": "i", "sup": "sup", "sub": "sub", "monospace": "code", "underline": "u",
    "strike": "s", "overline": "span", "roman": "span", "sans-serif": "span", "abbrev": "abbr",
}  # fmt: skip
_BLOCK_CHILDREN = frozenset(
    {"list", "def-list", "disp-formula", "table-wrap", "fig", "fig-group", "table-wrap-group",
     "disp-quote", "boxed-text", "preformat", "alternatives", "supplementary-material", "table",
     "graphic", "media", "code", "verse-group", "array", "chem-struct-wrap", "p"}
)  # fmt: skip
_LIST_TYPES = {"order": "1", "alpha-lower": "a", "alpha-upper": "A", "roman-lower": "i",
               "roman-upper": "I"}  # fmt: skip


def html_id(value: str | None) -> str:
    """A JATS id as an HTML id (characters browsers and CSS selectors accept)."""
    return _ID_SAFE.sub("_", value or "")


@dataclass
class Writer:
    """State of one transformation: the output parts, the mode and how to reach assets."""

    mode: str = "html"
    asset_url: Callable[[str], str | None] = lambda href: safe_href(href)
    #: ``rid`` -> number of in-text citations seen so far (their ids give references back-links).
    citations: dict[str, int] = field(default_factory=dict)
    depth: int = 1
    out: list[str] = field(default_factory=list)
    #: Footnote id -> the mark its first in-table reference prints (inside a ``table-wrap`` only):
    #: a table footnote without a ``label`` is shown with that mark.
    fn_marks: dict[str, str] = field(default_factory=dict)
    #: True while a ``table-wrap-foot`` is written (its footnotes' labels are superscript).
    table_foot: bool = False
    #: Headed sections given an id so far (``outline-N``, for the page's outline).
    sections: int = 0

    def text(self, value: str | None) -> None:
        if value:
            self.out.append(escape(value, quote=False))

    def children(self, el: etree._Element, skip: frozenset[str] = frozenset()) -> None:
        """The element's text, its children (except ``skip`` tags) and their tails."""
        self.text(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in skip:
                self.element(child)
            self.text(child.tail)

    def element(self, el: etree._Element) -> None:
        tag = el.tag
        if tag.startswith("{"):
            if fmath.is_math(el):
                _math(self, el, display=False)
            elif tag == OASIS + "table":
                _table_box(self, el, "table")
            else:
                self.children(el)
            return
        handler = HANDLERS.get(tag)
        if handler is None:
            self.children(el)
        else:
            handler(self, el)

    def render(self, el: etree._Element) -> str:
        """HTML of ``el`` itself."""
        start = len(self.out)
        self.element(el)
        return self._take(start)

    def render_content(self, el: etree._Element, skip: frozenset[str] = frozenset()) -> str:
        """HTML of ``el``'s content (its own tag left out)."""
        start = len(self.out)
        self.children(el, skip)
        return self._take(start)

    def _take(self, start: int) -> str:
        html = "".join(self.out[start:])
        del self.out[start:]
        return html


def _attr_id(el: etree._Element) -> str:
    value = el.get("id")
    return f' id="{html_id(value)}"' if value else ""


def _wrap(tag: str, css: str | None = None):
    cls = f' class="{css}"' if css else ""

    def handler(w: Writer, el: etree._Element) -> None:
        w.out.append(f"<{tag}{_attr_id(el)}{cls}>")
        w.children(el)
        w.out.append(f"</{tag}>")

    return handler


def _drop(w: Writer, el: etree._Element) -> None:
    return None


def _label_title(w: Writer, el: etree._Element) -> str:
    parts = []
    label, title = el.find("label"), el.find("title")
    if label is not None:
        parts.append(f'<span class="label">{w.render_content(label)}</span> ')
    if title is not None:
        parts.append(w.render_content(title))
    return "".join(parts)


def _sec(w: Writer, el: etree._Element) -> None:
    level = min(w.depth + 1, 6)
    kind = el.get("sec-type")
    css = f"sec sec-{escape(kind)}" if kind else "sec"
    start = len(w.out)
    w.out.append("")  # the opening tag, once we know whether the section has a heading
    heading = _label_title(w, el)
    ident = _attr_id(el)
    if heading and not ident and w.mode == "html":  # headed sections are the page's outline
        w.sections += 1
        ident = f' id="outline-{w.sections}"'
    w.out[start] = f'<section{ident} class="{css}">'
    if heading:
        w.out.append(f"<h{level}>{heading}</h{level}>")
    w.depth += 1
    w.children(el, skip=frozenset({"label", "title"}))
    w.depth -= 1
    w.out.append("</section>")


def _p(w: Writer, el: etree._Element) -> None:
    block = any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el)
    tag = "div" if block else "p"
    css = ' class="p"' if block else ""
    w.out.append(f"<{tag}{_attr_id(el)}{css}>")
    w.children(el)
    w.out.append(f"</{tag}>")


def _list(w: Writer, el: etree._Element) -> None:
    kind = el.get("list-type") or "bullet"
    title = el.find("title")
    if title is not None:
        w.out.append(f'<p class="list-title">{w.render_content(title)}</p>')
    if kind in _LIST_TYPES:
        w.out.append(f'<ol{_attr_id(el)} type="{_LIST_TYPES[kind]}">')
        end = "</ol>"
    else:
        css = ' class="plain"' if kind == "simple" else ""
        w.out.append(f"<ul{_attr_id(el)}{css}>")
        end = "</ul>"
    for child in el:
        if child.tag == "list-item":
            w.out.append("<li>")
            w.children(child)
            w.out.append("</li>")
    w.out.append(end)


def _def_list(w: Writer, el: etree._Element) -> None:
    title = el.find("title")
    if title is not None:
        w.out.append(f'<p class="def-list-title">{w.render_content(title)}</p>')
    w.out.append(f"<dl{_attr_id(el)}>")
    for item in el.iter("def-item"):
        for part in item:
            if part.tag == "term":
                w.out.append(f"<dt>{w.render_content(part)}</dt>")
            elif part.tag == "def":
                w.out.append(f"<dd>{w.render_content(part)}</dd>")
    w.out.append("</dl>")


def _xref(w: Writer, el: etree._Element) -> None:
    rid = (el.get("rid") or "").split()
    kind = el.get("ref-type") or "other"
    if not rid:
        w.children(el)
        return
    first = html_id(rid[0])
    ident = ""
    if kind == "bibr":
        for r in rid:
            w.citations[r] = w.citations.get(r, 0) + 1
        ident = f' id="cite-{first}-{w.citations[rid[0]]}"'
    content = w.render_content(el)
    if kind in _SUPERSCRIPT_XREFS and "<sup>" not in content and content.strip():
        content = f"<sup>{content}</sup>"
    w.out.append(f'<a class="xref xref-{escape(kind)}" href="#{first}"{ident}>{content}</a>')


#: Cross-references printed as superscript marks (footnotes, table footnotes, affiliations...).
_SUPERSCRIPT_XREFS = frozenset({"fn", "table-fn", "aff", "corresp"})


def _graphic_tag(w: Writer, el: etree._Element, css: str, alt: str = "") -> str:
    src = w.asset_url(el.get(XLINK) or "")
    if not src:
        return ""
    alt_el = el.find("alt-text")
    alt_text = alt_el.text if alt_el is not None and alt_el.text else alt
    loading = ' loading="lazy"' if w.mode == "html" else ""
    return f'<img class="{css}" src="{escape(src)}" alt="{escape(alt_text or "")}"{loading}>'


def _graphic(w: Writer, el: etree._Element) -> None:
    inline = el.tag == "inline-graphic"
    w.out.append(_graphic_tag(w, el, "inline-graphic" if inline else "graphic"))


def _caption(w: Writer, el: etree._Element, css: str) -> str:
    label = el.find("label")
    caption = el.find("caption")
    parts = []
    if label is not None:
        parts.append(f'<span class="label">{w.render_content(label)}</span> ')
    if caption is not None:
        for part in caption:
            if part.tag == "title":
                parts.append(f'<span class="caption-title">{w.render_content(part)}</span> ')
            elif isinstance(part.tag, str):
                parts.append(w.render(part))
    for attrib in el.iterfind("attrib"):
        parts.append(f'<span class="attrib">{w.render_content(attrib)}</span>')
    return f'<figcaption class="{css}">{"".join(parts)}</figcaption>' if parts else ""


def _alt_for(w: Writer, el: etree._Element) -> str:
    label = el.find("label")
    title = el.find("caption/title")
    text = " ".join(t for t in (_plain(label), _plain(title)) if t)
    return text or _plain(el.find("caption")) or ""


def _plain(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _fig(w: Writer, el: etree._Element) -> None:
    w.out.append(f'<figure{_attr_id(el)} class="fig">')
    alt = _alt_for(w, el)
    for child in el:
        if child.tag == "alternatives":
            w.out.append(_openable(w, _pick_graphic(w, child, alt)))
        elif child.tag == "graphic":
            w.out.append(_openable(w, _graphic_tag(w, child, "graphic", alt)))
    w.out.append(_caption(w, el, "fig-caption"))
    w.out.append("</figure>")


_SRC = re.compile(r' src="([^"]+)"')


def _openable(w: Writer, img: str) -> str:
    """On the site, a figure image links to its full-size file (the page's script opens it in a
    dialog; without script the link opens the image)."""
    found = _SRC.search(img)
    if w.mode != "html" or not found:
        return img
    return f'<a class="open-full" href="{found.group(1)}">{img}</a>'


def _pick_graphic(w: Writer, alternatives: etree._Element, alt: str) -> str:
    graphics = alternatives.findall("graphic")
    web = [
        g for g in graphics if g.get("specific-use") == "scielo-web" and not g.get("content-type")
    ]
    chosen = (web or graphics or [None])[0]
    return _graphic_tag(w, chosen, "graphic", alt) if chosen is not None else ""


def _fig_group(w: Writer, el: etree._Element) -> None:
    w.out.append(f'<figure{_attr_id(el)} class="fig-group">')
    w.out.append(_caption(w, el, "fig-group-caption"))
    w.out.append('<div class="fig-group-items">')
    for child in el:
        if child.tag in ("fig", "graphic", "alternatives"):
            w.element(child)
    w.out.append("</div></figure>")


def _table_wrap(w: Writer, el: etree._Element) -> None:
    w.out.append(f'<figure{_attr_id(el)} class="table-wrap">')
    w.out.append(_caption(w, el, "table-caption"))
    name = escape(_plain(el.find("label")) or _plain(el.find("caption/title")) or "table")
    for child in el:
        tag = child.tag
        if tag in ("table", OASIS + "table"):
            _table_box(w, child, name)
        elif tag == "alternatives":
            table = _find_table(child)
            if table is not None:
                _table_box(w, table, name)
            else:
                w.out.append(_pick_graphic(w, child, _alt_for(w, el)))
        elif tag == "graphic":
            w.out.append(_graphic_tag(w, child, "graphic", _alt_for(w, el)))
    saved = w.fn_marks, w.table_foot
    w.fn_marks, w.table_foot = _table_fn_marks(el), True
    for foot in el.iterfind("table-wrap-foot"):
        w.out.append('<div class="table-foot">')
        w.children(foot, skip=frozenset({"title"}))
        w.out.append("</div>")
    w.fn_marks, w.table_foot = saved
    w.out.append("</figure>")


def _table_fn_marks(el: etree._Element) -> dict[str, str]:
    """Each footnote id of the table with the mark its first reference in the table prints."""
    marks: dict[str, str] = {}
    for xref in el.iterfind(".//xref[@ref-type='table-fn']"):
        mark = " ".join("".join(xref.itertext()).split())
        for rid in (xref.get("rid") or "").split():
            if mark:
                marks.setdefault(rid, mark)
    return marks


def _find_table(el: etree._Element) -> etree._Element | None:
    """The XHTML ``table`` child of ``el``, else its OASIS one."""
    found = el.find("table")
    return found if found is not None else el.find(OASIS + "table")


def _table_box(w: Writer, table: etree._Element, name: str) -> None:
    if w.mode == "html":
        w.out.append(f'<div class="table-scroll" tabindex="0" role="region" aria-label="{name}">')
    else:
        w.out.append('<div class="table-scroll">')
    if table.tag == OASIS + "table":
        _oasis_table(w, table)
    else:
        _table(w, table)
    w.out.append("</div>")


def _oasis_table(w: Writer, table: etree._Element) -> None:
    """An OASIS (CALS) table as an HTML one: ``tgroup``s in order, spans from ``namest``/``nameend``
    and ``morerows``, header cells in ``thead``."""
    w.out.append("<table>")
    for group in table.iterchildren(OASIS + "tgroup"):
        columns = _oasis_columns(group)
        for part in group:
            local = part.tag[len(OASIS) :] if isinstance(part.tag, str) else ""
            if local in ("thead", "tbody", "tfoot"):
                w.out.append(f"<{local}>")
                for row in part.iterchildren(OASIS + "row"):
                    _oasis_row(w, row, columns, "th" if local == "thead" else "td")
                w.out.append(f"</{local}>")
    w.out.append("</table>")


def _oasis_columns(group: etree._Element) -> dict[str, int]:
    columns: dict[str, int] = {}
    for number, spec in enumerate(group.iterchildren(OASIS + "colspec"), 1):
        declared = spec.get("colnum") or ""
        name = spec.get("colname")
        if name:
            columns[name] = int(declared) if declared.isdigit() else number
    return columns


def _oasis_row(w: Writer, row: etree._Element, columns: dict[str, int], cell: str) -> None:
    w.out.append("<tr>")
    for entry in row.iterchildren(OASIS + "entry"):
        attrs = ""
        start, end = columns.get(entry.get("namest") or ""), columns.get(entry.get("nameend") or "")
        if start and end and end > start:
            attrs += f' colspan="{end - start + 1}"'
        more = entry.get("morerows") or ""
        if more.isdigit() and int(more) > 0:
            attrs += f' rowspan="{int(more) + 1}"'
        for name in ("align", "valign"):
            value = entry.get(name)
            if value in ("left", "right", "center", "justify", "top", "middle", "bottom"):
                attrs += f' {name}="{value}"'
        w.out.append(f"<{cell}{attrs}>")
        w.children(entry)
        w.out.append(f"</{cell}>")
    w.out.append("</tr>")


_CELL_ATTRS = ("colspan", "rowspan", "align", "valign", "scope")


def _table(w: Writer, el: etree._Element) -> None:
    tag = el.tag
    attrs = "".join(
        f' {a}="{escape(el.get(a))}"' for a in _CELL_ATTRS if el.get(a) and tag in ("td", "th")
    )
    if tag in ("col", "colgroup"):
        span = el.get("span")
        attrs = f' span="{escape(span)}"' if span and span.isdigit() else ""
    if tag == "col":
        w.out.append(f"<col{attrs}>")
        return
    w.out.append(f"<{tag}{attrs}>")
    if tag in ("td", "th"):
        w.children(el)
    else:
        for child in el:
            if isinstance(child.tag, str) and child.tag in _TABLE_PARTS:
                _table(w, child)
    w.out.append(f"</{tag}>")


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup"})


def _table_wrap_group(w: Writer, el: etree._Element) -> None:
    w.out.append(f'<figure{_attr_id(el)} class="table-wrap-group">')
    w.out.append(_caption(w, el, "table-group-caption"))
    for child in el:
        if child.tag == "table-wrap":
            _table_wrap(w, child)
    w.out.append("</figure>")


def _formula(w: Writer, el: etree._Element, display: bool) -> None:
    tag = "div" if display else "span"
    css = "disp-formula" if display else "inline-formula"
    focus = ' tabindex="0"' if display and w.mode == "html" else ""  # it may scroll sideways
    w.out.append(f'<{tag}{_attr_id(el)} class="{css}"{focus}>')
    w.out.append(f'<span class="formula">{_formula_content(w, el, display)}</span>')
    label = el.find("label")
    if display and label is not None:
        w.out.append(f'<span class="formula-label">{w.render_content(label)}</span>')
    w.out.append(f"</{tag}>")


def _formula_content(w: Writer, el: etree._Element, display: bool) -> str:
    """The best rendering of a formula: MathML, then TeX (converted), then an image, then text."""
    holder = el.find("alternatives")
    holder = holder if holder is not None else el
    mml = next((c for c in holder if isinstance(c.tag, str) and _is_math_tag(c)), None)
    tex = holder.find("tex-math")
    graphic = holder.find("graphic")
    if graphic is None:
        graphic = holder.find("inline-graphic")
    fallback = _graphic_tag(w, graphic, "formula-fallback", "") if graphic is not None else ""
    tex_text = fmath.tex_source("".join(tex.itertext())) if tex is not None else ""
    if mml is not None:
        return _math_markup(w, fmath.element_mathml(mml), display, tex_text, fallback, mml)
    if tex_text:
        converted = fmath.tex_to_mathml(tex_text, display)
        if converted:
            return _math_markup(w, converted, display, tex_text, fallback)
    if fallback:
        return fallback.replace('class="formula-fallback"', 'class="formula-image"')
    if tex_text:
        return f'<code class="tex">{escape(tex_text)}</code>'
    return w.render_content(el, skip=frozenset({"label"}))


def _is_math_tag(el: etree._Element) -> bool:
    return fmath.is_math(el) or el.tag == "math"


def _math_markup(w, mathml: str, display: bool, tex: str, fallback: str, el=None) -> str:
    if w.mode == "pdf":
        uri = fmath.mathml_svg(mathml)
        if uri:
            css = "math-svg block" if display else "math-svg"
            return f'<img class="{css}" src="{uri}" alt="{escape(tex or "formula")}">'
        return fallback or f'<code class="tex">{escape(tex)}</code>'
    if el is not None:
        html = fmath.mathml_html(el, display)
    else:
        html = mathml.replace(f' xmlns="{fmath.MML_NS}"', "", 1)
    if tex:
        html = html.replace("<math", f'<math alttext="{escape(tex)}"', 1)
    return html + fallback


def _math(w: Writer, el: etree._Element, display: bool) -> None:
    if w.mode == "pdf":
        w.out.append(_math_markup(w, fmath.element_mathml(el), display, "", "", el))
    else:
        w.out.append(fmath.mathml_html(el, display))


def _fn(w: Writer, el: etree._Element) -> None:
    """A footnote; in a table's foot its label (or the mark the table prints for it) is superscript."""
    w.out.append(f'<div{_attr_id(el)} class="fn">')
    label = el.find("label")
    mark = w.fn_marks.get(el.get("id", "")) if w.table_foot else None
    if label is not None:
        text = w.render_content(label)
        tag = "sup" if w.table_foot and "<sup>" not in text else "span"
        w.out.append(f'<{tag} class="label fn-label">{text}</{tag}> ')
    elif mark:
        w.out.append(f'<sup class="label fn-label">{escape(mark)}</sup> ')
    w.children(el, skip=frozenset({"label"}))
    w.out.append("</div>")


def _link(w: Writer, el: etree._Element) -> None:
    href = safe_href(el.get(XLINK) or ("".join(el.itertext()) if el.tag == "uri" else None))
    if href is None:
        w.children(el)
        return
    w.out.append(f'<a href="{escape(href)}" rel="noopener">')
    w.children(el)
    w.out.append("</a>")


def _email(w: Writer, el: etree._Element) -> None:
    address = "".join(el.itertext()).strip()
    w.out.append(f'<a href="mailto:{escape(address)}">{escape(address)}</a>')


def _inline(tag: str, css: str | None = None):
    cls = f' class="{css}"' if css else ""

    def handler(w: Writer, el: etree._Element) -> None:
        w.out.append(f"<{tag}{cls}>")
        w.children(el)
        w.out.append(f"</{tag}>")

    return handler


def _disp_quote(w: Writer, el: etree._Element) -> None:
    w.out.append(f"<blockquote{_attr_id(el)}>")
    w.children(el, skip=frozenset({"attrib"}))
    for attrib in el.iterfind("attrib"):
        w.out.append(f"<footer>{w.render_content(attrib)}</footer>")
    w.out.append("</blockquote>")


def _boxed(w: Writer, el: etree._Element) -> None:
    w.out.append(f'<aside{_attr_id(el)} class="boxed-text">')
    heading = _label_title(w, el)
    if heading:
        w.out.append(f'<p class="boxed-title"><b>{heading}</b></p>')
    w.children(el, skip=frozenset({"label", "title", "caption"}))
    w.out.append("</aside>")


def _supplementary(w: Writer, el: etree._Element) -> None:
    href = w.asset_url(el.get(XLINK) or "")
    w.out.append(f'<div{_attr_id(el)} class="supplementary-material">')
    caption = _caption(w, el, "supplementary-caption").replace("figcaption", "div")
    if href:
        w.out.append(f'<a class="download" href="{escape(href)}">{caption or escape(href)}</a>')
    else:
        w.out.append(caption)
    for child in el:
        if child.tag in ("p", "graphic", "media"):
            w.element(child)
    w.out.append("</div>")


def _alternatives(w: Writer, el: etree._Element) -> None:
    if any(_is_math_tag(c) or c.tag == "tex-math" for c in el if isinstance(c.tag, str)):
        _formula_inline_alt(w, el)
    elif _find_table(el) is not None:
        _table_box(w, _find_table(el), "table")
    else:
        w.out.append(_pick_graphic(w, el, ""))


def _formula_inline_alt(w: Writer, el: etree._Element) -> None:
    w.out.append(f'<span class="inline-formula">{_formula_content(w, el, False)}</span>')


def _tex(w: Writer, el: etree._Element) -> None:
    tex = fmath.tex_source("".join(el.itertext()))
    converted = fmath.tex_to_mathml(tex, False)
    w.out.append(
        _math_markup(w, converted, False, tex, "") if converted else f"<code>{escape(tex)}</code>"
    )


def _raw_html(w: Writer, el: etree._Element) -> None:
    """Markup carried in from SGML CDATA (``specific-use="html"``): sanitised, never trusted."""
    w.out.append(clean_html("".join(el.itertext())))


def _generic_block(w: Writer, el: etree._Element) -> None:
    if el.get("specific-use") == "html" or el.get("content-type") == "html":
        _raw_html(w, el)
        return
    if len(el) == 0 and el.text and "<" in el.text and ">" in el.text:
        _raw_html(w, el)
        return
    w.children(el)


def _related_article(w: Writer, el: etree._Element) -> None:
    href = el.get(XLINK)
    kind = el.get("ext-link-type")
    if kind == "doi" and href:
        href = "https://doi.org/" + href
    href = safe_href(href)
    if href:
        w.out.append(f'<a class="related-article" href="{escape(href)}">')
        w.children(el)
        w.out.append("</a>")
    else:
        w.children(el)


def _hr(w: Writer, el: etree._Element) -> None:
    w.out.append("<hr>")


HANDLERS: dict[str, Callable[[Writer, etree._Element], None]] = {
    "sec": _sec,
    "p": _p,
    "list": _list,
    "def-list": _def_list,
    "xref": _xref,
    "fig": _fig,
    "fig-group": _fig_group,
    "table-wrap": _table_wrap,
    "table-wrap-group": _table_wrap_group,
    "table": lambda w, el: _table_box(w, el, "table"),
    "disp-formula": lambda w, el: _formula(w, el, True),
    "inline-formula": lambda w, el: _formula(w, el, False),
    "tex-math": _tex,
    "math": lambda w, el: _math(w, el, False),
    "alternatives": _alternatives,
    "graphic": _graphic,
    "inline-graphic": _graphic,
    "fn": _fn,
    "ext-link": _link,
    "uri": _link,
    "email": _email,
    "disp-quote": _disp_quote,
    "boxed-text": _boxed,
    "supplementary-material": _supplementary,
    "related-article": _related_article,
    "sc": _inline("span", "sc"),
    "break": lambda w, el: w.out.append("<br>"),
    "hr": _hr,
    "preformat": _wrap("pre"),
    "code": _wrap("pre", "code"),
    "verse-group": _wrap("div", "verse"),
    "verse-line": _wrap("div", "verse-line"),
    "chem-struct-wrap": _wrap("div", "chem-struct"),
    "body": _generic_block,
    "label": _inline("span", "label"),
    "title": _inline("span", "title"),
    "caption": _wrap("div", "caption"),
    "attrib": _inline("span", "attrib"),
    "named-content": _inline("span"),
    "styled-content": _inline("span"),
    "object-id": _drop,
    "alt-text": _drop,
    "long-desc": _drop,
    "sub-article": _drop,
    "front-stub": _drop,
    "ref-list": _drop,
    "ign": _drop,
}
for _jats, _html_tag in _INLINE_TAGS.items():
    HANDLERS[_jats] = _inline(_html_tag, _jats if _html_tag == "span" else None)
