"""The build's store stage: the demo collection written and read back the same on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import func, select

from scielo_pub import store
from scielo_pub.model.export import article_to_json
from scielo_pub.store import read
from scielo_pub.store import schema as s
from scielo_pub.store.search import search_documents
from scielo_pub.store.write import write_store

T1, T2, T3, T4 = (datetime(2026, 1, d, 12, 0, 0) for d in (1, 2, 3, 4))


def count(conn, table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def dump(engine) -> dict[str, list[dict]]:
    """Every row of every store table, in id order, as plain values."""
    out = {}
    with engine.connect() as conn:
        for table in (*s.CORE_TABLES, search_documents):
            key = table.c.get("id", table.c.get("article_id"))
            columns = [c for c in table.c if c.name != "tsv"]
            rows = conn.execute(select(*columns).order_by(key)).mappings().all()
            out[table.name] = [dict(r) for r in rows]
    return out


def test_demo_written_and_read_back(store_url, demo_content):
    engine = store.connect(store_url)
    report = write_store(engine, demo_content, now=T1)
    assert (report.added, report.changed, report.deleted) == (25, 0, 0)
    with engine.connect() as conn:
        assert [j["acronym"] for j in read.journals(conn)] == ["ecl", "rsd"]
        assert [i["folder"] for i in read.issues(conn, "rsd")] == [
            "v12n2",
            "v12n1",
            "v11n1",
            "v10n1",
            "v9n1",
        ]
        assert count(conn, s.articles) == count(conn, search_documents) == 25
        for item in demo_content.articles:
            row = read.find_article(conn, item.article.pid)
            model = read.article(row)["model"]
            expected = article_to_json(item.article)
            assert {k: v for k, v in model.items() if k != "source"} == {
                k: v for k, v in expected.items() if k != "source"
            }
            assert model["source"].startswith("journals/")
            assert row.landing_path.endswith(f"/{item.article.language}.html")
            assert row.xml.lstrip().startswith("<!DOCTYPE article")
            refs = read.references(conn, row.id)
            assert [r["ref_id"] for r in refs] == [r.id for r in item.article.references]
            linked = {ref_id for ref_id, found in item.matches.items() if found}
            assert {r["ref_id"] for r in refs if r["matches"]} == linked
            citing = {c["ident"] for c in read.cited_by(conn, row.id)}
            assert citing == {c.citing_pid for c in item.cited_by}
        assert count(conn, s.citations) > 0
    engine.dispose()


def test_same_rows_on_sqlite_and_postgresql(tmp_path, fresh_postgresql_url, demo_content):
    lite = store.connect(tmp_path / "store.sqlite")
    pg = store.connect(fresh_postgresql_url)
    for engine in (lite, pg):
        write_store(engine, demo_content, now=T1)
    assert dump(lite) == dump(pg)
    for engine in (lite, pg):
        engine.dispose()


def test_stamps_move_only_on_change_and_withdrawn_articles_stay(store_url, demo_content):
    engine = store.connect(store_url)
    write_store(engine, demo_content, now=T1)
    again = write_store(engine, demo_content, now=T2)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 25)

    last = demo_content.articles[-1]
    withdrawn = dataclasses.replace(demo_content, articles=demo_content.articles[:-1])
    assert write_store(engine, withdrawn, now=T3).deleted == 1

    edited = dataclasses.replace(last.article, titles={**last.article.titles, "pt": "Novo título"})
    back = dataclasses.replace(
        demo_content,
        articles=(*demo_content.articles[:-1], dataclasses.replace(last, model=edited)),
    )
    report = write_store(engine, back, now=T4)
    assert (report.changed, report.unchanged, report.deleted) == (1, 24, 0)
    a = s.articles
    with engine.connect() as conn:
        rows = {r.ident: r for r in conn.execute(select(a))}
        gone = rows.pop(last.article.pid)
        assert (gone.deleted, gone.created, gone.updated) == (False, T1, T4)
        assert all(r.updated == T1 and not r.deleted for r in rows.values())
    write_store(engine, withdrawn, now=T4)
    with engine.connect() as conn:
        gone = conn.execute(select(a).where(a.c.ident == last.article.pid)).one()
        assert (gone.deleted, gone.deleted_at, gone.updated) == (True, T4, T4)
        assert read.references(conn, gone.id)  # kept for the record
    engine.dispose()


def test_restored_article_gets_a_new_stamp(store_url, demo_content):
    engine = store.connect(store_url)
    write_store(engine, demo_content, now=T1)
    write_store(engine, dataclasses.replace(demo_content, articles=()), now=T2)
    with engine.connect() as conn:
        assert count(conn, search_documents) == 0
    report = write_store(engine, demo_content, now=T3)
    assert report.restored == 25
    with engine.connect() as conn:
        stamps = set(conn.execute(select(s.articles.c.updated, s.articles.c.deleted)).all())
    assert stamps == {(T3, False)}
    with engine.connect() as conn:
        assert count(conn, search_documents) == len(demo_content.articles)  # found again
    engine.dispose()


def test_postgres_urls_are_normalised_to_psycopg():
    assert store.normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store.normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store.normalise_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
    assert store.default_url("out").endswith("/out/.scielo-pub/store.sqlite")


def _links(engine) -> tuple[list, list]:
    """The store's reference matches and citation graph, by article identifier."""
    refs, m, g, a = s.article_references, s.reference_matches, s.citations, s.articles
    cited = a.alias("cited")
    with engine.connect() as conn:
        matches = conn.execute(
            select(a.c.ident, refs.c.ref_id, m.c.db, m.c.ext_id, m.c.target_article_id.is_(None))
            .select_from(
                m.join(refs, refs.c.id == m.c.reference_id).join(a, a.c.id == refs.c.article_id)
            )
            .order_by(a.c.ident, refs.c.ref_id, m.c.db, m.c.ext_id)
        ).all()
        graph = conn.execute(
            select(a.c.ident, g.c.ref_id, cited.c.ident)
            .select_from(
                g.join(a, a.c.id == g.c.citing_article_id).join(
                    cited, cited.c.id == g.c.cited_article_id
                )
            )
            .order_by(a.c.ident, g.c.ref_id, cited.c.ident)
        ).all()
    return [tuple(r) for r in matches], [tuple(r) for r in graph]


def test_links_rewritten_per_article_equal_a_fresh_store(store_url, tmp_path, demo_content):
    """Changed matches and cited-by lists of unchanged articles reach the store as a fresh store
    has them; the articles whose links did not change keep their rows as they were."""
    engine = store.connect(store_url)
    write_store(engine, demo_content, now=T1)
    with engine.connect() as conn:
        before = {r.id for r in conn.execute(select(s.reference_matches.c.id))}
    linked = [n for n, p in enumerate(demo_content.articles) if any(p.matches.values())]
    cited = [n for n, p in enumerate(demo_content.articles) if len(p.cited_by)]
    assert linked and cited
    articles = list(demo_content.articles)
    articles[linked[0]] = dataclasses.replace(articles[linked[0]], matches={})
    articles[cited[0]] = dataclasses.replace(articles[cited[0]], cited_by=())
    changed = dataclasses.replace(demo_content, articles=tuple(articles[:-1]))
    report = write_store(engine, changed, now=T2)
    assert (report.changed, report.deleted) == (0, 1)
    fresh = store.connect(tmp_path / "fresh.sqlite")
    write_store(fresh, changed, now=T2)
    assert _links(engine) == _links(fresh)
    with engine.connect() as conn:
        after = {r.id for r in conn.execute(select(s.reference_matches.c.id))}
    assert after < before  # rows of untouched articles kept (same ids), none rewritten
    engine.dispose()
    fresh.dispose()


def test_a_store_without_link_digests_is_brought_up_to_date(store_url, demo_content):
    """A store of an older release has no ``article_links``: the next write makes the table and
    writes every article's links once, as a fresh store has them."""
    from scielo_pub.store.rebuild_schema import article_links

    engine = store.connect(store_url)
    write_store(engine, demo_content, now=T1)
    expected = _links(engine)
    article_links.drop(engine)
    engine.dispose()
    engine = store.connect(store_url)  # makes the missing table, as every opening does
    write_store(engine, demo_content, now=T2)
    assert _links(engine) == expected
    with engine.connect() as conn:
        assert count(conn, article_links) == len(demo_content.articles)
    engine.dispose()
