"""Real browser checks (Debian chromium + playwright): no console errors, axe-core finds nothing serious."""

from __future__ import annotations

from pathlib import Path

import pytest

from scielo_pub.render import urls

pytestmark = pytest.mark.browser


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def _richest(demo_content):
    return max(
        demo_content.articles,
        key=lambda a: len(a.tree.xpath(".//fig|.//table-wrap|.//disp-formula|.//ref")),
    )


def test_article_page_loads_cleanly_and_screenshot(browser, demo_site, demo_content, tmp_path):
    item = _richest(demo_content)
    page, errors = _open(browser, demo_site / urls.fulltext(item, item.article.language))
    assert page.locator("h1.article-title").count() == 1
    shot = tmp_path / "article.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 1000
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("kind", ["home", "toc", "article", "narrow-article"])
def test_no_serious_accessibility_violations(browser, demo_site, demo_content, kind):
    item = _richest(demo_content)
    path = {
        "home": demo_site / "index.html",
        "toc": demo_site / urls.issue_dir(item.source.issue) / "index.html",
        "article": demo_site / urls.fulltext(item, item.article.language),
        "narrow-article": demo_site / urls.fulltext(item, item.article.language),
    }[kind]
    page, _errors = _open(browser, path)
    if kind.startswith("narrow"):
        page.set_viewport_size({"width": 375, "height": 800})
    violations = _serious(page)
    page.close()
    assert not violations, violations
