"""The schema model that both dialect front ends produce and every generator consumes.

A node describes the values allowed at one place of a document. ``path`` is the instance
pointer pattern of that place (``/results/*/createdAt``, ``*`` standing for any array index or
map key) and ``schema_pointer`` the RFC 6901 pointer of the schema fragment it came from.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeAlias

from ..errors import SchemaError

JSON: TypeAlias = Any
"""A value of the JSON data model: None, bool, int, float, str, list, dict."""

JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


@dataclass(frozen=True)
class Node:
    path: str
    schema_pointer: str
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def json_types(self) -> frozenset[str]:
        """JSON types that this node accepts (``integer`` is a subset of ``number``)."""
        raise NotImplementedError


@dataclass(frozen=True)
class AnyNode(Node):
    def json_types(self) -> frozenset[str]:
        return frozenset(JSON_TYPES)


@dataclass(frozen=True)
class NullNode(Node):
    def json_types(self) -> frozenset[str]:
        return frozenset({"null"})


@dataclass(frozen=True)
class BooleanNode(Node):
    def json_types(self) -> frozenset[str]:
        return frozenset({"boolean"})


@dataclass(frozen=True)
class NumberNode(Node):
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None

    def __post_init__(self) -> None:
        low = _lower(self.minimum, self.exclusive_minimum)
        high = _upper(self.maximum, self.exclusive_maximum)
        if self.integer and low is not None and high is not None:
            first = math.floor(low[0]) + 1 if low[1] else math.ceil(low[0])
            last = math.ceil(high[0]) - 1 if high[1] else math.floor(high[0])
            empty = first > last
        else:
            empty = (
                low is not None
                and high is not None
                and (low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1])))
            )
        if empty:
            raise SchemaError("no number satisfies the bounds", self.schema_pointer)

    def json_types(self) -> frozenset[str]:
        return frozenset({"integer"} if self.integer else {"integer", "number"})


def _lower(inclusive: float | None, exclusive: float | None) -> tuple[float, bool] | None:
    """The lower bound in force, and whether it is exclusive (x > b implies x >= a for b >= a)."""
    if exclusive is not None and (inclusive is None or exclusive >= inclusive):
        return (exclusive, True)
    return None if inclusive is None else (inclusive, False)


def _upper(inclusive: float | None, exclusive: float | None) -> tuple[float, bool] | None:
    if exclusive is not None and (inclusive is None or exclusive <= inclusive):
        return (exclusive, True)
    return None if inclusive is None else (inclusive, False)


MAX_GENERATED_SIZE = 100_000
"""The largest minLength or minItems a schema may ask for: past it, generation would not end
in reasonable time or memory."""


def _check_size(low: int, high: int | None, what: str, where: str) -> None:
    if high is not None and low > high:
        raise SchemaError(f"no {what} satisfies min {low} and max {high}", where)
    if low > MAX_GENERATED_SIZE:
        raise SchemaError(f"min {what} {low} is past the {MAX_GENERATED_SIZE:,} generated", where)


STRING_FORMATS = ("date-time", "date", "uuid", "uri", "int64", "uint64", "decimal")
"""Formats the generators know; a string node with any other format is a SchemaError."""


@dataclass(frozen=True)
class StringNode(Node):
    min_length: int = 0
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None

    def __post_init__(self) -> None:
        _check_size(self.min_length, self.max_length, "length", self.schema_pointer)

    def json_types(self) -> frozenset[str]:
        return frozenset({"string"})


@dataclass(frozen=True)
class EnumNode(Node):
    """``enum`` or ``const`` (``is_const``): the value must equal one of ``values``."""

    values: tuple[JSON, ...] = ()
    is_const: bool = False

    def json_types(self) -> frozenset[str]:
        return frozenset(json_type_of(v) for v in self.values) | (
            {"number"} if any(json_type_of(v) == "integer" for v in self.values) else set()
        )


@dataclass(frozen=True)
class ArrayNode(Node):
    items: Node = field(default_factory=lambda: AnyNode("", ""))
    min_items: int = 0
    max_items: int | None = None
    unique: bool = False

    def __post_init__(self) -> None:
        _check_size(self.min_items, self.max_items, "item count", self.schema_pointer)

    def json_types(self) -> frozenset[str]:
        return frozenset({"array"})


@dataclass(frozen=True)
class ObjectNode(Node):
    """An object with declared members, or a map (no members, ``additional`` for the values).

    ``additional`` is the node every undeclared member must match, or ``None`` for a closed
    object.
    """

    properties: Mapping[str, Node] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    additional: Node | None = None

    @property
    def is_map(self) -> bool:
        return not self.properties

    def json_types(self) -> frozenset[str]:
        return frozenset({"object"})


@dataclass(frozen=True)
class UnionNode(Node):
    """A value matching any one of ``options`` (a list of types)."""

    options: tuple[Node, ...] = ()

    def json_types(self) -> frozenset[str]:
        return frozenset().union(*(o.json_types() for o in self.options))


@dataclass(frozen=True)
class Schema:
    """A loaded schema: the root node, the dialect it came from and the raw document."""

    root: Node
    dialect: str
    document: Mapping[str, Any]
    title: str | None = None

    def nodes(self) -> list[Node]:
        """Every node of the tree, depth first, parents before children."""
        return list(walk(self.root))

    @cached_property
    def fingerprint(self) -> str:
        """Names the schema by its content: equal documents of one dialect, equal names."""
        import hashlib  # OpenSSL's loading costs the bulk path's start-up, which never asks

        text = json.dumps([self.dialect, self.document], sort_keys=True, default=str)
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def node_at(root: Node, tokens: Sequence[str]) -> Node | None:
    """The node that the value at a pointer's ``tokens`` must match (a free-form value's node
    for anything below it), or None where the model cannot tell (a union with more than one
    option holding members or items, a scalar with tokens left)."""
    node = root
    for token in tokens:
        if isinstance(node, UnionNode):
            holders = [o for o in node.options if isinstance(o, (ObjectNode, ArrayNode))]
            if len(holders) != 1:
                return None
            node = holders[0]
        if isinstance(node, ObjectNode):
            node = node.properties.get(token, node.additional or node)
        elif isinstance(node, ArrayNode):
            node = node.items
        elif not isinstance(node, AnyNode):
            return None
    return node


def walk(node: Node) -> list[Node]:
    found = [node]
    if isinstance(node, ObjectNode):
        for child in node.properties.values():
            found.extend(walk(child))
        if node.additional is not None:
            found.extend(walk(node.additional))
    elif isinstance(node, ArrayNode):
        found.extend(walk(node.items))
    elif isinstance(node, UnionNode):
        for option in node.options:
            found.extend(walk(option))
    return found


def json_type_of(value: JSON) -> str:
    """The JSON Schema type name of a value (``integer`` for integral numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
