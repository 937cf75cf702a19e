"""Mutants of the reference consumer: each one realistic bug, written as edits of its source.

A mutant is ``reference.py`` with each ``old`` snippet (found exactly once) replaced by ``new``;
most have one edit. Its ``witness`` is a payload on which it breaks the contract where the
reference keeps it (see ``outcome.breach``). Standard library only.

Bug classes: ``valid`` (crashes on or rejects a valid document), ``invalid`` (accepts an
invalid one, or crashes on it), ``coercion`` (accepts a near-miss that lax parsers take),
``malformed`` (accepts bytes that are no JSON text, or fails with the wrong exception),
``disputed`` (mishandles a value the specs allow and validators dispute), ``performance``,
``production`` (fails only under the interpreter's default recursion limit), ``conversion``
(accepts, but returns something else than the document says).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

REFERENCE = Path(__file__).resolve().parent / "reference.py"

ANCHOR_OF_CLASS = {
    "valid": "valid",
    "disputed": "valid",
    "performance": "valid",
    "production": "valid",
    "conversion": "valid",
    "invalid": "invalid",
    "coercion": "invalid",
    "malformed": "",
}
"""Which anchor can kill a class: hypothesis-jsonschema's valid documents, Schemathesis'
negative bodies, or neither (anchors produce documents, never broken bytes)."""


@dataclass(frozen=True)
class Mutant:
    name: str
    bug_class: str
    description: str
    edits: tuple[tuple[str, str], ...]
    witness: bytes

    @property
    def anchor(self) -> str:
        return ANCHOR_OF_CLASS[self.bug_class]

    def source(self) -> str:
        text = reference_source()
        for old, new in self.edits:
            count = text.count(old)
            if count != 1:
                raise AssertionError(f"{self.name}: snippet found {count} times: {old[:60]!r}")
            text = text.replace(old, new)
        return text

    def load(self) -> ModuleType:
        """The mutant as a module (registered in sys.modules: dataclasses look it up)."""
        module = ModuleType(f"mutant_{self.name.replace('-', '_')}")
        module.__file__ = f"<mutant {self.name}>"
        sys.modules[module.__name__] = module
        exec(compile(self.source(), module.__file__, "exec"), module.__dict__)
        return module


@cache
def reference_source() -> str:
    return REFERENCE.read_text("utf-8")


# --- witnesses ----------------------------------------------------------------------------

ABSENT: Any = object()


def record(**members: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "512",
        "properties": {"hs_call_title": "Discovery Call", "hs_call_duration": "1800000"},
        "createdAt": "2024-01-15T10:30:00.000Z",
        "updatedAt": "2024-01-15T11:00:00.000Z",
        "archived": False,
    }
    base.update(members)
    return {k: v for k, v in base.items() if v is not ABSENT}


def body(**members: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "status": "COMPLETE",
        "results": [record()],
        "startedAt": "2024-01-15T10:30:00.000Z",
        "completedAt": "2024-01-15T10:30:05.000Z",
    }
    base.update(members)
    return {k: v for k, v in base.items() if v is not ABSENT}


def encoded(document: Any, ascii_only: bool = False) -> bytes:
    return json.dumps(document, ensure_ascii=ascii_only).encode("utf-8")


def started_at(text: str) -> bytes:
    return encoded(body(startedAt=text))


def nested(depth: int) -> bytes:
    """A valid document whose ``links`` holds a value nested ``depth`` deep."""
    return encoded(body())[:-1] + b', "links": {"a": ' + b"[" * depth + b"]" * depth + b"}}"


PROPERTIES_LINE = (
    '    properties = _free_object(_required(item, "properties", where), f"{where}/properties")\n'
)
CREATED_AT_LINE = (
    '    created_at = read_date_time(_required(item, "createdAt", where), f"{where}/createdAt")\n'
)
_FREEZE_START = "    if type(value) is not dict and type(value) is not list:"
_FREEZE_END = '    raise AssertionError("unreachable")\n'
ITERATIVE_FREEZE = (
    reference_source()[
        reference_source().index(_FREEZE_START) : reference_source().index(_FREEZE_END)
    ]
    + _FREEZE_END
)


def mutant(
    name: str, bug_class: str, description: str, old: str, new: str, witness: bytes
) -> Mutant:
    return Mutant(name, bug_class, description, ((old, new),), witness)


MUTANTS: tuple[Mutant, ...] = (
    # --- valid input: crashes and rejections ----------------------------------------------
    mutant(
        "archived-at-absent-keyerror",
        "valid",
        "reads the optional archivedAt unguarded: KeyError when a call is not archived",
        'read_date_time(item["archivedAt"], f"{where}/archivedAt")'
        ' if "archivedAt" in item else None',
        'read_date_time(item["archivedAt"], f"{where}/archivedAt")',
        encoded(body()),
    ),
    mutant(
        "requested-at-absent-keyerror",
        "valid",
        "reads the optional requestedAt unguarded: KeyError when it is absent",
        'read_date_time(body["requestedAt"], "/requestedAt") if "requestedAt" in body else None',
        'read_date_time(body["requestedAt"], "/requestedAt")',
        encoded(body()),
    ),
    mutant(
        "history-absent-keyerror",
        "valid",
        "reads the optional propertiesWithHistory unguarded: KeyError when it is absent",
        """        _free_object(item["propertiesWithHistory"], f"{where}/propertiesWithHistory")
        if "propertiesWithHistory" in item
        else None
""",
        """        _free_object(item["propertiesWithHistory"], f"{where}/propertiesWithHistory")
""",
        encoded(body()),
    ),
    mutant(
        "error-details-absent-keyerror",
        "valid",
        "reads an error's optional errors array unguarded: KeyError when it is absent",
        """            if "errors" in error
            else None
""",
        "",
        encoded(body(errors=[{"status": "error", "message": "Property value is invalid"}])),
    ),
    mutant(
        "empty-results-indexerror",
        "valid",
        "logs the first call's id: IndexError when results is empty",
        """    results = tuple(read_record(item, f"/results/{i}") for i, item in enumerate(items))
""",
        """    results = tuple(read_record(item, f"/results/{i}") for i, item in enumerate(items))
    import logging

    logging.getLogger(__name__).debug("batch starting at call %s", results[0].id)
""",
        encoded(body(results=[])),
    ),
    mutant(
        "empty-history-indexerror",
        "valid",
        "logs the newest version of each property history: IndexError on an empty history",
        CREATED_AT_LINE,
        """    import logging

    for name, versions in (history or {}).items():
        if isinstance(versions, tuple):
            logging.getLogger(__name__).debug("%s is now %r", name, versions[-1])
"""
        + CREATED_AT_LINE,
        encoded(body(results=[record(propertiesWithHistory={"hs_call_title": []})])),
    ),
    mutant(
        "null-property-value-crash",
        "valid",
        "trims every property value as a string: AttributeError on null (an unset property)",
        PROPERTIES_LINE,
        """    properties = _object(_required(item, "properties", where), f"{where}/properties")
    properties = frozen({name: value.strip() for name, value in properties.items()})
""",
        encoded(body(results=[record(properties={"hs_call_body": None})])),
    ),
    mutant(
        "extra-record-member-keyerror",
        "valid",
        "maps each member of a call to a field by a fixed table: KeyError on an undeclared one",
        """    item = _object(value, where)
    record_id""",
        """    item = _object(value, where)
    field_of = {
        "id": "id",
        "properties": "properties",
        "propertiesWithHistory": "properties_with_history",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "archived": "archived",
        "archivedAt": "archived_at",
    }
    fields = {field_of[name]: member for name, member in item.items()}
    assert fields
    record_id""",
        encoded(body(results=[record(objectWriteTraceId="8b1c2f")])),
    ),
    mutant(
        "extra-top-level-member-rejected",
        "valid",
        "rejects undeclared top-level members (numErrors) that the schema allows",
        """    body = _object(document, "")
""",
        """    body = _object(document, "")
    known = {"status", "results", "requestedAt", "startedAt", "completedAt", "errors", "links"}
    if set(body) - known:
        raise ValueError(f"unknown members {sorted(set(body) - known)}")
""",
        encoded(body(numErrors=1)),
    ),
    mutant(
        "empty-properties-rejected",
        "valid",
        "rejects a call whose properties object is empty",
        PROPERTIES_LINE,
        PROPERTIES_LINE
        + """    if not properties:
        raise ValueError(f"{where}/properties: no properties")
""",
        encoded(body(results=[record(properties={})])),
    ),
    mutant(
        "fraction-rounded-overflow",
        "valid",
        "rounds the fraction to microseconds: .9999995 and longer become 1,000,000 and fail",
        """    microsecond = int(fraction[:6].ljust(6, "0"))""",
        """    microsecond = round(int(fraction or "0") / 10 ** len(fraction) * 1_000_000)""",
        started_at("2024-01-15T10:30:00.9999999Z"),
    ),
    mutant(
        "fraction-as-milliseconds",
        "valid",
        "reads the fraction as milliseconds: six digits overflow, one digit is off by 100",
        """    microsecond = int(fraction[:6].ljust(6, "0"))""",
        """    microsecond = int(fraction or "0") * 1000""",
        started_at("2024-01-15T10:30:00.123456Z"),
    ),
    mutant(
        "numeric-offset-rejected",
        "valid",
        "accepts only Z date-times, as HubSpot sends them: +01:00 is rejected",
        """        hours, minutes = int(found.group(9)), int(found.group(10))
""",
        """        raise ValueError(f"{where}: only UTC (Z) date-times are supported")
""",
        started_at("2024-01-15T11:30:00+01:00"),
    ),
    mutant(
        "year-below-1000-rejected",
        "valid",
        "reads the year as [1-9][0-9]{3}: years 0001 to 0999 are rejected",
        'r"([0-9]{4})-([0-9]{2})',
        'r"([1-9][0-9]{3})-([0-9]{2})',
        started_at("0999-01-15T10:30:00Z"),
    ),
    mutant(
        "ascii-only-decoding",
        "valid",
        "decodes the payload as ASCII: any non-ASCII character rejects a valid document",
        'return payload.decode("utf-8")',
        'return payload.decode("ascii")',
        encoded(body(results=[record(properties={"hs_call_title": "Café call"})])),
    ),
    mutant(
        "escaped-astral-rejected",
        "valid",
        "reads \\u escapes one by one: an escaped surrogate pair (an emoji) is rejected",
        """            if 0xD800 <= code <= 0xDBFF and text.startswith("\\\\u", i):
                low = _hex4(text, i + 2)
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
""",
        "",
        encoded(body(results=[record(properties={"hs_call_title": "call 📞"})]), True),
    ),
    # --- invalid input accepted or crashing -----------------------------------------------
    mutant(
        "missing-results-defaulted",
        "invalid",
        "treats a missing results as an empty list",
        '_array(_required(body, "results", ""), "/results")',
        '_array(body.get("results", []), "/results")',
        encoded(body(results=ABSENT)),
    ),
    mutant(
        "missing-started-at-keyerror",
        "invalid",
        "reads the required startedAt without checking it: KeyError when it is missing",
        'read_date_time(_required(body, "startedAt", ""), "/startedAt")',
        'read_date_time(body["startedAt"], "/startedAt")',
        encoded(body(startedAt=ABSENT)),
    ),
    mutant(
        "missing-archived-defaulted",
        "invalid",
        "treats a missing archived as false",
        '_boolean(_required(item, "archived", where), f"{where}/archived")',
        '_boolean(item.get("archived", False), f"{where}/archived")',
        encoded(body(results=[record(archived=ABSENT)])),
    ),
    mutant(
        "missing-properties-defaulted",
        "invalid",
        "treats a call's missing properties as empty",
        '_free_object(_required(item, "properties", where), f"{where}/properties")',
        '_free_object(item.get("properties", {}), f"{where}/properties")',
        encoded(body(results=[record(properties=ABSENT)])),
    ),
    mutant(
        "detail-message-optional",
        "invalid",
        "treats the required message of an error detail (/errors/*/errors/*) as optional",
        '_text(_required(detail, "message", where), f"{where}/message")',
        '_text(detail.get("message", ""), f"{where}/message")',
        encoded(body(errors=[{"message": "failed", "errors": [{"code": "invalid"}]}])),
    ),
    mutant(
        "unknown-status-accepted",
        "invalid",
        "does not check status against its enum",
        """    if status not in STATUSES:
        raise ValueError(f"/status: {status!r} is not one of {', '.join(STATUSES)}")
""",
        "",
        encoded(body(status="DONE")),
    ),
    mutant(
        "status-case-insensitive",
        "invalid",
        "upper-cases status before the enum check: 'complete' is accepted",
        """    if status not in STATUSES:
""",
        """    status = status.upper()
    if status not in STATUSES:
""",
        encoded(body(status="complete")),
    ),
    mutant(
        "properties-not-object-accepted",
        "invalid",
        "builds properties with dict(): an empty array (or a list of pairs) is accepted",
        '_free_object(_required(item, "properties", where), f"{where}/properties")',
        'frozen(dict(_required(item, "properties", where)))',
        encoded(body(results=[record(properties=[])])),
    ),
    mutant(
        "null-optional-accepted",
        "invalid",
        "treats a null archivedAt as absent",
        'if "archivedAt" in item else None',
        'if item.get("archivedAt") is not None else None',
        encoded(body(results=[record(archivedAt=None)])),
    ),
    mutant(
        "error-message-type-unchecked",
        "invalid",
        "takes an error's message as it comes: a number is accepted",
        """_text(error["message"], f"{at}/message") if "message" in error else None""",
        """error.get("message")""",
        encoded(body(errors=[{"message": 404}])),
    ),
    mutant(
        "day-overflow-accepted",
        "invalid",
        "adds the day to the first of the month, as JavaScript's Date does: 04-31 is 05-01",
        """    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{where}: {text!r} has no such day")
    moment = datetime(
        year, month, day, hour, minute, 59 if leap_second else second, microsecond, tzinfo=zone
    )
""",
        """    moment = datetime(
        year, month, 1, hour, minute, 59 if leap_second else second, microsecond, tzinfo=zone
    ) + timedelta(days=day - 1)
""",
        started_at("2024-04-31T10:30:00Z"),
    ),
    mutant(
        "month-overflow-accepted",
        "invalid",
        "rolls months past 12 into the next year, as JavaScript's Date does",
        """    if year == 0 or not 1 <= month <= 12:
""",
        """    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if year == 0 or not 1 <= month <= 12:
""",
        started_at("2024-13-15T10:30:00Z"),
    ),
    Mutant(
        "second-61-accepted",
        "invalid",
        "allows seconds up to 61, the range of C's struct tm",
        (
            ("or second > 60:", "or second > 61:"),
            ("leap_second = second == 60", "leap_second = second >= 60"),
        ),
        started_at("2024-01-15T10:30:61Z"),
    ),
    mutant(
        "leading-space-accepted",
        "invalid",
        "strips whitespace around a date-time before reading it",
        "found = _DATE_TIME.fullmatch(text)",
        "found = _DATE_TIME.fullmatch(text.strip())",
        started_at(" 2024-01-15T10:30:00Z"),
    ),
    mutant(
        "non-ascii-digits-accepted",
        "invalid",
        "reads date-time digits with \\d, which matches any Unicode digit",
        r"""    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})"""
        r"""(?:\.([0-9]+))?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
""",
        r"""    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:[Zz]|([+-])(\d{2}):(\d{2}))"
""",
        started_at("٢٠٢٤-٠١-١٥T١٠:٣٠:٠٠Z"),
    ),
    Mutant(
        "no-seconds-accepted",
        "invalid",
        "lets the seconds out, as ISO 8601 does: 10:30Z is accepted",
        (
            (
                "([0-9]{2}):([0-9]{2}):([0-9]{2})(?:",
                "([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:",
            ),
            ("(int(found.group(g)) for g", "(int(found.group(g) or 0) for g"),
        ),
        started_at("2024-01-15T10:30Z"),
    ),
    mutant(
        "space-separator-accepted",
        "invalid",
        "takes a space between date and time, as RFC 3339's note permits but the schema not",
        "([0-9]{2})[Tt]([0-9]{2})",
        "([0-9]{2})[Tt ]([0-9]{2})",
        started_at("2024-01-15 10:30:00Z"),
    ),
    mutant(
        "offset-without-colon-accepted",
        "invalid",
        "takes offsets without a colon (+0530), as ISO 8601's basic format",
        "([+-])([0-9]{2}):([0-9]{2}))",
        "([+-])([0-9]{2}):?([0-9]{2}))",
        started_at("2024-01-15T10:30:00+0530"),
    ),
    # --- coercions lax parsers accept -----------------------------------------------------
    mutant(
        "id-number-stringified",
        "coercion",
        "converts the id with str(): a number is accepted",
        '_text(_required(item, "id", where), f"{where}/id")',
        'str(_required(item, "id", where))',
        encoded(body(results=[record(id=512)])),
    ),
    mutant(
        "boolean-string-accepted",
        "coercion",
        "reads 'true' and 'false' strings as booleans",
        """    archived = _boolean(_required(item, "archived", where), f"{where}/archived")
""",
        """    archived = _required(item, "archived", where)
    if archived in ("true", "false"):
        archived = archived == "true"
    archived = _boolean(archived, f"{where}/archived")
""",
        encoded(body(results=[record(archived="true")])),
    ),
    mutant(
        "boolean-truthiness",
        "coercion",
        "takes archived by truthiness, as HubSpot's client does: 'false' is True",
        '_boolean(_required(item, "archived", where), f"{where}/archived")',
        'bool(_required(item, "archived", where))',
        encoded(body(results=[record(archived="false")])),
    ),
    mutant(
        "boolean-int-accepted",
        "coercion",
        "checks a boolean with `in (True, False)`, which 0 and 1 pass",
        """    if type(value) is not bool:
        raise ValueError(f"{where}: expected a boolean")
    return value
""",
        """    if value not in (True, False):
        raise ValueError(f"{where}: expected a boolean")
    return bool(value)
""",
        encoded(body(results=[record(archived=1)])),
    ),
    mutant(
        "unix-millis-string-accepted",
        "coercion",
        "reads a string of digits as Unix milliseconds (as hs_timestamp may be)",
        """    text = _text(value, where)
""",
        """    text = _text(value, where)
    if text.isdigit():
        return Timestamp(datetime.fromtimestamp(int(text) / 1000, timezone.utc), False, "")
""",
        started_at("1705314600000"),
    ),
    mutant(
        "numeric-date-time-accepted",
        "coercion",
        "reads a JSON number in a date-time member as Unix milliseconds",
        """    text = _text(value, where)
""",
        """    if type(value) in (int, float):
        return Timestamp(datetime.fromtimestamp(value / 1000, timezone.utc), False, "")
    text = _text(value, where)
""",
        encoded(body(startedAt=1705314600000)),
    ),
    mutant(
        "single-error-as-array",
        "coercion",
        "wraps a single error object where the errors array belongs",
        "for i, entry in enumerate(_array(value, where)):",
        "for i, entry in enumerate([value] if type(value) is dict else _array(value, where)):",
        encoded(body(errors={"message": "failed"})),
    ),
    # --- malformed bytes ------------------------------------------------------------------
    mutant(
        "nan-infinity-accepted",
        "malformed",
        "reads NaN, Infinity and -Infinity, as Python's json module does",
        '_LITERALS = (("true", True), ("false", False), ("null", None))',
        '_LITERALS = (("true", True), ("false", False), ("null", None), ("NaN", math.nan),'
        ' ("Infinity", math.inf), ("-Infinity", -math.inf))',
        encoded(body())[:-1] + b', "numErrors": NaN}',
    ),
    mutant(
        "invalid-utf8-replaced",
        "malformed",
        "decodes with errors='replace': bytes that are not UTF-8 become U+FFFD",
        'return payload.decode("utf-8")',
        'return payload.decode("utf-8", errors="replace")',
        encoded(body()).replace(b"Discovery", b"Disc\xffvery"),
    ),
    mutant(
        "encoded-surrogate-accepted",
        "malformed",
        "decodes with surrogatepass: UTF-8-encoded surrogates (CESU-8) are accepted",
        'return payload.decode("utf-8")',
        'return payload.decode("utf-8", "surrogatepass")',
        encoded(body()).replace(b"Discovery", b"Disc\xed\xa0\x80very"),
    ),
    Mutant(
        "utf16-accepted",
        "malformed",
        "detects the encoding as json.loads(bytes) does: UTF-16 and UTF-32 are accepted",
        (
            ("import calendar\n", "import calendar\nimport json\n"),
            ('payload.decode("utf-8")', "payload.decode(json.detect_encoding(payload))"),
        ),
        json.dumps(body()).encode("utf-16-le"),
    ),
    mutant(
        "trailing-data-ignored",
        "malformed",
        "stops after the first JSON value, as json.JSONDecoder.raw_decode does",
        """                if i != end:
                    raise ValueError(f"data after the JSON value at {i}")
""",
        "",
        encoded(body()) + b" x",
    ),
    mutant(
        "duplicate-name-keyerror",
        "malformed",
        "raises KeyError on a duplicate member name",
        'raise ValueError(f"duplicate member name {key!r}")',
        'raise KeyError(f"duplicate member name {key!r}")',
        encoded(body())[:-1] + b', "status": "PENDING"}',
    ),
    mutant(
        "json-loads-recursion-error",
        "malformed",
        "parses with json.loads (strict hooks): RecursionError escapes on deep nesting",
        """    document = parse_json(decode(bytes(payload)))
""",
        """    import json

    def unique(pairs):
        members = {}
        for key, value in pairs:
            if key in members:
                raise ValueError(f"duplicate member name {key!r}")
            members[key] = value
        return members

    def no_constant(name):
        raise ValueError(f"{name} is not JSON")

    def finite(text):
        if math.isinf(float(text)):
            raise ValueError("number out of range")
        return float(text)

    document = json.loads(
        decode(bytes(payload)),
        object_pairs_hook=unique,
        parse_constant=no_constant,
        parse_float=finite,
    )
""",
        encoded(body())[:-1] + b', "links": {"a": ' + b"[" * 10_000 + b"]" * 10_000 + b"}}",
    ),
    mutant(
        "control-character-accepted",
        "malformed",
        "lets raw control characters into strings, as json.loads(strict=False) does",
        """_PLAIN = re.compile(r'[^"\\\\\\x00-\\x1f]*')""",
        """_PLAIN = re.compile(r'[^"\\\\]*')""",
        encoded(body()).replace(b"Discovery Call", b"Discovery\tCall"),
    ),
    mutant(
        "invalid-escape-kept",
        "malformed",
        "keeps an unknown escape's character (\\q reads as q)",
        """            raise ValueError(f"invalid escape at {i}")
""",
        """            parts.append(escape)
            i += 2
""",
        encoded(body()).replace(b"Discovery", b"Disc\\qovery"),
    ),
    mutant(
        "leading-zero-accepted",
        "malformed",
        "reads integers with leading zeros (01)",
        "-?(?:0|[1-9][0-9]*)",
        "-?(?:[0-9]+)",
        encoded(body())[:-1] + b', "numErrors": 01}',
    ),
    mutant(
        "empty-payload-indexerror",
        "malformed",
        "looks for a BOM by indexing the first byte: IndexError on an empty body",
        """    if payload.startswith(b"\\xef\\xbb\\xbf"):""",
        """    if payload[0] == 0xEF:""",
        b"",
    ),
    mutant(
        "truncated-indexerror",
        "malformed",
        "does not check for the end of the text before reading a value: IndexError",
        """        if i >= end:
            raise ValueError("unexpected end of the JSON text")
""",
        "",
        b'{"status": ',
    ),
    # --- disputed values mishandled -------------------------------------------------------
    mutant(
        "leap-second-rejected",
        "disputed",
        "passes second 60 to datetime(): a leap second is rejected",
        "59 if leap_second else second",
        "second",
        started_at("2016-12-31T23:59:60Z"),
    ),
    mutant(
        "lowercase-t-z-rejected",
        "disputed",
        "accepts only upper-case T and Z, though RFC 3339 allows t and z",
        r"""([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:[Zz]|""",
        r"""([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:Z|""",
        started_at("2024-01-15t10:30:00z"),
    ),
    mutant(
        "negative-zero-offset-rejected",
        "disputed",
        "rejects the offset -00:00 (UTC, local offset unknown)",
        """        if offset:  # -00:00""",
        """        if not offset and found.group(8) == "-":
            raise ValueError(f"{where}: unknown local offset")
        if offset:  # -00:00""",
        started_at("2024-01-15T10:30:00-00:00"),
    ),
    mutant(
        "reserved-member-names-rejected",
        "disputed",
        "rejects member names such as $ref and __proto__ as an injection guard",
        """    key, i = _string(text, i + 1)
""",
        """    key, i = _string(text, i + 1)
    if key.startswith(("$", "__")):
        raise ValueError(f"reserved member name {key!r}")
""",
        encoded(body(links={"$ref": "#/results", "__proto__": {}})),
    ),
    mutant(
        "big-integer-overflowerror",
        "disputed",
        "stores integers as int64: OverflowError at 2**63 and beyond",
        """        return int(found.group())  # ValueError""",
        """        if not -(2**63) <= int(found.group()) < 2**63:
            raise OverflowError("integer out of int64 range")
        return int(found.group())  # ValueError""",
        encoded(body(results=[record(properties={"hs_object_id": 2**64})])),
    ),
    mutant(
        "utc-normalisation-overflow",
        "disputed",
        "converts every date-time to UTC: OverflowError at year 1 or 9999 with an offset",
        "return Timestamp(moment, leap_second,",
        "return Timestamp(moment.astimezone(timezone.utc), leap_second,",
        started_at("0001-01-01T00:30:00+01:00"),
    ),
    mutant(
        "negative-zero-sign-lost",
        "disputed",
        "reads integral floats as ints, which drops the sign of -0.0",
        """        raise ValueError(f"number out of range: {found.group()[:40]}")
    return value
""",
        """        raise ValueError(f"number out of range: {found.group()[:40]}")
    return int(value) if value.is_integer() else value
""",
        encoded(body(links={"balance": -0.0})),
    ),
    # --- performance ----------------------------------------------------------------------
    mutant(
        "quadratic-duplicate-check",
        "performance",
        "compares each call's JSON with every earlier one to log duplicates: quadratic",
        """    results = tuple(read_record(item, f"/results/{i}") for i, item in enumerate(items))
""",
        """    results = tuple(read_record(item, f"/results/{i}") for i, item in enumerate(items))
    import json
    import logging

    for i, item in enumerate(items):
        mine = json.dumps(item, sort_keys=True)
        if any(json.dumps(earlier, sort_keys=True) == mine for earlier in items[:i]):
            logging.getLogger(__name__).warning("call %d is a duplicate", i)
""",
        encoded(body(results=[record(id=str(n)) for n in range(1500)])),
    ),
    mutant(
        "quadratic-trailing-space-regex",
        "performance",
        "warns about trailing whitespace with re.search(r'\\s+$'): quadratic on long blank runs",
        PROPERTIES_LINE,
        PROPERTIES_LINE
        + """    import logging

    for name, text in properties.items():
        if isinstance(text, str) and re.search(r"\\s+$", text):
            logging.getLogger(__name__).warning("%s ends in whitespace", name)
""",
        encoded(body(results=[record(properties={"hs_call_body": "a" + " " * 60_000 + "b"})])),
    ),
    # --- production conditions ------------------------------------------------------------
    mutant(
        "recursive-freeze",
        "production",
        "freezes free-form values recursively, 3 frames a level: 500 deep fails at limit 1000",
        ITERATIVE_FREEZE,
        """    if type(value) is dict:
        return MappingProxyType(_frozen_members(value))
    if type(value) is list:
        return tuple(_frozen_items(value))
    return value


def _frozen_members(value: Any) -> dict[str, Any]:
    built = {}
    for key, child in value.items():
        built[key] = _frozen_child(child)
    return built


def _frozen_items(value: Any) -> list[Any]:
    built = []
    for child in value:
        built.append(_frozen_child(child))
    return built


def _frozen_child(child: Any) -> Any:
    return frozen(child)
""",
        nested(500),
    ),
    # --- wrong conversions ----------------------------------------------------------------
    mutant(
        "offset-dropped",
        "conversion",
        "stamps every date-time as UTC, dropping its offset",
        "microsecond, tzinfo=zone",
        "microsecond, tzinfo=timezone.utc",
        started_at("2024-01-15T11:30:00+01:00"),
    ),
    mutant(
        "offset-sign-inverted",
        "conversion",
        "applies the offset with the wrong sign (POSIX TZ style)",
        'timezone(offset if found.group(8) == "+" else -offset)',
        'timezone(-offset if found.group(8) == "+" else offset)',
        started_at("2024-01-15T11:30:00+01:00"),
    ),
    mutant(
        "timezone-lost",
        "conversion",
        "builds naive date-times: the offset and the instant are lost",
        "microsecond, tzinfo=zone",
        "microsecond",
        started_at("2024-01-15T11:30:00+01:00"),
    ),
    mutant(
        "id-int-ified",
        "conversion",
        "turns numeric ids into ints",
        """    record_id = _text(_required(item, "id", where), f"{where}/id")
""",
        """    record_id = _text(_required(item, "id", where), f"{where}/id")
    if record_id.isdigit():
        record_id = int(record_id)
""",
        encoded(body()),
    ),
    mutant(
        "fraction-truncated-wrongly",
        "conversion",
        "takes the fraction's first six digits without padding: .5 reads as 5 microseconds",
        """int(fraction[:6].ljust(6, "0"))""",
        """int(fraction[:6] or "0")""",
        started_at("2024-01-15T10:30:00.5Z"),
    ),
    mutant(
        "big-integer-via-float",
        "conversion",
        "reads every number as a float: integers past 2**53 lose digits",
        """        return int(found.group())  # ValueError""",
        """        return int(float(found.group()))  # ValueError""",
        encoded(body(links={"count": 2**64 + 1})),
    ),
    mutant(
        "latin1-decoding",
        "conversion",
        "decodes the payload as Latin-1: every non-ASCII character turns into mojibake",
        'return payload.decode("utf-8")',
        'return payload.decode("latin-1")',
        encoded(body(results=[record(properties={"hs_call_title": "Café call"})])),
    ),
)


def by_name(name: str) -> Mutant:
    for candidate in MUTANTS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
