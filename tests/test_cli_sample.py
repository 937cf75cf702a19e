"""``batchcalls-fuzz sample``: the main job from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import errors_of

COMMAND = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *args], capture_output=True, timeout=120, check=False)


def test_the_same_seed_gives_identical_bytes() -> None:
    first = run("sample", "--count", "1000", "--seed", "7")
    second = run("sample", "--count", "1000", "--seed", "7")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 1001
    assert run("sample", "--count", "5", "--seed", "8").stdout != b"\n".join(
        first.stdout.split(b"\n")[:5]
    )


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
def test_sampled_documents_are_valid_json_lines(dialect: str) -> None:
    result = run("sample", "--count", "50", "--seed", "1", "--dialect", dialect)
    for line in result.stdout.decode("utf-8").splitlines():
        assert errors_of(json.loads(line)) == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["sample", "--count", "-1"], "--count"),
        (["sample", "--dialect", "xml"], "--dialect"),
        (["sample", "--bogus"], "--bogus"),
        (["sample", "--count", "many"], "--count"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], fragment: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    message = result.stderr.decode("utf-8")
    assert message.startswith("batchcalls-fuzz: error: ") and fragment in message
    assert message.count("\n") == 1 and result.stdout == b""


def test_a_full_disk_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [*COMMAND, "sample", "--count", "10000"], stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 2
    assert result.stderr.decode().startswith("batchcalls-fuzz: error: No space left")


@pytest.mark.parametrize("dialect", ["jsonschema", "structure"])
def test_sampled_invalid_documents_are_rejected_as_labelled(dialect: str) -> None:
    from batchcalls_fuzz.derive.invalid import Violation
    from helpers import assert_rejected_as_labelled

    result = run("sample", "--kind", "invalid", "--labels", "--count", "200", "--dialect", dialect)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        label = record["label"]
        violation = Violation(
            label["rule"],
            label["pointer"],
            label["message"],
            label["variant"],
            frozenset(label["rejected_by"]),
        )
        assert dialect in violation.rejected_by
        assert_rejected_as_labelled(record["document"], violation)


def test_without_labels_an_invalid_line_is_just_the_document() -> None:
    labelled = run("sample", "--kind", "invalid", "--labels", "--count", "20", "--seed", "4")
    plain = run("sample", "--kind", "invalid", "--count", "20", "--seed", "4")
    documents = [json.loads(line)["document"] for line in labelled.stdout.splitlines()]
    assert [json.loads(line) for line in plain.stdout.splitlines()] == documents


def test_sampled_malformed_labels_are_true() -> None:
    import base64

    from test_malformed_payloads import python_verdict

    result = run("sample", "--kind", "malformed", "--labels", "--count", "100")
    for line in result.stdout.splitlines():
        record = json.loads(line)
        assert python_verdict(base64.b64decode(record["payload_base64"])) == record["kind"]


def test_rule_filters_go_with_invalid_only() -> None:
    assert run("sample", "--rule", "required").returncode == 2
    assert run("sample", "--kind", "invalid", "--rule", "nope").returncode == 2
