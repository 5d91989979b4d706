"""Built files in, every point a browser would run out: the structural check of the hostile-build tests.

HTML pages are parsed with lxml and walked element by element; XML files (sitemap, Atom, article
XML) are checked for HTML or SVG elements and handlers, and Atom's escaped HTML is checked as HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
from lxml import etree

_ACTIVE = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal"}
_BAD_URL = re.compile(
    r"^(javascript|vbscript|livescript|data:text/html|data:application/xhtml)", re.I
)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_BAD_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:", re.I)
_URL_ATTRS = {"href", "src", "action", "formaction", "data", "background", "poster", "xlink:href",
              "codebase", "cite", "longdesc", "dynsrc", "lowsrc"}  # fmt: skip
_XHTML = "http://www.w3.org/1999/xhtml"
_SVG = "http://www.w3.org/2000/svg"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def bad_url(value: str) -> bool:
    """``value`` is a URL a browser would run (after dropping the spaces and controls it ignores)."""
    return bool(_BAD_URL.match(_CONTROL.sub("", value)))


def html_points(root) -> list[str]:
    """Executable points in a parsed HTML tree."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = _local(el.tag)
        if name == "script" and (_is_json_ld(el) or _is_project_script(el)):
            continue
        if name in _ACTIVE:
            found.append(f"<{name}>")
        if name == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            target = (el.get("content") or "").partition("url=")[2] or ""
            if bad_url(target.strip("'\"")):
                found.append(f"<meta refresh {target!r}>")
        if name == "style" and _BAD_STYLE.search(el.text or ""):
            found.append("<style> with url/import")
        for attr, value in el.attrib.items():
            key = _local(attr) if "}" in attr else attr.lower()
            if key.startswith("on"):
                found.append(f"<{name} {key}>")
            elif key == "srcdoc":
                found.append(f"<{name} srcdoc>")
            elif key == "style" and _BAD_STYLE.search(value):
                found.append(f"<{name} style={value!r}>")
            elif (key in _URL_ATTRS or attr.endswith("}href")) and bad_url(value):
                found.append(f"<{name} {key}={value!r}>")
    return found


def _is_project_script(el) -> bool:
    """The project's own scripts: loaded by a relative ``src`` ending in ``static/site.js`` (the
    enhancement script) or ``static/search.js`` (the static search page's), files of the package,
    the same on every page, with no inline code."""
    src = el.get("src") or ""
    extra = set(el.attrib) - {"src", "defer", "type"}
    return (
        src.endswith(("static/site.js", "static/search.js"))
        and ":" not in src
        and not (el.text or "").strip()
        and not extra
        and el.get("type") in (None, "text/javascript", "module")
    )


def _is_json_ld(el) -> bool:
    """The site's own JSON-LD: no src, and the whole content is one JSON value."""
    if el.get("type") != "application/ld+json" or el.get("src"):
        return False
    try:
        json.loads(el.text or "")
    except ValueError:
        return False
    return "</" not in (el.text or "")


def xml_points(data: bytes) -> list[str]:
    """Executable points in an XML file: HTML/SVG elements, handlers, escaped HTML in Atom."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    root = etree.fromstring(data, parser)
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.startswith(("{" + _XHTML, "{" + _SVG)):
            found.append(f"XML element {el.tag}")
        for attr in el.attrib:
            if _local(attr).startswith("on"):
                found.append(f"XML attribute {attr}")
        if _local(el.tag) in ("content", "summary", "title") and el.get("type") == "html":
            found += html_points(lxml.html.fragment_fromstring(el.text or "", create_parent="div"))
    return found


def executable_points(site: Path) -> dict[str, list[str]]:
    """Every executable point in every HTML and XML file under ``site``, by file."""
    result = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            found = html_points(lxml.html.parse(str(path)).getroot())
        elif suffix in (".xml", ".atom", ".rss"):
            found = xml_points(path.read_bytes())
        else:
            continue
        if found:
            result[str(path.relative_to(site))] = found
    return result
