"""String formats written inline where it pays (date-times are a large share of a document);
the others call the format's Source generator, drawing from the same stream."""

from __future__ import annotations

from collections.abc import Callable

from ..datetimes import _DAY_BANDS
from ..formats import FORMAT_GENERATORS
from . import primitives as p
from .writer import ARGUMENTS, Body


def _packed(body: Body, radices: list[str]) -> list[str]:
    """RandomSource.packed: an integer in [0, radix) for each radix, in order."""
    names = [body.fresh("part") for _ in radices]
    for name, radix in zip(names, radices, strict=True):
        drawn = p.integer(body, 0, int(radix) - 1) if radix.isdigit() else None
        body.line(f"{name} = {drawn or f'_integer(r, rng, 0, {radix} - 1)'}")
    return names


def date_time(body: Body) -> str:
    """datetimes.datetime_parts: a band, then offset, fraction digits, second, day, fraction."""
    low, high, date = body.fresh("low"), body.fresh("high"), body.fresh("date")
    body.line(f"{low}, {high} = {p.choice(body, _DAY_BANDS)}")
    has_offset, digits, minutes, second, day, fraction = _packed(
        body, ["2", "10", "2880", "86400", f"{high} - {low} + 1", "1000000000"]
    )
    text = body.fresh("fraction")
    body.line(f"{date} = _fromordinal({low} + {day})")
    body.line(f'{text} = "." + format({fraction}, "09d")[:{digits}] if {digits} else ""')
    return (
        f'f"{{{date}.year:04d}}-{{{date}.month:02d}}-{{{date}.day:02d}}T'
        f"{{{second} // 3600:02d}}:{{{second} % 3600 // 60:02d}}:{{{second} % 60:02d}}"
        f'{{{text}}}{{_offset_text({has_offset}, {minutes})}}"'
    )


def date(body: Body) -> str:
    """datetimes.date_parts."""
    low, high, date = body.fresh("low"), body.fresh("high"), body.fresh("date")
    body.line(f"{low}, {high} = {p.choice(body, _DAY_BANDS)}")
    (day,) = _packed(body, [f"{high} - {low} + 1"])
    body.line(f"{date} = _fromordinal({low} + {day})")
    return f'f"{{{date}.year:04d}}-{{{date}.month:02d}}-{{{date}.day:02d}}"'


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
