"""The objects alive in the ``scielo-pub`` process in, the collector's policy for them out.

``scielo-pub`` (``cli.run``) freezes what its imports made before a command runs (``gc.freeze``),
so the process is known to be the command's own and to end with it. In such a process
:func:`settle` moves what is alive now out of the cyclic collector's way: a build calls it after
each stage that makes an object per article (the published articles, their links), so a full
collection later in the build walks only what was made since, not 100,000 articles' objects each
time. Frozen objects are still freed by reference counting when the build drops them; only a
reference cycle among them would outlive its use, until the process ends (the stages leave none
behind: the links stage's views are acyclic, ``link_state.ACYCLIC``; a full collection before
each freeze would cost ~0.25 s of a one-article rebuild at 100,000 articles). After freezing,
:func:`settle` gives the C allocator's free memory back to the system (glibc's ``malloc_trim``):
a stage's freed memory stays in the process otherwise (the links stage's SQLite page cache, up to
64 MiB, and its Python objects' large tables: ~95 MB at 5,000 articles), and the later stages'
peak (the store's, which maps the citation index's pages) is reached on top of it. Elsewhere (a
test, a server, a program calling ``cli.main``) nothing was frozen and :func:`settle` does
nothing: a long-lived process must keep collecting its garbage.

:func:`begin` is what ``cli.run`` does before a command: the freeze, and a youngest generation of
``YOUNG`` objects instead of Python's 700. A rebuild of 100,000 articles makes about 1.6 million
objects that live on (sources, digests, link states); at 700 the collector ran ~2,300 young, ~200
middle and ~12 full collections over them, ~0.8 s of a one-article rebuild (``gc.callbacks``), and
at 100,000 it runs ~15 young ones (~0.3 s). Reference cycles are still found, after at most
``YOUNG`` new objects: a few megabytes of garbage at most.

:func:`worker` is what a forked pool worker (and the PDF printer, ``render.printer``) does as it
starts: it freezes what it inherited and goes back to Python's thresholds (``DEFAULT``). Its
objects are a task's, dropped when the task ends: the youngest generation of ``YOUNG`` that pays
off for a build's long-lived objects only lets its cyclic garbage pass into the older
generations, which are seldom collected. The read stage's two workers wrote 176 MB of pages at
1,000 articles with the coordinator's thresholds, 44 MB with Python's (measured by the method of
``benchmarks/bench_stage_memory.py``: docs/SCALE_HISTORY.md, the tenth round).

:func:`paused` keeps the collector from running inside a block that makes objects per article
and no reference cycles (the discover and publish stages): with it running, each object made
there is walked again by the young generations' collections and by every full collection that
the growing count of survivors triggers; paused, the young generations are collected once when
the block ends (so the little garbage it may have made is not frozen by :func:`settle`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: False: :func:`settle` never freezes (the tests compare both).
SETTLE = True
#: False: :func:`begin` leaves the collector's thresholds as Python sets them.
PACE = True
#: The youngest generation's threshold in a ``scielo-pub`` process.
YOUNG = 100_000
#: The collector's thresholds as Python set them, before :func:`begin`.
DEFAULT = gc.get_threshold()


def begin() -> None:
    """Freeze what the imports made (the process is the command's own) and collect the youngest
    generation every ``YOUNG`` new objects (the older generations' thresholds as they are)."""
    gc.freeze()
    if PACE:
        gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


#: False: :func:`worker` keeps the thresholds the worker inherited (the tests compare both).
WORKER_DEFAULT = True


def worker() -> None:
    """Freeze what this forked worker inherited, and collect at Python's thresholds
    (``WORKER_DEFAULT``): its objects live for one task."""
    gc.freeze()
    if WORKER_DEFAULT:
        gc.set_threshold(*DEFAULT)


#: False: :func:`settle` leaves the allocator's free memory in the process (the tests compare).
TRIM = True


def settle() -> bool:
    """Freeze what is alive now if this process froze its imports (``cli.run``), then give the
    allocator's free memory back (``TRIM``); whether it did."""
    if SETTLE and gc.get_freeze_count():
        gc.freeze()
        if TRIM:
            trim()
        return True
    return False


#: False: :func:`paused` lets the collector run (the tests compare both).
PAUSE = True


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector paused for the block (if it runs), then the young generations
    collected once and the collector running again."""
    if not PAUSE or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(1)


#: glibc's ``malloc_trim`` once looked up; False: none here.
_TRIM = None


def trim() -> bool:
    """Give the C allocator's free memory back to the system (glibc); whether it could."""
    global _TRIM
    if _TRIM is None:
        try:
            import ctypes

            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc
            _TRIM = False
    if not _TRIM:
        return False
    _TRIM(0)
    return True
