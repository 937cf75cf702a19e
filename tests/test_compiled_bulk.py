"""The compiled bulk back end against the Source interpreter, its reference: for a RandomSource
both make the same draws, so they give the same document byte for byte; the oracle accepts
what the compiled one gives, and its documents reach every enum value, every optional member
both ways and the size bounds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchcalls_fuzz.derive import Plan, RandomSource, compile_valid
from batchcalls_fuzz.derive.compiled import bulk_or_reference, bulk_source, compile_bulk
from batchcalls_fuzz.derive.hypothesis_source import as_strategy
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.schema import load_schema
from batchcalls_fuzz.schema.ir import EnumNode, ObjectNode, walk
from batchcalls_fuzz.schema.pointer import values_at
from batchcalls_fuzz.serialize import to_json
from batchcalls_fuzz.strategies import bundled_schema, resolve_profile
from batchcalls_fuzz.strategies.adversarial import AdversarialSizes
from conftest import scaled
from helpers import errors_of

EVERY_KIND = load_schema(
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["id", "kind", "tags", "when"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "kind": {"enum": ["a", 1, None, [1, 2], {"k": "v"}]},
            "tags": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
            "when": {"type": "string", "format": "date"},
            "at": {"type": "string", "format": "date-time"},
            "link": {"type": "string", "format": "uri"},
            "code": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]{3}$"},
            "name": {"type": "string", "minLength": 2, "maxLength": 5},
            "ratio": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "big": {"type": "integer", "minimum": 0},
            "either": {"type": ["string", "null", "boolean"]},
            "map": {"type": "object", "additionalProperties": {"type": "integer"}},
            "free": {},
            "few": {"type": "array", "items": {"type": "boolean"}, "minItems": 1, "maxItems": 2},
        },
    }
)


def same_bytes(root: Any, plan: Plan, seed: int, count: int = 5) -> None:
    reference, compiled = compile_valid(root, plan), compile_bulk(root, plan)
    for index in range(count):
        expected = to_json(reference(RandomSource(f"{seed}:{index}")))
        assert to_json(compiled(RandomSource(f"{seed}:{index}"))) == expected


@settings(max_examples=scaled(40))
@given(st.integers(0, 2**32))
def test_compiled_documents_equal_the_interpreters_for_every_node_kind(seed: int) -> None:
    same_bytes(EVERY_KIND.root, Plan(), seed)


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
@pytest.mark.parametrize("profile", ["schema", "realistic"])
@settings(max_examples=scaled(10))
@given(seed=st.integers(0, 2**32))
def test_compiled_documents_equal_the_interpreters_for_the_bundled_schema(
    dialect: str, profile: str, seed: int
) -> None:
    root = bundled_schema(dialect).root
    plan = resolve_profile(profile, root).plan(Plan().limits)
    same_bytes(root, plan, seed)


def test_compiled_documents_equal_the_interpreters_under_a_seeded_profile_and_a_focus() -> None:
    root = bundled_schema().root
    sizes = AdversarialSizes(results=3, text=100, map_keys=5, depth=4)
    adversarial = resolve_profile("adversarial", root, adversarial=sizes)
    same_bytes(root, adversarial.plan(Plan().limits), 7, count=2)
    same_bytes(root, Plan(focus="/errors/*/errors/*/code"), 7)


def test_compiled_documents_pass_both_validators_and_reach_the_valid_space() -> None:
    root = bundled_schema().root
    generate = compile_bulk(root)
    documents = [generate(RandomSource(f"3:{i}")) for i in range(300)]
    for document in documents:
        assert errors_of(document) == []
    for node in walk(root):
        if isinstance(node, EnumNode):
            seen = {v for d in documents for v in values_at(d, node.path)}
            assert seen == set(node.values), node.path
        if isinstance(node, ObjectNode):
            for name in set(node.properties) - node.required:
                present = {
                    name in obj
                    for d in documents
                    for obj in values_at(d, node.path)
                    if isinstance(obj, dict)
                }
                assert present == {True, False}, f"{node.path}/{name}"
    sizes = {len(d["results"]) for d in documents}
    assert 0 in sizes and Plan().limits.max_items in sizes


@settings(max_examples=scaled(20))
@given(as_strategy(bulk_or_reference(EVERY_KIND.root, Plan())))
def test_a_hypothesis_source_runs_the_interpreter(document: Any) -> None:
    assert Oracle({"jsonschema": EVERY_KIND.document}).is_valid(document, ["jsonschema"])


@settings(max_examples=scaled(40))
@given(st.integers(0, 2**32))
def test_compiled_documents_of_every_node_kind_are_valid(seed: int) -> None:
    document = compile_bulk(EVERY_KIND.root)(RandomSource(seed))
    assert Oracle({"jsonschema": EVERY_KIND.document}).is_valid(document, ["jsonschema"])


def test_the_source_is_printable_python_starting_with_its_entry_point() -> None:
    source = bulk_source(bundled_schema().root)
    assert source.startswith("def generate(src, r, rng, lc):")
    assert "\n# _c0 = ('PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE')\n" in source
    compile(source, "generated", "exec")


@pytest.mark.parametrize("values", [[1, True], [True, 1], [0.0, -0.0], [1.0, 1]])
def test_generators_of_equal_plans_share_one_entry_and_unequal_constants_do_not(
    values: list[Any],
) -> None:
    from batchcalls_fuzz.derive import compiled

    def enum_of(value: Any) -> Any:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "enum": [value]}
        return load_schema(document).root

    first, second = values
    drawn = compile_bulk(enum_of(first))(RandomSource(0))
    assert to_json(drawn) == to_json(first)
    entries = len(compiled._ENTRIES)
    assert to_json(compile_bulk(enum_of(first))(RandomSource(0))) == to_json(first)
    assert len(compiled._ENTRIES) == entries  # an equal plan: the same entry again
    assert to_json(compile_bulk(enum_of(second))(RandomSource(0))) == to_json(second)
