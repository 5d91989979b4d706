"""The links, outputs and store stages run apart (``apart.FROM``, ``scielo_pub.apart``): each in
a forked child; the links stage then in the build's process as a rebuild with nothing changed. The
site and the store are those the stages run in the build's own process write (the site byte for
byte); the build's process allocates a fraction of what each stage allocates there (``tracemalloc``
peak within the stage, after a warm-up build); a child that dies leaves its stage to the build's
process, with a note. ``apart.run`` itself: a result, an exception, a death."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from scielo_pub import apart
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


def _build(folder: Path, out: Path, apart_from: int) -> tuple[build_mod.BuildReport, dict]:
    """A clean build of ``folder`` with ``apart.FROM`` set; its report and the links, outputs and
    store stages' traced peaks in this process."""
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
        for name in ("link_references", "_write_outputs", "write_store"):
            patch.setattr(build_mod, name, traced(name, getattr(build_mod, name)))
        report = build_mod.build(folder, out, jobs=2)
    return report, seen


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("apart")
    folder = generate(base / "c", N, per_issue=4, issues_per_journal=3)
    _build(folder, base / "warm", 10**9)  # what a process loads once, loaded
    here, here_peak = _build(folder, base / "here", 10**9)
    away, away_peak = _build(folder, base / "away", 0)
    return {"here": (here, here_peak, base / "here"), "away": (away, away_peak, base / "away"),
            "folder": folder, "base": base}  # fmt: skip


def test_the_site_is_the_same_with_the_stage_apart(built):
    here, _peak, here_out = built["here"]
    away, _peak, away_out = built["away"]
    assert here.exit_code == away.exit_code == 0
    assert len(away.published) == N and away.published == here.published
    assert away.counts == here.counts and away.store == here.store
    assert _tree(away_out) == _tree(here_out)
    assert not [d for d in away.held if d.code.endswith("-apart")]


@pytest.mark.parametrize("stage", ["link_references", "_write_outputs", "write_store"])
def test_the_build_process_allocates_a_fraction_of_each_stage_apart(built, stage):
    here, away = built["here"][1][stage], built["away"][1][stage]
    assert away * 3 < here, (away, here)


def test_a_child_that_dies_leaves_its_stage_to_the_build_process(built, monkeypatch):
    here = os.getpid()

    def dies_in_a_child(real):
        def stage(*args, **kwargs):
            if os.getpid() != here:
                os._exit(7)
            return real(*args, **kwargs)

        return stage

    for module, name in ((build_mod, "_linked"), (site_mod, "write_site"),
                         (build_mod, "write_store")):  # fmt: skip
        monkeypatch.setattr(module, name, dies_in_a_child(getattr(module, name)))
    out = built["base"] / "died"
    report, _peak = _build(built["folder"], out, 0)
    notes = [d.code for d in report.held if "exit code 7" in d.message]
    assert notes == ["build.links-apart", "build.outputs-apart", "build.store-apart"]
    assert report.exit_code == 0 and len(report.published) == N
    assert _tree(out) == _tree(built["here"][2])


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
