"""Dialect front ends: a schema document (JSON Schema 2020-12 or JSON Structure) into one model."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ..errors import SchemaError
from . import jsonschema_front, structure_front
from . import pointer as jp
from .ir import ArrayNode, Node, ObjectNode, Schema, StringNode, UnionNode
from .refs import refuse_nonlocal

Dialect = Literal["jsonschema", "structure"]
DIALECTS: tuple[Dialect, ...] = ("jsonschema", "structure")
MAX_DOCUMENT_DEPTH = 200
"""JSON nesting of a schema document beyond which it is refused (before any recursion)."""
MAX_NESTING = 64
"""Nesting of values in the documents a schema describes beyond which it is refused."""

__all__ = [
    "DIALECTS",
    "MAX_NESTING",
    "Dialect",
    "Node",
    "Schema",
    "detect_dialect",
    "load_schema",
    "parse_json",
]


def parse_json(text: str | bytes, origin: str = "schema") -> Any:
    """Parse a schema document's text, turning any decoding error into a SchemaError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaError(
            f"{origin} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except UnicodeDecodeError as error:
        raise SchemaError(f"{origin} is not UTF-8 text: {error.reason}") from None


def detect_dialect(document: Mapping[str, Any]) -> Dialect:
    """The dialect that a document's ``$schema`` names."""
    declared = document.get("$schema")
    if isinstance(declared, str):
        if "json-structure.org" in declared:
            return "structure"
        if "json-schema.org" in declared:
            return "jsonschema"
    raise SchemaError(
        f"cannot tell the dialect from $schema {declared!r}; pass dialect='jsonschema' or "
        "dialect='structure'",
        "/$schema",
    )


def load_schema(
    source: Mapping[str, Any] | str | bytes | Path, dialect: str | None = None
) -> Schema:
    """Load a schema document into the schema model.

    ``source`` is the parsed document, its JSON text, or a path to a file. ``dialect`` is
    ``"jsonschema"`` or ``"structure"``; by default it is read from ``$schema``.

    >>> schema = load_schema({"$schema": "https://json-schema.org/draft/2020-12/schema",
    ...                       "type": "object", "properties": {"id": {"type": "string"}}})
    >>> schema.root.properties["id"].path
    '/id'
    """
    if isinstance(source, Path):
        try:
            text: str | bytes = source.read_bytes()
        except OSError as error:
            raise SchemaError(f"cannot read schema file {source}: {error.strerror}") from None
        document = parse_json(text, f"schema file {source}")
    elif isinstance(source, (str, bytes)):
        document = parse_json(source)
    else:
        document = source
    if not isinstance(document, Mapping):
        raise SchemaError(
            f"the schema document must be a JSON object, got {type(document).__name__}"
        )
    chosen = dialect or detect_dialect(document)
    if chosen not in DIALECTS:
        raise SchemaError(f"unknown dialect {chosen!r} (choose from {', '.join(DIALECTS)})")
    _check_depth(document)
    refuse_nonlocal(document)
    try:
        schema = (
            jsonschema_front.load(document)
            if chosen == "jsonschema"
            else structure_front.load(document)
        )
    except RecursionError:
        raise SchemaError(f"the schema nests deeper than {MAX_NESTING} levels") from None
    _check_model(schema.root)
    return schema


def _check_depth(document: Mapping[str, Any]) -> None:
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DOCUMENT_DEPTH:
            raise SchemaError(f"the schema document nests deeper than {MAX_DOCUMENT_DEPTH} levels")
        if isinstance(value, Mapping):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


def _check_model(root: Node) -> None:
    """Refuse nesting past MAX_NESTING and patterns whose generator cannot meet the length
    bounds: either would make generation run without bound."""
    from ..derive.regex import check_pattern

    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise SchemaError(
                f"the schema nests deeper than {MAX_NESTING} levels", node.schema_pointer
            )
        children: list[Node] = []
        if isinstance(node, ObjectNode):
            children = [*node.properties.values()]
            children += [node.additional] if node.additional is not None else []
        elif isinstance(node, ArrayNode):
            children = [node.items]
        elif isinstance(node, UnionNode):
            stack.extend((option, depth) for option in node.options)
        elif isinstance(node, StringNode) and node.pattern is not None:
            where = jp.join(node.schema_pointer, "pattern")
            check_pattern(node.pattern, node.min_length, node.max_length, where)
        stack.extend((child, depth + 1) for child in children)
