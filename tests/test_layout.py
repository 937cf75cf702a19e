"""The package's shape: the machinery never imports the HubSpot domain, and the top-level
import costs nothing heavy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "batchcalls_fuzz"
FACES = {
    "batchcalls_fuzz",
    "batchcalls_fuzz.cli",
    "batchcalls_fuzz.pytest_plugin",
    "batchcalls_fuzz.server",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MACHINERY = sorted(name for name in map(_module_name, PACKAGE.rglob("*.py")) if name not in FACES)


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_the_machinery_does_not_import_the_bundled_domain() -> None:
    # One process: each module in turn, the first to pull the domain in is named.
    code = "\n".join(
        [
            "import importlib, sys",
            f"for name in {MACHINERY!r}:",
            "    importlib.import_module(name)",
            "    if 'batchcalls_fuzz.strategies' in sys.modules:",
            "        print(name)",
            "        break",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == ""
    assert len(MACHINERY) > 20


def test_the_top_level_import_loads_nothing_heavy() -> None:
    loaded = _modules_after("import batchcalls_fuzz")
    heavy = {"hypothesis", "jsonschema", "json_structure", "typer", "rich", "importlib.metadata"}
    assert loaded & heavy == set()


def test_public_names_resolve() -> None:
    import batchcalls_fuzz as bf

    for name in bf.__all__:
        assert getattr(bf, name) is not None
    assert bf.__version__.count(".") >= 1


def test_every_package_is_in_the_distribution() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
    listed = set(
        tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text())["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {_module_name(path) for path in PACKAGE.rglob("__init__.py")}
    assert found - listed == set(), "packages a regular install would leave out"
