"""PDF float placement and table layout: small named articles and one real one, read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pypdf
import pytest

from scielo_pub.render.pdf import article_pdfs, pdf_html
from scielo_pub.render.placement import SHORT_ROWS, WIDE_COLUMNS, print_body
from scielo_pub.render.standalone import load_articles
from scielo_pub.render.view import article_view

_FILLER = (
    "The sampling design followed the regional protocol and every plot was visited twice in the "
    "dry season, once in the wet season, with the same observers and the same instruments. "
) * 6

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500" viewBox="0 0 800 500">'
    '<rect x="10" y="10" width="780" height="480" fill="#cde" stroke="#036"/></svg>'
)


def _article(body: str, back: str = "", floats: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article"
 specific-use="sps-1.9" xml:lang="en"><front><journal-meta>
<journal-id journal-id-type="publisher-id">tst</journal-id>
<journal-title-group><journal-title>Test Journal</journal-title>
<abbrev-journal-title abbrev-type="publisher">Test J.</abbrev-journal-title></journal-title-group>
<issn pub-type="epub">1234-5678</issn><publisher><publisher-name>Testers</publisher-name></publisher>
</journal-meta><article-meta>
<article-id pub-id-type="publisher-id" specific-use="scielo-v2">S1234-56782024000100001</article-id>
<title-group><article-title>Layout of floats in print</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Silva</surname>
<given-names>Ana</given-names></name></contrib></contrib-group>
<pub-date publication-format="electronic" date-type="pub"><day>02</day><month>03</month>
<year>2024</year></pub-date><volume>1</volume><issue>1</issue><fpage>1</fpage><lpage>9</lpage>
</article-meta></front><body>{body}</body>{floats}<back>{back}</back></article>"""


def _paras(n: int, start: int = 0) -> str:
    return "".join(f"<p>Paragraph {start + i}. {_FILLER}</p>" for i in range(n))


def _fig(ident: str, label: str) -> str:
    return (
        f'<fig id="{ident}"><label>{label}</label><caption><title>Caption of {label} '
        f'marker{ident}</title></caption><graphic xlink:href="{ident}.svg"/></fig>'
    )


def _load(tmp_path: Path, name: str, xml: str):
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.xml").write_text(xml, encoding="utf-8")
    for ident in ("f1", "f2"):
        (folder / f"{ident}.svg").write_text(_SVG, encoding="utf-8")
    loaded = load_articles([folder / f"{name}.xml"])
    assert loaded.content.articles, loaded.diagnostics
    return loaded.content.articles[0], loaded.content


def _pdf(item, content) -> pypdf.PdfReader:
    (_path, data), *_ = article_pdfs(item, content, {})
    return pypdf.PdfReader(io.BytesIO(data))


def _page_of(reader: pypdf.PdfReader, text: str) -> list[int]:
    return [i for i, p in enumerate(reader.pages) if text in " ".join(p.extract_text().split())]


def _print_html(item, content):
    view = article_view(item, mode="pdf", links=False)
    lang = next(iter(view.versions))
    return lxml.html.fromstring(pdf_html(view, content, lang, {}))


@pytest.fixture(scope="module")
def fig_at_end(tmp_path_factory):
    """Figure 1 cited in the first paragraph, placed by the XML after ten pages' worth of text."""
    body = (
        '<sec><title>Introduction</title><p>Paragraph citing. See <xref ref-type="fig" rid="f1">'
        "Figure 1</xref> for the plots.</p>"
        + _paras(24)
        + f"<p>Closing.{_fig('f1', 'Figure 1')}</p></sec>"
    )
    return _load(tmp_path_factory.mktemp("a"), "fig-at-end", _article(body))


def test_figure_follows_its_citing_paragraph_in_print_html(fig_at_end):
    page = _print_html(*fig_at_end)
    fig = page.xpath("//figure[@id='f1']")[0]
    before = fig.getprevious()
    assert before is not None and "Paragraph citing." in before.text_content()
    assert page.xpath("//*[@class='p'][normalize-space()='Closing.']"), (
        "the emptied block keeps its text"
    )


def test_site_html_keeps_the_xml_order(fig_at_end):
    item, _content = fig_at_end
    body = lxml.html.fragment_fromstring(
        article_view(item).versions["en"].body, create_parent="div"
    )
    fig = body.xpath("//figure[@id='f1']")[0]
    assert "Closing." in fig.getparent().text_content()


def test_figure_caption_is_on_the_citing_page_or_next(fig_at_end):
    reader = _pdf(*fig_at_end)
    assert len(reader.pages) >= 3, "the filler should push the XML's figure position pages away"
    cited = _page_of(reader, "Paragraph citing.")
    caption = _page_of(reader, "markerf1")
    assert cited and caption
    assert caption[0] - cited[0] in (0, 1)


def test_floats_group_and_fig_group_are_placed(tmp_path):
    group = (
        '<fig-group id="g1"><caption><title>Group markerg1</title></caption>'
        f"{_fig('f2', 'Figure 2')}</fig-group>"
    )
    body = (
        "<sec><title>Results</title>"
        + _paras(2)
        + '<p>Group citing paragraph, <xref ref-type="fig" rid="f2">Figure 2</xref>.</p>'
        + _paras(2, 10)
        + "</sec>"
    )
    floats = f'<floats-group>{group}<fig id="f9"><label>Figure 9</label></fig></floats-group>'
    item, content = _load(tmp_path, "floats", _article(body, floats=floats))
    page = _print_html(item, content)
    moved = page.xpath("//figure[@id='g1']")[0]
    assert "Group citing paragraph" in moved.getprevious().text_content()
    uncited = page.xpath("//figure[@id='f9']")[0]
    assert uncited.getparent().get("class") == "floats-group", "uncited floats stay where they are"


def _table(ident: str, cols: int, rows: int, label: str) -> str:
    head = "".join(f"<th>Head {c} {label}</th>" for c in range(cols))
    body = "".join(
        "<tr>" + "".join(f"<td>r{r}c{c}</td>" for c in range(cols)) + "</tr>" for r in range(rows)
    )
    return (
        f'<table-wrap id="{ident}"><label>{label}</label><caption><title>{label} caption</title>'
        f"</caption><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<table-wrap-foot><fn id='{ident}fn'><p>Footnote of {label}.</p></fn></table-wrap-foot>"
        "</table-wrap>"
    )


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    body = (
        '<sec><title>Tables</title><p>See <xref ref-type="table" rid="t1">Table 1</xref> and '
        '<xref ref-type="table" rid="t2">Table 2</xref>.</p>'
        + _table("t1", 4, 120, "TableLong")
        + _paras(1)
        + _table("t2", WIDE_COLUMNS + 2, 6, "TableWide")
        + _paras(1, 5)
        + "</sec>"
    )
    item, content = _load(tmp_path_factory.mktemp("t"), "tables", _article(body))
    return _pdf(item, content)


def test_long_table_repeats_its_header(tables):
    pages = _page_of(tables, "Head 0 TableLong")
    rows = _page_of(tables, "r119c3")
    assert len(pages) >= 2, "the header row is printed on every page the table spans"
    assert rows and rows[0] in pages
    assert _page_of(tables, "Footnote of TableLong.") == rows[-1:], "footnotes stay with the end"


def test_wide_table_gets_a_landscape_page(tables):
    wide = _page_of(tables, "Head 0 TableWide")
    assert wide
    for i, page in enumerate(tables.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width > height) == (i in wide), f"page {i + 1}: landscape only for the wide table"


def test_header_rows_in_tbody_become_thead():
    html = (
        '<figure class="table-wrap" id="t"><div class="table-scroll"><table><tbody>'
        "<tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></tbody></table></div></figure>"
    )
    out = lxml.html.fragment_fromstring(print_body(html), create_parent="div")
    assert out.xpath("//table/thead/tr/th[.='A']")
    assert out.xpath("//table/tbody/tr/td[.='1']")


def test_body_without_floats_is_unchanged():
    html = '<section class="sec"><p>Text <a class="xref" href="#f1">1</a></p></section>'
    assert print_body(html) is html


def _start(el) -> str:
    return " ".join((el.text or "").split())[:40]


@pytest.mark.refdata
def test_real_article_first_figure_near_its_citation(shared_xml_files):
    """A real SciELO PS article whose Figure 1 sits four paragraphs (and a table) after its citation.

    Its citing paragraph first cites Table 1 (two and a half pages), so the figure comes right after
    that table: on the page after the citation or later, but before the next paragraph of text.
    """
    path = next(p for p in shared_xml_files if "S0034-89102025000100200" in p.name)
    loaded = load_articles([path])
    item, content = loaded.content.articles[0], loaded.content
    first = next(item.tree.iter("fig"))
    ident = first.get("id")
    citing = next(x for x in item.tree.iter("xref") if x.get("rid") == ident).getparent()
    page = _print_html(item, content)
    fig = page.xpath(f"//figure[@id='{ident}']")[0]
    between = list(fig.itersiblings(preceding=True))
    block = next(b for b in between if b.tag != "figure")
    assert block.xpath(f".//a[@href='#{ident}']"), "the figure follows its citing paragraph"
    following = next(p for p in citing.itersiblings("p") if _start(p))
    reader = _pdf(item, content)
    cited, after = _page_of(reader, _start(citing)), _page_of(reader, _start(following))
    label = " ".join("".join(first.find("label").itertext()).split())
    caption = [i for i in _page_of(reader, label) if i > cited[0] or i == cited[0]]
    assert cited and after and caption
    assert cited[0] <= caption[0] <= after[0]


def test_short_tables_are_kept_whole_and_long_ones_may_split():
    def rows(n: int) -> str:
        return "".join("<tr><td>x</td><td>y</td></tr>" for _ in range(n))

    html = (
        f'<figure class="table-wrap" id="a"><table><tbody>{rows(SHORT_ROWS)}</tbody></table></figure>'
        f'<figure class="table-wrap" id="b"><table><tbody>{rows(SHORT_ROWS + 1)}</tbody></table>'
        "</figure>"
    )
    out = lxml.html.fragment_fromstring(print_body(html), create_parent="div")
    assert "short" in out.get_element_by_id("a").get("class").split()
    assert "short" not in out.get_element_by_id("b").get("class").split()
