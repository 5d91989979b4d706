"""The project's own small script in a real browser: copy buttons, figure and table dialogs; and
every page still reads completely with JavaScript off."""

from __future__ import annotations

import pytest

from .conftest import fulltext_pages, open_page, parse

pytestmark = pytest.mark.browser


def _with(site, xpath: str):
    return next(p for p in fulltext_pages(site) if parse(p).xpath(xpath))


def test_copy_buttons_copy_the_citation(browser, site):
    path = fulltext_pages(site)[0]
    page, errors = open_page(browser, path)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    buttons = page.locator("section.how-to-cite button.copy")
    assert buttons.count() == 3 and buttons.first.is_visible()
    buttons.first.click()
    page.wait_for_function("document.querySelector('button.copy').dataset.state === 'copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = page.locator("section.how-to-cite .citation").first.inner_text().strip()
    assert copied == expected and copied
    assert not errors
    page.context.close()


def test_figure_opens_full_size_in_a_dialog_and_closes(browser, site):
    page, errors = open_page(browser, _with(site, "//a[@class='open-full']"))
    link = page.locator("a.open-full").first
    href = link.get_attribute("href")
    link.click()
    dialog = page.locator("dialog.viewer[open]")
    assert dialog.count() == 1
    assert dialog.locator("img").get_attribute("src") == href
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.viewer", state="detached")
    assert not errors
    page.context.close()


def test_table_enlarges_in_a_dialog(browser, site):
    page, errors = open_page(browser, _with(site, "//figure[contains(@class,'table-wrap')]"))
    button = page.locator("figure.table-wrap button.enlarge").first
    button.click()
    dialog = page.locator("dialog.viewer[open]")
    assert dialog.locator("table").count() == 1
    assert page.evaluate("document.querySelectorAll('dialog [id]').length") == 0  # ids stay unique
    dialog.locator("button.viewer-close").click()
    page.wait_for_selector("dialog.viewer", state="detached")
    assert not errors
    page.context.close()


def test_everything_reads_without_javascript(browser, site):
    path = _with(site, "//a[@class='open-full']")
    on, _ = open_page(browser, path)
    with_js = on.locator("main").inner_text()
    on.context.close()
    off, _ = open_page(browser, path, javascript=False)
    without = off.locator("main").inner_text()
    href = off.locator("a.open-full").first.get_attribute("href")
    off.locator("a.open-full").first.click()
    off.wait_for_load_state("load")
    assert off.url.endswith(href.split("/")[-1])  # the link opens the image itself
    off.context.close()
    # the same text, but for the buttons the script adds
    words_on = set(with_js.split())
    assert set(without.split()) <= words_on and len(without) > 0.95 * len(with_js)
