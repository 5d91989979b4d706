"""Validation tests are hermetic: the JATS DTDs installed on this machine (``scielo-pub dtds
install``) are hidden, so only the catalogs a test names are read."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_installed_dtd_bundle(monkeypatch):
    monkeypatch.setattr("scielo_pub.dtd.xmlvalid.bundle_catalog", lambda: None)
