"""Test helpers shared by several test modules."""

from __future__ import annotations

from typing import Any

from batchcalls_fuzz.strategies import bundled_oracle


def errors_of(document: Any, dialects: tuple[str, ...] = ("jsonschema", "structure")) -> list[Any]:
    verdicts = bundled_oracle().check(document, dialects)
    return [error for verdict in verdicts.values() for error in verdict.errors]
