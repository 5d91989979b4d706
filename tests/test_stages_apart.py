"""The links, outputs and store stages run apart (``apart.FROM``, ``scielo_pub.apart``): each in
a forked child; the links stage then in the build's process as a rebuild with nothing changed. The
site and the store are those the stages run in the build's own process write (the site byte for
byte); the build's process allocates a fraction of what each stage allocates there (``tracemalloc``
peak within the stage, after a warm-up build); a child that dies leaves its stage to the build's
process, with a note. ``apart.run`` itself: a result, an exception, a death."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import tracemalloc
from contextlib import closing
from pathlib import Path

import pytest

from scielo_pub import apart, stage_links
from scielo_pub import build as build_mod
from scielo_pub.render import site as site_mod
from scielo_pub.synthetic import generate

N = 24


def _tree(out: Path) -> dict[str, str]:
    """Every site file (the build's own records in ``.scielo-pub`` aside) and its hash."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".scielo-pub" not in p.relative_to(out).parts
    }


def _store_rows(out: Path) -> dict[str, list]:
    """The store's tables that a build writes (the build's time stamps left out)."""
    queries = {
        "articles": "SELECT ident, digest, title, deleted FROM articles ORDER BY ident",
        "matches": "SELECT r.article_id, r.ref_id, m.db, m.ext_id, m.target_article_id "
        "FROM reference_matches m JOIN article_references r ON r.id = m.reference_id "
        "ORDER BY 1, 2, 3, 4",
        "citations": "SELECT citing_article_id, ref_id, cited_article_id, score FROM citations "
        "ORDER BY 1, 2, 3",
        "inputs": "SELECT article_id, input_digest FROM article_inputs ORDER BY 1",
        "links": "SELECT article_id, matches_digest, cited_digest FROM article_links ORDER BY 1",
    }
    with closing(sqlite3.connect(out / ".scielo-pub" / "store.sqlite")) as db:
        return {name: db.execute(sql).fetchall() for name, sql in queries.items()}


def _build(
    folder: Path, out: Path, apart_from: int, beside: bool = True
) -> tuple[build_mod.BuildReport, dict]:
    """A clean build of ``folder`` with ``apart.FROM`` and ``apart.BESIDE`` set; its report and
    the links, outputs and store stages' traced peaks in this process."""
    seen: dict[str, int] = {}

    def traced(name, plain):
        def stage(*args, **kwargs):
            tracemalloc.start()
            try:
                return plain(*args, **kwargs)
            finally:
                seen[name] = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()

        return stage

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apart, "FROM", apart_from)
        patch.setattr(apart, "BESIDE", beside)
        for name in ("link_references", "_write_outputs", "write_store"):
            patch.setattr(build_mod, name, traced(name, getattr(build_mod, name)))
        report = build_mod.build(folder, out, jobs=2)
    return report, seen


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("apart")
    folder = generate(base / "c", N, per_issue=4, issues_per_journal=3)
    _build(folder, base / "warm", 10**9, False)  # what a process loads once, loaded
    here, here_peak = _build(folder, base / "here", 10**9, False)
    away, away_peak = _build(folder, base / "away", 0, False)
    beside, beside_peak = _build(folder, base / "beside", 0)
    return {"here": (here, here_peak, base / "here"), "away": (away, away_peak, base / "away"),
            "beside": (beside, beside_peak, base / "beside"),
            "folder": folder, "base": base}  # fmt: skip


@pytest.mark.parametrize("kind", ["away", "beside"])
def test_the_site_and_store_are_the_same_with_the_stage_apart(built, kind):
    here, _peak, here_out = built["here"]
    away, _peak, away_out = built[kind]
    assert here.exit_code == away.exit_code == 0
    assert len(away.published) == N and away.published == here.published
    assert away.counts == here.counts and away.store == here.store
    assert _tree(away_out) == _tree(here_out)
    assert _store_rows(away_out) == _store_rows(here_out)
    assert not [d for d in away.held if d.code.endswith("-apart")]
    beside = [name for name, _wall, _cpu in away.stages if name == "store (beside)"]
    assert beside == (["store (beside)"] if kind == "beside" else [])


@pytest.mark.parametrize("kind", ["away", "beside"])
@pytest.mark.parametrize("stage", ["link_references", "_write_outputs", "write_store"])
def test_the_build_process_allocates_a_fraction_of_each_stage_apart(built, stage, kind):
    here, away = built["here"][1][stage], built[kind][1][stage]
    assert away * 3 < here, (away, here)


@pytest.mark.parametrize("beside", [True, False])
def test_a_child_that_dies_leaves_its_stage_to_the_build_process(built, monkeypatch, beside):
    here = os.getpid()

    def dies_in_a_child(real):
        def stage(*args, **kwargs):
            if os.getpid() != here:
                os._exit(7)
            return real(*args, **kwargs)

        return stage

    for module, name in ((stage_links, "_linked"), (site_mod, "write_site"),
                         (build_mod, "write_store")):  # fmt: skip
        monkeypatch.setattr(module, name, dies_in_a_child(getattr(module, name)))
    out = built["base"] / f"died-{beside}"
    report, _peak = _build(built["folder"], out, 0, beside)
    notes = [d.code for d in report.held if "exit code 7" in d.message]
    assert notes == ["build.links-apart", "build.outputs-apart", "build.store-apart"]
    assert report.exit_code == 0 and len(report.published) == N
    assert _tree(out) == _tree(built["here"][2])


def test_the_store_is_written_beside_the_outputs_stage(built, monkeypatch):
    """With ``apart.BESIDE`` on a pool of two, the store stage's child starts before the outputs
    stage and writes while it runs; the build's process only waits for it."""
    here, log = os.getpid(), built["base"] / "times.txt"

    def timed(name, real):
        def stage(*args, **kwargs):
            start = time.monotonic()
            try:
                return real(*args, **kwargs)
            finally:
                with log.open("a") as f:
                    f.write(f"{name} {os.getpid() != here} {start} {time.monotonic()}\n")

        return stage

    monkeypatch.setattr(build_mod, "write_store", timed("store", build_mod.write_store))
    monkeypatch.setattr(site_mod, "write_site", timed("outputs", site_mod.write_site))
    out = built["base"] / "timed"
    report, _peak = _build(built["folder"], out, 10**9)
    assert report.exit_code == 0 and _tree(out) == _tree(built["here"][2])
    assert _store_rows(out) == _store_rows(built["here"][2])
    times = {}
    for line in log.read_text().splitlines():
        name, child, start, end = line.split()
        times.setdefault(name, []).append((child == "True", float(start), float(end)))
    (outputs,) = times["outputs"]
    child, waited = sorted(times["store"], reverse=True)  # the child's, then the wait here
    assert child[0] and not outputs[0] and not waited[0]
    assert child[1] < outputs[2]  # it was writing before the outputs stage ended
    assert waited[1] >= outputs[2]


def test_only_a_local_pool_of_two_or_more_writes_the_store_beside(monkeypatch):
    from types import SimpleNamespace

    from scielo_pub.executors import LocalExecutor

    assert apart.beside(LocalExecutor(2)) and not apart.beside(LocalExecutor(1))
    assert not apart.beside(SimpleNamespace(jobs=4, remote=True))  # a Dask client's
    monkeypatch.setattr(apart, "BESIDE", False)
    assert not apart.beside(LocalExecutor(2))


def test_start_gives_the_stages_result_diagnostics_and_times_when_finished(tmp_path):
    from scielo_pub.errors import Diagnostic, Severity

    held = [1]

    def stage(report):
        held.append(2)
        report(Diagnostic("x", 1, 1, Severity.WARNING, "told", "t.told", "t"))
        return sum(held)

    told = []
    child = apart.start("store", stage, tmp_path)
    assert child.finish(told.append) == (True, 3) and held == [1]
    assert [d.code for d in told] == ["t.told"] and child.times is not None

    def dies(report):
        os._exit(5)

    child, told = apart.start("store", dies, tmp_path), []
    assert child.finish(told.append) == (False, None) and child.times is None
    assert [d.code for d in told] == ["build.store-apart"] and "exit code 5" in told[0].message


def test_run_gives_the_childs_result_and_leaves_this_process_as_it_was():
    held = [1]

    def work():
        held.append(2)  # the child's copy
        return sum(held)

    assert apart.run(work) == 3 and held == [1] and apart.LAST_FAILURE == ""


def test_run_gives_none_and_the_reason_when_the_child_raises_or_dies():
    def raises():
        raise ValueError("no index here")

    assert apart.run(raises) is None and apart.LAST_FAILURE == "ValueError: no index here"
    assert apart.run(lambda: os._exit(3)) is None and "exit code 3" in apart.LAST_FAILURE


# -- the spawned child (``apart.spawned``: a Dask build's stages 5-8) -------------------------------


def _told(job, report):
    """A stage for a spawned child: one diagnostic, and twice ``job``."""
    from scielo_pub.errors import Diagnostic, Severity

    report(Diagnostic("x", 1, 1, Severity.WARNING, f"told {job}", "t.told", "t"))
    return job * 2


def _fails(job, report):
    """A stage for a spawned child that raises (``job`` a message) or dies (``job`` an int)."""
    if isinstance(job, int):
        os._exit(job)
    raise ValueError(job)


def test_a_spawned_child_gives_its_result_and_diagnostics(tmp_path):
    told: list = []
    assert apart.spawned("later", _told, 21, tmp_path, told.append) == (True, 42)
    assert [d.message for d in told] == ["told 21"] and apart.LAST_FAILURE == ""


def test_a_spawned_child_that_raises_or_dies_gives_none_and_a_note(tmp_path):
    told: list = []
    assert apart.spawned("later", _fails, "no scheduler", tmp_path, told.append) == (False, None)
    assert [d.code for d in told] == ["build.later-apart"]
    assert "ValueError: no scheduler" in told[0].message
    told.clear()
    assert apart.spawned("later", _fails, 3, tmp_path, told.append) == (False, None)
    assert "exit code 3" in told[0].message


def _waits(job, report):
    """A stage for a spawned child that waits until the file ``job`` exists, then reads it."""
    path = Path(job)
    for _ in range(6000):
        if path.exists():
            return path.read_text()
        time.sleep(0.01)
    raise TimeoutError(job)


def test_a_started_spawned_child_runs_while_the_caller_goes_on(tmp_path):
    """``apart.spawn`` returns at once: the child waits for a file the caller writes after it
    started, and ``finish`` gives the child's result and its times (a stage run beside)."""
    flag = tmp_path / "flag"
    child = apart.spawn("store", _waits, str(flag), tmp_path)
    assert child.times is None
    flag.write_text("written after the start")
    assert child.finish([].append) == (True, "written after the start")
    assert child.times is not None and child.times[0] > 0


def test_a_spawned_child_never_waited_for_is_stopped(tmp_path):
    """A caller that raised between ``spawn`` and ``finish`` (the outputs stage, beside the store's
    child) drops its handle: the child is killed, so it writes nothing after the stage has gone
    to another process."""
    import gc

    child = apart.spawn("store", _waits, str(tmp_path / "never"), tmp_path)
    process = child._child
    assert process.poll() is None
    del child
    gc.collect()
    assert process.poll() is not None


def test_a_spawned_child_that_cannot_start_gives_none_and_a_note(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    told: list = []
    assert apart.spawn("store", _told, 1, tmp_path).finish(told.append) == (False, None)
    assert [d.code for d in told] == ["build.store-apart"]
    assert "could not start" in told[0].message


def test_a_spawned_child_does_not_run_the_callers_script_again(tmp_path):
    """A script without an ``if __name__ == "__main__"`` guard runs once: the child imports
    only what its function needs (``multiprocessing``'s spawn would run the script again)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    marks = tmp_path / "marks"
    script = tmp_path / "unguarded.py"
    script.write_text(
        f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom pathlib import Path\n"
        "from scielo_pub import apart\nfrom tests.test_stages_apart import _told\n"
        f"with open({str(marks)!r}, 'a') as f:\n    f.write('ran\\n')\n"
        "print(apart.spawned('later', _told, 2, Path('.'), print))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert marks.read_text() == "ran\n"
    assert done.stdout.strip().splitlines()[-1] == "(True, 4)"
