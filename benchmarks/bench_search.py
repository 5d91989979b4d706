"""Field search at scale: 100,000 generated articles in the store, 1,000 mixed queries, on SQLite and PostgreSQL.

Generates articles (titles, abstracts, keywords, authors, affiliations in pt/es/en words from a
20,000-word Zipf vocabulary with accents) straight into the store's tables, then times:

- index build: inserting the ``search_documents`` rows (FTS5 triggers / generated ``tsvector`` and GIN
  indexes included) against the reference, a bare one-column FTS5 table (or a table with one
  ``tsvector`` column and one GIN index) loaded with the same text in the same run;
- 1,000 mixed queries (single words, AND, OR, NOT, phrases, prefixes, author/title/keyword fields, a
  tenth with a journal or year filter) through ``store.search.search`` -- ranked first page of 20 with
  the total, with and without the five facet counts -- against the bare engine's ranked first page of
  20 for the same words (no join, no total, no facets, no filters): the floor any search pays.

``BENCH_SEARCH_ARTICLES`` (default 100000) and ``BENCH_SEARCH_QUERIES`` (default 1000) shrink it for a
quick check. PostgreSQL runs when ``BENCH_SEARCH_PG`` names a database URL, or else on a throwaway
server started like the tests' one (Debian ``postgresql``); ``BENCH_SEARCH_PG=none`` skips it.
``BENCH_SEARCH_ENGINES`` (default ``sqlite,postgresql``) picks the engines.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, insert, text

from benchmarks._common import print_table
from scielo_pub import store
from scielo_pub.citations import lexicon, vocab
from scielo_pub.citations.normalise import fold
from scielo_pub.store import schema as s
from scielo_pub.store.query import parse_query
from scielo_pub.store.search import SearchRequest, fts5_query, search, search_documents

ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", "100000"))
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "1000"))
ENGINES = os.environ.get("BENCH_SEARCH_ENGINES", "sqlite,postgresql").split(",")
SEED = 13
JOURNALS = 40
CHUNK = 2000
STAMP = datetime(2026, 1, 1)


# -- generated collection -------------------------------------------------------------------------


def _vocabulary(rng: random.Random) -> list[str]:
    """Real words first (the frequent ones), then pseudo-words with accents (the long tail)."""
    real = [w for lang in ("pt", "es", "en") for w in vocab.GENERIC[lang].split()]
    real += [
        w for lang in ("pt", "es", "en") for t in vocab.TOPICS[lang].split("|") for w in t.split()
    ]
    words = list(dict.fromkeys(real))
    syllables = [c + v for c in "bcdfglmnprstv" for v in "aeiou"] + [
        "ção",
        "são",
        "ía",
        "ío",
        "ém",
        "ões",
        "ña",
    ]
    seen = set(words)
    while len(words) < 20000:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = _vocabulary(rng)
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(self.words))]
        self.cum = list(_accumulate(weights))
        # names and cities from the parser's lexicon (package lists: Faker, GeoNames)
        self.given = [n for group in lexicon.given_by_locale().values() for n in group]
        self.surnames = [n for group in lexicon.surnames_by_locale().values() for n in group]
        self.cities = list(lexicon.cities())

    def text(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n))

    def person(self) -> str:
        return f"{self.rng.choice(self.given)} {self.rng.choice(self.surnames)}"


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


_FIELDS = ("Public Health", "Ecology", "Education", "Nursing", "Psychology", "Agronomy",
           "Dentistry", "Economics", "Linguistics", "Veterinary Science")  # fmt: skip


def _journal_rows() -> list[dict]:
    return [
        {"id": j, "acronym": f"j{j:02d}", "title": f"Journal {j} of {_FIELDS[j % len(_FIELDS)]}",
         "subject_areas": [f"Area {j % 8}"], "languages": ["pt", "es", "en"], "about": {},
         "landing_path": f"j/j{j:02d}/", "digest": "-", "created": STAMP, "updated": STAMP}
        for j in range(1, JOURNALS + 1)
    ]  # fmt: skip


def _issue_rows() -> list[dict]:
    return [
        {"id": (j - 1) * 10 + y + 1, "journal_id": j, "folder": f"v{y}n1", "label": f"v{y}n1",
         "year": 2015 + y, "sections": [], "landing_path": f"j/j{j:02d}/v{y}n1/", "digest": "-",
         "created": STAMP, "updated": STAMP}
        for j in range(1, JOURNALS + 1) for y in range(10)
    ]  # fmt: skip


def _article(i: int, gen: Generator) -> tuple[dict, dict, list[dict], list[dict], str]:
    rng = gen.rng
    j, y = rng.randint(1, JOURNALS), rng.randrange(10)
    lang = rng.choice(("pt", "es", "en"))
    title, abstract = gen.text(rng.randint(8, 16)), gen.text(rng.randint(100, 160))
    keywords, authors = (
        gen.text(rng.randint(4, 6)),
        [gen.person() for _ in range(rng.randint(1, 6))],
    )
    affiliation = f"Universidade Federal de {rng.choice(gen.cities)} Brasil"
    pid = f"S{j:04d}-0000{2015 + y}000100{i:06d}"
    row = {
        "id": i, "ident": pid, "pid": pid, "doi": f"10.9999/bench.{i}", "journal_id": j,
        "issue_id": (j - 1) * 10 + y + 1, "journal_acronym": f"j{j:02d}", "issue_label": f"v{y}n1",
        "year": 2015 + y, "article_type": rng.choice(("research-article", "review-article", "editorial")),
        "language": lang, "languages": [lang], "title": title, "xml": "<article/>", "model_json": {},
        "pub_date": f"{2015 + y}-{rng.randint(1, 12):02d}", "pub_date_sort": f"{2015 + y}-06-01",
        "landing_path": f"j/j{j:02d}/v{y}n1/a{i}/{lang}.html", "digest": "-", "created": STAMP,
        "updated": STAMP, "deleted": False,
    }  # fmt: skip
    doc = {
        "article_id": i, "au": fold(" ".join(authors)), "ti": fold(title), "ab": fold(abstract),
        "kw": fold(keywords), "af": fold(affiliation), "journal": f"j{j:02d} journal {j}",
        "year": str(2015 + y), "type": fold(row["article_type"]), "lang": lang, "ids": fold(f"{pid} {row['doi']}"),
    }  # fmt: skip
    people = [
        {"article_id": i, "position": n, "role": "author", "display_name": name,
         "surname": name.split()[-1], "affiliation_ids": []}
        for n, name in enumerate(authors)
    ]  # fmt: skip
    langs = [{"article_id": i, "lang": lang}]
    return (
        row,
        doc,
        people,
        langs,
        " ".join([title, abstract, keywords, " ".join(authors), affiliation]),
    )


def generate(n: int) -> tuple[list, list, list, list, list[str]]:
    gen = Generator(random.Random(SEED))
    rows, docs, people, langs, bodies = [], [], [], [], []
    for i in range(1, n + 1):
        row, doc, ppl, lng, body = _article(i, gen)
        rows.append(row)
        docs.append(doc)
        people += ppl
        langs += lng
        bodies.append(fold(body))
    return rows, docs, people, langs, bodies


# -- loading --------------------------------------------------------------------------------------


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_store(engine: Engine, data) -> float:
    """Fill the store's tables; the seconds the search index took (``search_documents`` rows)."""
    rows, docs, people, langs, _ = data
    with engine.begin() as conn:
        conn.execute(insert(s.journals), _journal_rows())
        conn.execute(insert(s.journal_subjects), [
            {"journal_id": j["id"], "subject": j["subject_areas"][0]} for j in _journal_rows()])  # fmt: skip
        conn.execute(insert(s.issues), _issue_rows())
        for table, items in (
            (s.articles, rows),
            (s.contributors, people),
            (s.article_languages, langs),
        ):
            for chunk in _chunks(items):
                conn.execute(insert(table), chunk)
    start = time.perf_counter()
    with engine.begin() as conn:
        for chunk in _chunks(docs):
            conn.execute(insert(search_documents), chunk)
    seconds = time.perf_counter() - start
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return seconds


def load_bare(engine: Engine, bodies: list[str]) -> float:
    """The reference: one text column per article, indexed the engine's plain way."""
    rows = [{"id": i, "body": b} for i, b in enumerate(bodies, 1)]
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE VIRTUAL TABLE bare USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
                )
            )
            sql = text("INSERT INTO bare(rowid, body) VALUES (:id, :body)")
        else:
            conn.execute(
                text(
                    "CREATE TABLE bare (id integer PRIMARY KEY, body text, tsv tsvector "
                    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED)"
                )
            )
            conn.execute(text("CREATE INDEX bare_tsv ON bare USING GIN (tsv)"))
            sql = text("INSERT INTO bare(id, body) VALUES (:id, :body)")  # fmt: skip
    start = time.perf_counter()
    with engine.begin() as conn:
        for chunk in _chunks(rows):
            conn.execute(sql, chunk)
    return time.perf_counter() - start


# -- queries --------------------------------------------------------------------------------------


def queries(data, n: int) -> list[SearchRequest]:
    rng = random.Random(SEED + 1)
    rows, docs = data[0], data[1]
    out = []
    for k in range(n):
        doc = rng.choice(docs)
        words = doc["ti"].split() + doc["ab"].split()
        w1, w2 = rng.choice(words), rng.choice(words)
        kind = k % 10
        q = {
            0: w1, 1: w1, 2: f"{w1} {w2}", 3: f"{w1} OR {w2}", 4: f"{w1} NOT {w2}",
            5: '"' + " ".join(doc["ti"].split()[:2]) + '"', 6: (w1[:4] if len(w1) > 4 else w1) + "*",
            7: f"au:{doc['au'].split()[-1]}", 8: f"ti:{doc['ti'].split()[0]} kw:{doc['kw'].split()[0]}",
            9: w1,
        }[kind]  # fmt: skip
        if kind == 6 and len(q) < 3:
            q = w1
        filters = {}
        if k % 10 == 9:
            row = rows[doc["article_id"] - 1]
            filters = (
                {"journal": (row["journal_acronym"],)} if k % 20 == 9 else {"year": (row["year"],)}
            )
        out.append(SearchRequest(q=q, size=20, **filters))
    return out


def _bare_runner(engine: Engine) -> Callable:
    if engine.dialect.name == "sqlite":
        sql = text("SELECT rowid FROM bare WHERE bare MATCH :q ORDER BY rank LIMIT 20")

        def run(conn, req: SearchRequest):
            match = fts5_query(_unfielded(parse_query(req.q)))
            return conn.execute(sql, {"q": match}).all()

        return run
    from scielo_pub.store.search import _tsquery

    sql = text("SELECT id FROM bare WHERE tsv @@ to_tsquery('simple', :q) "
               "ORDER BY ts_rank(tsv, to_tsquery('simple', :q)) DESC LIMIT 20")  # fmt: skip

    def run_pg(conn, req: SearchRequest):
        node = _unfielded(parse_query(req.q))
        return conn.execute(sql, {"q": _pg_bool(node, _tsquery)}).all()

    return run_pg


def _unfielded(node):
    """The same query with every field limit dropped (the bare table has one column)."""
    import dataclasses

    from scielo_pub.store.query import And, Or, Term

    if isinstance(node, Term):
        return dataclasses.replace(node, field="all")
    if isinstance(node, Or):
        return Or(tuple(_unfielded(p) for p in node.parts))
    assert isinstance(node, And)
    return And(
        tuple(_unfielded(p) for p in node.positive), tuple(_unfielded(p) for p in node.negative)
    )


def _pg_bool(node, tsquery) -> str:
    from scielo_pub.store.query import Or, Term

    if isinstance(node, Term):
        return f"({tsquery(node)})"
    if isinstance(node, Or):
        return "(" + " | ".join(_pg_bool(p, tsquery) for p in node.parts) + ")"
    pos = " & ".join(_pg_bool(p, tsquery) for p in node.positive)
    neg = "".join(f" & !{_pg_bool(p, tsquery)}" for p in node.negative)
    return f"({pos}{neg})"


def time_queries(
    engine: Engine, requests: list[SearchRequest], bare_engine: Engine | None = None
) -> dict[str, list[float]]:
    """Each query through the store's search (page only, then with facets) and the bare query;
    ``bare_engine`` holds the bare table when it is another database (PostgreSQL: two databases of
    one server), else the store's own file holds it."""
    bare_engine = bare_engine or engine
    bare = _bare_runner(bare_engine)
    timings: dict[str, list[float]] = {"bare": [], "page": [], "facets": []}
    with engine.connect() as conn, bare_engine.connect() as bconn:
        for req in requests[:20]:  # warm the caches once
            search(conn, req)
            bare(bconn, req)
        for req in requests:
            for name, call in (("bare", lambda r=req: bare(bconn, r)),
                               ("page", lambda r=req: search(conn, r, facets=False)),
                               ("facets", lambda r=req: search(conn, r))):  # fmt: skip
                start = time.perf_counter()
                call()
                timings[name].append(time.perf_counter() - start)
    return timings


# -- engines --------------------------------------------------------------------------------------


@contextmanager
def engines(tmp: Path) -> Iterator[list[tuple[str, Callable[[str], str]]]]:
    """``(label, url factory)`` for SQLite and, when available, PostgreSQL."""
    found: list[tuple[str, Callable[[str], str]]] = []
    if "sqlite" in ENGINES:
        found.append(("SQLite FTS5", lambda name: f"sqlite:///{tmp / name}.sqlite"))
    server = None
    url = os.environ.get("BENCH_SEARCH_PG")
    if url == "none" or "postgresql" not in ENGINES:
        pass
    elif url:
        found.append(("PostgreSQL", lambda name: url))
    else:
        server = _throwaway_postgres()
        if server is not None:
            found.append(("PostgreSQL", lambda name: server.create_database(name)))
    try:
        yield found
    finally:
        if server is not None:
            server.stop()


def _throwaway_postgres():
    try:
        from tests.pg import PostgresServer, _pg_bin
    except ImportError:
        return None
    bindir = _pg_bin()
    if bindir is None or not (bindir / "postgres").exists():
        print("PostgreSQL binaries absent: PostgreSQL rows skipped")
        return None
    server = PostgresServer(bindir)
    try:
        server.start()
    except (OSError, RuntimeError, Exception) as exc:  # noqa: BLE001 - report and go on with SQLite
        print(f"could not start PostgreSQL ({exc}); PostgreSQL rows skipped")
        server.stop()
        return None
    return server


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    print(f"generating {ARTICLES:,} articles ...", flush=True)
    data = generate(ARTICLES)
    requests = queries(data, QUERIES)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp, engines(Path(tmp)) as found:
        for label, make_url in found:
            engine = store.connect(make_url("store"))
            built = load_store(engine, data)
            bare_engine = (
                engine
                if engine.dialect.name == "sqlite"
                else store.connect(make_url("bare"), create=False)
            )
            bare_built = load_bare(bare_engine, data[4])
            if bare_engine is not engine:
                with bare_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE bare"))
            t = time_queries(engine, requests, bare_engine)
            base_med = statistics.median(t["bare"])
            rows.append(
                [
                    label,
                    "index build (s)",
                    f"{built:.1f}",
                    f"{bare_built:.1f}",
                    f"{built / bare_built:.2f}x",
                ]
            )
            for name, what in (
                ("page", "search: page + total"),
                ("facets", "search: page + total + facets"),
            ):
                rows.append(
                    [
                        label,
                        f"{what} median (ms)",
                        f"{1000 * statistics.median(t[name]):.1f}",
                        f"{1000 * base_med:.1f}",
                        f"{statistics.median(t[name]) / base_med:.1f}x",
                    ]
                )
                rows.append(
                    [
                        label,
                        f"{what} p95 (ms)",
                        f"{_ms(t[name], 0.95):.1f}",
                        f"{_ms(t['bare'], 0.95):.1f}",
                        f"{_ms(t[name], 0.95) / _ms(t['bare'], 0.95):.1f}x",
                    ]
                )
            engine.dispose()
            bare_engine.dispose()
    print(f"\n{ARTICLES:,} articles, {len(requests):,} mixed queries; reference: bare ranked top-20 "
          "query on one indexed text column (no join, total, facets or filters)")  # fmt: skip
    print_table(["engine", "measure", "store", "bare", "ratio"], rows)


if __name__ == "__main__":
    main()
