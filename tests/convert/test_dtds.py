"""Our DTDs in dtds/ checked with onsgmls against SciELO's own DTDs on the shared instances."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

from .opensp import HAVE_OPENSP, OUR_CATALOG, OUR_DTDS, osx_tree, run_onsgmls, run_onsgmls_warnings

pytestmark = [pytest.mark.opensp, pytest.mark.skipif(not HAVE_OPENSP, reason="needs OpenSP")]

SGML = SHARED_DATA / "sgml"
PROLOGS = SGML / "instances" / "prologs"
INST = SGML / "instances"

# (name, files to concatenate after the prolog, prolog)
CASES = [
    ("article", ["synthetic/art4_0_article_vancouv.txt"], "prolog_article.sgm"),
    ("editorial", ["synthetic/text4_0_editorial.txt"], "prolog_text.sgm"),
    ("doc", ["synthetic/doc4_0_doc_refs.txt"], "prolog_doc.sgm"),
    ("errors", ["synthetic/art4_0_errors.txt"], "prolog_article.sgm"),
    (
        "doc-ref-fragment",
        [
            "fragments/wrap_ref_in_doc.head.txt",
            "fragments/docs_how_to_generate_xml-markup_L893_ref.txt",
            "fragments/wrap_ref_in_doc.tail.txt",
        ],
        "prolog_doc.sgm",
    ),
    (
        "press-release",
        ["fragments/docs_es_procedure_press_release_L59_text.txt", "fragments/wrap_text.tail.txt"],
        "prolog_text.sgm",
    ),
]

# SciELO's DTDs declare figure/table/footnote ids as CDATA but xref rid as IDREFS; ours accept
# an xref to a figure, so this one message of theirs is expected to disappear.
KNOWN_FIXED = ('reference to non-existent ID "F1"',)


def _files(case) -> list[Path]:
    _, parts, prolog = case
    return [PROLOGS / prolog, *(INST / p for p in parts)]


@pytest.mark.refdata
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_same_messages_as_scielo_dtds(case):
    theirs = run_onsgmls(_files(case), SGML / "dtd" / "catalog")
    ours = run_onsgmls(_files(case), OUR_CATALOG)
    expected = [m for m in theirs if not m.endswith(KNOWN_FIXED)]
    assert ours == expected


@pytest.mark.refdata
def test_errors_instance_still_reports_its_errors():
    ours = run_onsgmls(_files(CASES[3]), OUR_CATALOG)
    text = "\n".join(ours)
    assert 'element "KWD" undefined' in text
    assert 'ID "A01" already defined' in text
    assert 'required attribute "ISSN" not specified' in text


@pytest.mark.refdata
@pytest.mark.parametrize("case", CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_our_dtds_are_clean_under_wall(case):
    messages = run_onsgmls_warnings(_files(case), OUR_CATALOG)
    dtd_problems = [
        m
        for m in messages
        if ":Q:" in m or "used in DTD but not defined" in m or "catalog" in m.lower()
    ]
    assert dtd_problems == []


@pytest.mark.refdata
def test_windows_doctype_of_real_template_resolves_to_our_dtd():
    sci = INST / "real" / "PC-Programs__src__scielo__bin__convert__cfg.sci"
    ours = run_onsgmls([sci], OUR_CATALOG)
    theirs = run_onsgmls([sci], SGML / "dtd" / "catalog")
    assert ours == theirs
    assert any("PAGCOUNT" in m for m in ours)


def test_every_name_fits_namelen():
    names = []
    for path in [*OUR_DTDS.glob("*.dtd"), *(OUR_DTDS / "modules").glob("*.mod")]:
        text = path.read_text(encoding="ascii")
        names += re.findall(r"<!ELEMENT\s+\(?([^\s(|)]+)", text)
    assert names and max(len(n) for n in names) <= 8


@pytest.mark.refdata
def test_latin1_declaration_keeps_accents_in_attributes(tmp_path):
    src = (INST / "synthetic" / "art4_0_article_vancouv.txt").read_bytes()
    root = osx_tree(src, doctype="article")
    aff = root.find(".//aff")
    assert aff.get("orgname") == "Universidade de São Paulo"
    assert root.find(".//title").text.endswith("São Paulo")


def test_latin1_file_parses_under_latin1_declaration(tmp_path):
    doc = tmp_path / "t.sgm"
    doc.write_bytes(
        b"<!DOCTYPE text SYSTEM>\n"
        + "[text pii=nd doctopic=ed language=pt ccode=x status=1 version=4.0 type=nd order=1 "
        'seccode=x sponsor=nd stitle="Rev" dateiso=20200100 fpage=1 lpage=2 pagcount=2 '
        "issn=0000-0000 toccode=1][titlegrp][title language=pt]Educação &eacute;[/title]"
        "[/titlegrp]Texto.[/text]\n".encode("latin-1")
    )
    assert run_onsgmls([OUR_DTDS / "scielo-latin1.dcl", doc], OUR_CATALOG) == []


def test_entity_file_is_current():
    gen = OUR_DTDS / "tools" / "make_entities.py"
    spec = importlib.util.spec_from_file_location("mkent", gen)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.render() == (OUR_DTDS / "entities" / "iso-8879.ent").read_text(encoding="ascii")


@pytest.mark.refdata
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_our_dtds_fit_reference_quantities_of_scielo_declaration(case, tmp_path):
    """Under SciELO's own art.dcl (reference LITLEN 240, GRPCNT 32) our DTDs load as well."""
    # outside its folder, so that OpenSP does not also pick up the catalog lying next to it
    decl = tmp_path / "art.dcl"
    decl.write_bytes((SGML / "dtd" / "art.dcl").read_bytes())
    ours = run_onsgmls([decl, *_files(case)], OUR_CATALOG)
    theirs = run_onsgmls([decl, *_files(case)], SGML / "dtd" / "catalog")
    assert ours == [m for m in theirs if not m.endswith(KNOWN_FIXED)]
