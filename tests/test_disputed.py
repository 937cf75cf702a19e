"""Disputed documents: valid by the schema and the RFCs; each label says truly which of the
oracle's validators rejects it, the same facts that ``batchcalls-fuzz diff`` reports."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import given, settings

from batchcalls_fuzz.derive.disputed import (
    CASE_NAMES,
    DATE_TIME_DISPUTES,
    JSONSCHEMA,
    MEMBER_DISPUTES,
    NUMBER_DISPUTES,
    STRUCTURE,
    TEXT_DISPUTES,
    TEXT_VALUE,
    Disputed,
    disputed_cases,
    disputed_generator,
)
from batchcalls_fuzz.derive.source import RandomSource
from batchcalls_fuzz.derive.valid import Limits
from batchcalls_fuzz.judge.disagreements import (
    DATE_TIME_PROBES,
    KEY_PROBES,
    probe_base,
    rfc3339_date_time,
    search,
)
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.schema import load_schema
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.serialize import to_bytes
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema, disputed_responses
from conftest import scaled

VALIDATORS = (JSONSCHEMA, STRUCTURE)


def assert_label_is_true(disputed: Disputed, oracle: Oracle | None = None) -> None:
    """The validators named in ``disputed_by`` reject the document, the others accept it; the
    disputed value sits at the pointer; the bytes are the document."""
    verdicts = (oracle or bundled_oracle()).check(disputed.document)
    rejecting = {dialect for dialect, verdict in verdicts.items() if not verdict.valid}
    named = {who for who in disputed.disputed_by if who in VALIDATORS} & set(verdicts)
    assert rejecting == named, (disputed.name, disputed.pointer, rejecting)
    assert json.loads(disputed.to_bytes()) == disputed.document
    value = jp.resolve(disputed.document, disputed.pointer)
    text_of = {d.case: d.text for d in (*DATE_TIME_DISPUTES, *NUMBER_DISPUTES)}
    if disputed.case in text_of and disputed.case in {d.case for d in DATE_TIME_DISPUTES}:
        assert value == text_of[disputed.case]
        assert rfc3339_date_time(value), value
    elif disputed.case in text_of:
        assert disputed.payload is not None
        assert text_of[disputed.case].encode() in disputed.payload
        assert value == json.loads(text_of[disputed.case])
    elif disputed.case in {d.case for d in TEXT_DISPUTES}:
        assert value == TEXT_VALUE
        assert disputed.payload is not None
        assert disputed.payload != to_bytes(disputed.document)  # another text, same document
    else:
        key = jp.tokens(disputed.pointer)[-1]
        assert disputed.case == f"key-{key}"


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
def test_every_disputed_case_is_labelled_truly_at_every_place(dialect: str) -> None:
    cases = disputed_cases(bundled_schema(dialect).root, dialect)
    for disputed in cases:
        assert_label_is_true(disputed)
    assert {d.case for d in cases} == set(CASE_NAMES)
    date_places = {jp.pattern_of(d.pointer) for d in cases if d.case == "leap-second"}
    assert date_places == {
        "/requestedAt", "/startedAt", "/completedAt",
        "/results/*/createdAt", "/results/*/updatedAt", "/results/*/archivedAt",
    }  # fmt: skip
    key_places = {jp.parent(jp.pattern_of(d.pointer)) for d in cases if d.case == "key-$uses"}
    assert {"", "/results/*", "/results/*/properties", "/errors/*/errors/*/context"} <= key_places


def test_the_disputed_cases_are_the_same_on_every_call() -> None:
    root = bundled_schema().root
    first, second = disputed_cases(root, "jsonschema"), disputed_cases(root, "jsonschema")
    assert [(d.name, d.pointer, d.to_bytes()) for d in first] == [
        (d.name, d.pointer, d.to_bytes()) for d in second
    ]


def test_diff_probes_the_same_table_and_reports_what_the_labels_say() -> None:
    assert {d.text for d in DATE_TIME_DISPUTES} <= set(DATE_TIME_PROBES)
    assert {(d.key, json.dumps(d.value)) for d in MEMBER_DISPUTES} <= {
        (k, json.dumps(v)) for k, v in KEY_PROBES
    }
    oracle = bundled_oracle()
    found = search(oracle, probe_base(bundled_schema().root), examples=1)
    for dispute in DATE_TIME_DISPUTES:
        rows = [r for r in found if r.value == repr(dispute.text)]
        named = {who for who in dispute.disputed_by if who in VALIDATORS}
        # diff lists exactly the disputed values that a validator rejects, with that verdict.
        assert bool(rows) == bool(named), dispute.case
        for row in rows:
            assert {d for d, ok in row.verdicts.items() if not ok} == named
            assert row.rfc3339 is True
    for member in MEMBER_DISPUTES:
        rows = [r for r in found if r.where == f"member {member.key!r}"]
        rows = [r for r in rows if r.value == repr(member.value)]
        named = {who for who in member.disputed_by if who in VALIDATORS}
        assert bool(rows) == bool(named), member.case
        for row in rows:
            assert {d for d, ok in row.verdicts.items() if not ok} == named


def test_what_the_cases_say_about_python_holds_here() -> None:
    """The leap second and a lowercase z defeat datetime.fromisoformat; the extreme offsets
    parse but overflow when converted to UTC."""
    by_case = {d.case: d for d in DATE_TIME_DISPUTES}
    for case in ("leap-second", "lowercase-z"):
        with pytest.raises(ValueError):
            datetime.datetime.fromisoformat(by_case[case].text)
    for case in ("year-0001-extreme-offset", "year-9999-extreme-offset"):
        parsed = datetime.datetime.fromisoformat(by_case[case].text)
        with pytest.raises(OverflowError):
            parsed.astimezone(datetime.timezone.utc)
    assert float(json.loads("9007199254740993")) == 2**53


def test_text_forms_write_the_same_document_another_way() -> None:
    cases = disputed_cases(bundled_schema().root, "jsonschema")
    forms = {d.case: d.to_bytes() for d in cases if d.case in {t.case for t in TEXT_DISPUTES}}
    assert set(forms) == {"escaped-non-ascii", "whitespace-everywhere", "escaped-solidus"}
    assert b"\\ud83d\\udcde" in forms["escaped-non-ascii"]  # a surrogate pair
    assert forms["escaped-non-ascii"].isascii()
    assert b"\r\n\t" in forms["whitespace-everywhere"]
    assert b"a\\/b" in forms["escaped-solidus"]


@settings(max_examples=scaled(100))
@given(disputed_responses(max_results=3))
def test_drawn_disputed_documents_keep_their_labels(disputed: Disputed) -> None:
    assert disputed.case in CASE_NAMES
    assert disputed.name == f"disputed:{disputed.case}"
    assert_label_is_true(disputed)
    assert disputed.to_dict()["kind"] == "disputed"


def test_the_bulk_generator_draws_every_case() -> None:
    generate = disputed_generator(bundled_schema().root, "jsonschema", Limits(max_items=2))
    seen = {generate(RandomSource(seed)).case for seed in range(400)}
    assert seen == set(CASE_NAMES)


OTHER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "at": {"type": "string", "format": "date-time"},
        "count": {"type": "integer", "minimum": 0},
        "ratio": {"type": "number", "minimum": -1, "maximum": 1},
        "meta": {"type": "object"},
        "items": {"type": "array", "items": {"type": "number"}},
    },
    "required": ["at", "count"],
    "additionalProperties": False,
}


def test_places_come_from_the_model_of_any_schema() -> None:
    oracle = Oracle({"jsonschema": OTHER_SCHEMA})
    cases = disputed_cases(load_schema(OTHER_SCHEMA).root, "jsonschema")
    for disputed in cases:
        assert_label_is_true(disputed, oracle)
    places = {(d.case, jp.pattern_of(d.pointer)) for d in cases}
    assert ("leap-second", "/at") in places
    assert ("key-__proto__", "/meta/__proto__") in places
    assert ("integer-2^64", "/count") in places
    assert ("integer-2^64", "/items/*") in places
    assert ("minus-zero", "/ratio") in places
    assert not any(p == "/ratio" and c.startswith("integer-2^") for c, p in places)
    assert not any(p.startswith("/__proto__") for _, p in places)  # the root is closed


def test_a_schema_without_such_places_has_no_disputed_cases() -> None:
    closed = load_schema(
        {"type": "object", "properties": {"a": {"type": "boolean"}}, "additionalProperties": False},
        "jsonschema",
    )
    assert disputed_cases(closed.root, "jsonschema") == []
    with pytest.raises(ValueError, match="no date-time"):
        disputed_generator(closed.root, "jsonschema", Limits())
