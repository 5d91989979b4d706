"""The build on a real Dask cluster (LocalCluster, 2 worker processes on 127.0.0.1) against ``-j 1``."""

from __future__ import annotations

import functools
import hashlib
import os
import signal
import sqlite3
import sys
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import cloudpickle
import pytest

from scielo_pub.build import build
from scielo_pub.citations import collection_links
from scielo_pub.cli import main
from scielo_pub.executors import DaskExecutor, LocalExecutor
from scielo_pub.synthetic import generate

DEMO = Path(__file__).resolve().parent.parent / "collections" / "demo"
N_DEMO = sum(1 for p in DEMO.glob("journals/*/issues/*/*") if p.suffix in (".xml", ".sgm"))

# The hooks below travel to the workers by value (the test modules need not be importable there).
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _cluster():
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
        dashboard_address=":0", scheduler_port=0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cluster():
    with _cluster() as running:
        yield running


@pytest.fixture(scope="module")
def serial_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    report = build(DEMO, out, executor=LocalExecutor(1))
    assert len(report.published) == N_DEMO and not report.failed
    return out


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file of a built site and its hash; the store is compared by content (it holds stamps),
    and the read cache's stat fingerprints (inodes and mtimes of this host's files) and pickles
    (models and index data: equal objects pickle differently by how their strings are shared;
    ``tests/render/test_incremental.py`` compares them loaded) are left out, and so is the
    templates' bytecode (``render.bytecode``: written only by a process that had not loaded the
    templates yet, which depends on the tests that ran before in it)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.parent.relative_to(root).as_posix() != ".scielo-pub/templates"
        and not p.name.startswith("store.sqlite")
        and p.name not in ("fingerprints.json", "index.sqlite")
        and p.suffix != ".pickle"
    }


def _without_index(hashes: dict[str, str]) -> dict[str, str]:
    """A site's files but the SQLite citation index (a build with a PostgreSQL store has none)."""
    return {k: v for k, v in hashes.items() if k != ".scielo-pub/citations.sqlite"}


def store_digests(url: str) -> dict[str, str]:
    """What the store shows of each article (its digest covers row, children and references)."""
    from sqlalchemy import select

    from scielo_pub import store
    from scielo_pub.store import schema

    engine = store.connect(url, create=False)
    try:
        with engine.connect() as conn:
            t = schema.articles
            return dict(
                conn.execute(select(t.c.ident, t.c.digest).where(t.c.deleted.is_(False))).all()
            )
    finally:
        engine.dispose()


def test_dask_site_is_byte_identical_to_serial(cluster, serial_site, tmp_path, capsys):
    out = tmp_path / "dask"
    code = main(
        ["build", str(DEMO), "-o", str(out), "--no-pdf", "--dask", cluster.scheduler_address]
    )
    _, err = capsys.readouterr()
    assert code == 0
    assert f"Dask: dask:{cluster.scheduler_address}" in err
    assert "Dask dashboard: http://127.0.0.1:" in err
    serial, dask = tree_hashes(serial_site), tree_hashes(out)
    assert len(serial) > 100 and "index.html" in serial
    assert sorted(dask) == sorted(serial)
    assert dask == serial


def test_dask_build_writes_the_postgresql_store(
    cluster, serial_site, fresh_postgresql_url, tmp_path
):
    out = tmp_path / "dask"
    argv = ["build", str(DEMO), "-o", str(out), "--no-pdf", "--dask", cluster.scheduler_address]
    assert main([*argv, "--db", fresh_postgresql_url]) == 0
    assert not (out / ".scielo-pub" / "store.sqlite").exists()
    serial = store_digests(f"sqlite:///{serial_site / '.scielo-pub' / 'store.sqlite'}")
    assert len(serial) == N_DEMO
    assert store_digests(fresh_postgresql_url) == serial
    assert tree_hashes(out) == _without_index(
        tree_hashes(serial_site)
    )  # the index is in PostgreSQL


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_a_dask_build_writes_in_a_spawned_child(cluster, serial_site, tmp_path, monkeypatch, store,
                                                 request):  # fmt: skip
    """With many articles read now (``apart.FROM`` lowered) stages 5-8 run in a spawned child
    with a Dask client of its own, which writes the store in a spawned child of its own beside the
    outputs (its ``store (beside)`` row): the site and the store are the ``-j 1`` build's, and the
    build's own process only waited (its ``spawned`` row, after the child's stage rows)."""
    from scielo_pub import apart

    monkeypatch.setattr(apart, "FROM", 0)
    db = request.getfixturevalue("fresh_postgresql_url") if store == "postgresql" else None
    out = tmp_path / "dask"
    with DaskExecutor(cluster.scheduler_address) as executor:
        report = build(DEMO, out, executor=executor, db=db)
    names = [name for name, _, _ in report.stages]
    assert names[-8:] == ["found (child)", "links", "usage", "outputs", "store", "store (beside)",
                          "statistics", "spawned"]  # fmt: skip
    assert not [d for d in report.held if d.code.endswith("-apart")]
    assert len(report.published) == N_DEMO and report.exit_code == 0
    assert report.pages > 100 and report.store
    serial = tree_hashes(serial_site)
    assert tree_hashes(out) == (serial if db is None else _without_index(serial))
    url = db or f"sqlite:///{out / '.scielo-pub' / 'store.sqlite'}"
    assert store_digests(url) == store_digests(
        f"sqlite:///{serial_site / '.scielo-pub' / 'store.sqlite'}"
    )


def test_a_spawned_child_that_publishes_otherwise_leaves_the_stages_here(
    cluster, serial_site, tmp_path, monkeypatch
):
    """The child checks it publishes what the build's process published (the collection did not
    change meanwhile); when it does not, it gives nothing and the stages run here, with a note."""
    from scielo_pub import apart
    from scielo_pub import build as build_mod

    monkeypatch.setattr(apart, "FROM", 0)
    monkeypatch.setattr(build_mod, "published_digest", lambda content: "another collection")
    seen: list = []
    with DaskExecutor(cluster.scheduler_address) as executor:
        report = build(DEMO, tmp_path / "out", executor=executor, report=seen.append)
    (note,) = [d for d in seen if d.code == "build.links-statistics-apart"]
    assert "the collection changed during the build" in note.message
    names = [name for name, _, _ in report.stages]
    assert names[-6:] == ["spawned", "links", "usage", "outputs", "store", "statistics"]
    assert tree_hashes(tmp_path / "out") == tree_hashes(serial_site)


def test_the_comparison_sees_a_changed_page(serial_site, tmp_path):
    """The tree comparison above can fail: one byte changed in one page is seen."""
    copy = tmp_path / "copy"
    for rel in tree_hashes(serial_site):
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((serial_site / rel).read_bytes())
    page = next(p for p in sorted(copy.rglob("*.html")))
    page.write_bytes(page.read_bytes() + b" ")
    assert tree_hashes(copy) != tree_hashes(serial_site)


class _Hooked(DaskExecutor):
    """A Dask executor whose tasks pass through a test hook on the worker."""

    def __init__(self, client, hook, stages=("articles",)):
        super().__init__(client)
        self.hook, self.stages = hook, stages

    def map(self, fn, items, **kw):
        if kw.get("desc") in self.stages:
            fn = functools.partial(self.hook, fn)
        return super().map(fn, items, **kw)


class _Recording(DaskExecutor):
    def __init__(self, client):
        super().__init__(client)
        self.stages: list[tuple[str, int]] = []

    def map(self, fn, items, **kw):
        items = list(items)
        self.stages.append((kw.get("desc", ""), len(items)))
        return super().map(fn, items, **kw)


def test_partitioned_reference_matching_on_dask_equals_serial(cluster, tmp_path, monkeypatch):
    from dask.distributed import Client

    collection = generate(tmp_path / "col", 8, per_issue=4, issues_per_journal=1)
    monkeypatch.setattr(collection_links, "PARTITION_SIZE", 10**9)  # one pass, in this process
    serial = build(collection, tmp_path / "serial", executor=LocalExecutor(1))
    monkeypatch.setattr(collection_links, "PARTITION_SIZE", 20)
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        executor = _Recording(client)
        dask = build(collection, tmp_path / "dask", executor=executor)
    assert len(dask.published) == len(serial.published) == 8
    (partitions,) = [n for desc, n in executor.stages if desc == "references"]
    assert partitions > 5
    assert ("journals", 2) in executor.stages
    with closing(sqlite3.connect(tmp_path / "dask" / ".scielo-pub" / "citations.sqlite")) as db:
        (internal,) = db.execute(
            "SELECT count(*) FROM biblio_citations WHERE target_db = 'scielo'"
        ).fetchone()
    assert internal > 10  # the synthetic articles cite each other: cited-by lists are exercised
    assert tree_hashes(tmp_path / "dask") == tree_hashes(tmp_path / "serial")


def test_partitioned_matching_reads_the_postgresql_index_on_dask(
    cluster, tmp_path, monkeypatch, fresh_postgresql_url
):
    """With the store in PostgreSQL the citation index is there too; every worker reads it."""
    from dask.distributed import Client
    from sqlalchemy import create_engine, text

    collection = generate(tmp_path / "col", 8, per_issue=4, issues_per_journal=1)
    serial = build(collection, tmp_path / "serial", executor=LocalExecutor(1))
    monkeypatch.setattr(collection_links, "PARTITION_SIZE", 20)
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        executor = _Recording(client)
        dask = build(collection, tmp_path / "dask", executor=executor, db=fresh_postgresql_url)
    assert len(dask.published) == len(serial.published) == 8
    (partitions,) = [n for desc, n in executor.stages if desc == "references"]
    assert partitions > 5
    assert not (tmp_path / "dask" / ".scielo-pub" / "citations.sqlite").exists()
    engine = create_engine(fresh_postgresql_url)
    try:
        with engine.connect() as conn:
            internal = conn.execute(text(
                "SELECT count(*) FROM biblio_citations WHERE target_db = 'scielo'")).scalar_one()  # fmt: skip
    finally:
        engine.dispose()
    with closing(sqlite3.connect(tmp_path / "serial" / ".scielo-pub" / "citations.sqlite")) as db:
        (expected,) = db.execute(
            "SELECT count(*) FROM biblio_citations WHERE target_db = 'scielo'"
        ).fetchone()
    assert internal == expected > 10
    assert tree_hashes(tmp_path / "dask") == _without_index(tree_hashes(tmp_path / "serial"))


def _slow(marks: str, fn, item):
    """Mark the task's start (with the worker's pid), take a while, then run it."""
    Path(marks, f"start-{os.getpid()}-{uuid.uuid4().hex}").touch()
    time.sleep(0.25)
    return fn(item)


def _explode_on(name: str, fn, item):
    source = item[0] if isinstance(item, tuple) else None
    if getattr(source, "path", None) is not None and source.path.name == name:
        raise RuntimeError(f"injected failure for {name}")
    return fn(item)


def test_killed_worker_loses_no_article(serial_site, tmp_path):
    from dask.distributed import Client

    marks = tmp_path / "marks"
    marks.mkdir()
    with _cluster() as cluster, Client(cluster) as client:
        pids = set(client.run(os.getpid).values())
        executor = _Hooked(client, functools.partial(_slow, str(marks)))
        result: dict = {}
        worker = threading.Thread(
            target=lambda: result.update(report=build(DEMO, tmp_path / "out", executor=executor))
        )
        worker.start()
        deadline = time.monotonic() + 30
        while len(list(marks.iterdir())) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        newest = max(marks.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        victim = int(newest.name.split("-")[1])
        assert victim in pids
        os.kill(victim, signal.SIGKILL)
        worker.join(timeout=60)
        assert not worker.is_alive()
        assert victim not in set(client.run(os.getpid).values())
    report = result["report"]
    assert len(report.published) == N_DEMO and not report.failed
    started = {int(p.name.split("-")[1]) for p in marks.iterdir()}
    # tasks ran on the killed worker and on others; every article came out all the same
    assert victim in started and started - {victim}
    assert len(list(marks.iterdir())) >= N_DEMO
    assert tree_hashes(tmp_path / "out") == tree_hashes(serial_site)


@pytest.mark.parametrize("kind", ["serial", "pool", "dask"])
def test_a_task_that_raises_is_that_articles_diagnostic(kind, cluster, tmp_path):
    from dask.distributed import Client

    victim = "2764-5010-rsd-12-01-0015.xml"
    hook = functools.partial(_explode_on, victim)
    seen = []
    if kind == "dask":
        with Client(cluster.scheduler_address, set_as_default=False) as client:
            report = build(
                DEMO, tmp_path / "out", executor=_Hooked(client, hook), report=seen.append
            )
    else:
        local = LocalExecutor(1 if kind == "serial" else 2)
        local.map = functools.partial(_local_hooked, local.map, hook)
        report = build(DEMO, tmp_path / "out", executor=local, report=seen.append)
    assert [Path(p).name for p in report.failed] == [victim]
    assert len(report.published) == N_DEMO - 1
    (diag,) = [d for d in seen if d.code == "build.task-failed"]
    assert diag.path.endswith(victim) and diag.is_error
    assert "RuntimeError: injected failure" in diag.message
    assert report.exit_code == 1
    assert (tmp_path / "out" / "index.html").is_file()


def _local_hooked(original, hook, fn, items, **kw):
    return original(functools.partial(hook, fn), items, **kw)


def test_progress_bar_counts_tasks(capsys):
    done = LocalExecutor(1, progress=True).map(abs, [-1, -2, -3], desc="articles")
    assert done == [1, 2, 3]
    err = capsys.readouterr().err
    assert "articles" in err and "3/3" in err
    LocalExecutor(1, progress=False).map(abs, [-1], desc="articles")
    assert "articles" not in capsys.readouterr().err


def test_a_bad_scheduler_address_is_a_usage_error(tmp_path, capsys):
    code = main(["build", str(DEMO), "-o", str(tmp_path / "out"), "--dask", "foo://nowhere"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler foo://nowhere" in err and "tcp" in err
    assert not (tmp_path / "out").exists()


def test_the_dask_window_is_a_few_tasks_per_worker_thread():
    """Each pending task holds an article's bytes in the coordinator: the window follows the
    cluster's threads (``PER_THREAD`` each, at least ``MIN_WINDOW``), or the one asked for."""
    from types import SimpleNamespace

    executor = object.__new__(DaskExecutor)
    executor.window = None
    executor.client = SimpleNamespace(nthreads=lambda: {"w1": 1, "w2": 1})
    assert executor._window() == DaskExecutor.MIN_WINDOW == 64
    executor.client = SimpleNamespace(nthreads=lambda: {f"w{n}": 4 for n in range(8)})
    assert executor._window() == 32 * DaskExecutor.PER_THREAD == 256
    executor.window = 10
    assert executor._window() == 10
