"""Malformed payloads: every label says truly what json.loads makes of the bytes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz.derive.malformed import (
    DEFECT_NAMES,
    JSON_EDGE,
    Malformed,
)
from batchcalls_fuzz.judge.labels import python_json_kind
from batchcalls_fuzz.strategies import malformed_payloads
from conftest import scaled

python_verdict = python_json_kind


@settings(max_examples=scaled(1000))
@given(malformed_payloads())
def test_every_label_matches_what_json_loads_does(malformed: Malformed) -> None:
    assert malformed.defect in DEFECT_NAMES
    assert python_verdict(malformed.payload) == malformed.kind


@pytest.mark.parametrize("defect", DEFECT_NAMES)
def test_each_defect_can_be_asked_for(defect: str) -> None:
    @settings(max_examples=5)
    @given(malformed_payloads(defects=[defect]))
    def check(malformed: Malformed) -> None:
        assert malformed.defect == defect
        assert python_verdict(malformed.payload) == malformed.kind

    check()


def test_a_huge_string_is_there_only_when_asked_for() -> None:
    @settings(max_examples=3)
    @given(malformed_payloads(defects=[], huge_string_bytes=1_000_000))
    def check(malformed: Malformed) -> None:
        assert len(malformed.payload) > 1_000_000
        assert malformed.kind == JSON_EDGE
        json.loads(malformed.payload)

    check()


@pytest.mark.parametrize(
    "kwargs", [{"defects": ["nope"]}, {"huge_string_bytes": -1}, {"huge_string_bytes": 1.5}]
)
def test_bad_arguments_raise_invalid_argument(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        malformed_payloads(**kwargs)  # type: ignore[arg-type]
