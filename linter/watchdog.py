"""One alarm per document instead of a clock per regex call.

Every policy pattern runs under the run's time limit (`regex-timeout`), so a pattern that
runs away on some text is stopped and reported (WL106) rather than hanging the run. The
`regex` module's `timeout=` argument does that, but costs ~1.5 us per call whatever the
text (a short metadata value included); an article runs a dozen policy patterns, so the
clock was ~8% of the time spent on it (bench/README.md).

Where the platform has `signal.setitimer` and the checks run on a process's main thread
(the CLI, and its worker processes), the engine instead arms one interval timer per
document and runs the patterns without `timeout=`. `regex` checks for signals while it
matches, so the alarm interrupts a runaway pattern just as the timeout would, and the
wrappers in checks/base.py report it the same way, naming the pattern. Elsewhere (Windows,
a thread, a program that uses SIGALRM itself), every call carries `timeout=` as before.

The limit then bounds the time since the document's checks began rather than one call, so
it is used only for documents small enough that all their checks take a tiny share of the
limit (`fits`): a normal article takes ~0.2 ms, the default limit is 1 s. Bigger documents
keep the per-call timeout. After an alarm the timer is armed again for the remaining rules.

Arming is a deadline, not a system call: `setitimer` cost ~3.5 us a call here (two per
document). `arm` records the document's deadline and sets the timer only when none is
pending; a timer that goes off before the current deadline (it was set for an earlier
document) sets itself again for the rest, and one that goes off with nothing armed is
ignored. A steady run of documents thus costs about one system call a second. Such a
timer may go off between documents, in the caller's code: the handler returns at once,
and Python retries the system call it interrupted (PEP 475). `disable` cancels it.
"""

from __future__ import annotations

import os
import signal
import time
from types import FrameType
from typing import Any

# Documents of up to this many characters per second of limit go under the alarm. All
# checks of an article cost ~30 ns per character of its body, so such a document takes
# under 1% of the limit and the alarm can only go off for a runaway pattern.
CHARS_PER_SECOND = 300_000


class Expired(BaseException):
    """The alarm went off: the document's checks ran past the time limit.

    A BaseException, so no `except Exception` in a check can swallow it.
    """


_enabled = False
_armed = False
_deadline = 0.0  # when the armed document's time is up (time.monotonic)
_pending = False  # a timer is set and has not gone off yet …
_fires_at = 0.0  # … at this time (time.monotonic)
_previous: Any = None


def _forked() -> None:
    # A child process has no timer of its parent's (POSIX), only its copy of these flags.
    global _armed, _pending
    _armed = _pending = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    global _armed, _pending
    _pending = False
    if not _armed:  # set for a document that has finished, or landed just after `disarm`
        return
    left = _deadline - time.monotonic()
    if left > 0:  # set for an earlier document: wait for the rest of this one's time
        _set(left)
        return
    _armed = False
    raise Expired


def _set(seconds: float) -> None:
    global _pending, _fires_at
    _pending = True
    _fires_at = time.monotonic() + seconds
    signal.setitimer(signal.ITIMER_REAL, seconds)


def enable() -> bool:
    """Take over SIGALRM for this process if that is possible; True when the alarm is in use."""
    global _enabled, _previous
    if _enabled:
        return True
    if not hasattr(signal, "setitimer"):
        return False
    try:
        current = signal.getsignal(signal.SIGALRM)
        if current not in (signal.SIG_DFL, signal.SIG_IGN) or signal.getitimer(signal.ITIMER_REAL)[0]:
            return False  # someone else's alarm: leave it alone
        _previous = signal.signal(signal.SIGALRM, _on_alarm)
    except (ValueError, OSError):  # not the main thread
        return False
    _enabled = True
    return True


def disable() -> None:
    """Give SIGALRM back (the end of a run in this process)."""
    global _enabled, _pending
    if not _enabled:
        return
    disarm()
    signal.setitimer(signal.ITIMER_REAL, 0)
    _pending = False
    signal.signal(signal.SIGALRM, _previous)
    _enabled = False


def enabled() -> bool:
    return _enabled


def fits(chars: int, seconds: float) -> bool:
    """Can a document of `chars` characters be checked under one alarm of `seconds`?"""
    return _enabled and chars <= seconds * CHARS_PER_SECOND


def arm(seconds: float) -> None:
    """Expired is raised once `seconds` have passed, unless `disarm` comes first."""
    global _armed, _deadline
    _deadline = time.monotonic() + seconds
    _armed = True
    if not _pending or _fires_at > _deadline:
        _set(seconds)
    # Otherwise the pending timer goes off sooner and sets itself again for the rest of
    # this document's time (`_on_alarm`).


def disarm() -> None:
    """No Expired from here on; the timer is left to go off (and be ignored) or be reused."""
    global _armed
    _armed = False
