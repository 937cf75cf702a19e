"""Dialect front ends: a schema document (JSON Schema 2020-12 or JSON Structure) into one model."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ..errors import SchemaError
from . import jsonschema_front, structure_front
from .ir import Node, Schema

Dialect = Literal["jsonschema", "structure"]
DIALECTS: tuple[Dialect, ...] = ("jsonschema", "structure")

__all__ = ["DIALECTS", "Dialect", "Node", "Schema", "detect_dialect", "load_schema", "parse_json"]


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
    if chosen == "jsonschema":
        return jsonschema_front.load(document)
    if chosen == "structure":
        return structure_front.load(document)
    raise SchemaError(f"unknown dialect {chosen!r} (choose from {', '.join(DIALECTS)})")
