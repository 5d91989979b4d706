"""What the coordinator holds per article in a clean build: no stage keeps each article's index data
(``PublishedArticle.summary``) once it is done with it, and the related lists' scoring peaks at a
bounded amount per added article (``tracemalloc``, clean builds of n and 3n synthetic articles).

Counts, not times; the memory bound is per added article, from the difference between the two
builds (what every build holds whatever its size cancels out): writing every article's lists and
rows at once again (~5 KB per added article at these sizes) breaks it; the terms, entries and
lists the scoring holds per article do not (``docs/SCALE_HISTORY.md``, ``mem6``).
"""

from __future__ import annotations

import tracemalloc

import pytest

from scielo_pub import build as build_mod
from scielo_pub.render import related, site
from scielo_pub.synthetic import generate

N = 20
#: Bytes per added article the related lists' scoring of a clean build may peak at.
RELATED_BOUND = 2_500


def _held(content) -> int:
    """How many articles hold their index data."""
    return sum(item.index is not None for item in content.articles)


def _build(folder, out) -> dict[str, int]:
    """One clean build, watched: the articles holding their index data after the links stage and
    before and after the store, the related lists' traced peak."""
    seen: dict[str, int] = {}
    links, store, lists = build_mod.link_references, build_mod.write_store, site.related

    def watched_links(*args, **kwargs):
        content = links(*args, **kwargs)
        seen["after links"] = _held(content)
        return content

    def watched_store(content, *args, **kwargs):
        seen["before store"] = _held(content)
        try:
            return store(content, *args, **kwargs)
        finally:
            seen["after store"] = _held(content)

    def traced_lists(*args, **kwargs):
        tracemalloc.start()
        try:
            found = lists(*args, **kwargs)
            seen["related peak"] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_mod, "link_references", watched_links)
        patch.setattr(build_mod, "write_store", watched_store)
        patch.setattr(site, "related", traced_lists)
        patch.setattr(related, "_BLOCK", 4)  # rows written per block even in these small builds
        report = build_mod.build(folder, out, jobs=1)
    assert not report.failed and report.exit_code == 0
    seen["articles"] = len(report.published)
    return seen


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    base = tmp_path_factory.mktemp("growth")
    # a first build loads what a process loads once (DTDs, templates, the reference parser)
    _build(generate(base / "warm", N, per_issue=5, issues_per_journal=3), base / "owarm")
    return {
        n: _build(generate(base / f"c{n}", n, per_issue=5, issues_per_journal=3), base / f"o{n}")
        for n in (N, 3 * N)
    }


def test_no_article_keeps_its_index_data_after_the_links_stage_nor_the_store(watched):
    for seen in watched.values():
        assert seen["articles"] in (N, 3 * N)
        assert seen["after links"] == seen["before store"] == seen["after store"] == 0, seen


def test_the_related_lists_peak_grows_a_bounded_amount_per_article(watched):
    grown = (watched[3 * N]["related peak"] - watched[N]["related peak"]) / (2 * N)
    assert grown < RELATED_BOUND, f"{grown:.0f} bytes per added article"


def test_the_changed_records_blocking_keys_are_not_held_while_the_rounds_run(tmp_path):
    """The links stage reads ``match_cache.Changes`` (the blocking keys and title tokens of every
    record changed since the snapshot: every record in a clean build) before its rounds only; the
    rounds (``_reuse_or_match``, one call per round) must not run while it is still held."""
    import weakref

    from scielo_pub.citations import collection_links
    from scielo_pub.citations import match_cache as cache

    made: list[weakref.ref] = []
    held_in_rounds: list[bool] = []
    changes_since, rounds = cache.changes_since_snapshot, collection_links._reuse_or_match

    def watched_changes(*args, **kwargs):
        found = changes_since(*args, **kwargs)
        made.append(weakref.ref(found))
        return found

    def watched_rounds(*args, **kwargs):
        held_in_rounds.append(any(ref() is not None for ref in made))
        return rounds(*args, **kwargs)

    folder = generate(tmp_path / "c", N, per_issue=5, issues_per_journal=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "changes_since_snapshot", watched_changes)
        patch.setattr(collection_links, "_reuse_or_match", watched_rounds)
        report = build_mod.build(folder, tmp_path / "o", jobs=1)
    assert not report.failed and report.exit_code == 0
    assert made and held_in_rounds  # the stage ran, with a round
    assert not any(held_in_rounds), held_in_rounds
