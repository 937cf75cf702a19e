"""The mutant benchmark (bench/mutants): the reference keeps the package's contract, every
mutant applies to it and differs from it on its witness, and the runner runs."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from batchcalls_fuzz import fuzz_consumer
from batchcalls_fuzz.serialize import to_bytes
from batchcalls_fuzz.strategies import coverage_cases
from conftest import scaled

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "mutants"
sys.path.insert(0, str(BENCH))

import mutants  # noqa: E402
import outcome  # noqa: E402
import reference  # noqa: E402


def _accepted_as_response(result: Any) -> bool:
    return isinstance(result, reference.BatchResponse)


def test_the_reference_keeps_the_consumer_contract() -> None:
    fuzz_consumer(
        reference.parse,
        input="bytes",
        rejects=ValueError,
        accepts=_accepted_as_response,
        max_examples=scaled(300),
        seed=20,
    )


@pytest.mark.parametrize("case", coverage_cases(), ids=lambda c: c.name)
def test_the_reference_answers_every_coverage_case_as_labelled(case: Any) -> None:
    seen = outcome.observe(reference.parse, to_bytes(case.document))
    assert seen.kind == ("accepted" if case.violation is None else "rejected"), seen.error


def _corpus() -> list[tuple[str, str, str, bytes]]:
    corpus = ROOT / "corpora"
    entries = []
    for line in (corpus / ".batchcalls" / "manifest.jsonl").read_text().splitlines():
        entry = json.loads(line)
        label = entry["label"] or {}
        kind = label.get("kind", "") if entry["kind"] == "malformed" else ""
        payload = (corpus / entry["file"]).read_bytes()
        entries.append((entry["file"], entry["kind"], kind, payload))
    return entries


def test_the_reference_answers_the_committed_corpus_as_labelled() -> None:
    wrong = []
    for file, kind, malformed_kind, payload in _corpus():
        seen = outcome.observe(reference.parse, payload)
        if kind == "valid":
            expected = {"accepted"}
        elif malformed_kind in ("json-edge", "parser-limit"):
            expected = {"accepted", "rejected"}  # left to implementations by RFC 8259
        else:
            expected = {"rejected"}
        if seen.kind not in expected:
            wrong.append((file, kind, malformed_kind, seen.kind, seen.error))
    assert not wrong


def test_every_mutant_has_a_unique_name_and_a_known_class() -> None:
    names = [m.name for m in mutants.MUTANTS]
    assert len(names) == len(set(names))
    assert len(names) >= 45
    assert all(m.bug_class in mutants.ANCHOR_OF_CLASS for m in mutants.MUTANTS)


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=lambda m: m.name)
def test_the_witness_shows_the_mutant_breaking_the_contract(mutant: mutants.Mutant) -> None:
    parse = mutant.load().parse
    with outcome.production_recursion_limit():
        # Not "slow": the reference answers the witness within the deadline.
        expected = outcome.observe(reference.parse, mutant.witness)
        assert expected.kind in ("accepted", "rejected"), expected.error
        assert outcome.breach(expected, outcome.observe(parse, mutant.witness)) is not None


def test_an_edit_whose_snippet_is_missing_is_refused() -> None:
    broken = mutants.Mutant("broken", "valid", "no such code", (("no such code", ""),), b"")
    with pytest.raises(AssertionError, match="found 0 times"):
        broken.source()


# --- the hand-written parser against the standard library ---------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values, st.booleans())
def test_parse_json_reads_what_json_dumps_writes(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert outcome.equivalent(reference.parse_json(text), value)


@given(st.text(alphabet=st.sampled_from('{}[]":,0123456789.eE+-truefalsn \\u\t\x00'), max_size=30))
def test_parse_json_accepts_only_what_json_loads_accepts_alike(text: str) -> None:
    try:
        value = reference.parse_json(text)
    except ValueError:
        return
    assert outcome.equivalent(value, json.loads(text))


def test_nesting_is_read_without_recursion_up_to_its_limit() -> None:
    depth = reference.MAX_DEPTH
    with outcome.production_recursion_limit():
        value = reference.frozen(reference.parse_json("[" * depth + "]" * depth))
    for _ in range(depth - 1):
        value = value[0]
    assert value == ()
    with pytest.raises(ValueError, match="nesting"):
        reference.parse_json("[" * (depth + 1) + "]" * (depth + 1))


# --- date-times ---------------------------------------------------------------------------

offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.datetimes(timezones=offsets), st.sampled_from(["T", "t"]))
def test_a_date_time_keeps_its_instant(moment: datetime, separator: str) -> None:
    text = moment.isoformat(sep=separator)
    read = reference.read_date_time(text, "/x")
    assert read.moment == moment
    assert read.moment.utcoffset() == moment.utcoffset()
    assert not read.leap_second


@pytest.mark.parametrize(
    ("text", "leap", "fraction"),
    [
        ("2016-12-31T23:59:60Z", True, ""),
        ("9999-12-31T23:59:60.5z", True, "5"),
        ("0001-01-01T00:00:00+23:59", False, ""),
        ("9999-12-31T23:59:59.9999999995-23:59", False, "9999999995"),
        ("2024-01-15T10:30:00.100-00:00", False, "1"),
    ],
)
def test_disputed_date_times_are_read_without_overflow(
    text: str, leap: bool, fraction: str
) -> None:
    read = reference.read_date_time(text, "/x")
    assert (read.leap_second, read.fraction) == (leap, fraction)
    assert read.moment.tzinfo is not None


def test_results_compare_by_instant_sign_of_zero_and_type() -> None:
    utc = datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
    assert outcome.equivalent(utc, utc.astimezone(timezone(timedelta(hours=1))))
    assert not outcome.equivalent(utc, utc.replace(tzinfo=None))
    assert not outcome.equivalent(0.0, -0.0)
    assert outcome.equivalent(1, 1.0)
    assert not outcome.equivalent(True, 1)
    assert not outcome.equivalent(2**64 + 1, float(2**64 + 1))
    assert not outcome.equivalent({"a": "1"}, {"a": 1})
    assert math.isnan(float("nan")) and not outcome.equivalent(math.nan, math.nan)


# --- the runner ---------------------------------------------------------------------------


def test_the_runner_smoke_test_prints_rows_and_a_summary() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in ("archived-at-absent-keyerror", "unknown-status-accepted"):
        assert name in result.stdout
    assert "killed in all 1 seeds:" in result.stdout
    assert "median calls to the first failure" in result.stdout
