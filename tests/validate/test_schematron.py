"""SciELO's Schematron as a second opinion: extraction from the wheel, running it, the CLI option, and
the measured agreement with our rules on the real articles, whose every disagreement
docs/VALIDATION.md explains."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from scielo_pub.cli import main
from scielo_pub.dtd import schematron
from scielo_pub.dtd.validate import validate_article

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "VALIDATION.md"
#: A tiny Schematron of our own, shaped like scielo-style (an include of common.sch, pattern ids).
TINY = b"""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="exslt">
  <include href="common.sch"/>
  <pattern id="title_present">
    <rule context="article/front/article-meta">
      <assert test="title-group/article-title">Element 'article-meta': Missing article-title.</assert>
    </rule>
  </pattern>
</schema>"""
COMMON = b"""<pattern xmlns="http://purl.oclc.org/dsdl/schematron" id="lang_present">
  <rule context="article"><assert test="@xml:lang">Element 'article': Missing xml:lang.</assert></rule>
</pattern>"""


@pytest.fixture
def wheel(tmp_path: Path) -> Path:
    path = tmp_path / "packtools-0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("packtools/catalogs/scielo-style-1.9.sch", TINY)
        zf.writestr("packtools/catalogs/scielo-style-1.2.sch", TINY)
        zf.writestr("packtools/catalogs/common.sch", COMMON)
        zf.writestr("packtools/catalogs/scielo-br.sch", b"<schema/>")
        zf.writestr("packtools/catalogs/../../evil.sch", b"x")
        zf.writestr("packtools/catalogs/htmlgenerator/x.sch", b"x")
    return path


def test_extraction_takes_only_the_style_rules(wheel, tmp_path):
    folder = schematron.extract_schematron(wheel, tmp_path / "sch")
    assert sorted(p.name for p in folder.iterdir()) == [
        "common.sch", "scielo-style-1.2.sch", "scielo-style-1.9.sch"
    ]  # fmt: skip
    assert not (tmp_path / "evil.sch").exists()
    assert sorted(schematron.installed_versions(folder)) == [(1, 2), (1, 9)]


def _tree(specific_use: str = "sps-1.9", lang: str = ' xml:lang="pt"', title: str = ""):
    text = (
        f'<article specific-use="{specific_use}"{lang}>\n<front>\n<article-meta>'
        f"{title}</article-meta></front></article>"
    )
    return etree.ElementTree(etree.fromstring(text))


def test_the_article_version_picks_the_rules(wheel, tmp_path):
    folder = schematron.extract_schematron(wheel, tmp_path / "sch")
    pick = {
        use: schematron.rules_for(_tree(use).getroot(), folder)[0]
        for use in ("sps-1.9", "sps-1.10", "sps-1.5", "")
    }
    assert pick == {"sps-1.9": "1.9", "sps-1.10": "1.9", "sps-1.5": "1.2", "": "1.2"}


def test_failed_assertions_become_positioned_warnings(wheel, tmp_path):
    folder = schematron.extract_schematron(wheel, tmp_path / "sch")
    found = schematron.schematron_diagnostics(_tree(lang=""), "a.xml", folder)
    assert {(d.code, d.line, str(d.severity), d.kind) for d in found} == {
        ("schematron.title_present", 3, "warning", "schematron"),
        ("schematron.lang_present", 1, "warning", "schematron"),  # from the included common.sch
    }
    title = "<title-group><article-title>T</article-title></title-group>"
    assert schematron.schematron_diagnostics(_tree(title=title), "a.xml", folder) == []


def test_the_command_runs_it_and_keeps_the_exit_status(wheel, tmp_path, monkeypatch, capsys):
    article = tmp_path / "a.xml"
    article.write_bytes(etree.tostring(_tree(lang="")))
    monkeypatch.setenv("SCIELO_PUB_DATA", str(tmp_path / "empty"))
    assert main(["validate", "--schematron", str(article)]) == 2
    assert "dtds install" in capsys.readouterr().err
    monkeypatch.setenv("SCIELO_PUB_DATA", str(tmp_path / "data"))
    schematron.extract_schematron(wheel, schematron.schematron_dir())
    without = main(["validate", str(article)])
    out_without = capsys.readouterr().out
    assert main(["validate", "--schematron", str(article)]) == without
    out = capsys.readouterr().out
    assert "[schematron.title_present]" in out and "schematron." not in out_without


# -- agreement with our rules on the real articles ------------------------------------------------


def _installed() -> None:
    if not schematron.installed_versions():
        pytest.skip("SciELO's Schematron is not installed: run 'scielo-pub dtds install'")


def schematron_patterns(paths) -> dict[str, set[str]]:
    """The failed Schematron patterns per article (SciELO's rules take ~1 s on a large article)."""
    out = {}
    for path in paths:
        result = validate_article(path.read_bytes(), path=str(path))
        _version, failed = schematron.failed_assertions(result.tree)
        out[path.name] = {pattern for pattern, _loc, _text in failed}
    return out


def measure(paths, theirs: dict[str, set[str]], journal=None) -> dict:
    """Counts of (Schematron flags, ours flag) over article-topic pairs, and what differs."""
    counts = {(a, b): 0 for a in (True, False) for b in (True, False)}
    disagreements, theirs_only, ours_only = set(), set(), set()
    shared_patterns = set().union(*(p for p, _ in schematron.SHARED_CHECKS.values()))
    shared_rules = set().union(*(r for _, r in schematron.SHARED_CHECKS.values()))
    for path in paths:
        result = validate_article(path.read_bytes(), path=str(path), journal=journal)
        ours = {d.code for d in result.diagnostics if d.kind == "rule"}
        patterns = theirs[path.name]
        for topic, verdict in schematron.shared_verdicts(ours, patterns).items():
            counts[verdict] += 1
            if verdict[0] != verdict[1]:
                side = "schematron" if verdict[0] else "ours"
                disagreements.add((topic, path.name, side))
        theirs_only |= patterns - shared_patterns
        ours_only |= ours - shared_rules
    return {"counts": counts, "disagreements": disagreements,
            "theirs_only": theirs_only, "ours_only": ours_only}  # fmt: skip


def _documented(marker: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker}:start -->")[1].split(f"<!-- {marker}:end -->")[0]
    rows = [line for line in block.splitlines() if line.startswith("| ") and "---" not in line]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]


def _codes(cell: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", cell))


@pytest.fixture(scope="module")
def theirs(shared_xml_files):
    _installed()
    return schematron_patterns(shared_xml_files)


@pytest.fixture(scope="module")
def measured(shared_xml_files, theirs):
    return measure(shared_xml_files, theirs)


@pytest.mark.refdata
def test_agreement_figures_are_the_documented_ones(measured):
    c = measured["counts"]
    agree = c[(True, True)] + c[(False, False)]
    total = sum(c.values())
    flagged = total - c[(False, False)]
    line = (
        f"Both agree on {agree} of {total} article-topic pairs ({100 * agree / total:.1f}%): "
        f"both flag {c[(True, True)]}, both are silent on {c[(False, False)]}, only the Schematron "
        f"flags {c[(True, False)]}, only our rules flag {c[(False, True)]}; of the {flagged} pairs "
        f"where either flags, both do in {c[(True, True)]} ({100 * c[(True, True)] / flagged:.1f}%)."
    )
    documented = DOC.read_text(encoding="utf-8").split("<!-- schematron-agreement -->")[1]
    assert documented.split("<!-- /schematron-agreement -->")[0] == line
    assert agree / total > 0.9


@pytest.mark.refdata
def test_every_disagreement_is_explained(measured):
    rows = _documented("schematron-disagreements")
    assert all(why for *_key, why in rows)
    assert {(topic, article, side) for topic, article, side, _why in rows} == measured[
        "disagreements"
    ]


@pytest.mark.refdata
def test_every_one_sided_check_is_explained(measured):
    theirs = set().union(*(_codes(row[0]) for row in _documented("schematron-only")))
    ours = set().union(*(_codes(row[0]) for row in _documented("ours-only")))
    assert theirs == measured["theirs_only"]
    assert ours == measured["ours_only"]


@pytest.mark.refdata
def test_a_rule_switched_off_lowers_the_agreement(measured, theirs, shared_xml_files):
    """Sabotage: without our sps-version and pages rules the measured agreement falls."""
    off = {"rules": {"sps-version": "off", "pages-missing": "off"}}
    broken = measure(shared_xml_files, theirs, journal=off)
    assert broken["counts"][(True, True)] < measured["counts"][(True, True)]
    assert broken["disagreements"] - measured["disagreements"]
