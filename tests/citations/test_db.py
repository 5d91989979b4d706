"""The bibliographic index: importers (PubMed XML, Crossref JSON, LILACS), idempotence, lookups.

Every test taking ``db`` runs on a SQLite file and on a real PostgreSQL database (``store_url``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scielo_pub.citations.db import BiblioDB, Record
from scielo_pub.citations.importers import (
    read_lilacs_file,
    records_from_crossref,
    records_from_lilacs,
    records_from_pubmed_xml,
)
from scielo_pub.lilacs.formats import write_records
from scielo_pub.lilacs.isis import IsisRecord

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def db(store_url):
    with BiblioDB(store_url) as handle:
        yield handle


def test_pubmed_xml_records():
    recs = {r.pmid: r for r in records_from_pubmed_xml((FIXTURES / "pubmed_set.xml").read_bytes())}
    assert set(recs) == {"16341597", "1387015", "99999001"}
    first = recs["16341597"]
    assert first.title == "Capacidade funcional entre trabalhadoras rurais do Nordeste"
    assert (first.source, first.year, first.volume, first.issue) == (
        "Rev Bras Saude Ocup",
        "2005",
        "39",
        "3",
    )
    assert (first.fpage, first.lpage) == ("383", "391")
    assert first.doi == "10.1590/s0303-76572005000300008"
    assert first.authors[0] == ("Tavares", "MI")
    jama = recs["1387015"]
    assert jama.year == "1992" and (jama.fpage, jama.lpage) == ("1018", "1024")
    assert jama.authors == (("NIH Consensus Development Panel on Depression in Late Life", ""),)
    assert "spatial analysis" in recs["99999001"].title


def test_pubmed_xml_never_fetches_its_dtd_nor_expands_entities():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        b"<ArticleTitle>&b;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (rec,) = records_from_pubmed_xml(bomb)
    assert "aaaaaaaaaa" not in (rec.title or "")


def test_crossref_single_work_and_list():
    (work,) = records_from_crossref((FIXTURES / "crossref_work.json").read_text())
    assert work.doi == "10.1093/her/cyq086" and work.year == "2011"
    assert (work.fpage, work.lpage) == ("212", "224")
    assert work.authors[0] == ("Aarø", "LE")
    items = list(records_from_crossref((FIXTURES / "crossref_list.json").read_bytes()))
    assert [r.doi for r in items] == [
        "10.1370/arm.2117",
        "10.1038/523149a",
        "10.1186/s12879-017-2619-y",
    ]
    assert items[0].source == "Ann Rural Med"
    assert items[2].fpage == "527" and items[2].authors[1] == (
        "Brazilian Hepatitis Study Group",
        "",
    )


def _lilacs_isis() -> list[IsisRecord]:
    return [
        IsisRecord(
            (
                (2, "412345"),
                (10, "Tavares, Marta Cecília^1Fiocruz"),
                (10, "Rocha, Lívio"),
                (12, "Capacidade funcional entre trabalhadoras rurais do Nordeste^ipt"),
                (14, "^f383^l391"),
                (30, "Rev. bras. saúde ocup."),
                (31, "39"),
                (32, "3"),
                (64, "jun. 2005"),
                (65, "20050600"),
                (724, "10.1590/S0303-76572005000300008"),
            )
        ),
        IsisRecord(
            (
                (2, "412346"),
                (18, "Manual de vigilância^ipt"),
                (16, "Brasil, Ministério"),
                (65, "19990000"),
            )
        ),
    ]


def test_lilacs_records_from_isis_and_from_dicts():
    recs = list(records_from_lilacs(_lilacs_isis()))
    assert [r.ext_id for r in recs] == ["412345", "412346"]
    assert recs[0].authors == (("Tavares", "MC"), ("Rocha", "L"))
    assert (recs[0].fpage, recs[0].lpage, recs[0].year) == ("383", "391", "2005")
    assert recs[1].title == "Manual de vigilância" and recs[1].year == "1999"
    (from_dict,) = records_from_lilacs([{2: "7", 12: ["Um título^ipt"], 65: "20010000"}])
    assert (from_dict.ext_id, from_dict.title, from_dict.year) == ("7", "Um título", "2001")


def test_lilacs_file_through_the_lilacs_reader(tmp_path):
    for fmt in ("iso", "id"):
        path = tmp_path / f"lilacs.{fmt}"
        path.write_bytes(write_records(_lilacs_isis(), fmt, "latin-1").data)
        recs = list(read_lilacs_file(path))
        assert [r.ext_id for r in recs] == ["412345", "412346"], fmt
        assert recs[0].source == "Rev. bras. saúde ocup."


def test_imports_are_incremental_and_idempotent(db):
    data = (FIXTURES / "pubmed_set.xml").read_bytes()
    first = db.upsert(records_from_pubmed_xml(data))
    again = db.upsert(records_from_pubmed_xml(data))
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = Record(
        db="medline", ext_id="1387015", pmid="1387015", title="Corrected title", year="1992"
    )
    assert db.upsert([changed]).updated == 1
    assert db.count("medline") == 3
    assert db.get("medline", "1387015").title == "Corrected title"
    assert [r.ext_id for r in db.by_title_words(["corrected"])] == ["1387015"]
    assert db.by_title_words(["depression"]) == []


def test_lookups_by_identifier_source_author_and_title(db):
    db.upsert(records_from_pubmed_xml((FIXTURES / "pubmed_set.xml").read_bytes()))
    db.upsert(records_from_crossref((FIXTURES / "crossref_list.json").read_text()))
    assert [r.db for r in db.by_doi("10.1590/S0303-76572005000300008")] == ["medline"]
    assert [r.ext_id for r in db.by_pmid("1387015")] == ["1387015"]
    assert [r.pmid for r in db.by_source("rev bras saude ocup", "2005", "39", "383")] == [
        "16341597"
    ]
    assert [
        r.ext_id
        for r in db.by_source("revista brasileira de saude ocupacional", "2005", "39", "383")
    ] == ["16341597"]
    assert [r.doi for r in db.by_author_year("stein", ["2015"])] == ["10.1038/523149a"]
    assert [r.ext_id for r in db.by_title_words(["trabalhadoras", "rurais"])] == ["16341597"]
    assert db.by_title_words(["saude", "trabalhadoras", "rurais"]) == []


@pytest.mark.refdata
def test_real_lilacs_iso_file_imports(shared_data, db):
    path = shared_data / "lilacs" / "lilacs_Sas_mioc.iso"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    stats = db.upsert(read_lilacs_file(path))
    assert stats.added >= 40
    assert db.upsert(read_lilacs_file(path)).unchanged == stats.added
    first = next(iter(read_lilacs_file(path)))
    some = db.get("lilacs", first.ext_id)
    assert some == first and some.title and some.year and some.source


def test_crossref_oddities_do_not_crash():
    odd = {
        "message": {
            "items": [
                {"DOI": "10.1234/a", "title": "A plain string title", "volume": 12, "page": 7,
                 "author": [{"family": "Sá"}, "not a dict", {"name": "Group"}], "issued": {"date-parts": [[None]]}},
                {"DOI": ["10.1234/b"], "title": [], "published-print": "2001"},
                "not a work",
                {"DOI": "not a doi"},
            ]
        }
    }  # fmt: skip
    recs = list(records_from_crossref(odd))
    assert [r.doi for r in recs] == ["10.1234/a", "10.1234/b"]
    assert (
        recs[0].title == "A plain string title" and recs[0].volume == "12" and recs[0].fpage == "7"
    )
    assert recs[0].authors == (("Sá", ""), ("Group", "")) and recs[0].year is None
    assert recs[1].title is None


def test_crossref_plain_list_and_garbage():
    assert [r.doi for r in records_from_crossref('[{"DOI": "10.5555/x"}]')] == ["10.5555/x"]
    assert list(records_from_crossref("42")) == []
    assert list(records_from_crossref({"message": None})) == []
