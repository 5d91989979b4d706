"""A function in, its result computed in a forked child process out (None when the child gave none).

A stage that makes and drops millions of small objects leaves the process's heap larger than
what stays alive: Python's allocator returns an arena to the system only when every object in it
is gone, and the objects a stage keeps (a digest, a view per article) are spread over the arenas
its passing objects filled. A clean build's links stage left ~130 MB of such arenas in the
coordinator at 1,000 articles, more as the collection grew, on top of which the later stages
peaked. Run in a forked child (:func:`run`), the stage's work never enters the coordinator's
heap: the child inherits the coordinator's state through the fork, writes what it derived where
the build keeps it (the citation index, the site, the store), and sends back only its small
picklable result (the stage's diagnostics and counts); the coordinator then reads what it needs of
the derived state (the links stage's views) as a rebuild would.

A build runs its links, outputs and store stages apart when it read ``FROM`` articles or more
this time (a clean build, a large change) with a local executor (:func:`wanted`), through
:func:`stage`: the child's diagnostics are collected there and reported here, in order, and a
child that gave nothing is noted and leaves the stage to the build's process. On a local pool of
two or more processes (:func:`beside`) the store stage's child is started before the outputs stage
and runs beside it (:func:`start`, ``Beside.finish``): neither reads what the other writes.

The child is a ``multiprocessing`` process of the ``fork`` context (not daemonic: it may start a
pool of its own); standard output and error are flushed before it forks, so nothing buffered is
written twice. A child that raises, is killed or exits without a result gives None, with the
reason in :data:`LAST_FAILURE`: the caller runs the function in its own process instead.

A Dask client's threads (its event loop, its thread pools) are not forked, so with a Dask cluster
(``executor.remote``) a build that read ``FROM`` articles or more runs its stages 5-8 in a
*spawned* child instead (:func:`spawn_wanted`, :func:`spawned`): a new interpreter that inherits
nothing, is given the build's arguments (picklable), finds the published articles as this build
recorded them (as a rebuild that reads nothing does) and opens a Dask client of its own; only its
small result and diagnostics come back (``spawned_stages``). That child runs its links stage in a
spawned child of its own, and writes the store in another (:func:`spawn`) beside its outputs stage,
as a local build forks them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import Diagnostic, Severity

T = TypeVar("T")
J = TypeVar("J")

#: Why the last :func:`run` gave no result ("" when it gave one).
LAST_FAILURE = ""

#: Articles read now from which a build runs its links, outputs and store stages apart (0:
#: always, with a local executor; the tests lower it). Below it their passing objects are few:
#: two rounds of ``collection_links.ARTICLES_PER_ROUND`` (500) articles, one chunk of the outputs'
#: article tasks, five batches of the store's records.
FROM = 1000


def wanted(executor: Any, fresh: int) -> bool:
    """Whether a build that read ``fresh`` articles now runs its stages apart: at least ``FROM``,
    and a local executor (a Dask client's threads are not forked)."""
    return fresh >= FROM and not executor.remote and available()


def spawn_wanted(executor: Any, fresh: int) -> bool:
    """Whether a build that read ``fresh`` articles now on a Dask cluster runs its stages 5-8 in a
    spawned child (:func:`spawned`): ``SPAWN``, at least ``FROM`` articles, a remote executor
    whose scheduler's address the child can dial."""
    return SPAWN and fresh >= FROM and executor.remote and bool(getattr(executor, "address", ""))


#: False: with a Dask cluster, stages 5-8 run in the build's own process (the tests compare both).
SPAWN = True


#: False: the store stage waits for the outputs stage, as before (the tests compare both).
BESIDE = True


def beside(executor: Any) -> bool:
    """Whether a build writes its store in a forked child beside its outputs stage (``start``):
    ``BESIDE`` and a local pool of two or more processes (``-j 1`` keeps the build in one
    process; a Dask client's threads are not forked)."""
    return BESIDE and getattr(executor, "jobs", 1) >= 2 and not executor.remote and available()


Report = Callable[[Diagnostic], None]


def stage(name: str, fn: Callable[[Report], T], out: Path, emit: Report) -> tuple[bool, T | None]:
    """The build's stage ``name`` as ``fn(report)`` in a forked child (:func:`run`), ``report``
    collecting its diagnostics, which ``emit`` is given here, in order: ``(True, fn's result)``;
    ``(False, None)`` with a note saying why when the child gave nothing (the build then runs the
    stage in its own process)."""
    return _reported(name, run(_collecting(fn)), out, emit)


def _collecting(fn: Callable[[Report], T]) -> Callable[[], tuple[T, list[Diagnostic]]]:
    """``fn`` called with a ``report`` that collects its diagnostics: (its result, them, and the
    wall and CPU seconds it took in the child)."""

    def child() -> tuple[T, list[Diagnostic], tuple[float, float]]:
        told: list[Diagnostic] = []
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn(told.append)
        return value, told, (time.perf_counter() - wall, time.process_time() - cpu)

    return child


def _reported(name: str, done: Any, out: Path, emit: Report) -> tuple[bool, Any]:
    """A stage child's outcome (``done``: its result and diagnostics, or None) given to ``emit``."""
    if done is None:
        emit(Diagnostic(str(out), 1, 1, Severity.INFO, f"the {name} stage ran in the build's own "
                        f"process: its child process failed ({LAST_FAILURE})",
                        f"build.{name}-apart", "build", "Nothing to do: the build went on."))  # fmt: skip
        return False, None
    value, told, _times = done
    for diag in told:
        emit(diag)
    return True, value


def available() -> bool:
    """Whether processes can be forked here (POSIX)."""
    return "fork" in multiprocessing.get_all_start_methods()


def run(fn: Callable[[], T]) -> T | None:
    """``fn()`` in a forked child process; its result (pickled back; ``fn`` must not return None),
    or None when the child gave none (it raised, died, or cannot be forked here:
    :data:`LAST_FAILURE` says why)."""
    started = _fork(fn)
    return _collect(*started) if started else None


def spawned(
    name: str, fn: Callable[[J, Report], T], job: J, out: Path, emit: Report
) -> tuple[bool, T | None]:
    """The build's stages ``name`` as ``fn(job, report)`` in a spawned child process (:func:`spawn`),
    waited for: their diagnostics given to ``emit`` here, in order, as :func:`stage` gives them."""
    return spawn(name, fn, job, out).finish(emit)


def spawn(name: str, fn: Callable[[J, Report], T], job: J, out: Path) -> Spawned:
    """The build's stages ``name`` as ``fn(job, report)`` started in a spawned child process that
    runs while the caller goes on (``Spawned.finish`` collects it). The child is a new interpreter
    running :func:`_spawned_main` (not ``multiprocessing``'s spawn, which imports the caller's main
    script again: a script that builds without an ``if __name__ == "__main__"`` guard would build
    twice), with this process's ``sys.path`` as its ``PYTHONPATH`` (so ``fn``'s module is found as
    here); ``fn`` (a module-level function) and ``job`` reach it pickled on its standard input, and
    its outcome comes back pickled through a pipe of its own. Its standard output and error are this
    process's (a progress bar, a warning)."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    payload = pickle.dumps((fn, job), protocol=pickle.HIGHEST_PROTOCOL)
    receive, send = os.pipe()
    code = f"from scielo_pub.apart import _spawned_main; _spawned_main({send})"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                 pass_fds=(send,), env=env)  # fmt: skip
    except OSError as exc:
        os.close(receive)
        os.close(send)
        return Spawned(name, out, None, -1, f"the child process could not start: {exc}")
    os.close(send)
    try:
        with contextlib.suppress(BrokenPipeError):  # a child that died first: told by finish
            child.stdin.write(payload)  # type: ignore[union-attr]
            child.stdin.close()  # type: ignore[union-attr]
    except BaseException:  # interrupted: the child goes too
        child.kill()
        child.wait()
        os.close(receive)
        raise
    return Spawned(name, out, child, receive, "")


class Spawned:
    """A spawned child running the build's stages ``name`` (:func:`spawn`): ``finish`` waits for
    it."""

    def __init__(self, name: str, out: Path, child: Any, receive: int, failure: str) -> None:
        self.name, self.out, self._child, self._receive = name, out, child, receive
        self._failure = failure  # why it did not start ("" when it did)
        #: The wall and CPU seconds the stages took in the child, once finished (None: it failed).
        self.times: tuple[float, float] | None = None
        # never waited for (the caller raised, or exits): stopped, so it writes nothing after
        # the stage has gone to another process
        self._stop = weakref.finalize(self, _stopped, child, receive) if child else None

    def finish(self, emit: Report) -> tuple[bool, Any]:
        """``(True, the stages' result)``, their diagnostics given to ``emit`` in order; ``(False,
        None)`` with a note saying why when the child gave nothing (the build then runs the stages
        in its own process)."""
        global LAST_FAILURE
        if self._child is None:
            LAST_FAILURE = self._failure
            return _reported(self.name, None, self.out, emit)
        child, self._child = self._child, None
        self._stop.detach()  # type: ignore[union-attr]
        with os.fdopen(self._receive, "rb") as answer:
            try:
                data = answer.read()  # until the child closes it: sent, or gone
                child.wait()
            except BaseException:  # interrupted: the child goes too
                child.kill()
                child.wait()
                raise
        done = _unpickled(data, child.returncode)
        self.times = done[2] if done is not None else None
        return _reported(self.name, done, self.out, emit)


def _stopped(child: Any, receive: int) -> None:
    """A spawned child that was never waited for, killed and reaped; its pipe closed."""
    child.kill()
    child.wait()
    os.close(receive)


def _unpickled(data: bytes, returncode: int) -> Any:
    """The spawned child's outcome (``_spawned_main``); None (with :data:`LAST_FAILURE`) when it
    sent none."""
    try:
        ok, value = pickle.loads(data) if data else (False, None)
    except Exception as exc:  # a truncated answer: the child died while sending it
        ok, value = False, f"its answer did not unpickle ({type(exc).__name__})"
    return _settled(ok, value, returncode)


def _spawned_main(fd: int) -> None:
    """The spawned child's body: ``fn`` and ``job`` read from standard input, ``fn(job, report)``
    run, and its outcome sent back through the file descriptor ``fd``."""

    def run() -> Any:
        fn, job = pickle.load(sys.stdin.buffer)
        return _collecting(lambda report: fn(job, report))()

    with os.fdopen(fd, "wb") as answer:
        answer.write(pickle.dumps(_attempt(run), protocol=pickle.HIGHEST_PROTOCOL))


class Beside:
    """A stage running in a forked child while the build goes on (:func:`start`): ``finish`` waits
    for it as :func:`stage` does."""

    def __init__(self, name: str, out: Path, started: tuple[Any, Any]) -> None:
        self.name, self.out, self._started = name, out, started
        #: The wall and CPU seconds the stage took in the child, once finished (None: it failed).
        self.times: tuple[float, float] | None = None

    def finish(self, emit: Report) -> tuple[bool, Any]:
        """``(True, the stage's result)``, its diagnostics given to ``emit`` in order; ``(False,
        None)`` with a note saying why when the child gave nothing (the build then runs the stage
        in its own process)."""
        done = _collect(*self._started)
        self.times = done[2] if done is not None else None
        return _reported(self.name, done, self.out, emit)


def start(name: str, fn: Callable[[Report], T], out: Path) -> Beside | None:
    """The build's stage ``name`` as ``fn(report)`` started in a forked child that runs beside the
    build's next stages (None when processes cannot be forked here): ``Beside.finish`` collects it.
    ``fn`` must read nothing the build changes meanwhile (the child has the build's state as it
    was at the fork)."""
    started = _fork(_collecting(fn))
    return Beside(name, out, started) if started else None


def _fork(fn: Callable[[], T]) -> tuple[Any, Any] | None:
    """A forked child process computing ``fn()`` and the end of the pipe its outcome comes
    through; None (with :data:`LAST_FAILURE`) when processes cannot be forked here."""
    global LAST_FAILURE
    if not available():
        LAST_FAILURE = "processes cannot be forked here"
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        receive.close()
        send.send(_attempt(fn))
        send.close()

    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    process = context.Process(target=child, name="scielo-pub-apart")
    process.start()
    send.close()
    return process, receive


def _collect(process: Any, receive: Any) -> Any:
    """The result the child of :func:`_fork` sent, once it ended; None (with
    :data:`LAST_FAILURE`) when it sent none."""
    try:
        ok, value = receive.recv()
    except (EOFError, OSError):
        ok, value = False, None
    finally:
        receive.close()
        process.join()
    return _settled(ok, value, process.exitcode)


def _attempt(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """A child's outcome: ``(True, fn())``, or ``(False, why)`` when it raised (the parent is
    told, and runs the stage itself)."""
    try:
        return True, fn()
    except BaseException as exc:
        return False, f"{type(exc).__name__}: {exc}"


def _settled(ok: bool, value: Any, exitcode: int | None) -> Any:
    """The child's result when ``ok``; else None, with why in :data:`LAST_FAILURE`."""
    global LAST_FAILURE
    if ok:
        LAST_FAILURE = ""
        return value
    LAST_FAILURE = value or f"the process ended with exit code {exitcode}"
    return None
