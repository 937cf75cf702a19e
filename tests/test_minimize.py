"""``corpus --minimize``: which features an input counts for, and that the kept set covers every
feature of the full set with no input that adds none."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from batchcalls_fuzz import load_schema
from batchcalls_fuzz.export.minimize import feature_set, minimize
from batchcalls_fuzz.export.spec import Entry
from batchcalls_fuzz.export.stats import features, place_of, shape_at, skeleton
from batchcalls_fuzz.strategies import bundled_schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
MAP_SCHEMA = load_schema(
    {
        "$schema": DRAFT,
        "type": "object",
        "properties": {
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "rows": {"type": "array", "items": {"type": "string", "format": "date-time"}},
        },
    }
)


def invalid(document: Any, pointer: str, rule: str, variant: str) -> Entry:
    label = {"rule": rule, "pointer": pointer, "variant": variant}
    return Entry("invalid", json.dumps(document).encode(), {"kind": "invalid", "label": label})


def test_a_place_generalises_map_keys_and_array_indices() -> None:
    root = MAP_SCHEMA.root
    assert place_of(root, "/counts/alpha") == place_of(root, "/counts/beta") == "/counts/*"
    assert place_of(root, "/rows/7") == "/rows/*"
    first = invalid({"counts": {"alpha": "x"}}, "/counts/alpha", "type", "string")
    second = invalid({"counts": {"beta": "y"}}, "/counts/beta", "type", "string")
    assert feature_set(root, first) == feature_set(root, second)
    assert len(minimize(root, [first, second])) == 1


def test_every_place_and_variant_pair_is_kept() -> None:
    root = MAP_SCHEMA.root
    document = {"rows": ["x", "x"], "counts": {"a": "x"}}
    made = [
        invalid(document, "/rows/0", "format.date-time", "empty"),
        invalid(document, "/counts/a", "format.date-time", "empty"),
        invalid(document, "/rows/0", "format.date-time", "day-32"),
        invalid(document, "/rows/1", "format.date-time", "day-32"),
    ]
    kept = minimize(root, made)
    assert len(kept) == 3
    covered = set().union(*(feature_set(root, entry) for entry in kept))
    assert covered == set().union(*(feature_set(root, entry) for entry in made))


def test_the_shape_of_the_breaking_value_is_a_feature() -> None:
    document = {"rows": ["2002-02-16T07:44:57.Z", "3380-10-15t23:31:11.+23:35", 5]}
    assert shape_at(document, "/rows/0") == "string 9999-99-99A99:99:99.A"
    assert shape_at(document, "/rows/1") == "string 9999-99-99a99:99:99.+99:99"
    assert shape_at(document, "/rows/2") == "integer"
    assert shape_at(document, "/rows/3") == "absent"
    root = MAP_SCHEMA.root
    made = [invalid(document, f"/rows/{i}", "format.date-time", "empty-fraction") for i in (0, 1)]
    assert len(minimize(root, made)) == 2


@given(st.text(max_size=30), st.integers(1, 30))
def test_a_skeleton_keeps_digit_runs_and_letter_case_but_not_the_values(
    text: str, length: int
) -> None:
    other_digits = str.maketrans("0123456789", "5555555555")
    other_letters = str.maketrans(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "q" * 26 + "Q" * 26
    )
    assert skeleton(text) == skeleton(text.translate(other_digits).translate(other_letters))
    assert skeleton("7" * length) == "9" * min(length, 16) + ("+" if length > 16 else "")
    assert skeleton("x" * length) == "a" and skeleton("X" * length) == "A"


def valid(document: Any) -> Entry:
    return Entry("valid", json.dumps(document).encode(), {"kind": "valid"})


def test_a_valid_input_counts_for_its_date_time_shapes_and_free_form_types() -> None:
    root = bundled_schema().root
    document = {
        "status": "COMPLETE",
        "results": [],
        "requestedAt": "2024-01-01T00:00:00Z",
        "startedAt": "2024-01-01t00:00:00.123+01:00",
        "completedAt": "2024-01-01T00:00:00Z",
        "errors": [{"status": "s", "category": "c", "message": "m", "context": {"a": [], "b": 1}}],
    }
    found = feature_set(root, valid(document))
    assert ("format", "date-time", "9999-99-99A99:99:99A") in found
    assert ("format", "date-time", "9999-99-99a99:99:99.999+99:99") in found
    assert ("free-form", "/errors/*/context", "{array}") in found
    assert ("free-form", "/errors/*/context", "{integer}") in found
    empty = {**document, "errors": [{**document["errors"][0], "context": {}}]}
    assert ("free-form", "/errors/*/context", "{}") in feature_set(root, valid(empty))
    # Two inputs that differ only in a date-time's form are both kept.
    fraction = "2024-01-01T00:00:00.5Z"
    other = {**document, "requestedAt": fraction, "completedAt": fraction}
    assert len(minimize(root, [valid(document), valid(other)])) == 2


def test_a_defect_counts_for_the_kind_of_value_it_sits_in() -> None:
    root = bundled_schema().root
    label = {"defect": "lone-surrogate", "kind": "json-edge", "pointer": "/startedAt"}
    payload = b'{"status": "COMPLETE", "startedAt": "2024-01-01\\ud800T00:00:00Z"}'
    found = set(features(root, "malformed", label, payload))
    assert ("defect in", "lone-surrogate (json-edge)", "string date-time") in found
    assert ("defect shape", "lone-surrogate (json-edge)", "string 9999-99-99uA99:99:99A") in found
    elsewhere = {**label, "pointer": "/status"}
    assert ("defect in", "lone-surrogate (json-edge)", "enum") in set(
        features(root, "malformed", elsewhere, payload)
    )
    unreadable = {"defect": "truncated", "kind": "invalid-json", "pointer": "/status"}
    assert ("defect shape", "truncated (invalid-json)", "absent") not in set(
        features(root, "malformed", unreadable, b'{"status": ')
    )


def test_one_defect_in_two_encodings_keeps_both() -> None:
    text = '{"status": "COMPLETE"}'
    label = {"defect": "utf16", "kind": "invalid-json"}
    made = [Entry("malformed", text.encode(encoding), {"kind": "malformed", "label": label})
            for encoding in ("utf-16-le", "utf-16-be", "utf-16")]  # fmt: skip
    root = bundled_schema().root
    assert len(minimize(root, made)) == 3
    assert len(minimize(root, made + made)) == 3


_PLACES = ("/rows/0", "/rows/1", "/counts/a", "/counts/b", "/rows")
_VALUES = ("x", "2024-01-01", "1.5", 5, None)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    if draw(st.booleans()):
        value = draw(st.sampled_from(_VALUES))
        pointer = draw(st.sampled_from(_PLACES))
        document: dict[str, Any] = {"rows": [value, value], "counts": {"a": value, "b": value}}
        rule = draw(st.sampled_from(("type", "format.date-time")))
        return invalid(document, pointer, rule, draw(st.sampled_from(("p", "q", "r"))))
    opening = draw(st.sampled_from((b"", b"\xef\xbb\xbf", b"\x00", b"\xff\xfe")))
    label = {"defect": draw(st.sampled_from(("truncated", "utf16"))), "kind": "invalid-json"}
    return Entry("malformed", opening + b"{", {"kind": "malformed", "label": label})


@given(st.lists(entries(), max_size=25))
def test_the_kept_set_covers_every_feature_and_each_kept_input_adds_one(
    made: list[Entry],
) -> None:
    root = MAP_SCHEMA.root
    kept = minimize(root, made)
    assert all(any(entry is other for other in made) for entry in kept)
    every = set().union(*(feature_set(root, entry) for entry in made))
    assert set().union(*(feature_set(root, entry) for entry in kept)) == every
    for entry in kept:
        others = set().union(*(feature_set(root, other) for other in kept if other is not entry))
        assert feature_set(root, entry) - others or not others, "a kept input adds nothing"


def test_features_of_an_encoded_input_need_no_document() -> None:
    label = {"rule": "type", "pointer": "/rows/0", "variant": "integer"}
    found = set(features(MAP_SCHEMA.root, "invalid", label, None))
    assert ("rule", "type", "/rows/*", "integer") in found
    assert not any(feature[0] == "shape" for feature in found)
