"""The citation index on PostgreSQL as on SQLite: schema made on a real server, same title words, same matches."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import create_engine, inspect, text

from scielo_pub import store
from scielo_pub.citations.db import BiblioDB, Record, index_location
from scielo_pub.citations.linkeval import random_records
from scielo_pub.citations.match import Matcher
from scielo_pub.citations.normalise import fold

TITLES = {
    "1": "Saúde-doença em COVID-19: análise de séries temporais",
    "2": "Análise espacial da saúde bucal",
    "3": "Séries históricas de doença de Chagas",
    "4": "Tuberculose: o nó górdio da saúde pública",
}


def _titled(ext_id: str, title: str) -> Record:
    return Record(db="lilacs", ext_id=ext_id, title=title, year="2020", authors=(("Sá", "A"),))


@pytest.mark.parametrize(
    ("words", "found"),
    [
        (["saude", "doenca"], ["1"]),  # accents folded; a hyphen splits words
        (["covid", "19"], ["1"]),
        (["analise"], ["1", "2"]),
        (["series"], ["1", "3"]),
        (["gordio", "saude", "publica"], ["4"]),
        (["saude", "chagas"], []),
        (["bucal", "analise"], ["2"]),
    ],
)
def test_title_words_find_the_same_records_on_both_engines(store_url, words, found):
    with BiblioDB(store_url) as db:
        db.upsert(_titled(k, t) for k, t in TITLES.items())
        assert [r.ext_id for r in db.by_title_words(words)] == found
        alike = db.by_title_words(words, title="analise espacial da saude bucal", keep=1)
        assert {r.ext_id for r in alike} <= set(found)
        if "2" in found:  # among several, the one most alike
            assert [r.ext_id for r in alike] == ["2"]


def test_the_schema_is_made_on_postgresql_beside_the_store(fresh_postgresql_url):
    store.connect(fresh_postgresql_url).dispose()  # the collection store: its own `citations`
    with BiblioDB(fresh_postgresql_url) as db:
        assert db.dialect == "postgresql"
        db.upsert([_titled("1", TITLES["1"])])
    with BiblioDB(fresh_postgresql_url) as again:  # opening an existing index changes nothing
        assert again.count() == 1
    engine = create_engine(fresh_postgresql_url)
    try:
        names = set(inspect(engine).get_table_names())
        assert {"biblio_records", "biblio_citations", "biblio_match_cache",
                "biblio_match_snapshot", "citations", "articles"} <= names  # fmt: skip
        columns = {c["name"] for c in inspect(engine).get_columns("biblio_records")}
        assert {"title_key", "title_tsv", "source_key", "first_author", "digest"} <= columns
        with engine.connect() as conn:
            (indexdef,) = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'biblio_records_tsv'")).one()  # fmt: skip
            (lexemes,) = conn.execute(text("SELECT title_tsv::text FROM biblio_records")).one()
    finally:
        engine.dispose()
    assert "USING gin (title_tsv)" in indexdef
    assert "'saude'" in lexemes and "'doenca'" in lexemes and "'covid'" in lexemes


def _references(records: list[Record]) -> list[dict]:
    """Works in four shapes (full, title alone, DOI, journal key without title) and two title words."""
    refs = []
    for n, rec in enumerate(records):
        words = (rec.title or "").split()
        shape = n % 5
        if shape == 0:  # author, year, a title with a word dropped
            refs.append({"authors": [{"surname": rec.authors[0][0]}], "year": rec.year,
                         "article_title": " ".join(words[:-1]), "source": rec.source})  # fmt: skip
        elif shape == 1:  # the title alone: the title-word block
            refs.append({"article_title": " ".join(words[1:])})
        elif shape == 2:
            refs.append({"doi": rec.doi, "article_title": rec.title, "year": rec.year})
        elif shape == 3:  # journal + year + volume + page, no title
            refs.append({"authors": [{"surname": rec.authors[0][0]}], "source": rec.source,
                         "year": rec.year, "volume": rec.volume, "fpage": rec.fpage})  # fmt: skip
        else:  # two common words: a title-word block of many records, the most alike kept
            refs.append({"article_title": " ".join([w for w in words if len(w) > 3][:2])})
    return refs


def _answers(location: str, records: list[Record], refs: list[dict]) -> list[list[tuple]]:
    with BiblioDB(location) as db:
        db.upsert(records, batch=700)
        matcher = Matcher(db)
        out = []
        for ref in refs:
            result = matcher.match(ref)
            out.append([(c.record.db, c.record.ext_id, c.score, c.accepted, c.block)
                        for c in result.candidates])  # fmt: skip
        return out


def test_opening_the_postgresql_index_waits_for_no_reader(fresh_postgresql_url):
    """Another process reading the index in an open transaction (a build stage's link views)
    does not block opening it again: the title column and index are looked for, not altered
    (``ALTER TABLE`` would wait for the reader; here it would fail after the lock timeout)."""
    with BiblioDB(fresh_postgresql_url) as db:
        db.upsert([_titled("1", TITLES["1"])])
    reader = create_engine(fresh_postgresql_url)
    try:
        with reader.connect() as conn, conn.begin():
            assert conn.execute(text("SELECT count(*) FROM biblio_records")).scalar() == 1
            timed = f"{fresh_postgresql_url}?options=-c%20lock_timeout%3D2000"
            with BiblioDB(timed) as again:
                assert again.count() == 1
    finally:
        reader.dispose()


def test_references_match_the_same_records_on_postgresql_as_on_sqlite(
    tmp_path, fresh_postgresql_url
):
    records = list(random_records(3000, seed=5))
    refs = _references(records[::37])
    on_sqlite = _answers(str(tmp_path / "index.sqlite"), records, refs)
    on_postgresql = _answers(fresh_postgresql_url, records, refs)
    assert on_postgresql == on_sqlite
    blocks = {c[4] for cands in on_sqlite for c in cands}
    assert {"title words", "doi", "author+year", "source+year+volume+page"} <= blocks
    accepted = [any(c[3] for c in cands) for cands in on_sqlite]
    assert [all(accepted[n::5]) for n in range(5)] == [True, False, True, True, False]
    assert not any(accepted[1::5] + accepted[4::5])  # a title alone is too little evidence
    holding = [sum(set(fold(ref["article_title"]).split()) <= set(fold(r.title or "").split())
                   for r in records) for ref in refs[4::5]]  # fmt: skip
    assert sorted(holding)[len(holding) // 2] > 8  # more records hold the words than are kept
    assert max(len(cands) for cands in on_sqlite[4::5]) >= 5


def test_an_index_file_of_an_older_release_is_upgraded(tmp_path):
    path = tmp_path / "citations.sqlite"
    with closing(sqlite3.connect(path)) as old:  # the layout before the biblio_* tables
        old.executescript(
            "CREATE TABLE records (id INTEGER PRIMARY KEY, db TEXT NOT NULL, ext_id TEXT NOT NULL,"
            " doi TEXT, pmid TEXT, title TEXT, source TEXT, source_key TEXT, issn TEXT, year TEXT,"
            " volume TEXT, issue TEXT, fpage TEXT, lpage TEXT, first_author TEXT, authors TEXT,"
            " url TEXT, digest TEXT NOT NULL, UNIQUE (db, ext_id));"
            "CREATE VIRTUAL TABLE records_fts USING fts5(title, content='records', content_rowid='id');"
            "CREATE TRIGGER records_ai AFTER INSERT ON records BEGIN"
            " INSERT INTO records_fts(rowid, title) VALUES (new.id, new.title); END;"
            "CREATE TABLE citations (citing_id TEXT NOT NULL, ref_id TEXT NOT NULL,"
            " target_db TEXT NOT NULL, target_id TEXT NOT NULL, score REAL NOT NULL,"
            " PRIMARY KEY (citing_id, ref_id, target_db));"
            "INSERT INTO records (db, ext_id, title, year, authors, digest) VALUES"
            " ('lilacs', '7', 'Vigilância da saúde bucal', '2001', '[\"Sá|A\"]', 'x');"
            "INSERT INTO citations VALUES ('S1', 'B1', 'lilacs', '7', 0.9);"
        )
    with BiblioDB(path) as db:
        assert db.get("lilacs", "7").title_key == "vigilancia da saude bucal"
        assert [r.ext_id for r in db.by_title_words(["saude", "vigilancia"])] == ["7"]
        assert db.citing("lilacs", "7") == [("S1", "B1", 0.9)]
        assert db.upsert([_titled("8", "Saúde bucal no Brasil")]).added == 1
        assert [r.ext_id for r in db.by_title_words(["bucal"])] == ["7", "8"]
    with closing(sqlite3.connect(path)) as raw:
        names = {n for (n,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "records" not in names and "citations" not in names and "biblio_records" in names


def test_the_build_keeps_the_index_in_the_stores_postgresql_else_beside_the_site(tmp_path):
    site = tmp_path / "site"
    assert index_location(site) == str(site / ".scielo-pub" / "citations.sqlite")
    sqlite_store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert index_location(site, sqlite_store) == str(site / ".scielo-pub" / "citations.sqlite")
    url = "postgresql://editor@db.example.org/scielo"
    assert index_location(site, url) == "postgresql+psycopg://editor@db.example.org/scielo"


def test_read_only_opens_postgresql_for_lookups(fresh_postgresql_url):
    with BiblioDB(fresh_postgresql_url) as db:
        db.upsert(_titled(k, t) for k, t in TITLES.items())
        location = db.shareable
    with BiblioDB.read_only(location) as reader:
        assert [r.ext_id for r in reader.by_title_words(["analise"])] == ["1", "2"]
