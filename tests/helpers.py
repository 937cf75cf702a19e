"""Test helpers shared by several test modules."""

from __future__ import annotations

from typing import Any

from batchcalls_fuzz.strategies import bundled_oracle


def errors_of(document: Any, dialects: tuple[str, ...] = ("jsonschema", "structure")) -> list[Any]:
    verdicts = bundled_oracle().check(document, dialects)
    return [error for verdict in verdicts.values() for error in verdict.errors]


def assert_rejected_as_labelled(document: Any, violation: Any, oracle: Any = None) -> None:
    """Every dialect in ``rejected_by`` rejects the document, each of its errors at the labelled
    place (or the object holding it, for a missing or extra member); every other dialect the
    oracle has accepts it."""
    from batchcalls_fuzz.judge.labels import label_problems

    problems = label_problems(oracle or bundled_oracle(), document, violation.to_dict())
    assert not problems, f"{violation}: {problems}"


SECOND_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "orders": {
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": 99},
                    "kind": {"const": "order"},
                    "note": {"type": "string", "minLength": 2, "maxLength": 5},
                    "placed": {"type": "string", "format": "date"},
                },
                "required": ["sku", "quantity", "kind"],
                "additionalProperties": False,
            },
        },
        "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": True},
        "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    },
    "required": ["orders"],
    "additionalProperties": False,
}
