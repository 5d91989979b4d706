"""Untrusted URLs and HTML fragments in, safe ones out (no script, no event handlers, no javascript:)."""

from __future__ import annotations

import re

import nh3

_SAFE_SCHEMES = ("http", "https", "mailto", "ftp", "doi")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "valign"},
    "th": {"colspan", "rowspan", "align", "valign", "scope"},
    "col": {"span", "width"},
    "ol": {"start", "type"},
}


def safe_href(url: str | None) -> str | None:
    """``url`` when its scheme is harmless (http, https, mailto, ftp) or it is relative; else ``None``."""
    if not url:
        return None
    probe = _CONTROL.sub("", url)
    match = _SCHEME.match(probe)
    if match and match.group(1).lower() not in _SAFE_SCHEMES:
        return None
    url = url.strip()
    return "https://doi.org/" + url[4:].lstrip("/") if url.lower().startswith("doi:") else url


def clean_html(fragment: str) -> str:
    """An HTML fragment (e.g. SGML ``[body]`` CDATA) with only presentational tags and safe URLs."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "ftp"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
