"""Equation numbers in the PDF: drawn beside their formula, inside the page (read back with pypdf)."""

from __future__ import annotations

import io

import pypdf
import pytest

from scielo_pub.render.pdf import article_pdfs


def _positions(page: pypdf.PageObject, wanted: str) -> list[float]:
    """Page x (in PDF points) of every text run equal to ``wanted``."""
    found: list[float] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip() == wanted:
            found.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    page.extract_text(visitor_text=visit)
    return found


def test_equation_number_is_on_the_page(demo_content):
    numbered = [
        a for a in demo_content.articles if a.tree.find(".//disp-formula/label") is not None
    ]
    if not numbered:
        pytest.skip("no demo article with a numbered display formula")
    item = numbered[0]
    label = " ".join(item.tree.find(".//disp-formula/label").itertext()).strip()
    _path, data = next(iter(article_pdfs(item, demo_content, {})))
    reader = pypdf.PdfReader(io.BytesIO(data))
    xs = [x for page in reader.pages for x in _positions(page, label)]
    width = float(reader.pages[0].mediabox.width)
    assert xs, f"the equation number {label} is not in the PDF"
    assert all(0 < x < width - 20 for x in xs), (xs, width)
