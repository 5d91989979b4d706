"""Build and validate take one decision per article, and nothing outside the collection is read."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from scielo_pub.build import build
from scielo_pub.dtd.validate import validate_paths

from .corpus import DEMO, ISSUE

XML = "2764-5010-rsd-12-02-0051.xml"
FIGURE = "2764-5010-rsd-12-02-0051-gf01.png"


@pytest.fixture
def small(tmp_path) -> Path:
    """A one-issue collection (the demo's rsd v12n2)."""
    root = tmp_path / "c"
    (root / "journals" / "rsd" / "issues").mkdir(parents=True)
    shutil.copy(DEMO / "collection.toml", root / "collection.toml")
    shutil.copy(DEMO / "journals" / "rsd" / "journal.toml", root / "journals" / "rsd")
    shutil.copytree(ISSUE, root / "journals" / "rsd" / "issues" / "v12n2")
    return root


def _issue(root: Path) -> Path:
    return root / "journals" / "rsd" / "issues" / "v12n2"


def _both(root: Path, tmp_path: Path):
    """(build report, validate report of the issue folder)."""
    report = build(root, tmp_path / "out", jobs=1)
    checked = validate_paths([_issue(root)])
    return report, checked


def _validate_refused(checked) -> set[str]:
    bad = {d.path for d in checked.all_diagnostics if d.is_error}
    return {r.path for r in checked.results if r.path in bad}


def _codes(diags) -> set[str]:
    return {d.code for d in diags if d.is_error}


def test_the_demo_issue_is_published_whole(small, tmp_path):
    report, checked = _both(small, tmp_path)
    assert report.exit_code == 0 and len(report.published) == 3
    assert checked.exit_code == 0


def test_missing_figure_is_refused_by_both(small, tmp_path):
    (_issue(small) / FIGURE).unlink()
    report, checked = _both(small, tmp_path)
    assert report.exit_code == 1
    assert report.failed == [str(_issue(small) / XML)]
    assert "package.file-missing" in _codes(report.diagnostics)
    assert _validate_refused(checked) == set(report.failed)


def test_figure_linked_outside_is_refused(small, tmp_path):
    secret = tmp_path / "secret.png"
    shutil.copy(_issue(small) / FIGURE, secret)
    (_issue(small) / FIGURE).unlink()
    (_issue(small) / FIGURE).symlink_to(secret)
    report, checked = _both(small, tmp_path)
    assert report.exit_code == 1 and str(_issue(small) / XML) in report.failed
    assert "package.unsafe-path" in _codes(report.diagnostics)
    assert not list((tmp_path / "out").rglob(FIGURE))
    assert _validate_refused(checked) == set(report.failed)


def test_article_linked_outside_is_refused(small, tmp_path):
    outside = tmp_path / "elsewhere.xml"
    shutil.move(_issue(small) / XML, outside)
    (_issue(small) / XML).symlink_to(outside)
    report, checked = _both(small, tmp_path)
    assert report.exit_code == 1
    assert str(_issue(small) / XML) in report.failed
    diag = next(d for d in report.diagnostics if d.code == "input.outside-collection")
    assert diag.format().startswith(f"{_issue(small) / XML}:1:1: error: ")
    assert checked.exit_code == 1


def test_journal_file_outside_is_refused(small, tmp_path):
    toml = small / "journals" / "rsd" / "journal.toml"
    (tmp_path / "evil.dtd").write_text("<!ELEMENT a ANY>")
    toml.write_text(toml.read_text().replace('dtd = "art4_0"', 'dtd = "../../../evil.dtd"'))
    report = build(small, tmp_path / "out", jobs=1)
    assert report.exit_code == 1
    assert "config.outside-collection" in _codes(report.diagnostics)
    assert report.published == []


def test_citation_file_outside_is_refused(small, tmp_path):
    (tmp_path / "lilacs.iso").write_text("")
    toml = small / "collection.toml"
    toml.write_text(toml.read_text() + '\n[citations]\nlilacs = ["../lilacs.iso"]\n')
    report = build(small, tmp_path / "out", jobs=1)
    assert report.exit_code == 1
    bad = [d for d in report.diagnostics if d.code == "config.citations"]
    assert bad and "outside the collection" in bad[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_refused_at_once(small, tmp_path):
    os.mkfifo(_issue(small) / "x.xml")
    (_issue(small) / "zero.sgm").symlink_to("/dev/zero")
    start = time.monotonic()
    report = build(small, tmp_path / "out", jobs=1)
    assert time.monotonic() - start < 30  # it used to hang for ever
    assert report.exit_code == 1 and len(report.published) == 3
    by_path = {Path(d.path).name: d.code for d in report.diagnostics if d.is_error}
    assert by_path["x.xml"] == "input.not-regular"
    assert by_path["zero.sgm"] == "input.outside-collection"
    checked = validate_paths([_issue(small) / "x.xml"])
    assert checked.exit_code == 1


def test_render_and_lilacs_refuse_what_the_build_refuses(small, tmp_path, capsys):
    from scielo_pub.cli import main

    (_issue(small) / FIGURE).unlink()
    article = _issue(small) / XML
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("<article-title>", "<article-title><bogus/>", 1), encoding="utf-8"
    )
    report = build(small, tmp_path / "out", jobs=1)
    assert str(article) in report.failed
    assert main(["render", str(article), "-o", str(tmp_path / "preview")]) == 1
    assert not list((tmp_path / "preview").rglob("*.html"))
    assert main(["lilacs", str(article), "-o", str(tmp_path / "x.iso")]) == 1
    assert "0 records" in capsys.readouterr().err
