"""OAI-PMH ListRecords on 100,000 generated records: the first page against the last one (keyset
resumption tokens), with an OFFSET page query as the reference a naive provider would run.

The store is made by writing the demo collection with ``store.write.write_store`` and replicating
its article rows (texts and authors included) to ``OAI_BENCH_SIZE`` records (default 100,000), stamped
by ten builds (ties on the stamp are broken by the row id, as the cursor does). Columns the timed
``oai_dc`` format never reads are cut down in the copies (``xml`` keeps only the article's ``front``,
``model_json`` only the PID, no LILACS record): at full size they would make a 6 GB store. Timed, best of 5: a whole ``ListRecords`` (oai_dc, 100 records a page) through the
Flask app (arguments, token, SQL, Dublin Core, XML), for the first page and for the last one; and the
bare page query (``store.oai.page_rows``), keyset against ``LIMIT/OFFSET``. Statistics are
gathered (``ANALYZE``) after the rows are generated. SQLite always; PostgreSQL too when its server
binaries are installed (``OAI_BENCH_PG=0`` skips it).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from lxml import etree
from sqlalchemy import Engine, func, insert, select, text

from benchmarks._common import best_of, print_table
from scielo_pub import store
from scielo_pub.build import link_references, publish_one
from scielo_pub.collection import PublishedArticle, SiteContent, discover
from scielo_pub.site import create_app
from scielo_pub.site.oai_protocol import TokenCodec, TokenState
from scielo_pub.store import schema as s
from scielo_pub.store.oai import page_rows
from scielo_pub.store.write import write_store

DEMO = Path(__file__).resolve().parent.parent / "collections" / "demo"
SIZE = int(os.environ.get("OAI_BENCH_SIZE", "100000"))
PAGE = 100
BUILDS = 10
TARGET = 2.0
T0 = datetime(2025, 1, 1)
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def demo_content(out: Path) -> SiteContent:
    """Stages 1-5 of the build over collections/demo (no pages written)."""
    source = discover(DEMO)
    published = []
    for item in source.articles:
        outcome = publish_one(item)
        if outcome.article is not None:
            tree = etree.ElementTree(etree.fromstring(outcome.canonical))
            published.append(PublishedArticle(outcome.article, tree, item, outcome.digest))
    content = SiteContent(source.collection, source.journals, source.issues, tuple(published),
                          root=DEMO)  # fmt: skip
    return link_references(content, out, lambda diag: None)


def _front(xml: str) -> str:
    root = etree.fromstring(xml.encode())
    front = root.find("front")
    article = etree.Element("article", root.attrib)
    if front is not None:
        article.append(front)
    return etree.tostring(article, encoding="unicode")


def replicate(engine: Engine, size: int) -> None:
    """Copies of the demo's article rows (with their texts and authors) up to ``size`` articles."""
    a, t, p = s.articles, s.article_texts, s.contributors
    with engine.begin() as conn:
        rows = [dict(r) for r in conn.execute(select(a).order_by(a.c.id)).mappings()]
        texts = [dict(r) for r in conn.execute(select(t)).mappings()]
        people = [dict(r) for r in conn.execute(select(p)).mappings()]
        for row in rows:
            # Columns the timed format never reads are cut down, so 100,000 rows stay small.
            row.update(xml=_front(row["xml"]), model_json={"pid": row["pid"]}, lilacs_json=None)
        next_id = max(r["id"] for r in rows) + 1
        for start in range(len(rows), size, 5000):
            batch_a, batch_t, batch_p = [], [], []
            for n in range(start, min(size, start + 5000)):
                base = rows[n % len(rows)]
                new_id = next_id + n
                stamp = T0 + timedelta(days=n * BUILDS // size)
                batch_a.append(base | {"id": new_id, "ident": f"S9999-9999{n:013d}",
                                       "pid": f"S9999-9999{n:013d}", "updated": stamp})  # fmt: skip
                batch_t += [x | {"id": None, "article_id": new_id} for x in texts
                            if x["article_id"] == base["id"]]  # fmt: skip
                batch_p += [x | {"id": None, "article_id": new_id} for x in people
                            if x["article_id"] == base["id"]]  # fmt: skip
            for table, batch in ((a, batch_a), (t, batch_t), (p, batch_p)):
                for row in batch:
                    if row.get("id") is None:
                        row.pop("id", None)
                conn.execute(insert(table), batch)


def page_queries(engine: Engine, size: int) -> tuple[float, float, float]:
    """Seconds for the first keyset page, the last keyset page and the last OFFSET page."""
    a = s.articles
    cols = (a.c.id, a.c.ident, a.c.updated)
    with engine.connect() as conn:
        last = conn.execute(
            select(a.c.updated, a.c.id).order_by(a.c.updated.desc(), a.c.id.desc())
            .offset(PAGE).limit(1)
        ).one()  # fmt: skip

        def first() -> None:
            conn.execute(select(*cols).order_by(a.c.updated, a.c.id).limit(PAGE)).all()

        def keyset_last() -> None:
            assert len(page_rows(conn, select(*cols), tuple(last), PAGE)) == PAGE

        def offset_last() -> None:
            query = select(*cols).order_by(a.c.updated, a.c.id).offset(size - PAGE).limit(PAGE)
            assert len(conn.execute(query).all()) == PAGE

        return best_of(first), best_of(keyset_last), best_of(offset_last)


def http_pages(site: Path, url: str, engine: Engine, size: int) -> tuple[float, float]:
    """Seconds for the whole first and last ``ListRecords`` responses through the Flask app."""
    app = create_app(site, {"SECRET_KEY": "bench", "OAI_PAGE_SIZE": PAGE}, db=url)
    client = app.test_client()
    a = s.articles
    with engine.connect() as conn:
        stamp, key = conn.execute(
            select(a.c.updated, a.c.id).order_by(a.c.updated.desc(), a.c.id.desc())
            .offset(PAGE).limit(1)
        ).one()  # fmt: skip
    # The token a harvester holds after walking to the last page (signed with the app's key).
    state = TokenState("ListRecords", "oai_dc", after=(stamp.isoformat(), str(key)),
                       cursor=size - PAGE, total=size)  # fmt: skip
    token, _ = TokenCodec("bench", "demo", timedelta(days=1)).issue(state, datetime.now())

    def get(query: dict) -> None:
        with client.get("/oai", query_string=query) as response:
            root = etree.fromstring(response.get_data())
        assert len(root.findall(f"{OAI}ListRecords/{OAI}record")) == PAGE, response.get_data()[:500]

    first = best_of(lambda: get({"verb": "ListRecords", "metadataPrefix": "oai_dc"}))
    last = best_of(lambda: get({"verb": "ListRecords", "resumptionToken": token}))
    app.extensions["scielo_pub.oai"].engine.dispose()
    return first, last


def run(label: str, url: str, site: Path, content: SiteContent) -> list[list[str]]:
    engine = store.connect(url)
    start = time.perf_counter()
    write_store(engine, content, now=T0)
    replicate(engine, SIZE)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))  # planner statistics, as autovacuum would gather them
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(s.articles)).scalar()
    assert count == SIZE, count
    made = time.perf_counter() - start
    q_first, q_last, q_offset = page_queries(engine, SIZE)
    h_first, h_last = http_pages(site, url, engine, SIZE)
    engine.dispose()
    print(f"{label}: {SIZE:,} records generated in {made:.1f} s")
    ms = lambda x: f"{x * 1000:.1f}"  # noqa: E731
    return [
        [label, "ListRecords oai_dc, first page (HTTP)", ms(h_first), "1.00"],
        [label, "ListRecords oai_dc, last page (HTTP)", ms(h_last), f"{h_last / h_first:.2f}"],
        [label, "page query, keyset, first", ms(q_first), "1.00"],
        [label, "page query, keyset, last", ms(q_last), f"{q_last / q_first:.2f}"],
        [label, "page query, OFFSET, last (reference)", ms(q_offset), f"{q_offset / q_first:.2f}"],
    ]


@contextmanager
def postgresql() -> Iterator[str | None]:
    if os.environ.get("OAI_BENCH_PG", "1") == "0":
        yield None
        return
    from tests.pg import PostgresServer, _pg_bin

    bindir = _pg_bin()
    if bindir is None or not (bindir / "postgres").exists():
        yield None
        return
    server = PostgresServer(bindir)
    try:
        server.start()
        yield server.create_database("bench_oai")
    finally:
        server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        content = demo_content(Path(tmp))
        rows = run("SQLite", f"sqlite:///{Path(tmp) / 'store.sqlite'}", site, content)
        with postgresql() as pg_url:
            if pg_url is not None:
                rows += run("PostgreSQL", pg_url, site, content)
    print(f"{SIZE:,} records, {PAGE} a page, stamped by {BUILDS} builds; best of 5 runs each")
    print_table(["store", "what", "ms", "x first page"], rows)
    verdicts = [(r[0], float(r[3])) for r in rows if r[1].startswith("ListRecords oai_dc, last")]
    for label, ratio in verdicts:
        verdict = "meets" if ratio <= TARGET else "MISSES"
        print(f"{label}: last page costs {ratio:.2f}x the first: {verdict} the {TARGET}x target")
