"""Nothing an author wrote is lost: every text piece and formula of the source reaches a page of its
language, on the real articles of ../shared/data/xml, on small own cases and on the demo collection."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from scielo_pub.render import body
from scielo_pub.render.site import write_site
from scielo_pub.render.standalone import load_articles

from .conftest import DATA
from .fidelity import losses, source_formulas, source_pieces


def _root(item) -> etree._Element:
    return item.tree.getroot() if isinstance(item.tree, etree._ElementTree) else item.tree


def _all_losses(content, site: Path) -> tuple[int, list[str]]:
    pieces, lost = 0, []
    for item in content.articles:
        root = _root(item)
        pieces += sum(1 for _ in source_pieces(root)) + sum(1 for _ in source_formulas(root))
        lost += [f"{item.source.path.name}: {loss}" for loss in losses(site, item, root)]
    return pieces, lost


@pytest.mark.refdata
def test_every_piece_of_the_real_articles_reaches_its_page(real_site):
    content, site = real_site
    pieces, lost = _all_losses(content, site)
    assert pieces > 6000  # the walk really reads the articles
    assert lost == []


def test_every_piece_of_the_demo_reaches_its_page(demo_content, demo_site):
    pieces, lost = _all_losses(demo_content, demo_site)
    assert pieces > 500
    assert lost == []


def test_replies_oasis_cells_typed_abstracts_and_back_notes_are_kept(tmp_path):
    loaded = load_articles([DATA / "letter_reply.xml", DATA / "peer_review_anonymous.xml"])
    write_site(loaded.content, tmp_path, jobs=1, pdf=False)
    pieces, lost = _all_losses(loaded.content, tmp_path)
    assert pieces >= 18
    assert lost == []


def test_a_renderer_that_drops_lists_is_caught(tmp_path, monkeypatch):
    monkeypatch.setitem(body.HANDLERS, "list", body._drop)
    loaded = load_articles([DATA / "letter_reply.xml"])
    write_site(loaded.content, tmp_path, jobs=1, pdf=False)
    _pieces, lost = _all_losses(loaded.content, tmp_path)
    assert {loss.split("): ")[1] for loss in lost} == {
        "'halfatabletatnight'",
        "'neverwithmilk'",
        "'Childrenneedhalftheadultdose.'",
    }


@pytest.mark.refdata
def test_a_renderer_that_drops_formulas_is_caught(real_site, tmp_path, monkeypatch):
    content, _site = real_site
    item = next((a for a in content.articles if "latex" in a.source.path.name), None)
    if item is None:
        pytest.skip("the LaTeX article of ../shared/data/xml is absent")
    monkeypatch.setitem(body.HANDLERS, "inline-formula", body._drop)
    monkeypatch.setitem(body.HANDLERS, "disp-formula", body._drop)
    loaded = load_articles([item.source.path])
    write_site(loaded.content, tmp_path, jobs=1, pdf=False)
    _pieces, lost = _all_losses(loaded.content, tmp_path)
    assert any("tex-math" in loss for loss in lost)
