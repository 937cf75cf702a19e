"""The HTTP endpoint's response plan: determinism by seed and sequence number, the mix, labels
true to the oracle, queued cases and HubSpot's answers to bad requests."""

from __future__ import annotations

import gzip
import json
import random
import zlib
from collections import Counter
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchcalls_fuzz.consumer.http.answer import CUT, DRIP, WHOLE
from batchcalls_fuzz.consumer.http.endpoint import Endpoint
from batchcalls_fuzz.consumer.http.faults import FAULTS
from batchcalls_fuzz.consumer.http.mix import Mix
from batchcalls_fuzz.consumer.http.plan import Chosen, ResponsePlan
from batchcalls_fuzz.consumer.http.routes import ROUTE_PREFIX, ROUTES
from batchcalls_fuzz.derive.malformed import DEFECT_NAMES
from batchcalls_fuzz.errors import BatchCallsFuzzError
from batchcalls_fuzz.judge.labels import label_problems, python_json_kind
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema, resolve_profile
from conftest import scaled

SEEDS = st.integers(0, 2**32)
SEQS = st.integers(0, 10_000)
ROUTE = st.sampled_from(ROUTES)
READ_INPUT = json.dumps({"inputs": [{"id": "512"}]}).encode()


@cache
def plan(seed: int = 0, mix: str = "valid=6,invalid=2,malformed=1,fault=1") -> ResponsePlan:
    return ResponsePlan(bundled_schema(), seed=seed, mix=Mix.parse(mix))


def body_document(answer: Any) -> Any:
    return json.loads(answer.body)


@settings(max_examples=scaled(60))
@given(SEEDS, SEQS, ROUTE)
def test_an_answer_depends_on_seed_and_sequence_number_only(
    seed: int, seq: int, route: str
) -> None:
    first = plan(seed).answer(seq, route)
    again = ResponsePlan(bundled_schema(), seed=seed).answer(seq, route)
    assert (first.status, first.headers, first.body, first.label, first.delivery) == (
        again.status,
        again.headers,
        again.body,
        again.label,
        again.delivery,
    )


def test_same_requests_same_answers_in_order() -> None:
    def serve(seed: int) -> list[tuple[int, bytes, str]]:
        endpoint = Endpoint(ResponsePlan(bundled_schema(), seed=seed))
        answers = []
        for route in ["read", "create", "update", "upsert"] * 5:
            answer = endpoint.respond("POST", ROUTE_PREFIX + route, route_input(route))
            answers.append((answer.status, answer.body, json.dumps(answer.label)))
        return answers

    assert serve(3) == serve(3)
    assert serve(3) != serve(4)


def route_input(route: str) -> bytes:
    item: dict[str, Any] = {} if route == "create" else {"id": "512"}
    if route != "read":
        item["properties"] = {"hs_call_title": "x"}
    return json.dumps({"inputs": [item]}).encode()


def test_the_mix_sets_the_share_of_each_kind() -> None:
    chance = random.Random(0)
    counts = Counter(Mix(6, 2, 1, 1).pick(chance) for _ in range(20_000))
    for kind, share in {"valid": 0.6, "invalid": 0.2, "malformed": 0.1, "fault": 0.1}.items():
        assert abs(counts[kind] / 20_000 - share) < 0.015, counts
    served = Counter(plan(5).answer(seq, "read").label["kind"] for seq in range(200))
    assert set(served) == {"valid", "invalid", "malformed", "fault"}
    assert served["valid"] > served["invalid"] > served["fault"] > 0, served


@pytest.mark.parametrize("kind", ["valid", "invalid", "malformed", "fault"])
def test_a_mix_of_one_kind_serves_only_it(kind: str) -> None:
    only = plan(1, f"{kind}=1")
    assert {only.answer(seq, "read").label["kind"] for seq in range(30)} == {kind}


@settings(max_examples=scaled(40))
@given(SEEDS, SEQS, ROUTE)
def test_valid_answers_validate_with_the_route_status(seed: int, seq: int, route: str) -> None:
    answer = plan(seed, "valid=1").answer(seq, route)
    document = body_document(answer)
    assert bundled_oracle().is_valid(document)
    if answer.label["variant"] == "multi-status":
        assert answer.status == 207
        assert document["errors"] and document["numErrors"] == len(document["errors"])
    else:
        assert answer.status == (201 if route == "create" else 200)
    assert dict(answer.headers)["Content-Type"] == "application/json;charset=utf-8"


def test_the_207_variant_is_served_and_can_be_asked_for() -> None:
    variants = Counter(plan(2, "valid=1").answer(seq, "read").label["variant"] for seq in range(80))
    assert variants["multi-status"] > 0 and variants["success"] > 0
    answer = plan(2).answer(0, "read", Chosen.of("valid", multi_status=True))
    assert answer.status == 207 and bundled_oracle().is_valid(body_document(answer))


@settings(max_examples=scaled(60))
@given(SEEDS, SEQS)
def test_invalid_answers_are_rejected_at_the_labelled_place(seed: int, seq: int) -> None:
    answer = plan(seed, "invalid=1").answer(seq, "read")
    label = answer.label
    assert label["kind"] == "invalid"
    assert not label_problems(bundled_oracle(), body_document(answer), label)


@settings(max_examples=scaled(40))
@given(SEEDS, SEQS)
def test_malformed_answers_are_what_their_label_says(seed: int, seq: int) -> None:
    answer = plan(seed, "malformed=1").answer(seq, "read")
    assert answer.label["defect"] in DEFECT_NAMES
    assert python_json_kind(answer.body) == answer.label["defect_kind"]


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_is_served_as_labelled(fault: str) -> None:
    answer = plan(0).answer(9, "create", Chosen.of(fault=fault))
    headers = dict(answer.headers)
    assert answer.label == {"kind": "fault", "fault": fault}
    if fault in ("429", "500", "502", "503"):
        assert answer.status == int(fault)
    else:
        assert answer.status == (200 if fault == "empty-200" else 201)
    if fault == "429":
        assert int(headers["Retry-After"]) > 0
        assert json.loads(answer.body)["category"] == "RATE_LIMITS"
    assert answer.delivery == {"cut": CUT, "drip": DRIP}.get(fault, WHOLE)
    if fault == "gzip":
        assert bundled_oracle().is_valid(json.loads(gzip.decompress(answer.body)))
    if fault == "gzip-corrupt":
        with pytest.raises((OSError, EOFError, zlib.error)):
            gzip.decompress(answer.body)
    if fault == "content-type-missing":
        assert "Content-Type" not in headers
    if fault == "content-type-wrong":
        assert not headers["Content-Type"].startswith("application/json")
    if fault == "empty-200":
        assert answer.body == b""


def test_queued_cases_come_first_in_order_then_the_mix() -> None:
    endpoint = Endpoint(plan(0, "valid=1"))
    endpoint.queue(kind="invalid", rule="required", pointer="/results/*/id")
    endpoint.queue(fault="429")
    endpoint.queue(kind="malformed", defect="truncated")
    path = ROUTE_PREFIX + "read"
    labels = [endpoint.respond("POST", path, READ_INPUT).label for _ in range(4)]
    assert labels[0]["rule"] == "required" and labels[0]["pointer"].endswith("/id")
    assert labels[0]["pointer"].startswith("/results/")
    assert labels[1] == {"kind": "fault", "fault": "429"}
    assert labels[2]["defect"] == "truncated"
    assert labels[3]["kind"] == "valid"
    assert [r["seq"] for r in endpoint.served] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"kind": "nonsense"}, "kind="),
        ({"kind": "valid", "rule": "required"}, "rule and pointer"),
        ({"fault": "418"}, "fault="),
        ({"kind": "malformed", "defect": "nope"}, "defect="),
        ({"kind": "invalid", "rule": "no-such-rule"}, "no mutation"),
        ({"kind": "invalid", "multi_status": True}, "multi_status"),
    ],
)
def test_a_case_that_cannot_be_served_is_refused_when_queued(
    details: dict[str, Any], message: str
) -> None:
    with pytest.raises(BatchCallsFuzzError, match=message):
        Endpoint(plan(0)).queue(**details)


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "category"),
    [
        ("POST", "/crm/v3/objects/calls/batch/delete-all", READ_INPUT, 404, "OBJECT_NOT_FOUND"),
        ("POST", "/crm/v3/objects/contacts/batch/read", READ_INPUT, 404, "OBJECT_NOT_FOUND"),
        ("GET", ROUTE_PREFIX + "read", b"", 405, "VALIDATION_ERROR"),
        ("POST", ROUTE_PREFIX + "read", b"not json", 400, "VALIDATION_ERROR"),
        ("POST", ROUTE_PREFIX + "read", b'{"inputs": [{"id": 512}]}', 400, "VALIDATION_ERROR"),
        ("POST", ROUTE_PREFIX + "create", b'{"inputs": [{}]}', 400, "VALIDATION_ERROR"),
        ("POST", ROUTE_PREFIX + "update", b"[]", 400, "VALIDATION_ERROR"),
    ],
)
def test_bad_requests_get_hubspots_error_body(
    method: str, path: str, body: bytes, status: int, category: str
) -> None:
    endpoint = Endpoint(plan(0))
    endpoint.queue(fault="500")  # a queued case waits for a well-formed request
    answer = endpoint.respond(method, path, body)
    error = json.loads(answer.body)
    assert answer.status == status
    assert error["status"] == "error" and error["category"] == category
    assert error["message"] and len(error["correlationId"]) == 36
    assert answer.label["kind"] == "bad-request"
    assert endpoint.respond("POST", ROUTE_PREFIX + "read", READ_INPUT).label["kind"] == "fault"


def test_profiles_shape_the_valid_answers() -> None:
    schema = bundled_schema()
    realistic = ResponsePlan(
        schema, profile=resolve_profile("realistic", schema.root), seed=1, mix=Mix(1, 0, 0, 0)
    )
    for seq in range(10):
        document = body_document(realistic.answer(seq, "read"))
        assert bundled_oracle().is_valid(document)
        assert all("hs_object_id" in r["properties"] for r in document["results"])


@pytest.mark.parametrize(
    "text",
    [
        "valid=-1",
        "valid",
        "valid=1,bogus=2",
        "valid=0,invalid=0",
        "valid=1.5",
        "",
        "valid=1,valid=2",
    ],
)
def test_a_bad_mix_is_refused(text: str) -> None:
    with pytest.raises(BatchCallsFuzzError):
        Mix.parse(text)


def test_mix_text_round_trips() -> None:
    assert Mix.parse("valid=3,fault=2") == Mix(3, 0, 0, 2)
    assert Mix.parse(str(Mix(1, 2, 3, 4))) == Mix(1, 2, 3, 4)
