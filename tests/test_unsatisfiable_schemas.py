"""A schema whose bounds nothing satisfies, or that asks for more than can be generated, is a
SchemaError at load time naming the place; one within reach loads and generates valid data."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchcalls_fuzz import Oracle, SchemaError, load_schema, valid_responses

META = "https://json-schema.org/draft/2020-12/schema"


def _schema(member: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": META, "type": "object", "properties": {"x": member}, "required": ["x"]}


BOUNDS = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from([-1.5, 0.5, 2.5]))


@settings(max_examples=60, deadline=None)
@given(
    integer=st.booleans(),
    minimum=BOUNDS,
    maximum=BOUNDS,
    exclusive_minimum=BOUNDS,
    exclusive_maximum=BOUNDS,
    data=st.data(),
)
def test_numbers_load_exactly_when_some_value_fits(
    integer: bool,
    minimum: float | None,
    maximum: float | None,
    exclusive_minimum: float | None,
    exclusive_maximum: float | None,
    data: st.DataObject,
) -> None:
    member: dict[str, Any] = {"type": "integer" if integer else "number"}
    for keyword, value in (
        ("minimum", minimum),
        ("maximum", maximum),
        ("exclusiveMinimum", exclusive_minimum),
        ("exclusiveMaximum", exclusive_maximum),
    ):
        if value is not None:
            member[keyword] = value
    document = _schema(member)
    candidates = [x / 4 for x in range(-40, 41)]
    fits = [
        x
        for x in candidates
        if (not integer or x == int(x))
        and (minimum is None or x >= minimum)
        and (maximum is None or x <= maximum)
        and (exclusive_minimum is None or x > exclusive_minimum)
        and (exclusive_maximum is None or x < exclusive_maximum)
    ]
    try:
        schema = load_schema(document)
    except SchemaError as error:
        assert error.pointer == "/properties/x"
        assert not fits
        return
    if not fits:  # a non-integer between the quarters still fits a number range
        assert not integer
        return
    generated = data.draw(valid_responses(schema=schema))
    assert Oracle({"jsonschema": document}).is_valid(generated)


@pytest.mark.parametrize(
    "member",
    [
        {"type": "string", "minLength": 5, "maxLength": 2},
        {"type": "array", "minItems": 3, "maxItems": 1},
        {"type": "array", "minItems": 1_000_000_000},
        {"type": "string", "minLength": 10_000_000},
        {"type": "integer", "exclusiveMinimum": 1, "exclusiveMaximum": 2},
    ],
)
def test_out_of_reach_sizes_and_bounds_are_refused_at_the_place(member: dict[str, Any]) -> None:
    with pytest.raises(SchemaError) as refused:
        load_schema(_schema(member))
    assert refused.value.pointer == "/properties/x"
