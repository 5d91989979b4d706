"""JATS formulas (``mml:math``, ``tex-math``) in, HTML MathML or SVG images (for PDFs) out."""

from __future__ import annotations

import base64
import re
import warnings
from functools import lru_cache
from html import escape

from lxml import etree

from ..sanitise import MATHML_TAGS, mathml_attribute_ok, mathml_children

MML_NS = "http://www.w3.org/1998/Math/MathML"
_MML = "{" + MML_NS + "}"
_DOC_BODY = re.compile(r"\\begin\{document\}(.*?)\\end\{document\}", re.S)
_DELIMS = (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$"))


def tex_source(text: str) -> str:
    """The formula in a ``tex-math`` element, without the LaTeX document wrapper and delimiters."""
    match = _DOC_BODY.search(text)
    body = (match.group(1) if match else text).strip()
    for start, end in _DELIMS:
        if body.startswith(start) and body.endswith(end) and len(body) >= len(start) + len(end):
            return body[len(start) : len(body) - len(end)].strip()
    return body


def mathml_html(el: etree._Element, display: bool) -> str:
    """An ``mml:math`` element as HTML MathML (no prefixes, safe attributes only)."""
    parts: list[str] = []
    _write_mml(el, parts, top=True, display=display)
    return "".join(parts)


def _write_mml(el: etree._Element, parts: list[str], *, top: bool = False, display=False) -> None:
    """One element as HTML MathML, by the policy of ``scielo_pub.sanitise`` (others left out)."""
    tag = etree.QName(el).localname if isinstance(el.tag, str) else None
    if tag is None or tag not in MATHML_TAGS or (top and tag != "math"):
        if el.tail and not top:
            parts.append(escape(el.tail, quote=False))
        return
    attrs = [(k, v) for k, v in el.attrib.items() if mathml_attribute_ok(k, v)]
    if top:
        attrs = [(k, v) for k, v in attrs if k != "display"]
        attrs.append(("display", "block" if display else "inline"))
    parts.append("<" + tag + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">")
    if el.text:
        parts.append(escape(el.text, quote=False))
    shown = mathml_children(el)
    for child in el:
        if child in shown:
            _write_mml(child, parts)
        elif child.tail:
            parts.append(escape(child.tail, quote=False))
    parts.append(f"</{tag}>")
    if el.tail and not top:
        parts.append(escape(el.tail, quote=False))


@lru_cache(maxsize=2048)
def tex_to_mathml(tex: str, display: bool) -> str | None:
    """TeX converted to MathML with latex2mathml; ``None`` when it cannot be converted."""
    from latex2mathml.converter import convert

    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds of errors on unsupported TeX
        return None


_SVG_URI = "data:image/svg+xml;base64,"


@lru_cache(maxsize=2048)
def mathml_svg(mathml: str) -> str | None:
    """A MathML string as an SVG data URI (ziamath), for renderers without MathML (WeasyPrint).

    Drawing a formula costs milliseconds and importing ziamath a quarter of a second, so the URI
    is kept in the user cache (:mod:`scielo_pub.usercache`) under the MathML and ziamath's version:
    a rebuild that prints an article whose formulas did not change draws none of them again.
    """
    from ..usercache import cached

    value = cached("formula-svg", [_ziamath_version(), mathml], lambda: svg_uri(mathml))
    if value is None or (isinstance(value, str) and value.startswith(_SVG_URI)):
        return value
    return svg_uri(mathml)  # not an entry this module wrote: drawn again, never trusted


def svg_uri(mathml: str) -> str | None:
    """The formula drawn by ziamath as an SVG data URI (``None`` when ziamath cannot draw it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # ziamath uses importlib.resources.path
        import ziamath

        try:
            svg = ziamath.Math(mathml).svg()
        except Exception:  # ziamath fails on some MathML; the caller falls back to text
            return None
    return _SVG_URI + base64.b64encode(svg.encode()).decode("ascii")


@lru_cache(maxsize=1)
def _ziamath_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ziamath")
    except PackageNotFoundError:
        return "unknown"


def element_mathml(el: etree._Element) -> str:
    """The ``mml:math`` element serialised as namespaced MathML (input to ziamath)."""
    parts: list[str] = []
    _write_mml(el, parts, top=True, display=el.get("display") == "block")
    html = "".join(parts)
    return html.replace("<math", f'<math xmlns="{MML_NS}"', 1)


def is_math(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag == _MML + "math"
