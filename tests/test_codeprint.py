"""The code's fingerprint: it changes when any covered file changes, and costs a stat per file."""

from __future__ import annotations

import os

import pytest

from scielo_pub import codeprint
from scielo_pub.codeprint import package_fingerprint


def _aged(path, seconds: int = 60) -> None:
    """Set the file's mtime in the past (a just-written file is not trusted from the cache)."""
    info = os.stat(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


@pytest.fixture
def package(tmp_path):
    root = tmp_path / "pkg"
    (root / "templates").mkdir(parents=True)
    (root / "sub").mkdir()
    files = {
        "__init__.py": "x = 1\n",
        "sub/mod.py": "def f():\n    return 2\n",
        "templates/page.html": "<p>{{ x }}</p>\n",
        "templates/site.css": "p { color: red }\n",
        "notes.md": "not covered\n",
    }
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
        _aged(root / rel)
    return root


@pytest.mark.parametrize("rel", ["__init__.py", "sub/mod.py", "templates/page.html",
                                 "templates/site.css"])  # fmt: skip
def test_any_covered_file_changes_the_fingerprint(package, rel):
    before = package_fingerprint(package)
    target = package / rel
    target.write_text(target.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert package_fingerprint(package) != before


def test_a_new_or_removed_file_changes_it_and_other_files_do_not(package):
    before = package_fingerprint(package)
    (package / "notes.md").write_text("still not covered\n", encoding="utf-8")
    assert package_fingerprint(package) == before
    (package / "sub" / "new.py").write_text("y = 2\n", encoding="utf-8")
    added = package_fingerprint(package)
    assert added != before
    (package / "sub" / "new.py").unlink()
    assert package_fingerprint(package) == before


def test_unchanged_files_are_not_read_again(package, monkeypatch):
    """The digest is kept under the files' stat fingerprints: a second computation (another
    process's, as here after clearing nothing but the counter) hashes no file; with the user cache
    off every computation hashes them."""
    first = package_fingerprint(package)
    before = codeprint.HASHED["count"]
    assert package_fingerprint(package) == first
    assert codeprint.HASHED["count"] == before
    monkeypatch.setenv("SCIELO_PUB_CACHE", "off")
    assert package_fingerprint(package) == first
    assert codeprint.HASHED["count"] == before + 1


def test_a_just_modified_file_is_hashed_again(package):
    """A file changed within the last seconds may change again unseen in the same mtime tick: its
    digest is not kept, so the next computation reads the files again."""
    (package / "sub" / "mod.py").write_text("def f():\n    return 3\n", encoding="utf-8")
    package_fingerprint(package)
    before = codeprint.HASHED["count"]
    package_fingerprint(package)
    assert codeprint.HASHED["count"] == before + 1


def test_the_package_fingerprint_covers_more_than_the_renderer():
    """The read cache's keys hold it: a change to a reader or validator must reach them too."""
    names = {rel for rel, _ in codeprint._files(codeprint._PACKAGE)}
    assert {"dtd/validate.py", "markup/readers.py", "model/__init__.py",
            "render/templates/article.html"} <= names  # fmt: skip
