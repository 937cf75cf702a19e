"""A careful consumer of BatchCallsResponse payloads: raw bytes in, a normalised result out.

``parse(payload)`` returns a ``BatchResponse`` (frozen dataclasses, aware date-times, free-form
values frozen into tuples and read-only mappings) or raises ``ValueError``; nothing else, on
any input. Standard library only, so that the anchors' own environments can import it.

It reads JSON by RFC 8259, not by Python's ``json`` module: UTF-8 only (a leading BOM is
ignored, as RFC 8259 section 8.1 allows), no NaN or Infinity, no unescaped control characters,
no lone surrogates, no duplicate member names, no data after the value, nesting at most
``MAX_DEPTH`` deep, read without recursion. It checks by hand everything the schema says, and
reads date-times by RFC 3339 section 5.6: ``t``/``z`` in either case, fractions of any length,
``-00:00``, the leap second ``:60``, years 0001 to 9999 with any offset.

Every mutant in ``mutants.py`` is this file with one snippet replaced: keep it plain.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

MAX_DEPTH = 2048
"""Deeper nesting is rejected: free-form values of 1,000 levels are valid and must be read."""

STATUSES = ("PENDING", "PROCESSING", "CANCELED", "COMPLETE")


@dataclass(frozen=True)
class Timestamp:
    """An RFC 3339 date-time. ``moment`` is aware, in the offset written (``-00:00`` reads as
    UTC), with the fraction truncated to microseconds; a leap second reads as second 59 with
    ``leap_second`` set, so that 9999-12-31T23:59:60Z needs no year 10000. ``fraction`` keeps
    every digit written, trailing zeros dropped."""

    moment: datetime
    leap_second: bool
    fraction: str


@dataclass(frozen=True)
class CallRecord:
    id: str
    properties: Any
    properties_with_history: Any
    created_at: Timestamp
    updated_at: Timestamp
    archived: bool
    archived_at: Timestamp | None


@dataclass(frozen=True)
class ErrorDetail:
    message: str
    code: str | None
    in_: str | None
    sub_category: str | None
    context: Any


@dataclass(frozen=True)
class BatchError:
    status: str | None
    category: str | None
    message: str | None
    context: Any
    errors: tuple[ErrorDetail, ...] | None


@dataclass(frozen=True, repr=False)
class BatchResponse:
    status: str
    results: tuple[CallRecord, ...]
    requested_at: Timestamp | None
    started_at: Timestamp
    completed_at: Timestamp
    errors: tuple[BatchError, ...] | None
    links: Any

    def __repr__(self) -> str:
        # Free-form values nest 1,000 deep: a full repr would recurse that far.
        return f"BatchResponse(status={self.status!r}, {len(self.results)} results)"


def parse(payload: bytes) -> BatchResponse:
    """The response that ``payload`` holds; ValueError if it is not a valid one."""
    if not isinstance(payload, (bytes, bytearray)):
        raise TypeError(f"parse() takes bytes, not {type(payload).__name__}")
    document = parse_json(decode(bytes(payload)))
    return read_response(document)


# --- bytes to text ------------------------------------------------------------------------


def decode(payload: bytes) -> str:
    if payload.startswith(b"\xef\xbb\xbf"):
        payload = payload[3:]
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 ({error.reason} at byte {error.start})") from None


# --- text to JSON values, without recursion -----------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_LITERALS = (("true", True), ("false", False), ("null", None))


def parse_json(text: str) -> Any:
    """The JSON value of ``text`` (RFC 8259), or ValueError."""
    end = len(text)
    open_containers: list[Any] = []
    keys: list[Any] = []
    i = _SPACE.match(text, 0).end()
    while True:
        if i >= end:
            raise ValueError("unexpected end of the JSON text")
        char = text[i]
        if char == "{" or char == "[":
            if len(open_containers) >= MAX_DEPTH:
                raise ValueError(f"nesting deeper than {MAX_DEPTH}")
            i = _SPACE.match(text, i + 1).end()
            if char == "{":
                if text.startswith("}", i):
                    value: Any = {}
                    i += 1
                else:
                    open_containers.append({})
                    key, i = _member_name(text, i)
                    keys.append(key)
                    continue
            elif text.startswith("]", i):
                value = []
                i += 1
            else:
                open_containers.append([])
                keys.append(None)
                continue
        elif char == '"':
            value, i = _string(text, i + 1)
        else:
            for word, literal in _LITERALS:
                if text.startswith(word, i):
                    value = literal
                    i += len(word)
                    break
            else:
                found = _NUMBER.match(text, i)
                if found is None:
                    raise ValueError(f"unexpected {char!r} at {i}")
                value = _number(found)
                i = found.end()
        # A value is complete: put it in its container, closing every container it completes.
        while True:
            i = _SPACE.match(text, i).end()
            if not open_containers:
                if i != end:
                    raise ValueError(f"data after the JSON value at {i}")
                return value
            container = open_containers[-1]
            if type(container) is dict:
                key = keys[-1]
                if key in container:
                    raise ValueError(f"duplicate member name {key!r}")
                container[key] = value
                if text.startswith(",", i):
                    key, i = _member_name(text, _SPACE.match(text, i + 1).end())
                    keys[-1] = key
                    break
                if not text.startswith("}", i):
                    raise ValueError(f"expected ',' or '}}' at {i}")
            else:
                container.append(value)
                if text.startswith(",", i):
                    i = _SPACE.match(text, i + 1).end()
                    break
                if not text.startswith("]", i):
                    raise ValueError(f"expected ',' or ']' at {i}")
            value = open_containers.pop()
            keys.pop()
            i += 1


def _member_name(text: str, i: int) -> tuple[str, int]:
    if not text.startswith('"', i):
        raise ValueError(f"expected a member name at {i}")
    key, i = _string(text, i + 1)
    i = _SPACE.match(text, i).end()
    if not text.startswith(":", i):
        raise ValueError(f"expected ':' at {i}")
    return key, _SPACE.match(text, i + 1).end()


def _string(text: str, i: int) -> tuple[str, int]:
    """The string whose opening quote is just before ``i``, and the index after its end."""
    parts = []
    while True:
        plain_end = _PLAIN.match(text, i).end()
        parts.append(text[i:plain_end])
        i = plain_end
        if i >= len(text):
            raise ValueError("unterminated string")
        char = text[i]
        if char == '"':
            return "".join(parts), i + 1
        if char != "\\":
            raise ValueError(f"unescaped control character U+{ord(char):04X} at {i}")
        escape = text[i + 1 : i + 2]
        if escape == "u":
            code = _hex4(text, i + 2)
            i += 6
            if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", i):
                low = _hex4(text, i + 2)
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
            if 0xD800 <= code <= 0xDFFF:
                raise ValueError(f"lone surrogate \\u{code:04x} before {i}")
            parts.append(chr(code))
        elif escape in _ESCAPES:
            parts.append(_ESCAPES[escape])
            i += 2
        else:
            raise ValueError(f"invalid escape at {i}")


def _hex4(text: str, i: int) -> int:
    found = _HEX4.match(text, i)
    if found is None:
        raise ValueError(f"invalid \\u escape at {i}")
    return int(found.group(), 16)


def _number(found: re.Match[str]) -> int | float:
    if found.group(1) is None and found.group(2) is None:
        return int(found.group())  # ValueError past 4,300 digits: a limit RFC 8259 allows
    value = float(found.group())
    if math.isinf(value):
        raise ValueError(f"number out of range: {found.group()[:40]}")
    return value


def frozen(value: Any) -> Any:
    """``value`` with arrays as tuples and objects as read-only mappings, bottom-up and without
    recursion (free-form values nest up to MAX_DEPTH)."""
    if type(value) is not dict and type(value) is not list:
        return value
    top: list[Any] = []
    stack: list[tuple[Any, Any, Any]] = [(_children(value), _shell(value), top)]
    while stack:
        children, built, parent = stack[-1]
        for key, child in children:
            if type(child) is dict or type(child) is list:
                stack.append((_children(child), _shell(child), (built, key)))
                break
            _put(built, key, child)
        else:
            stack.pop()
            done = MappingProxyType(built) if type(built) is dict else tuple(built)
            if parent is top:
                return done
            _put(parent[0], parent[1], done)
    raise AssertionError("unreachable")


def _shell(value: Any) -> Any:
    return {} if type(value) is dict else []


def _children(value: Any) -> Any:
    return iter(value.items()) if type(value) is dict else enumerate(value)


def _put(built: Any, key: Any, value: Any) -> None:
    if type(built) is dict:
        built[key] = value
    else:
        built.append(value)


# --- JSON values to the response, checked against the schema -----------------------------


def _object(value: Any, where: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise ValueError(f"{where or '/'}: expected an object")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"{where}: expected an array")
    return value


def _text(value: Any, where: str) -> str:
    if type(value) is not str:
        raise ValueError(f"{where}: expected a string")
    return value


def _boolean(value: Any, where: str) -> bool:
    if type(value) is not bool:
        raise ValueError(f"{where}: expected a boolean")
    return value


def _free_object(value: Any, where: str) -> Any:
    return frozen(_object(value, where))


def _required(obj: dict[str, Any], name: str, where: str) -> Any:
    if name not in obj:
        raise ValueError(f"{where or '/'}: missing required member {name!r}")
    return obj[name]


def read_response(document: Any) -> BatchResponse:
    body = _object(document, "")
    status = _text(_required(body, "status", ""), "/status")
    if status not in STATUSES:
        raise ValueError(f"/status: {status!r} is not one of {', '.join(STATUSES)}")
    items = _array(_required(body, "results", ""), "/results")
    results = tuple(read_record(item, f"/results/{i}") for i, item in enumerate(items))
    requested_at = (
        read_date_time(body["requestedAt"], "/requestedAt") if "requestedAt" in body else None
    )
    started_at = read_date_time(_required(body, "startedAt", ""), "/startedAt")
    completed_at = read_date_time(_required(body, "completedAt", ""), "/completedAt")
    errors = read_errors(body["errors"], "/errors") if "errors" in body else None
    links = _free_object(body["links"], "/links") if "links" in body else None
    return BatchResponse(status, results, requested_at, started_at, completed_at, errors, links)


def read_record(value: Any, where: str) -> CallRecord:
    item = _object(value, where)
    record_id = _text(_required(item, "id", where), f"{where}/id")
    properties = _free_object(_required(item, "properties", where), f"{where}/properties")
    history = (
        _free_object(item["propertiesWithHistory"], f"{where}/propertiesWithHistory")
        if "propertiesWithHistory" in item
        else None
    )
    created_at = read_date_time(_required(item, "createdAt", where), f"{where}/createdAt")
    updated_at = read_date_time(_required(item, "updatedAt", where), f"{where}/updatedAt")
    archived = _boolean(_required(item, "archived", where), f"{where}/archived")
    archived_at = (
        read_date_time(item["archivedAt"], f"{where}/archivedAt") if "archivedAt" in item else None
    )
    return CallRecord(record_id, properties, history, created_at, updated_at, archived, archived_at)


def read_errors(value: Any, where: str) -> tuple[BatchError, ...]:
    errors = []
    for i, entry in enumerate(_array(value, where)):
        at = f"{where}/{i}"
        error = _object(entry, at)
        status = _text(error["status"], f"{at}/status") if "status" in error else None
        category = _text(error["category"], f"{at}/category") if "category" in error else None
        message = _text(error["message"], f"{at}/message") if "message" in error else None
        context = _free_object(error["context"], f"{at}/context") if "context" in error else None
        details = (
            tuple(
                read_detail(detail, f"{at}/errors/{j}")
                for j, detail in enumerate(_array(error["errors"], f"{at}/errors"))
            )
            if "errors" in error
            else None
        )
        errors.append(BatchError(status, category, message, context, details))
    return tuple(errors)


def read_detail(value: Any, where: str) -> ErrorDetail:
    detail = _object(value, where)
    message = _text(_required(detail, "message", where), f"{where}/message")
    code = _text(detail["code"], f"{where}/code") if "code" in detail else None
    in_ = _text(detail["in"], f"{where}/in") if "in" in detail else None
    sub_category = (
        _text(detail["subCategory"], f"{where}/subCategory") if "subCategory" in detail else None
    )
    context = _free_object(detail["context"], f"{where}/context") if "context" in detail else None
    return ErrorDetail(message, code, in_, sub_category, context)


# --- RFC 3339 date-times ------------------------------------------------------------------

_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)


def read_date_time(value: Any, where: str) -> Timestamp:
    text = _text(value, where)
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        raise ValueError(f"{where}: {text[:40]!r} is not an RFC 3339 date-time")
    year, month, day, hour, minute, second = (int(found.group(g)) for g in range(1, 7))
    if hour > 23 or minute > 59 or second > 60:
        raise ValueError(f"{where}: {text!r} has no such time of day")
    zone = timezone.utc
    if found.group(8) is not None:
        hours, minutes = int(found.group(9)), int(found.group(10))
        if hours > 23 or minutes > 59:
            raise ValueError(f"{where}: {text!r} has no such offset")
        offset = timedelta(hours=hours, minutes=minutes)
        if offset:  # -00:00 is UTC with the local offset unknown (RFC 3339 section 4.3)
            zone = timezone(offset if found.group(8) == "+" else -offset)
    fraction = found.group(7) or ""
    microsecond = int(fraction[:6].ljust(6, "0"))
    leap_second = second == 60
    if year == 0 or not 1 <= month <= 12:
        raise ValueError(f"{where}: {text!r} has no such year or month")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{where}: {text!r} has no such day")
    moment = datetime(
        year, month, day, hour, minute, 59 if leap_second else second, microsecond, tzinfo=zone
    )
    return Timestamp(moment, leap_second, fraction.rstrip("0"))
