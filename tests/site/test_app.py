"""The Flask app over a built site: pages, folders, downloads, no hidden files, no escapes."""

from __future__ import annotations

import pytest

from scielo_pub.site import create_app


@pytest.fixture
def client(tmp_path):
    site = tmp_path / "site"
    (site / "j" / "rsd").mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (site / "j" / "rsd" / "index.html").write_text("<h1>journal</h1>", encoding="utf-8")
    (site / "j" / "rsd" / "a.pdf").write_bytes(b"%PDF-1.7 test")
    (site / ".scielo-pub").mkdir()
    (site / ".scielo-pub" / "citations.sqlite").write_bytes(b"secret")
    (tmp_path / "outside.txt").write_text("outside", encoding="utf-8")
    return create_app(site, {"TESTING": True}).test_client()


def get(client, path: str) -> tuple[int, bytes, str]:
    """Status, body and type of a response, closing it (file responses hold the file open)."""
    with client.get(path) as response:
        return response.status_code, response.get_data(), response.mimetype


def test_home_and_folder_pages(client):
    assert get(client, "/")[1] == b"<h1>home</h1>"
    assert get(client, "/j/rsd/")[1] == b"<h1>journal</h1>"
    assert get(client, "/j/rsd")[0] == 200


def test_downloads_have_their_type(client):
    status, _, mimetype = get(client, "/j/rsd/a.pdf")
    assert status == 200 and mimetype == "application/pdf"


@pytest.mark.parametrize(
    "path",
    ["/.scielo-pub/citations.sqlite", "/../outside.txt", "/j/../../outside.txt", "/missing.html"],
)
def test_hidden_missing_and_escaping_paths_are_404(client, path):
    assert get(client, path)[0] == 404


def test_serve_refuses_a_folder_that_is_not_a_built_site(tmp_path, capsys):
    from scielo_pub.cli import main

    assert main(["serve", str(tmp_path)]) == 2
    assert "run 'scielo-pub build' first" in capsys.readouterr().err
