"""A rebuild prints the diagnostics of the articles it read again and counts the others.

Small named scenarios on a synthetic collection (every article has info-level diagnostics: its
uncited references) and on one demo issue with figures (a missing figure refuses its article at the
issue check): what the ``build`` command prints, what ``--all-diagnostics`` and ``-q`` do, and what
the build report holds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scielo_pub import build as build_mod
from scielo_pub.cli import main
from scielo_pub.errors import Severity
from scielo_pub.executors import LocalExecutor
from scielo_pub.synthetic import generate
from tests.test_lazy_articles import _one_issue
from tests.test_rebuild_counts import _age

N = 6
_LINE = re.compile(r"^(.+?):\d+:\d+: (info|warning|error|fatal): .* \[[^\]]+\]$")


def _diagnostic_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if _LINE.match(line)]


def _build(collection: Path, out: Path, capsys, *flags: str) -> tuple[int, list[str], str]:
    code = main(["build", str(collection), "-o", str(out), "-j", "1", "--no-pdf", *flags])
    err = capsys.readouterr().err
    return code, _diagnostic_lines(err), err


def _retitle(collection: Path) -> Path:
    files = sorted(collection.glob("journals/*/issues/*/*.xml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"(<article-title[^>]*>)", r"\1Revised: ", text, count=1))
    return target


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    collection = generate(tmp_path / "col", N, per_issue=3, issues_per_journal=1)
    _age(collection)
    return collection


def test_a_rebuild_prints_only_the_changed_articles_diagnostics_and_counts_the_rest(
    synthetic, tmp_path, capsys
):
    out = tmp_path / "out"
    code, first, _ = _build(synthetic, out, capsys)
    assert code == 0 and len({_LINE.match(line)[1] for line in first}) == N
    changed = _retitle(synthetic)
    code, again, err = _build(synthetic, out, capsys)
    assert code == 0
    assert again and {_LINE.match(line)[1] for line in again} == {str(changed)}
    unchanged = [line for line in first if not line.startswith(f"{changed}:")]
    assert f"{len(unchanged)} infos of {N - 1} articles unchanged since the last build" in err
    assert "--all-diagnostics" in err


def test_all_diagnostics_prints_every_one_again(synthetic, tmp_path, capsys):
    out = tmp_path / "out"
    _, first, _ = _build(synthetic, out, capsys)
    code, again, err = _build(synthetic, out, capsys)
    assert code == 0 and again == [] and "unchanged since the last build" in err
    code, every, err = _build(synthetic, out, capsys, "--all-diagnostics")
    assert code == 0 and sorted(every) == sorted(first)
    assert "unchanged since the last build" not in err


def test_quiet_counts_infos_instead_of_printing_them(synthetic, tmp_path, capsys):
    code, lines, err = _build(synthetic, tmp_path / "out", capsys, "-q")
    assert code == 0 and lines == []
    infos = int(re.search(r"(\d+) infos not printed \(-q\)", err)[1])
    assert infos > N
    code, lines, _ = _build(synthetic, tmp_path / "out2", capsys)
    assert len(lines) == infos


def test_the_report_counts_diagnostics_and_holds_none_of_the_articles(synthetic, tmp_path):
    seen = []
    report = build_mod.build(synthetic, tmp_path / "out", executor=LocalExecutor(1),
                             report=seen.append)  # fmt: skip
    assert seen and report.held == []  # kept in the read cache, not in the report
    assert report.counts[Severity.INFO] == len(seen) and report.exit_code == 0
    assert sorted(report.diagnostics, key=repr) == sorted(seen, key=repr)
    again = build_mod.build(synthetic, tmp_path / "out", executor=LocalExecutor(1))
    assert again.counts == report.counts and again.unchanged == report.counts
    assert again.unchanged_articles == N
    assert sorted(again.diagnostics, key=repr) == sorted(seen, key=repr)


@pytest.fixture
def refused(tmp_path: Path) -> tuple[Path, Path]:
    """One demo issue whose first figure is missing: its article is refused by the issue check."""
    issue = _one_issue(tmp_path)
    figure = sorted(issue.glob("*-gf01.png"))[0]
    figure.unlink()
    article = next(issue.glob(figure.name.split("-gf01")[0] + ".xml"))
    return issue.parent.parent.parent.parent, article


def test_an_unchanged_refused_article_still_fails_and_its_error_is_printed(
    refused, tmp_path, capsys
):
    collection, article = refused
    out = tmp_path / "out"
    code, first, err = _build(collection, out, capsys)
    assert code == 1 and f"  {article}" in err
    errors = [line for line in first if ": error: " in line]
    assert errors and any("[package.file-missing]" in line for line in errors)
    code, again, err = _build(collection, out, capsys)
    assert code == 1 and f"  {article}" in err  # still not published
    assert [line for line in again if ": error: " in line] == errors
    report = build_mod.build(collection, out, executor=LocalExecutor(1))
    assert report.failed == [str(article)] and report.unchanged_articles == 3


def test_an_unchanged_broken_article_still_fails(synthetic, tmp_path, capsys):
    broken = sorted(synthetic.glob("journals/*/issues/*/*.xml"))[0]
    shutil.copy(broken, broken.with_name("zz-broken.xml"))
    broken.with_name("zz-broken.xml").write_text("<article>\n<front>\n</article>\n")
    _age(synthetic)
    out = tmp_path / "out"
    for _ in range(2):  # an article that failed is not cached: read, and reported, every time
        code, lines, err = _build(synthetic, out, capsys)
        assert code == 1 and "zz-broken.xml" in err.split("not published")[1]
        assert any("zz-broken.xml:3:" in line and ": error: " in line for line in lines)
