"""The statistics stage does only the work its inputs ask for: over the hand-built store (SQLite and
PostgreSQL), rewritten as the store stage rewrites an article (row updated and stamped, references
deleted and inserted anew), the indicator computations are counted, the files written and left
alone are listed, and the pages after each update are compared with a clean run's, byte for byte."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, update

from scielo_pub.indicators import compute as ind_compute
from scielo_pub.indicators import pages
from scielo_pub.render.stats_pages import write_stats_pages
from scielo_pub.store import connect
from scielo_pub.store.indicators_schema import serials
from scielo_pub.store.schema import article_references, articles, issues, journals
from tests.indicators.test_store_graph import NOW, _fill

ECL = (3, "ecl", "Ecología Austral", "Ecol. austral", "0327-5477", "1667-782X", "0327-5477")


@pytest.fixture
def engine(store_url):
    engine = connect(store_url)
    with engine.begin() as conn:
        _fill(conn)
        _add_third_journal(conn)
    yield engine
    engine.dispose()


def _add_third_journal(conn) -> None:
    """A journal that neither cites nor is cited by the two others (its own files must stay)."""
    jid, acr, title, abbrev, pissn, eissn, issn_l = ECL
    conn.execute(insert(journals).values(
        id=jid, acronym=acr, title=title, abbrev_title=abbrev, issn_print=pissn,
        issn_electronic=eissn, issn_l=issn_l, landing_path="j/ecl/", subject_areas=[],
        languages=[], about={}, digest="x", created=NOW, updated=NOW))  # fmt: skip
    conn.execute(insert(issues).values(id=31, journal_id=3, folder="31", label="31", year=2020,
                 sections=[], landing_path="x", digest="x", created=NOW, updated=NOW))  # fmt: skip
    conn.execute(insert(articles).values(
        id=8, ident="a8", journal_id=3, issue_id=31, journal_acronym="ecl", issue_label="x",
        year=2020, article_type="research-article", languages=[], xml="<a/>", model_json={},
        landing_path="x", digest="x", created=NOW, updated=NOW, deleted=False))  # fmt: skip
    conn.execute(insert(article_references).values(
        id=50, article_id=8, position=1, ref_id="B1", authors=[], source="Ecol Austral",
        year="2019", publication_type="journal"))  # fmt: skip


class Counted:
    """Counts the journals whose indicators are computed and the journals' page data gathered."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.indicators = 0
        self.data = 0
        self.journals: set[int] = set()
        folded, gathered = ind_compute.journal_indicators, pages.journal_data

        def fold(*args, **kwargs):
            self.indicators += 1
            return folded(*args, **kwargs)

        def gather(conn, serial_id, *args, **kwargs):
            self.data += 1
            self.journals.add(serial_id)
            return gathered(conn, serial_id, *args, **kwargs)

        monkeypatch.setattr(ind_compute, "journal_indicators", fold)
        monkeypatch.setattr(pages, "journal_data", gather)

    def take(self) -> tuple[int, int]:
        counts = (self.indicators, self.data)
        self.indicators = self.data = 0
        self.journals = set()
        return counts


def _rewrite(engine, article_id: int, when: datetime, refs=None, **row) -> None:
    """What the store stage does to a changed article: its row rewritten and stamped ``when``, its
    references deleted and inserted again (new ids; ``refs`` replaces their fields)."""
    r = article_references
    with engine.begin() as conn:
        old = conn.execute(select(r).where(r.c.article_id == article_id).order_by(r.c.id)).all()
        conn.execute(delete(r).where(r.c.article_id == article_id))
        top = conn.execute(select(r.c.id).order_by(r.c.id.desc()).limit(1)).scalar() or 0
        for n, ref in enumerate(old, 1):
            values = {k: v for k, v in ref._mapping.items() if k != "id"}
            values.update((refs or {}).get(ref.ref_id, {}))
            conn.execute(insert(r).values(id=top + n, **values))
        conn.execute(update(articles).where(articles.c.id == article_id).values(
            updated=when, digest=f"changed {when}", **row))  # fmt: skip


def _files(out: Path) -> dict[str, bytes]:
    folder = out / pages.FOLDER
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _clean(engine, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The pages a clean run writes into a new site folder (the store's state is its own then)."""
    out = tmp_path / name
    assert write_stats_pages(engine, out).mode == "full"
    return _files(out)


def _serial(engine, acronym: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(serials.c.id).where(serials.c.acronym == acronym)).scalar_one()


def test_a_rebuild_with_no_change_computes_no_indicator(engine, tmp_path, monkeypatch):
    counted = Counted(monkeypatch)
    out = tmp_path / "out"
    first = write_stats_pages(engine, out)
    assert first.mode == "full" and len(first.written) == 20  # 3 journals + the collection
    assert counted.take() >= (3, 3)
    again = write_stats_pages(engine, out)
    assert (again.mode, again.written, again.computed) == ("unchanged", (), ())
    assert counted.take() == (0, 0)
    # the skip disabled: the same rebuild computes every journal (and writes nothing new)
    forced = write_stats_pages(engine, out, incremental=False)
    assert forced.written == () and counted.take() >= (3, 3)


def test_a_retitle_changes_nothing_the_statistics_show(engine, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_stats_pages(engine, out)
    before = _files(out)
    counted = Counted(monkeypatch)
    # article 5 (csc) cites rsp four times; retitled, its references rewritten as they were
    _rewrite(engine, 5, NOW + timedelta(days=1), title="Revised: a new title")
    done = write_stats_pages(engine, out)
    assert (done.mode, done.written) == ("unchanged", ()) and counted.take() == (0, 0)
    assert _files(out) == before == _clean(engine, tmp_path, "clean")


def test_one_journals_citations_recompute_its_pages_only(engine, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_stats_pages(engine, out)
    rsp_page = out / "stats/citations/rsp/index.html"
    ecl_page = out / "stats/citations/ecl/index.html"
    stamps = {p: p.stat().st_mtime_ns for p in (rsp_page, ecl_page)}
    counted = Counted(monkeypatch)
    # csc's unmatched reference (B8 of article 6) is now a book's: csc makes one journal reference
    # less; no journal of the collection received it
    _rewrite(engine, 6, NOW + timedelta(days=1), refs={"B8": {"publication_type": "book"}})
    done = write_stats_pages(engine, out)
    assert done.mode == "incremental" and done.computed == (_serial(engine, "csc"),)
    assert counted.take() == (1, 1)
    written = {p.relative_to(out).as_posix() for p in done.written}
    assert "stats/citations/csc/data.json" in written
    assert "stats/citations/data.json" in written  # the collection's report shows csc's years
    assert not [
        p for p in written if p.startswith(("stats/citations/rsp/", "stats/citations/ecl/"))
    ]
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert _files(out) == _clean(engine, tmp_path, "clean")


def test_a_new_citation_recomputes_the_citing_and_the_cited_journal(engine, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_stats_pages(engine, out)
    counted = Counted(monkeypatch)
    # ecl's reference now names rsp: ecl (references made) and rsp (citations received) change
    _rewrite(engine, 8, NOW + timedelta(days=1), refs={"B1": {"source": "Rev Saude Publica"}})
    done = write_stats_pages(engine, out)
    assert set(done.computed) == {_serial(engine, "ecl"), _serial(engine, "rsp")}
    assert counted.take() == (2, 2)
    written = {p.relative_to(out).as_posix() for p in done.written}
    assert not [p for p in written if p.startswith("stats/citations/csc/")]
    assert "stats/citations/rsp/index.en.html" in written
    assert _files(out) == _clean(engine, tmp_path, "clean")


def test_withdrawn_and_same_second_changes_are_seen(engine, tmp_path):
    """A change stamped in the very second the last run read up to is not missed; a withdrawn
    article's counts leave its journal."""
    soon = (datetime.now() + timedelta(hours=2)).replace(microsecond=0)
    with engine.begin() as conn:  # the last build stamped its rows in a second not over yet
        conn.execute(update(articles).values(updated=soon))
    out = tmp_path / "out"
    write_stats_pages(engine, out)
    _rewrite(engine, 6, soon, deleted=True)  # a later build, the same second
    done = write_stats_pages(engine, out)
    assert done.mode == "incremental" and _serial(engine, "csc") in done.computed
    assert _files(out) == _clean(engine, tmp_path, "clean")


def test_a_journal_change_or_another_site_folder_computes_all(engine, tmp_path):
    out = tmp_path / "out"
    write_stats_pages(engine, out)
    with engine.begin() as conn:
        conn.execute(update(journals).where(journals.c.id == 3).values(
            title="Ecología Austral (nueva)", digest="y"))  # fmt: skip
    renamed = write_stats_pages(engine, out)
    assert renamed.mode == "full" and len(renamed.computed) == 3
    assert "Ecología Austral (nueva)" in (out / "stats/citations/index.html").read_text()
    assert write_stats_pages(engine, out).mode == "unchanged"
    # another folder's run owns the state now: this folder's next run cannot trust it
    _clean(engine, tmp_path, "other")
    assert write_stats_pages(engine, out).mode == "full"


def test_unmatched_sources_are_counted_as_they_are_now(engine, tmp_path):
    from scielo_pub.indicators.graph import unmatched_sources

    write_stats_pages(engine, tmp_path / "out")
    with engine.connect() as conn:
        assert [n for n, _key, _ in unmatched_sources(conn)] == [1]  # B8, "Cad Saude Publica"
    _rewrite(engine, 6, NOW + timedelta(days=1), refs={"B8": {"publication_type": "book"}})
    write_stats_pages(engine, tmp_path / "out")  # assigns article 6's references again
    with engine.connect() as conn:
        assert unmatched_sources(conn) == []


def test_a_clock_set_back_computes_all(engine, tmp_path):
    from scielo_pub.store.stats_schema import stats_state

    out = tmp_path / "out"
    write_stats_pages(engine, out)
    later = (datetime.now() + timedelta(days=1)).isoformat(sep=" ", timespec="seconds")
    with engine.begin() as conn:  # the last run happened "tomorrow": the clock went back since
        conn.execute(update(stats_state).where(stats_state.c.key == "ran").values(value=later))
    assert write_stats_pages(engine, out).mode == "full"
    assert write_stats_pages(engine, out).mode == "unchanged"


def test_an_older_manifest_is_not_trusted(engine, tmp_path):
    """The manifest's token moves on with every run that writes pages, deterministically (two
    fresh stores give the same site), so an older copy of the site folder is computed in full."""
    from scielo_pub.render.stats_pages import MANIFEST

    out = tmp_path / "out"
    write_stats_pages(engine, out)
    older = (out / MANIFEST).read_bytes()
    _rewrite(engine, 8, NOW + timedelta(days=1), refs={"B1": {"source": "Rev Saude Publica"}})
    assert write_stats_pages(engine, out).mode == "incremental"
    assert (out / MANIFEST).read_bytes() != older
    (out / MANIFEST).write_bytes(older)  # the folder restored from an older copy
    assert write_stats_pages(engine, out).mode == "full"
