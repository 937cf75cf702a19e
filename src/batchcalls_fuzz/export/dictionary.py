"""A libFuzzer / AFL++ dictionary derived from the schema model.

The format (libFuzzer's "Dictionaries" section, AFL++'s dictionaries/README.md): one entry a
line, ``name="value"``; inside the quotes ``\\\\``, ``\\"`` and ``\\xNN`` escapes, every other
byte printable ASCII; lines starting with ``#`` are comments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..schema.ir import EnumNode, Node, ObjectNode, StringNode, walk

PUNCTUATION = ("{", "}", "[", "]", ":", ",", '"', "null", "true", "false", '":"', '","', '":{')
DATE_TIME_PIECES = (
    "T",
    "Z",
    "t",
    "z",
    "+00:00",
    "-00:00",
    "+23:59",
    ".000Z",
    ".999999999",
    "1970-01-01T00:00:00Z",
    "2024-01-15T10:30:00.000Z",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "2016-12-31T23:59:60Z",
    "23:59:60",
    "-02-29T",
)
NUMBER_EDGES = (
    "1e400",
    "-0",
    "9223372036854775808",
    "18446744073709551616",
    "-9223372036854775809",
    "9007199254740993",
    "1e-400",
    "0.1e1",
)
"""Numbers past double range, past signed and unsigned 64 bits, past exact doubles, and
negative zero: where JSON parsers and their number types part ways."""


def escape(value: bytes) -> str:
    out = []
    for byte in value:
        char = chr(byte)
        if char in '\\"':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{byte:02X}")
    return "".join(out)


def entries(root: Node) -> Iterator[tuple[str, bytes]]:
    """(name, value) pairs, each value once, in a stable order."""
    seen: set[bytes] = set()

    def emit(name: str, value: bytes) -> Iterator[tuple[str, bytes]]:
        if value not in seen:
            seen.add(value)
            yield name, value

    for node in walk(root):
        if isinstance(node, ObjectNode):
            for member in node.properties:
                yield from emit(f"key_{member}", json.dumps(member).encode("utf-8"))
        if isinstance(node, EnumNode):
            for value in node.values:
                yield from emit("enum_value", json.dumps(value).encode("utf-8"))
        if isinstance(node, StringNode) and node.format == "date-time":
            for piece in DATE_TIME_PIECES:
                yield from emit("date_time", piece.encode("ascii"))

    # Every document can carry a number where a type is broken, so the edges are always in.
    for edge in NUMBER_EDGES:
        yield from emit("number", edge.encode("ascii"))
    for piece in PUNCTUATION:
        yield from emit("json", piece.encode("ascii"))


def render(root: Node) -> str:
    lines = ["# batchcalls-fuzz dictionary: names, enum values, date-time and number edges, JSON"]
    lines += [f'{re.sub(r"[^A-Za-z0-9_]", "_", n)}="{escape(v)}"' for n, v in entries(root)]
    return "\n".join(lines) + "\n"
