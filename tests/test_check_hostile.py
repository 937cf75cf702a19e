"""``check`` and ``fuzz_consumer`` against consumers that misbehave in ways beyond exceptions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis.errors import InvalidArgument

from batchcalls_fuzz import ConsumerContractError, fuzz_consumer
from batchcalls_fuzz.cli import main

CONSUMERS = """
import sys

def exits(body):
    sys.exit(0)

def closes(body):
    raise GeneratorExit

def noisy(body):
    print("hello from the consumer")
    raise ValueError("rejected")
"""


@pytest.mark.parametrize("leaving", [SystemExit(0), SystemExit(3), GeneratorExit()])
def test_a_consumer_that_leaves_breaks_the_contract(leaving: BaseException) -> None:
    def consumer(body: Any) -> None:
        raise leaving

    with pytest.raises(ConsumerContractError, match=type(leaving).__name__):
        fuzz_consumer(consumer, phases=("coverage",), kinds=("valid",))


def _check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    (tmp_path / "hostile_consumers.py").write_text(CONSUMERS)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("hostile_consumers", None)
    try:
        main(["check", *args, "--phases", "explicit", "--input", "dict"])
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", ["exits", "closes"])
def test_check_reports_a_consumer_that_exits_as_a_breach(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    code, out, _ = _check(
        capsys, tmp_path, monkeypatch, f"hostile_consumers:{name}", "--format", "json"
    )
    assert code == 1
    assert json.loads(out)["broken"]


def test_what_the_consumer_prints_stays_out_of_the_json_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _check(
        capsys, tmp_path, monkeypatch, "hostile_consumers:noisy", "--format", "json"
    )
    assert code == 1  # it rejects the valid documents
    assert json.loads(out)["breaches"]
    assert "hello from the consumer" in err


def test_a_relative_module_name_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _check(capsys, tmp_path, monkeypatch, "..hostile_consumers:exits")
    assert code == 2 and out == "" and err.count("\n") == 1


@pytest.mark.parametrize("name", ["bogus", "enum:nonexistent", "disputed:no-such-case"])
def test_a_tolerated_name_that_matches_nothing_is_refused(name: str) -> None:
    with pytest.raises(InvalidArgument, match="names no case"):
        fuzz_consumer(lambda body: body, tolerate={name}, phases=("coverage",))


def test_check_refuses_a_misspelt_tolerate_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _check(
        capsys, tmp_path, monkeypatch, "hostile_consumers:noisy", "--tolerate", "json_edge"
    )
    assert code == 2 and out == "" and err.count("\n") == 1 and "json_edge" in err
