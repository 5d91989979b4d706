"""``scielo-pub render``: one article on its own, with the site's templates."""

from __future__ import annotations

from scielo_pub.cli import main

from .conftest import demo_paths, parse


def test_render_one_article(tmp_path, capsys):
    article = demo_paths()[0]
    assert main(["render", str(article), "-o", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed
    page = parse(tmp_path / printed[0].split(str(tmp_path) + "/", 1)[1])
    assert page.xpath("//h1[@class='article-title']")
    assert list(tmp_path.rglob("abstract.*.html"))


def test_render_reports_unreadable_input(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<article><front>", encoding="utf-8")
    assert main(["render", str(bad), "-o", str(tmp_path / "out")]) == 1
    assert "bad.xml" in capsys.readouterr().err
