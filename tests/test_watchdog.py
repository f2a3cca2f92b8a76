"""The per-document alarm (linter/watchdog.py): deadlines kept with few system calls."""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Iterator

import pytest

from linter import watchdog

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers on this platform")


@pytest.fixture()
def alarm() -> Iterator[None]:
    assert watchdog.enable()
    try:
        yield
    finally:
        watchdog.disable()


def _spin(seconds: float) -> float:
    """Busy Python code for up to `seconds`; returns how long it ran before Expired."""
    start = time.monotonic()
    with pytest.raises(watchdog.Expired):
        while time.monotonic() - start < seconds:
            sum(range(100))
    return time.monotonic() - start


def test_the_alarm_goes_off_at_the_deadline(alarm: None) -> None:
    watchdog.arm(0.05)
    assert 0.04 <= _spin(2.0) < 0.5


def test_disarm_means_no_alarm(alarm: None) -> None:
    watchdog.arm(0.02)
    watchdog.disarm()
    time.sleep(0.05)  # the timer goes off with nothing armed: ignored
    watchdog.arm(0.05)
    assert 0.04 <= _spin(2.0) < 0.5


def test_a_timer_left_from_an_earlier_document_is_not_late_for_a_later_one(alarm: None) -> None:
    # Documents one after another: the first document's timer is still pending when the
    # second is armed, goes off before the second's deadline and waits for the rest.
    watchdog.arm(0.05)
    time.sleep(0.03)
    watchdog.disarm()
    watchdog.arm(0.05)  # deadline 0.05 s from here; the pending timer goes off in ~0.02 s
    ran = _spin(2.0)
    assert 0.04 <= ran < 0.5


def test_a_shorter_limit_than_the_pending_timer_is_still_kept(alarm: None) -> None:
    watchdog.arm(5.0)
    watchdog.disarm()
    watchdog.arm(0.05)  # the pending timer would go off in 5 s: it is set again
    assert 0.04 <= _spin(2.0) < 0.5


def test_documents_in_a_row_set_the_timer_rarely(alarm: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = [0]
    real = signal.setitimer

    def counting(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        calls[0] += 1
        return real(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", counting)
    for _ in range(1000):
        watchdog.arm(1.0)
        watchdog.disarm()
    assert calls[0] == 1


def _child_alarm(queue: multiprocessing.Queue[float]) -> None:
    watchdog.enable()
    watchdog.arm(0.05)
    queue.put(_spin(2.0))


def test_a_forked_child_sets_its_own_timer(alarm: None) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    # A timer pending in the parent, due before the child's deadline: the child does not
    # inherit it, so it must not count on it going off.
    watchdog.arm(0.01)
    watchdog.disarm()
    ctx = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[float] = ctx.Queue()
    child = ctx.Process(target=_child_alarm, args=(queue,))
    child.start()
    ran = queue.get(timeout=5)
    child.join(5)
    assert 0.04 <= ran < 0.5
