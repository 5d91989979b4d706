"""``collection.article_files``: which entries of an issue folder are article sources, in name order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scielo_pub.collection import article_files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_article_files_lists_sources_and_special_files_not_folders(tmp_path: Path):
    (tmp_path / "b.xml").write_text("<article/>")
    (tmp_path / "a.SGM").write_text("<article>")
    (tmp_path / "c.sgml").write_text("<article>")
    (tmp_path / ".hidden.xml").write_text("<article/>")
    (tmp_path / "figure.png").write_bytes(b"")
    (tmp_path / "folder.xml").mkdir()
    (tmp_path / "link-to-folder.xml").symlink_to(tmp_path / "folder.xml")
    (tmp_path / "link-out.xml").symlink_to("/dev/zero")  # read refuses it, with a diagnostic
    (tmp_path / "dangling.xml").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "pipe.xml")
    names = [p.name for p in article_files(tmp_path)]
    assert names == ["a.SGM", "b.xml", "c.sgml", "dangling.xml", "link-out.xml", "pipe.xml"]
    assert all(p.parent == tmp_path for p in article_files(tmp_path))
