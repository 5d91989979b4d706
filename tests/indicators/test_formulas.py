"""SciELO's indicator formulas: SciELO Analytics' own test cases reproduced exactly, and the classic
half-life's edge cases counted by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scielo_pub.indicators.formulas import (
    MORE_THAN_TEN,
    NO_CITATIONS,
    cited_half_life,
    cited_half_life_value,
    citing_half_life,
    citing_half_life_value,
    impact_window,
    rounded,
)


def _buckets(agg: dict) -> dict[int, list[tuple[int, int]]]:
    return {
        int(b["key"]): [
            (int(x["key"]), x["doc_count"]) for x in b["reference_publication_year"]["buckets"]
        ]
        for b in agg["aggregations"]["publication_year"]["buckets"]
    }


@pytest.mark.refdata
def test_impact_factor_case_reproduced_exactly(shared_data):
    case = json.loads((shared_data / "indicators/impact_factor_case.json").read_text())
    received = {y: dict(b) for y, b in _buckets(case["inputs"]["pub_citing_years"]).items()}
    citable = {
        int(b["key"]): b["citable_documents"]["doc_count"]
        for b in case["inputs"]["citable_docs"]["aggregations"]["publication_year"]["buckets"]
    }
    assert len(case["expected"]) == 6
    for year, expected in case["expected"].items():
        window = impact_window(int(year), received.get(int(year), {}), citable)
        for k in range(6):
            assert window.citations[k] == expected[f"citing_count{k}"]
            assert window.citable[k] == expected[f"citable_docs{k}"]
            # SciELO Analytics writes 0 where the denominator is 0; that is undefined (None) here.
            assert window.factor(k, undefined=0) == expected[f"fi{k}"], (year, k)


@pytest.mark.refdata
def test_citing_half_life_case_reproduced_exactly(shared_data):
    source = json.loads((shared_data / "indicators/pub_citing_years.json").read_text())
    expected = json.loads((shared_data / "indicators/citing_half_life.json").read_text())
    totals = {
        int(b["key"]): b["doc_count"] for b in source["aggregations"]["publication_year"]["buckets"]
    }
    got = {}
    for year, buckets in _buckets(source).items():
        result = citing_half_life(year, buckets, totals[year])
        got[str(year)] = {
            "half_life": {"value": result.value, "year": str(result.year)},
            "total": result.total,
            "data": {
                str(y): {
                    "percentage": row.percentage,
                    "citations": row.citations,
                    "accumulated_percentage": row.accumulated_percentage,
                }
                for y, row in result.data.items()
            },
        }
    assert got == expected


def test_impact_factor_by_hand():
    # Y = 2020: 3 citations to 2019, 1 to 2018, 2 to 2020; citable items 2019: 4, 2018: 0, 2020: 5.
    window = impact_window(2020, {2020: 2, 2019: 3, 2018: 1, 2015: 7}, {2020: 5, 2019: 4})
    assert window.factor(0) == 2 / 5
    assert window.factor(2) == 4 / 4  # a year without citable items still adds its citations
    assert window.factor(5) == 11 / 4
    assert impact_window(2020, {2019: 3}, {}).factor(2) is None  # nothing citable: undefined


def test_cited_half_life_classic_cases():
    # 10 citations: 2020: 2, 2019: 2, 2018: 2, 2017: 4. p = 20, 40, 60 -> k = 2, c_k = 4, c_3 = 6.
    assert cited_half_life(2020, {2020: 2, 2019: 2, 2018: 2, 2017: 4}).value == 2.5
    # First year already holds half: k = 0 -> (T/2)/c_1.
    assert cited_half_life(2020, {2020: 3, 2010: 1}).value == rounded(2 / 3, 2)
    # Most citations older than ten years: ">10.0"; none in the ten years: "-"; none at all: "-".
    assert cited_half_life(2020, {2019: 1, 2000: 5}).value == MORE_THAN_TEN
    assert cited_half_life(2020, {2001: 5}).value == NO_CITATIONS
    assert cited_half_life(2020, {}).value == NO_CITATIONS


def test_cited_half_life_compares_the_printed_share():
    # 1999 of 4000 citations in Y = 49.975 %, printed "50.0": not under 50, so k = 0.
    result = cited_half_life(2020, {2020: 1999, 2019: 1, 1990: 2000})
    assert result.rows[0][3] == 50.0
    assert result.value == rounded(2000 / 1999, 2)


def test_citing_half_life_without_citations_or_years():
    assert citing_half_life(2020, []).value is None
    # 10 references, only 2 with a year: 50 % is never reached.
    assert citing_half_life(2020, [(2019, 2)], total=10).value is None


def test_rounding_is_c_printf():
    assert rounded(0.14285714285714285, 4) == 0.1429
    assert rounded(None, 4) is None


@settings(max_examples=200, deadline=None)
@given(
    base=st.integers(1990, 2020),
    buckets=st.lists(st.tuples(st.integers(1950, 2022), st.integers(0, 20)), max_size=15),
    extra=st.integers(0, 30),
)
def test_bulk_citing_half_life_equals_the_table_version(base, buckets, extra):
    seen: dict[int, int] = {}
    for year, n in buckets:
        seen.setdefault(year, n)  # one bucket per year, as a GROUP BY gives
    ordered = sorted(seen.items(), reverse=True)
    total = sum(seen.values()) + extra
    if not total:
        return
    full = citing_half_life(base, ordered, total).value
    assert citing_half_life_value(base, ordered, total) == full


@settings(max_examples=300, deadline=None)
@given(
    base=st.integers(1990, 2020),
    counts=st.dictionaries(st.integers(1975, 2022), st.integers(0, 40), max_size=20),
    extra=st.integers(0, 30),
)
def test_bulk_cited_half_life_equals_the_table_version(base, counts, extra):
    total = sum(counts.values()) + extra
    assert cited_half_life_value(base, counts, total) == cited_half_life(base, counts, total).value
