"""The docs keep up with the code: every inspect --json key and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from scielo_pub.cli import build_parser
from scielo_pub.markup.jats import read_xml
from scielo_pub.model import article_from_tree
from scielo_pub.model.export import article_to_json

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "model" / "data" / "structured_translated.xml"


def test_every_inspect_key_is_documented():
    doc = (ROOT / "docs" / "INSPECT_JSON.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_0-9]+)`", doc))
    data = article_to_json(article_from_tree(read_xml(ARTICLE.read_bytes()).tree))
    assert set(data) - documented == set()
    assert set(data["references"][0]) - documented == set()


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    missing = [name for name in commands if f"scielo-pub {name}" not in readme]
    assert missing == []
