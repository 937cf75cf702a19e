"""Contenders' own virtual environments under bench/.work (gitignored), built on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work"
HYPOTHESIS_JSONSCHEMA_PIN = "hypothesis==6.170.9"
"""hypothesis-jsonschema 0.23.1 calls a private Hypothesis internal removed after 6.170.9."""

HYPOTHESIS_JSONSCHEMA = ["hypothesis-jsonschema", HYPOTHESIS_JSONSCHEMA_PIN, "jsonschema"]
SCHEMATHESIS = ["schemathesis"]


def venv_python(name: str, packages: list[str], build: bool) -> Path | None:
    """The interpreter of the venv for ``name`` (its first word), built with ``packages`` when
    missing and ``build`` is true; None when missing and not to be built."""
    folder = WORK / name.split()[0]
    python = folder / "bin" / "python"
    if python.exists():
        return python
    if not build:
        return None
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
    return python


def with_this_project(python: Path) -> Path:
    """``python`` with this project installed (editable) in its venv, for running ours on a
    contender's pinned versions; installed once."""
    found = subprocess.run([str(python), "-c", "import batchcalls_fuzz"], capture_output=True)
    if found.returncode != 0:
        project = Path(__file__).resolve().parent.parent
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(project)], check=True)
    return python
