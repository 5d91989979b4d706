"""The demo's generated earlier issues (collections/demo/tools/make_citation_history.py): the files
are what the generator writes, they validate, identifiers and dates are consistent, and the two
journals cite each other's earlier years (what the citation statistics pages need)."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from scielo_pub.cli import main
from tests.conftest import ROOT

TOOL = ROOT / "collections" / "demo" / "tools" / "make_citation_history.py"


def _tool():
    spec = importlib.util.spec_from_file_location("make_citation_history", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


HISTORY = _tool()
PAPERS = HISTORY.PAPERS


def _path(paper) -> Path:
    return paper.folder / f"{paper.stem}.xml"


def test_files_are_what_the_generator_writes():
    for paper in PAPERS:
        assert _path(paper).read_text(encoding="utf-8") == HISTORY.article_xml(paper), paper.key
        assert (paper.folder / "issue.toml").read_text(encoding="utf-8") == HISTORY.issue_toml(
            paper
        )


def test_generated_issues_validate_without_warnings(capsys):
    folders = sorted({str(p.folder) for p in PAPERS})
    assert main(["validate", *folders]) == 0
    out = capsys.readouterr().out
    assert f"checked {len(PAPERS)} articles: 0 errors, 0 warnings" in out


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.key)
def test_identifiers_dates_and_links(paper):
    root = etree.parse(str(_path(paper))).getroot()
    meta = root.find("front/article-meta")
    issue = tomllib.loads((paper.folder / "issue.toml").read_text(encoding="utf-8"))
    order = meta.findtext("article-id[@pub-id-type='other']")
    issn = paper.journal.ppub
    assert meta.findtext("article-id[@specific-use='scielo-v2']") == (
        f"S{issn}{issue['year']}{issue['order']:04d}{order}"
    )
    assert len(meta.findtext("article-id[@specific-use='scielo-v3']")) == 23
    assert meta.findtext("article-id[@pub-id-type='doi']") == (
        f"10.5555/{paper.journal.acronym}.{issue['year']}.{issue['volume']}.1.{int(order)}"
    )
    dates = [
        tuple(int(el.findtext(k)) for k in ("year", "month", "day"))
        for el in (meta.find("history/date[@date-type='received']"),
                   meta.find("history/date[@date-type='accepted']"),
                   meta.find("pub-date[@date-type='pub']"))
    ]  # fmt: skip
    assert dates == sorted(dates) and len(set(dates)) == 3
    ids = set(root.xpath("//@id"))
    assert set(root.xpath("//xref/@rid")) <= ids
    assert int(meta.find("counts/ref-count").get("count")) == len(root.xpath("//ref-list/ref"))
    assert set(root.xpath("//ref/@id")) <= set(root.xpath("//xref[@ref-type='bibr']/@rid"))


def test_the_journals_cite_each_others_earlier_years():
    by_key = {p.key: p for p in PAPERS}
    pairs = {(p.journal.acronym, by_key[c].journal.acronym) for p in PAPERS for c in p.cites
             if c in by_key}  # fmt: skip
    assert pairs == {("ecl", "ecl"), ("ecl", "rsd"), ("rsd", "rsd"), ("rsd", "ecl")}
    assert all(by_key[c].year < p.year for p in PAPERS for c in p.cites if c in by_key)
