"""Every shared SciELO Markup instance converts to JATS 1.1-valid SciELO PS, with our DTDs and theirs."""

from __future__ import annotations

import pytest
from lxml import etree

from scielo_pub.markup.scielo_jats import sgml_to_jats
from scielo_pub.markup.sgml_reader import read_sgml_article
from tests.conftest import SHARED_DATA

from .conftest import assert_valid
from .opensp import HAVE_OPENSP, osx_tree

pytestmark = pytest.mark.refdata
INST = SHARED_DATA / "sgml" / "instances"
SCIELO_DTDS = SHARED_DATA / "sgml" / "dtd"

# (name, files, DTD name in dtds/ or None for the catalog's DOCTYPE entry, SciELO DTD file)
CASES = [
    ("article", ["synthetic/art4_0_article_vancouv.txt"], "art4_0", "art4_0.dtd"),
    ("editorial", ["synthetic/text4_0_editorial.txt"], "text4_0", "text4_0.dtd"),
    ("doc", ["synthetic/doc4_0_doc_refs.txt"], "doc4_0", "doc4_0.dtd"),
    ("errors", ["synthetic/art4_0_errors.txt"], "art4_0", "art4_0.dtd"),
    (
        "doc-ref-fragment",
        [
            "fragments/wrap_ref_in_doc.head.txt",
            "fragments/docs_how_to_generate_xml-markup_L893_ref.txt",
            "fragments/wrap_ref_in_doc.tail.txt",
        ],
        "doc4_0",
        "doc4_0.dtd",
    ),  # fmt: skip
    (
        "press-release",
        ["fragments/docs_es_procedure_press_release_L59_text.txt", "fragments/wrap_text.tail.txt"],
        "text4_0",
        "text4_0.dtd",
    ),  # fmt: skip
    (
        "real-abmvz-3.1",
        ["real/abmvz_v53n6_a01v53n6.fragment.txt", "real/abmvz_v53n6_a01v53n6.closing.txt"],
        None,
        "art3_1.dtd",
    ),
    (
        "real-rsbmt-3.1",
        [
            "real/rsbmt_v35n3_a10v35n3.fragment.parserview.txt",
            "real/rsbmt_v35n3_a10v35n3.closing.txt",
        ],
        None,
        "art3_1.dtd",
    ),
    (
        "real-cfg-template",
        ["real/PC-Programs__src__scielo__bin__convert__cfg.sci"],
        None,
        "art4_0.dtd",
    ),
]


def _data(files: list[str]) -> bytes:
    return b"".join((INST / f).read_bytes() for f in files)


@pytest.mark.parametrize("case", [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]])
def test_converts_valid_with_our_dtds(case, jats_dtd):
    name, files, ours, _ = case
    tree, _diags = read_sgml_article(_data(files), path=name, dtd=ours)
    assert tree is not None
    assert_valid(jats_dtd, tree.getroot(), name)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_converts_valid_with_scielo_dtds_and_catalog(case, jats_dtd):
    name, files, _, theirs = case
    tree, _diags = read_sgml_article(
        _data(files), path=name, dtd=str(SCIELO_DTDS / theirs), catalog=str(SCIELO_DTDS / "catalog")
    )
    assert tree is not None
    assert_valid(jats_dtd, tree.getroot(), name)


def _canon(tree) -> bytes:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    for node in root.iter():
        if isinstance(node.tag, str):
            node.text = " ".join(node.text.split()) if node.text else None
            node.tail = " ".join(node.tail.split()) if node.tail else None
    return etree.tostring(root)


@pytest.mark.skipif(not HAVE_OPENSP, reason="needs OpenSP")
@pytest.mark.parametrize("case", CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_same_jats_from_our_parser_and_from_opensp(case):
    """OpenSP (osx) is the referee: its tree converts to the same JATS as our engine's."""
    name, files, ours, _ = case
    data = _data(files)
    mine, _ = read_sgml_article(data, path=name, dtd=ours)
    doctype = {"art4_0": "article", "text4_0": "text", "doc4_0": "doc"}[ours]
    theirs, _ = sgml_to_jats(osx_tree(data, doctype=doctype), path=name)
    assert _canon(mine) == _canon(theirs)
