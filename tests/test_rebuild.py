"""One-article rebuilds: the rebuilt site equals a clean build of the same final collection, byte for byte,
and a changed title reaches the cited-by lists of the articles it cites."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from lxml import html

from scielo_pub.build import build
from scielo_pub.citations import match_cache

DEMO = Path(__file__).resolve().parent.parent / "collections" / "demo"


def _tree(root: Path) -> dict[str, bytes]:
    """Every file of a site (the build's own state folder left out) with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".scielo-pub" not in p.relative_to(root).parts
    }


def _file_of(collection: Path, pid: str) -> Path:
    return next(p for p in collection.rglob("*.xml") if pid in p.read_text(encoding="utf-8"))


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """The demo (XML articles only, so the test stays fast) built once; a citing/cited pair."""
    base = tmp_path_factory.mktemp("rebuild")
    collection = base / "demo"
    shutil.copytree(DEMO, collection)
    for sgml in collection.rglob("*.sgm"):
        sgml.unlink()
    out = base / "site"
    assert not build(collection, out, jobs=1).failed
    with closing(sqlite3.connect(out / ".scielo-pub" / "citations.sqlite")) as db:
        pairs = db.execute(
            "SELECT citing_id, target_id FROM biblio_citations WHERE target_db = 'scielo' "
            "ORDER BY citing_id, target_id"
        ).fetchall()
    assert pairs, "the demo's articles cite one another"
    return collection, out, pairs[0]


def _rebuild_and_compare(first, tmp_path: Path, edit) -> tuple[Path, Path]:
    collection, out, pair = first
    work = tmp_path / "demo"
    shutil.copytree(collection, work)
    site = tmp_path / "site"
    shutil.copytree(out, site)
    edit(work, pair)
    build(work, site, jobs=1)
    clean = tmp_path / "clean"
    build(work, clean, jobs=1)
    rebuilt, fresh = _tree(site), _tree(clean)
    assert sorted(rebuilt) == sorted(fresh)
    differing = [rel for rel in fresh if rebuilt[rel] != fresh[rel]]
    assert differing == []
    assert _store_rows(site) == _store_rows(clean)
    return work, site


def _store_rows(site: Path) -> tuple[list, list, list]:
    """The store's live articles (with their digests), reference matches and citation graph."""
    with closing(sqlite3.connect(site / ".scielo-pub" / "store.sqlite")) as db:
        articles = db.execute(
            "SELECT ident, digest, title FROM articles WHERE NOT deleted ORDER BY ident"
        ).fetchall()
        matches = db.execute(
            "SELECT a.ident, r.ref_id, m.db, m.ext_id, m.title FROM reference_matches m "
            "JOIN article_references r ON r.id = m.reference_id JOIN articles a ON a.id = r.article_id "
            "ORDER BY 1, 2, 3, 4"
        ).fetchall()
        graph = db.execute(
            "SELECT c1.ident, g.ref_id, c2.ident FROM citations g JOIN articles c1 "
            "ON c1.id = g.citing_article_id JOIN articles c2 ON c2.id = g.cited_article_id ORDER BY 1, 2, 3"
        ).fetchall()
    return articles, matches, graph


def _cited_by_labels(site: Path, target_pid: str) -> list[str]:
    """The labels of the cited-by list on the landing page the article's PID page leads to."""
    page = html.fromstring((site / "pid" / f"{target_pid}.html").read_bytes())
    landing = page.xpath("//main//a/@href")[0]
    doc = html.fromstring(((site / "pid") / landing).resolve().read_bytes())
    return [a.text_content() for a in doc.xpath("//section[@class='cited-by']//li/a")]


def test_a_changed_title_reaches_the_cited_by_list_and_equals_a_clean_build(first, tmp_path):
    def retitle(work: Path, pair) -> None:
        _edit(_file_of(work, pair[0]), r"<article-title>", "<article-title>Quagga ")

    _, site = _rebuild_and_compare(first, tmp_path, retitle)
    labels = _cited_by_labels(site, first[2][1])
    assert any("Quagga" in label for label in labels), labels


def test_a_cited_article_losing_its_author_and_doi_unlinks_its_citers_as_a_clean_build(
    first, tmp_path
):
    """The references that matched the cited article are matched again (their cache is stale)."""

    def rename(work: Path, pair) -> None:
        cited = _file_of(work, pair[1])
        _edit(cited, r"<surname>[^<]+</surname>", "<surname>Zzyzx</surname>")
        _edit(cited, r'(<article-id pub-id-type="doi">)[^<]+<', r"\g<1>10.5555/moved.1<")

    _rebuild_and_compare(first, tmp_path, rename)


def test_a_removed_citing_article_leaves_the_cited_by_lists_as_a_clean_build(first, tmp_path):
    def remove(work: Path, pair) -> None:
        _file_of(work, pair[0]).unlink()

    _rebuild_and_compare(first, tmp_path, remove)


def test_a_cited_article_changing_its_doi_is_matched_again_as_a_clean_build(first, tmp_path):
    def move(work: Path, pair) -> None:
        cited = _file_of(work, pair[1])
        _edit(cited, r'(<article-id pub-id-type="doi">)[^<]+<', r"\g<1>10.5555/moved.2<")

    _rebuild_and_compare(first, tmp_path, move)


def test_a_new_article_citing_an_old_one_reaches_its_cited_by_list(first, tmp_path):
    """A copy of the citer under new identifiers and title: the cited article's cited-by list
    gains it, as in a clean build."""

    def add(work: Path, pair) -> None:
        citing = _file_of(work, pair[0])
        text = citing.read_text(encoding="utf-8")
        for pattern, value in (
            (r'(specific-use="scielo-v3">)[^<]+<', r"\g<1>Zq9newArticleIdZq9newAb<"),
            (r'(specific-use="scielo-v2">)[^<]+<', r"\g<1>S0718-462X2022000100199<"),
            (r'(pub-id-type="other">)[^<]+<', r"\g<1>00199<"),
            (r'(<article-id pub-id-type="doi">)[^<]+<', r"\g<1>10.5555/new.199<"),
            (r"<article-title>", "<article-title>Zebu "),
            (r"<fpage>[^<]+</fpage>", "<fpage>199</fpage>"),
            (r"<lpage>[^<]+</lpage>", "<lpage>210</lpage>"),
        ):
            changed = re.sub(pattern, value, text, count=1)
            assert changed != text, pattern
            text = changed
        (citing.parent / "0718-462X-new-0199.xml").write_text(text, encoding="utf-8")

    _, site = _rebuild_and_compare(first, tmp_path, add)
    labels = _cited_by_labels(site, first[2][1])
    assert any("Zebu" in label for label in labels), labels


def test_unchanged_references_are_not_matched_again(first, tmp_path):
    """A wrong cache is trusted as is: the retitled citer's references keep their (emptied)
    cached matches (but those its changed record may find), so links go; the links of articles
    the change does not reach are not rewritten at all."""
    collection, out, pair = first
    work, site = tmp_path / "demo", tmp_path / "site"
    shutil.copytree(collection, work)
    shutil.copytree(out, site)
    query = "SELECT count(*) FROM biblio_citations WHERE citing_id = ?"
    with closing(sqlite3.connect(site / ".scielo-pub" / "citations.sqlite")) as db:
        total = db.execute("SELECT count(*) FROM biblio_citations").fetchone()[0]
        mine = db.execute(query, (pair[0],)).fetchone()[0]
        db.execute("UPDATE biblio_match_cache SET accepted = '[]'")
        db.commit()
    _edit(_file_of(work, pair[0]), r"<article-title>", "<article-title>Quagga ")
    build(work, site, jobs=1)
    with closing(sqlite3.connect(site / ".scielo-pub" / "citations.sqlite")) as db:
        links = db.execute("SELECT count(*) FROM biblio_citations").fetchone()[0]
        after = db.execute(query, (pair[0],)).fetchone()[0]
        emptied = db.execute("SELECT count(*) FROM biblio_match_cache WHERE accepted = '[]'")
        kept = emptied.fetchone()[0]
    assert after < mine and 0 < links < total and kept > 0


def test_a_changed_record_touches_only_references_sharing_a_blocking_key():
    changes = match_cache.Changes()
    changes.add(("scielo", "S1", "10.1/x", None, "ecl", "2021", "5", "1", "ortiz", "seed rain"))
    near = [None, None, "other", "2022", "1", "9", "ortiz"]
    far = [None, None, "other", "2010", "1", "9", "ortiz"]
    no_author = [None, None, "other", "2010", "1", "9", ""]
    assert changes.touches(near) and not changes.touches(far)
    # without author and year only the title words can find it: the changed title must hold them
    assert changes.touches(no_author, ["seed", "rain"]) and not changes.touches(
        no_author, ["seed", "crop"]
    )
    assert not changes.touches(no_author)  # no title words: the title block asks for nothing
    assert not match_cache.Changes().touches(near)
    assert changes.records == {("scielo", "S1")}


#: References by name: blocking keys (doi, pmid, source key, year, volume, first page, first
#: author) and the words their title-word block may ask for.
_REFERENCES = {
    "doi": (["10.1/x", None, None, "1990", None, None, "ortiz"], []),
    "pmid": ([None, "77", None, "1990", None, None, "ortiz"], []),
    "svp": ([None, None, "ecl", "2015", "5", "1", "lima"], []),
    "near": ([None, None, "other", "2022", "1", "9", "ortiz"], []),
    "far": ([None, None, "other", "2010", "1", "9", "ortiz"], []),
    "svp-incomplete": ([None, None, "ecl", "2015", "5", None, "lima"], []),
    "no-author": (
        [None, None, "other", "2010", "1", "9", None],
        ["vineyards", "abandoned", "seed"],
    ),
    "no-year": ([None, None, None, None, None, None, "lima"], ["grasslands", "coastal"]),
    "no-words": ([None, None, None, None, None, None, None], []),
}


def test_the_indexed_stale_query_agrees_with_touches(tmp_path):
    """``match_cache.stale`` finds, by indexed queries, exactly the cached references that
    ``Changes.touches`` says a changed record may find."""
    from scielo_pub.citations.db import BiblioDB

    with BiblioDB(tmp_path / "index.sqlite") as db:
        rows = []
        for n, (name, (values, words)) in enumerate(_REFERENCES.items()):
            doi, pmid, source_key, year, volume, fpage, first_author = values
            anywhere = not (first_author and year)
            rows.append({"citing": "A", "ref_id": name, "position": n, "key": "k", "accepted": "[]",
                         "doi": doi, "pmid": pmid, "source_key": source_key, "year": year,
                         "volume": volume, "fpage": fpage, "first_author": first_author,
                         "anywhere": int(anywhere),
                         "title_words": " ".join(words) if anywhere else None})  # fmt: skip
        db.connection.execute(match_cache.insert(match_cache.match_cache), rows)
        cases = {
            ("scielo", "S1", "10.1/x", None, "ecl", "2021", "5", "1", "ortiz", "seed rain"): {
                "doi", "near"},
            ("lilacs", "L1", None, "77", "ecl", "2015", "5", "1", "souza", "coastal grasslands"): {
                "pmid", "svp", "no-year"},
            ("lilacs", "L2", None, None, None, None, None, None, None,
             "seed rain in abandoned vineyards"): {"no-author"},
            ("lilacs", "L3", None, None, None, None, None, None, None, None): set(),
        }  # fmt: skip
        for changed, names in cases.items():
            changes = match_cache.Changes()
            changes.add(changed)
            expected = {("A", k) for k, (v, w) in _REFERENCES.items() if changes.touches(v, w)}
            assert match_cache.stale(db, changes) == expected == {("A", k) for k in names}
        assert match_cache.stale(db, match_cache.Changes()) == set()


def test_with_pdfs_a_citers_title_change_rerenders_only_its_own_pdfs(first, tmp_path):
    """The cited article's pages show the citer's new title in their cited-by list; its PDFs do not,
    so they are not rendered again. Two articles (a citer and the article it cites) keep it fast."""
    collection, _out, (citing, cited) = first
    work = tmp_path / "demo"
    shutil.copytree(collection, work)
    keep = {_file_of(work, citing), _file_of(work, cited)}
    for path in work.rglob("*.xml"):
        if "issues" in path.parts and path not in keep:
            path.unlink()
    site = tmp_path / "site"
    assert len(build(work, site, jobs=1, pdf=True).published) == 2
    pdfs = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*.pdf")}
    _edit(_file_of(work, citing), r"<article-title>", "<article-title>Quagga ")
    written = set(build(work, site, jobs=1, pdf=True).published) and {
        p for p in site.rglob("*.pdf") if (p.stat().st_ino, p.stat().st_mtime_ns) != pdfs.get(p)
    }
    citing_dir = _file_of(work, citing).stem
    assert written and all(citing_dir in p.parts for p in written), written
    assert any("Quagga" in label for label in _cited_by_labels(site, cited))
