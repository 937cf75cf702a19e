"""The bulk path: documents from a seed without Hypothesis, for the CLI and corpus export.

Document ``i`` of seed ``s`` is drawn from its own ``RandomSource`` seeded with ``"s:i"``, so
any slice of the sequence (a shard, a worker's share) is the same whoever computes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from .source import RandomSource, Source

T = TypeVar("T")


def draw_at(generate: Callable[[Source], T], seed: int | str, index: int) -> T:
    return generate(RandomSource(f"{seed}:{index}"))


def draw_many(
    generate: Callable[[Source], T], seed: int, count: int, start: int = 0
) -> Iterator[T]:
    """Documents ``start`` to ``start + count - 1`` of the sequence for ``seed``."""
    for index in range(start, start + count):
        yield draw_at(generate, seed, index)
