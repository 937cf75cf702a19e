"""String formats written inline where it pays (date-times are a large share of a document);
the others call the format's Source generator, drawing from the same stream."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..datetimes import _DAY_BANDS, offset_text
from ..formats import FORMAT_GENERATORS
from ..source import ONE_DRAW, ONE_DRAW_SCALE
from . import primitives as p
from .writer import ARGUMENTS, Body


def _packed(body: Body, radices: list[int]) -> list[str]:
    """RandomSource.packed: an integer in [0, radix) for each radix, in order."""
    names = [body.fresh("part") for _ in radices]
    for name, radix in zip(names, radices, strict=True):
        body.line(f"{name} = {p.integer(body, 0, radix - 1)}")
    return names


@cache
def _clock_tables() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Texts by number: "HH:MM:" by minute of the day, "SS" by second of the minute, offsets by
    ``offset_text``'s minutes: a date-time's text is then a few lookups."""
    minutes = tuple(f"{m // 60:02d}:{m % 60:02d}:" for m in range(24 * 60))
    seconds = tuple(f"{s:02d}" for s in range(60))
    offsets = tuple(offset_text(1, m) for m in range(2 * 24 * 60))
    return minutes, seconds, offsets


def _day(body: Body, band: tuple[str, str, str]) -> str:
    """The day of a band: RandomSource.packed's integer in [0, span], inline where every
    band's span allows (the spans are constants of the schema's formats)."""
    _, span, scale = band
    if not all(0 < high - first < ONE_DRAW for first, high in _DAY_BANDS):
        return f"_integer(r, rng, 0, {span})"
    x = body.fresh("x")
    return (
        f"(0 if ({x} := r()) < 0.0625 else {span} if {x} < 0.125 else int(({x} - 0.125) * {scale}))"
    )


def _band(body: Body) -> tuple[str, str, str]:
    """The first day, the span and the one-draw scale of a band of years, drawn as
    ``choice(_DAY_BANDS)``."""
    low, span, scale = body.fresh("low"), body.fresh("span"), body.fresh("scale")
    spans = tuple(
        (first, high - first, (high - first + 1) * ONE_DRAW_SCALE) for first, high in _DAY_BANDS
    )
    body.line(f"{low}, {span}, {scale} = {p.choice(body, spans)}")
    return low, span, scale


def date_time(body: Body) -> str:
    """datetimes.datetime_parts: a band, then offset, fraction digits, second, day, fraction."""
    band = _band(body)
    low = band[0]
    has_offset, digits, minutes, second = _packed(body, [2, 10, 2880, 86400])
    day, fraction = body.fresh("day"), body.fresh("fraction")
    body.line(f"{day} = {_day(body, band)}")
    body.line(f"{fraction} = {p.integer(body, 0, 10**9 - 1)}")
    clock, sixty, offsets = (body.module.constant(t) for t in _clock_tables())
    return (
        f'_fromordinal({low} + {day}).isoformat() + "T" + {clock}[{second} // 60] + '
        f'{sixty}[{second} % 60] + ("." + format({fraction}, "09d")[:{digits}] if {digits} '
        f'else "") + ({offsets}[{minutes}] if {has_offset} else "Z")'
    )


def date(body: Body) -> str:
    """datetimes.date_parts."""
    band = _band(body)
    return f"_fromordinal({band[0]} + {_day(body, band)}).isoformat()"


def uuid(body: Body) -> str:
    """formats.uuid_text: the hex of one 128-bit integer, hyphenated as str(UUID) does."""
    digits = body.fresh("hex")
    body.line(f'{digits} = format({p.integer(body, 0, 2**128 - 1)}, "032x")')
    return (
        f'f"{{{digits}[:8]}}-{{{digits}[8:12]}}-{{{digits}[12:16]}}-{{{digits}[16:20]}}-'
        f'{{{digits}[20:]}}"'
    )


INLINE: dict[str, Callable[[Body], str]] = {"date-time": date_time, "date": date, "uuid": uuid}


def format_value(body: Body, name: str) -> str:
    """A call of the format's function in the module (written once: a document has many
    date-times, and shorter source compiles faster)."""
    inline = INLINE.get(name)
    if inline is None:
        return f"{body.module.constant(FORMAT_GENERATORS[name])}(src)"
    function = "format_" + name.replace("-", "_")
    if function not in body.module.functions:
        own = Body(body.module)
        own.line(f"return {inline(own)}")
        body.module.define(function, own)
    return f"{function}({ARGUMENTS})"
