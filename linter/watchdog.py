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
"""

from __future__ import annotations

import signal
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
_previous: Any = None


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    global _armed
    if _armed:  # an alarm that lands just after `disarm` is ignored
        _armed = False
        raise Expired


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
    global _enabled
    if not _enabled:
        return
    disarm()
    signal.signal(signal.SIGALRM, _previous)
    _enabled = False


def enabled() -> bool:
    return _enabled


def fits(chars: int, seconds: float) -> bool:
    """Can a document of `chars` characters be checked under one alarm of `seconds`?"""
    return _enabled and chars <= seconds * CHARS_PER_SECOND


def arm(seconds: float) -> None:
    global _armed
    _armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)


def disarm() -> None:
    global _armed
    _armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)
