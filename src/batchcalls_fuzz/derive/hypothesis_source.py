"""The Hypothesis back end of ``Source``: every choice a Hypothesis draw (tests, shrinking)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from .source import Source

T = TypeVar("T")


# Strategies are looked up by their arguments on every draw: a dict is much cheaper than
# building (or cache-checking) a new strategy object each time.
_INTEGERS: dict[tuple[int, int], st.SearchStrategy[int]] = {}
_SAMPLED: dict[Sequence[Any], st.SearchStrategy[Any]] = {}
_TEXTS: dict[tuple[int, int], st.SearchStrategy[str]] = {}
_BOOLEANS = st.booleans()


class HypothesisSource:
    """A Source whose every choice is a Hypothesis draw."""

    __slots__ = ("_draw",)

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self._draw = draw

    def integer(self, low: int, high: int) -> int:
        strategy = _INTEGERS.get((low, high))
        if strategy is None:
            strategy = _INTEGERS[(low, high)] = st.integers(low, high)
        value: int = self._draw(strategy)
        return value

    def boolean(self) -> bool:
        value: bool = self._draw(_BOOLEANS)
        return value

    def choice(self, options: Sequence[T]) -> T:
        try:
            strategy = _SAMPLED.get(options)
        except TypeError:  # a list: not hashable, not cached
            strategy = st.sampled_from(options)
        if strategy is None:
            strategy = _SAMPLED[options] = st.sampled_from(options)
        value: T = self._draw(strategy)
        return value

    def flags(self, count: int) -> int:
        return self.integer(0, (1 << count) - 1)

    def packed(self, radices: Sequence[int]) -> tuple[int, ...]:
        # One integer in mixed radix, first radix lowest: a document has many date-times, and
        # one choice each instead of seven makes it draw and shrink faster.
        total = 1
        for radix in radices:
            total *= radix
        number = self.integer(0, total - 1)
        digits = []
        for radix in radices:
            number, digit = divmod(number, radix)
            digits.append(digit)
        return tuple(digits)

    def text(self, min_size: int, max_size: int) -> str:
        strategy = _TEXTS.get((min_size, max_size))
        if strategy is None:
            strategy = st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size)
            _TEXTS[(min_size, max_size)] = strategy
        value: str = self._draw(strategy)
        return value

    def real(self, low: float | None, high: float | None) -> float:
        value: float = self._draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        return value

    def many(
        self,
        element: Callable[[Source], T],
        min_size: int,
        max_size: int,
        unique_by: Callable[[T], Hashable] | None = None,
    ) -> list[T]:
        value: list[T] = self._draw(
            st.lists(
                _element_strategy(element),
                min_size=min_size,
                max_size=max_size,
                unique_by=unique_by,
            )
        )
        return value

    def strategy(self, strategy: st.SearchStrategy[T]) -> T:
        value: T = self._draw(strategy)
        return value


_ELEMENT_STRATEGIES: dict[Callable[[Source], Any], st.SearchStrategy[Any]] = {}


def _element_strategy(element: Callable[[Source], T]) -> st.SearchStrategy[T]:
    """One cached strategy per element generator, so st.lists shrinks element by element."""
    strategy = _ELEMENT_STRATEGIES.get(element)
    if strategy is None:
        strategy = as_strategy(element)
        _ELEMENT_STRATEGIES[element] = strategy
    return strategy


def as_strategy(generate: Callable[[Source], T]) -> st.SearchStrategy[T]:
    """The Hypothesis strategy that runs a Source-based generator."""

    @st.composite
    def run(draw: st.DrawFn) -> T:
        return generate(HypothesisSource(draw))

    return run()
