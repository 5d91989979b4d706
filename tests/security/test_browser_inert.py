"""The hostile pages opened in Debian chromium: no dialog fires, no request goes to a script URL.

Every element of every hostile article page gets the events inline handlers listen to (mouse,
focus, load, error, toggle, pointer, animation), so a handler that slipped through would run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

_EVENTS = """() => {
  const names = ['mouseover', 'mouseenter', 'click', 'focus', 'blur', 'load', 'error', 'toggle',
                 'pointerover', 'pointerenter', 'animationstart', 'start', 'input'];
  for (const el of document.querySelectorAll('*')) {
    for (const name of names) { el.dispatchEvent(new Event(name)); }
  }
  return document.querySelectorAll('*').length;
}"""


def _pages(site: Path, abstracts: bool = True) -> list[Path]:
    """One full-text page (and one abstract page) per article, plus the listings."""
    pages = sorted(site.rglob("j/*/*/*/en.html"))
    if abstracts:
        pages += sorted(site.rglob("j/*/*/*/abstract.pt.html"))
    return pages + sorted(site.glob("j/*/*/index.html"))[:3] + [site / "index.html"]


def _visit(browser, pages: list[Path]) -> tuple[list[str], list[str]]:
    context = browser.new_context(java_script_enabled=True)
    dialogs: list[str] = []
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        assert page.evaluate(_EVENTS) > 3
    context.close()
    return dialogs, requests


def _bad(requests: list[str]) -> list[str]:
    return [
        u for u in requests
        if u.lower().startswith(("javascript:", "vbscript:", "data:text/html")) or "evil." in u
    ]  # fmt: skip


def test_no_dialog_and_no_script_request_on_built_pages(browser, hostile_build):
    out, _report = hostile_build
    pages = _pages(out)
    assert len(pages) > 60
    dialogs, requests = _visit(browser, pages)
    assert dialogs == []
    assert _bad(requests) == []


def test_no_dialog_on_preview_pages(browser, hostile_preview):
    out, _rendered, _total = hostile_preview
    dialogs, requests = _visit(browser, _pages(out, abstracts=False))
    assert dialogs == []
    assert _bad(requests) == []


def test_the_probe_sees_a_live_handler(browser, tmp_path):
    """The probe can fail: a page with an inline handler makes a dialog fire."""
    page = tmp_path / "live.html"
    page.write_text("<p onmouseover=\"alert('x')\">x</p><a href='javascript:alert(2)'>y</a>")
    dialogs, _ = _visit(browser, [page])
    assert dialogs
