"""Untrusted HTML, MathML and URLs in, inert ones out: the one sanitising policy of the project.

Every route from an article to a page goes through here: SGML ``[body]`` HTML (CDATA) when it is read
(``clean_html``), MathML when it is read from SGML and when it is written to HTML (``clean_mathml``,
``MATHML_TAGS``, ``mathml_attribute_ok``), every link (``safe_href``) and every HTML fragment a
template marks safe (``sanitised`` where the page's view is made, else ``clean_html`` from the
Jinja2 ``finalize`` hook in ``render.pages``). The policy is an allow-list: presentational HTML,
presentation MathML, no ``style``, no event handlers, and URLs only with the schemes in
``SAFE_SCHEMES`` (or relative).

``sanitised`` cleans a fragment once where it is produced and returns it as ``Sanitised`` (the web
policy) or ``SanitisedForPrint`` (the PDF policy): the ``finalize`` hook passes these through without
cleaning them again, and cleans every other ``Markup``. Only this module makes them: any operation on
one (``+``, ``%``, ``join``, ``replace``, ``Markup(...)``, a pickle round trip...) gives plain
``Markup``, which the hook cleans again.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from lxml import etree
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: What browsers ignore inside a URL scheme (controls, spaces), and spellings of ":" as a reference.
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_COLON = re.compile(r"&(?:colon|#0*58|#x0*3a);?", re.I)
_ACTIVE_VALUE = re.compile(r"url\s*\(|expression\s*\(|javascript:|vbscript:", re.I)

HTML_TAGS = frozenset({
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})  # fmt: skip
#: Presentation MathML (MathML Core plus the MathML 3 layout elements browsers or ziamath draw).
#: ``semantics`` keeps its first child only: annotations (``annotation-xml`` may hold HTML) go.
MATHML_TAGS = frozenset({
    "math", "mi", "mn", "mo", "ms", "mspace", "mtext", "mrow", "mfrac", "msqrt", "mroot", "mstyle",
    "merror", "mpadded", "mphantom", "mfenced", "menclose", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mlabeledtr",
    "mtd", "maligngroup", "malignmark", "mstack", "mlongdiv", "msgroup", "msrow", "mscarries",
    "mscarry", "msline", "semantics",
})  # fmt: skip
MATHML_ATTRIBUTES = frozenset({
    "accent", "accentunder", "align", "alttext", "bevelled", "close", "columnalign", "columnlines",
    "columnspacing", "columnspan", "columnwidth", "crossout", "denomalign", "depth", "dir",
    "display", "displaystyle", "equalcolumns", "equalrows", "fence", "form", "frame", "framespacing",
    "height", "largeop", "linebreak", "linethickness", "lspace", "mathbackground", "mathcolor",
    "mathsize", "mathvariant", "maxsize", "minsize", "movablelimits", "notation", "numalign", "open",
    "rowalign", "rowlines", "rowspacing", "rowspan", "rspace", "scriptlevel", "scriptminsize",
    "scriptsizemultiplier", "selection", "separator", "separators", "stretchy", "subscriptshift",
    "superscriptshift", "symmetric", "voffset", "width",
})  # fmt: skip
_COMMON = {"id", "class", "lang", "title", "dir", "role", "aria-label", "aria-hidden", "tabindex"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href", "rel", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "valign", "scope"},
    "th": {"colspan", "rowspan", "align", "valign", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
    **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
}


def safe_href(url: str | None) -> str | None:
    """``url`` when its scheme is harmless (http, https, mailto, ftp, doi:) or it is relative."""
    if not url:
        return None
    probe = _COLON.sub(":", _CONTROL.sub("", url))
    match = _SCHEME.match(probe)
    if match and match.group(1).lower() not in SAFE_SCHEMES | {"doi"}:
        return None
    url = url.strip()
    return "https://doi.org/" + url[4:].lstrip("/") if url.lower().startswith("doi:") else url


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src"):
        return safe_href(value)
    if _ACTIVE_VALUE.search(_COLON.sub(":", _CONTROL.sub("", value))):
        return None
    return value


def _url_schemes(pdf: bool) -> set[str]:
    return set(SAFE_SCHEMES | ({"file", "data"} if pdf else set()))


def clean_html(fragment: str, *, pdf: bool = False) -> str:
    """An HTML fragment with only the allowed tags, attributes and URL schemes.

    ``pdf`` also lets image ``src`` be a local ``file:`` URI or a ``data:image/`` URI (the PDF
    renderer reads figures from disk and formulas as SVG images; neither runs in a browser).
    """
    return _cleaner(pdf).clean(fragment)


@lru_cache(maxsize=2)
def _cleaner(pdf: bool) -> nh3.Cleaner:
    """The policy built once: handing nh3 the allow-lists costs ~0.3 ms a call, cleaning ~10 us."""
    return nh3.Cleaner(
        tags=set(HTML_TAGS | MATHML_TAGS),
        clean_content_tags={"script", "style", "annotation", "annotation-xml"},
        attributes=_ATTRIBUTES,
        attribute_filter=_pdf_filter if pdf else _attribute_filter,
        url_schemes=_url_schemes(pdf),
        link_rel=None,
        strip_comments=True,
    )


class Sanitised(Markup):
    """An HTML fragment that passed ``clean_html`` (the web policy); made by ``sanitised`` only."""

    __slots__ = ()

    def __new__(cls, base: object = "", encoding: str | None = None, errors: str = "strict"):
        # Markup's operations build their result with ``self.__class__(...)``: here plain Markup,
        # so a fragment changed after cleaning is never taken for a clean one.
        return Markup(base, encoding, errors)


class SanitisedForPrint(Sanitised):
    """An HTML fragment that passed ``clean_html(..., pdf=True)``; made by ``sanitised`` only."""

    __slots__ = ()


def sanitised(fragment: str, *, pdf: bool = False) -> Sanitised:
    """``fragment`` cleaned by the policy (``pdf``: the print one) once, marked as clean.

    A fragment already marked clean under a policy at least as strict is returned as it is.
    """
    if is_sanitised(fragment, pdf=pdf):
        return fragment  # type: ignore[return-value]
    cls = SanitisedForPrint if pdf else Sanitised
    return str.__new__(cls, clean_html(str(fragment), pdf=pdf))


def is_sanitised(value: object, *, pdf: bool = False) -> bool:
    """``value`` was made by ``sanitised`` under the policy of ``pdf`` or a stricter one.

    The web policy is the stricter: the print one only adds local ``file:`` and ``data:image/``
    image sources, so a fragment clean for the web is clean for print, not the other way round.
    """
    kind = type(value)
    return kind is Sanitised or (pdf and kind is SanitisedForPrint)


def _pdf_filter(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        lowered = value.lower()
        if lowered.startswith("file:") or lowered.startswith("data:image/"):
            return value
    return _attribute_filter(tag, name, value)


def mathml_attribute_ok(name: str, value: str) -> bool:
    """An attribute of a presentation MathML element that may be kept (no handlers, links, styles)."""
    return name in MATHML_ATTRIBUTES and not _ACTIVE_VALUE.search(
        _COLON.sub(":", _CONTROL.sub("", value))
    )


def mathml_children(el: etree._Element) -> list[etree._Element]:
    """The children of a MathML element that are shown: ``semantics`` shows its first one only."""
    children = [c for c in el if isinstance(c.tag, str)]
    if etree.QName(el).localname == "semantics":
        return children[:1]
    return children


def clean_mathml(math: etree._Element) -> etree._Element:
    """``math`` with non-presentation elements (and their content) and unsafe attributes removed."""
    for el in list(math.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).localname not in MATHML_TAGS:
            _remove(el)
            continue
        for name, value in list(el.attrib.items()):
            if not mathml_attribute_ok(name, value):
                del el.attrib[name]
        if etree.QName(el).localname == "semantics":
            for extra in [c for c in el if isinstance(c.tag, str)][1:]:
                _remove(extra)
    return math


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        el.clear()
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


_FOREIGN = ("{http://www.w3.org/1999/xhtml}", "{http://www.w3.org/2000/svg}")


def make_inert(root: etree._Element) -> etree._Element:
    """``root`` made safe to open in a browser as XML: MathML cleaned, no HTML/SVG, no handlers."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag.startswith(_FOREIGN):
            _remove(el)
            continue
        for name in [n for n in el.attrib if etree.QName(n).localname.lower().startswith("on")]:
            del el.attrib[name]
    for math in root.iter("{http://www.w3.org/1998/Math/MathML}math"):
        clean_mathml(math)
    return root
