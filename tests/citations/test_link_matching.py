"""Link matching on real records with hard negatives; the evaluation must notice a broken matcher.

Targets: real LILACS records; queries: the SciELO ISIS records of the same articles (paired by PDF
file name), each asked with its target present and withheld; the printed references of the real
articles cite none of the indexed works. See ``linkeval`` for the negative families.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from scielo_pub.citations import linkeval
from scielo_pub.citations.match import Matcher, Query

pytestmark = pytest.mark.refdata
DISTRACTORS = 10_000


class YearBlindMatcher(Matcher):
    """Sabotage: the reference's year is thrown away before blocking and scoring."""

    def match(self, ref):
        q = ref if isinstance(ref, Query) else Query.of(ref)
        return super().match(replace(q, year=None))


class IssueBlindMatcher(Matcher):
    """Sabotage: the reference's issue is thrown away (a supplement looks like a regular issue)."""

    def match(self, ref):
        q = ref if isinstance(ref, Query) else Query.of(ref)
        return super().match(replace(q, issue=None))


@pytest.fixture(scope="module")
def bench(shared_data):
    return linkeval.build(shared_data)


@pytest.fixture(scope="module")
def report(bench):
    result, errors = linkeval.evaluate(bench, DISTRACTORS)
    print("\n" + result.table())
    for line in errors[:10]:
        print(line)
    return result


def test_the_benchmark_has_real_pairs_and_every_negative_family(bench, report):
    assert sum(1 for q in bench.queries if q.expected) >= 40  # 2 forms x >= 20 real pairs
    assert set(report.family_sizes) == set(linkeval.FAMILIES)
    assert all(n >= 20 for n in report.family_sizes.values())
    assert report.queries > 500


def test_precision_and_recall_with_wilson_intervals(report):
    low, _ = report.precision_ci()
    assert report.precision >= 0.98 and low >= 0.9
    assert report.recall >= 0.9


def test_each_query_is_also_asked_with_its_target_withheld(report):
    withheld = [k for k in report.forms if k.endswith("target withheld")]
    assert len(withheld) == 2
    assert all(report.forms[k].tp == 0 for k in withheld)


@pytest.mark.parametrize(
    ("matcher", "family"),
    [(YearBlindMatcher, "years-later"), (IssueBlindMatcher, "supplement")],
)
def test_a_sabotaged_matcher_scores_lower(bench, report, matcher, family):
    broken, _ = linkeval.evaluate(bench, 1_000, matcher)
    print("\n" + broken.table())
    assert broken.precision < report.precision - 0.2
    assert broken.family_fp[family] > 10


def test_a_matcher_blind_to_correction_notices_scores_lower(bench, report, monkeypatch):
    from scielo_pub.citations import match

    monkeypatch.setattr(match, "NOTICE_RE", match.re.compile(r"(?!)"))  # never matches
    broken, _ = linkeval.evaluate(bench, 1_000)
    assert broken.precision < report.precision - 0.2
    assert broken.family_fp["erratum"] > 10


def test_wilson_interval():
    low, high = linkeval.wilson(46, 50)
    assert 0.80 < low < 0.82 and 0.96 < high < 0.98
    assert linkeval.wilson(0, 0) == (0.0, 1.0)


def test_identifiers_are_removed_from_printed_queries(bench):
    printed = [q.text for q in bench.queries if q.text and not q.expected]
    assert len(printed) >= 400
    assert not any("10.1590/" in t or "doi.org" in t for t in printed)
