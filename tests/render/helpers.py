"""Small helpers: transform a JATS snippet to HTML and parse it for XPath checks."""

from __future__ import annotations

import lxml.html
from lxml import etree

from scielo_pub.render.body import Writer

NS = 'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML"'


def jats(snippet: str) -> etree._Element:
    return etree.fromstring(f"<body {NS}>{snippet}</body>")


def to_html(snippet: str, mode: str = "html") -> lxml.html.HtmlElement:
    writer = Writer(mode=mode)
    html = writer.render_content(jats(snippet))
    return lxml.html.fragment_fromstring(html, create_parent="div")
