"""Queries of the links of some citing articles are planned on the citations' primary key
(``citing_id`` first), not on the target index, which would scan every link (SQLite)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from scielo_pub.citations import BiblioDB
from scielo_pub.citations import db as db_module


def _plans(db: BiblioDB, run) -> list[str]:
    """The query plans of the SELECTs ``run(db)`` makes on ``biblio_citations``."""
    seen: list[tuple[str, tuple]] = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT") and "biblio_citations" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        run(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    raw = db.connection.connection.driver_connection
    return [
        " ".join(str(row[-1]) for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        for sql, params in seen
    ]


def _links(db: BiblioDB) -> None:
    rows = [(f"C{k}", f"R{n}", "scielo", f"T{(k + n) % 50}", 0.9) for k in range(200)
            for n in range(5)]  # fmt: skip
    db.replace_citations({r[0] for r in rows}, rows)


@pytest.mark.parametrize("unindexed", [True, False])
def test_links_of_citing_articles_are_read_by_the_primary_key(tmp_path, monkeypatch, unindexed):
    if not unindexed:
        monkeypatch.setattr(db_module, "_unindexed", lambda column: column)
    with BiblioDB(tmp_path / "index.sqlite") as db:
        _links(db)
        plans = _plans(db, lambda d: list(d.cited_from("scielo", ["C1", "C2"])))
        plans += _plans(db, lambda d: d.replace_citations(["C3"], [], only_changed=True))
        plans += _plans(db, lambda d: d.replace_citations(["C4"], []))
    assert len(plans) == 3, plans
    on_target = [p for p in plans if "biblio_citations_target" in p]
    if unindexed:
        assert not on_target, plans
    else:  # the planner's own choice: the target index, a scan of every link
        assert on_target, plans
