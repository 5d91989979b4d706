"""Demo journal rsd: its SciELO PS articles in, DTD validity and internal consistency checks out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, SHARED_DATA
from tests.demo.canonical import canonical, canonical_bytes, demo_articles

JOURNAL = ROOT / "collections" / "demo" / "journals" / "rsd"
# The hand-written articles; the earlier issues are generated (tools/make_citation_history.py) and
# checked by test_demo_citation_history.py.
HAND_WRITTEN = ("v12n1", "v12n2")
ARTICLES = [p for p in demo_articles(JOURNAL) if p.parent.name in HAND_WRITTEN]
CATALOG = SHARED_DATA / "jats" / "catalog-jats-local.xml"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Runs in a fresh interpreter so that XML_CATALOG_FILES is read before libxml2 loads a catalog.
VALIDATE = """
import json, sys
from lxml import etree
parser = etree.XMLParser(dtd_validation=True, no_network=True, load_dtd=True, resolve_entities=False)
out = {}
for name in sys.argv[1:]:
    try:
        etree.parse(name, parser)  # canonical trees written to files by the test
        out[name] = []
    except etree.XMLSyntaxError as exc:
        out[name] = [str(e) for e in exc.error_log] or [str(exc)]
print(json.dumps(out))
"""


def parse(path: Path) -> etree._Element:
    return canonical(path)


def main_part(root: etree._Element, xpath: str) -> list[etree._Element]:
    """Elements matched by xpath outside any sub-article (the main article only)."""
    return [el for el in root.xpath(xpath) if not el.xpath("ancestor::sub-article")]


def test_there_are_seven_articles_in_two_issues() -> None:
    assert len(ARTICLES) == 7
    assert {p.parent.name for p in ARTICLES} == {"v12n1", "v12n2"}


@pytest.mark.refdata
def test_articles_are_valid_against_the_jats_dtd(jats_catalog: Path, tmp_path: Path) -> None:
    env = dict(os.environ, XML_CATALOG_FILES=str(jats_catalog))
    files = []
    for path in ARTICLES:
        files.append(tmp_path / f"{path.stem}.xml")
        files[-1].write_bytes(canonical_bytes(path))
    run = subprocess.run(
        [sys.executable, "-c", VALIDATE, *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    errors = {name: errs for name, errs in json.loads(run.stdout).items() if errs}
    assert errors == {}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_declared_counts_equal_actual_counts(path: Path) -> None:
    root = parse(path)
    # Counted over the whole document, translations included, as the SciELO PS style checker does.
    actual = {
        "fig-count": len(root.xpath("//fig")),
        "table-count": len(root.xpath("//table-wrap")),
        "equation-count": len(root.xpath("//disp-formula")),
        "ref-count": len(root.xpath("//ref")),
    }
    fpage, lpage = root.findtext(".//article-meta/fpage"), root.findtext(".//article-meta/lpage")
    if fpage and lpage:
        actual["page-count"] = int(lpage) - int(fpage) + 1
    declared = {el.tag: int(el.get("count")) for el in root.find(".//article-meta/counts")}
    assert declared == actual


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_rid_points_to_an_id_and_every_aff_is_cited(path: Path) -> None:
    root = parse(path)
    ids = set(root.xpath("//@id"))
    rids = {r for el in root.xpath("//xref") for r in el.get("rid").split()}
    assert rids - ids == set()
    affs = set(root.xpath("//aff/@id"))
    assert affs <= set(root.xpath("//xref[@ref-type='aff']/@rid"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_graphics_exist_and_are_small_pngs(path: Path) -> None:
    for href in parse(path).xpath("//graphic/@xlink:href", namespaces={"xlink": XLINK_NS}):
        image = path.parent / href
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert image.stat().st_size < 60_000


def orcid_ok(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def issn_ok(issn: str) -> bool:
    digits = issn.replace("-", "")
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_identifiers_have_valid_check_digits_and_consistent_pids(path: Path) -> None:
    root = parse(path)
    assert all(orcid_ok(o) for o in root.xpath("//contrib-id[@contrib-id-type='orcid']/text()"))
    issns = root.xpath("//journal-meta/issn/text()")
    assert len(issns) == 2 and all(issn_ok(i) for i in issns)
    meta = root.find(".//article-meta")
    v2 = meta.findtext("article-id[@specific-use='scielo-v2']")
    v3 = meta.findtext("article-id[@specific-use='scielo-v3']")
    order = meta.findtext("article-id[@pub-id-type='other']")
    if path.suffix == ".xml":  # SciELO Markup (art4_0) has no place for the scielo-v3 id
        assert len(v3) == 23 and v3.isalnum()
    issue_order = 1 if path.parent.name == "v12n1" else 2
    assert v2 == f"S{issns[0]}2025{issue_order:04d}{order}"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_dates_and_references_are_plausible(path: Path) -> None:
    root = parse(path)

    def ymd(xpath: str) -> tuple[int, int, int]:
        el = root.find(xpath)
        return int(el.findtext("year")), int(el.findtext("month")), int(el.findtext("day"))

    received = ymd(".//history/date[@date-type='received']")
    accepted = ymd(".//history/date[@date-type='accepted']")
    published = ymd(".//article-meta/pub-date[@date-type='pub']")
    assert received < accepted < published
    refs = main_part(root, "//ref-list/ref")
    assert 15 <= len(refs) <= 25
    for ref in refs:
        assert ref.find("mixed-citation") is not None and ref.find("element-citation") is not None


def test_fpage_increases_through_each_issue() -> None:
    for issue in ("v12n1", "v12n2"):
        pages = []
        for path in demo_articles(JOURNAL):
            if path.parent.name != issue:
                continue
            meta = parse(path).find(".//article-meta")
            if meta.findtext("fpage"):
                pages.append(
                    (
                        meta.findtext("article-id[@pub-id-type='other']"),
                        int(meta.findtext("fpage")),
                        int(meta.findtext("lpage")),
                    )
                )
        pages.sort()
        for (_, _, last), (_, first, _) in zip(pages, pages[1:], strict=False):
            assert first == last + 1
