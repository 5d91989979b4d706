"""The registered rules in, the Markdown rule table of docs/VALIDATION.md out.

``python -m scielo_pub.dtd.rules.catalogue docs/VALIDATION.md`` rewrites the table between the
``<!-- rules:start -->`` and ``<!-- rules:end -->`` markers; a test checks that it is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import RULES

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_table() -> str:
    """One row per rule, grouped by topic: id, default severity, message (en) and advice (en)."""
    rows = [
        "| id | severity | topic | message (en) | advice (en) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in sorted(RULES.values(), key=lambda r: (r.topic, r.id)):
        cells = [
            f"`{rule.id}`",
            str(rule.severity),
            rule.topic,
            rule.message["en"],
            rule.advice["en"],
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def with_table(document: str) -> str:
    """``document`` with the text between the markers replaced by the current table."""
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rule_table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("docs/VALIDATION.md")
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {len(RULES)} rules into {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
