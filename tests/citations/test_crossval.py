"""Cross-validation by article on the development set: every reference is scored by a model that
never saw its article, and test-set articles are not read."""

from __future__ import annotations

import importlib

from scielo_pub.citations import crossval
from scielo_pub.citations.evaluate import split_of

from .test_aligned import ARTICLE


def test_every_development_reference_is_scored_once(tmp_path):
    for name in ("held.xml", "kept.xml", "article-d.xml", "article-a.xml"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    assert split_of(tmp_path / "article-a.xml") == "test"
    parts = crossval.folds(tmp_path, k=2)
    assert sorted(p.name for part in parts for p in part) == [
        "article-d.xml",
        "held.xml",
        "kept.xml",
    ]
    report = crossval.crossvalidate(tmp_path, count=60, weight=1, k=2)
    assert report.references == 9  # three references in each of the three development articles
    assert report.fields["year"].tp + report.fields["year"].fn == 9
    parse = importlib.import_module("scielo_pub.citations.parse")
    assert getattr(parse._local, "tagger", None) is None  # the shipped model is used again after


def test_kept_fold_models_are_reused(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("held.xml", "kept.xml", "article-d.xml"):
        (articles / name).write_text(ARTICLE, encoding="utf-8")
    models = tmp_path / "models"
    first = crossval.crossvalidate(articles, count=60, weight=1, k=2, models=models)
    kept = sorted(models.glob("*.crfsuite"))
    assert [p.name for p in kept] == ["n60-s7-w1-k2-fold0.crfsuite", "n60-s7-w1-k2-fold1.crfsuite"]
    stamps = [p.stat().st_mtime_ns for p in kept]
    second = crossval.crossvalidate(articles, count=60, weight=1, k=2, models=models)
    assert [p.stat().st_mtime_ns for p in kept] == stamps  # not retrained
    assert second.micro.tp == first.micro.tp and len(second.errors) == len(first.errors)
    out = tmp_path / "errors.tsv"
    argv = [str(articles), "--count", "60", "--scielo-weight", "1", "--folds", "2"]
    assert crossval.main([*argv, "--models", str(models), "--errors", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(first.errors)
    assert all(len(line.split("\t")) == 4 for line in lines)
