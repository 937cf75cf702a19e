"""A refused ``pattern`` is a SchemaError naming the pointer of that ``pattern`` keyword, in
both dialects, wherever the string schema sits (the document's root included)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from batchcalls_fuzz import SchemaError, load_schema
from batchcalls_fuzz.derive.regex import check_pattern, regex_generator

META = "https://json-schema.org/draft/2020-12/schema"
STRUCTURE = "https://json-structure.org/meta/core/v0/#"

REFUSED = [
    pytest.param({"pattern": "(?=a)b"}, id="look-ahead"),
    pytest.param({"pattern": "(a)\\1"}, id="back-reference"),
    pytest.param({"pattern": "(a"}, id="not-a-regex"),
    pytest.param({"pattern": "a{200000}"}, id="too-long"),
    pytest.param({"pattern": "^ab$", "minLength": 5}, id="bounds-unmet"),
]


def jsonschema_at_root(string: dict[str, Any]) -> tuple[dict[str, Any], str]:
    return {"$schema": META, "type": "string", **string}, "/pattern"


def jsonschema_in_property(string: dict[str, Any]) -> tuple[dict[str, Any], str]:
    document = {"$schema": META, "type": "object", "properties": {"x": {"type": "string"}}}
    document["properties"]["x"].update(string)
    return document, "/properties/x/pattern"


def jsonschema_in_items_by_ref(string: dict[str, Any]) -> tuple[dict[str, Any], str]:
    document = {
        "$schema": META,
        "type": "array",
        "items": {"$ref": "#/$defs/text"},
        "$defs": {"text": {"type": "string", **string}},
    }
    return document, "/$defs/text/pattern"


def structure_in_property(string: dict[str, Any]) -> tuple[dict[str, Any], str]:
    document = {
        "$schema": STRUCTURE,
        "$id": "https://example.com/refused",
        "name": "Refused",
        "type": "object",
        "properties": {"x~y": {"type": "string", **string}},
    }
    return document, "/properties/x~0y/pattern"


PLACES: list[Callable[[dict[str, Any]], tuple[dict[str, Any], str]]] = [
    jsonschema_at_root,
    jsonschema_in_property,
    jsonschema_in_items_by_ref,
    structure_in_property,
]


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.__name__)
@pytest.mark.parametrize("string", REFUSED)
def test_a_refused_pattern_names_its_keyword(
    place: Callable[[dict[str, Any]], tuple[dict[str, Any], str]], string: dict[str, Any]
) -> None:
    document, pointer = place(string)
    with pytest.raises(SchemaError) as refused:
        load_schema(document)
    assert refused.value.pointer == pointer
    assert str(refused.value).endswith(f"(at schema pointer '{pointer}')")


@pytest.mark.parametrize("pattern", ["(?=a)b", "(a)\\1", "(a", "(?<!a)b"])
def test_the_generator_and_the_check_name_the_place_they_are_given(pattern: str) -> None:
    for refuse in (regex_generator, check_pattern):
        with pytest.raises(SchemaError) as refused:
            refuse(pattern, 0, None, "/properties/x/pattern")
        assert refused.value.pointer == "/properties/x/pattern"
