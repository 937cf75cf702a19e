"""Malformed payloads: serialised valid documents broken at and past the edges of JSON.

Each payload is labelled with its ``defect``, its ``kind`` (read by RFC 8259, not by Python's
``json`` module, which accepts ``NaN``, UTF-16-looking bytes and encoded surrogates) and, for
a defect written into one value or member name, the ``pointer`` of that place:

- ``invalid-json``: not a JSON text (truncation, bad UTF-8, ``NaN``, UTF-16, surrogates
  encoded in UTF-8, control characters, trailing garbage...);
- ``json-edge``: a JSON text at an edge that RFC 8259 leaves to implementations (duplicate
  names, number range, nesting depth, a BOM, escaped lone surrogates);
- ``parser-limit``: a JSON text nested 1,000 deep or more, which ``json.loads`` cannot read
  at Python's default recursion limit.

Defects inside a string or a value go to a place drawn from the document (a date-time, an id,
a property value, a member name), since decoders that skip unknown members never read a defect
in an extra member.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from ..schema import pointer as jp
from ..schema.ir import (
    JSON,
    AnyNode,
    Node,
    NumberNode,
    ObjectNode,
    StringNode,
    UnionNode,
    node_at,
)
from ..serialize import to_json
from .source import Source
from .valid import Generator

INVALID_JSON, JSON_EDGE, PARSER_LIMIT = "invalid-json", "json-edge", "parser-limit"
PYTHON_MAX_DEPTH = 1_000
"""Python's default recursion limit: ``json.loads`` cannot read a text nested this deep."""


@dataclass(frozen=True)
class Malformed:
    payload: bytes
    defect: str
    kind: str
    pointer: str | None = None
    """Where in the document the defect was written (None: the text as a whole)."""

    def to_dict(self) -> dict[str, Any]:
        label: dict[str, Any] = {"defect": self.defect, "kind": self.kind}
        if self.pointer is not None:
            label["pointer"] = self.pointer
        return label


Broken = tuple[bytes, str | None]
Keep = Callable[[str, bool, str], bool]
"""Whether a place keeps the document valid once a lax decoder has read the defect there:
(pointer, is a member name, the JSON type read there: ``string``, ``number`` or
``container``)."""
Break = Callable[[Source, JSON, "Keep | None"], Broken]
"""Breaks a valid document: the bytes, and the pointer of the place broken (or None). With a
``Keep``, a defect written into a value or a name goes where it keeps the document valid, if
the document has such a place."""


def keeps_valid(root: Node) -> Keep:
    """The places of documents of ``root`` where a defect leaves a lax decoder's reading valid
    (a free-form value, a plain string, an undeclared member's name), so that the syntax is
    the only thing wrong: a consumer whose own checks would reject the value anyway cannot
    hide that its decoder accepted it."""

    def keep(pointer: str, is_key: bool, read_as: str) -> bool:
        tokens = jp.tokens(pointer)
        if is_key:
            parent = node_at(root, tokens[:-1])
            if isinstance(parent, ObjectNode):
                return parent.additional is not None and tokens[-1] not in parent.properties
            return isinstance(parent, AnyNode)
        return _takes(node_at(root, tokens), read_as)

    return keep


def _takes(node: Node | None, read_as: str) -> bool:
    if isinstance(node, AnyNode):
        return True
    if isinstance(node, UnionNode):
        return any(_takes(option, read_as) for option in node.options)
    if read_as == "string":  # one character more, of any kind
        if not isinstance(node, StringNode):
            return False
        return node.format is None and node.pattern is None and node.max_length is None
    if read_as == "number":  # NaN, an infinity, a huge or a zero-led number: any number
        if not isinstance(node, NumberNode) or node.integer:
            return False
        bounds = (node.minimum, node.maximum, node.exclusive_minimum, node.exclusive_maximum)
        return all(bound is None for bound in bounds)
    return False


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _whole(brk: Callable[[Source, str], bytes]) -> Break:
    """A defect of the text as a whole."""
    return lambda src, document, keep: (brk(src, to_json(document)), None)


_MARKER = "\x00malformed\x00"
"""Written into the document where the defect goes, then replaced in the JSON text."""
_MARK = json.dumps(_MARKER)[1:-1]
"""The marker as it is written inside a JSON string."""


def _string_places(document: JSON) -> list[tuple[str, bool]]:
    """Every string value and member name: (pointer, is a member name)."""
    found: list[tuple[str, bool]] = []

    def visit(value: JSON, pointer: str) -> None:
        if isinstance(value, str):
            found.append((pointer, False))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, jp.join(pointer, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                found.append((jp.join(pointer, key), True))
                visit(item, jp.join(pointer, key))

    visit(document, "")
    return found


def _value_places(document: JSON) -> list[str]:
    """Every scalar value below the root."""
    found: list[str] = []

    def visit(value: JSON, pointer: str) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, jp.join(pointer, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, jp.join(pointer, key))
        elif pointer:
            found.append(pointer)

    visit(document, "")
    return found


def _with_marker_member(document: JSON) -> tuple[JSON, str]:
    """Where the document has no place for a defect: the marker as a member (or item) of its
    own."""
    if isinstance(document, dict):
        return {**document, "value": _MARKER}, "/value"
    return [document, _MARKER], "/1"


def _with_marker_in_string(src: Source, document: JSON, keep: Keep | None) -> tuple[JSON, str]:
    """A copy of the document with the marker inside one of its strings or member names."""
    places = _string_places(document)
    if keep is not None:
        places = [(p, is_key) for p, is_key in places if keep(p, is_key, "string")] or places
    copy = deepcopy(document)
    if not places:
        return _with_marker_member(copy)
    pointer, is_key = src.choice(places)
    tokens = jp.tokens(pointer)
    parent = jp.resolve(copy, jp.from_tokens(tokens[:-1])) if tokens else None
    if is_key:
        assert isinstance(parent, dict)
        key = tokens[-1]
        at = src.integer(0, len(key))
        renamed = key[:at] + _MARKER + key[at:]
        items = [(renamed if k == key else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
        return copy, pointer
    old = jp.resolve(copy, pointer)
    at = src.integer(0, len(old))
    new = old[:at] + _MARKER + old[at:]
    if parent is None:
        return new, pointer
    if isinstance(parent, list):
        parent[int(tokens[-1])] = new
    else:
        parent[tokens[-1]] = new
    return copy, pointer


def _in_string(choices: tuple[bytes, ...]) -> Break:
    """Raw bytes written inside a string value or member name of the document."""

    def insert(src: Source, document: JSON, keep: Keep | None) -> Broken:
        marked, pointer = _with_marker_in_string(src, document, keep)
        text = _utf8(to_json(marked))
        return text.replace(_utf8(_MARK), src.choice(choices), 1), pointer

    return insert


def _as_value(make: Callable[[Source], bytes], read_as: str) -> Break:
    """A value of the document (a date-time, an id, a flag...) replaced by raw bytes, which a
    lax decoder reads as ``read_as``."""

    def replace_value(src: Source, document: JSON, keep: Keep | None) -> Broken:
        places = _value_places(document)
        if keep is not None:
            places = [p for p in places if keep(p, False, read_as)] or places
        copy = deepcopy(document)
        if not places:
            marked, pointer = _with_marker_member(copy)
        else:
            pointer = src.choice(places)
            tokens = jp.tokens(pointer)
            parent = jp.resolve(copy, jp.from_tokens(tokens[:-1]))
            if isinstance(parent, list):
                parent[int(tokens[-1])] = _MARKER
            else:
                parent[tokens[-1]] = _MARKER
            marked = copy
        text = _utf8(to_json(marked))
        return text.replace(_utf8(f'"{_MARK}"'), make(src), 1), pointer

    return replace_value


def _truncated(src: Source, text: str) -> bytes:
    cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in '{}[],:"'] or [1]
    return _utf8(text[: src.choice(cuts)])


_VALUE_STARTS = re.compile(r'"(?:[^"\\]|\\.)*"|[:,\[]')


def _truncated_before_value(src: Source, text: str) -> bytes:
    """Cut right where a value should start (after ``:``, ``,`` or ``[``): a parser that
    reads one token ahead without checking for the end fails here and nowhere else."""
    cuts = [m.end() for m in _VALUE_STARTS.finditer(text) if m.group() in ":,["] or [1]
    return _utf8(text[: src.choice(cuts)])


def _unterminated(src: Source, text: str) -> bytes:
    starts = [i + 2 for i in range(len(text) - 2) if text[i : i + 2] == ':"'] or [len(text) - 1]
    return _utf8(text[: src.choice(starts)])


def _trailing_comma(src: Source, text: str) -> bytes:
    """A comma before a closing bracket (outside strings) that follows a value."""
    closers = [
        m.start()
        for m in _STRINGS_AND_CLOSERS.finditer(text)
        if m.group() in "]}" and text[m.start() - 1] not in "[{"
    ]
    at = src.choice(closers) if closers else len(text) - 1
    return _utf8(text[:at] + "," + text[at:])


_STRINGS_AND_CLOSERS = re.compile(r'"(?:[^"\\]|\\.)*"|[\]}]')


def _trailing_garbage(src: Source, text: str) -> bytes:
    return _utf8(text + src.choice(("x", "}", " 1", "{}", "\x00", "]")))


def _single_quotes(src: Source, text: str) -> bytes:
    return _utf8(text.replace('"', "'") if '"' in text else "{'a':'b'}")


def _comment(src: Source, text: str) -> bytes:
    return _utf8(src.choice(("/* batch */", "// batch\n", "# batch\n")) + text)


def _empty(src: Source, text: str) -> bytes:
    return b""


def _whitespace(src: Source, text: str) -> bytes:
    return _utf8("".join(src.choice(" \t\r\n") for _ in range(src.integer(1, 8))))


def _bom(src: Source, text: str) -> bytes:
    return b"\xef\xbb\xbf" + _utf8(text)


def _utf16(src: Source, text: str) -> bytes:
    return text.encode(src.choice(("utf-16", "utf-16-le", "utf-16-be")), "surrogatepass")


def _duplicate_key(src: Source, document: JSON, keep: Keep | None) -> Broken:
    """A member name written twice in one object of the document (the root where it has
    members, else another object), the second time with another value."""
    objects = [(p, v) for p, v in _objects(document) if v]
    if not objects:
        value = to_json(document)
        return _utf8(f'{{"a":{value},"a":{value}}}'), "/a"
    pointer, found = src.choice(objects)
    key = src.choice(list(found))
    copy: JSON = json.loads(json.dumps(document))
    holder = jp.resolve(copy, pointer)
    holder[_MARKER] = ["duplicate", holder[key]]
    text = _utf8(to_json(copy)).replace(
        _utf8(f'"{_MARK}"'), _utf8(json.dumps(key, ensure_ascii=False)), 1
    )
    return text, jp.join(pointer, key)


def _objects(document: JSON) -> list[tuple[str, dict[str, JSON]]]:
    found: list[tuple[str, dict[str, JSON]]] = []

    def visit(value: JSON, pointer: str) -> None:
        if isinstance(value, dict):
            found.append((pointer, value))
            for key, item in value.items():
                visit(item, jp.join(pointer, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, jp.join(pointer, index))

    visit(document, "")
    return found


def _nested(depth: int) -> Callable[[Source], bytes]:
    def nest(src: Source) -> bytes:
        opener, closer = ("[", "]") if src.boolean() else ('{"a":', "}")
        return _utf8(f"{opener * depth}0{closer * depth}")

    return nest


def _one_of(*texts: str) -> Callable[[Source], bytes]:
    return lambda src: _utf8(src.choice(texts))


# What a consumer most likely gets wrong comes first, so that an ordered run through the table
# (the coverage phase) meets it early: truncation (the commonest defect in transit) among the
# texts that Python's json.loads or a forgiving decoder takes though RFC 8259 does not, then
# broken syntax, then the edges.
DEFECTS: tuple[tuple[str, str, Break], ...] = (
    ("nan-infinity", INVALID_JSON, _as_value(_one_of("NaN", "Infinity", "-Infinity"), "number")),
    ("truncated", INVALID_JSON, _whole(_truncated)),
    # CESU-style surrogates: not UTF-8 (RFC 3629), yet Python's json.loads(bytes) decodes them.
    ("utf8-encoded-surrogate", INVALID_JSON, _in_string((b"\xed\xa0\x80", b"\xed\xbf\xbf"))),
    ("utf16", INVALID_JSON, _whole(_utf16)),
    ("empty", INVALID_JSON, _whole(_empty)),
    (
        "invalid-utf8",
        INVALID_JSON,
        _in_string((b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xf8\x88\x80\x80")),
    ),
    ("control-character", INVALID_JSON, _in_string(tuple(bytes([c]) for c in (0, 9, 10, 13, 31)))),
    ("trailing-garbage", INVALID_JSON, _whole(_trailing_garbage)),
    ("truncated-before-value", INVALID_JSON, _whole(_truncated_before_value)),
    (
        "invalid-escape",
        INVALID_JSON,
        _in_string((b"\\x41", b"\\q", b"\\'", b"\\a", b"\\0", b"\\u12G")),
    ),
    ("leading-zero", INVALID_JSON, _as_value(_one_of("01", "-01", "00", "007"), "number")),
    ("trailing-comma", INVALID_JSON, _whole(_trailing_comma)),
    ("single-quotes", INVALID_JSON, _whole(_single_quotes)),
    ("comment", INVALID_JSON, _whole(_comment)),
    ("unterminated-string", INVALID_JSON, _whole(_unterminated)),
    ("whitespace-only", INVALID_JSON, _whole(_whitespace)),
    ("duplicate-key", JSON_EDGE, _duplicate_key),
    ("deep-nesting-1000", PARSER_LIMIT, _as_value(_nested(1_000), "container")),
    ("deep-nesting-10000", PARSER_LIMIT, _as_value(_nested(10_000), "container")),
    ("deep-nesting-500", JSON_EDGE, _as_value(_nested(500), "container")),
    ("deep-nesting-900", JSON_EDGE, _as_value(_nested(900), "container")),
    ("utf8-bom", JSON_EDGE, _whole(_bom)),
    ("lone-surrogate", JSON_EDGE, _in_string((b"\\ud800", b"\\udfff", b"\\udbff", b"\\ud83d"))),
    (
        "400-digit-number",
        JSON_EDGE,
        _as_value(_one_of("9" * 400, "1" + "0" * 399, "-" + "9" * 400), "number"),
    ),
    ("huge-exponent", JSON_EDGE, _as_value(_one_of("1e400", "-1e400", "1e-400"), "number")),
)
DEFECT_NAMES = tuple(name for name, _, _ in DEFECTS)


def huge_string_defect(size: int) -> tuple[str, str, Break]:
    def huge(src: Source) -> bytes:
        return _utf8('"' + "x" * size + '"')

    return (f"string-of-{size}-bytes", JSON_EDGE, _as_value(huge, "string"))


def malformed_generator(
    valid: Generator,
    defects: tuple[tuple[str, str, Break], ...] = DEFECTS,
    keep: Keep | None = None,
) -> Callable[[Source], Malformed]:
    """Malformed payloads from ``valid``'s documents; with ``keep`` (see ``keeps_valid``), each
    defect written into a value or a name goes where the document stays valid otherwise."""

    def generate(src: Source) -> Malformed:
        name, kind, brk = src.choice(defects)
        payload, pointer = brk(src, valid(src), keep)
        return Malformed(payload, name, kind, pointer)

    return generate
