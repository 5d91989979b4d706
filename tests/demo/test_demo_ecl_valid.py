"""The demo journal ``ecl`` in, checks out: DTD validity, declared counts, links, identifiers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, SHARED_DATA
from tests.demo.canonical import canonical, canonical_bytes, demo_articles

JOURNAL = ROOT / "collections" / "demo" / "journals" / "ecl"
# The hand-written articles; the earlier issues are generated (tools/make_citation_history.py) and
# checked by test_demo_citation_history.py.
HAND_WRITTEN = ("v8n1", "v8n2")
ARTICLES = [p for p in demo_articles(JOURNAL) if p.parent.name in HAND_WRITTEN]
CATALOG = SHARED_DATA / "jats" / "catalog-jats-local.xml"
XLINK = "{http://www.w3.org/1999/xlink}href"
OUTSIDE_SUB = "not(ancestor::sub-article)"


def _tree(path: Path) -> etree._Element:
    return canonical(path)


def _issn_ok(issn: str) -> bool:
    digits = issn.replace("-", "")
    total = sum(int(c) * w for c, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def _orcid_ok(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for c in digits[:15]:
        total = (total + int(c)) * 2
    check = (12 - total % 11) % 11
    return digits[15] == ("X" if check == 10 else str(check))


def test_journal_has_six_articles_in_two_issues() -> None:
    assert len(ARTICLES) == 6
    assert {p.parent.name for p in ARTICLES} == {"v8n1", "v8n2"}


@pytest.mark.refdata
@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_article_is_valid_against_jats_publishing_1_1(path: Path) -> None:
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint is not installed (Debian package libxml2-utils)")
    if not CATALOG.is_file():
        pytest.skip(f"JATS catalog {CATALOG} is absent")
    env = dict(os.environ, XML_CATALOG_FILES=str(CATALOG))
    cmd = ["xmllint", "--noout", "--valid", "--nonet", "-"]
    result = subprocess.run(
        cmd, env=env, input=canonical_bytes(path), capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_declared_counts_equal_actual_counts(path: Path) -> None:
    root = _tree(path)
    meta = root.find("front/article-meta")
    declared = {c.tag: int(c.get("count")) for c in meta.find("counts")}
    actual = {
        tag: int(root.xpath(f"count(//{element}[{OUTSIDE_SUB}])"))
        for tag, element in [
            ("fig-count", "fig"),
            ("table-count", "table-wrap"),
            ("equation-count", "disp-formula"),
            ("ref-count", "ref"),
        ]
    }
    fpage, lpage = meta.findtext("fpage"), meta.findtext("lpage")
    if fpage and lpage:
        actual["page-count"] = int(lpage) - int(fpage) + 1
    assert {k: declared[k] for k in actual} == actual


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_links_point_to_existing_targets(path: Path) -> None:
    root = _tree(path)
    ids = set(root.xpath("//@id"))
    rids = {rid for value in root.xpath("//xref/@rid") for rid in value.split()}
    assert rids <= ids
    assert set(root.xpath("//aff/@id")) <= set(root.xpath("//xref[@ref-type='aff']/@rid"))
    for graphic in root.iter("graphic"):
        image = path.parent / graphic.get(XLINK)
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert image.stat().st_size < 60_000


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_identifiers_are_well_formed(path: Path) -> None:
    root = _tree(path)
    meta = root.find("front/article-meta")
    issue = tomllib.loads((path.parent / "issue.toml").read_text(encoding="utf-8"))
    order = meta.findtext("article-id[@pub-id-type='other']")
    pid = meta.findtext("article-id[@specific-use='scielo-v2']")
    assert pid == f"S0718-462X{issue['year']}{issue['order']:04d}{order}"
    if path.suffix == ".xml":  # SciELO Markup (art4_0) has no place for the scielo-v3 id
        v3 = meta.findtext("article-id[@specific-use='scielo-v3']")
        assert re.fullmatch(r"[A-Za-z0-9]{23}", v3)
    doi = meta.findtext("article-id[@pub-id-type='doi']")
    assert doi == f"10.5555/ecl.{issue['year']}.{issue['volume']}.{issue['number']}.{int(order)}"
    assert all(_orcid_ok(o) for o in root.xpath("//contrib-id[@contrib-id-type='orcid']/text()"))
    subject = meta.findtext("article-categories/subj-group/subject")
    journal = tomllib.loads((path.parents[2] / "journal.toml").read_text(encoding="utf-8"))
    # a section of the issue, named in any language the journal gives it (journal.toml [[sections]])
    named = [
        set(g.values())
        for g in journal.get("sections", [])
        if set(g.values()) & set(issue["sections"])
    ]
    assert subject in issue["sections"] or any(subject in names for names in named)


def test_journal_issns_have_valid_check_digits() -> None:
    journal = tomllib.loads((JOURNAL / "journal.toml").read_text(encoding="utf-8"))
    assert journal["acronym"] == JOURNAL.name
    assert _issn_ok(journal["issn_print"]) and _issn_ok(journal["issn_electronic"])
    assert not _issn_ok("0718-4621")
    assert not _orcid_ok("0000-0002-1825-0096") and _orcid_ok("0000-0002-1825-0097")


def test_demo_articles_cite_each_other() -> None:
    own = {_tree(p).findtext("front/article-meta/article-id[@pub-id-type='doi']") for p in ARTICLES}
    cited = {d for p in ARTICLES for d in _tree(p).xpath("//element-citation/pub-id/text()")}
    assert len(own & cited) >= 3
