"""Field search over the store, on SQLite FTS5 and PostgreSQL tsvector: the same answers from both."""

from __future__ import annotations

import dataclasses
import re

import pytest

from scielo_pub import store
from scielo_pub.citations.normalise import fold
from scielo_pub.store.query import QueryError, parse_query
from scielo_pub.store.search import SearchRequest, request_from_args, search
from scielo_pub.store.write import write_store


@pytest.fixture
def demo_engine(store_url, demo_content):
    engine = store.connect(store_url)
    write_store(engine, demo_content)
    yield engine
    engine.dispose()


def pids(engine, q: str, **kw) -> set[str]:
    with engine.connect() as conn:
        result = search(conn, SearchRequest(q=q, size=100, **kw))
    assert result.total == len(result.hits)
    return {h.pid for h in result.hits}


def words_of(item) -> dict[str, set[str]]:
    """Folded words per field of a demo article, computed from the model (not the store)."""
    a = item.article
    fields = {
        "ti": " ".join(a.titles.values()),
        "ab": " ".join(x.text for x in a.abstracts.values()),
        "au": " ".join(c.display_name for c in a.authors),
        "kw": " ".join(k for g in a.keyword_groups for k in g.keywords),
    }
    return {k: set(fold(v).split()) for k, v in fields.items()}


def test_accents_and_case_do_not_matter(demo_engine, demo_content):
    found = pids(demo_engine, "ti:sequia")
    assert found == pids(demo_engine, "ti:Sequía") == pids(demo_engine, "TI:SEQUÍA")
    expected = {i.article.pid for i in demo_content.articles if "sequia" in words_of(i)["ti"]}
    assert found == expected and found
    assert pids(demo_engine, "au:munoz") == pids(demo_engine, "au:Muñoz") != set()


def test_author_field_finds_only_that_author(demo_engine, demo_content):
    item = demo_content.articles[0]
    surname = item.article.authors[0].surname
    found = pids(demo_engine, f'au:"{surname}"')
    expected = {
        i.article.pid
        for i in demo_content.articles
        if set(fold(surname).split()) <= words_of(i)["au"]
    }
    assert item.article.pid in found and found == expected
    assert pids(demo_engine, f'ti:"{surname}"') != found  # the field limits the search


def test_prefix_phrase_and_booleans(demo_engine, demo_content):
    expected = {
        i.article.pid
        for i in demo_content.articles
        if any(w.startswith("vacin") for w in words_of(i)["ab"] | words_of(i)["ti"])
    }
    assert pids(demo_engine, "vacin*") >= expected and expected
    a, b = pids(demo_engine, "aves"), pids(demo_engine, "floresta")
    assert pids(demo_engine, "aves OR floresta") == a | b
    assert pids(demo_engine, "aves floresta") == pids(demo_engine, "aves AND floresta") == a & b
    assert pids(demo_engine, "aves NOT floresta") == pids(demo_engine, "aves -floresta") == a - b
    phrase = pids(demo_engine, '"floresta esclerofila"')
    assert phrase and phrase <= pids(demo_engine, "floresta esclerofila")
    assert not pids(demo_engine, '"esclerofila floresta tamanho"')


def test_identifiers_year_type_and_language_fields(demo_engine, demo_content):
    item = demo_content.articles[3]
    assert pids(demo_engine, f"doi:{item.article.doi}") == {item.article.pid}
    assert pids(demo_engine, f"pid:{item.article.pid}") == {item.article.pid}
    year = item.article.pub_date.year
    assert pids(demo_engine, f"year:{year}") == {
        i.article.pid for i in demo_content.articles if i.article.pub_date.year == year
    }
    reviews = {
        i.article.pid for i in demo_content.articles if i.article.article_type == "review-article"
    }
    assert pids(demo_engine, 'type:"review-article"') == reviews
    english = {i.article.pid for i in demo_content.articles if "en" in i.article.languages}
    assert pids(demo_engine, "lang:en") == english


def test_title_matches_rank_above_abstract_matches(demo_engine, demo_content):
    for word in ("aves", "vegetacion", "chile", "brasil", "brazil", "saude"):
        in_title = {i.article.pid for i in demo_content.articles if word in words_of(i)["ti"]}
        elsewhere = {i.article.pid for i in demo_content.articles if word in words_of(i)["ab"]}
        if in_title and elsewhere - in_title:
            break
    else:
        pytest.fail("the demo has no word in one title and only another's abstract")
    with demo_engine.connect() as conn:
        hits = search(conn, SearchRequest(q=f"ti:{word} OR ab:{word}")).hits
    ranked = [h.pid for h in hits]
    assert set(ranked[: len(in_title)]) == in_title


def test_facets_filters_sort_and_pages(demo_engine, demo_content):
    with demo_engine.connect() as conn:
        everything = search(conn, SearchRequest(q="de OR of OR e OR the", size=100))
        facets = everything.facets
        assert (
            sum(n for _, n in facets["journal"]) == everything.total == len(demo_content.articles)
        )
        assert sum(n for _, n in facets["year"]) == everything.total
        journal, n = facets["journal"][0]
        only = search(conn, SearchRequest(q="de OR of OR e OR the", journal=(journal,)))
        assert only.total == n and {h.journal for h in only.hits} == {journal}
        subject, n = facets["subject"][0]
        assert search(conn, SearchRequest(q="de OR of OR e OR the", subject=(subject,))).total == n
        lang, n = facets["lang"][0]
        assert search(conn, SearchRequest(q="de OR of OR e OR the", lang=(lang,))).total == n
        dated = search(conn, SearchRequest(journal=(journal,), sort="date", size=100)).hits
        dates = [h.pub_date for h in dated]
        assert dates == sorted(dates, reverse=True)
        full = [h.pid for h in search(conn, SearchRequest(q="de OR of", size=10)).hits]
        paged = [
            h.pid
            for p in (1, 2)
            for h in search(conn, SearchRequest(q="de OR of", size=5, page=p)).hits
        ]
        assert paged == full and len(set(paged)) == len(paged)


def test_withdrawn_articles_are_not_found(store_url, demo_content):
    engine = store.connect(store_url)
    write_store(engine, demo_content)
    gone = demo_content.articles[0].article.pid
    write_store(engine, dataclasses.replace(demo_content, articles=demo_content.articles[1:]))
    assert gone not in pids(engine, f"pid:{gone} OR aves OR saude")
    engine.dispose()


QUERIES = ["saude", "ti:saude", "vacin*", "aves NOT chile", '"floresta esclerofila"', "au:silva OR kw:aves",
           "af:brasil", "journal:rsd dengue", "(dengue OR zika) NOT vacin*", "year:2025", "lang:es"]  # fmt: skip


def test_sqlite_and_postgresql_give_the_same_answers(tmp_path, fresh_postgresql_url, demo_content):
    engines = [store.connect(tmp_path / "s.sqlite"), store.connect(fresh_postgresql_url)]
    for engine in engines:
        write_store(engine, demo_content)
    for q in QUERIES:
        answers = []
        for engine in engines:
            with engine.connect() as conn:
                result = search(conn, SearchRequest(q=q, size=100))
            answers.append((result.total, {h.pid for h in result.hits}, result.facets))
        assert answers[0] == answers[1], q
    for engine in engines:
        engine.dispose()


@pytest.mark.parametrize(
    "q, message",
    [("", "empty"), ("NOT aves", "only exclude"), ("a OR NOT b", "OR NOT"), ('"aves', "closing quote"),
     ("(aves", "never closed"), ("aves)", "unexpected ')'"), ("xx:aves", "unknown field"),
     ("*", "no letters"), ("v*", "at least 2"), ("aves AND", "needs a term"),
     ("(" * 40 + "a" + ")" * 40, "nest deeper"), (" ".join(["w"] * 70), "more than"),
     ("a" * 1001, "longer than")],
)  # fmt: skip
def test_bad_queries_say_what_is_wrong(q, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(q) if q else search(None, SearchRequest(q=q))


@pytest.mark.parametrize(
    "args, message",
    [({"q": "a", "page": "x"}, "whole number"), ({"q": "a", "size": "1000"}, "between"),
     ({"q": "a", "sort": "random"}, "sort"), ({"q": "a", "year": "20"}, "four digits"),
     ({"q": "a", "field": "zz"}, "field")],
)  # fmt: skip
def test_bad_parameters_say_what_is_wrong(args, message):
    with pytest.raises(QueryError, match=message):
        request_from_args(args)
