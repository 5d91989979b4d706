"""axe-core (axe-playwright-python) finds no violation of any impact on the home, a table of
contents, an article and its abstract page, at 1280 px and 390 px."""

from __future__ import annotations

import pytest

from .conftest import open_page, page_urls

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violation(browser, served, width):
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for name, path in page_urls(served).items():
        page, errors = open_page(browser, path, width)
        results = Axe().run(page)
        found += [
            f"{name}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes)"
            for v in results.response["violations"]
        ]
        assert not errors, (name, errors)
        page.context.close()
    assert found == []
