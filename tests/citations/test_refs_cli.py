"""``scielo-pub refs``: parse from stdin to JSON lines, import, match, graph."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from scielo_pub.citations.parse import FIELDS
from scielo_pub.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def _run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_refs_parse_writes_one_json_object_per_input_line(monkeypatch, capsys):
    lines = [
        "Brandt S, Holloway AB. Studies of frailty in the aged. J Gerontol Nurs. 1963;185(12):914-9.",
        "",
        "CASTELO, A. A Economia Brasileira nos anos 90. Rio de Janeiro: BNDES, 1999.",
    ]
    status, out, _ = _run(monkeypatch, capsys, ["refs", "parse"], "\n".join(lines) + "\n")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    assert all(set(r) == set(FIELDS) for r in rows)
    assert rows[0]["authors"] == [
        {"surname": "Brandt", "given_names": "S"},
        {"surname": "Holloway", "given_names": "AB"},
    ]
    assert rows[0]["lpage"] == "919"
    assert rows[1]["mixed_citation"] == "" and rows[1]["publication_type"] is None
    assert rows[2]["publisher_loc"] == "Rio de Janeiro"


def test_refs_import_match_and_idempotence(monkeypatch, capsys, store_url):
    db = store_url  # a SQLite file, then a PostgreSQL database
    argv = ["refs", "import", "--db", str(db), "--pubmed", str(FIXTURES / "pubmed_set.xml"),
            "--crossref", str(FIXTURES / "crossref_list.json")]  # fmt: skip
    status, out, _ = _run(monkeypatch, capsys, argv)
    assert status == 0 and "3 added, 0 updated, 0 unchanged" in out
    status, out, _ = _run(monkeypatch, capsys, argv)
    assert "0 added, 0 updated, 3 unchanged" in out
    ref = "Stein LD. Data analysis: create a cloud commons. Nature 2015; 523: 149-151.\n"
    status, out, _ = _run(monkeypatch, capsys, ["refs", "match", "--db", str(db)], ref)
    row = json.loads(out)
    assert row["matches"]["crossref"]["doi"] == "10.1038/523149a"
    assert [link["label"] for link in row["links"]] == ["DOI", "Google Scholar"]
    assert row["explanation"][0].startswith("accepted crossref:10.1038/523149a")


def test_refs_import_reports_a_bad_file_and_goes_on(monkeypatch, capsys, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<PubmedArticleSet><oops")
    argv = ["refs", "import", "--db", str(tmp_path / "x.db"), "--pubmed", str(bad),
            "--crossref", str(FIXTURES / "crossref_work.json")]  # fmt: skip
    status, out, err = _run(monkeypatch, capsys, argv)
    assert status == 1
    assert "bad.xml: error:" in err and "1 added" in out


def test_refs_match_needs_an_existing_db(monkeypatch, capsys, tmp_path):
    status, _, err = _run(
        monkeypatch, capsys, ["refs", "match", "--db", str(tmp_path / "none.db")], "x\n"
    )
    assert status != 0 and "refs import" in err


@pytest.mark.refdata
def test_refs_graph_over_shared_articles(monkeypatch, capsys, tmp_path, shared_xml_files):
    files = [str(p) for p in shared_xml_files[:6]]
    status, out, _ = _run(
        monkeypatch, capsys, ["refs", "graph", "--db", str(tmp_path / "g.db"), *files]
    )
    assert status == 0 and "references" in out


def test_refs_with_a_file_that_is_not_a_database(monkeypatch, capsys, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    status, _, err = _run(monkeypatch, capsys, ["refs", "match", "--db", str(junk)], "x\n")
    assert status != 0 and "cannot be opened as a scielo-pub citation index" in err
