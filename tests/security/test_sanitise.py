"""The one sanitising policy: URLs, HTML fragments and MathML, case by case."""

from __future__ import annotations

import copy
import pickle

import lxml.html
import pytest
from lxml import etree
from markupsafe import Markup

from scielo_pub.render.math import mathml_html
from scielo_pub.sanitise import (
    Sanitised,
    SanitisedForPrint,
    clean_html,
    clean_mathml,
    is_sanitised,
    make_inert,
    safe_href,
    sanitised,
)

MML = "http://www.w3.org/1998/Math/MathML"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JaVaScRiPt:x", "jav\tascript:x", "java\nscript:x", "vbscript:x",
     "data:text/html,x", "javascript&colon;x", "\x01javascript:x", "livescript:x"],
)  # fmt: skip
def test_unsafe_urls_are_refused(url):
    assert safe_href(url) is None


@pytest.mark.parametrize(
    "url, expected",
    [("https://example.org/a", "https://example.org/a"), ("fig1.png", "fig1.png"),
     ("doi:10.1/x", "https://doi.org/10.1/x"), ("mailto:a@b.org", "mailto:a@b.org"),
     ("#sec1", "#sec1")],
)  # fmt: skip
def test_safe_urls_are_kept(url, expected):
    assert safe_href(url) == expected


def _tags_and_attrs(html: str) -> tuple[set[str], set[str]]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    tags = {el.tag for el in root.iter() if isinstance(el.tag, str)}
    return tags, {a for el in root.iter() for a in el.attrib}


def test_html_keeps_presentation_and_drops_active_content():
    html = clean_html(
        '<p class="x" style="color:red" onclick="a()"><b>bold</b><script>bad()</script>'
        '<a href="javascript:x">j</a><a href="https://ok.example/">ok</a>'
        '<iframe srcdoc="x"></iframe><img src="f.png" onerror="x" alt="f"></p>'
    )
    tags, attrs = _tags_and_attrs(html)
    assert tags == {"div", "p", "b", "a", "img"}
    assert attrs == {"class", "href", "src", "alt"}
    assert "bad()" not in html and 'href="https://ok.example/"' in html


def test_html_keeps_presentation_mathml_only():
    html = clean_html(
        '<math display="block"><mi mathvariant="bold" onmouseover="x" style="a:url(j)">x</mi>'
        '<semantics><mi>y</mi><annotation-xml encoding="text/html"><img src=x onerror=a()>'
        '</annotation-xml></semantics><maction href="javascript:x"><mi>z</mi></maction></math>'
    )
    tags, attrs = _tags_and_attrs(html)
    assert {"math", "mi", "semantics"} <= tags
    assert not tags & {"img", "annotation-xml", "maction"}
    assert attrs == {"display", "mathvariant"}


def _math(inner: str) -> etree._Element:
    return etree.fromstring(f'<math xmlns="{MML}">{inner}</math>')


def test_mathml_tree_cleaning_keeps_the_formula():
    math = clean_mathml(
        _math('<mi onmouseover="x" mathvariant="italic">a</mi><script>x</script><mo>+</mo>'
              '<semantics><mn>1</mn><annotation encoding="TeX">1</annotation></semantics>')
    )  # fmt: skip
    names = [etree.QName(e).localname for e in math.iter()]
    assert names == ["math", "mi", "mo", "semantics", "mn"]
    assert dict(math[0].attrib) == {"mathvariant": "italic"}


def test_mathml_html_writer_follows_the_policy():
    html = mathml_html(
        _math('<mtext>a</mtext><script>alert(1)</script><mi href="j:x">b</mi>'), False
    )
    tags, attrs = _tags_and_attrs(html)
    assert tags == {"div", "math", "mtext", "mi"}
    assert attrs == {"display"}


def test_article_xml_download_is_inert():
    root = etree.fromstring(
        f'<article xmlns:mml="{MML}" xmlns:h="http://www.w3.org/1999/xhtml"><p onclick="x">a'
        '<h:script>alert(1)</h:script> b<mml:math><mml:mi onmouseover="x">c</mml:mi></mml:math></p></article>'
    )
    make_inert(root)
    text = etree.tostring(root, encoding="unicode")
    assert "script" not in text and "onclick" not in text and "onmouseover" not in text
    assert "a b" in "".join(root.itertext())


SCRIPT = "<script>alert(1)</script>"


def test_sanitised_fragments_are_marked_and_stay_clean():
    clean = sanitised('<b onclick="x()">a</b><script>bad()</script>')
    assert type(clean) is Sanitised and str(clean) == "<b>a</b>"
    assert is_sanitised(clean) and is_sanitised(clean, pdf=True)  # web is the stricter policy
    printed = sanitised('<img src="file:///f.png">', pdf=True)
    assert type(printed) is SanitisedForPrint and 'src="file:///f.png"' in printed
    assert is_sanitised(printed, pdf=True) and not is_sanitised(printed)
    assert sanitised(clean) is clean  # cleaned once, not again


@pytest.mark.parametrize(
    "change",
    [lambda c: c + Markup(SCRIPT), lambda c: Markup(SCRIPT) + c,
     lambda c: Markup(SCRIPT).join([c, c]), lambda c: c.join([Markup(SCRIPT)] * 2),
     lambda c: c.replace("a", Markup(SCRIPT)), lambda c: Markup("%s" + SCRIPT) % c,
     lambda c: Markup(c), lambda c: Sanitised(SCRIPT), lambda c: c[:2],
     lambda c: pickle.loads(pickle.dumps(c)), lambda c: copy.copy(c),
     lambda c: c.format(), lambda c: c * 2, lambda c: c.strip()],
)  # fmt: skip
def test_nothing_but_sanitised_makes_a_marked_fragment(change):
    """Whatever is done to a clean fragment gives plain Markup, which pages clean again."""
    for clean in (sanitised("<b>a</b>"), sanitised("<b>a</b>", pdf=True)):
        changed = change(clean)
        assert type(changed) is Markup
        assert not is_sanitised(changed) and not is_sanitised(changed, pdf=True)
