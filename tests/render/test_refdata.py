"""The 24 real SciELO PS articles in ../shared/data/xml render into HTML and PDF without error."""

from __future__ import annotations

import io

import lxml.html
import pypdf
import pytest

from scielo_pub.render import urls
from scielo_pub.render.site import write_site
from scielo_pub.render.standalone import load_articles


@pytest.fixture(scope="module")
def real(shared_xml_files):
    loaded = load_articles(shared_xml_files)
    return loaded


@pytest.mark.refdata
def test_all_real_articles_are_read(real, shared_xml_files):
    assert len(real.content.articles) == len(shared_xml_files) == 24


@pytest.mark.refdata
@pytest.mark.slow
def test_real_articles_render_html_and_pdf(real, tmp_path):
    report = write_site(real.content, tmp_path, jobs=2, pdf=True)
    assert not report.problems, report.problems
    for item in real.content.articles:
        for lang in item.article.languages or (item.article.language,):
            page = lxml.html.parse(str(tmp_path / urls.fulltext(item, lang))).getroot()
            assert page.xpath("//h1[@class='article-title']"), item.source.path.name
            scripts = page.xpath("//script[not(@type='application/ld+json')]")
            assert all(s.get("src", "").endswith("static/site.js") and not s.text for s in scripts)
            assert not [a for a in page.xpath("//@href") if a.lower().startswith("javascript:")]
            reader = pypdf.PdfReader(io.BytesIO((tmp_path / urls.pdf(item, lang)).read_bytes()))
            assert len(reader.pages) >= 1
            if item.article.doi:
                assert (
                    item.article.doi.lower()
                    in reader.pages[0].extract_text().replace("\n", "").lower()
                )


@pytest.mark.refdata
def test_real_formulas_become_mathml(real):
    from scielo_pub.render.view import article_view

    item = next(a for a in real.content.articles if "latex" in a.source.path.name)
    view = article_view(item)
    body = lxml.html.fragment_fromstring(
        view.versions[item.article.language].body, create_parent="div"
    )
    assert len(body.xpath("//math")) >= 10
