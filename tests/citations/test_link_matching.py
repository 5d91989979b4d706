"""Link matching benchmark: SciELO references with DOIs (targets) among >= 10,000 distractors.

The printed references are matched with their DOIs, PMIDs and URLs removed, so links come from the
parsed fields alone. Targets of the issue: precision >= 0.98, recall >= 0.95.
"""

from __future__ import annotations

import pytest

from scielo_pub.citations import linkeval
from scielo_pub.citations.db import BiblioDB

pytestmark = pytest.mark.refdata


@pytest.fixture(scope="module")
def report(shared_xml_files):
    targets, queries = linkeval.build(shared_xml_files)
    with BiblioDB() as db:
        distractors = linkeval.load(db, targets, 10_000)
        result, errors = linkeval.evaluate(db, queries, distractors)
    print("\n" + result.table())
    for line in errors[:20]:
        print(line)
    return result


def test_benchmark_size(report):
    assert report.distractors >= 10_000
    assert report.with_target >= 200


def test_link_precision_target(report):
    assert report.precision >= 0.98


def test_link_recall_target(report):
    assert report.recall >= 0.95


def test_identifiers_are_removed_from_queries(shared_xml_files):
    _, queries = linkeval.build(shared_xml_files)
    assert not any("10.1590/" in q.text or "doi.org" in q.text for q in queries)
