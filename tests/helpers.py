"""Test helpers shared by several test modules."""

from __future__ import annotations

from typing import Any

from batchcalls_fuzz.strategies import bundled_oracle


def errors_of(document: Any, dialects: tuple[str, ...] = ("jsonschema", "structure")) -> list[Any]:
    verdicts = bundled_oracle().check(document, dialects)
    return [error for verdict in verdicts.values() for error in verdict.errors]


def assert_rejected_as_labelled(document: Any, violation: Any, oracle: Any = None) -> None:
    """Every dialect in ``rejected_by`` rejects the document, each of its errors at the labelled
    place (or the object holding it, for a missing or extra member); every other dialect the
    oracle has accepts it."""
    from batchcalls_fuzz.schema import pointer as jp

    verdicts = (oracle or bundled_oracle()).check(document)
    places = {violation.pointer}
    if violation.rule in ("required", "additionalProperties"):
        places.add(jp.parent(violation.pointer))
    for dialect, verdict in verdicts.items():
        if dialect in violation.rejected_by:
            assert verdict.errors, f"{dialect} accepts {violation}"
            wrong = [e for e in verdict.errors if e.pointer not in places]
            assert not wrong, f"{dialect} errors elsewhere than {places}: {wrong}"
        else:
            assert verdict.valid, f"{dialect} rejects, though not labelled so: {verdict.errors}"
