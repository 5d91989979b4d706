"""A function and a stream of inputs in, its results in input order out: where the build's tasks run.

The build hands every per-article stage and every partitioned collection-wide stage to an executor;
only the executor knows whether the tasks run here, in a local fork pool (``-j N``), or on a Dask
cluster (``--dask tcp://HOST:PORT``). Both offer one call, :meth:`Executor.map`: results come back in
input order, a task that raises comes back as a :class:`TaskFailure` (the build turns it into that
article's diagnostic), and a progress bar shows tasks done / total, rate and ETA on a terminal.

The local pool forks: the function and the inputs reach the workers through the fork (nothing is
pickled on the way in), only results are pickled back. Each worker freezes what it inherited
(``gc.freeze`` as it starts), so its collections walk only the objects it makes, and collects at
Python's own thresholds, not the coordinator's (``heap.worker``). The Dask executor pickles each
input with its task (article bytes travel with it) and submits them in windows (a few tasks per
worker thread), so the coordinator never holds more than a window of pending inputs; a worker that
dies has its tasks rerun elsewhere by the scheduler.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from . import heap

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class TaskFailure:
    """A task that raised, or whose worker died too often: what went wrong, for a diagnostic."""

    kind: str
    message: str

    def describe(self) -> str:
        return f"{self.kind}: {self.message}" if self.message else self.kind


class Executor(Protocol):
    """Runs one function over many inputs; results (or failures) in input order. ``arrived(index,
    result)``, when given, is called as each result arrives and its return value is kept instead
    (a caller that stores results elsewhere keeps only what it needs of each)."""

    #: Short name for reports: ``serial``, ``pool:4``, ``dask:tcp://...``.
    name: str
    #: True when tasks run in other hosts' processes: inputs must carry their data with them.
    remote: bool
    #: The Dask dashboard URL, when there is one.
    dashboard: str | None

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        total: int | None = None,
        desc: str = "tasks",
        cost: Callable[[T], float] | None = None,
        arrived: Callable[[int, R | TaskFailure], Any] | None = None,
    ) -> list[R | TaskFailure]: ...

    def close(self) -> None: ...


def progress_wanted(quiet: bool = False) -> bool:
    """A bar only for a person watching: not with ``--quiet``, not when output is piped."""
    return not quiet and sys.stdout.isatty() and sys.stderr.isatty()


def _bar(total: int, desc: str, enabled: bool):
    """A tqdm bar when ``enabled``, else a stand-in that counts nothing (tqdm is not imported: a
    quiet or piped build, a rebuild with nothing to read, does not pay for loading it)."""
    if not enabled:
        return _NO_BAR
    from tqdm import tqdm

    # no monitor thread: a process forked while it held tqdm's lock (a pool's worker, a stage
    # run apart, ``apart``) would wait for that lock for ever when it drew a bar of its own
    tqdm.monitor_interval = 0
    return tqdm(total=total, desc=desc, unit="task", disable=not enabled, file=sys.stderr,
                dynamic_ncols=True, smoothing=0.1)  # fmt: skip


class _NoBar:
    """What a disabled bar does: nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, n: int = 1) -> None:
        pass


_NO_BAR = _NoBar()


def _failure(exc: BaseException) -> TaskFailure:
    return TaskFailure(type(exc).__name__, str(exc))


def _guarded(fn: Callable[[T], R], item: T) -> R | TaskFailure:
    try:
        return fn(item)
    except Exception as exc:  # one task's bug becomes that task's failure, the others go on
        return _failure(exc)


# -- local -----------------------------------------------------------------------------------------

_FORKED: dict[str, Any] = {}


#: A forked worker moves what it inherited to the permanent generation first (``gc.freeze``):
#: its collections then walk only what it made, not the coordinator's heap (a full collection of
#: it would touch, and so copy, every page of that heap). It also sets Python's own collector
#: thresholds (``heap.worker``); off (the tests), a worker runs as forked, with neither.
FREEZE_IN_WORKERS = True


def _worker_start() -> None:
    """Run first in each forked worker: the inherited objects frozen (``FREEZE_IN_WORKERS``),
    Python's own collector thresholds (``heap.worker``)."""
    heap.worker()


def _forked_call(index: int) -> Any:
    return _guarded(_FORKED["fn"], _FORKED["items"][index])


class LocalExecutor:
    """Tasks in this process (``jobs`` 1) or in a fork pool of ``jobs`` processes."""

    remote = False
    dashboard = None

    def __init__(self, jobs: int | None = None, *, progress: bool = False) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.progress = progress
        self.name = "serial" if self.jobs == 1 else f"pool:{self.jobs}"

    def map(self, fn, items, *, total=None, desc="tasks", cost=None, arrived=None):
        items = list(items)
        results: list[Any] = [None] * len(items)
        keep = arrived or _same
        with _bar(len(items), desc, self.progress) as bar:
            if self.jobs == 1 or len(items) <= 1:
                for n, item in enumerate(items):
                    results[n] = keep(n, _guarded(fn, item))
                    bar.update(1)
                return results
            order = _order(items, cost)
            _FORKED.update(fn=fn, items=items)
            try:
                context = multiprocessing.get_context("fork")
                start = _worker_start if FREEZE_IN_WORKERS else None
                with context.Pool(min(self.jobs, len(items)), initializer=start) as pool:
                    done = pool.imap(_forked_call, order, chunksize=1)
                    for index, result in zip(order, done, strict=True):
                        results[index] = keep(index, result)
                        bar.update(1)
            finally:
                _FORKED.clear()
        return results

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _same(index: int, result: Any) -> Any:
    return result


def _order(items: Sequence[Any], cost: Callable[[Any], float] | None) -> list[int]:
    """Dearest first when costs are known, so the last worker is not left alone with the biggest."""
    if cost is None:
        return list(range(len(items)))
    return sorted(range(len(items)), key=lambda n: -cost(items[n]))


# -- Dask ------------------------------------------------------------------------------------------


class DaskExecutor:
    """Tasks on a ``dask.distributed`` cluster: a scheduler address, or an existing ``Client``.

    At most ``window`` tasks are submitted at a time (by default ``PER_THREAD`` per worker thread
    the cluster has when a map starts, at least ``MIN_WINDOW``): each pending task holds its input
    (an article's bytes) in this process until it is sent, so the window bounds that memory;
    ``cost`` is not used (the scheduler balances the workers by stealing work)."""

    remote = True
    #: Tasks submitted ahead per worker thread, and at least this many in all.
    PER_THREAD, MIN_WINDOW = 8, 64

    def __init__(
        self, address: str | Any, *, progress: bool = False, window: int | None = None
    ) -> None:
        from dask.distributed import Client

        if isinstance(address, Client):
            self.client, self._own = address, False
        else:
            _check_address(address)
            self.client, self._own = Client(address, set_as_default=False, timeout="20s"), True
        self.progress = progress
        self.window = max(1, window) if window else None
        #: The scheduler's address: another process of this build dials it (``apart.spawned``).
        self.address = self.client.scheduler.address
        self.name = f"dask:{self.address}"
        self.dashboard = _dashboard(self.client)

    def map(self, fn, items, *, total=None, desc="tasks", cost=None, arrived=None):
        from dask.distributed import as_completed

        keep = arrived or _same

        if total is None:
            items = list(items)
            total = len(items)
        results: list[Any] = [None] * total
        stream = iter(enumerate(items))
        with _bar(total, desc, self.progress) as bar:
            running = as_completed(loop=self.client.loop)
            pending: dict[str, int] = {}
            for index, item in itertools.islice(stream, self._window()):
                running.add(self._submit(fn, index, item, pending))
            for future in running:
                index = pending.pop(future.key)
                results[index] = keep(index, _outcome(future))
                future.release()
                bar.update(1)
                nxt = next(stream, None)
                if nxt is not None:
                    running.add(self._submit(fn, *nxt, pending))
        return results

    def _window(self) -> int:
        """How many tasks a map keeps submitted: ``window``, else ``PER_THREAD`` per worker thread
        the scheduler knows now (at least ``MIN_WINDOW``)."""
        if self.window:
            return self.window
        threads = sum(self.client.nthreads().values())
        return max(self.MIN_WINDOW, self.PER_THREAD * threads)

    def _submit(self, fn, index: int, item: Any, pending: dict[str, int]):
        future = self.client.submit(_guarded, fn, item, pure=False)
        pending[future.key] = index
        return future

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_address(address: str) -> None:
    """A scheduler address Dask can dial (``tcp://HOST:PORT``...); ValueError with the reason."""
    from distributed.comm.addressing import parse_address
    from distributed.comm.registry import get_backend

    scheme, location = parse_address(address)
    get_backend(scheme)  # ValueError naming the known schemes
    if not location:
        raise ValueError("no host given; use tcp://HOST:PORT")


def _outcome(future: Any) -> Any:
    """The task's result, or a failure when the worker died ``allowed-failures`` times."""
    try:
        return future.result()
    except Exception as exc:  # KilledWorker, CancelledError, a result that did not unpickle
        return _failure(exc)


def _dashboard(client: Any) -> str | None:
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # an old scheduler without the call: no dashboard to show
        return None
    return client.dashboard_link if "dashboard" in services else None


def executor_for(
    *, jobs: int | None = None, dask: str | None = None, progress: bool = False
) -> LocalExecutor | DaskExecutor:
    """The executor the command line asks for: ``--dask ADDRESS`` or the local pool of ``-j N``."""
    if dask:
        return DaskExecutor(dask, progress=progress)
    return LocalExecutor(jobs, progress=progress)


__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "TaskFailure",
    "executor_for",
    "progress_wanted",
]
