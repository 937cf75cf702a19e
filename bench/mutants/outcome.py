"""What a consumer did with one payload, and whether a mutant's answer breaks the contract
where the reference's keeps it. Standard library only: the anchors' environments import it."""

from __future__ import annotations

import math
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from typing import Any

DEADLINE = 2.0
"""Seconds a call may take: fuzz_consumer's default deadline."""

PRODUCTION_RECURSION_LIMIT = 1000
"""The interpreter's default: what a consumer has outside a test runner that raised it."""


@dataclass(frozen=True)
class Outcome:
    kind: str
    """``accepted`` (returned), ``rejected`` (raised ValueError), ``raised`` (raised anything
    else) or ``slow`` (still running at the deadline)."""
    result: Any = None
    error: str = ""


class _Late(Exception):
    pass


def observe(parse: Callable[[bytes], Any], payload: bytes, deadline: float = DEADLINE) -> Outcome:
    """Call ``parse(payload)``, interrupted at ``deadline`` seconds where signals allow it."""
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:

        def expire(signum: int, frame: object) -> None:
            raise _Late

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, deadline)
    start = time.perf_counter()
    try:
        result = parse(payload)
    except _Late:
        return Outcome("slow", error=f"still running after {deadline} s")
    except ValueError as error:
        return Outcome("rejected", error=f"{type(error).__name__}: {error}"[:300])
    except Exception as error:
        return Outcome("raised", error=f"{type(error).__name__}: {error}"[:300])
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if time.perf_counter() - start > deadline:
        return Outcome("slow", error=f"took more than {deadline} s")
    return Outcome("accepted", result)


@contextmanager
def production_recursion_limit(limit: int = PRODUCTION_RECURSION_LIMIT) -> Iterator[None]:
    """Run the block under the recursion limit a consumer has in production."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def breach(reference: Outcome, mutant: Outcome) -> str | None:
    """How the mutant's outcome breaks the contract that the reference's keeps, or None."""
    if reference.kind not in ("accepted", "rejected"):
        raise AssertionError(f"the reference itself broke the contract: {reference.error}")
    if mutant.kind == "slow":
        return f"too slow ({mutant.error})"
    if mutant.kind == "raised":
        return f"raised {mutant.error}"
    if reference.kind == "rejected" and mutant.kind == "accepted":
        return f"accepted what the reference rejects ({reference.error})"
    if reference.kind == "accepted" and mutant.kind == "rejected":
        return f"rejected what the reference accepts ({mutant.error})"
    if reference.kind == "accepted" and not equivalent(reference.result, mutant.result):
        return "returned a different result"
    return None


def equivalent(a: Any, b: Any) -> bool:
    """Same value, compared without recursion: dataclasses by name and fields, numbers by
    value (with the sign of zero), booleans only with booleans, date-times by instant and
    awareness, objects by members, arrays (lists or tuples) by items."""
    pending = [(a, b)]
    while pending:
        x, y = pending.pop()
        if is_dataclass(x) and not isinstance(x, type):
            # A mutant's classes are its own copies of the reference's: compare by name.
            if type(x).__qualname__ != type(y).__qualname__ or not is_dataclass(y):
                return False
            pending.extend((getattr(x, f.name), getattr(y, f.name)) for f in fields(x))
        elif isinstance(x, Mapping):
            if not isinstance(y, Mapping) or x.keys() != y.keys():
                return False
            pending.extend((x[key], y[key]) for key in x)
        elif isinstance(x, (list, tuple)):
            if not isinstance(y, (list, tuple)) or len(x) != len(y):
                return False
            pending.extend(zip(x, y, strict=True))
        elif isinstance(x, bool) or isinstance(y, bool):
            if type(x) is not type(y) or x != y:
                return False
        elif isinstance(x, (int, float)) and isinstance(y, (int, float)):
            if x != y or (x == 0 and math.copysign(1, x) != math.copysign(1, y)):
                return False
        elif isinstance(x, datetime):
            if not isinstance(y, datetime) or (x.tzinfo is None) != (y.tzinfo is None):
                return False
            if x != y:
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True
