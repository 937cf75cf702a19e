"""The Hypothesis back end of ``Source``: every choice a Hypothesis draw (tests, shrinking),
the small choices of a joint value (``Source.joint``) together in one."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from hypothesis import reject
from hypothesis import strategies as st

from .source import Source

T = TypeVar("T")


# Strategies are looked up by their arguments on every draw: a dict is much cheaper than
# building (or cache-checking) a new strategy object each time.
_INTEGERS: dict[tuple[int, int], st.SearchStrategy[int]] = {}
_TEXTS: dict[tuple[int, int], st.SearchStrategy[str]] = {}
_REALS: dict[tuple[float | None, float | None], st.SearchStrategy[float]] = {}
_BOOLEANS = st.booleans()

JOINT_BYTES = 20
"""One draw for the small choices of a ``Source.joint`` value: room for a date-time (17 bytes)
or a UUID (17); a choice that finds no room left is drawn on its own."""
_JOINT = st.binary(min_size=JOINT_BYTES, max_size=JOINT_BYTES)
_WIDTHS: dict[int, int] = {}
"""Bytes a choice among so many answers takes."""

SIZE_DRAWN_WHOLE = 10
"""Lists whose size can vary by at most this much draw it as one integer instead of one "one
more?" choice per element. Hypothesis draws an integer this small uniformly, and st.lists' own
average for such bounds is the middle of the range too; each size is one value of the integer,
so no two choice sequences that Hypothesis tells apart give the same list."""


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
        # An index is one integer choice that shrinks to the first option; sampled_from draws
        # the same integer through a filtering layer that costs more per draw.
        last = len(options) - 1
        return options[self.integer(0, last)] if last else options[0]

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

    def joint(self, generate: Callable[[Source], T]) -> T:
        # Random bytes, unlike a Hypothesis integer this wide, make every digit near uniform.
        data: bytes = self._draw(_JOINT)
        return generate(Digits(data, self))

    def text(self, min_size: int, max_size: int) -> str:
        strategy = _TEXTS.get((min_size, max_size))
        if strategy is None:
            strategy = st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size)
            _TEXTS[(min_size, max_size)] = strategy
        value: str = self._draw(strategy)
        return value

    def real(self, low: float | None, high: float | None) -> float:
        strategy = _REALS.get((low, high))
        if strategy is None:
            strategy = st.floats(low, high, allow_nan=False, allow_infinity=False)
            _REALS[(low, high)] = strategy
        value: float = self._draw(strategy)
        return value

    def many(
        self,
        element: Callable[[Source], T],
        min_size: int,
        max_size: int,
        unique_by: Callable[[T], Hashable] | None = None,
    ) -> list[T]:
        strategy = _element_strategy(element)
        if max_size - min_size > SIZE_DRAWN_WHOLE:
            value: list[T] = self._draw(
                st.lists(strategy, min_size=min_size, max_size=max_size, unique_by=unique_by)
            )
            return value
        # Each element is its own span: lowering the size and deleting the span that follows
        # is how the shrinker drops an element.
        size = self.integer(min_size, max_size)
        draw = self._draw
        if unique_by is None:
            return [draw(strategy) for _ in range(size)]
        found: dict[Hashable, T] = {}
        for _ in range(size):
            item = draw(strategy)
            found.setdefault(unique_by(item), item)
        for _ in range(10 * (min_size - len(found))):
            item = draw(strategy)
            found.setdefault(unique_by(item), item)
            if len(found) >= min_size:
                break
        if len(found) < min_size:
            reject()
        return list(found.values())

    def strategy(self, strategy: st.SearchStrategy[T]) -> T:
        value: T = self._draw(strategy)
        return value


class Digits:
    """A Source answering small choices from one drawn byte string, each choice from bytes of
    its own (as many as give every answer at least eight byte values), read in order: lowering a
    byte simplifies one choice, the way Hypothesis shrinks separate choices, and all zeros is the
    simplest value. What needs a choice of its own (texts, reals, lists, a Hypothesis strategy,
    a choice the bytes left cannot hold) goes to ``parent``."""

    __slots__ = ("_at", "_data", "_parent")

    def __init__(self, data: bytes, parent: HypothesisSource) -> None:
        self._data = data
        self._at = 0
        self._parent = parent

    def _digit(self, radix: int) -> int | None:
        width = _WIDTHS.get(radix)
        if width is None:
            width = _WIDTHS[radix] = ((8 * radix - 1).bit_length() + 7) // 8
        end = self._at + width
        if end > len(self._data):
            return None
        chunk = int.from_bytes(self._data[self._at : end], "big")
        self._at = end
        return (chunk * radix) >> (8 * width)

    def integer(self, low: int, high: int) -> int:
        if high <= low:
            return low
        digit = self._digit(high - low + 1)
        return self._parent.integer(low, high) if digit is None else low + digit

    def boolean(self) -> bool:
        return self.integer(0, 1) == 1

    def choice(self, options: Sequence[T]) -> T:
        return options[self.integer(0, len(options) - 1)]

    def flags(self, count: int) -> int:
        return self.integer(0, (1 << count) - 1)

    def packed(self, radices: Sequence[int]) -> tuple[int, ...]:
        return tuple([self.integer(0, radix - 1) for radix in radices])

    def joint(self, generate: Callable[[Source], T]) -> T:
        return generate(self)

    def text(self, min_size: int, max_size: int) -> str:
        return self._parent.text(min_size, max_size)

    def real(self, low: float | None, high: float | None) -> float:
        return self._parent.real(low, high)

    def many(
        self,
        element: Callable[[Source], T],
        min_size: int,
        max_size: int,
        unique_by: Callable[[T], Hashable] | None = None,
    ) -> list[T]:
        return self._parent.many(element, min_size, max_size, unique_by)

    def strategy(self, strategy: st.SearchStrategy[T]) -> T:
        return self._parent.strategy(strategy)


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
