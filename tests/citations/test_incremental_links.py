"""The links stage run again after a change equals a clean run, on SQLite and PostgreSQL, reading only
the articles whose state changed (and those a changed record may be found by)."""

from __future__ import annotations

import dataclasses

from scielo_pub.citations import BiblioDB
from scielo_pub.citations.collection_links import LinkInput, link_collection, link_inputs
from scielo_pub.citations.link_state import LinkedCitedBy, LinkedMatches
from tests.citations.test_match import _article, _graph_articles


def _bystander():
    """An article nobody cites and that cites nothing of the others."""
    ref = (
        '<ref id="X1"><element-citation publication-type="journal"><person-group><name>'
        "<surname>Zorn</surname><given-names>K</given-names></name></person-group>"
        "<article-title>Soil crusts</article-title><source>Geoderma</source><year>1999</year>"
        "<volume>3</volume><fpage>77</fpage></element-citation></ref>"
    )
    return _article("S0034-89101999000100009", "Crostas do solo", "Prado", "1999", "3", "9", ref)


def _run(db, articles, states, loaded):
    """``link_inputs`` over ``articles`` (each named by its PID's file, with its state); the
    positions of ``ORDER`` of the articles whose models were read go to ``loaded``."""
    inputs = [
        LinkInput(f"journals/x/{a.pid}.xml", state, lambda a=a: loaded.append(ORDER[a.pid]) or a)
        for a, state in zip(articles, states, strict=True)
    ]
    return link_inputs(inputs, db)


ORDER = {a.pid: n for n, a in enumerate([*_graph_articles(), _bystander()])}


def _plain(found):
    """Every article's matches and cited-by list as plain values (views read from the index)."""
    matches = {k: {r: tuple(v) for r, v in m.items()} for k, m in found.matches.items()}
    return matches, {k: tuple(v) for k, v in found.cited_by.items()}


def _clean(articles):
    with BiblioDB() as db:
        return _plain(link_collection(articles, db))


def test_a_retitled_citer_rereads_it_alone_and_equals_a_clean_run(store_url):
    articles = [*_graph_articles(), _bystander()]
    with BiblioDB(store_url) as db:
        _run(db, articles, ["c1", "a1", "b1", "z1"], [])
        citer = articles[2]
        retitled = dataclasses.replace(citer, titles={k: "Novo estudo" for k in citer.titles})
        again = [*articles[:2], retitled, articles[3]]
        loaded: list[int] = []
        found = _run(db, again, ["c1", "a1", "b2", "z1"], loaded)
        # the unchanged articles' links are views carrying the last build's digests
        unread = found.matches[articles[3].pid]
        assert isinstance(unread, LinkedMatches) and unread._data is None
        assert isinstance(found.cited_by[articles[1].pid], LinkedCitedBy)
        result = _plain(found)
    assert loaded == [2]
    assert result == _clean(again)
    cited = result[1][articles[0].pid]
    assert [c.title for c in cited] == ["Quedas e fraturas", "Novo estudo"]


def test_a_removed_citer_and_a_new_one_equal_a_clean_run(store_url):
    articles = [*_graph_articles(), _bystander()]
    with BiblioDB(store_url) as db:
        _run(db, articles, ["c1", "a1", "b1", "z1"], [])
        loaded: list[int] = []
        found = _run(db, [articles[0], articles[2], articles[3]], ["c1", "b1", "z1"], loaded)
        assert loaded == [] and _plain(found) == _clean([articles[0], *articles[2:]])
        assert [c.citing_pid for c in found.cited_by[articles[0].pid]] == [articles[2].pid]
        loaded = []
        found = _run(db, articles, ["c1", "a1", "b1", "z1"], loaded)
        assert loaded == [1] and _plain(found) == _clean(articles)
        assert len(found.cited_by[articles[0].pid]) == 2


def test_a_cited_article_changing_its_identifiers_rereads_its_citers(store_url):
    articles = [*_graph_articles(), _bystander()]
    with BiblioDB(store_url) as db:
        _run(db, articles, ["c1", "a1", "b1", "z1"], [])
        moved = _article("S0034-89102010000100001", "Outro tema", "Zzyzx", "2015", "9", "99")
        again = [moved, *articles[1:]]
        loaded: list[int] = []
        found = _run(db, again, ["c2", "a1", "b1", "z1"], loaded)
        # its citers' references may have found its old record: re-scored from the index alone
        assert loaded == [0] and found.rescored > 0
        assert _plain(found) == _clean(again)
        assert list(found.cited_by[moved.pid]) == []


def test_an_index_of_an_older_release_is_upgraded_when_opened(store_url):
    """A match cache without indexed blocking keys goes (with its snapshot); the next run matches
    every reference once and links as a clean run does."""
    from sqlalchemy import create_engine, inspect, text

    from scielo_pub.store.engine import normalise_url

    url = normalise_url(store_url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE biblio_match_cache (citing TEXT, ref_id TEXT, key TEXT NOT "
                          "NULL, accepted TEXT NOT NULL, features TEXT NOT NULL, "
                          "PRIMARY KEY (citing, ref_id))"))  # fmt: skip
        conn.execute(text("INSERT INTO biblio_match_cache VALUES ('A', 'B1', 'k', '[]', '[]')"))
    engine.dispose()
    articles = [*_graph_articles(), _bystander()]
    with BiblioDB(store_url) as db:
        columns = {c["name"] for c in inspect(db.connection).get_columns("biblio_match_cache")}
        assert {"anywhere", "first_author", "position"} <= columns and "features" not in columns
        loaded: list[int] = []
        assert _plain(_run(db, articles, ["c1", "a1", "b1", "z1"], loaded)) == _clean(articles)
        assert sorted(loaded) == [0, 1, 2, 3]


def test_a_reference_without_author_and_year_is_matched_again_only_for_titles_holding_its_words(
    store_url,
):
    """Its title words may find any record, but only a record whose title holds them: an
    unrelated change leaves it (and its article) alone; a change of the record it finds does not."""
    from sqlalchemy import select

    from scielo_pub.citations.schema import match_cache

    titled = (
        '<ref id="T1"><element-citation publication-type="journal"><article-title>Vigilância das '
        "quedas em idosos</article-title><source>Rev Bras Saude Ocup</source></element-citation></ref>"
    )
    reader = _article("S0034-89102014000100004", "Leituras", "Reis", "2014", "48", "4", titled)
    ORDER[reader.pid] = 4
    articles = [*_graph_articles(), _bystander(), reader]
    with BiblioDB(store_url) as db:
        _run(db, articles, ["c1", "a1", "b1", "z1", "r1"], [])
        assert _plain(_run(db, articles, ["c1", "a1", "b1", "z1", "r1"], []))[0][reader.pid]["T1"]
        row = select(match_cache.c.anywhere, match_cache.c.title_words).where(
            match_cache.c.ref_id == "T1"
        )
        assert db.connection.execute(row).one() == (1, "vigilancia idosos quedas")
        bystander = dataclasses.replace(articles[3], titles={"pt": "Outras crostas"})
        again = [*articles[:3], bystander, reader]
        loaded: list[int] = []
        assert _plain(_run(db, again, ["c1", "a1", "b1", "z2", "r1"], loaded)) == _clean(again)
        assert loaded == [3]
        cited = _graph_articles("Quedas de idosos no campo")[0]
        last = [cited, *again[1:]]
        loaded = []
        found = _run(db, last, ["c2", "a1", "b1", "z2", "r1"], loaded)
        assert _plain(found) == _clean(last)
        # its title words may find the changed record: matched again in full, from the index
        assert 4 not in loaded and found.matched > 0


_CITIES = ["Recife", "Olinda", "Natal", "Belem", "Manaus", "Santos", "Campinas", "Londrina",
           "Maceio", "Aracaju"]  # fmt: skip
_NEW_TITLE = "Fraturas de femur em adultos jovens"


def _lima(n: int, title: str | None = None):
    """One of ten articles by Lima, 2010: a first author + year block of ten look-alike titles."""
    title = title or f"Quedas em idosos no municipio de {_CITIES[n]}"
    return _article(f"S0034-891020100001{n:05d}", title, "Lima", "2010", "44", str(n + 1))


def _lima_ref(ref_id: str, title: str, year: str = "2010") -> str:
    return (
        f'<ref id="{ref_id}"><element-citation publication-type="journal"><person-group><name>'
        "<surname>Lima</surname><given-names>A</given-names></name></person-group>"
        f"<article-title>{title}</article-title><source>Rev Saude Publica</source>"
        f"<year>{year}</year></element-citation></ref>"
    )


def _citers(count: int) -> list:
    """Articles citing Lima 2010 and 2011 works: the block's titles, the retitled article's old
    and new titles, and a title like none of them."""
    out = []
    for k in range(count):
        refs = "".join([
            _lima_ref("R1", f"Quedas em idosos no municipio de {_CITIES[k % 10]}"),
            _lima_ref("R2", f"Quedas em idosos no municipio de {_CITIES[3]}"),
            _lima_ref("R3", _NEW_TITLE),
            _lima_ref("R4", f"Quedas em idosos no municipio de {_CITIES[(k + 5) % 10]}", "2011"),
            _lima_ref("R5", "Dengue no Nordeste"),
        ])  # fmt: skip
        pid = f"S0034-891020140001{k:05d}"
        out.append(_article(pid, f"Estudo {k}", f"Souza{k}", "2014", "48", str(k + 1), refs))
    return out


def _block_run(location, articles, retitled, loaded):
    """Link ``articles``, then again with article 3 retitled; the second run's result, the
    candidate look-ups it made and which articles it read."""
    from scielo_pub.citations import db as db_module

    with BiblioDB(location) as db:
        link_inputs([LinkInput(f"x/{a.pid}.xml", "s1", lambda a=a: a) for a in articles], db)
        states = ["s2" if a is retitled else "s1" for a in [*articles[:3], retitled, *articles[4:]]]
        again = [*articles[:3], retitled, *articles[4:]]
        inputs = [
            LinkInput(f"x/{a.pid}.xml", state, lambda a=a: loaded.append(a.pid) or a)
            for a, state in zip(again, states, strict=True)
        ]
        before = db_module.CANDIDATE_QUERIES[0]
        found = link_inputs(inputs, db)
        return _plain(found), db_module.CANDIDATE_QUERIES[0] - before, found


def test_a_retitled_record_sharing_author_and_year_with_many_references_is_rescored_alone(
    store_url, tmp_path, monkeypatch
):
    """Ten look-alike records by one first author and year, 60 references of 12 other articles in
    their block: one record retitled re-scores those references against it alone, from what the
    index holds (no article read but its own, no candidate looked up), and links as a clean run;
    with re-scoring off the same rebuild reads every citing article and looks candidates up."""
    from scielo_pub.citations import collection_links

    articles = [*(_lima(n) for n in range(10)), *_citers(12)]
    retitled = _lima(3, _NEW_TITLE)
    again = [*articles[:3], retitled, *articles[4:]]
    clean = _clean(again)
    loaded: list[str] = []
    result, looked_up, found = _block_run(store_url, articles, retitled, loaded)
    assert loaded == [retitled.pid] and looked_up == 0
    assert found.rescored >= 48 and found.matched == 0
    assert result == clean
    # the retitled record left the references citing its old title and is found by its new one
    first = articles[10].pid
    assert retitled.pid not in {r.ext_id for r in result[0][first]["R2"]}
    assert [r.ext_id for r in result[0][first]["R3"]] == [retitled.pid]
    assert len(result[1][retitled.pid]) == 12

    monkeypatch.setattr(collection_links, "RESCORE", False)
    loaded = []
    result, looked_up, found = _block_run(tmp_path / "off.sqlite", articles, retitled, loaded)
    assert result == clean
    assert len(loaded) == 13 and looked_up >= 48 and found.rescored == 0


def test_relinking_queries_only_the_cited_by_lists_of_links_that_moved(
    store_url, tmp_path, monkeypatch
):
    """The twelve citers relinked after the retitle keep most of their links as they were: only
    the cited-by lists of the records whose links moved are queried again (their other targets'
    lists are as the last build left them), and the result equals a clean run; with every
    target of a relinked article queried (``ONLY_MOVED`` off), the same result from more lists."""
    from scielo_pub.citations import collection_links

    articles = [*(_lima(n) for n in range(10)), *_citers(12)]
    retitled = _lima(3, _NEW_TITLE)
    clean = _clean([*articles[:3], retitled, *articles[4:]])
    result, _looked_up, moved = _block_run(store_url, articles, retitled, [])
    assert result == clean and moved.relinked == 12
    monkeypatch.setattr(collection_links, "ONLY_MOVED", False)
    result, _looked_up, every = _block_run(tmp_path / "every.sqlite", articles, retitled, [])
    assert result == clean and every.relinked == 12
    assert every.cited_lists >= moved.cited_lists + 5, (moved.cited_lists, every.cited_lists)


def _clone(n: int, title: str | None = None):
    """One of six articles sharing a journal key (journal, 2010, volume 44, page 5): look-alikes
    of one work, as the synthetic collections' copies of a template article are."""
    title = title or f"Quedas em idosos no municipio de {_CITIES[n]}"
    return _article(f"S0034-891020100002{n:05d}", title, "Prado", "2010", "44", "5")


def _clone_citers(count: int) -> list:
    """Articles citing the shared work twice by its journal key (two of the clones' titles)."""

    def ref(ref_id: str, city: str) -> str:
        return (
            f'<ref id="{ref_id}"><element-citation publication-type="journal"><person-group><name>'
            "<surname>Prado</surname><given-names>A</given-names></name></person-group>"
            f"<article-title>Quedas em idosos no municipio de {city}</article-title>"
            "<source>Rev Bras Saude Ocup</source><year>2010</year><volume>44</volume>"
            "<fpage>5</fpage></element-citation></ref>"
        )

    return [
        _article(
            f"S0034-891020150001{k:05d}",
            f"Estudo {k}",
            f"Reis{k}",
            "2015",
            "49",
            str(k + 1),
            ref("P1", _CITIES[k % 6]) + ref("P2", _CITIES[(k + 1) % 6]),
        )  # fmt: skip
        for k in range(count)
    ]


def test_a_clone_beyond_its_full_journal_blocks_rescores_nothing(store_url, tmp_path, monkeypatch):
    """Journal-key blocks of three rows (the first three clones by row id): retitling the sixth
    clone, beyond every citer's block, re-scores no reference (``svp_last`` leaves them out)
    and links as a clean run; with that rule off (``BEYOND``) the same rebuild re-scores all
    twenty; a clone inside the blocks is re-scored and links as a clean run too."""
    from scielo_pub.citations import db as db_module
    from scielo_pub.citations import match_cache

    monkeypatch.setattr(db_module, "BLOCK_ROWS", 3)
    articles = [*(_clone(n) for n in range(6)), *_clone_citers(10)]

    def run(location, n: int):
        retitled = _clone(n, _NEW_TITLE)
        again = [*articles[:n], retitled, *articles[n + 1 :]]
        with BiblioDB(location) as db:
            link_inputs([LinkInput(f"x/{a.pid}.xml", "s1", lambda a=a: a) for a in articles], db)
            states = ["s2" if a is retitled else "s1" for a in again]
            found = link_inputs([LinkInput(f"x/{a.pid}.xml", s, lambda a=a: a)
                                 for a, s in zip(again, states, strict=True)], db)  # fmt: skip
            return _plain(found), found, _clean(again)

    result, found, clean = run(store_url, 5)
    assert result == clean and found.rescored == 0 and found.matched == 0
    assert all(result[0][a.pid]["P1"] and result[0][a.pid]["P2"] for a in articles[6:])
    result, found, clean = run(tmp_path / "inside.sqlite", 1)
    assert result == clean and found.rescored + found.matched >= 10
    monkeypatch.setattr(match_cache, "BEYOND", False)
    result, found, clean = run(tmp_path / "off.sqlite", 5)
    assert result == clean and found.rescored == 20
