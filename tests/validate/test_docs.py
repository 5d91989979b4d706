"""docs/VALIDATION.md carries the current rule catalogue."""

from __future__ import annotations

from scielo_pub.dtd.rules import RULES
from scielo_pub.dtd.rules.catalogue import rule_table, with_table

from ..conftest import ROOT

DOC = ROOT / "docs" / "VALIDATION.md"


def test_rule_table_in_the_docs_is_current():
    text = DOC.read_text(encoding="utf-8")
    assert with_table(text) == text, (
        "run: python -m scielo_pub.dtd.rules.catalogue docs/VALIDATION.md"
    )


def test_rule_table_lists_every_rule_once():
    table = rule_table()
    for rule_id in RULES:
        assert table.count(f"| `{rule_id}` |") == 1
