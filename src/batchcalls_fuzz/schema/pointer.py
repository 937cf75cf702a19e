"""RFC 6901 JSON pointers and the ``*`` patterns that stand for any index or key."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .ir import JSON

WILDCARD = "*"


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, token: str | int) -> str:
    text = str(token)
    if "~" in text or "/" in text:
        text = escape(text)
    return f"{pointer}/{text}"


def from_tokens(tokens: Iterable[str | int]) -> str:
    return "".join(f"/{escape(str(t))}" for t in tokens)


def tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    parts = pointer[1:].split("/")
    return [unescape(t) for t in parts] if "~" in pointer else parts


def parent(pointer: str) -> str:
    return pointer[: pointer.rfind("/")] if pointer else ""


def resolve(document: JSON, pointer: str) -> JSON:
    """The value at ``pointer``; raises KeyError or IndexError where there is none."""
    value = document
    for token in tokens(pointer):
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


@lru_cache(maxsize=1024)
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = [r"[^/]*" if t == WILDCARD else re.escape(t) for t in pattern.split("/")]
    return re.compile("/".join(parts))


def pattern_of(pointer: str) -> str:
    """The pattern of a concrete pointer: each array index becomes ``*``."""
    return "/".join(WILDCARD if token.isdigit() else token for token in pointer.split("/"))


def matches(pointer: str, pattern: str) -> bool:
    """Whether a concrete pointer matches a pattern in which ``*`` stands for one token."""
    return _pattern_regex(pattern).fullmatch(pointer) is not None


def places(document: JSON, pattern: str) -> list[tuple[str, JSON]]:
    """(pointer, value) for every place in ``document`` that the path pattern matches, ``*``
    standing for any array index or member name."""
    found: list[tuple[str, JSON]] = [("", document)]
    for token in tokens(pattern):
        step: list[tuple[str, JSON]] = []
        for pointer, value in found:
            if token == WILDCARD and isinstance(value, list):
                step.extend((f"{pointer}/{i}", v) for i, v in enumerate(value))
            elif token == WILDCARD and isinstance(value, dict):
                step.extend((join(pointer, k), v) for k, v in value.items())
            elif isinstance(value, dict) and token in value:
                step.append((join(pointer, token), value[token]))
        found = step
    return found


def has_place(document: JSON, pattern: str) -> bool:
    """Whether the path pattern matches some place in ``document`` (``places`` is not empty),
    found without building any pointer and stopping at the first place."""
    return _reaches(document, tokens(pattern), 0)


def has_steps(value: JSON, steps: Sequence[str]) -> bool:
    """Whether ``value`` holds a place at the path tokens ``steps`` (``*`` for any)."""
    return _reaches(value, steps, 0)


def _reaches(value: JSON, steps: Sequence[str], depth: int) -> bool:
    if depth == len(steps):
        return True
    token = steps[depth]
    if isinstance(value, dict):
        if token in value and _reaches(value[token], steps, depth + 1):
            return True
        if token != WILDCARD:
            return False
        return any(_reaches(item, steps, depth + 1) for item in value.values())
    if token == WILDCARD and isinstance(value, list):
        return any(_reaches(item, steps, depth + 1) for item in value)
    return False


def values_at(document: JSON, pattern: str) -> list[JSON]:
    return [value for _, value in places(document, pattern)]
