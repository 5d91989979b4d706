"""Debian chromium driven by playwright, for every browser test: the ``browser`` fixture.

One browser per test module, closed after it: playwright's sync API runs one instance per thread at a
time, so modules must not overlap. Tests skip with the reason when chromium (Debian package
``chromium``, ``/usr/bin/chromium``) or playwright is missing; playwright never downloads a browser of
its own. The flags keep chromium off the network (this machine has none) and headless as root.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()
