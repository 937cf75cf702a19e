"""The README's examples run as written."""

from __future__ import annotations

from pathlib import Path

import pytest

README = (Path(__file__).parent.parent / "README.md").read_text()


def _code_after(heading: str) -> str:
    return README.split(heading)[1].split("```python\n")[1].split("```")[0]


@pytest.mark.parametrize("heading", ["## In your tests", "## Invalid documents and their labels"])
def test_the_example_runs_and_passes(pytester: pytest.Pytester, heading: str) -> None:
    pytester.makepyfile(_code_after(heading))
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)


def test_the_quick_start_gives_the_two_commands() -> None:
    quick = README.split("## Quick start")[1].split("\n## ")[0]
    assert "pip install . && batchcalls-fuzz sample --count 3" in quick
    assert 'pip install ".[test]" && python -m pytest' in quick
