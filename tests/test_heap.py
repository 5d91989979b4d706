"""``heap.settle``: in a process that froze its imports (as ``scielo-pub`` does), what is alive is
moved out of the cyclic collector's way; elsewhere nothing is frozen."""

from __future__ import annotations

import subprocess
import sys

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


def _run(froze: bool, settle: bool = True) -> tuple[str, int]:
    code = _PROGRAM.format(froze=froze, settle=settle)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    done, tracked = out.stdout.split()
    return done, int(tracked)


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
