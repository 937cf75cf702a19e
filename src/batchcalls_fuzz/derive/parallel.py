"""Items rendered by worker processes, yielded in index order: the same bytes for any number
of jobs, since item ``i`` depends on (seed, i) only."""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from ..errors import BatchCallsFuzzError

Render = Callable[[int], bytes]

CHUNK = 250
"""Items per task: large enough that a task's overhead is small, small enough to stream."""

_render: Render | None = None


def _install(render: Render) -> None:
    # A forked worker inherits its arguments in memory: the renderer (closures over a schema
    # model and profile) is never pickled.
    global _render
    _render = render
    # What the worker inherited is never garbage here: kept out of its collections, those
    # neither spend time on it nor write to (and so copy) the pages it shares with the parent.
    gc.freeze()


def _chunk(start: int, stop: int) -> bytes:
    assert _render is not None
    render = _render
    return b"".join([render(index) for index in range(start, stop)])


def rendered(
    render: Render,
    start: int,
    count: int,
    jobs: int = 1,
    prepare: Callable[[], None] | None = None,
) -> Iterator[bytes]:
    """``render(i)`` for ``i`` in ``start .. start + count - 1``, in that order; with ``jobs``
    above 1, chunks of them rendered by that many forked processes, after ``prepare`` ran in
    this one (compiling what every worker would otherwise compile for itself)."""
    if jobs < 1:
        raise BatchCallsFuzzError(f"jobs must be >= 1, got {jobs}")
    stop = start + count
    if jobs == 1 or count <= CHUNK:
        for index in range(start, stop):
            yield render(index)
        return
    if prepare is not None:
        prepare()
    context = get_context("fork")
    with ProcessPoolExecutor(jobs, context, initializer=_install, initargs=(render,)) as pool:
        pending: deque[Future[bytes]] = deque()
        for low in range(start, stop, CHUNK):
            pending.append(pool.submit(_chunk, low, min(low + CHUNK, stop)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
