"""Article PDFs: pages, metadata, first-page facts and outline, read back with pypdf."""

from __future__ import annotations

import io

import pypdf
import pytest

from scielo_pub.render import pages
from scielo_pub.render.pdf import article_pdfs
from scielo_pub.render.view import article_view


def _pick(demo_content):
    with_math = [a for a in demo_content.articles if a.tree.find(".//disp-formula") is not None]
    with_figs = [a for a in demo_content.articles if a.tree.find(".//fig") is not None]
    chosen = {id(a): a for a in (with_math[:1] + with_figs[:1] + list(demo_content.articles[:1]))}
    return list(chosen.values())


@pytest.fixture(scope="module")
def rendered(demo_content):
    out = []
    for item in _pick(demo_content):
        cites = pages.how_to_cite(article_view(item), demo_content)
        for path, data in article_pdfs(item, demo_content, cites):
            out.append((item, path, data))
    return out


def _text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_one_pdf_per_language(rendered):
    for _item, path, data in rendered:
        assert data.startswith(b"%PDF-")
        assert path.endswith(".pdf")
    langs = {(i.source.path.name, p.rsplit("-", 1)[1][:-4]) for i, p, _ in rendered}
    expected = {(i.source.path.name, lang) for i, _, _ in rendered for lang in i.article.languages}
    assert langs == expected


def test_metadata_title_doi_and_outline(rendered):
    for item, path, data in rendered:
        reader = pypdf.PdfReader(io.BytesIO(data))
        lang = path.rsplit("-", 1)[1][:-4]
        title = item.article.titles[lang]
        assert len(reader.pages) >= 1
        assert reader.metadata.title == title
        assert item.article.authors[0].surname in (reader.metadata.author or "")
        text = _text(reader)
        assert " ".join(title.split()[:4]) in text
        if item.article.doi:
            assert item.article.doi in text
        assert reader.outline, "sections give the PDF an outline"
        assert reader.trailer["/Root"].get("/Lang") == lang


def test_first_page_has_dates_and_license(rendered):
    item, _path, data = rendered[0]
    first = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    if item.article.history:
        assert any(str(d.year) in first for d in item.article.history.values())
    assert "creativecommons" in first.replace("\n", "") or item.article.license is None


def test_formulas_are_drawn_not_dropped(rendered):
    for item, _path, data in rendered:
        if item.tree.find(".//disp-formula") is None:
            continue
        reader = pypdf.PdfReader(io.BytesIO(data))
        xobjects = sum(len(p["/Resources"].get("/XObject", {})) for p in reader.pages)
        assert xobjects >= 1
        return
    pytest.skip("no demo article with display formulas")


def test_pdf_is_tagged_for_accessibility(rendered):
    _item, _path, data = rendered[0]
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert bool(root.get("/MarkInfo", {}).get("/Marked"))
    assert "/StructTreeRoot" in root
