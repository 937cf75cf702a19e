"""Production conditions of a consumer call: the interpreter's own recursion limit, the deadline
on size-stress documents; and ``accepts`` with the input document."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchcalls_fuzz import ConsumerContractError, fuzz_consumer
from batchcalls_fuzz.consumer import conditions


def _depth(value: Any) -> int:
    """Nesting depth, three frames per level (this, the generator, max())."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def careful_parse(data: bytes) -> Any:
    """Rejects what json refuses; then walks the document recursively (the planted bug)."""
    try:
        body = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ValueError(str(error)) from None
    _depth(body)
    return body


def test_the_production_limit_is_the_one_before_hypothesis_raised_it() -> None:
    seen: list[int] = []

    @settings(max_examples=1)
    @given(st.none())
    def inside(_: None) -> None:
        seen.append(sys.getrecursionlimit())

    inside()
    assert conditions.production_limit() == conditions.PRODUCTION_RECURSION_LIMIT
    assert seen[0] > conditions.production_limit()


def test_a_recursive_consumer_fine_under_hypothesis_is_caught_at_the_production_limit() -> None:
    deep = b'{"a":' * 500 + b"0" + b"}" * 500
    # Under Hypothesis' raised limit, 500 levels at three frames each pass...
    checked: list[bool] = []

    @settings(max_examples=1)
    @given(st.just(deep))
    def under_hypothesis(data: bytes) -> None:
        careful_parse(data)
        checked.append(True)

    under_hypothesis()
    assert checked == [True]
    options: dict[str, Any] = {
        "input": "bytes",
        "kinds": ("malformed",),
        "phases": ("coverage",),
        "tolerate": ("json-edge", "invalid-json", "parser-limit"),
    }
    # ...while under the interpreter's own limit they crash, as in production.
    with pytest.raises(ConsumerContractError, match="raised RecursionError") as failure:
        fuzz_consumer(careful_parse, **options)
    assert "deep-nesting-" in str(failure.value)
    fuzz_consumer(careful_parse, recursion_limit=5_000, **options)


def test_a_quadratic_consumer_misses_the_deadline_on_the_size_stress_document() -> None:
    def quadratic(body: dict[str, Any]) -> int:
        ids = [result["id"] for result in body["results"]]
        return sum(1 for a in ids for b in ids for _ in range(200) if a == b)

    with pytest.raises(ConsumerContractError, match=r"no answer within 0\.5 s") as failure:
        fuzz_consumer(quadratic, kinds=("valid",), phases=("coverage",), deadline=0.5)
    assert "stress 1000 items" in str(failure.value)


def _instants(document: Any) -> list[datetime]:
    return [
        datetime.fromisoformat(document[name].replace("Z", "+00:00").replace("z", "+00:00"))
        for name in ("startedAt", "completedAt")
    ]


def test_accepts_with_the_input_catches_a_dropped_offset() -> None:
    def offset_dropped(body: dict[str, Any]) -> list[datetime]:
        return [instant.replace(tzinfo=None) for instant in _instants(body)]

    def same_instants(result: list[datetime], document: Any) -> bool:
        try:
            return result == _instants(document)
        except (TypeError, ValueError):
            return True  # fromisoformat before 3.11 reads fewer forms: nothing to compare

    with pytest.raises(ConsumerContractError, match=r"accepts\(\) is false"):
        fuzz_consumer(
            offset_dropped,
            kinds=("valid",),
            accepts=same_instants,
            phases=("explicit", "coverage"),
        )


def test_a_one_parameter_accepts_still_gets_the_result() -> None:
    seen: list[Any] = []

    def accepts(result: Any) -> bool:
        seen.append(result)
        return True

    fuzz_consumer(lambda body: "parsed", kinds=("valid",), accepts=accepts, phases=("explicit",))
    assert seen == ["parsed"]
