"""Realistic and adversarial profiles: still valid, and true to what they promise."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz.derive import Limits, bulk
from batchcalls_fuzz.derive.invalid import Invalid
from batchcalls_fuzz.strategies import (
    AdversarialSizes,
    bundled_schema,
    invalid_responses,
    resolve_profile,
    valid_responses,
)
from batchcalls_fuzz.strategies import hubspot_data as data
from conftest import scaled
from helpers import assert_rejected_as_labelled, errors_of

SMALL = AdversarialSizes(results=30, text=2_000, map_keys=60, depth=50)


def assert_realistic(document: dict[str, Any]) -> None:
    """Every invariant the realistic profile promises."""
    times = [document[n] for n in ("requestedAt", "startedAt", "completedAt") if n in document]
    assert times == sorted(times)
    ids = [r["id"] for r in document["results"]]
    assert len(ids) == len(set(ids)) and all(i.isdigit() for i in ids)
    for result in document["results"]:
        properties = result["properties"]
        assert properties["hs_object_id"] == result["id"]
        assert properties["hs_call_direction"] in data.CALL_DIRECTIONS
        assert properties["hs_call_status"] in data.CALL_STATUSES
        assert all(v is None or isinstance(v, str) for v in properties.values())
        assert result["createdAt"] <= result["updatedAt"]
        assert ("archivedAt" in result) == (result["archived"] is True)
        if "archivedAt" in result:
            assert result["archivedAt"] >= result["createdAt"]
        for name, entries in result.get("propertiesWithHistory", {}).items():
            newest = max(entries, key=lambda e: e["timestamp"])
            assert newest["value"] == properties[name]
            assert {"value", "timestamp", "sourceType"} <= set(newest)
    for error in document.get("errors", []):
        if "category" in error:
            assert error["category"] in data.ERROR_CATEGORIES
        if "context" in error:
            assert all(isinstance(v, list) for v in error["context"].values())
            assert not set(error["context"].get("id", [])) & set(ids)
    if "numErrors" in document:
        assert document["numErrors"] == len(document["errors"])


@settings(max_examples=scaled(300))
@given(valid_responses(profile="realistic"))
def test_realistic_documents_are_valid_and_keep_every_invariant(document: Any) -> None:
    assert errors_of(document) == []
    assert_realistic(document)


@settings(max_examples=scaled(300))
@given(valid_responses("structure", profile="realistic"))
def test_realistic_structure_documents_are_valid(document: Any) -> None:
    assert errors_of(document) == []
    assert_realistic(document)


def test_a_fixed_seed_sample_covers_every_direction_status_and_disposition() -> None:
    root = bundled_schema().root
    generate = resolve_profile("realistic", root).compile(root, Limits())
    seen: Counter[str] = Counter()
    for document in bulk.draw_many(generate, 11, 1000):
        assert_realistic(document)
        for result in document["results"]:
            properties = result["properties"]
            names = ("hs_call_direction", "hs_call_status", "hs_call_disposition")
            seen.update(properties[name] for name in names)
    expected = (
        set(data.CALL_DIRECTIONS)
        | set(data.CALL_STATUSES)
        | set(data.DEFAULT_DISPOSITIONS.values())
    )
    assert expected <= set(seen)


@settings(max_examples=scaled(300))
@given(invalid_responses(profile="realistic"))
def test_an_invalid_realistic_document_is_a_realistic_one_with_one_violation(
    invalid: Invalid,
) -> None:
    assert_rejected_as_labelled(invalid.document, invalid.violation)
    assert errors_of(invalid.original) == []
    assert_realistic(invalid.original)


@settings(max_examples=scaled(50))
@given(valid_responses(profile="adversarial", adversarial=SMALL))
def test_adversarial_documents_are_valid(document: Any) -> None:
    assert errors_of(document) == []
    assert len(document["results"]) >= SMALL.results


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def test_adversarial_documents_stress_every_edge() -> None:
    root = bundled_schema().root
    generate = resolve_profile("adversarial", root).compile(root, Limits())
    documents = list(bulk.draw_many(generate, 5, 1))
    for document in documents:
        assert errors_of(document) == []
        assert len(document["results"]) >= 1000
    text = "".join(json.dumps(d, ensure_ascii=False) for d in documents)
    for piece in ("\U0001f600", "\u202e", "\u0301", "\\u0000", "0001-", "9999-", "+23:59"):
        assert piece in text, piece
    assert str(2**63 - 1) in text and "1.7976931348623157e+308" in text
    longest_id = max((r["id"] for d in documents for r in d["results"]), key=len)
    assert len(longest_id) >= 5000
    maps = [r["properties"] for d in documents for r in d["results"]]
    assert max(len(m) for m in maps) >= 300
    assert max(_depth(m) for m in maps) >= 50


def test_overrides_replace_a_member_and_the_oracle_still_holds() -> None:
    titles = st.fixed_dictionaries({"hs_call_title": st.sampled_from(["A", "B"])})

    @settings(max_examples=50)
    @given(valid_responses(profile="realistic", overrides={"/results/*/properties": titles}))
    def check(document: Any) -> None:
        assert errors_of(document) == []
        for result in document["results"]:
            assert result["properties"] in ({"hs_call_title": "A"}, {"hs_call_title": "B"})

    check()


def test_a_portal_can_add_its_own_call_properties() -> None:
    extra = {"acme_call_score": st.integers(0, 10).map(str)}

    @settings(max_examples=50)
    @given(valid_responses(profile="realistic", extra_call_properties=extra))
    def check(document: Any) -> None:
        assert errors_of(document) == []
        assert_realistic(document)
        for result in document["results"]:
            assert result["properties"]["acme_call_score"].isdigit()

    check()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"profile": "nope"},
        {"overrides": {"/results/*/nope": st.none()}},
        {"overrides": {"/status": "COMPLETE"}},
        {"extra_call_properties": {"x": st.none()}},
    ],
)
def test_bad_profile_arguments_raise_invalid_argument(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        valid_responses(**kwargs)


def test_adversarial_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="results"):
        AdversarialSizes(results=-1)


def test_the_hubspot_client_example_runs_where_the_client_is_installed() -> None:
    pytest.importorskip("hubspot")
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parent.parent / "examples" / "hubspot_client.py"
    result = subprocess.run(
        [sys.executable, str(script), "--count", "30"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "  realistic            {'accepted': 30}\n" in result.stdout
