"""Corpus work spread over processes that end with their parent, even after a SIGKILL."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from .spec import CorpusSpec, chunks, warm

_PR_SET_PDEATHSIG = 1
AHEAD = 8
"""Chunks submitted per worker ahead of the one the parent waits for: results come back in
order, and with only a few in flight a worker idles whenever the oldest chunk is slow
(a stalled file system, a malformed chunk among valid ones)."""


def _end_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when its parent dies (Linux); elsewhere, a thread
    watches the parent and ends the worker when it is gone."""
    # Workers leave Ctrl-C and SIGTERM to the parent, which stops cleanly and says how far
    # it got; a worker ends when the parent shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # Inherited objects stay out of the worker's collections (no time spent on them, no
    # copy-on-write of the pages shared with the parent).
    gc.freeze()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def in_parallel(
    spec: CorpusSpec, jobs: int, task: Callable[..., list[Any]], stop: Sequence[int]
) -> Iterator[Any]:
    """``task(spec, kind, indices)`` for every chunk, run by ``jobs`` processes, results in
    chunk order; once ``stop`` is set nothing more is submitted, and the chunks already
    running are finished and yielded, so that what workers wrote is always reported."""
    warm(spec)
    context = get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[list[Any]]] = deque()
        try:
            for kind, indices in chunks(spec):
                if stop:
                    break
                pending.append(pool.submit(task, spec, kind, indices))
                if len(pending) >= AHEAD * jobs:
                    yield from pending.popleft().result()
            for future in pending:
                if stop:
                    future.cancel()
            for future in pending:
                if not future.cancelled():
                    yield from future.result()
        except BaseException:
            # A failed chunk (a full disk) fails the export: the chunks not started yet are
            # not run; those running finish, and what they journalled is settled.
            for future in pending:
                future.cancel()
            raise
