"""The HTTP benchmark script still runs (small counts): it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "bench" / "server.py"


def test_the_server_benchmark_runs_and_prints_its_tables() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--repeats", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for fragment in (
        "HTTP, default mix (keep-alive, loopback)",
        "in process, default mix (plan.answer)",
        "requests, trusts every body",
    ):
        assert fragment in result.stdout
    assert "none in 200 examples" not in result.stdout
