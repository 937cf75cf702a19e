"""Disputed documents: valid by the schema and by RFC 3339 / RFC 8259, yet rejected or
mishandled by common validators and parsers (a leap second, a lowercase ``t``, ``__proto__`` as
a member name, an integer past 2^64...).

The tables below are the single list of such values: ``batchcalls-fuzz diff``
(``judge/disagreements.py``) probes the validators with the same rows, so what a case says
about the validators (``disputed_by`` naming ``jsonschema`` or ``structure``, the oracle's
dialects) is checked against what they do. Places come from the schema model: date-time
strings, objects open to undeclared members, and places that hold numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..schema import pointer as jp
from ..schema.ir import JSON, AnyNode, Node, NumberNode, ObjectNode, StringNode, walk
from ..serialize import to_json
from .invalid import Mutator, edited, matching_pointers
from .profile import SCHEMA_PURE, Profile
from .source import RandomSource, Source
from .valid import Limits

JSONSCHEMA, STRUCTURE = "jsonschema", "structure"
"""The oracle's validators, as ``disputed_by`` names them."""
PY_FROMISOFORMAT = "datetime.fromisoformat"
PY_FROMISOFORMAT_OLD = "datetime.fromisoformat before Python 3.11"
PY_UTC_CONVERSION = "datetime.astimezone(timezone.utc)"
STRPTIME = "strptime with %z or a fixed format"
MICROSECOND_PARSERS = "parsers rounding to microseconds (Python datetime) or milliseconds (JS Date)"
JS_OBJECTS = "JavaScript objects built by assignment (prototype pollution)"
SCHEMA_TOOLS = "JSON Schema tools that resolve $-keywords in instances"
INT64_PARSERS = "64-bit integer parsers (Go int64, Java long, Rust i64/u64)"
DOUBLE_PARSERS = "parsers reading numbers as doubles (JavaScript JSON.parse)"


@dataclass(frozen=True)
class Disputed:
    """A document valid by the schema and the RFCs whose value at ``pointer`` is disputed."""

    document: JSON
    case: str
    """Stable name: ``leap-second``, ``lowercase-t``, ``key-__proto__``, ``integer-2^64``..."""
    pointer: str
    """RFC 6901 pointer of the disputed value (of the member, for a disputed member name; of
    the string holding the characters a text form changes, for a text form)."""
    reason: str
    """What makes it disputed, as one sentence."""
    disputed_by: tuple[str, ...]
    """Who rejects or mishandles it; ``jsonschema`` and ``structure`` are the oracle's
    validators, named exactly where they reject the document."""
    payload: bytes | None = None
    """The JSON text, where the text itself matters (``-0.0``, ``18446744073709551616``); else
    None and the document serialises to it."""

    @property
    def name(self) -> str:
        return f"disputed:{self.case}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "disputed",
            "case": self.case,
            "name": self.name,
            "pointer": self.pointer,
            "reason": self.reason,
            "disputed_by": list(self.disputed_by),
        }

    def to_bytes(self) -> bytes:
        """The JSON text a consumer of raw bytes gets."""
        if self.payload is not None:
            return self.payload
        return to_json(self.document).encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class DateTimeDispute:
    case: str
    text: str
    reason: str
    disputed_by: tuple[str, ...]


@dataclass(frozen=True)
class MemberDispute:
    case: str
    key: str
    value: JSON
    reason: str
    disputed_by: tuple[str, ...]


@dataclass(frozen=True)
class NumberDispute:
    case: str
    text: str
    """The number as written in the JSON text."""
    reason: str
    disputed_by: tuple[str, ...]

    @property
    def value(self) -> int | float:
        number: int | float = json.loads(self.text)
        return number


DATE_TIME_DISPUTES: tuple[DateTimeDispute, ...] = (
    DateTimeDispute(
        "leap-second",
        "2016-12-31T23:59:60Z",
        "RFC 3339 allows second 60 for a leap second; most date-time types cannot hold it",
        (JSONSCHEMA, PY_FROMISOFORMAT, STRPTIME),
    ),
    DateTimeDispute(
        "lowercase-t",
        "2024-01-15t10:30:00Z",
        "RFC 3339 section 5.6 lets 't' stand for 'T'; fixed-format parsers expect 'T'",
        (STRUCTURE, STRPTIME, PY_FROMISOFORMAT_OLD),
    ),
    DateTimeDispute(
        "lowercase-z",
        "2024-01-15T10:30:00z",
        "RFC 3339 section 5.6 lets 'z' stand for 'Z'; many parsers know only 'Z'",
        (STRUCTURE, PY_FROMISOFORMAT, STRPTIME),
    ),
    DateTimeDispute(
        "minus-zero-offset",
        "2024-01-15T10:30:00-00:00",
        "RFC 3339 reads -00:00 as UTC with an unknown local offset, not as +00:00",
        ("parsers treating -00:00 as an error or as a known local offset",),
    ),
    DateTimeDispute(
        "fraction-rounding-edge",
        "2024-12-31T23:59:59.9999995Z",
        "seven fraction digits that round up into the next year at microsecond precision",
        (MICROSECOND_PARSERS, PY_FROMISOFORMAT_OLD),
    ),
    DateTimeDispute(
        "fraction-nine-digits",
        "2024-12-31T23:59:59.999999999Z",
        "nanosecond precision, which microsecond and millisecond types truncate or round",
        (MICROSECOND_PARSERS, PY_FROMISOFORMAT_OLD),
    ),
    DateTimeDispute(
        "fraction-ten-digits",
        "2024-12-31T23:59:59.9999999995Z",
        "RFC 3339 puts no limit on fraction digits; ten digits at a rounding edge",
        (MICROSECOND_PARSERS, PY_FROMISOFORMAT_OLD, STRPTIME),
    ),
    DateTimeDispute(
        "fraction-twelve-digits",
        "2024-01-15T10:30:00.123456789123Z",
        "RFC 3339 puts no limit on fraction digits; parsers with fixed precision overflow",
        (PY_FROMISOFORMAT_OLD, STRPTIME),
    ),
    DateTimeDispute(
        "year-0001-extreme-offset",
        "0001-01-01T00:00:00+23:59",
        "the first representable day with an offset that puts the instant before year 1 in UTC",
        (PY_UTC_CONVERSION, "conversions to Unix time"),
    ),
    DateTimeDispute(
        "year-9999-extreme-offset",
        "9999-12-31T23:59:59-23:59",
        "the last representable second with an offset that puts the instant in year 10000 UTC",
        (PY_UTC_CONVERSION, "conversions to Unix time"),
    ),
)

MEMBER_DISPUTES: tuple[MemberDispute, ...] = (
    MemberDispute(
        "key-$uses",
        "$uses",
        ["JSONStructureValidation"],
        "JSON Structure reads $uses in an instance as the add-ins the document claims",
        (STRUCTURE,),
    ),
    MemberDispute(
        "key-$schema",
        "$schema",
        "https://json-schema.org/draft/2020-12/schema",
        "a member that schema tools take for the URI of the instance's schema",
        (SCHEMA_TOOLS,),
    ),
    MemberDispute(
        "key-$ref",
        "$ref",
        "#/definitions/x",
        "a member that reference resolvers follow instead of reading it as data",
        (SCHEMA_TOOLS,),
    ),
    MemberDispute(
        "key-__proto__",
        "__proto__",
        {"polluted": True},
        "a member that sets the prototype of a JavaScript object it is assigned into",
        (JS_OBJECTS,),
    ),
    MemberDispute(
        "key-constructor",
        "constructor",
        {"prototype": {"polluted": True}},
        "a member that shadows the constructor of a JavaScript object",
        (JS_OBJECTS,),
    ),
)

NUMBER_DISPUTES: tuple[NumberDispute, ...] = (
    NumberDispute(
        "integer-2^64",
        "18446744073709551616",
        "RFC 8259 sets no range; 2^64 overflows every 64-bit integer type",
        (INT64_PARSERS, DOUBLE_PARSERS),
    ),
    NumberDispute(
        "integer-2^128",
        "340282366920938463463374607431768211456",
        "RFC 8259 sets no range; 2^128 overflows every fixed-size integer type",
        (INT64_PARSERS, DOUBLE_PARSERS),
    ),
    NumberDispute(
        "integer-2^53+1",
        "9007199254740993",
        "the first integer a double cannot hold: read as a double it becomes 2^53",
        (DOUBLE_PARSERS,),
    ),
    NumberDispute(
        "minus-zero",
        "-0.0",
        "negative zero equals zero but keeps its sign as a float; integer readers drop it",
        ("integer readers", "serialisers writing 0 for -0.0"),
    ),
)


@dataclass(frozen=True)
class TextDispute:
    """The document written as another, equivalent JSON text."""

    case: str
    render: Callable[[JSON], str]
    reason: str
    disputed_by: tuple[str, ...]


TEXT_VALUE = "call \U0001f4de caf\u00e9 a/b"
"""Written at a plain string place so that every text form has something to change: a
character outside the BMP, one outside ASCII, a solidus."""
HAND_WRITTEN = "hand-written JSON readers"

TEXT_DISPUTES: tuple[TextDispute, ...] = (
    TextDispute(
        "escaped-non-ascii",
        lambda document: json.dumps(document, ensure_ascii=True, separators=(",", ":")),
        "RFC 8259 lets any character be escaped; one outside the BMP becomes a surrogate pair",
        (HAND_WRITTEN, "readers decoding \\u escapes one at a time"),
    ),
    TextDispute(
        "whitespace-everywhere",
        lambda document: json.dumps(document, ensure_ascii=False, indent="\t").replace(
            "\n", "\r\n"
        ),
        "RFC 8259 allows spaces, tabs, CR and LF around every token",
        (HAND_WRITTEN, "line-based and regular-expression readers"),
    ),
    TextDispute(
        "escaped-solidus",
        lambda document: to_json(document).replace("/", "\\/"),
        "RFC 8259 lets a solidus be written \\/ in a string",
        (HAND_WRITTEN,),
    ),
)

KEY_CASES = tuple(d.case for d in MEMBER_DISPUTES)
CASE_NAMES = tuple(
    d.case
    for table in (DATE_TIME_DISPUTES, MEMBER_DISPUTES, NUMBER_DISPUTES, TEXT_DISPUTES)
    for d in table
)

_SENTINEL = "\u0000disputed number\u0000"
_NUMBER_MEMBER = "amount"


@dataclass(frozen=True)
class Spot:
    """One disputed case at one place of the model: what ``disputed_cases`` enumerates and
    ``disputed_strategy`` samples from."""

    dispute: DateTimeDispute | MemberDispute | NumberDispute | TextDispute
    path: str
    """The place's path pattern: a date-time, an open object, a number or a plain string."""
    member: str | None = None
    """For a number added to an open object: the member it is written to."""

    @property
    def label(self) -> str:
        return f"disputed:{self.dispute.case} {self.path or '/'}"


def disputed_spots(root: Node) -> list[Spot]:
    """Every (case, place) the model admits, in a stable order."""
    nodes = walk(root)
    dates = [n for n in nodes if isinstance(n, StringNode) and n.format == "date-time"]
    open_objects = [
        n for n in nodes if isinstance(n, ObjectNode) and isinstance(n.additional, AnyNode)
    ]
    numbers = [n for n in nodes if isinstance(n, NumberNode)]
    texts = [n for n in nodes if isinstance(n, StringNode) and _holds_text(n)]
    spots = [Spot(d, n.path) for d in DATE_TIME_DISPUTES for n in dates]
    spots += [
        Spot(d, n.path) for d in MEMBER_DISPUTES for n in open_objects if d.key not in n.properties
    ]
    for dispute in NUMBER_DISPUTES:
        spots += [Spot(dispute, n.path) for n in numbers if _fits(n, dispute.value)]
        spots += [
            Spot(dispute, n.path, _NUMBER_MEMBER)
            for n in open_objects
            if _NUMBER_MEMBER not in n.properties
        ]
    spots += [Spot(d, n.path) for d in TEXT_DISPUTES for n in texts[:1]]
    return spots


def _holds_text(node: StringNode) -> bool:
    """Can this string place hold TEXT_VALUE? The first such place carries the text forms."""
    return (
        node.format is None
        and node.pattern is None
        and node.min_length <= len(TEXT_VALUE)
        and (node.max_length is None or node.max_length >= len(TEXT_VALUE))
    )


def _fits(node: NumberNode, value: float) -> bool:
    return (
        (node.minimum is None or value >= node.minimum)
        and (node.maximum is None or value <= node.maximum)
        and (node.exclusive_minimum is None or value > node.exclusive_minimum)
        and (node.exclusive_maximum is None or value < node.exclusive_maximum)
    )


def make_disputed(mutator: Mutator, spot: Spot, src: Source) -> Disputed:
    """A valid document of the mutator's profile holding ``spot``'s place, with the disputed
    value written there."""
    document = mutator.valid_with(spot.path)(src)
    where = src.choice(matching_pointers(document, spot.path))
    dispute = spot.dispute
    payload: bytes | None = None
    if isinstance(dispute, DateTimeDispute):
        document = edited(document, jp.tokens(where), _constant(dispute.text))
        pointer = where
    elif isinstance(dispute, TextDispute):
        document = edited(document, jp.tokens(where), _constant(TEXT_VALUE))
        payload = dispute.render(document).encode("utf-8", "surrogatepass")
        pointer = where
    elif isinstance(dispute, MemberDispute):
        document = edited(document, jp.tokens(where), _with_member(dispute.key, dispute.value))
        pointer = jp.join(where, dispute.key)
    else:
        pointer = where if spot.member is None else jp.join(where, spot.member)
        marked = _write(document, pointer, _SENTINEL)
        text = to_json(marked).replace(json.dumps(_SENTINEL), dispute.text, 1)
        payload = text.encode("utf-8", "surrogatepass")
        document = _write(document, pointer, dispute.value)
    return Disputed(document, dispute.case, pointer, dispute.reason, dispute.disputed_by, payload)


def _write(document: JSON, pointer: str, value: JSON) -> JSON:
    tokens = jp.tokens(pointer)
    holder = jp.resolve(document, jp.from_tokens(tokens[:-1]))
    if isinstance(holder, dict):
        return edited(document, tokens[:-1], _with_member(tokens[-1], value))
    return edited(document, tokens, _constant(value))


def _constant(value: JSON) -> Callable[[JSON], JSON]:
    return lambda _: value


def _with_member(key: str, value: JSON) -> Callable[[JSON], JSON]:
    return lambda obj: {**obj, key: value}


def disputed_cases(root: Node, dialect: str, profile: Profile = SCHEMA_PURE) -> list[Disputed]:
    """Deterministically, every disputed case at every place of the model that can hold it,
    each drawn from its own seed (its label), so adding a case changes no other.

    ``dialect`` names the schema the model came from; every case is valid by both dialects'
    specifications, whatever their validators say."""
    del dialect  # the same values are disputed whichever dialect the schema is written in
    mutator = Mutator(root, profile=profile)
    return [make_disputed(mutator, spot, RandomSource(spot.label)) for spot in disputed_spots(root)]


def disputed_generator(
    root: Node, dialect: str, bounds: Limits, profile: Profile = SCHEMA_PURE
) -> Callable[[Source], Disputed]:
    """Draws a case uniformly, then one of its places, then a document holding it (the bulk
    path): a case with one place (a text form) comes as often as one with many (a date-time)."""
    del dialect
    by_case: dict[str, list[Spot]] = {}
    for spot in disputed_spots(root):
        by_case.setdefault(spot.dispute.case, []).append(spot)
    if not by_case:
        raise ValueError("the schema has no date-time, open object, number or string place")
    groups = tuple(tuple(spots) for spots in by_case.values())
    mutator = Mutator(root, bounds, profile)
    return lambda src: make_disputed(mutator, src.choice(src.choice(groups)), src)
