"""Any text typed into the search box gives a query tree or a QueryError, and every tree runs on FTS5."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scielo_pub import store
from scielo_pub.store.query import QueryError, parse_query
from scielo_pub.store.search import SearchRequest, search

ALPHABET = st.sampled_from(
    list('abcçãé xyzÅ0123()"*-:') + ["AND", "OR", "NOT", "au:", "ti:", "zz:", " "]
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = store.connect(tmp_path_factory.mktemp("fuzz") / "store.sqlite")
    yield engine
    engine.dispose()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_any_query_parses_or_is_refused_and_runs(engine, text):
    try:
        parse_query(text)
    except QueryError as exc:
        assert exc.message
        return
    with engine.connect() as conn:  # an empty store: only the MATCH syntax is exercised
        assert search(conn, SearchRequest(q=text)).total == 0
