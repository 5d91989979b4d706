"""Selective harvesting on the store's stamps (day and second granularity) and withdrawn articles
as persistent deleted records, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest

from scielo_pub.store.write import write_store

from .conftest import OAI, T1, T2, T3, identifiers

pytestmark = pytest.mark.refdata


@pytest.fixture
def staged(engine, oai_content):
    """Five articles first written at T1; the rest added at T2 (five seconds later, same day);
    the first article then withdrawn at T3 (four days later)."""
    first = oai_content.articles[:5]
    write_store(engine, dataclasses.replace(oai_content, articles=first), now=T1)
    write_store(engine, oai_content, now=T2)
    write_store(engine, dataclasses.replace(oai_content, articles=oai_content.articles[1:]), now=T3)
    ids = [f"oai:demo:{p.article.pid}" for p in oai_content.articles]
    return ids[:5], ids[5:], ids[0]


@pytest.fixture
def harvest(staged, store_url, tmp_path, make_client, oai_schema):
    from .conftest import Harvest

    return Harvest(make_client(tmp_path, store_url), oai_schema)


def listed(harvest, **args) -> list[str]:
    return sorted(identifiers(harvest.walk("ListIdentifiers", metadataPrefix="oai_dc", **args)))


def test_second_granularity(harvest, staged):
    early, late, withdrawn = staged
    assert listed(harvest, until="2024-03-01T10:00:04Z") == sorted(set(early) - {withdrawn})
    assert listed(harvest, from_="2024-03-01T10:00:01Z", until="2024-03-01T10:00:05Z") == sorted(
        late
    )
    assert listed(harvest, from_="2024-03-01T10:00:00Z", until="2024-03-01T10:00:00Z") == sorted(
        set(early) - {withdrawn}
    )
    assert harvest.error_codes(
        verb="ListRecords", metadataPrefix="oai_dc", from_="2024-03-01T10:00:06Z",
        until="2024-03-05T08:29:59Z",
    ) == ["noRecordsMatch"]  # fmt: skip


def test_day_granularity(harvest, staged):
    early, late, withdrawn = staged
    same_day = sorted((set(early) | set(late)) - {withdrawn})
    assert listed(harvest, from_="2024-03-01", until="2024-03-01") == same_day
    assert listed(harvest, from_="2024-03-02") == [withdrawn]
    assert listed(harvest, until="2024-03-04") == same_day
    assert listed(harvest, from_="2024-03-05", until="2024-03-05") == [withdrawn]


def test_withdrawn_article_is_a_deleted_record(harvest, staged):
    _, _, withdrawn = staged
    root = harvest.get(verb="GetRecord", identifier=withdrawn, metadataPrefix="jats")
    header = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}header")
    assert header.get("status") == "deleted"
    assert header.findtext(f"{OAI}datestamp") == T3.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert root.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata") is None
    for prefix in ("oai_dc", "jats", "lilacs"):
        pages = harvest.walk("ListRecords", metadataPrefix=prefix, from_="2024-03-05")
        records = [r for page in pages for r in page.iter(f"{OAI}record")]
        assert len(records) == 1 and records[0].find(f"{OAI}metadata") is None
        assert records[0].find(f"{OAI}header").get("status") == "deleted"
    # Still in its sets, and still one of the whole list.
    assert withdrawn in listed(harvest, set="journal:ecl")


def test_restored_article_is_live_again(engine, oai_content, staged, harvest):
    _, _, withdrawn = staged
    write_store(engine, oai_content, now=T3.replace(hour=9))
    header = harvest.get(verb="GetRecord", identifier=withdrawn, metadataPrefix="oai_dc").find(
        f".//{OAI}header"
    )
    assert header.get("status") is None
    assert header.findtext(f"{OAI}datestamp") == "2024-03-05T09:30:00Z"


def test_a_page_resumed_after_a_rebuild_loses_and_repeats_nothing(
    engine, oai_content, staged, harvest
):
    """Keyset cursors: records changed while a harvest runs move to the end of the list (their new
    stamp), so a harvester resuming with its token neither misses nor repeats an unchanged one."""
    first = harvest.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    seen = identifiers([first])
    token = first.findtext(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    # A rebuild at T3+1h withdraws a record the harvester has not reached yet.
    gone = oai_content.articles[6]
    kept = tuple(p for p in oai_content.articles[1:] if p is not gone)
    write_store(engine, dataclasses.replace(oai_content, articles=kept), now=T3.replace(hour=9))
    pages = [first]
    while token:
        page = harvest.get(verb="ListIdentifiers", resumptionToken=token)
        pages.append(page)
        seen += identifiers([page])
        token = page.findtext(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    assert len(seen) == len(set(seen)) == len(oai_content.articles)
    last = pages[-1].findall(f"{OAI}ListIdentifiers/{OAI}header")[-1]
    assert last.findtext(f"{OAI}identifier") == f"oai:demo:{gone.article.pid}"
    assert last.get("status") == "deleted"
