"""Invalid documents: exactly one labelled violation, true under every dialect it claims,
and still true after shrinking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz.derive.invalid import Invalid, matching_pointers
from batchcalls_fuzz.derive.mutations import catalogue
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.schema import load_schema
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.schema.ir import AnyNode, walk
from batchcalls_fuzz.strategies import (
    bundled_oracle,
    bundled_schema,
    coverage_cases,
    invalid_responses,
)
from conftest import scaled
from helpers import SECOND_SCHEMA, assert_rejected_as_labelled


def check_contract(invalid: Invalid, oracle: Oracle | None = None) -> None:
    assert_rejected_as_labelled(invalid.document, invalid.violation, oracle)
    assert (oracle or bundled_oracle()).is_valid(invalid.original), "undoing it is not valid"
    assert invalid.violation.pointer.startswith("/") or invalid.violation.pointer == ""
    json.dumps(invalid.document)  # still a JSON document


@settings(max_examples=scaled(1000))
@given(invalid_responses("jsonschema"))
def test_jsonschema_invalid_documents_are_rejected_as_labelled(invalid: Invalid) -> None:
    check_contract(invalid)


@settings(max_examples=scaled(1000))
@given(invalid_responses("structure"))
def test_structure_invalid_documents_are_rejected_as_labelled(invalid: Invalid) -> None:
    assert "structure" in invalid.violation.rejected_by
    check_contract(invalid)


@given(invalid_responses(rules=["format.date-time", "required"], pointers=["/results/*/createdAt"]))
def test_filters_keep_only_the_asked_rules_and_places(invalid: Invalid) -> None:
    assert invalid.violation.rule in ("format.date-time", "required")
    assert jp.matches(invalid.violation.pointer, "/results/*/createdAt")


def test_a_shrunk_invalid_document_is_still_invalid_with_a_true_label() -> None:
    found = find(
        invalid_responses(rules=["format.date-time"]),
        lambda inv: len(inv.document["results"]) >= 2 and inv.violation.pointer != "/startedAt",
        settings=settings(database=None, max_examples=2000),
    )
    check_contract(found)
    assert len(found.document["results"]) == 2
    assert found.violation.rule == "format.date-time"


def test_no_mutation_matching_is_invalid_argument() -> None:
    with pytest.raises(InvalidArgument, match="no mutation"):
        invalid_responses(rules=["maxItems"])


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
def test_the_coverage_set_holds_every_catalogue_entry_and_keeps_every_contract(
    dialect: str,
) -> None:
    cases = coverage_cases(dialect)
    assert [c.name for c in cases] == [c.name for c in coverage_cases(dialect)]
    oracle = bundled_oracle()
    keys = set()
    for case in cases:
        if case.violation is None:
            assert oracle.is_valid(case.document), case.name
            continue
        assert_rejected_as_labelled(case.document, case.violation)
        keys.add(case.name)
    expected = {
        f"invalid {m.anchor or '/'} {m.rule} {m.variant}"
        for m in catalogue(bundled_schema(dialect).root)
        if dialect in m.rejected_by
    }
    assert keys == expected
    for node in walk(bundled_schema(dialect).root):
        if not isinstance(node, AnyNode):
            assert any(f" {node.path or '/'} " in k and "null" in k for k in keys), node.path
    rules = {c.violation.rule for c in cases if c.violation}
    assert {"required", "type", "items.type", "null", "enum", "format.date-time"} <= rules


def test_the_catalogue_is_derived_so_it_works_on_another_schema() -> None:
    schema = load_schema(SECOND_SCHEMA)
    oracle = Oracle({"jsonschema": SECOND_SCHEMA})
    cases = coverage_cases("jsonschema", schema=schema)
    rules = {c.violation.rule for c in cases if c.violation}
    assert {
        "additionalProperties", "required", "minimum", "maximum", "minItems", "maxItems",
        "pattern", "minLength", "maxLength", "const", "enum", "uniqueItems", "items.type",
        "exclusiveMinimum", "exclusiveMaximum", "format.date", "type", "null",
    } <= rules  # fmt: skip
    for case in cases:
        if case.violation is None:
            assert oracle.is_valid(case.document), case.name
        elif "jsonschema" in case.violation.rejected_by:
            assert_rejected_as_labelled(case.document, case.violation, oracle)


@settings(max_examples=scaled(300))
@given(invalid_responses(schema=load_schema(SECOND_SCHEMA)))
def test_invalid_documents_of_another_schema_keep_the_contract(invalid: Invalid) -> None:
    check_contract(invalid, Oracle({"jsonschema": SECOND_SCHEMA}))


def test_matching_pointers_follow_indices_and_keys() -> None:
    document = {"a": [{"b": 1}, {"b": 2}, {}], "m": {"x/y": {"b": 3}}}
    assert matching_pointers(document, "/a/*/b") == ["/a/0/b", "/a/1/b"]
    assert matching_pointers(document, "/m/*/b") == ["/m/x~1y/b"]
    assert matching_pointers(document, "") == [""]


def test_shrinking_keeps_a_failing_consumer_example_small_and_labelled() -> None:
    def consumer(document: dict[str, Any]) -> None:
        for result in document["results"]:
            result["createdAt"].split("T")

    def breaks_consumer(invalid: Invalid) -> bool:
        try:
            consumer(invalid.document)
        except (TypeError, AttributeError, KeyError):
            return True
        return False

    found = find(
        invalid_responses(pointers=["/results/*/createdAt"]),
        breaks_consumer,
        settings=settings(database=None, phases=[Phase.generate, Phase.shrink]),
    )
    check_contract(found)
    assert len(found.document["results"]) == 1


def test_the_coverage_table_script_prints_the_set() -> None:
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parent.parent / "bench" / "coverage_table.py"
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    size = len(coverage_cases("jsonschema"))
    assert result.stdout.startswith(f"coverage set (jsonschema): {size} cases")
    assert "/results/*/createdAt" in result.stdout


NEAR_MISSES = [
    ("/results/*/archived", "type", "boolean-as-string"),
    ("/results/*/archived", "type", "boolean-as-0-or-1"),
    ("/results/*/id", "type", "unquoted-number"),
    ("/results/*/createdAt", "type", "epoch-number"),
    ("/results", "type", "single-value"),
    ("/links", "type", "serialised-object"),
    ("/results/*/createdAt", "format.date-time", "no-seconds"),
    ("/startedAt", "format.date-time", "underscore-separator"),
    ("/results/*/updatedAt", "format.date-time", "week-date"),
    ("/completedAt", "format.date-time", "ordinal-date"),
    ("/requestedAt", "format.date-time", "hour-only-offset"),
    ("/results/*/archivedAt", "format.date-time", "z-and-offset"),
]
LAX_DATE_TIMES = {"no-seconds", "underscore-separator", "week-date", "hour-only-offset"}


@pytest.mark.parametrize(("anchor", "rule", "variant"), NEAR_MISSES)
def test_near_misses_that_lax_parsers_take_are_rejected_where_labelled(
    anchor: str, rule: str, variant: str
) -> None:
    import datetime

    from batchcalls_fuzz.derive.invalid import Mutator
    from batchcalls_fuzz.derive.source import RandomSource

    mutator = Mutator(bundled_schema().root)
    [mutation] = [m for m in mutator.mutations if m.key == (anchor, rule, variant)]
    for seed in range(8):
        invalid = mutator.apply(RandomSource(seed), mutation)
        check_contract(invalid)
        value = jp.resolve(invalid.document, invalid.violation.pointer)
        if variant in LAX_DATE_TIMES:
            datetime.datetime.fromisoformat(value)  # what makes it a near miss: Python takes it
        if variant == "serialised-object":
            assert json.loads(value) == jp.resolve(invalid.original, invalid.violation.pointer)


def test_numbers_written_as_strings_are_near_misses_of_another_schema() -> None:
    from batchcalls_fuzz.derive.invalid import Mutator
    from batchcalls_fuzz.derive.source import RandomSource

    oracle = Oracle({"jsonschema": SECOND_SCHEMA})
    mutator = Mutator(load_schema(SECOND_SCHEMA).root)
    found = [m for m in mutator.mutations if m.variant == "numeric-string"]
    assert {m.anchor for m in found} == {"/orders/*/quantity", "/ratio"}
    for mutation in found:
        for seed in range(8):
            invalid = mutator.apply(RandomSource(seed), mutation)
            check_contract(invalid, oracle)
            assert isinstance(jp.resolve(invalid.document, invalid.violation.pointer), str)
