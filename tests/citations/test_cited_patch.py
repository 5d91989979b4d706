"""A much-cited article's cited-by list is patched per entry when one of its citers changes (the
other entries not read), on SQLite and PostgreSQL, and every list then equals a clean run's."""

from __future__ import annotations

import dataclasses

import pytest

from scielo_pub.citations import BiblioDB
from scielo_pub.citations import collection_links as links
from scielo_pub.citations.collection_links import LinkInput, link_collection, link_inputs
from scielo_pub.citations.link_state import cited_by_digest, patched
from scielo_pub.citations.links import CitedBy
from tests.citations.test_match import _article

#: Citers of the much-cited article: its list holds this many entries.
CITERS = 24
_HOT = "S0034-89102010000100001"


def _collection() -> list:
    """One article cited by ``CITERS`` others (by journal, year, volume and first page, as the
    synthetic collections' template copies are) and one article nobody cites."""
    ref = (
        '<ref id="H1"><element-citation publication-type="journal"><person-group><name>'
        "<surname>Lima</surname><given-names>A</given-names></name></person-group>"
        "<article-title>Vigilância das quedas em idosos</article-title>"
        "<source>Rev Bras Saude Ocup</source><year>2010</year><volume>44</volume>"
        "<fpage>5</fpage></element-citation></ref>"
    )
    hot = _article(_HOT, "Vigilância das quedas em idosos", "Lima", "2010", "44", "5")
    citers = [
        _article(
            f"S0034-891020140001{k:05d}", f"Estudo {k}", f"Souza{k}", "2014", "48", str(k + 1), ref
        )  # fmt: skip
        for k in range(CITERS)
    ]
    alone = _article("S0034-89101999000100009", "Crostas do solo", "Prado", "1999", "3", "9")
    return [hot, *citers, alone]


def _inputs(articles, states):
    return [
        LinkInput(f"x/{a.pid}.xml", state, lambda a=a: a)
        for a, state in zip(articles, states, strict=True)
    ]


def _plain(found):
    return {k: tuple(v) for k, v in found.cited_by.items()}


def _clean(articles):
    with BiblioDB() as db:
        return _plain(link_collection(articles, db))


def _rebuild(location, articles, again, changed):
    """Link ``articles``, then ``again`` (the articles at ``changed`` with a new state)."""
    with BiblioDB(location) as db:
        link_inputs(_inputs(articles, ["s1"] * len(articles)), db)
        states = ["s2" if n in changed else "s1" for n in range(len(again))]
        found = link_inputs(_inputs(again, states), db)
        for key, view in found.cited_by.items():  # every digest names the list it stands for
            assert view.digest == cited_by_digest(tuple(view)), key
        return found, _plain(found)


def _retitled(articles, n: int, title: str):
    changed = dataclasses.replace(articles[n], titles={k: title for k in articles[n].titles})
    return [*articles[:n], changed, *articles[n + 1 :]]


@pytest.mark.parametrize("patch", [True, False])
def test_a_retitled_citer_patches_the_much_cited_list_with_its_own_entry(
    store_url, tmp_path, monkeypatch, patch
):
    """One citer retitled: the much-cited article's list shows its new title, equal to a clean
    run's, made from the citer's own entries (before and after); with patching off
    (``PATCH_CITED``) the same list is read whole, every one of its entries."""
    monkeypatch.setattr(links, "PATCH_CITED", patch)
    articles = _collection()
    again = _retitled(articles, 5, "Novo estudo")
    found, result = _rebuild(store_url, articles, again, {5})
    assert result == _clean(again)
    assert "Novo estudo" in [entry.title for entry in result[_HOT]]
    assert len(result[_HOT]) == CITERS
    if patch:
        assert found.cited_entries == 2, found.cited_entries
    else:
        assert found.cited_entries >= CITERS, found.cited_entries


def test_a_citer_dropping_its_reference_and_a_new_citer_patch_the_list(store_url, tmp_path):
    """A citer whose reference goes leaves the list; a new article citing it joins the list:
    patched, both equal a clean run."""
    articles = _collection()
    bare = _article(articles[3].pid, "Estudo sem referencias", "Souza2", "2014", "48", "3")
    again = [*articles[:3], bare, *articles[4:]]
    found, result = _rebuild(store_url, articles, again, {3})
    assert result == _clean(again) and len(result[_HOT]) == CITERS - 1
    assert found.cited_entries <= 2
    newcomer = dataclasses.replace(articles[4], pid="S0034-89102015000100077")
    more = [*articles, newcomer]
    found, result = _rebuild(tmp_path / "more.sqlite", articles, more, {len(articles)})
    assert result == _clean(more) and len(result[_HOT]) == CITERS + 1
    assert found.cited_entries <= 2


def test_the_much_cited_article_retitled_keeps_its_list_and_equals_a_clean_run(store_url):
    articles = _collection()
    again = _retitled(articles, 0, "Vigilância das quedas em idosos no Brasil")
    _found, result = _rebuild(store_url, articles, again, {0})
    assert result == _clean(again) and len(result[_HOT]) == CITERS


def test_a_digest_patched_entry_by_entry_is_the_digest_of_the_new_list():
    entries = [CitedBy(f"P{k}", "R1", 0.9, f"T{k}", f"pid/P{k}.html") for k in range(5)]
    changed = dataclasses.replace(entries[2], title="Novo")
    recorded = cited_by_digest(entries)
    new = [*entries[:2], changed, *entries[3:], CitedBy("P9", "R2", 1.0, None, "pid/P9.html")]
    assert patched(recorded, [entries[2]], [changed, new[-1]]) == cited_by_digest(new)
    assert patched(recorded, entries, []) == cited_by_digest([])
    assert patched("0" * 32, [], []) is None  # an older release's digest: read the list whole


@pytest.mark.parametrize("moved_only", [True, False])
def test_citers_relinked_to_a_changed_record_with_links_unmoved_read_no_entries(
    store_url, monkeypatch, moved_only
):
    """The much-cited article's last page changes: its record changed, so its citers' references
    are re-scored and the citers relinked (their matches show the record as it is now), but no
    link moves (same target, same score): no citer's entries are read and every list equals a
    clean run's; with ``MOVED_ONLY`` off every relinked citer's entries are read, before and
    after."""
    monkeypatch.setattr(links, "MOVED_ONLY", moved_only)
    articles = _collection()
    again = [dataclasses.replace(articles[0], lpage="25"), *articles[1:]]
    found, result = _rebuild(store_url, articles, again, {0})
    assert result == _clean(again) and len(result[_HOT]) == CITERS
    assert found.relinked == CITERS
    if moved_only:
        assert found.cited_entries == 0, found.cited_entries
    else:
        assert found.cited_entries >= 2 * CITERS, found.cited_entries
