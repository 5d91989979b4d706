"""Reference matching at scale: 10,000 references against 1,000,000 generated records.

Builds the SQLite index once in a temporary file (generated journal-article records), then matches
10,000 structured references (half are works in the index, given without their DOI, with the journal's full
title or abbreviation swapped, a quarter of them with a journal form the key table does not know,
and titles with a dropped word or letter; half are absent works) and reports references per
second and peak memory. Reference measured in the same run: a bare SQLite lookup by DOI for the same
references (the ``sqlite3`` module on the same file, no SQLAlchemy). With ``BENCH_CITATIONS_PG`` (the
URL of an empty PostgreSQL database) the same records and references run on PostgreSQL too, against a
bare psycopg lookup by DOI. Sizes: ``BENCH_CITATIONS_RECORDS``, ``BENCH_CITATIONS_REFERENCES``. Also reported: the string parser's rate on printed references.
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

from scielo_pub.citations import synth
from scielo_pub.citations.db import BiblioDB, Record
from scielo_pub.citations.linkeval import random_journals, random_records
from scielo_pub.citations.match import Matcher
from scielo_pub.citations.parse import parse

RECORDS = int(os.environ.get("BENCH_CITATIONS_RECORDS", "1000000"))
REFERENCES = int(os.environ.get("BENCH_CITATIONS_REFERENCES", "10000"))
#: An empty PostgreSQL database to run the matching there too (optional; e.g. postgresql://me@localhost/bench).
PG_URL = os.environ.get("BENCH_CITATIONS_PG")
SEED = 3


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _swap_title(source: str | None) -> str | None:
    """The other form (full title or abbreviation) of one of the generated journals."""
    for full, abbr in random_journals(SEED):
        if source == abbr:
            return full
        if source == full:
            return abbr
    return source


def _references(db_records: list[Record], rng: random.Random) -> list[tuple[dict, str | None]]:
    """``(reference fields, DOI of the true work or None)``; half present, half absent."""
    refs = []
    for i, rec in enumerate(db_records):
        present = i % 2 == 0
        absent_year = str(int(rec.year) + 30) if rec.year else None
        source = _swap_title(rec.source)
        if present and i % 4 == 0:  # a journal form the key table does not know: author+year block
            source = " ".join((source or "").split()[:-1]) or source
        ref = {
            "authors": [{"surname": rec.authors[0][0], "given_names": rec.authors[0][1]}],
            "article_title": _typo(rec.title or "", rng)
            if present
            else synth._free_title(rng, "en"),
            "source": source,
            "year": rec.year if present else absent_year,
            "volume": rec.volume,
            "fpage": rec.fpage if present else str(int(rec.fpage or 1) + 500),
        }
        refs.append((ref, rec.doi if present else None))
    return refs


def _typo(title: str, rng: random.Random) -> str:
    """The title as references print it: a word dropped or a letter lost, sometimes lower case."""
    words = title.split()
    if len(words) > 4 and rng.random() < 0.4:
        del words[rng.randrange(len(words))]
    elif words and rng.random() < 0.4:
        k = rng.randrange(len(words))
        words[k] = words[k][:-1] or words[k]
    text = " ".join(words)
    return text.lower() if rng.random() < 0.2 else text


def main() -> None:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        with BiblioDB(path) as db:
            db.upsert(random_records(RECORDS, SEED), batch=20000)
        build_s = time.perf_counter() - start
        picks = sorted(rng.sample(range(RECORDS), REFERENCES))
        sample = _pick(random_records(RECORDS, SEED), set(picks))
        refs = _references(sample, rng)
        with BiblioDB(path) as db:
            matcher = Matcher(db)
            start = time.perf_counter()
            results = [matcher.match(ref) for ref, _ in refs]
            match_s = time.perf_counter() - start
        with closing(sqlite3.connect(path)) as bare:
            start = time.perf_counter()
            for rec in sample:
                bare.execute("SELECT * FROM biblio_records WHERE doi = ?", (rec.doi,)).fetchall()
            lookup_s = time.perf_counter() - start
        peak = _peak_rss_mb()
        size_mb = path.stat().st_size / 1e6
    tp = sum(1 for r, (_, doi) in zip(results, refs, strict=True) if doi and _doi(r) == doi)
    fp = sum(1 for r, (_, doi) in zip(results, refs, strict=True) if _doi(r) and _doi(r) != doi)
    present = sum(1 for _, doi in refs if doi)
    parse_rate = _parse_rate(rng)
    rate, ref_rate = REFERENCES / match_s, REFERENCES / lookup_s
    print(f"index: {RECORDS:,} records built in {build_s:.1f} s, {size_mb:.0f} MB on disk")
    print(f"{'measure':<44} {'refs/s':>10}")
    print(f"{'match (blocking + scoring + explanations)':<44} {rate:>10,.0f}")
    print(f"{'reference: bare SQLite lookup by DOI':<44} {ref_rate:>10,.0f}")
    print(f"{'ratio match / reference':<44} {rate / ref_rate:>10.3f}")
    print(f"{'parse printed strings (CRF + rules)':<44} {parse_rate:>10,.0f}")
    print(f"peak RSS {peak:,.0f} MB; targets: >= 2,000 refs/s, < 2,048 MB")
    print(
        f"links: {tp}/{present} present works found, {fp} wrong links among {REFERENCES} references"
    )
    if PG_URL:
        _postgresql(refs, sample, [_doi(r) for r in results])


def _postgresql(refs: list[tuple[dict, str | None]], sample: list[Record], dois: list) -> None:
    """The same records and references on PostgreSQL (``BENCH_CITATIONS_PG``: an empty database)."""
    import psycopg
    from sqlalchemy.engine import make_url

    start = time.perf_counter()
    with BiblioDB(PG_URL) as db:
        db.upsert(random_records(RECORDS, SEED), batch=20000)
        build_s = time.perf_counter() - start
        matcher = Matcher(db)
        start = time.perf_counter()
        results = [matcher.match(ref) for ref, _ in refs]
        match_s = time.perf_counter() - start
        url = make_url(db.shareable or "")
    params = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    with psycopg.connect(**{k: v for k, v in params.items() if v}, password=url.password) as bare:
        start = time.perf_counter()
        for rec in sample:
            bare.execute("SELECT * FROM biblio_records WHERE doi = %s", (rec.doi,)).fetchall()
        lookup_s = time.perf_counter() - start
    same = sum(_doi(r) == d for r, d in zip(results, dois, strict=True))
    rate, ref_rate = REFERENCES / match_s, REFERENCES / lookup_s
    print(f"PostgreSQL: {RECORDS:,} records loaded in {build_s:.1f} s")
    print(f"{'match on PostgreSQL':<44} {rate:>10,.0f}")
    print(f"{'reference: bare PostgreSQL lookup by DOI':<44} {ref_rate:>10,.0f}")
    print(f"{'ratio match / reference':<44} {rate / ref_rate:>10.3f}")
    print(f"same accepted DOI as on SQLite for {same}/{len(refs)} references")


def _pick(records, wanted: set[int]) -> list[Record]:
    return [rec for i, rec in enumerate(records) if i in wanted]


def _doi(result) -> str | None:
    cand = result.accepted.get("crossref")
    return cand.record.doi if cand else None


def _parse_rate(rng: random.Random, count: int = 2000) -> float:
    texts = [
        "".join(t for t, _ in segs) for segs in synth.generate(count, seed=rng.randint(0, 10**6))
    ]
    start = time.perf_counter()
    for text in texts:
        parse(text)
    return count / (time.perf_counter() - start)


if __name__ == "__main__":
    main()
