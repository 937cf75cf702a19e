"""Both dialect front ends: one model, pointers everywhere, and a precise error for the rest."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from json_structure import SchemaValidator

from batchcalls_fuzz.errors import SchemaError, SchemaWarning
from batchcalls_fuzz.schema import load_schema
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.schema.ir import (
    ArrayNode,
    EnumNode,
    Node,
    NumberNode,
    ObjectNode,
    StringNode,
    UnionNode,
    walk,
)
from batchcalls_fuzz.strategies import bundled_schema, schema_document

ORIGINAL_STRUCT = Path(__file__).parent / "data" / "BatchCallsResponse.original.struct.json"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
STRUCTURE = "https://json-structure.org/meta/core/v0/#"


def shape(node: Node) -> Any:
    """What a node allows, without where it came from."""
    if isinstance(node, ObjectNode):
        return (
            "object",
            {k: shape(v) for k, v in node.properties.items()},
            sorted(node.required),
            None if node.additional is None else shape(node.additional),
        )
    if isinstance(node, ArrayNode):
        return ("array", shape(node.items), node.min_items, node.max_items)
    if isinstance(node, UnionNode):
        return ("union", [shape(o) for o in node.options])
    fields = {k: v for k, v in vars(node).items() if k not in ("path", "schema_pointer", "meta")}
    return (type(node).__name__, fields)


def test_both_bundled_dialects_give_the_same_model() -> None:
    assert shape(bundled_schema("jsonschema").root) == shape(bundled_schema("structure").root)


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
def test_every_node_knows_its_instance_path_and_schema_pointer(dialect: str) -> None:
    schema = bundled_schema(dialect)
    paths = {node.path for node in walk(schema.root)}
    assert {"", "/status", "/results/*/createdAt", "/errors/*/errors/*/message"} <= paths
    for node in walk(schema.root):
        if node.schema_pointer.endswith("/additionalProperties"):
            continue  # implicit: JSON Schema objects are open unless closed
        jp.resolve(schema.document, node.schema_pointer)  # raises if it names nothing


def test_the_model_keeps_annotations() -> None:
    status = bundled_schema("jsonschema").root
    assert isinstance(status, ObjectNode)
    node = status.properties["status"]
    assert isinstance(node, EnumNode)
    assert node.meta["example"] == "COMPLETE"
    assert node.meta["description"] == "The status of the batch operation"
    assert bundled_schema("structure").title == "BatchCallsResponse"


def test_the_corrected_structure_copy_is_valid_json_structure() -> None:
    assert SchemaValidator().validate(schema_document("structure")) == []
    assert "Corrected copy" in schema_document("structure")["$comment"]


def test_the_original_structure_seed_loads_with_one_warning_per_problem() -> None:
    document = json.loads(ORIGINAL_STRUCT.read_text("utf-8"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        schema = load_schema(document)
    messages = [str(w.message) for w in caught if issubclass(w.category, SchemaWarning)]
    assert len(messages) == 7
    sdk_paths = {e.path[1:] for e in SchemaValidator().validate(document)}
    sdk_paths = {p.removesuffix("/properties") if p != "" else "" for p in sdk_paths}
    for path in sdk_paths:
        assert any(f"(at schema pointer '{path}')" in m for m in messages), path
    assert any("'/$schema'" in m for m in messages)
    assert shape(schema.root) == shape(bundled_schema("structure").root)


JSON_SCHEMA_KEYWORDS = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "enum",
    "const",
    "$ref",
    "$defs",
    "definitions",
    "$schema",
    "$id",
    "description",
    "title",
    "example",
    "examples",
    "$comment",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
}


def _object_pointers(document: Any, pointer: str = "") -> list[str]:
    """Pointers of every subschema of a JSON Schema document (not of annotation values)."""
    found = [pointer]
    for name, sub in document.get("properties", {}).items():
        found += _object_pointers(sub, jp.join(jp.join(pointer, "properties"), name))
    if isinstance(document.get("items"), dict):
        found += _object_pointers(document["items"], jp.join(pointer, "items"))
    return found


@given(
    keyword=st.text(min_size=1, max_size=12).filter(lambda k: k not in JSON_SCHEMA_KEYWORDS),
    data=st.data(),
)
def test_an_unknown_keyword_anywhere_is_an_error_naming_it_and_its_pointer(
    keyword: str, data: st.DataObject
) -> None:
    document = schema_document("jsonschema")
    where = data.draw(st.sampled_from(_object_pointers(document)))
    jp.resolve(document, where)[keyword] = 1
    with pytest.raises(SchemaError) as raised:
        load_schema(document)
    assert raised.value.pointer == jp.join(where, keyword)
    assert f"'{keyword}'" in str(raised.value)


@pytest.mark.parametrize(
    ("document", "pointer", "fragment"),
    [
        ({"$schema": JSON_SCHEMA, "$ref": "https://example.com/s.json"}, "/$ref", "remote $ref"),
        ({"$schema": JSON_SCHEMA, "$ref": "other.json#/a"}, "/$ref", "remote $ref"),
        ({"$schema": JSON_SCHEMA, "$ref": "#/$defs/missing"}, "/$ref", "names nothing"),
        (
            {"$schema": JSON_SCHEMA, "$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
            "/$defs/a/$ref",
            "recursive",
        ),
        ({"$schema": JSON_SCHEMA, "type": "string", "format": "email"}, "/format", "email"),
        ({"$schema": JSON_SCHEMA, "type": "wat"}, "/type", "unknown type"),
        ({"$schema": JSON_SCHEMA, "type": "object", "required": ["x"]}, "/required", "'x'"),
        ({"$schema": JSON_SCHEMA, "type": "array", "minItems": -1}, "/minItems", "minItems"),
        (
            {"$schema": JSON_SCHEMA, "type": "object", "properties": {"a": 3}},
            "/properties/a",
            "JSON object",
        ),
        (
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"},
            "/$schema",
            "2020-12",
        ),
        ({"type": "string"}, "/$schema", "dialect"),
        ({"$schema": STRUCTURE, "$id": "urn:x", "type": "tuple"}, "/type", "tuple"),
        ({"$schema": STRUCTURE, "$id": "urn:x", "type": "map"}, "", "values"),
        (
            {"$schema": STRUCTURE, "$id": "urn:x", "type": {"$ref": "https://x.org/s#/a"}},
            "/type/$ref",
            "remote $ref",
        ),
        (
            {"$schema": STRUCTURE, "$id": "urn:x", "type": "string", "format": "email"},
            "/format",
            "'format'",
        ),
    ],
)
def test_schema_errors_name_their_place(document: Any, pointer: str, fragment: str) -> None:
    with pytest.raises(SchemaError) as raised:
        load_schema(document)
    assert raised.value.pointer == pointer
    assert fragment in str(raised.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"type": "object",', "not valid JSON"),
        ("[1, 2]", "must be a JSON object, got list"),
        ('"string"', "must be a JSON object, got str"),
        (b"\xff\xfe{", "not"),
    ],
)
def test_malformed_schema_text_is_a_schema_error(text: str | bytes, fragment: str) -> None:
    with pytest.raises(SchemaError, match=fragment):
        load_schema(text)


def test_a_missing_schema_file_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="cannot read schema file"):
        load_schema(tmp_path / "absent.json")


def test_local_references_and_common_keywords_are_understood() -> None:
    schema = load_schema(
        {
            "$schema": JSON_SCHEMA,
            "$defs": {"code": {"type": "string", "minLength": 2, "maxLength": 4}},
            "definitions": {"n": {"type": "integer", "minimum": 1, "exclusiveMaximum": 10}},
            "type": "object",
            "properties": {
                "code": {"$ref": "#/$defs/code", "description": "kept"},
                "n": {"$ref": "#/definitions/n"},
                "kind": {"const": "call"},
                "tags": {
                    "type": "array",
                    "items": {"type": "string", "pattern": "^[a-z]+$"},
                    "minItems": 1,
                    "maxItems": 3,
                    "uniqueItems": True,
                },
                "maybe": {"type": ["string", "null"]},
            },
            "additionalProperties": {"type": "boolean"},
        }
    )
    root = schema.root
    assert isinstance(root, ObjectNode)
    code = root.properties["code"]
    assert isinstance(code, StringNode) and (code.min_length, code.max_length) == (2, 4)
    assert code.path == "/code" and code.schema_pointer == "/$defs/code"
    n = root.properties["n"]
    assert isinstance(n, NumberNode) and n.integer and n.exclusive_maximum == 10
    kind = root.properties["kind"]
    assert isinstance(kind, EnumNode) and kind.is_const and kind.values == ("call",)
    tags = root.properties["tags"]
    assert isinstance(tags, ArrayNode) and tags.unique and tags.items.path == "/tags/*"
    assert isinstance(root.properties["maybe"], UnionNode)
    assert root.additional is not None and root.additional.path == "/*"


def test_structure_types_map_onto_the_model() -> None:
    schema = load_schema(
        {
            "$schema": STRUCTURE,
            "$id": "urn:test",
            "name": "T",
            "definitions": {"Id": {"type": "uuid"}},
            "type": "object",
            "properties": {
                "n": {"type": "int32"},
                "big": {"type": "int64"},
                "d": {"type": "decimal"},
                "day": {"type": "date"},
                "id": {"type": {"$ref": "#/definitions/Id"}},
                "link": {"type": "uri"},
                "labels": {"type": "map", "values": {"type": "string"}},
                "tags": {"type": "set", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        }
    )
    root = schema.root
    assert isinstance(root, ObjectNode) and root.additional is None
    n = root.properties["n"]
    assert isinstance(n, NumberNode) and (n.minimum, n.maximum) == (-(2**31), 2**31 - 1)
    formats = {k: getattr(v, "format", None) for k, v in root.properties.items()}
    assert formats["big"] == "int64" and formats["d"] == "decimal" and formats["day"] == "date"
    assert formats["id"] == "uuid" and formats["link"] == "uri"
    labels = root.properties["labels"]
    assert isinstance(labels, ObjectNode) and labels.is_map
    assert isinstance(labels.additional, StringNode)
    tags = root.properties["tags"]
    assert isinstance(tags, ArrayNode) and tags.unique
