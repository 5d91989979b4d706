"""On the real SciELO PS articles in ../shared/data/xml: our structural check accepts exactly the
articles that ``xmllint --valid`` accepts against the JATS DTD, and validation never crashes."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from scielo_pub.dtd.validate import validate_article

pytestmark = pytest.mark.refdata


def xmllint_accepts(path, catalog) -> bool:
    env = {**os.environ, "XML_CATALOG_FILES": str(catalog)}
    done = subprocess.run(
        ["xmllint", "--valid", "--noout", "--nonet", str(path)],
        env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    return done.returncode == 0


def we_accept(path, catalog) -> bool:
    result = validate_article(path.read_bytes(), path=str(path), catalog=catalog)
    structure_errors = [d for d in result.diagnostics if d.kind == "structure" and d.is_error]
    return result.structure_checked and not structure_errors


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
def test_structural_check_agrees_with_xmllint(shared_xml_files, jats_catalog):
    assert len(shared_xml_files) == 24
    theirs = {p.name: xmllint_accepts(p, jats_catalog) for p in shared_xml_files}
    ours = {p.name: we_accept(p, jats_catalog) for p in shared_xml_files}
    disagreements = {
        name: (theirs[name], ours[name]) for name in theirs if theirs[name] != ours[name]
    }
    assert disagreements == {}
    assert sum(theirs.values()) >= 5  # the comparison is not vacuous: some are valid ...
    assert sum(not v for v in theirs.values()) >= 5  # ... and some are not


def test_every_real_article_validates_without_crashing(shared_xml_files, jats_catalog):
    for path in shared_xml_files:
        result = validate_article(
            path.read_bytes(), path=path.name, catalog=jats_catalog, lang="es"
        )
        assert result.tree is not None and result.article is not None
        assert not [d for d in result.diagnostics if d.code == "rule.crashed"]
        for diag in result.diagnostics:
            assert diag.line >= 1 and diag.column >= 1 and diag.message and diag.advice
