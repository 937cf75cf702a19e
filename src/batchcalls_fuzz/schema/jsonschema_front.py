"""JSON Schema 2020-12 front end: a schema document into the schema model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import SchemaError
from . import common
from . import pointer as jp
from .ir import (
    AnyNode,
    ArrayNode,
    BooleanNode,
    EnumNode,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    Schema,
    StringNode,
    UnionNode,
    json_type_of,
)

DIALECT = "jsonschema"
META_SCHEMA = "https://json-schema.org/draft/2020-12/schema"

_ROOT_ONLY = {"$schema", "$id", "$defs", "definitions"}
_BY_TYPE: dict[str, frozenset[str]] = {
    "object": frozenset({"properties", "required", "additionalProperties"}),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems"}),
    "string": frozenset({"minLength", "maxLength", "pattern", "format"}),
    "integer": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "number": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "boolean": frozenset(),
    "null": frozenset(),
}
_FORMATS = {"date-time", "date", "uuid", "uri"}


def load(document: Any) -> Schema:
    root = common.require_mapping(document, "", "the schema document")
    declared = root.get("$schema")
    if declared is not None and declared.rstrip("#") != META_SCHEMA:
        raise SchemaError(
            f"$schema '{declared}' is not JSON Schema 2020-12 ({META_SCHEMA})", "/$schema"
        )
    builder = _Builder(root)
    node = builder.build(root, "", "", is_root=True)
    title = root.get("title")
    return Schema(node, DIALECT, root, title if isinstance(title, str) else None)


class _Builder:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.refs = common.RefFollower(document)

    def build(self, schema: Any, where: str, path: str, is_root: bool = False) -> Node:
        if schema is True:
            return AnyNode(path, where)
        if schema is False:
            raise SchemaError("the schema 'false' admits no value, nothing can be generated", where)
        schema = common.require_mapping(schema, where)
        if "$ref" in schema:
            return self._build_ref(schema, where, path, is_root)
        meta = common.annotations_of(schema)
        if "enum" in schema or "const" in schema:
            return self._build_enum(schema, where, path, meta, is_root)
        types = self._types(schema, where)
        allowed = set().union(*(_BY_TYPE[t] for t in types)) | {"type"}
        common.check_keywords(
            schema, where, allowed | (_ROOT_ONLY if is_root else set()), "JSON Schema"
        )
        if not types:
            return AnyNode(path, where, meta)
        nodes = [self._build_typed(t, schema, where, path, meta) for t in types]
        return nodes[0] if len(nodes) == 1 else UnionNode(path, where, meta, tuple(nodes))

    def _types(self, schema: Mapping[str, Any], where: str) -> list[str]:
        declared = schema.get("type")
        if declared is None:
            constraints = set(schema) - common.ANNOTATIONS - _ROOT_ONLY
            if constraints:
                keyword = sorted(constraints)[0]
                raise SchemaError(
                    f"keyword '{keyword}' needs a 'type' beside it", jp.join(where, keyword)
                )
            return []
        names = declared if isinstance(declared, list) else [declared]
        for name in names:
            if name not in _BY_TYPE:
                raise SchemaError(f"unknown type {name!r}", jp.join(where, "type"))
        # "integer" within a union that already holds "number" adds nothing.
        if "number" in names and "integer" in names:
            names = [n for n in names if n != "integer"]
        return list(dict.fromkeys(names))

    def _build_ref(self, schema: Mapping[str, Any], where: str, path: str, is_root: bool) -> Node:
        siblings = set(schema) - {"$ref"} - common.ANNOTATIONS - (_ROOT_ONLY if is_root else set())
        if siblings:
            keyword = sorted(siblings)[0]
            raise SchemaError(
                f"keyword '{keyword}' beside $ref is not supported", jp.join(where, keyword)
            )
        return self.refs.follow(
            schema["$ref"], jp.join(where, "$ref"), lambda target, at: self.build(target, at, path)
        )

    def _build_enum(
        self,
        schema: Mapping[str, Any],
        where: str,
        path: str,
        meta: dict[str, Any],
        is_root: bool,
    ) -> Node:
        common.check_keywords(
            schema,
            where,
            {"enum", "const", "type"} | (_ROOT_ONLY if is_root else set()),
            "an enum or const schema (constraints beside enum/const are not supported)",
        )
        if "enum" in schema and "const" in schema:
            raise SchemaError("'enum' and 'const' together are not supported", where)
        if "const" in schema:
            values: tuple[Any, ...] = (schema["const"],)
        else:
            values = common.enum_values(schema, where)
        node = EnumNode(path, where, meta, values, is_const="const" in schema)
        types = self._types({"type": schema["type"]}, where) if "type" in schema else []
        if types:
            for value in values:
                if not any(t in types for t in _types_of_value(value)):
                    raise SchemaError(
                        f"enum value {value!r} does not match the declared type", where
                    )
        return node

    def _build_typed(
        self, name: str, schema: Mapping[str, Any], where: str, path: str, meta: dict[str, Any]
    ) -> Node:
        if name == "object":
            return self._build_object(schema, where, path, meta)
        if name == "array":
            items = self.build(schema.get("items", True), jp.join(where, "items"), f"{path}/*")
            min_items = common.non_negative_int(schema, "minItems", where) or 0
            max_items = common.non_negative_int(schema, "maxItems", where)
            unique = schema.get("uniqueItems", False)
            if not isinstance(unique, bool):
                raise SchemaError("'uniqueItems' must be a boolean", jp.join(where, "uniqueItems"))
            return ArrayNode(path, where, meta, items, min_items, max_items, unique)
        if name == "string":
            return _build_string(schema, where, path, meta)
        if name in ("integer", "number"):
            return NumberNode(
                path,
                where,
                meta,
                integer=name == "integer",
                minimum=common.number_or_none(schema, "minimum", where),
                maximum=common.number_or_none(schema, "maximum", where),
                exclusive_minimum=common.number_or_none(schema, "exclusiveMinimum", where),
                exclusive_maximum=common.number_or_none(schema, "exclusiveMaximum", where),
            )
        if name == "boolean":
            return BooleanNode(path, where, meta)
        return NullNode(path, where, meta)

    def _build_object(
        self, schema: Mapping[str, Any], where: str, path: str, meta: dict[str, Any]
    ) -> ObjectNode:
        declared = common.require_mapping(
            schema.get("properties", {}), jp.join(where, "properties"), "'properties'"
        )
        members = {
            name: self.build(sub, jp.join(jp.join(where, "properties"), name), jp.join(path, name))
            for name, sub in declared.items()
        }
        required = common.required_names(schema, where, declared)
        extra = schema.get("additionalProperties", True)
        additional = (
            None
            if extra is False
            else self.build(extra, jp.join(where, "additionalProperties"), f"{path}/*")
        )
        return ObjectNode(path, where, meta, members, required, additional)


def _build_string(
    schema: Mapping[str, Any], where: str, path: str, meta: dict[str, Any]
) -> StringNode:
    fmt = schema.get("format")
    if fmt is not None and fmt not in _FORMATS:
        raise SchemaError(
            f"format '{fmt}' is not supported (known: {', '.join(sorted(_FORMATS))})",
            jp.join(where, "format"),
        )
    pattern = schema.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise SchemaError(
                f"pattern is not a regular expression: {error}", jp.join(where, "pattern")
            ) from None
    return StringNode(
        path,
        where,
        meta,
        min_length=common.non_negative_int(schema, "minLength", where) or 0,
        max_length=common.non_negative_int(schema, "maxLength", where),
        pattern=pattern,
        format=fmt,
    )


def _types_of_value(value: Any) -> set[str]:
    kind = json_type_of(value)
    return {"integer", "number"} if kind == "integer" else {kind}
