"""The build orchestrator and the CLI: bad articles are reported, skipped, and the rest is built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scielo_pub.build import build
from scielo_pub.cli import main
from scielo_pub.collection import discover

ARTICLE = Path(__file__).parent / "model" / "data" / "structured_translated.xml"
ROOT = Path(__file__).resolve().parent.parent
#: A valid demo article (no figures, so the issue folder needs no images).
GOOD = ROOT / "collections/demo/journals/rsd/issues/v12n1/2764-5010-rsd-12-01-0015.xml"


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    root = tmp_path / "col"
    issue = root / "journals" / "tst" / "issues" / "v7n2"
    issue.mkdir(parents=True)
    (root / "collection.toml").write_text(
        '[collection]\nacronym = "t"\n[collection.name]\nen = "Test collection"\n', encoding="utf-8"
    )
    (root / "journals" / "tst" / "journal.toml").write_text(
        'acronym = "tst"\ntitle = "Revista de Teste"\nissn_print = "2764-5010"\n'
        # this test is about the build's flow, not DTDs: it must pass without the JATS DTDs installed
        '[rules]\n"dtd.unresolved" = "warning"\n',
        encoding="utf-8",
    )
    (issue / "issue.toml").write_text('year = 2025\nvolume = "12"\nnumber = "1"\norder = 1\n')
    shutil.copy(GOOD, issue / "a01.xml")
    shutil.copy(ARTICLE, issue / "a03.xml")  # well-formed, but breaks publication rules
    (issue / "a02.xml").write_text("<article>\n<front>\n</article>\n", encoding="utf-8")
    broken = root / "journals" / "bad"
    broken.mkdir()
    (broken / "journal.toml").write_text('acronym = "bad"\ntitle = \n', encoding="utf-8")
    return root


def test_discover_reports_broken_config_and_keeps_going(collection):
    source = discover(collection)
    assert [j.acronym for j in source.journals] == ["tst"]
    assert [a.path.name for a in source.articles] == ["a01.xml", "a02.xml", "a03.xml"]
    (diag,) = source.diagnostics
    assert diag.path.endswith("journal.toml") and diag.line == 2 and diag.code == "config.toml"


def test_build_skips_bad_article_and_builds_the_rest(collection, tmp_path):
    seen = []
    report = build(collection, tmp_path / "out", report=seen.append)
    assert [Path(p).name for p in report.published] == ["a01.xml"]
    assert [Path(p).name for p in report.failed] == ["a02.xml", "a03.xml"]
    assert report.exit_code == 1
    assert any(d.path.endswith("a02.xml") and d.line == 3 for d in seen)
    rule_errors = {
        d.code for d in seen if d.path.endswith("a03.xml") and d.is_error and d.kind == "rule"
    }
    assert "xref-target" in rule_errors
    assert "2 failed" in report.summary()
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_build_exit_status_and_summary(collection, tmp_path, capsys):
    code = main(["build", str(collection), "-o", str(tmp_path / "site"), "-j", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "a02.xml:3:" in err and "[xml.not-well-formed]" in err
    assert out.startswith("built 1 articles, 2 failed")
    assert "not published" in err and "a03.xml" in err


def test_cli_build_missing_collection_is_a_clear_error(tmp_path, capsys):
    code = main(["build", str(tmp_path / "nowhere")])
    assert code == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and "collection.toml" in err and "Traceback" not in err


def test_inspect_json_has_the_documented_keys(capsys):
    assert main(["inspect", "--json", str(ARTICLE)]) in (0, 1)  # 1: the file has rule errors
    data = json.loads(capsys.readouterr().out)
    for key in (
        "pid",
        "doi",
        "article_type",
        "language",
        "titles",
        "contributors",
        "affiliations",
        "abstracts",
        "keywords",
        "history",
        "issn",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "elocation_id",
        "translations",
        "counts",
        "references",
    ):
        assert key in data, key
    assert data["history"] == {"received": "2023-11-01", "accepted": "2024-01"}
    assert data["contributors"][0]["affiliation_ids"] == ["aff1", "aff2"]
    assert data["affiliations"][1]["country_code"] == "PE"
    assert data["counts"]["fig"] == 2 and data["counts"]["ref"] == 2
    assert data["elocation_id"] is None
    ref = data["references"][0]
    for key in (
        "id",
        "publication_type",
        "authors",
        "article_title",
        "source",
        "year",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "doi",
        "pmid",
        "mixed_citation",
    ):
        assert key in ref, key


def test_inspect_bad_file_exit_1_with_position(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<article><p></article>")
    assert main(["inspect", str(bad)]) == 1
    assert f"{bad}:1:" in capsys.readouterr().err


def test_inspect_missing_file_exit_2(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "none.xml")]) == 2
    assert "input error" in capsys.readouterr().err


SGML_DTDS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sgml" / "dtd"
SGML_ERRORS = SGML_DTDS.parent / "instances" / "synthetic" / "art4_0_errors.txt"


@pytest.mark.refdata
def test_validate_takes_sciELO_dtd_and_sgml_catalog_outside_a_journal(capsys):
    args = ["--dtd", str(SGML_DTDS / "art4_0.dtd"), "--catalog", str(SGML_DTDS / "catalog")]
    code = main(["validate", "--format", "json", *args, str(SGML_ERRORS)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    (article,) = data["articles"]
    structure = [
        p for p in article["problems"] if p["kind"] == "structure" and p["severity"] == "error"
    ]
    assert structure and all(p["line"] >= 1 and p["column"] >= 1 for p in article["problems"])


def test_diagnostic_positions_are_one_based():
    from scielo_pub.errors import Diagnostic, Severity

    diag = Diagnostic("a.sgm", 0, 0, Severity.WARNING, "m", "c")
    assert diag.format() == "a.sgm:1:1: warning: m [c]"


def test_cli_build_timings_lists_every_stage_once(collection, tmp_path, capsys):
    out_dir = str(tmp_path / "site")
    assert main(["build", str(collection), "-o", out_dir, "-j", "1", "--no-pdf"]) == 1
    assert "stage" not in capsys.readouterr().out  # only when asked
    main(["build", str(collection), "-o", out_dir, "-j", "1", "--no-pdf", "--timings"])
    table = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(table) if line.split()[:1] == ["stage"])
    rows = [line.split() for line in table[start + 1 :]]
    names = [row[0] for row in rows]
    assert names == ["discover", "read", "issues", "publish", "links", "usage", "outputs",
                     "store", "statistics"]  # fmt: skip
    assert all(float(row[1]) >= 0 and float(row[2]) >= 0 for row in rows)
