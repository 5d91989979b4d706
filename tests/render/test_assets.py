"""Figures named in articles resolve to files of the issue folder (``.tif`` -> ``.png``/``.jpg``)."""

from __future__ import annotations

from scielo_pub.render.view import resolve_asset


def test_tif_resolves_to_web_alternative(tmp_path):
    (tmp_path / "a-gf01.tif").write_bytes(b"II*\x00")
    (tmp_path / "a-gf01.png").write_bytes(b"\x89PNG")
    assert resolve_asset(tmp_path, "a-gf01.tif") == tmp_path / "a-gf01.png"


def test_name_without_extension_and_missing_files(tmp_path):
    (tmp_path / "b-gf02.jpg").write_bytes(b"\xff\xd8")
    assert resolve_asset(tmp_path, "b-gf02") == tmp_path / "b-gf02.jpg"
    assert resolve_asset(tmp_path, "nothing.png") is None


def test_paths_outside_the_issue_folder_are_refused(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    inner = tmp_path / "issue"
    inner.mkdir()
    assert resolve_asset(inner, "../secret.png") is None
    assert resolve_asset(inner, "/etc/passwd") is None


def test_site_copies_figures_beside_the_issue(demo_site, demo_content):
    copied = list(demo_site.glob("j/*/*/files/*"))
    referenced = {
        g.get("{http://www.w3.org/1999/xlink}href")
        for a in demo_content.articles
        for g in a.tree.iter("graphic")
    }
    assert copied and len(copied) <= len(referenced)
