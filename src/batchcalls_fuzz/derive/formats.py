"""String formats: a valid generator and a defect catalogue for each format the model knows."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from .datetimes import (
    BOTH,
    DATETIME_DEFECTS,
    JSONSCHEMA_ONLY,
    DateTimeParts,
    Defect,
    date_text,
    datetime_parts,
    datetime_text,
)
from .source import Source

STRUCTURE_ONLY = frozenset({"structure"})


def uuid_text(src: Source) -> str:
    return str(uuid.UUID(int=src.integer(0, 2**128 - 1)))


def uri_text(src: Source) -> str:
    scheme = src.choice(("https", "http", "urn", "mailto", "ftp"))
    if scheme == "urn":
        return f"urn:{src.choice(('isbn', 'uuid', 'example'))}:{src.integer(0, 10**9)}"
    if scheme == "mailto":
        return f"mailto:user{src.integer(0, 999)}@example.com"
    host = src.choice(("example.com", "api.example.org", "127.0.0.1", "xn--bcher-kva.example"))
    segments = "/".join(str(src.integer(0, 99)) for _ in range(src.integer(0, 3)))
    return f"{scheme}://{host}/{segments}"


def int64_text(src: Source) -> str:
    return str(src.integer(-(2**63), 2**63 - 1))


def uint64_text(src: Source) -> str:
    return str(src.integer(0, 2**64 - 1))


def decimal_text(src: Source) -> str:
    whole = src.integer(-(10**12), 10**12)
    scale = src.integer(0, 6)
    return f"{whole}.{src.integer(0, 10**scale - 1):0{scale}d}" if scale else str(whole)


FORMAT_GENERATORS: Mapping[str, Callable[[Source], str]] = {
    "date-time": datetime_text,
    "date": date_text,
    "uuid": uuid_text,
    "uri": uri_text,
    "int64": int64_text,
    "uint64": uint64_text,
    "decimal": decimal_text,
}


def _from_text(make: Callable[[Source], str]) -> Callable[[DateTimeParts, Source], str]:
    return lambda parts, src: make(src)


def _defects(*rows: tuple[str, str, frozenset[str], Callable[[Source], str]]) -> tuple[Defect, ...]:
    return tuple(Defect(v, d, r, _from_text(m)) for v, d, r, m in rows)


FORMAT_DEFECTS: Mapping[str, tuple[Defect, ...]] = {
    "date-time": DATETIME_DEFECTS,
    "date": _defects(
        ("month-13", "has month 13", JSONSCHEMA_ONLY, lambda s: f"{s.integer(1, 9999):04d}-13-01"),
        ("day-32", "has day 32", JSONSCHEMA_ONLY, lambda s: f"{s.integer(1, 9999):04d}-01-32"),
        ("with-time", "is a date-time, not a date", BOTH, datetime_text),
        ("slashes", "uses slashes", BOTH, lambda s: f"2024/01/{s.integer(10, 28)}"),
        ("empty", "is the empty string", BOTH, lambda s: ""),
    ),
    "uuid": _defects(
        ("no-hyphens", "has no hyphens", JSONSCHEMA_ONLY, lambda s: uuid_text(s).replace("-", "")),
        ("short", "is one digit short", BOTH, lambda s: uuid_text(s)[:-1]),
        ("not-hex", "has a non-hex digit", BOTH, lambda s: "g" + uuid_text(s)[1:]),
        ("empty", "is the empty string", BOTH, lambda s: ""),
    ),
    # jsonschema checks "uri" only when rfc3987 is installed, which this package does not need.
    "uri": _defects(
        ("no-scheme", "has no scheme", STRUCTURE_ONLY, lambda s: f"example.com/{s.integer(0, 9)}"),
        ("empty", "is the empty string", STRUCTURE_ONLY, lambda s: ""),
    ),
    "int64": _defects(
        (
            "out-of-range",
            "is past the int64 range",
            STRUCTURE_ONLY,
            lambda s: str(2**63 + s.integer(0, 9)),
        ),
        ("not-a-number", "is not a number", STRUCTURE_ONLY, lambda s: "12a"),
        ("fraction", "has a fraction", STRUCTURE_ONLY, lambda s: f"{s.integer(0, 99)}.5"),
    ),
    "uint64": _defects(
        ("negative", "is negative", STRUCTURE_ONLY, lambda s: str(-s.integer(1, 99))),
        ("out-of-range", "is past the uint64 range", STRUCTURE_ONLY, lambda s: str(2**64)),
    ),
    "decimal": _defects(
        ("not-a-number", "is not a number", STRUCTURE_ONLY, lambda s: "1.2.3"),
        ("empty", "is the empty string", STRUCTURE_ONLY, lambda s: ""),
    ),
}


def defect_value(defect: Defect, src: Source) -> str:
    return src.joint(lambda joint: defect.make(datetime_parts(joint), joint))
