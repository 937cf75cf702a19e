"""String formats written inline where it pays (date-times are a large share of a document);
the others call the format's Source generator, drawing from the same stream."""

from __future__ import annotations

from collections.abc import Callable

from ..datetimes import _DAY_BANDS
from ..formats import FORMAT_GENERATORS
from . import primitives as p
from .writer import ARGUMENTS, Body


def _date(body: Body) -> tuple[str, str, str]:
    """datetimes.date_parts: a band, then a day of it."""
    low, high, day = body.fresh("low"), body.fresh("high"), body.fresh("day")
    body.line(f"{low}, {high} = {p.choice(body, _DAY_BANDS)}")
    body.line(f"{day} = _fromordinal(_integer(r, rng, {low}, {high}))")
    return f"{day}.year", f"{day}.month", f"{day}.day"


def date_time(body: Body) -> str:
    """datetimes.datetime_text: date, second of the day, fraction digits, offset."""
    year, month, day = _date(body)
    hour, rest = body.fresh("hour"), body.fresh("rest")
    digits, fraction, offset = body.fresh("digits"), body.fresh("fraction"), body.fresh("offset")
    body.line(f"{hour}, {rest} = divmod({p.integer(body, 0, 86_399)}, 3600)")
    body.line(f"{digits} = {p.integer(body, 0, 9)}")
    body.line(
        f'{fraction} = "." + format(_integer(r, rng, 0, 10**{digits} - 1), "0" + str({digits}) '
        f'+ "d") if {digits} else ""'
    )
    with body.block(f"if {p.boolean()}:"):
        sign = p.choice(body, "+-")
        body.line(
            f'{offset} = f"{{{sign}}}{{{p.integer(body, 0, 23)}:02d}}:'
            f'{{{p.integer(body, 0, 59)}:02d}}"'
        )
    with body.block("else:"):
        body.line(f'{offset} = "Z"')
    return (
        f'f"{{{year}:04d}}-{{{month}:02d}}-{{{day}:02d}}T{{{hour}:02d}}:{{{rest} // 60:02d}}:'
        f'{{{rest} % 60:02d}}{{{fraction}}}{{{offset}}}"'
    )


def date(body: Body) -> str:
    year, month, day = _date(body)
    return f'f"{{{year}:04d}}-{{{month}:02d}}-{{{day}:02d}}"'


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
