"""The JATS -> HTML transformer, element by element, checked by structure."""

from __future__ import annotations

import pytest

from scielo_pub.render.body import Writer

from .helpers import jats, to_html


def test_sections_nest_headings_by_depth():
    html = to_html(
        '<sec id="s1"><title>Methods</title><p>a</p><sec><title>Design</title><p>b</p></sec></sec>'
    )
    assert html.xpath("string(section[@id='s1']/h2)") == "Methods"
    assert html.xpath("string(section/section/h3)") == "Design"


def test_paragraph_with_block_content_becomes_div():
    html = to_html('<p>intro <list list-type="order"><list-item><p>one</p></list-item></list></p>')
    assert html.xpath("count(div[@class='p']/ol[@type='1']/li)") == 1
    assert not html.xpath("//p//ol")


def test_bibliographic_xrefs_get_ids_for_back_links():
    writer = Writer()
    html = writer.render_content(
        jats(
            '<p>See <xref ref-type="bibr" rid="B1">1</xref> and <xref ref-type="bibr" rid="B1">1</xref>.</p>'
        )
    )
    assert 'href="#B1"' in html and 'id="cite-B1-1"' in html and 'id="cite-B1-2"' in html
    assert writer.citations == {"B1": 2}


def test_fig_group_keeps_its_figures_and_caption():
    html = to_html(
        '<fig-group id="fg1"><caption><title>Two panels</title></caption>'
        '<fig id="f1a"><label>A</label><graphic xlink:href="http://x.org/a.png"/></fig>'
        '<fig id="f1b"><label>B</label><graphic xlink:href="http://x.org/b.png"/></fig></fig-group>'
    )
    group = html.xpath("figure[@id='fg1']")[0]
    assert group.xpath("string(figcaption)").strip() == "Two panels"
    assert group.xpath("count(.//figure[@class='fig']//img)") == 2
    assert group.xpath(".//figure[@id='f1a']//img/@alt") == ["A"]


def test_table_wrap_with_footnotes_and_group():
    html = to_html(
        '<table-wrap-group id="tg"><caption><title>Tables</title></caption>'
        '<table-wrap id="t1"><label>Table 1</label><caption><title>Cases</title></caption>'
        '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td rowspan="2">1<xref ref-type="fn" rid="tfn1">*</xref></td></tr></tbody></table>'
        '<table-wrap-foot><fn id="tfn1"><label>*</label><p>p &lt; 0.05</p></fn></table-wrap-foot></table-wrap>'
        "</table-wrap-group>"
    )
    wrap = html.xpath("figure[@id='tg']/figure[@id='t1']")[0]
    assert wrap.xpath("string(figcaption/span[@class='label'])") == "Table 1"
    assert wrap.xpath("div[@class='table-scroll']/@aria-label") == ["Table 1"]
    assert wrap.xpath("div/table/tbody/tr/td/@rowspan") == ["2"]
    assert wrap.xpath("div[@class='table-foot']/div[@id='tfn1']")
    assert wrap.xpath(".//td/a[@href='#tfn1']")


def test_mathml_is_shown_natively_with_tex_and_image_fallback():
    html = to_html(
        '<disp-formula id="e1"><label>(1)</label><alternatives>'
        "<mml:math><mml:mi>x</mml:mi><mml:mo>=</mml:mo><mml:mn>1</mml:mn></mml:math>"
        '<tex-math>\\(x=1\\)</tex-math><graphic xlink:href="http://x.org/e1.png"/></alternatives></disp-formula>'
    )
    formula = html.xpath("div[@id='e1']")[0]
    math = formula.xpath(".//math")[0]
    assert math.get("display") == "block" and math.get("alttext") == "x=1"
    assert math.xpath("string(mi)") == "x"
    assert formula.xpath(".//img[@class='formula-fallback']/@src") == ["http://x.org/e1.png"]
    assert formula.xpath("string(span[@class='formula-label'])") == "(1)"


def test_tex_only_formula_is_converted_to_mathml():
    html = to_html(
        "<p><inline-formula><tex-math>\\documentclass{article}\\begin{document}\\(\\frac{1}{2}\\)\\end{document}</tex-math></inline-formula></p>"
    )
    assert html.xpath("count(.//span[@class='inline-formula']//math//mfrac)") == 1


def test_pdf_mode_turns_formulas_into_svg_images():
    html = to_html(
        "<p><inline-formula><mml:math><mml:mi>y</mml:mi></mml:math></inline-formula></p>",
        mode="pdf",
    )
    src = html.xpath(".//img[contains(@class,'math-svg')]/@src")
    assert src and src[0].startswith("data:image/svg+xml;base64,")
    assert not html.xpath(".//math")


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x"]
)
def test_unsafe_link_schemes_are_dropped(href):
    html = to_html(f'<p><ext-link ext-link-type="uri" xlink:href="{href}">click</ext-link></p>')
    assert not html.xpath(".//a") and html.xpath("string(p)") == "click"


def test_raw_html_from_sgml_is_sanitised():
    raw = '&lt;p onclick="evil()"&gt;ok&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href="javascript:x"&gt;l&lt;/a&gt;&lt;/p&gt;'
    html = to_html(f'<sec><p specific-use="html">{raw}</p></sec>')
    assert not html.xpath("//script") and not html.xpath("//@onclick")
    assert not [h for h in html.xpath("//a/@href") if "javascript" in h]
    assert "ok" in html.text_content()


def test_inline_styles_lists_quotes_and_boxes():
    html = to_html(
        "<p><bold>b</bold><italic>i</italic><sup>2</sup><sub>x</sub><sc>sc</sc><monospace>m</monospace></p>"
        "<def-list><def-item><term>T</term><def><p>D</p></def></def-item></def-list>"
        "<disp-quote><p>Q</p><attrib>A</attrib></disp-quote>"
        '<boxed-text id="bx"><title>Box</title><p>in box</p></boxed-text>'
        '<supplementary-material id="sm1" xlink:href="http://x.org/s.pdf"><label>Suppl 1</label></supplementary-material>'
    )
    assert [e.tag for e in html.xpath("p[1]/*")] == ["b", "i", "sup", "sub", "span", "code"]
    assert html.xpath("string(dl/dt)") == "T" and html.xpath("string(dl/dd)") == "D"
    assert html.xpath("string(blockquote/footer)") == "A"
    assert html.xpath("aside[@id='bx']")
    assert html.xpath("div[@id='sm1']/a/@href") == ["http://x.org/s.pdf"]


def test_reference_label_not_repeated_when_the_printed_citation_starts_with_it():
    from lxml import etree

    from scielo_pub.render.view import _shown_label

    numbered = etree.fromstring("<mixed-citation>1. Myers J. Title. 2020.</mixed-citation>")
    plain = etree.fromstring("<mixed-citation>Myers J. Title. 2020.</mixed-citation>")
    nested = etree.fromstring("<mixed-citation><label>1</label> Myers J.</mixed-citation>")
    assert _shown_label("1", numbered) is None
    assert _shown_label("1", plain) == "1"
    assert (
        _shown_label("1", nested) == "1"
    )  # the nested label is not rendered, so the ref's is shown
