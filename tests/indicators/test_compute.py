"""Indicators computed by SQL GROUP BY over hand-built collections, every figure counted by hand,
on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from scielo_pub.indicators.compute import (
    coauthorship_pairs,
    compute,
    granted_by_cited_journal,
    received_by_citing_journal,
)

from .graphs import COUNTRIES, GRAPH, load

A, B, X = "1111-1111", "2222-2222", "9999-9999"  # X: a serial outside the collection

# Journal A publishes 2019 (issue a19: 3 citable + 1 editorial) and 2020 (issue a20: 2 citable);
# journal B publishes only 2020 (issue b20: 1 editorial, no citable item), so its window is empty.
ITEMS = (
    [(A, 2019, "a19", 1)] * 3
    + [(A, 2019, "a19", 0)]
    + [(A, 2020, "a20", 1)] * 2
    + [(B, 2020, "b20", 0)]
)
REFS = (
    # Citations made in 2020 to A: 2 by A itself (to 2019), 3 by B (2 to 2019, 1 to 2020),
    # 1 by B to A 2005 (before the collection starts), 1 by B to A without a year.
    [(A, 2020, A, 2019)] * 2
    + [(B, 2020, A, 2019)] * 2
    + [(B, 2020, A, 2020), (B, 2020, A, 2005), (B, 2020, A, None)]
    # A cites B (2020, 2020), the outside serial X and an unmatched source.
    + [(A, 2020, B, 2020), (A, 2020, X, 2018), (A, 2020, None, 2017)]
    # 2019: A cites A 2019 once (immediacy) and X once.
    + [(A, 2019, A, 2019), (A, 2019, X, 2010)]
)


@pytest.fixture
def conn(store_url):
    engine = create_engine(store_url)
    with engine.begin() as c:
        load(c, ITEMS, REFS)
        yield c
    engine.dispose()


def test_counts_and_indicators_by_hand(conn):
    result = {j.journal: j for j in compute(conn, GRAPH)}
    assert sorted(result) == [A, B]  # X is cited but publishes nothing here
    a20 = result[A].years[2020]
    assert (a20.issues, a20.documents, a20.citable_items) == (1, 2, 2)
    assert a20.references_made == 2 + 3  # A's five references of 2020
    assert a20.citations_received == 7
    assert a20.self_citations == 2
    # IF2(2020) = (C(2019) + C(2018)) / (A(2019) + A(2018)) = (4 + 0) / (3 + 0)
    assert a20.if2 == round(4 / 3, 4) == 1.3333
    assert a20.if3 == 1.3333 and a20.if5 == 1.3333
    assert a20.immediacy == round(1 / 2, 4)
    assert a20.if2_no_self == round(2 / 3, 4)
    # Cited half-life, T = 7: 2020: 1 (14.3 %), 2019: 5 (85.7 %) -> k = 1, 1 + (3.5 - 1)/(5 - 1)
    assert a20.cited_half_life == 1.62
    # Citing half-life of A's 2020 references (years 2020, 2019 x2, 2018, 2017 in year order):
    # 20 % (2020), 60 % (2019) -> 2020 - 2019 + (50 - 20)/(60 - 20) = 1.75
    assert a20.citing_half_life == 1.75
    assert a20.averages["documents_per_issue"] == 2.0
    assert a20.averages["citations_per_document"] == 3.5
    a19 = result[A].years[2019]
    assert a19.immediacy == round(1 / 3, 4) and a19.if2 is None  # nothing citable before 2019
    assert a19.cited_half_life == 0.5  # 1 citation in Y: k = 0, (0.5 - 0) / 1
    b20 = result[B].years[2020]
    assert b20.citable_items == 0 and b20.immediacy is None  # no citable item: undefined
    assert b20.citations_received == 1 and b20.if2 is None
    assert b20.references_made == 5
    # All of B's dated references are to 2019/2020/2005: 2020 1, 2019 2 -> 60 % at 2019
    assert b20.citing_half_life == round(1 + (50 - 20) / (60 - 20), 2)


def test_selected_journals_only(conn):
    assert [j.journal for j in compute(conn, GRAPH, journals=[B])] == [B]


def test_received_and_granted_tables(conn):
    assert received_by_citing_journal(conn, GRAPH, A) == [(A, 2019, 1), (A, 2020, 2), (B, 2020, 5)]
    granted = granted_by_cited_journal(conn, GRAPH, A, top=2)
    assert granted == [(A, {2019: 1, 2020: 2}, 3), (X, {2019: 1, 2020: 1}, 2), (None, {2020: 1}, 1)]


def test_coauthorship_country_pairs(conn):
    rows = [
        ("d1", A, 2020, "BR"), ("d1", A, 2020, "AR"), ("d1", A, 2020, "BR"),
        ("d2", A, 2020, "BR"), ("d3", A, 2020, "AR"), ("d3", A, 2020, "BR"), ("d3", A, 2020, "CL"),
    ]  # fmt: skip
    conn.execute(
        COUNTRIES.insert(),
        [dict(zip(("document", "journal", "year", "country"), r, strict=True)) for r in rows],
    )
    assert coauthorship_pairs(conn, COUNTRIES, A) == [
        (A, 2020, "AR", "BR", 2),
        (A, 2020, "AR", "CL", 1),
        (A, 2020, "BR", "BR", 1),
        (A, 2020, "BR", "CL", 1),
    ]


journal = st.sampled_from([A, B, X])
year = st.integers(2015, 2021)
ref = st.tuples(
    st.sampled_from([A, B]), year, st.one_of(st.none(), journal), st.one_of(st.none(), year)
)


@settings(max_examples=40, deadline=None)
@given(refs=st.lists(ref, max_size=25), extra=ref)
def test_adding_a_reference_never_lowers_citations_received(refs, extra):
    def received(rs):
        engine = create_engine("sqlite://")
        with engine.begin() as c:
            load(c, ITEMS, rs)
            out = {
                (j.journal, y): v.citations_received
                for j in compute(c, GRAPH)
                for y, v in j.years.items()
            }
        engine.dispose()
        return out

    before, after = received(refs), received([*refs, extra])
    for key, n in before.items():
        assert after.get(key, 0) >= n
    if extra[2] in (A, B):
        assert after[(extra[2], extra[1])] == before.get((extra[2], extra[1]), 0) + 1


@pytest.mark.refdata
def test_impact_factor_case_through_the_sql_path(shared_data):
    """SciELO Analytics' case loaded as a citation graph (one journal citing itself) and computed by
    the GROUP BYs: the same factors, rounded to SciELO's 4 decimals, None where it writes 0 for an
    empty denominator."""
    import json

    case = json.loads((shared_data / "indicators/impact_factor_case.json").read_text())
    items = []
    for b in case["inputs"]["citable_docs"]["aggregations"]["publication_year"]["buckets"]:
        year = int(b["key"])
        items += [(A, year, f"i{year}", 1)] * b["citable_documents"]["doc_count"]
        items += [(A, year, f"i{year}", 0)] * b["not_citable_documents"]["doc_count"]
    refs = [
        (A, int(b["key"]), A, int(x["key"]))
        for b in case["inputs"]["pub_citing_years"]["aggregations"]["publication_year"]["buckets"]
        for x in b["reference_publication_year"]["buckets"]
        for _ in range(x["doc_count"])
    ]
    engine = create_engine("sqlite://")
    with engine.begin() as c:
        load(c, items, refs)
        years = next(iter(compute(c, GRAPH))).years
    engine.dispose()
    for year, expected in case["expected"].items():
        got = years[int(year)]
        for key, k in (("immediacy", 0), ("if2", 2), ("if3", 3), ("if5", 5)):
            den = sum(expected[f"citable_docs{i}"] for i in ((0,) if k == 0 else range(1, k + 1)))
            want = round(expected[f"fi{k}"], 4) if den else None
            assert getattr(got, key) == want, (year, key)
