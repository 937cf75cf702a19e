"""JSON Structure front end: a schema document into the schema model.

Problems that the front end can work around (a missing ``$id``, a non-canonical ``$schema``,
an ``object`` without ``properties``) are reported as ``SchemaWarning``s, one per problem,
with its pointer; everything else it does not understand is a ``SchemaError``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from ..errors import SchemaError, SchemaWarning
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
)

DIALECT = "structure"
META_SCHEMAS = (
    "https://json-structure.org/meta/core/v0/#",
    "https://json-structure.org/meta/extended/v0/#",
    "https://json-structure.org/meta/validation/v0/#",
)

_ROOT_ONLY = {"$schema", "$id", "$uses", "definitions"}
_COMMON = {"type", "name", "enum", "const"}
_BY_TYPE_KEYWORDS: dict[str, frozenset[str]] = {
    "object": frozenset({"properties", "required", "additionalProperties"}),
    "map": frozenset({"values"}),
    "array": frozenset({"items", "minItems", "maxItems"}),
    "set": frozenset({"items", "minItems", "maxItems"}),
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "number": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
}
_INTEGER_RANGES = {
    "int8": (-(2**7), 2**7 - 1),
    "uint8": (0, 2**8 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "uint16": (0, 2**16 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
}
_FLOATS = {"number", "float", "double"}
_STRING_TYPES = {
    "datetime": "date-time",
    "date": "date",
    "uuid": "uuid",
    "uri": "uri",
    "int64": "int64",
    "uint64": "uint64",
    "decimal": "decimal",
}


def load(document: Any) -> Schema:
    root = common.require_mapping(document, "", "the schema document")
    declared = root.get("$schema")
    if declared not in META_SCHEMAS:
        _warn(
            f"$schema {declared!r} is not a JSON Structure meta-schema "
            f"(canonical: {META_SCHEMAS[0]})",
            "/$schema",
        )
    if not isinstance(root.get("$id"), str):
        _warn("the root has no '$id' (an absolute URI is required)", "")
    node = _Builder(root).build(root, "", "", is_root=True)
    name = root.get("name")
    return Schema(node, DIALECT, root, name if isinstance(name, str) else None)


def _warn(message: str, where: str) -> None:
    warnings.warn(f"{message} (at schema pointer '{where}')", SchemaWarning, stacklevel=4)


class _Builder:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.refs = common.RefFollower(document)

    def build(self, schema: Any, where: str, path: str, is_root: bool = False) -> Node:
        schema = common.require_mapping(schema, where)
        declared = schema.get("type")
        if declared is None:
            raise SchemaError("a JSON Structure schema needs a 'type'", where)
        if isinstance(declared, Mapping):
            return self._build_ref(schema, declared, where, path, is_root)
        if isinstance(declared, list):
            self._check(schema, where, set(), is_root)
            options = tuple(
                self.build({"type": t}, jp.join(jp.join(where, "type"), i), path)
                for i, t in enumerate(declared)
            )
            return UnionNode(path, where, self._meta(schema), options)
        if not isinstance(declared, str):
            raise SchemaError("'type' must be a string, a list or {'$ref': ...}", where)
        if "enum" in schema or "const" in schema:
            return self._build_enum(schema, where, path, is_root)
        return self._build_typed(declared, schema, where, path, is_root)

    def _meta(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        return common.annotations_of(schema, extra=("name",))

    def _check(self, schema: Mapping[str, Any], where: str, extra: set[str], is_root: bool) -> None:
        allowed = _COMMON | extra | (_ROOT_ONLY if is_root else set())
        common.check_keywords(schema, where, allowed, "JSON Structure")

    def _build_ref(
        self,
        schema: Mapping[str, Any],
        declared: Mapping[str, Any],
        where: str,
        path: str,
        is_root: bool,
    ) -> Node:
        type_where = jp.join(where, "type")
        common.check_keywords(declared, type_where, {"$ref"}, "a type reference")
        if "$ref" not in declared:
            raise SchemaError("a type given as an object must be {'$ref': ...}", type_where)
        self._check(schema, where, set(), is_root)
        return self.refs.follow(
            declared["$ref"],
            jp.join(type_where, "$ref"),
            lambda target, at: self.build(target, at, path),
        )

    def _build_enum(self, schema: Mapping[str, Any], where: str, path: str, is_root: bool) -> Node:
        self._check(schema, where, set(), is_root)
        if "enum" in schema and "const" in schema:
            raise SchemaError("'enum' and 'const' together are not supported", where)
        is_const = "const" in schema
        values = (schema["const"],) if is_const else common.enum_values(schema, where)
        return EnumNode(path, where, self._meta(schema), values, is_const)

    def _build_typed(
        self, name: str, schema: Mapping[str, Any], where: str, path: str, is_root: bool
    ) -> Node:
        meta = self._meta(schema)
        if name in ("object", "map"):
            self._check(schema, where, set(_BY_TYPE_KEYWORDS[name]), is_root)
            if name == "map":
                if "values" not in schema:
                    raise SchemaError("a map needs 'values'", where)
                values = self.build(schema["values"], jp.join(where, "values"), f"{path}/*")
                return ObjectNode(path, where, meta, {}, frozenset(), values)
            return self._build_object(schema, where, path, meta)
        if name in ("array", "set"):
            self._check(schema, where, set(_BY_TYPE_KEYWORDS[name]), is_root)
            if "items" not in schema:
                raise SchemaError(f"an {name} needs 'items'", where)
            items = self.build(schema["items"], jp.join(where, "items"), f"{path}/*")
            return ArrayNode(
                path,
                where,
                meta,
                items,
                common.non_negative_int(schema, "minItems", where) or 0,
                common.non_negative_int(schema, "maxItems", where),
                unique=name == "set",
            )
        if name == "string" or name in _STRING_TYPES:
            self._check(schema, where, set(_BY_TYPE_KEYWORDS["string"]), is_root)
            return StringNode(
                path,
                where,
                meta,
                min_length=common.non_negative_int(schema, "minLength", where) or 0,
                max_length=common.non_negative_int(schema, "maxLength", where),
                pattern=schema.get("pattern"),
                format=_STRING_TYPES.get(name),
            )
        if name in _INTEGER_RANGES or name in _FLOATS:
            self._check(schema, where, set(_BY_TYPE_KEYWORDS["number"]), is_root)
            low, high = _INTEGER_RANGES.get(name, (None, None))
            minimum = common.number_or_none(schema, "minimum", where)
            maximum = common.number_or_none(schema, "maximum", where)
            return NumberNode(
                path,
                where,
                {**meta, "structure_type": name},
                integer=name in _INTEGER_RANGES,
                minimum=_tighter(minimum, low, max),
                maximum=_tighter(maximum, high, min),
                exclusive_minimum=common.number_or_none(schema, "exclusiveMinimum", where),
                exclusive_maximum=common.number_or_none(schema, "exclusiveMaximum", where),
            )
        simple: dict[str, type[Node]] = {
            "boolean": BooleanNode,
            "null": NullNode,
            "any": AnyNode,
        }
        if name in simple:
            self._check(schema, where, set(), is_root)
            return simple[name](path, where, meta)
        raise SchemaError(f"type '{name}' is not supported", jp.join(where, "type"))

    def _build_object(
        self, schema: Mapping[str, Any], where: str, path: str, meta: dict[str, Any]
    ) -> ObjectNode:
        declared = common.require_mapping(
            schema.get("properties", {}), jp.join(where, "properties"), "'properties'"
        )
        if not declared:
            _warn(
                "an object must declare at least one property; read as a map of any values "
                "(write {'type': 'map', 'values': {'type': 'any'}})",
                where,
            )
        members = {
            name: self.build(sub, jp.join(jp.join(where, "properties"), name), jp.join(path, name))
            for name, sub in declared.items()
        }
        required = common.required_names(schema, where, declared)
        extra = schema.get("additionalProperties", True)
        if extra is True:
            additional: Node | None = AnyNode(f"{path}/*", jp.join(where, "additionalProperties"))
        elif extra is False:
            additional = None
        else:
            additional = self.build(extra, jp.join(where, "additionalProperties"), f"{path}/*")
        return ObjectNode(path, where, meta, members, required, additional)


def _tighter(declared: float | None, implied: int | None, pick: Any) -> float | None:
    if declared is None:
        return implied
    if implied is None:
        return declared
    tighter: float = pick(declared, implied)
    return tighter
