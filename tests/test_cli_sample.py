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
