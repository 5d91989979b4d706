"""Converted SGML keeps its source lines, so rule problems point into the .sgm file."""

from __future__ import annotations

import re
from pathlib import Path

from scielo_pub.markup.sgml_reader import read_sgml_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "collections/demo/journals/rsd/issues/v12n1/2764-5010-rsd-12-01-0004.sgm"


def _line_of(pattern: str) -> int:
    text = ARTICLE.read_text(encoding="utf-8")
    match = re.search(pattern, text, re.I)
    assert match, pattern
    return text.count("\n", 0, match.start()) + 1


def test_elements_with_ids_take_their_source_line():
    tree, _ = read_sgml_article(ARTICLE.read_bytes(), path=str(ARTICLE), dtd="art4_0")
    root = tree.getroot()
    aff = root.find(".//aff[@id='aff2']")
    assert aff.sourceline == _line_of(r'\[aff [^\]]*id="?aff2')
    assert aff.find("institution").sourceline == aff.sourceline  # children inherit
    assert root.sourceline == 1
    lines = [el.sourceline for el in root.iter() if isinstance(el.tag, str)]
    assert all(isinstance(line, int) and line >= 1 for line in lines)
    assert len(set(lines)) > 10  # not everything at the top of the file
