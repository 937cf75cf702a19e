"""RFC 3339 date-times: the valid lexical space, and a catalogue of defects.

A generated date-time is *valid* only where RFC 3339 and both validators agree, so the valid
generator never emits lowercase ``t``/``z`` (the JSON Structure SDK rejects them), the leap
second ``:60`` (jsonschema rejects it), year 0000 (jsonschema rejects it) or non-ASCII digits.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace

from .source import Source

BOTH = frozenset({"jsonschema", "structure"})
JSONSCHEMA_ONLY = frozenset({"jsonschema"})

_YEAR_BANDS = ((1970, 2038), (2000, 2035), (1, 9999), (1, 1), (9999, 9999))
_DAY_BANDS = tuple(
    (datetime.date(low, 1, 1).toordinal(), datetime.date(high, 12, 31).toordinal())
    for low, high in _YEAR_BANDS
)
"""Day numbers: one draw picks any calendar day of a band (and shrinks to its first day)."""


@dataclass(frozen=True)
class DateTimeParts:
    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    fraction: str  # digits after the point, "" for none
    offset: str  # "Z" or "+hh:mm" / "-hh:mm"

    def date_text(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def time_text(self) -> str:
        frac = f".{self.fraction}" if self.fraction else ""
        return f"{_hms(self)}{frac}"

    def render(self, separator: str = "T") -> str:
        return f"{self.date_text()}{separator}{self.time_text()}{self.offset}"


def date_parts(src: Source) -> tuple[int, int, int]:
    low, high = src.choice(_DAY_BANDS)
    (day,) = src.packed((high - low + 1,))
    date = datetime.date.fromordinal(low + day)
    return date.year, date.month, date.day


_OFFSET_MINUTES = 24 * 60


def offset_text(has_offset: int, minutes: int) -> str:
    """``Z``, or an offset of up to 23:59 either way (``minutes`` below twice a day)."""
    if not has_offset:
        return "Z"
    sign = "+" if minutes < _OFFSET_MINUTES else "-"
    hours, rest = divmod(minutes % _OFFSET_MINUTES, 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def datetime_parts(src: Source) -> DateTimeParts:
    """A band, the time of day with its offset, then the day and the fraction: three choices
    with Hypothesis (two packed integers of at most 52 bits, which it draws as easily as any)."""
    low, high = src.choice(_DAY_BANDS)
    has_offset, digits, minutes, second = src.packed((2, 10, 2 * _OFFSET_MINUTES, 86_400))
    day, fraction = src.packed((high - low + 1, 10**9))
    date = datetime.date.fromordinal(low + day)
    hour, rest = divmod(second, 3600)
    return DateTimeParts(
        date.year,
        date.month,
        date.day,
        hour,
        rest // 60,
        rest % 60,
        f"{fraction:09d}"[:digits],
        offset_text(has_offset, minutes),
    )


def datetime_text(src: Source) -> str:
    """A valid RFC 3339 date-time that both validators accept."""
    return datetime_parts(src).render()


def date_text(src: Source) -> str:
    year, month, day = date_parts(src)
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True)
class Defect:
    """One way to break a date-time: ``variant`` names it, ``rejected_by`` says which
    validators notice."""

    variant: str
    description: str
    rejected_by: frozenset[str]
    make: Callable[[DateTimeParts, Source], str]


def _non_leap_year(src: Source) -> int:
    year = src.integer(1, 9999)
    while calendar.isleap(year):
        year += 1
    return year


def _hms(p: DateTimeParts) -> str:
    return f"{p.hour:02d}:{p.minute:02d}:{p.second:02d}"


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

_DEFECTS: tuple[Defect, ...] = (
    Defect("no-offset", "has no time-zone offset", BOTH, lambda p, s: p.render()[: -len(p.offset)]),
    Defect(
        "space-separator", "separates date and time by a space", BOTH, lambda p, s: p.render(" ")
    ),
    Defect(
        "month-13",
        "has month 13",
        JSONSCHEMA_ONLY,
        lambda p, s: replace(p, month=13, day=min(p.day, 28)).render(),
    ),
    Defect(
        "month-00",
        "has month 00",
        JSONSCHEMA_ONLY,
        lambda p, s: replace(p, month=0, day=min(p.day, 28)).render(),
    ),
    Defect("day-32", "has day 32", JSONSCHEMA_ONLY, lambda p, s: replace(p, day=32).render()),
    Defect(
        "day-beyond-month",
        "has a day past the end of its month",
        JSONSCHEMA_ONLY,
        lambda p, s: replace(p, month=4, day=31).render(),
    ),
    Defect(
        "feb-29-non-leap",
        "is 29 February of a year that is not a leap year",
        JSONSCHEMA_ONLY,
        lambda p, s: replace(p, year=_non_leap_year(s), month=2, day=29).render(),
    ),
    Defect("hour-24", "has hour 24", JSONSCHEMA_ONLY, lambda p, s: replace(p, hour=24).render()),
    Defect(
        "minute-60", "has minute 60", JSONSCHEMA_ONLY, lambda p, s: replace(p, minute=60).render()
    ),
    Defect(
        "second-61", "has second 61", JSONSCHEMA_ONLY, lambda p, s: replace(p, second=61).render()
    ),
    Defect(
        "offset-beyond-23:59",
        "has an offset of 24 hours",
        JSONSCHEMA_ONLY,
        lambda p, s: replace(p, offset=f"{s.choice('+-')}24:00").render(),
    ),
    Defect(
        "offset-minute-60",
        "has an offset with minute 60",
        JSONSCHEMA_ONLY,
        lambda p, s: replace(p, offset="+05:60").render(),
    ),
    Defect(
        "offset-without-colon",
        "has an offset without a colon",
        BOTH,
        lambda p, s: replace(p, offset="+0530").render(),
    ),
    Defect(
        "comma-fraction",
        "separates the fraction by a comma",
        BOTH,
        lambda p, s: f"{p.date_text()}T{_hms(p)},{p.fraction or '5'}{p.offset}",
    ),
    Defect(
        "empty-fraction",
        "has a decimal point with no digits",
        BOTH,
        lambda p, s: f"{p.date_text()}T{_hms(p)}.{p.offset}",
    ),
    Defect("two-digit-year", "has a two-digit year", BOTH, lambda p, s: p.render()[2:]),
    Defect(
        "single-digit-month",
        "has a month of one digit",
        BOTH,
        lambda p, s: f"{p.year:04d}-{p.month % 9 + 1}-{p.day:02d}T{p.time_text()}{p.offset}",
    ),
    Defect("empty", "is the empty string", BOTH, lambda p, s: ""),
    Defect("date-only", "is a date without a time", BOTH, lambda p, s: p.date_text()),
    Defect(
        "time-only", "is a time without a date", BOTH, lambda p, s: f"{p.time_text()}{p.offset}"
    ),
    Defect(
        "unix-milliseconds",
        "is Unix milliseconds in a string",
        BOTH,
        lambda p, s: str(s.integer(0, 4102444800000)),
    ),
    Defect("leading-space", "starts with a space", BOTH, lambda p, s: " " + p.render()),
    Defect(
        "non-ascii-digits",
        "is written in Arabic-Indic digits",
        JSONSCHEMA_ONLY,
        lambda p, s: p.render().translate(_ARABIC_INDIC),
    ),
    # ISO 8601 forms that RFC 3339 leaves out, which lax parsers (fromisoformat) accept.
    Defect(
        "no-seconds",
        "has no seconds",
        BOTH,
        lambda p, s: f"{p.date_text()}T{p.hour:02d}:{p.minute:02d}{p.offset}",
    ),
    Defect(
        "underscore-separator",
        "separates date and time by an underscore",
        BOTH,
        lambda p, s: p.render("_"),
    ),
    Defect("week-date", "is an ISO week date", BOTH, lambda p, s: _week_date(p)),
    Defect("ordinal-date", "is an ISO ordinal date", BOTH, lambda p, s: _ordinal_date(p)),
    Defect(
        "hour-only-offset",
        "has an offset of hours only",
        BOTH,
        lambda p, s: replace(p, offset=f"{s.choice('+-')}{s.integer(0, 23):02d}").render(),
    ),
    Defect(
        "z-and-offset",
        "has both Z and a numeric offset",
        BOTH,
        lambda p, s: replace(p, offset=f"Z+{s.integer(0, 23):02d}:00").render(),
    ),
)

LAX_FIRST = (
    # ISO 8601 forms and slips that datetime.fromisoformat takes, alternating with range errors
    # that checks by regular expression let through: the two commonest lax readings.
    "no-offset",
    "month-13",
    "space-separator",
    "day-32",
    "no-seconds",
    "second-61",
    "week-date",
    "hour-24",
    "hour-only-offset",
    "minute-60",
    "offset-without-colon",
    "day-beyond-month",
    "underscore-separator",
    "comma-fraction",
    "date-only",
    "offset-minute-60",
    "empty-fraction",
)
"""Defects that a lax consumer most likely accepts come first in the catalogue: an ordered
run through it (the coverage phase) then finds the common bugs early."""
DATETIME_DEFECTS = tuple(
    sorted(
        _DEFECTS,
        key=lambda d: LAX_FIRST.index(d.variant) if d.variant in LAX_FIRST else len(LAX_FIRST),
    )
)


def _week_date(p: DateTimeParts) -> str:
    year, week, weekday = datetime.date(p.year, p.month, p.day).isocalendar()
    return f"{year:04d}-W{week:02d}-{weekday}T{p.time_text()}{p.offset}"


def _ordinal_date(p: DateTimeParts) -> str:
    day = datetime.date(p.year, p.month, p.day).timetuple().tm_yday
    return f"{p.year:04d}-{day:03d}T{p.time_text()}{p.offset}"
