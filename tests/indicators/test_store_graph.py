"""The indicators over the collection store: a hand-built store (two journals, title variants,
deleted articles, book references, references without a year) counted by hand, on SQLite and
PostgreSQL, and the ``stats`` / ``serials`` commands over it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import insert, select

from scielo_pub.cli import main
from scielo_pub.indicators.graph import assign_references, import_serials, method_counts, reassign
from scielo_pub.indicators.report import citation_report, to_csv
from scielo_pub.indicators.serials import Serial, SerialRow, Variant
from scielo_pub.store import connect
from scielo_pub.store.indicators_schema import reference_serials, serials
from scielo_pub.store.schema import article_references, articles, issues, journals

NOW = datetime(2025, 1, 1)
JOURNALS = [
    # id, acronym, title, abbrev, issn print, issn electronic, issn-l
    (1, "rsp", "Revista de Saúde Pública", "Rev. Saúde Pública", "0034-8910", "1518-8787", "0034-8910"),
    (2, "csc", "Ciência & Saúde Coletiva", "Ciênc. saúde coletiva", None, "1678-4561", None),
]  # fmt: skip
# article id, journal id, issue id, year, type, deleted
ARTICLES = [
    (1, 1, 11, 2019, "research-article", False),
    (2, 1, 11, 2019, "research-article", False),
    (3, 1, 11, 2019, "editorial", False),
    (4, 1, 12, 2020, "research-article", False),
    (5, 2, 21, 2020, "research-article", False),
    (6, 2, 21, 2020, "review-article", False),
    (7, 2, 21, 2020, "research-article", True),  # withdrawn: counts nowhere
]
# article id, source, year, publication type, chapter title
REFS = [
    (4, "Rev Saude Publica", "2019", "journal", None),  # self-citation, exact (abbrev form)
    (5, "Rev. saúde pública", "2019", "journal", None),  # exact
    (5, "Revista de Saude Publica", "2019a", None, None),  # exact (title), year with a suffix
    (5, "Rev Saude Pub", "2018", "journal", None),  # word prefix
    (5, "Rev Saude Publica", None, "journal", None),  # no year: counted in T only
    (6, "Revista de Saúde Públca", "2020", "journal", None),  # trigram
    (6, "Saúde Pública e Sociedade", "2019", "book", None),  # a book: not a journal reference
    (6, "Cad Saude Publica", "2017", "journal", None),  # unmatched until imported
    (7, "Rev Saude Publica", "2019", "journal", None),  # withdrawn article's reference
]


def _fill(conn) -> None:
    common = {"subject_areas": [], "languages": [], "about": {}, "digest": "x", "created": NOW,
              "updated": NOW}  # fmt: skip
    for jid, acr, title, abbrev, pissn, eissn, issn_l in JOURNALS:
        conn.execute(insert(journals).values(
            id=jid, acronym=acr, title=title, abbrev_title=abbrev, issn_print=pissn,
            issn_electronic=eissn, issn_l=issn_l, landing_path=f"j/{acr}/", **common))  # fmt: skip
    for iid, jid, year in ((11, 1, 2019), (12, 1, 2020), (21, 2, 2020)):
        conn.execute(insert(issues).values(
            id=iid, journal_id=jid, folder=str(iid), label=str(iid), year=year, sections=[],
            landing_path="x", digest="x", created=NOW, updated=NOW))  # fmt: skip
    for aid, jid, iid, year, kind, deleted in ARTICLES:
        conn.execute(insert(articles).values(
            id=aid, ident=f"a{aid}", journal_id=jid, issue_id=iid, journal_acronym="x",
            issue_label="x", year=year, article_type=kind, languages=[], xml="<a/>",
            model_json={}, landing_path="x", digest="x", created=NOW, updated=NOW,
            deleted=deleted))  # fmt: skip
    for n, (aid, source, year, kind, chapter) in enumerate(REFS, 1):
        conn.execute(insert(article_references).values(
            id=n, article_id=aid, position=n, ref_id=f"B{n}", authors=[], source=source,
            year=year, publication_type=kind, chapter_title=chapter))  # fmt: skip


@pytest.fixture
def engine(store_url):
    from scielo_pub.indicators import graph  # noqa: F401  (the indicators' tables)

    engine = connect(store_url)
    with engine.begin() as conn:
        _fill(conn)
    yield engine
    engine.dispose()


def test_assignment_methods_recorded_per_reference(engine):
    with engine.begin() as conn:
        assert assign_references(conn) == 8  # the book is left out
        q = select(reference_serials.c.reference_id, reference_serials.c.method)
        methods = {r[0]: r[1] for r in conn.execute(q)}
        assert methods == {1: "exact", 2: "exact", 3: "exact", 4: "prefix", 5: "exact",
                           6: "trigram", 8: "unmatched", 9: "exact"}  # fmt: skip
        assert assign_references(conn) == 0  # incremental: nothing new


def test_indicators_from_the_store_by_hand(engine):
    with engine.begin() as conn:
        assign_references(conn)
        report = citation_report(conn)
    by_acr = {j["acronym"]: j for j in report["journals"]}
    assert by_acr["csc"]["issn_l"] == "1678-4561"  # no ISSN-L: the electronic ISSN
    rsp = by_acr["rsp"]["years"]
    assert rsp["2019"]["citable_items"] == 2 and rsp["2019"]["documents"] == 3
    y20 = rsp["2020"]
    # Citations in 2020 to RSP: refs 1 (self), 2, 3, 4, 5 (no year), 6 (to 2020) = 6.
    assert y20["citations_received"] == 6 and y20["self_citations"] == 1
    # IF2(2020) = C(2019) + C(2018) / A(2019) + A(2018) = (3 + 1) / (2 + 0)
    assert y20["if2"] == 2.0 and y20["if2_no_self"] == 1.5
    assert y20["immediacy"] == 1.0  # 1 citation to 2020 / 1 citable item of 2020
    # T = 6: 2020 1 (16.7 %), 2019 3 (66.7 %) -> k = 1, 1 + (3 - 1) / (4 - 1)
    assert y20["cited_half_life"] == 1.67
    csc = by_acr["csc"]["years"]["2020"]
    assert csc["documents"] == 2 and csc["citable_items"] == 2  # the withdrawn one is left out
    assert csc["references_made"] == 6 and csc["citations_received"] == 0
    assert csc["cited_half_life"] is None and csc["if2"] is None
    assert "0034-8910,rsp," in to_csv(report)


def test_importing_a_variant_reassigns(engine):
    with engine.begin() as conn:
        assign_references(conn)
        assert method_counts(conn)["unmatched"] == 1
        row = SerialRow(Serial("0102-311X", "Cadernos de Saúde Pública"),
                        (Variant("0102-311X", "Cad Saude Publica", "manual"),))  # fmt: skip
        assert import_serials(conn, [row]) == (1, 1)
        reassign(conn)
        assign_references(conn)
        assert "unmatched" not in method_counts(conn)
        assert method_counts(conn)["manual"] == 1


def test_commands(engine, tmp_path, capsys):
    url = str(engine.url.render_as_string(hide_password=False))
    assert (
        main(["stats", "citations", "--db", url, "--journal", "1518-8787", "--year", "2020"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert [j["acronym"] for j in out["journals"]] == ["rsp"]
    assert list(out["journals"][0]["years"]) == ["2020"]
    assert set(out["journals"][0]["years"]["2020"]) >= {
        "citable_items", "references_made", "citations_received", "if2", "if3", "if5",
        "immediacy", "if2_no_self", "cited_half_life", "citing_half_life",
    }  # fmt: skip
    assert main(["serials", "unmatched", "--db", url]) == 0
    assert "CAD SAUDE PUBLICA" in capsys.readouterr().out
    tsv = tmp_path / "manual.tsv"
    tsv.write_text("issn_l\ttitle\n0102-311X\tCad Saude Publica\nnone\tbroken row\n")
    assert main(["serials", "import", str(tsv), "--manual", "--db", url]) == 1  # one bad row
    captured = capsys.readouterr()
    assert f"{tsv}:3:1: error: row without a valid ISSN-L and title [serials-row]" in captured.err
    assert main(["serials", "unmatched", "--db", url]) == 0
    assert "CAD SAUDE PUBLICA" not in capsys.readouterr().out
    assert main(["stats", "citations", "--db", url, "--journal", "nope"]) == 2
    assert main(["stats", "citations", "--site", str(tmp_path / "missing")]) == 2


def test_citable_types_option_and_unreadable_files(engine, tmp_path, capsys):
    url = str(engine.url.render_as_string(hide_password=False))
    args = ["stats", "citations", "--db", url, "--journal", "rsp", "--year", "2019"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["journals"][0]["years"]["2019"]["citable_items"] == 2
    assert main([*args, "--citable", "research-article,editorial"]) == 0
    assert json.loads(capsys.readouterr().out)["journals"][0]["years"]["2019"]["citable_items"] == 3
    binary = tmp_path / "serials.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert main(["serials", "import", str(binary), "--db", url]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["serials", "import", str(tmp_path / "missing.csv"), "--db", url]) == 2


def test_assignment_runs_in_batches(engine, monkeypatch):
    from scielo_pub.indicators import graph

    monkeypatch.setattr(graph, "BATCH", 3)
    with engine.begin() as conn:
        assert assign_references(conn) == 8
        assert method_counts(conn) == {"exact": 5, "prefix": 1, "trigram": 1, "unmatched": 1}


def test_former_titles_of_a_collection_journal_are_variants(engine):
    """A journal's former title (journal.toml ``former_titles``) matches a reference citing it."""
    with engine.begin() as conn:
        conn.execute(
            journals.update()
            .where(journals.c.id == 2)
            .values(former_titles=["Saude Coletiva Hoje"])
        )
        conn.execute(insert(article_references).values(
            id=100, article_id=4, position=100, ref_id="B100", authors=[],
            source="Saúde coletiva hoje", year="2020", publication_type="journal"))  # fmt: skip
        assign_references(conn)
        row = conn.execute(
            select(reference_serials).where(reference_serials.c.reference_id == 100)
        ).one()
        assert row.method == "exact"
        csc = conn.execute(select(serials.c.id).where(serials.c.journal_id == 2)).scalar()
        assert row.serial_id == csc  # the serial of the journal, under its current title


def test_journals_sharing_an_issn_keep_a_serial_each(engine):
    """A journal configured with another journal's ISSNs (as a copied journal.toml has) still has
    its statistics: a serial of its own, keyed by its acronym; references go to the first one."""
    with engine.begin() as conn:
        conn.execute(insert(journals).values(
            id=9, acronym="rsp2", title="Boletim Epidemiológico Paulista", issn_print="0034-8910",
            issn_electronic="1518-8787", issn_l="0034-8910", landing_path="j/rsp2/",
            subject_areas=[], languages=[], about={}, digest="x", created=NOW, updated=NOW))  # fmt: skip
        conn.execute(insert(articles).values(
            id=90, ident="a90", journal_id=9, issue_id=11, journal_acronym="rsp2", issue_label="x",
            year=2020, article_type="research-article", languages=[], xml="<a/>", model_json={},
            landing_path="x", digest="x", created=NOW, updated=NOW, deleted=False))  # fmt: skip
        assign_references(conn)
        held = dict(conn.execute(select(serials.c.journal_id, serials.c.issn_l)).all())
        assert held[1] == "0034-8910" and held[9] == "acr:rsp2"
        report = citation_report(conn)
    by_acr = {j["acronym"]: j for j in report["journals"]}
    assert by_acr["rsp2"]["years"]["2020"]["documents"] == 1
    assert by_acr["rsp"]["years"]["2020"]["citations_received"] == 6  # as before


def test_one_journals_countries_are_those_of_all_and_reached_by_the_journal(engine):
    """``store_countries(journal)``: the rows of ``store_countries()`` for that journal (withdrawn
    articles left out), and on SQLite its articles are reached through their journal's index,
    not by reading every live article through the ``deleted`` index (once per journal)."""
    from sqlalchemy import event
    from sqlalchemy import select as sql_select

    from scielo_pub.indicators.compute import coauthorship_pairs
    from scielo_pub.indicators.graph import serials, store_countries
    from scielo_pub.store.schema import affiliations

    with engine.begin() as conn:
        assign_references(conn)
        codes = {1: "BR", 2: "AR", 4: "BR", 5: "CL", 6: "BR", 7: "PE"}
        conn.execute(insert(affiliations), [
            {"article_id": a, "position": 1, "divisions": [], "country_code": c}
            for a, c in codes.items()
        ] + [{"article_id": 6, "position": 2, "divisions": [], "country_code": "AR"}])  # fmt: skip
        ids = dict(conn.execute(sql_select(serials.c.journal_id, serials.c.id)).all())
        every = conn.execute(sql_select(store_countries())).all()
        for journal in (ids[1], ids[2]):
            mine = conn.execute(sql_select(store_countries(journal))).all()
            assert sorted(mine) == sorted(r for r in every if r.journal == journal)
            assert coauthorship_pairs(
                conn, store_countries(journal), journal
            ) == coauthorship_pairs(conn, store_countries(), journal)
        assert {r.document for r in every} == {1, 2, 4, 5, 6}  # 7 is withdrawn
        if conn.dialect.name == "sqlite":  # the pairs query's plan, as the page runs it
            seen: list = []

            def keep(_conn, _cursor, statement, parameters, _context, _many):
                seen.append((statement, parameters))

            event.listen(conn, "before_cursor_execute", keep)
            coauthorship_pairs(conn, store_countries(ids[1]), ids[1])
            event.remove(conn, "before_cursor_execute", keep)
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {seen[-1][0]}", seen[-1][1]).all()
            steps = " | ".join(row[-1] for row in plan)
            assert "ix_articles_deleted" not in steps, steps
