"""The local executor: results in input order, failures as values, forked workers' collections."""

from __future__ import annotations

import gc

from scielo_pub import executors
from scielo_pub.executors import LocalExecutor, TaskFailure


def _frozen(n: int) -> int:
    return gc.get_freeze_count()


def _half(n: int) -> float:
    if n == 3:
        raise ValueError("three")
    return n / 2


def test_results_in_input_order_and_a_failure_as_a_value():
    done = LocalExecutor(2).map(_half, range(6), cost=lambda n: n % 3)
    assert done[:3] == [0, 0.5, 1] and done[4:] == [2, 2.5]
    assert isinstance(done[3], TaskFailure) and done[3].kind == "ValueError"


def test_a_forked_worker_freezes_what_it_inherited(monkeypatch):
    """``FREEZE_IN_WORKERS``: a worker's collections walk only the objects it made (what it
    inherited moved to the permanent generation as it starts), not the coordinator's heap."""
    held = [{"n": n} for n in range(10_000)]  # tracked objects the workers inherit
    mine = gc.get_freeze_count()
    assert all(count >= mine + len(held) for count in LocalExecutor(2).map(_frozen, range(4)))
    monkeypatch.setattr(executors, "FREEZE_IN_WORKERS", False)
    assert LocalExecutor(2).map(_frozen, range(4)) == [mine] * 4
    assert gc.get_freeze_count() == mine  # the coordinator's own generations as they were


def test_a_progress_bar_starts_no_monitor_thread():
    """A bar drawn before a fork starts no thread that could hold tqdm's lock in the child."""
    import threading

    from scielo_pub.executors import _bar

    with _bar(3, "tasks", True) as bar:
        bar.update(1)
        names = [type(t).__name__ for t in threading.enumerate()]
    assert "TMonitor" not in names


def _thresholds(n: int) -> tuple[int, int, int]:
    return gc.get_threshold()


def test_a_forked_worker_collects_at_pythons_thresholds(monkeypatch):
    """``heap.worker``: a worker's objects are one task's, so it does not keep the youngest
    generation of ``heap.YOUNG`` the coordinator paces its long-lived objects with (its cyclic
    garbage would pass to the seldom collected older generations)."""
    from scielo_pub import heap

    saved = gc.get_threshold()
    try:
        gc.set_threshold(heap.YOUNG, *saved[1:])  # as ``heap.begin`` leaves the coordinator
        assert LocalExecutor(2).map(_thresholds, range(4)) == [heap.DEFAULT] * 4
        assert gc.get_threshold()[0] == heap.YOUNG  # the coordinator's as they were
        monkeypatch.setattr(heap, "WORKER_DEFAULT", False)
        assert {t[0] for t in LocalExecutor(2).map(_thresholds, range(4))} == {heap.YOUNG}
    finally:
        gc.set_threshold(*saved)
