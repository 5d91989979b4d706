"""At 390 px (a phone): ORCID iDs stay on one line and wide tables show that they scroll."""

from __future__ import annotations

import pytest

from .conftest import fulltext_pages, open_page, parse

pytestmark = pytest.mark.browser


def _with(site, xpath: str):
    return next(p for p in fulltext_pages(site) if parse(p).xpath(xpath))


def test_orcid_ids_do_not_wrap_at_390px(browser, site):
    page, errors = open_page(browser, _with(site, "//a[@class='orcid']"), 390)
    lines = page.eval_on_selector_all("a.orcid", "els => els.map(e => e.getClientRects().length)")
    assert lines and all(n == 1 for n in lines), lines
    assert not errors
    page.context.close()


def test_wide_tables_show_they_scroll_at_390px(browser, site):
    page, _errors = open_page(browser, _with(site, "//div[@class='table-scroll']"), 390)
    boxes = page.eval_on_selector_all(
        ".table-scroll",
        """els => els.map(e => ({wide: e.scrollWidth > e.clientWidth,
            overflow: getComputedStyle(e).overflowX,
            shadows: (getComputedStyle(e).backgroundImage.match(/gradient/g) || []).length,
            focusable: e.tabIndex >= 0, name: e.getAttribute('aria-label')}))""",
    )
    wide = [b for b in boxes if b["wide"]]
    assert wide, "the demo has a table wider than a phone"
    for box in wide:
        assert box["overflow"] == "auto"
        assert box["shadows"] >= 2, box  # edge shadows: the affordance
        assert box["focusable"] and box["name"], box  # keyboard users can scroll it
    page.context.close()
