"""Shared helpers for the validation tests: the clean base article and text mutations of it."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "good_article.xml").read_text(encoding="utf-8")

SUB = """<sub-article article-type="translation" id="s1" xml:lang="{lang}">
    <front-stub>
      {title}
      {abstract}
    </front-stub>
    <body>
      <sec>
        <title>Introduction</title>
        <fig id="f1-en"><label>Figure 1</label><caption><title>A figure</title></caption><graphic xlink:href="rtst-58-1-0010-gf01.png"/></fig>
        {table}
      </sec>
    </body>
  </sub-article>
</article>"""
TITLE = "<title-group><article-title>A test article</article-title></title-group>"
ABSTRACT = "<abstract><p>A short abstract of the test article.</p></abstract>"
TABLE = (
    '<table-wrap id="t1-en"><label>Table 1</label><caption><title>A table</title></caption>'
    "<table><tbody><tr><td>a</td></tr></tbody></table></table-wrap>"
)


def sub_article(lang="en", title=TITLE, abstract=ABSTRACT, table=TABLE) -> tuple[str, str]:
    """A mutation that adds a translation sub-article before ``</article>``."""
    return ("</article>", SUB.format(lang=lang, title=title, abstract=abstract, table=table))


def mutate(text: str, *mutations) -> str:
    """Apply ``(old, new)`` replacements (``re:``-prefixed ``old`` is a DOTALL regex), each once;
    a replacement that matches nothing is a broken test and raises."""
    for old, new in mutations:
        if old.startswith("re:"):
            text, count = re.subn(old[3:], new.replace("\\", "\\\\"), text, flags=re.S)
        else:
            count = text.count(old)
            text = text.replace(old, new, 1)
        if not count:
            raise AssertionError(f"mutation target not found: {old!r}")
    return text
