"""Where generators get their choices from.

Every generator is written once against ``Source``. ``HypothesisSource`` (in
``hypothesis_source``) answers each choice with a Hypothesis draw (so tests shrink and replay),
``RandomSource`` with a seeded ``random.Random`` (the bulk path of the CLI and corpus export,
many times faster). Both back ends therefore share every piece of schema knowledge, and the
oracle checks both. This module does not import Hypothesis: the bulk path never loads it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from hypothesis import strategies as st


T = TypeVar("T")

TEXT_ALPHABET_SAMPLE = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,:;/@#%&*()[]{}'\"\\"
    "\t\néüßñçøåÆ中文字日本語한국어עבריתالعربيةкириллицаΩ≈∑€£¥"
    "\u0301\u200b\u200d\u202e\ufeff\U0001f600\U0001f4de\U0001d11e\x00\x1f\x7f"
)
"""Characters the bulk path draws text from: ASCII, accents, CJK, right-to-left scripts,
combining and zero-width marks, a BOM, non-BMP emoji and control characters."""

ASCII_TABLE = bytes(ord(TEXT_ALPHABET_SAMPLE[(i * 62) >> 8]) for i in range(256))
"""Random bytes to the alphanumerics (each four or five bytes in 256): ``bytes.translate``
makes a whole text in one call."""

FULL_TABLE = "".join(TEXT_ALPHABET_SAMPLE[(i * len(TEXT_ALPHABET_SAMPLE)) >> 8] for i in range(256))
"""Random bytes (read as Latin-1) to the whole sample, each character one or two bytes in
256, for ``str.translate``."""


ONE_DRAW = 1 << 32
"""Integers over spans below this take one random() (which also decides the edges)."""

ONE_DRAW_SCALE = 8 / 7 * (1 - 2.0**-50)
"""Maps [0.125, 1) onto [0, 1); a hair under 8/7 so that rounding never reaches the top."""


class Source(Protocol):
    def integer(self, low: int, high: int) -> int:
        """An integer in [low, high]; simpler choices are nearer ``low``."""

    def boolean(self) -> bool:
        """True or False; False is the simpler choice."""

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options``; the first is the simplest."""

    def flags(self, count: int) -> int:
        """``count`` independent coin flips as the bits of an integer (bit ``i`` is flip
        ``i``), in one choice where the back end can; all clear is the simplest."""

    def packed(self, radices: Sequence[int]) -> tuple[int, ...]:
        """One integer in [0, radix) for each radix, in one choice where the back end can;
        all zeros is the simplest, and the first ones vary most."""

    def joint(self, generate: Callable[[Source], T]) -> T:
        """``generate(self)``, whose small choices (integers, booleans, picks, flags) the back
        end may answer together from one draw: for a value whose parts vary and shrink as one
        (a date-time, a free-form scalar, a key). Texts, reals and lists stay choices of their
        own."""

    def text(self, min_size: int, max_size: int) -> str:
        """Unicode text (no surrogates) with a length in [min_size, max_size]."""

    def real(self, low: float | None, high: float | None) -> float:
        """A finite float in [low, high] (unbounded where None)."""

    def many(
        self,
        element: Callable[[Source], T],
        min_size: int,
        max_size: int,
        unique_by: Callable[[T], Hashable] | None = None,
    ) -> list[T]:
        """A list of elements; shorter lists are simpler."""

    def strategy(self, strategy: st.SearchStrategy[T]) -> T:
        """A value of a Hypothesis strategy (a user's override); only the Hypothesis back end
        can draw one."""


class RandomSource:
    """A Source backed by a seeded ``random.Random``: fast, and the same seed, the same choices.

    ``average_size`` sets the mean length of unbounded lists and texts.
    """

    __slots__ = ("_log_continue", "_random", "average_size")

    def __init__(self, seed: int | str | bytes, average_size: int = 3) -> None:
        self._random = random.Random(seed)
        self.average_size = average_size
        # P(one more) = average / (1 + average) gives a mean of ``average`` extra elements.
        self._log_continue = (
            1.0 / math.log(average_size / (1.0 + average_size)) if average_size > 0 else 0.0
        )

    @property
    def random(self) -> random.Random:
        """The underlying generator (the compiled bulk back end draws from it directly)."""
        return self._random

    @property
    def log_continue(self) -> float:
        """The factor of the geometric sizes (the compiled bulk back end draws them inline)."""
        return self._log_continue

    def integer(self, low: int, high: int) -> int:
        # Edges are where bugs live: one draw in eight takes a bound.
        span = high - low
        if span <= 0:
            return low
        x = self._random.random()
        if x < 0.0625:
            return low
        if x < 0.125:
            return high
        if span < ONE_DRAW:
            # The rest of the same draw spread over the span (at least 2**20 floats a value).
            return low + int((x - 0.125) * ((span + 1) * ONE_DRAW_SCALE))
        if span < 1 << 50:
            # random() has 53 bits: far faster than randint and as uniform for these spans.
            return low + int(self._random.random() * (span + 1))
        return low + self._random.randrange(span + 1)

    def boolean(self) -> bool:
        return self._random.random() < 0.5

    def choice(self, options: Sequence[T]) -> T:
        return options[int(self._random.random() * len(options))]

    def flags(self, count: int) -> int:
        random = self._random.random
        bits = 0
        for index in range(count):
            if random() < 0.5:
                bits |= 1 << index
        return bits

    def packed(self, radices: Sequence[int]) -> tuple[int, ...]:
        return tuple([self.integer(0, radix - 1) for radix in radices])

    def joint(self, generate: Callable[[Source], T]) -> T:
        return generate(self)

    def text(self, min_size: int, max_size: int) -> str:
        # One random byte a character, mapped through a table: a text costs a few calls,
        # whatever its length.
        size = self._size(min_size, max_size)
        r = self._random
        if r.random() < 0.5:
            return r.getrandbits(8 * size).to_bytes(size, "little").translate(ASCII_TABLE).decode()
        return (
            r.getrandbits(8 * size).to_bytes(size, "little").decode("latin-1").translate(FULL_TABLE)
        )

    def real(self, low: float | None, high: float | None) -> float:
        r = self._random
        lo = -1e9 if low is None else low
        hi = 1e9 if high is None else high
        if r.random() < 0.125:
            return lo if r.random() < 0.5 else hi
        return r.uniform(lo, hi)

    def many(
        self,
        element: Callable[[Source], T],
        min_size: int,
        max_size: int,
        unique_by: Callable[[T], Hashable] | None = None,
    ) -> list[T]:
        size = self._size(min_size, max_size)
        if unique_by is None:
            return [element(self) for _ in range(size)]
        found: dict[Hashable, T] = {}
        for _ in range(10 * size + 10):
            if len(found) >= size:
                break
            item = element(self)
            found.setdefault(unique_by(item), item)
        if len(found) < min_size:
            raise ValueError(f"could not draw {min_size} distinct elements")
        return list(found.values())

    def strategy(self, strategy: st.SearchStrategy[T]) -> T:
        raise TypeError(
            "overrides given as Hypothesis strategies are drawn by the Hypothesis back end "
            "only; the bulk path takes plain generators"
        )

    def _size(self, min_size: int, max_size: int) -> int:
        """A length drawn geometrically from min_size with mean about average_size (one draw:
        the number of failures before the first success, by inversion)."""
        extra = int(math.log(1.0 - self._random.random()) * self._log_continue)
        return min(max_size, min_size + extra)


_MOVED = ("HypothesisSource", "as_strategy")


def __getattr__(name: str) -> Any:
    # The Hypothesis back end moved to its own module; the old import path stays valid.
    if name in _MOVED:
        from . import hypothesis_source

        return getattr(hypothesis_source, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
