"""``heap.settle``: in a process that froze its imports (as ``scielo-pub`` does), what is alive is
moved out of the cyclic collector's way and the allocator's free memory given back; elsewhere
nothing is frozen. ``heap.begin`` paces the collector; the links stage's views leave no reference
cycle for a freeze to keep (``link_state.ACYCLIC``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_PROGRAM = """
import gc, sys
from scielo_pub import heap
heap.SETTLE = {settle}
if {froze}:
    gc.freeze()
class Article:
    pass
made = [Article() for _ in range(1000)]
done = heap.settle()
tracked = {{id(o) for o in gc.get_objects()}}
print(done, sum(id(o) in tracked for o in made))
"""


#: A clean build of 20 synthetic articles as ``scielo-pub build`` runs it (its imports frozen),
#: then how many of the links stage's inputs (``stage_links._LinkSource``, one per article) are alive.
_BUILD = """
import gc, sys
from pathlib import Path
from scielo_pub import build, stage_links
from scielo_pub.citations import link_state
from scielo_pub.synthetic import generate
link_state.ACYCLIC = {acyclic}
base = Path(sys.argv[1])
folder = generate(base / "c", 20, per_issue=5, issues_per_journal=2)
gc.freeze()
report = build.build(folder, base / "o", jobs=1)
assert not report.failed and report.exit_code == 0, report.summary()
gc.unfreeze()
print(sum(type(o) is stage_links._LinkSource for o in gc.get_objects()))
"""


#: 1,000 freed blocks of 64 KB, each between two kept ones (so the heap's top cannot shrink by
#: itself), then the process's anonymous memory in KB before and after settling.
_FREED = """
import gc
from scielo_pub import heap
heap.TRIM = {trim}
gc.freeze()
def anon():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("RssAnon:"))
blocks = [(bytearray(64 * 1024), bytearray(600)) for _ in range(1000)]
kept = [small for _big, small in blocks]
del blocks
before = anon()
heap.settle()
print(before, anon(), heap.trim())
"""


def _run(froze: bool, settle: bool = True) -> tuple[str, int]:
    code = _PROGRAM.format(froze=froze, settle=settle)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    done, tracked = out.stdout.split()
    return done, int(tracked)


def _count(program: str, *args: str) -> int:
    out = subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return int(out.stdout.split()[-1])


def test_a_process_that_froze_its_imports_settles_what_it_made():
    assert _run(froze=True) == ("True", 0)


def test_settling_off_leaves_the_objects_to_the_collector():
    assert _run(froze=True, settle=False) == ("False", 1000)


def test_a_process_that_froze_nothing_keeps_collecting():
    assert _run(froze=False) == ("False", 1000)


_PACED = """
import gc, sys
from scielo_pub import heap
heap.PACE = {pace}
heap.begin()
young = []
gc.callbacks.append(lambda phase, info: phase == "start" and young.append(info["generation"]))
class Node:
    pass
kept = []
for _ in range(300_000):
    kept.append(Node())
ring = Node()
ring.me = ring  # a reference cycle nobody holds: still collected
import weakref
gone = weakref.ref(ring)
del ring
for _ in range(2 * heap.YOUNG):
    kept.append(Node())
print(len(young), gone() is None)
"""


def _paced(pace: bool) -> tuple[int, str]:
    code = _PACED.format(pace=pace)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    runs, freed = out.stdout.split()
    return int(runs), freed


def test_begin_paces_the_collector_and_cycles_are_still_freed():
    runs, freed = _paced(pace=True)
    assert runs <= 10 and freed == "True"


def test_unpaced_the_collector_runs_hundreds_of_times():
    runs, freed = _paced(pace=False)
    assert runs > 300 and freed == "True"


def _freed(trim: bool) -> int:
    """KB of anonymous memory settling gave back in ``_FREED``."""
    code = _FREED.format(trim=trim)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, can = out.stdout.split()
    if can != "True":
        pytest.skip("no glibc malloc_trim here")
    return int(before) - int(after)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_settling_gives_the_allocators_free_memory_back():
    assert _freed(trim=True) > 32 * 1024  # of the 64 MB freed
    assert _freed(trim=False) < 8 * 1024


def test_a_build_keeps_none_of_the_links_stages_inputs(tmp_path):
    """The links stage's views refer to their mappings by key, the other way round;
    with ``ACYCLIC`` off both ways: then the views are garbage in a cycle when the stage ends, the build's
    ``settle`` freezes them, and every article's input of the stage stays (20 here)."""
    assert _count(_BUILD.format(acyclic=True), str(tmp_path / "on")) == 0
    assert _count(_BUILD.format(acyclic=False), str(tmp_path / "off")) == 20
