"""Fixtures for the SGML -> JATS tests: the JATS 1.1 DTD (offline) and a converter helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from scielo_pub.markup.sgml_reader import read_sgml_article
from tests.conftest import SHARED_DATA

JATS_DTD = (
    SHARED_DATA
    / "jats"
    / "JATS-Publishing-1-1-MathML2-DTD"
    / "JATS-Publishing-1-1-MathML2-DTD"
    / "JATS-journalpublishing1.dtd"
)


@pytest.fixture(scope="session")
def jats_dtd() -> etree.DTD:
    if not JATS_DTD.is_file():
        pytest.skip(f"JATS DTD {JATS_DTD} is absent")
    return etree.DTD(str(JATS_DTD))


def convert(text: str, *, dtd: str = "art4_0", encoding: str = "utf-8"):
    """Markup text -> (JATS root, diagnostics) through the project's own parser and DTDs."""
    tree, diags = read_sgml_article(text.encode(encoding), path="t.sgm", dtd=dtd)
    assert tree is not None, [d.format() for d in diags]
    return tree.getroot(), diags


def assert_valid(dtd: etree.DTD, root: etree._Element, where: str | Path = "") -> None:
    ok = dtd.validate(root)
    errors = [f"{e.line}: {e.message}" for e in dtd.error_log.filter_from_errors()[:5]]
    assert ok, f"{where}: {errors}"
