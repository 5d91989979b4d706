"""Properties of the parser and normalisers over arbitrary input (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scielo_pub.citations.normalise import expand_pages, fold, split_authors
from scielo_pub.citations.parse import FIELDS, parse


@given(st.integers(1, 99999), st.integers(1, 99999))
def test_expanded_last_page_keeps_its_digits_and_never_precedes_the_first(first, last):
    f, lp = expand_pages(str(first), str(last))
    assert f == str(first)
    assert lp.endswith(str(last))
    if int(lp) != last:
        assert int(lp) >= first


@given(st.text(max_size=200))
def test_fold_is_idempotent_and_plain(text):
    once = fold(text)
    assert fold(once) == once
    assert once == once.lower().strip()
    assert "  " not in once


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_crashes_and_keeps_every_field(text):
    result = parse(text)
    assert set(result) == set(FIELDS)
    assert isinstance(result["authors"], list)
    if result["year"] is not None:
        assert len(result["year"]) == 4 and result["year"].isdigit()


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_split_authors_never_crashes(text):
    for person in split_authors(text):
        assert set(person) <= {"surname", "given_names", "collab", "suffix"}
