"""Valid documents: the oracle accepts every one, and together they reach the whole valid space."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz.derive import RandomSource, compile_valid
from batchcalls_fuzz.derive.datetimes import datetime_text
from batchcalls_fuzz.derive.source import as_strategy
from batchcalls_fuzz.schema.ir import EnumNode, ObjectNode, walk
from batchcalls_fuzz.schema.pointer import values_at
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema, valid_responses
from conftest import scaled
from helpers import errors_of

RFC3339 = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})T(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})"
    r"(?:\.\d{1,9})?(?:Z|[+-](?P<oh>\d{2}):(?P<om>\d{2}))",
    re.ASCII,
)


@settings(max_examples=scaled(1000))
@given(valid_responses("jsonschema"))
def test_jsonschema_documents_pass_both_validators(document: Any) -> None:
    assert errors_of(document) == []


@settings(max_examples=scaled(1000))
@given(valid_responses("structure"))
def test_structure_documents_pass_both_validators(document: Any) -> None:
    assert errors_of(document) == []


@settings(max_examples=scaled(1000))
@given(as_strategy(datetime_text))
def test_generated_date_times_are_rfc3339_and_both_validators_agree(text: str) -> None:
    import datetime

    found = RFC3339.fullmatch(text)
    assert found, text
    year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    datetime.date(year, month, day)  # raises for an impossible date
    assert int(found["H"]) < 24 and int(found["M"]) < 60 and int(found["S"]) < 60
    assert found["oh"] is None or (int(found["oh"]) < 24 and int(found["om"]) < 60)
    assert (
        errors_of({"status": "COMPLETE", "results": [], "startedAt": text, "completedAt": text})
        == []
    )


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
def test_bulk_documents_pass_both_validators(dialect: str) -> None:
    generate = compile_valid(bundled_schema(dialect).root)
    for index in range(500):
        document = generate(RandomSource(f"3:{index}"))
        assert errors_of(document) == [], index


def _sample(count: int = 2000) -> list[Any]:
    generate = compile_valid(bundled_schema("jsonschema").root)
    return [generate(RandomSource(f"2024:{i}")) for i in range(count)]


def _optional_members() -> list[tuple[str, str]]:
    """(object path, member) for every optional member of the bundled schema."""
    return [
        (node.path, name)
        for node in walk(bundled_schema("jsonschema").root)
        if isinstance(node, ObjectNode)
        for name in node.properties
        if name not in node.required
    ]


def _objects_at(document: Any, path: str) -> list[Any]:
    return [v for v in values_at(document, path) if isinstance(v, dict)]


def test_a_fixed_seed_sample_of_2000_covers_the_valid_space() -> None:
    sample = _sample()
    statuses = Counter(d["status"] for d in sample)
    status_node = next(
        n for n in walk(bundled_schema("jsonschema").root) if isinstance(n, EnumNode)
    )
    assert set(statuses) == set(status_node.values)
    for path, name in _optional_members():
        seen = [name in obj for doc in sample for obj in _objects_at(doc, path)]
        assert any(seen) and not all(seen), (path, name)
    lengths = Counter(len(d["results"]) for d in sample)
    assert lengths[0] > 0 and lengths[1] > 0 and sum(v for k, v in lengths.items() if k >= 5) > 0
    declared_root = set(bundled_schema("jsonschema").root.properties)  # type: ignore[attr-defined]
    assert any(set(d) - declared_root for d in sample)
    result_members = {
        "id",
        "properties",
        "propertiesWithHistory",
        "createdAt",
        "updatedAt",
        "archived",
        "archivedAt",
    }
    assert any(set(r) - result_members for d in sample for r in d["results"])
    value_types = {
        type(v).__name__ for d in sample for r in d["results"] for v in r["properties"].values()
    }
    assert value_types == {"NoneType", "bool", "int", "float", "str", "list", "dict"}


CORNERS = {
    "5+ results": lambda d: len(d["results"]) >= 5,
    "year 9999": lambda d: any(r.get("archivedAt", "").startswith("9999") for r in d["results"]),
    "9 fraction digits and an offset": lambda d: re.search(r"\.\d{9}[+-]", d["startedAt"]),
    "hostile keys": lambda d: "" in d or "__proto__" in d or "$ref" in d,
    "non-ASCII keys": lambda d: any(not k.isascii() for r in d["results"] for k in r["properties"]),
}


@pytest.mark.parametrize("corner", CORNERS)
def test_the_strategy_reaches_the_corners(corner: str) -> None:
    search = settings(max_examples=2000, phases=[Phase.generate], database=None)
    find(valid_responses(), CORNERS[corner], settings=search)


def test_shrinking_gives_a_small_document() -> None:
    smallest = find(valid_responses(), lambda d: len(d["results"]) >= 1)
    assert smallest == {
        "status": "PENDING",
        "results": [
            {
                "id": "",
                "properties": {},
                "createdAt": "1970-01-01T00:00:00Z",
                "updatedAt": "1970-01-01T00:00:00Z",
                "archived": False,
            }
        ],
        "startedAt": "1970-01-01T00:00:00Z",
        "completedAt": "1970-01-01T00:00:00Z",
    }


def test_the_jsonschema_oracle_asserts_date_time_format() -> None:
    verdict = bundled_oracle().check(
        {
            "status": "COMPLETE",
            "results": [],
            "startedAt": "not-a-date",
            "completedAt": "2024-01-15T10:30:00Z",
        },
        ["jsonschema"],
    )["jsonschema"]
    assert [(e.pointer, e.keyword) for e in verdict.errors] == [("/startedAt", "format")]


@pytest.mark.parametrize(
    "kwargs",
    [{"dialect": "xml"}, {"max_results": -1}, {"max_text": "3"}, {"max_depth": True}],
)
def test_bad_arguments_raise_invalid_argument(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        valid_responses(**kwargs)
