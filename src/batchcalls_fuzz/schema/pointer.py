"""RFC 6901 JSON pointers and the ``*`` patterns that stand for any index or key."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .ir import JSON

WILDCARD = "*"


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, token: str | int) -> str:
    return f"{pointer}/{escape(str(token))}"


def from_tokens(tokens: Iterable[str | int]) -> str:
    return "".join(f"/{escape(str(t))}" for t in tokens)


def tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


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


def matches(pointer: str, pattern: str) -> bool:
    """Whether a concrete pointer matches a pattern in which ``*`` stands for one token."""
    return _pattern_regex(pattern).fullmatch(pointer) is not None
