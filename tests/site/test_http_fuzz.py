"""Whatever a client sends to search, feeds and the API, the answer is a 2xx or a 4xx with a message."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scielo_pub import store
from scielo_pub.site import create_app
from scielo_pub.store.write import write_store

PIECES = [*'aãç "()*-:<>&%/\\\x00é', "OR", "NOT", "au:", "2025", "rsd", "-1"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
PARAMS = st.dictionaries(
    st.sampled_from(["q", "field", "journal", "year", "type", "lang", "subject", "sort", "page", "size",
                     "ui", "facets", "offset", "limit"]),
    TEXT, max_size=6,
)  # fmt: skip
PATHS = ["/search", "/search/feed", "/api/v1/search", "/api/v1/articles", "/api/v1/journals/rsd/issues",
         "/api/v1/articles/x%00y", "/api/v1/journals/%C3%A9/issues/v1"]  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory, demo_content):
    folder = tmp_path_factory.mktemp("fuzz-site")
    engine = store.connect(folder / "store.sqlite")
    write_store(engine, demo_content)
    engine.dispose()
    app = create_app(folder, {"TESTING": True}, db=str(folder / "store.sqlite"))
    yield app.test_client()
    app.extensions["scielo_pub_store"].dispose()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(PATHS), PARAMS)
def test_no_request_is_a_server_error(client, path, params):
    response = client.get(f"{path}?{urlencode(params)}")
    assert response.status_code < 500, (path, params, response.get_data(as_text=True)[:300])
    if response.status_code >= 400:
        assert response.get_data(as_text=True).strip()


@pytest.mark.parametrize("params", [{"journal": "\x00"}, {"q": "saude\x01"}, {"q": "\ufffe"}])
def test_control_characters_in_a_feed_query_are_no_server_error(client, params):
    """A feed echoes its query in its title and links; characters XML cannot carry are replaced."""
    response = client.get(f"/search/feed?{urlencode(params)}")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.data.startswith(b"<?xml")
