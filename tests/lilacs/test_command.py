"""``scielo-pub lilacs``: collection, issue and file inputs; formats; LILACS-Express reported."""

from __future__ import annotations

import pytest

from scielo_pub.cli import main
from scielo_pub.lilacs.formats import read_records

from .test_mapping import JATS


def test_article_file_the_build_would_refuse_is_not_exported(tmp_path, capsys):
    """Export takes the build's decision: an article with errors (here no DOCTYPE, a wrong ISSN
    check digit) is reported and left out."""
    src = tmp_path / "a.xml"
    src.write_bytes(JATS)
    out = tmp_path / "out.id"
    assert main(["lilacs", str(src), "-o", str(out), "--with-references"]) == 1
    assert read_records(out.read_bytes(), "id").records == []
    err = capsys.readouterr().err
    assert "[dtd.no-doctype]" in err and "0 records (0 articles" in err


def test_missing_input_is_an_input_error(tmp_path, capsys):
    assert main(["lilacs", str(tmp_path / "nope.xml"), "-o", str(tmp_path / "x.iso")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_demo_issue_gets_collection_codes_and_serial_record(root, tmp_path, capsys):
    issue = root / "collections" / "demo" / "journals" / "rsd" / "issues" / "v12n1"
    if not issue.is_dir():
        pytest.skip("demo collection is absent")
    out = tmp_path / "v12n1.iso"
    assert main(["lilacs", str(issue), "-o", str(out), "--with-serials"]) == 0
    records = read_records(out.read_bytes()).records
    assert records[0].first(5) == "S" and records[0].first(6) == ""
    articles = records[1:]
    assert articles and all(r.first(1) == "BR1.1" and r.first(6) == "as" for r in articles)
    assert all("/j/rsd/v12n1/" in r.first(8) for r in articles)
    err = capsys.readouterr().err
    assert "LILACS-Express" in err
