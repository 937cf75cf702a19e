"""The README's examples run as written."""

from __future__ import annotations

import importlib.util
import re
import sys
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
    assert "pip install . && batchcalls-fuzz sample --count 3 --profile realistic --pretty" in quick
    assert 'pip install ".[test]" && python -m pytest' in quick


def _between(text: str, name: str) -> str:
    return text.split(f"<!-- {name}:begin -->\n")[1].split(f"<!-- {name}:end -->")[0]


def test_the_hubspot_figures_are_the_scripts_output() -> None:
    pytest.importorskip("hubspot")
    script = Path(__file__).parent.parent / "examples" / "hubspot_client.py"
    spec = importlib.util.spec_from_file_location("hubspot_client_example", script)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = example  # dataclasses look their module up there
    spec.loader.exec_module(example)
    assert _between(README, "hubspot-client") == example.markdown(example.findings(600, 0))


def test_the_layout_names_every_module_and_only_modules_that_exist() -> None:
    root = Path(__file__).parent.parent
    layout = _between(README, "layout")
    named = set(re.findall(r"\b(\w+\.py)\b", layout))
    package = root / "src" / "batchcalls_fuzz"
    modules = {path.name for path in package.rglob("*.py") if path.name != "__init__.py"}
    modules |= {
        path.name for path in (root / "strategies").glob("*.py") if path.name != "__init__.py"
    }
    packages = {path.parent.name for path in package.rglob("__init__.py") if path.parent != package}
    assert modules - named == set(), "modules the layout does not name"
    assert named - modules - {"__init__.py"} == set(), "the layout names modules that do not exist"
    assert {name for name in packages if f"{name}/" not in layout} == set()


def test_the_coverage_set_sizes_are_the_scripts() -> None:
    from batchcalls_fuzz import coverage_cases

    quoted = re.search(
        r"(\d+) cases for `jsonschema` \((\d+) invalid, (\d+) valid\) and (\d+) for `structure`",
        README,
    )
    assert quoted is not None
    cases = coverage_cases("jsonschema")
    invalid = sum(case.violation is not None for case in cases)
    expected = (len(cases), invalid, len(cases) - invalid, len(coverage_cases("structure")))
    assert tuple(map(int, quoted.groups())) == expected


def test_the_report_excerpt_is_the_reports() -> None:
    from batchcalls_fuzz.consumer.fuzz import contract_report
    from batchcalls_fuzz.strategies import bundled_schema

    namespace: dict[str, object] = {}
    exec(_code_after("## Fuzz your consumer in five lines"), namespace)
    report = contract_report(
        namespace["parse_batch"],
        schema=bundled_schema(),
        input="text",
        rejects=ValueError,
        phases=("explicit", "coverage"),
    ).to_dict()
    excerpt = README.split("## Fuzz your consumer in five lines")[1].split("\n## ")[0]
    shown = {
        name: [int(n) for n in (hit, total) if n]
        for name, hit, total in re.findall(r"│ ([a-z ]+?) +│ +(\d+) │ +(\d*) *│", excerpt)
    }
    exercised = report["exercised"]
    for name, key in (
        ("catalogue entries", "catalogue_entries"),
        ("malformed defects", "malformed_defects"),
        ("disputed cases", "disputed_cases"),
    ):
        assert shown[name] == [exercised[key]["hit"], exercised[key]["total"]]
    assert shown["calls in explicit"] == [exercised["calls"]["explicit"]]
    assert shown["calls in coverage"] == [exercised["calls"]["coverage"]]
    assert f"... {len(report['breaches'])} rows:" in excerpt
    listed = re.findall(r"^│ (\S+) +│ [a-z]", excerpt.split("exercised")[0], re.MULTILINE)
    entries = [row["entry"] for row in report["breaches"]]
    # The excerpt opens with the report's first rows, then picks some of the rest.
    assert len(listed) >= 2 and listed[:2] == entries[:2] and set(listed) <= set(entries)
