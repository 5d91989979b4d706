"""Fixtures for the security tests: one hostile collection, built once per session by both routes."""

from __future__ import annotations

from pathlib import Path

import pytest

from scielo_pub.build import build
from scielo_pub.render.site import write_site
from scielo_pub.render.standalone import load_articles

from .corpus import hostile_collection
from .vectors import VECTORS


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    hostile_collection(tmp, VECTORS)
    return tmp / "hostile"


@pytest.fixture(scope="session")
def hostile_build(hostile, tmp_path_factory):
    """The hostile collection through ``build`` (validation on): (site folder, report)."""
    out = tmp_path_factory.mktemp("hostile-site")
    return out, build(hostile, out, jobs=1)


@pytest.fixture(scope="session")
def hostile_preview(hostile, tmp_path_factory):
    """Every hostile article rendered without validation (the preview route): site folder, count."""
    out = tmp_path_factory.mktemp("hostile-preview")
    paths = sorted(p for p in hostile.rglob("*") if p.suffix in (".xml", ".sgm"))
    loaded = load_articles(paths)
    report = write_site(loaded.content, out, jobs=1, pdf=False)
    assert not report.problems, report.problems
    return out, len(loaded.content.articles), len(paths)
