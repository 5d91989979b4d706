"""Re-scoring the stale references of one retitled record: CPU per stale reference, four ways.

A random citation index in a SQLite file (``BENCH_RESCORE_RECORDS`` records, default 3,000, and
``BENCH_RESCORE_REFS`` cached references, default 10,000; 47 first-author surnames, the commonest
far more often, five years and four journals, so a record of the commonest surname shares its
author+year key with about one reference in seven, as in the synthetic collections; two in three
references copy a record's fields, so they match it, with its journal key and, half of the time,
its DOI). Every reference is matched once and cached (``match_cache`` rows with query and trace),
then one record of the commonest surname is retitled (``Revised: ...``, as ``bench_scale`` does).
Each row starts from a copy of that index and counts the CPU of finding the stale references
(``match_cache.stale``), reading their rows (``stale_rows``) and re-scoring them
(``rescore.rescore_all``); the rows' writes are left out (one ``executemany``, the same for all).

Rows: a full match of every stale reference from its cached query (the reference: what the links
stage did before re-scoring existed, minus loading the articles' models), re-scoring every
reference the author+year lookup finds with every reference planned (``DISMISS`` and ``QUICK``
off), with the dismissal by the indexed ``author_year`` column, and with both (today's build).
Per stale reference is per reference the lookup finds without the dismissal, so the rows compare
the same work. The best of three runs each.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks._common import print_table

_SURNAMES = [f"Surname{n}" for n in range(47)]
_JOURNALS = ["Rev Saude Publica", "Cad Saude Publica", "Rev Bras Enferm", "Cienc Saude Colet"]
_WORDS = ["quedas", "idosos", "fraturas", "dengue", "saude", "bairro", "municipio", "recife", "natal", "escolar", "vacina", "renal", "cuidado", "atencao", "basica", "familia", "hospital", "mortalidade", "infantil", "gestantes", "tuberculose", "adesao", "tratamento", "qualidade", "vida"]  # fmt: skip


def _surname(rng: random.Random) -> str:
    """A first author, the common ones far more often (weights 1, 1/2, 1/3, ...)."""
    return rng.choices(_SURNAMES, weights=[1 / (k + 1) for k in range(len(_SURNAMES))])[0]


def _index(path: Path, n_records: int, n_refs: int) -> None:
    from scielo_pub.citations import match_cache as cache
    from scielo_pub.citations.collection_links import accepted_and_trace
    from scielo_pub.citations.db import BiblioDB, Record
    from scielo_pub.citations.match import Matcher, Query
    from scielo_pub.citations.normalise import fold, journal_key

    rng = random.Random(17)
    records = []
    for n in range(n_records):
        title = " ".join(rng.sample(_WORDS, rng.randint(4, 8))).capitalize()
        records.append(Record(
            rng.choice(["scielo", "lilacs"]), f"R{n:06d}", doi=f"10.1590/r{n}" if rng.random() < 0.5 else None,
            title=title, source=rng.choice(_JOURNALS), year=str(rng.randint(2008, 2012)),
            volume=str(rng.randint(1, 20)), fpage=str(rng.randint(1, 300)),
            authors=((_surname(rng), "A"),),
        ))  # fmt: skip
    with BiblioDB(str(path)) as db:
        db.upsert(records)
        cache.save(db, [], [], cache.Changes(), everything=True)
        matcher = Matcher(db)
        rows = []
        for n in range(n_refs):
            if rng.random() < 2 / 3:  # a reference to a record (its DOI half of the time)
                rec = rng.choice(records)
                q = Query(
                    ref_id=f"B{n}", doi=rec.doi if rng.random() < 0.5 else None, pmid=None,
                    title=fold(rec.title or ""), source_key=journal_key(rec.source), year=rec.year,
                    volume=rec.volume, fpage=rec.fpage, first_author=fold(rec.authors[0][0]),
                )  # fmt: skip
            else:
                q = Query(
                    ref_id=f"B{n}", doi=None, pmid=None,
                    title=fold(" ".join(rng.sample(_WORDS, rng.randint(4, 8)))),
                    source_key=journal_key(rng.choice(_JOURNALS)), year=str(rng.randint(2008, 2012)),
                    volume=None, fpage=None, first_author=fold(_surname(rng)),
                )  # fmt: skip
            citing = f"C{n // 30:05d}"
            pairs, trace = accepted_and_trace(matcher, q, citing)
            rows.append(cache.query_row(citing, q.ref_id, n % 30, "k", q, pairs, trace))
        cache.save_matches(db, rows, [])
        common = [r for r in records if r.authors[0][0] == _SURNAMES[0]]
        middle = common[len(common) // 2]  # an author of the commonest surname
        db.upsert([Record(middle.db, middle.ext_id, doi=middle.doi, title=f"Revised: {middle.title}",
                          source=middle.source, year=middle.year, volume=middle.volume,
                          fpage=middle.fpage, authors=middle.authors)])  # fmt: skip
        db.commit()


def _run(base: Path, work: Path, *, dismiss: bool, quick: bool, full: bool) -> tuple[float, int]:
    """CPU seconds to find, read and re-score (or match in full) the stale references; their
    count."""
    from scielo_pub.citations import match_cache as cache
    from scielo_pub.citations import rescore
    from scielo_pub.citations.collection_links import accepted_and_trace
    from scielo_pub.citations.db import BiblioDB
    from scielo_pub.citations.match import Matcher

    shutil.copy(base, work)
    cache.DISMISS, rescore.QUICK = dismiss, quick
    try:
        with BiblioDB(str(work)) as db:
            start = time.process_time()
            changes = cache.changes_since_snapshot(db)
            rows = cache.stale_rows(db, cache.stale(db, changes))
            if full:
                matcher = Matcher(db)
                for row in rows:
                    accepted_and_trace(matcher, row.query, row.citing)
            else:
                rescore.rescore_all(db, 0.8, changes.versions, rows)
            return time.process_time() - start, len(rows)
    finally:
        cache.DISMISS, rescore.QUICK = True, True


def main() -> None:
    n_records = int(os.environ.get("BENCH_RESCORE_RECORDS", "3000"))
    n_refs = int(os.environ.get("BENCH_RESCORE_REFS", "10000"))
    with tempfile.TemporaryDirectory(prefix="bench-rescore-") as tmp:
        base, work = Path(tmp) / "base.sqlite", Path(tmp) / "work.sqlite"
        start = time.perf_counter()
        _index(base, n_records, n_refs)
        print(f"index: {n_records} records, {n_refs} references matched and cached in "
              f"{time.perf_counter() - start:.1f} s; one record retitled")  # fmt: skip
        variants = [
            ("full match of each stale reference (reference)", False, False, True),
            ("re-scored, every reference planned", False, False, False),
            ("re-scored, author_year dismissal", True, False, False),
            ("re-scored, dismissal + quick path (today)", True, True, False),
        ]
        results = {}
        for label, dismiss, quick, full in variants:
            best = min(
                (_run(base, work, dismiss=dismiss, quick=quick, full=full) for _ in range(3)),
                key=lambda r: r[0],
            )
            results[label] = best
        stale = results[variants[0][0]][1]
        ref = results[variants[0][0]][0]
        rows = [
            [label, count, f"{seconds * 1000:.1f}", f"{seconds / stale * 1e6:.1f}",
             f"{ref / seconds:.1f}x"]
            for label, (seconds, count) in results.items()
        ]  # fmt: skip
        print_table(["way", "references read", "CPU ms", "us per stale reference", "vs full"], rows)
        print(f"stale references (author+year lookup without the dismissal): {stale}")


if __name__ == "__main__":
    main()
