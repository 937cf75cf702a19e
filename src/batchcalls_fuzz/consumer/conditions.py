"""Production conditions for a consumer call: a deadline and the interpreter's own recursion
limit.

Hypothesis raises the recursion limit while a test runs (about 2,000 against 1,000 outside), so
a consumer that recurses a few frames per level of nesting would pass deep input under test and
crash in production. The limit is captured when this module is first imported (the pytest
plugin imports it at start-up, before any test runs) and restored around each consumer call,
counting only the frames above the caller of ``fuzz_consumer``.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

PRODUCTION_RECURSION_LIMIT = sys.getrecursionlimit()


class ConsumerTimeout(Exception):
    """Raised inside a consumer call that outlived its deadline."""


def stack_depth() -> int:
    """Frames on the current thread's stack, this function's caller included."""
    depth = 0
    frame = sys._getframe(1)
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


def production_limit() -> int:
    """The recursion limit the interpreter had before Hypothesis (or anything else) raised it."""
    return min(PRODUCTION_RECURSION_LIMIT, sys.getrecursionlimit())


def _under_limit(
    function: Callable[[Any], Any], argument: Any, limit: int | None, base_depth: int
) -> Any:
    """``function(argument)`` with the recursion limit that it would have at ``base_depth``
    frames in production: ``limit`` plus the frames the test machinery put in between."""
    if limit is None:
        return function(argument)
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + max(stack_depth() - base_depth, 0))
    try:
        return function(argument)
    finally:
        sys.setrecursionlimit(previous)


def call_under_conditions(
    function: Callable[[Any], Any],
    argument: Any,
    deadline: float,
    limit: int | None = None,
    base_depth: int = 0,
) -> Any:
    """Call ``function(argument)`` under ``limit`` (see ``_under_limit``); raise
    ConsumerTimeout past ``deadline`` seconds. In the main thread an alarm interrupts the call;
    elsewhere the call runs in a helper thread and is abandoned when late."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expire(signum: int, frame: object) -> None:
            raise ConsumerTimeout

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, deadline)
        try:
            return _under_limit(function, argument, limit, base_depth)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = _under_limit(function, argument, limit, stack_depth())
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise ConsumerTimeout
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
