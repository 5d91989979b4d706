"""The structural check: DTDs found through offline XML catalogs (never the network), cached,
with line and column per error; XSDs when the journal declares one."""

from __future__ import annotations

import shutil
from pathlib import Path

from scielo_pub.dtd.validate import validate_article, validate_paths
from scielo_pub.dtd.xmlvalid import catalog_files, load_catalog, load_dtd

from .helpers import DATA

MINI = DATA / "mini"
CATALOG = MINI / "catalog.xml"
PUBLIC = "-//SCIELO-PUB//DTD Mini Test v1//EN"


def doc(
    body: str = "<p>Text <bold>bold</bold></p>", doctype: str | None = None, attrs: str = ""
) -> bytes:
    doctype = doctype if doctype is not None else f'<!DOCTYPE article PUBLIC "{PUBLIC}" "mini.dtd">'
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n<article article-type="editorial"{attrs}>\n'
        f"<front><title>T</title></front>\n<body>{body}</body>\n</article>\n"
    ).encode()


def structure(result):
    return [d for d in result.diagnostics if d.kind == "structure"]


def test_valid_document_passes_against_the_catalogued_dtd():
    result = validate_article(doc(), path="a.xml", catalog=CATALOG)
    assert result.structure_checked
    assert structure(result) == []


def test_dtd_errors_have_line_and_column():
    text = doc("<p>One</p><p>Two <unknown>x</unknown></p>")
    result = validate_article(text, path="a.xml", catalog=CATALOG)
    errors = [d for d in structure(result) if d.code == "dtd.invalid"]
    assert errors, result.diagnostics
    first = errors[0]
    line = text.decode().splitlines()[first.line - 1]
    assert line[first.column - 1 :].startswith("<unknown")
    assert first.message.startswith("DTD: ") and "unknown" in first.message


def test_fixed_attribute_reported_once():
    result = validate_article(doc(attrs=' dtd-version="2.0"'), path="a.xml", catalog=CATALOG)
    fixed = [d for d in structure(result) if "dtd-version" in d.message]
    assert len(fixed) == 1 and fixed[0].line == 3


def test_system_identifier_resolves_through_the_catalog():
    doctype = '<!DOCTYPE article SYSTEM "https://example.org/dtd/mini.dtd">'
    result = validate_article(doc(doctype=doctype), path="a.xml", catalog=CATALOG)
    assert result.structure_checked and structure(result) == []


def test_unknown_dtd_is_a_clear_error_and_rules_still_run():
    doctype = (
        '<!DOCTYPE article PUBLIC "-//NOBODY//DTD Unknown//EN" "http://example.invalid/x.dtd">'
    )
    result = validate_article(doc(doctype=doctype), path="a.xml", catalog=CATALOG)
    (unresolved,) = [d for d in result.diagnostics if d.code == "dtd.unresolved"]
    assert unresolved.is_error and "-//NOBODY//DTD Unknown//EN" in unresolved.message
    assert str(CATALOG.resolve()) in unresolved.message
    assert "xml_dtd_catalog" in unresolved.advice and "XML_CATALOG_FILES" in unresolved.advice
    assert not result.structure_checked
    assert any(d.kind == "rule" for d in result.diagnostics)


def test_without_any_catalog_the_message_says_so(monkeypatch):
    monkeypatch.delenv("XML_CATALOG_FILES", raising=False)
    result = validate_article(doc(), path="a.xml")
    (unresolved,) = [d for d in result.diagnostics if d.code == "dtd.unresolved"]
    assert "no XML catalog is set" in unresolved.message


def test_xml_catalog_files_is_honoured(monkeypatch):
    monkeypatch.setenv("XML_CATALOG_FILES", CATALOG.as_uri())
    result = validate_article(doc(), path="a.xml")
    assert result.structure_checked and structure(result) == []


def test_missing_doctype_is_reported():
    result = validate_article(doc(doctype=""), path="a.xml", catalog=CATALOG)
    assert [d.code for d in structure(result)] == ["dtd.no-doctype"]


def test_the_dtd_is_parsed_once_and_reused():
    catalog = load_catalog(catalog_files([CATALOG], environ=False))
    first = load_dtd(catalog, PUBLIC, None)
    second = load_dtd(catalog, PUBLIC, "anything")
    assert first.dtd is not None and first.dtd is second.dtd


def test_catalog_only_allows_files_beside_the_mapped_dtds():
    catalog = load_catalog(catalog_files([CATALOG], environ=False))
    assert catalog.allows(MINI / "mini-inline.ent")
    assert not catalog.allows(Path("/etc/passwd"))


def test_dtd_including_files_outside_its_folder_does_not_read_them(tmp_path):
    folder = tmp_path / "dtd"
    folder.mkdir()
    secret = tmp_path / "secret.ent"
    secret.write_text("<!ELEMENT leaked (#PCDATA)>")
    (folder / "evil.dtd").write_text(
        f'<!ENTITY % s SYSTEM "{secret.as_uri()}">\n%s;\n<!ELEMENT article ANY>\n'
    )
    (folder / "catalog.xml").write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<public publicId="-//T//DTD Evil//EN" uri="evil.dtd"/></catalog>'
    )
    text = b'<!DOCTYPE article PUBLIC "-//T//DTD Evil//EN" "e.dtd">\n<article><leaked/></article>'
    result = validate_article(text, path="a.xml", catalog=folder / "catalog.xml")
    assert result.structure_checked
    assert any("leaked" in d.message for d in structure(result))  # never declared: not read


def test_xsd_declared_by_the_journal_is_used():
    journal = {"xsd": str(MINI / "mini.xsd")}
    good = validate_article(
        b'<article article-type="x"><front><title>T</title></front></article>',
        path="a.xml", journal=journal,
    )  # fmt: skip
    assert good.structure_checked and structure(good) == []
    broken = validate_article(
        b'<article article-type="x"><front><title>T</title><extra/></front></article>',
        path="b.xml", journal=journal,
    )  # fmt: skip
    (error,) = [d for d in structure(broken) if d.code == "xsd.invalid"]
    assert error.line == 1 and error.column > 1


def test_journal_catalog_path_is_relative_to_the_journal_folder(tmp_path):
    journal = tmp_path / "journals" / "tst"
    issue = journal / "issues" / "v1n1"
    issue.mkdir(parents=True)
    shutil.copytree(MINI, journal / "dtd")
    (journal / "journal.toml").write_text('acronym = "tst"\nxml_dtd_catalog = "dtd/catalog.xml"\n')
    (issue / "a.xml").write_bytes(doc())
    report = validate_paths([issue])
    (result,) = report.results
    assert result.structure_checked and structure(result) == []
