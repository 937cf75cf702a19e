"""RandomSource's choices written inline: the same draws, in the same order, as its methods.

Each function returns an expression (adding any statements it needs first); an expression
that draws must be evaluated before anything else that draws, so callers use it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

from ..source import ONE_DRAW, ONE_DRAW_SCALE
from .writer import Body

Emit = Callable[[Body, str], str]
"""Writes what it needs into the body and returns an expression (given a variable name)."""

WIDE = 1 << 50
"""Spans from here on are drawn with randrange, as RandomSource.integer does."""


def integer(body: Body, low: int, high: int) -> str:
    span = high - low
    lo, hi = body.module.literal(low), body.module.literal(high)
    if span <= 0:
        return lo
    x = body.fresh("x")
    if span < ONE_DRAW:
        inner = f"int(({x} - 0.125) * {(span + 1) * ONE_DRAW_SCALE!r})"
    elif span < WIDE:
        inner = f"int(r() * {span + 1})"
    else:
        inner = f"rng.randrange({span + 1})"
    drawn = inner if low == 0 else f"{lo} + {inner}"
    return f"({lo} if ({x} := r()) < 0.0625 else {hi} if {x} < 0.125 else {drawn})"


def boolean() -> str:
    return "(r() < 0.5)"


def choice(body: Body, options: tuple[object, ...] | str) -> str:
    name = body.module.constant(options)
    return f"{name}[int(r() * {len(options)})]"


def size(body: Body, low: int, high: int) -> str:
    """RandomSource._size: a geometric length from ``low``, at most ``high``."""
    drawn = body.fresh("size")
    extra = "int(log(1.0 - r()) * lc)"
    start = extra if low == 0 else f"{low} + {extra}"
    return f"({high} if ({drawn} := {start}) > {high} else {drawn})"


def text(body: Body, low: int, high: int) -> str:
    """RandomSource.text: a size, a coin for the alphabet, then one byte a character."""
    n = body.fresh("n")
    body.line(f"{n} = {size(body, low, high)}")
    raw = f'rng.getrandbits(8 * {n}).to_bytes({n}, "little")'
    return (
        f"({raw}.translate(_ASCII_TABLE).decode() if r() < 0.5 "
        f'else {raw}.decode("latin-1").translate(_FULL_TABLE))'
    )


def real(body: Body, target: str, low: float | None, high: float | None) -> None:
    lo = body.module.constant(-1e9 if low is None else low)
    hi = body.module.constant(1e9 if high is None else high)
    with body.block("if r() < 0.125:"):
        body.line(f"{target} = {lo} if r() < 0.5 else {hi}")
    with body.block("else:"):
        body.line(f"{target} = rng.uniform({lo}, {hi})")


def unique_many(
    body: Body, low: int, high: int, draw_key: Emit, draw_value: Emit, key_first: bool
) -> str:
    """RandomSource.many with ``unique_by``: a dict from key to the first value drawn with it.

    With ``key_first`` the key is drawn before the value (an object's member name); otherwise
    it is computed from the value (``draw_key`` then reads the variable ``item``)."""
    wanted, found = body.fresh("wanted"), body.fresh("found")
    key, item = body.fresh("key"), body.fresh("item")
    body.line(f"{wanted} = {size(body, low, high)}")
    body.line(f"{found} = {{}}")
    # RandomSource.many checks the count before each try; checking after each one makes the
    # same draws, and a count of zero (a quarter of them) skips the loop.
    with (
        body.block(f"if {wanted}:") if low == 0 else nullcontext(),
        body.block(f"for _ in range(10 * {wanted} + 10):"),
    ):
        if key_first:
            body.line(f"{key} = {draw_key(body, '')}")
            body.line(f"{item} = {draw_value(body, '')}")
        else:
            body.line(f"{item} = {draw_value(body, '')}")
            body.line(f"{key} = {draw_key(body, item)}")
        with body.block(f"if {key} not in {found}:"):
            body.line(f"{found}[{key}] = {item}")
            with body.block(f"if len({found}) >= {wanted}:"):
                body.line("break")
    if low > 0:
        with body.block(f"if len({found}) < {low}:"):
            body.line(f'raise ValueError("could not draw {low} distinct elements")')
    return found
