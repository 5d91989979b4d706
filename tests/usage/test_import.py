"""Import into the store (SQLite and PostgreSQL): fingerprints, transactions, months, reports."""

from __future__ import annotations

import gzip
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from scielo_pub.store import connect
from scielo_pub.store import usage_schema as u
from scielo_pub.usage import importer
from scielo_pub.usage.aggregate import monthly_usage, pending_months, robot_share, store_report
from scielo_pub.usage.counter import Counts
from scielo_pub.usage.importer import import_logs

from .helpers import at, line
from .store_seed import seed

FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"
PDF = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/2764-5010-rsd-12-01-0001-pt.pdf"
ABSTRACT = "/j/ecl/v8n1/0718-462X-ecl-8-1-0001/abstract.es.html"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def engine(store_url):
    eng = connect(store_url)
    seed(eng)
    yield eng
    eng.dispose()


def write(path, lines, gz=False):
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def totals(engine, begin="2024-06", end="2024-06") -> dict[int, Counts]:
    with engine.connect() as conn:
        out: dict[int, list[int]] = {}
        for us in monthly_usage(conn, begin, end):
            t = out.setdefault(us.item_id, [0, 0, 0, 0])
            for i, v in enumerate(
                (
                    us.counts.total_investigations,
                    us.counts.total_requests,
                    us.counts.unique_investigations,
                    us.counts.unique_requests,
                )
            ):
                t[i] += v  # fmt: skip
    return {k: Counts(*v) for k, v in out.items()}


LOG = [
    line(FT, at(0)), line(FT, at(20)), line(PDF, at(25)), line(FT, at(0, hour=11)),
    line(ABSTRACT, at(5), ip="200.9.9.9"), line(FT, at(1), agent=BOT),
    line("/css/x.css", at(2)), line("/nowhere", at(3)), "garbage",
]  # fmt: skip


def test_import_counts_and_report(engine, tmp_path):
    report = import_logs(engine, [write(tmp_path / "a.log", LOG)])
    t = report.totals()
    assert (t["read"], t["kept"], t["robot_items"]) == (9, 5, 1)
    assert (t["static"], t["unknown_url"], t["malformed"], t["robot"]) == (1, 1, 1, 1)
    assert report.months == ["2024-06"]
    assert totals(engine) == {10: Counts(3, 3, 2, 2), 20: Counts(1, 0, 1, 0)}
    with engine.connect() as conn:
        assert robot_share(conn, "2024-06", "2024-06")[(10, "2024-06")] == (1, 3)
        assert pending_months(conn) == []
        row = conn.execute(select(u.usage_files)).one()
    assert row.robots_version.startswith("counter-robots ")
    assert row.ignored == {"static": 1, "unknown_url": 1, "malformed": 1, "robot": 1}


def test_same_file_twice_counts_once_even_gzipped(engine, tmp_path):
    import_logs(engine, [write(tmp_path / "a.log", LOG)])
    again = import_logs(engine, [write(tmp_path / "b.log.gz", LOG, gz=True)])
    assert [f.status for f in again.files] == ["duplicate"]
    assert totals(engine)[10] == Counts(3, 3, 2, 2)


def test_interrupted_import_leaves_nothing(engine, tmp_path, monkeypatch):
    real = importer._batches

    def broken(spool):
        yield from real(spool)
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_batches", broken)
    with pytest.raises(KeyboardInterrupt):
        import_logs(engine, [write(tmp_path / "a.log", LOG)])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(u.usage_events)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(u.usage_files)).scalar() == 0
    monkeypatch.setattr(importer, "_batches", real)
    assert import_logs(engine, [tmp_path / "a.log"]).files[0].status == "imported"
    assert totals(engine)[10] == Counts(3, 3, 2, 2)


def test_unreadable_files_are_reported_and_the_rest_goes_on(engine, tmp_path):
    bad = tmp_path / "bad.log.gz"
    bad.write_bytes(gzip.compress(random.Random(1).randbytes(5000))[:200])
    report = import_logs(engine, [tmp_path / "missing.log", bad, write(tmp_path / "a.log", LOG)])
    assert [f.status for f in report.files] == ["unreadable", "unreadable", "imported"]


def test_double_click_across_files_and_month_boundary(engine, tmp_path):
    # 23:59:50 on 30 June in one file, 00:00:10 on 1 July in another: one action, counted in July.
    a = write(tmp_path / "june.log", [line(FT, "30/Jun/2024:23:59:50 +0000")])
    b = write(tmp_path / "july.log", [line(FT, "01/Jul/2024:00:00:10 +0000")])
    import_logs(engine, [a])
    assert totals(engine)[10].total_requests == 1
    import_logs(engine, [b])
    assert 10 not in totals(engine, "2024-06", "2024-06")
    assert totals(engine, "2024-07", "2024-07")[10].total_requests == 1


def test_store_report_json(engine, tmp_path):
    import_logs(engine, [write(tmp_path / "a.log", LOG + [line("/search?q=dengue", at(9))])])
    tr = store_report(engine, "TR_J3", "2024-06", "2024-06")
    rsd = next(i for i in tr["Report_Items"] if i["Title"] == "Revista Saúde Digital")
    assert rsd["Attribute_Performance"][0]["Performance"]["Total_Item_Requests"] == {"2024-06": 3}
    pr = store_report(engine, "PR_P1", "2024-06", "2024-06")
    assert pr["Report_Items"][0]["Attribute_Performance"][0]["Performance"] == {
        "Searches_Platform": {"2024-06": 1}
    }


def test_parallel_import_equals_serial(store_url, tmp_path):
    rng = random.Random(3)
    lines = [line(rng.choice([FT, PDF, ABSTRACT]), at(rng.randrange(7200)),
                  ip=f"200.1.1.{rng.randrange(5)}") for _ in range(400)]  # fmt: skip
    files = [write(tmp_path / f"p{i}.log", lines[i::4]) for i in range(4)]
    eng = connect(store_url)
    seed(eng)
    import_logs(eng, files, jobs=2)
    parallel = totals(eng)
    eng.dispose()
    one = tmp_path / "one"
    one.mkdir()
    serial_engine = connect(f"sqlite:///{one / 'store.sqlite'}")
    seed(serial_engine)
    import_logs(serial_engine, [write(one / "all.log", lines)])
    assert parallel == totals(serial_engine)
    serial_engine.dispose()


hits = st.tuples(st.sampled_from([FT, PDF, ABSTRACT]), st.integers(0, 3 * 3600), st.integers(0, 2))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(hits, min_size=1, max_size=40), st.randoms(), st.integers(1, 4))
def test_shuffled_and_split_logs_count_the_same(tmp_path_factory, hits, rnd, parts):
    """A log, and the same lines shuffled and split across files, give the same counts."""
    lines = [line(t, at(s), ip=f"200.2.2.{ip}") for t, s, ip in hits]
    folder = tmp_path_factory.mktemp("prop")
    whole = connect(f"sqlite:///{folder / 'whole.sqlite'}")
    split = connect(f"sqlite:///{folder / 'split.sqlite'}")
    seed(whole)
    seed(split)
    import_logs(whole, [write(folder / "whole.log", lines)])
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    files = [
        write(folder / f"s{i}.log", shuffled[i::parts] + [f"# part {i}"]) for i in range(parts)
    ]
    import_logs(split, files)
    assert totals(whole) == totals(split)
    whole.dispose()
    split.dispose()
