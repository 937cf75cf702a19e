"""fuzz_consumer's phases: explicit (the schema's examples), coverage (deterministic, ordered,
outside the budget) and generate (Hypothesis); seeds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz import ConsumerContractError, fuzz_consumer, load_schema
from batchcalls_fuzz.consumer.explicit import Filler, explicit_cases
from batchcalls_fuzz.consumer.phases import STRESS_ITEMS, STRESS_TEXT, deterministic_cases
from batchcalls_fuzz.derive.disputed import disputed_spots
from batchcalls_fuzz.derive.invalid import select
from batchcalls_fuzz.derive.malformed import DEFECT_NAMES
from batchcalls_fuzz.derive.mutations import catalogue
from batchcalls_fuzz.derive.valid import Limits
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema
from helpers import assert_rejected_as_labelled, errors_of


def _coverage(mode: str = "bytes") -> list[Any]:
    return deterministic_cases(bundled_schema(), ("coverage",), mode, Filler(Limits()))


def test_explicit_completes_the_examples_and_labels_the_invalid_one() -> None:
    schema = bundled_schema()
    cases = explicit_cases(schema, Oracle({"jsonschema": schema.document}), Filler(Limits()))
    valid, invalid = cases
    assert valid.kind == "valid" and errors_of(valid.document) == []
    assert valid.document["status"] == "COMPLETE"
    assert valid.document["results"][0]["id"] == "512"
    # The seed's errors example lacks the required message: an invalid case, labelled.
    assert invalid.kind == "invalid" and invalid.name == "explicit:/errors"
    violation = invalid.item.violation
    assert (violation.rule, violation.pointer) == ("required", "/errors/0/errors/0")
    assert "message" in violation.message
    assert not bundled_oracle().is_valid(invalid.document, ["jsonschema"])


def test_explicit_works_for_any_schema_with_examples() -> None:
    schema = load_schema(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "name": {"type": "string", "examples": ["Ada"]},
                "age": {"type": "integer", "minimum": 0, "example": -1},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["name"],
        }
    )
    oracle = Oracle({"jsonschema": schema.document})
    valid, invalid = explicit_cases(schema, oracle, Filler(Limits()))
    assert oracle.is_valid(valid.document) and valid.document["name"] == "Ada"
    assert valid.document["age"] >= 0 and len(valid.document["tags"]) == 1
    assert invalid.document["age"] == -1
    assert (invalid.item.violation.rule, invalid.item.violation.pointer) == ("minimum", "/age")


def test_coverage_starts_with_substantive_valid_documents() -> None:
    first = _coverage()[:4]
    assert [case.kind for case in first] == ["valid"] * 3 + ["disputed"]
    assert all(errors_of(case.document) == [] for case in first[:3])
    every, required, smallest, _ = (case.document for case in first)
    assert {"requestedAt", "errors"} <= set(every) and every["results"][0]["archivedAt"]
    assert "archivedAt" not in every["results"][-1]  # items mix full and least shapes
    assert "archivedAt" not in required["results"][0] and "status" not in required["errors"][0]
    assert smallest["results"] == []
    assert first[1].argument("bytes").isascii() and required["unexpectedText"].startswith("caf")
    assert b"\\ud83d\\ude00" in first[1].argument("bytes")


def test_the_first_malformed_round_leaves_a_lax_reading_valid() -> None:
    first_round = [
        c for c in _coverage() if c.kind == "malformed" and (c.name or "").endswith(" #1")
    ]
    lax = [c for c in first_round if c.item.defect in ("nan-infinity", "control-character")]
    assert len(lax) == 2
    for case in lax:
        text = case.argument("bytes").decode("utf-8", "replace")
        assert errors_of(json.loads(text, strict=False)) == [], case.name


def test_one_document_holds_every_disputed_value_then_each_comes_alone() -> None:
    cases = _coverage()
    together = cases[3]
    assert together.entry == "disputed:several-at-once"
    singles = {c.item.case for c in cases if c.kind == "disputed"} - {"several-at-once"}
    named = {
        reason.split(" at ")[0]
        for reason in together.item.reason.split(": ")[1].split("; ")[0].split(", ")
    }
    assert len(named) >= len(singles) // 2 and named <= singles

    def rejects_leap_seconds(data: bytes) -> Any:
        if b":60" in data:
            raise ValueError("second 60")
        return data

    with pytest.raises(ConsumerContractError, match="disputed leap-second at /"):
        fuzz_consumer(
            rejects_leap_seconds, input="bytes", phases=("coverage",), kinds=("disputed",)
        )


def test_coverage_exercises_every_entry_defect_and_disputed_case() -> None:
    schema = bundled_schema()
    cases = _coverage()
    entries = {m.key for m in select(catalogue(schema.root), schema.dialect)}
    names = {case.name for case in cases}
    for anchor, rule, variant in entries:
        assert f"coverage:invalid {anchor or '/'} {rule} {variant}" in names
    assert {c.item.defect for c in cases if c.kind == "malformed"} == set(DEFECT_NAMES)
    spots = disputed_spots(schema.root)
    singles = [c for c in cases if c.kind == "disputed" and c.entry != "disputed:several-at-once"]
    assert {c.item.case for c in singles} == {s.dispute.case for s in spots}
    assert len(singles) == len(spots)
    for case in cases:
        if case.kind == "invalid":
            assert_rejected_as_labelled(case.document, case.item.violation)


def test_coverage_reaches_every_rule_and_kind_within_its_first_round() -> None:
    cases = _coverage()
    # An array item is one more place of its rule: items.type streams with type.
    rules = {c.item.violation.rule.removeprefix("items.") for c in cases if c.kind == "invalid"}
    first_round = cases[4 : 4 + len(rules) + 2]
    reached = {
        c.item.violation.rule.removeprefix("items.") for c in first_round if c.kind == "invalid"
    }
    assert reached == rules
    two_rounds = cases[4 : 4 + 2 * len(first_round)]
    assert {c.kind for c in two_rounds} == {"invalid", "malformed", "valid", "disputed"}


def test_coverage_ends_with_size_stress_documents() -> None:
    cases = _coverage()
    stress = [c for c in cases if (c.name or "").startswith("coverage:stress")]
    assert stress == cases[-len(stress) :]
    many, *texts = stress
    assert len(many.document["results"]) == STRESS_ITEMS
    for case in stress:
        assert errors_of(case.document, ("jsonschema",)) == []
    for case in texts:
        spaced = "spaces" in (case.name or "")
        text = " " * (STRESS_TEXT - 1) + "x" if spaced else "x" * STRESS_TEXT
        assert text in json.dumps(case.document)
    assert {"spaces" in (c.name or "") for c in texts} == {True, False}


def test_coverage_runs_outside_the_budget_and_the_same_every_run() -> None:
    def record(seen: list[bytes]) -> Any:
        def consumer(data: bytes) -> None:
            seen.append(data)
            raise ValueError("refuse everything")  # valid documents: the first breach

        return consumer

    runs: list[list[bytes]] = [[], []]
    for seen in runs:
        with pytest.raises(ConsumerContractError, match="coverage:every member"):
            fuzz_consumer(record(seen), input="bytes", phases=("coverage",), max_examples=1)
    assert runs[0] == runs[1] and len(runs[0]) == 1

    calls: list[bytes] = []
    fuzz_consumer(
        lambda data: calls.append(data),
        input="bytes",
        phases=("coverage",),
        kinds=("valid", "disputed"),
        max_examples=1,
    )
    assert len(calls) == len([c for c in _coverage() if c.kind in ("valid", "disputed")])


def test_a_coverage_breach_names_its_case_and_label() -> None:
    def consumer(data: bytes) -> Any:
        if b":60Z" in data or b":60+" in data or b":60-" in data:
            raise ValueError("second 60")
        return json.loads(data)

    with pytest.raises(ConsumerContractError) as failure:
        fuzz_consumer(consumer, input="bytes", phases=("coverage",), kinds=("disputed",))
    message = str(failure.value)
    assert "disputed leap-second" in message and "case 'coverage:disputed:leap-second" in message
    fuzz_consumer(
        consumer,
        input="bytes",
        phases=("coverage",),
        kinds=("disputed",),
        tolerate={"disputed:leap-second"},
    )


def test_generate_alone_spends_the_budget() -> None:
    calls: list[Any] = []
    fuzz_consumer(
        lambda body: calls.append(body), kinds=("valid",), phases=("generate",), max_examples=15
    )
    assert 1 <= len(calls) <= 15


@pytest.mark.parametrize("phases", [("nope",), (), "explicitly"])
def test_unknown_phases_are_invalid_argument(phases: Any) -> None:
    with pytest.raises(InvalidArgument):
        fuzz_consumer(lambda body: body, phases=phases)


def test_without_a_seed_the_failure_prints_one_that_replays_it() -> None:
    # A small schema: the failure is shrunk, and shrinking takes long on big documents.
    small = load_schema(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"n": {"type": "integer"}},
        }
    )

    def consumer(body: Any) -> None:
        if body.get("n", 0) > 10:
            raise ValueError("no")

    def first_failure(**options: Any) -> str:
        with pytest.raises(ConsumerContractError) as failure:
            fuzz_consumer(consumer, kinds=("valid",), phases=("generate",), schema=small, **options)
        return str(failure.value)

    settings.register_profile(
        "random-for-this-test", settings.default, derandomize=False, database=None
    )
    previous = settings.default
    settings.load_profile("random-for-this-test")
    try:
        message = first_failure()
    finally:
        settings.register_profile("restored-after-test", previous)
        settings.load_profile("restored-after-test")
    seed = int(message.split("replay: seed=")[1].split()[0])
    assert first_failure(seed=seed) == message
    assert "derandomized" in first_failure()  # the suite's ci profile derandomizes
