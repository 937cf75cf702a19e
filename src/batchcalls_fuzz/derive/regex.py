"""Strings that match a regular expression (``pattern``), drawn through ``Source``.

The pattern is parsed by the standard library's regular-expression parser and each piece
becomes a few Source choices, so both back ends share one implementation and Hypothesis can
shrink the result. Back-references and look-arounds are refused when the schema is compiled.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

try:  # Python 3.11+
    import re._constants as sre_constants  # type: ignore[import-not-found,unused-ignore]
    import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef,unused-ignore]
    import sre_parse  # type: ignore[no-redef,unused-ignore]

from ..errors import SchemaError
from .source import RandomSource, Source

_REPEAT_CAP = 6
LONGEST_PATTERN_TEXT = 100_000
"""A pattern whose shortest generated string is longer than this is refused."""
_RETRIES = 100
_TRIALS = 200
_LEAST_HITS = 30
"""A pattern whose generator meets the length bounds in at least 15% of the trials fails all
``_RETRIES`` retries with a probability below one in ten million."""
_CATEGORIES = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_NOT_DIGIT": string.ascii_letters + "_ -",
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_NOT_WORD": " -.,;!",
    "CATEGORY_SPACE": " \t\n",
    "CATEGORY_NOT_SPACE": string.ascii_letters + string.digits,
}
_PRINTABLE = string.ascii_letters + string.digits + " -_.,:;!?/"

Piece = Callable[[Source], str]


def regex_generator(
    pattern: str, min_length: int = 0, max_length: int | None = None, where: str = ""
) -> Piece:
    """A generator of strings in which ``pattern`` matches, within the length bounds.

    ``where`` is the schema pointer of the ``pattern`` keyword, which a SchemaError names."""
    _, piece = _parsed(pattern, where)
    high = max_length if max_length is not None else 10**9

    def generate(src: Source) -> str:
        for _ in range(_RETRIES):
            text = piece(src)
            if min_length <= len(text) <= high:
                return text
        raise ValueError(f"no string of length {min_length}..{high} found for {pattern!r}")

    return generate


def check_pattern(
    pattern: str, min_length: int = 0, max_length: int | None = None, where: str = ""
) -> None:
    """Refuse, with a SchemaError naming ``where`` (the schema pointer of the ``pattern``
    keyword), a pattern whose generator cannot meet the length bounds often enough for
    generation to finish (called when a schema is loaded)."""
    parsed, piece = _parsed(pattern, where)
    low, high = _length_range(parsed)
    top = max_length if max_length is not None else float("inf")
    if low > LONGEST_PATTERN_TEXT:
        raise SchemaError(
            f"pattern {pattern!r} makes strings of at least {low} characters "
            f"(at most {LONGEST_PATTERN_TEXT} are generated)",
            where,
        )
    if low > top or high < min_length:
        raise SchemaError(
            f"pattern {pattern!r} makes strings of {low}..{high} characters, which cannot meet "
            f"minLength {min_length} / maxLength {max_length}",
            where,
        )
    if high > LONGEST_PATTERN_TEXT:
        return  # very long strings: trials could take long; the retries settle it
    source = RandomSource(f"pattern:{pattern}")
    hits = sum(min_length <= len(piece(source)) <= top for _ in range(_TRIALS))
    if hits < _LEAST_HITS:
        raise SchemaError(
            f"pattern {pattern!r} meets minLength {min_length} / maxLength {max_length} in "
            f"only {hits} of {_TRIALS} generated strings; loosen the bounds or the pattern",
            where,
        )


def _parsed(pattern: str, where: str) -> tuple[list[tuple[Any, Any]], Piece]:
    """The pattern's parsed items and their generator."""
    try:
        parsed = list(sre_parse.parse(pattern))
    except Exception as error:
        message = f"pattern {pattern!r} is not a regular expression: {error}"
        raise SchemaError(message, where) from None
    try:
        return parsed, _sequence(parsed, pattern)
    except SchemaError as error:
        raise SchemaError(error.reason, where) from None


def _length_range(items: list[tuple[Any, Any]]) -> tuple[int, int]:
    """Shortest and longest string that ``_sequence`` of these items generates."""
    low = high = 0
    for op, arg in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            low, high = low + 1, high + 1
        elif name == "BRANCH":
            ranges = [_length_range(list(branch)) for branch in arg[1]]
            low += min(r[0] for r in ranges)
            high += max(r[1] for r in ranges)
        elif name == "SUBPATTERN":
            inner_low, inner_high = _length_range(list(arg[-1]))
            low, high = low + inner_low, high + inner_high
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            times_low, times_high, body = arg
            cap = times_low + _REPEAT_CAP if times_high == sre_constants.MAXREPEAT else times_high
            inner_low, inner_high = _length_range(list(body))
            low, high = low + times_low * inner_low, high + cap * inner_high
    return low, high


def _sequence(items: list[tuple[Any, Any]], pattern: str) -> Piece:
    pieces = [_item(op, arg, pattern) for op, arg in items]
    return lambda src: "".join(p(src) for p in pieces)


def _item(op: Any, arg: Any, pattern: str) -> Piece:
    name = str(op)
    if name == "LITERAL":
        char = chr(arg)
        return lambda src: char
    if name == "NOT_LITERAL":
        options = [c for c in _PRINTABLE if ord(c) != arg]
        return lambda src: src.choice(options)
    if name == "ANY":
        return lambda src: src.choice(_PRINTABLE)
    if name == "IN":
        options = _class_members(arg)
        return lambda src: src.choice(options)
    if name == "BRANCH":
        branches = [_sequence(list(b), pattern) for b in arg[1]]
        return lambda src: src.choice(branches)(src)
    if name == "SUBPATTERN":
        return _sequence(list(arg[-1]), pattern)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = arg
        inner = _sequence(list(body), pattern)
        cap = low + _REPEAT_CAP if high == sre_constants.MAXREPEAT else high
        return lambda src: "".join(inner(src) for _ in range(src.integer(low, cap)))
    if name == "AT":
        return lambda src: ""
    raise SchemaError(f"pattern {pattern!r} uses {name}, which cannot be generated")


def _class_members(items: list[tuple[Any, Any]]) -> list[str]:
    members: list[str] = []
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            members.append(chr(arg))
        elif name == "RANGE":
            low, high = arg
            members.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif name == "CATEGORY":
            members.extend(_CATEGORIES.get(str(arg), ""))
    if negate:
        excluded = set(members)
        return [c for c in _PRINTABLE if c not in excluded]
    return members or list(_PRINTABLE)
