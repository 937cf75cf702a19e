"""Valid documents holding a path (the start of an invalid document): valid, holding the path,
drawn as any valid document wherever the draw already holds it, and the same from the compiled
back end and the interpreter."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchcalls_fuzz.derive import Limits, RandomSource
from batchcalls_fuzz.derive.focus import grafted
from batchcalls_fuzz.derive.invalid import Mutator, select
from batchcalls_fuzz.derive.mutations import catalogue
from batchcalls_fuzz.derive.profile import SCHEMA_PURE
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.schema import load_schema
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.serialize import to_json
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema, resolve_profile
from conftest import scaled
from helpers import assert_rejected_as_labelled

LIMITS = Limits()


class InterpretedSource(RandomSource):
    """A RandomSource that the compiled back end hands to the interpreter (it runs compiled
    code for ``RandomSource`` itself only): the same draws, through the reference."""


def focus_paths(dialect: str) -> list[str]:
    return sorted({m.must_exist for m in catalogue(bundled_schema(dialect).root)})


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
@pytest.mark.parametrize("profile", ["schema", "realistic"])
@settings(max_examples=scaled(40))
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_a_grafted_document_is_valid_holds_its_path_and_is_the_interpreters(
    dialect: str, profile: str, data: st.DataObject, seed: int
) -> None:
    root = bundled_schema(dialect).root
    path = data.draw(st.sampled_from(focus_paths(dialect)))
    generate = grafted(root, resolve_profile(profile, root).plan(LIMITS, path))
    document = generate(RandomSource(seed))
    assert jp.places(document, path), path
    assert bundled_oracle().is_valid(document, [dialect])
    assert to_json(generate(InterpretedSource(seed))) == to_json(document)


@settings(max_examples=scaled(60))
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_only_the_missing_steps_of_the_path_are_added_to_a_valid_draw(
    data: st.DataObject, seed: int
) -> None:
    root = bundled_schema().root
    path = data.draw(st.sampled_from(focus_paths("jsonschema")))
    valid = SCHEMA_PURE.compile(root, LIMITS)(RandomSource(seed))
    document = grafted(root, SCHEMA_PURE.plan(LIMITS, path))(RandomSource(seed))
    if jp.places(valid, path):
        assert document == valid
        return
    # Everything off the path is the valid draw's; an array on the path keeps its length
    # (one item where the draw left it empty or out).
    for name, value in valid.items():
        if name != jp.tokens(path)[0]:
            assert document[name] == value
    for depth in range(1, len(jp.tokens(path))):
        prefix = jp.from_tokens(jp.tokens(path)[:depth])
        for (_, before), (_, after) in zip(
            jp.places(valid, prefix), jp.places(document, prefix), strict=False
        ):
            if isinstance(before, list) and isinstance(after, list):
                assert len(after) == max(1, len(before))


NESTED: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "byName": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"x": {"type": "integer", "maximum": 9}},
            },
        },
        "pairs": {
            "type": "array",
            "minItems": 2,
            "maxItems": 3,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"tags": {"type": "array", "items": {"enum": ["a", "b"]}}},
            },
        },
    },
}


@settings(max_examples=scaled(60))
@given(seed=st.integers(0, 2**32), path=st.sampled_from(["/byName/*/x", "/pairs/*/tags/*"]))
def test_maps_and_arrays_with_a_minimum_length_on_the_path_are_grafted_validly(
    seed: int, path: str
) -> None:
    root = load_schema(NESTED).root
    document = grafted(root, SCHEMA_PURE.plan(LIMITS, path))(RandomSource(seed))
    assert jp.places(document, path)
    assert Oracle({"jsonschema": NESTED}).is_valid(document)


@settings(max_examples=scaled(100))
@given(seed=st.integers(0, 2**32), index=st.integers(0, 10_000))
def test_bulk_invalid_documents_from_grafted_ones_are_rejected_as_labelled(
    seed: int, index: int
) -> None:
    root = bundled_schema().root
    mutator = Mutator(root, LIMITS, resolve_profile("realistic", root))
    mutations = tuple(select(mutator.mutations, "jsonschema"))
    invalid = mutator.apply(RandomSource(seed), mutations[index % len(mutations)])
    assert_rejected_as_labelled(invalid.document, invalid.violation)
    assert bundled_oracle().is_valid(invalid.original)


JSON_VALUES = st.recursive(
    st.none() | st.integers(0, 3) | st.sampled_from(["a", "*"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "*", "~", "a/b"]), inner, max_size=3)
    ),
    max_leaves=12,
)
PATTERNS = st.lists(st.sampled_from(["a", "b", "*", "0", "~0", "a~1b"]), max_size=4).map(
    lambda steps: "".join(f"/{step}" for step in steps)
)


@settings(max_examples=scaled(300))
@given(document=JSON_VALUES, pattern=PATTERNS)
def test_has_place_tells_whether_places_finds_any(document: Any, pattern: str) -> None:
    assert jp.has_place(document, pattern) == bool(jp.places(document, pattern))


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
@settings(max_examples=scaled(60))
@given(seed=st.integers(0, 2**32))
def test_a_mutation_focused_below_its_place_applies_where_the_focus_is(
    dialect: str, seed: int
) -> None:
    # A single-value or duplicate-item mutation needs an item of the array it replaces; the
    # grafted path holds one array with an item, beside which other arrays may be empty.
    root = bundled_schema(dialect).root
    mutator = Mutator(root)
    below = [m for m in mutator.mutations if m.must_exist != m.anchor]
    assert below
    for mutation in below:
        invalid = mutator.apply(RandomSource(f"{seed}:{mutation.entry}"), mutation)
        assert_rejected_as_labelled(invalid.document, invalid.violation, bundled_oracle())


UNIQUE_PAIRS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "w": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "uniqueItems": True,
            "items": {"type": "array", "maxItems": 1, "items": {"enum": [1]}},
        }
    },
}


@settings(max_examples=scaled(100))
@given(seed=st.integers(0, 2**32))
def test_grafting_into_a_unique_array_keeps_its_items_apart(seed: int) -> None:
    # Filling the empty item of [[], [1]] would repeat its sibling; a new array drawn whole
    # may hold the path already.
    root = load_schema(UNIQUE_PAIRS).root
    document = grafted(root, SCHEMA_PURE.plan(LIMITS, "/w/*/*"))(RandomSource(f"{seed}"))
    assert Oracle({"jsonschema": UNIQUE_PAIRS}).is_valid(document), document
    assert jp.has_place(document, "/w/*/*")
