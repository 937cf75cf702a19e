"""The contract report: ``fuzz_consumer(..., report=True)``, ``batchcalls-fuzz check`` and the
pytest options; Hypothesis statistics of fuzz_consumer runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from batchcalls_fuzz import ConsumerContractError, fuzz_consumer

COMMAND = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]

CONSUMERS = '''
import json

STATUSES = ("PENDING", "PROCESSING", "CANCELED", "COMPLETE")


def lax(data):
    """Two bugs: any status passes, a missing startedAt raises KeyError."""
    body = json.loads(data)
    if not isinstance(body, dict):
        raise ValueError("not an object")
    body["startedAt"]
    return body


def strict(data):
    """Rejects everything but the smallest valid documents: no valid document passes."""
    raise ValueError("no")
'''


def _lax(data: bytes) -> Any:
    body = json.loads(data)
    if not isinstance(body, dict):
        raise ValueError("not an object")
    body["startedAt"]  # the planted KeyError
    return body


OPTIONS: dict[str, Any] = {
    "input": "bytes",
    "kinds": ("valid", "invalid"),
    "phases": ("explicit", "coverage", "generate"),
    "max_examples": 20,
    "seed": 3,
}


def test_the_report_has_one_row_per_distinct_breach_and_what_was_exercised() -> None:
    with pytest.raises(ConsumerContractError) as failure:
        fuzz_consumer(_lax, report=True, **OPTIONS)
    report = failure.value.report
    assert report is not None and report.broken
    rows = {(row.entry, row.contract, row.exception): row for row in report.rows.values()}
    assert ("required:removed", "raised another exception than (ValueError)", "KeyError") in rows
    assert ("enum:other-case", "invalid input accepted", "") in rows
    assert len(rows) == len(report.rows)
    keyerror = rows[("required:removed", "raised another exception than (ValueError)", "KeyError")]
    assert keyerror.count >= 1 and keyerror.replay.startswith("case 'coverage:invalid /")
    exercised = report.to_dict()["exercised"]
    hit = exercised["catalogue_entries"]
    assert hit["hit"] == hit["total"] > 100  # the coverage phase ran every entry
    assert exercised["calls"]["generate"] >= 1
    json.dumps(report.to_dict())  # every field is JSON
    assert "required:removed" in str(failure.value) and "exercised" in str(failure.value)


def test_a_clean_run_returns_its_report() -> None:
    report = fuzz_consumer(lambda data: None, report=True, **{**OPTIONS, "kinds": ("valid",)})
    assert report is not None and not report.broken and report.rows == {}


def _check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "consumers.py").write_text(CONSUMERS)
    return subprocess.run(
        [*COMMAND, "check", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )


def test_check_prints_json_rows_and_exits_1_when_something_broke(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        "consumers:lax",
        "--input", "bytes",
        "--rejects", "ValueError",
        "--phases", "explicit,coverage",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    entries = {row["entry"] for row in report["breaches"]}
    assert {"required:removed", "enum:other-case"} <= entries
    assert all(row["replay"].startswith("case ") for row in report["breaches"])
    assert report["exercised"]["calls"] == {
        "explicit": 2,
        "coverage": report["exercised"]["calls"]["coverage"],
    }


def test_check_prints_a_table_in_a_terminal(tmp_path: Path) -> None:
    result = _check(tmp_path, "consumers:strict", "--phases", "explicit")
    assert result.returncode == 1, result.stderr
    assert "contract breaches" in result.stdout and "rejected" in result.stdout
    assert "catalogue entries" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["consumers:nothing"], "has no attribute"),
        (["nomodule:parse"], "cannot import"),
        (["consumers"], "MODULE:FUNCTION"),
        (["consumers:lax", "--rejects", "NoSuchError"], "no exception type"),
        (["consumers:lax", "--phases", "later"], "phases"),
    ],
)
def test_bad_usage_of_check_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = _check(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("batchcalls-fuzz: error: ") and fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_report_option_of_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        CONSUMERS
        + """

def test_lax(batchcalls_fuzz_consumer):
    batchcalls_fuzz_consumer(lax, input="bytes", kinds=("invalid",))
"""
    )
    result = pytester.runpytest(
        "--batchcalls-report", "--batchcalls-phases", "coverage", "-p", "no:randomly"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*contract breaches*", "*required:removed*", "*exercised*"])


def test_statistics_show_what_a_fuzz_consumer_run_generated(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_consumer(batchcalls_fuzz_consumer):
            batchcalls_fuzz_consumer(
                lambda data: None, input="bytes", kinds=("valid", "malformed"),
                tolerate=("invalid-json", "json-edge", "parser-limit"), max_examples=30,
                phases=("generate",),
            )
        """
    )
    result = pytester.runpytest("--hypothesis-show-statistics", "-p", "no:xdist")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*valid input*", "*malformed *"])
