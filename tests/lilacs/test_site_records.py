"""The LILACS record each article page offers for download points at the pages the build wrote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scielo_pub.build import build
from scielo_pub.lilacs.formats import read_records

ROOT = Path(__file__).resolve().parents[2]

#: The demo collection's public base_url (collection.toml).
BASE = "https://demo.scielo-pub.example/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    report = build(ROOT / "collections" / "demo", out, jobs=1, pdf=False)
    assert report.published
    return out


def test_every_downloaded_record_links_the_built_pages_in_every_language(site):
    records = sorted(site.glob("j/*/*/*/*.lilacs.iso"))
    assert len(records) >= 10
    for path in records:
        (record,) = read_records(path.read_bytes(), "iso", "utf-8").records
        addresses = [value for tag, value in record.fields if tag == 8]
        urls = [re.search(r"\^u([^^]+)", v).group(1) for v in addresses]
        html = [u for u in urls if u.endswith(".html")]
        pdfs = [u for u in urls if u.endswith(".pdf")]
        langs = {re.search(r"\^i([^^]+)", v).group(1) for v in addresses}
        assert len(html) == len(pdfs) == len(langs) >= 1
        for url in html:
            assert url.startswith(BASE)
            assert (site / url.removeprefix(BASE)).is_file(), url
        for url in pdfs:  # PDFs are written beside the pages when the build makes them
            assert (site / url.removeprefix(BASE)).parent == path.parent


def test_records_carry_the_collection_codes(site):
    path = next(site.glob("j/rsd/*/*/*.lilacs.iso"))
    (record,) = read_records(path.read_bytes(), "iso", "utf-8").records
    fields = dict(record.fields)
    assert fields[1] == "BR1.1"  # [lilacs] center in collections/demo/collection.toml
