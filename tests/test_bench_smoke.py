"""The benchmark script still runs (tiny counts, no contender venvs): it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "bench" / "run.py"


def test_the_benchmark_runs_and_prints_its_tables() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--count", "20", "--rate-count", "20"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for fragment in (
        "batchcalls-fuzz valid_responses() in @given",
        "plain-random ceiling",
        "json.dumps floor",
        "corpus export, 200 files",
        "`sample --count 1` wall time",
        "pytest, one trivial test",
    ):
        assert fragment in result.stdout
