"""Malformed payloads: every label says truly what json.loads makes of the bytes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz.derive.malformed import (
    DEFECT_NAMES,
    DEFECTS,
    INVALID_JSON,
    JSON_EDGE,
    PARSER_LIMIT,
    Malformed,
    keeps_valid,
    malformed_generator,
)
from batchcalls_fuzz.derive.source import RandomSource
from batchcalls_fuzz.derive.valid import Limits, Plan, compile_valid
from batchcalls_fuzz.judge.labels import nesting_depth, python_json_kind
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.schema import load_schema
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.strategies import bundled_schema, malformed_payloads
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


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (b'{"a":NaN}', "invalid-json"),
        (b'{"a":-Infinity}', "invalid-json"),
        ('{"a":1}'.encode("utf-16"), "invalid-json"),
        ('{"a":1}'.encode("utf-16-be"), "invalid-json"),
        (b'{"a":"\xed\xa0\x80"}', "invalid-json"),
        (b'\xef\xbb\xbf{"a":1}', "json-edge"),
        (b'{"a":"\\ud800"}', "json-edge"),
        (b'{"a":1,"a":2}', "json-edge"),
        (b'{"a":1e400}', "json-edge"),
        (b"[" * 990 + b"]" * 990, "json-edge"),
        (b"[" * 1000 + b"]" * 1000, "parser-limit"),
        (b'["[[[[' + b"[" * 998 + b'"]', "json-edge"),  # brackets inside a string do not nest
    ],
)
def test_kinds_follow_rfc_8259_not_python_json(payload: bytes, kind: str) -> None:
    assert python_verdict(payload) == kind


def test_a_text_within_the_depth_limit_is_json_however_deep_the_caller_is() -> None:
    def from_depth(frames: int) -> str:
        return python_verdict(b"[" * 990 + b"]" * 990) if frames == 0 else from_depth(frames - 1)

    assert from_depth(400) == JSON_EDGE


def test_defects_inside_values_and_names_land_at_varied_declared_places() -> None:
    valid = compile_valid(bundled_schema().root, Plan(Limits(max_items=3)))
    in_strings = tuple(d for d in DEFECTS if d[0] in ("invalid-utf8", "control-character"))
    places: set[str] = set()
    for seed in range(300):
        malformed = malformed_generator(valid, in_strings)(RandomSource(seed))
        assert malformed.pointer is not None
        assert python_verdict(malformed.payload) == INVALID_JSON
        places.add(jp.pattern_of(malformed.pointer))
    for declared in ("/results/*/createdAt", "/results/*/id", "/status", "/errors/*/message"):
        assert declared in places, declared
    assert any(p.startswith("/results/*/properties/") for p in places)
    values = tuple(d for d in DEFECTS if d[0] == "nan-infinity")
    pointers = {
        jp.pattern_of(str(malformed_generator(valid, values)(RandomSource(s)).pointer))
        for s in range(300)
    }
    assert {"/results/*/createdAt", "/results/*/archived"} <= pointers


LAX_READABLE = ("nan-infinity", "control-character", "invalid-utf8", "huge-exponent")
"""Defects that Python's json.loads reads once the bytes are decoded with replacement and
``strict=False``: a lax decoder."""


def _lax_reading(payload: bytes) -> object:
    return json.loads(payload.decode("utf-8", "replace"), strict=False)


ROOMY = load_schema(
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "code": {"enum": ["A", "B"]},
            "note": {"type": "string"},
            "size": {"type": "number"},
            "data": {"type": "object", "additionalProperties": {}},
        },
        "required": ["at", "code", "note", "size", "data"],
        "additionalProperties": False,
    }
)


@settings(max_examples=scaled(100))
@given(st.integers(0, 2**32), st.sampled_from(LAX_READABLE))
def test_a_kept_place_leaves_a_lax_reading_valid(seed: int, defect: str) -> None:
    valid = compile_valid(ROOMY.root, Plan(Limits()))
    chosen = tuple(d for d in DEFECTS if d[0] == defect)
    malformed = malformed_generator(valid, chosen, keeps_valid(ROOMY.root))(RandomSource(seed))
    assert python_verdict(malformed.payload) != "valid"
    oracle = Oracle({"jsonschema": ROOMY.document})
    assert oracle.is_valid(_lax_reading(malformed.payload), ["jsonschema"])


def test_without_a_place_to_keep_a_defect_goes_anywhere() -> None:
    closed = load_schema(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"at": {"type": "string", "format": "date-time"}},
            "required": ["at"],
            "additionalProperties": False,
        }
    )
    valid = compile_valid(closed.root, Plan(Limits()))
    keep = keeps_valid(closed.root)
    assert not keep("/at", False, "string") and not keep("/at", True, "string")
    for defect in ("nan-infinity", "control-character"):
        chosen = tuple(d for d in DEFECTS if d[0] == defect)
        malformed = malformed_generator(valid, chosen, keep)(RandomSource(defect))
        assert malformed.pointer == "/at"


def test_a_kept_place_takes_any_value_of_what_a_lax_decoder_reads() -> None:
    schema = load_schema(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "ratio": {"type": "number", "maximum": 1},
                "size": {"type": "number"},
                "u": {
                    "type": ["string", "object"],
                    "properties": {"at": {"type": "string", "format": "date-time"}},
                },
            },
        }
    )
    keep = keeps_valid(schema.root)
    assert keep("/size", False, "number")
    assert not keep("/count", False, "number") and not keep("/ratio", False, "number")
    assert keep("/u", False, "string") and not keep("/u/at", False, "string")
    assert not keep("/size/x", False, "string")


@pytest.mark.parametrize("depth", [500, 900, 1_000, 10_000])
def test_nesting_comes_at_each_depth(depth: int) -> None:
    @settings(max_examples=3)
    @given(malformed_payloads(defects=[f"deep-nesting-{depth}"]))
    def check(malformed: Malformed) -> None:
        assert nesting_depth(malformed.payload.decode()) > depth
        assert malformed.kind == (PARSER_LIMIT if depth >= 1_000 else JSON_EDGE)

    check()


@pytest.mark.parametrize("defect", ["trailing-comma", "truncated-before-value", "single-quotes"])
def test_brackets_and_commas_inside_strings_do_not_fool_text_defects(defect: str) -> None:
    chosen = tuple(d for d in DEFECTS if d[0] == defect)
    tricky = malformed_generator(lambda src: {"a": "x,]", "b": ["}", {"c": "[:"}]}, chosen)
    for seed in range(40):
        assert python_verdict(tricky(RandomSource(seed)).payload) == INVALID_JSON
    empty = malformed_generator(lambda src: {}, chosen)
    assert python_verdict(empty(RandomSource(0)).payload) == INVALID_JSON


@pytest.mark.parametrize(("document", "pointer"), [({}, "/value"), ([True], "/1"), (7, "/1")])
@pytest.mark.parametrize("defect", ["invalid-utf8", "lone-surrogate", "nan-infinity"])
def test_a_document_without_strings_or_values_still_gets_its_defect(
    document: object, pointer: str, defect: str
) -> None:
    chosen = tuple(d for d in DEFECTS if d[0] == defect)
    malformed = malformed_generator(lambda src: document, chosen)(RandomSource(0))
    if defect == "nan-infinity" and document == [True]:
        pointer = "/0"  # a value to replace
    assert malformed.pointer == pointer
    assert python_verdict(malformed.payload) == malformed.kind
