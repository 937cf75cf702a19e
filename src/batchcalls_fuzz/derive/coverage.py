"""The coverage set: one case per catalogue entry and per boundary of the valid space.

Deterministic and without Hypothesis: each case draws from its own ``RandomSource`` seeded by
its name, so adding a case changes no other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..schema import pointer as jp
from ..schema.ir import JSON, EnumNode, Node, ObjectNode, walk
from .invalid import Mutator, Violation, edited, matching_pointers, select
from .source import RandomSource


@dataclass(frozen=True)
class CoverageCase:
    name: str
    document: JSON
    violation: Violation | None
    """None for a valid boundary case."""


def coverage_cases(root: Node, dialect: str | None = None) -> list[CoverageCase]:
    mutator = Mutator(root)
    cases: list[CoverageCase] = []
    for mutation in select(mutator.mutations, dialect):
        name = f"invalid {mutation.anchor or '/'} {mutation.rule} {mutation.variant}"
        invalid = mutator.apply(RandomSource(name), mutation)
        cases.append(CoverageCase(name, invalid.document, invalid.violation))
    for node in walk(root):
        if isinstance(node, EnumNode):
            for value in node.values:
                name = f"valid {node.path or '/'} = {value!r}"
                cases.append(CoverageCase(name, _holding(mutator, node.path, value, name), None))
        if isinstance(node, ObjectNode):
            for member, child in node.properties.items():
                if member in node.required:
                    continue
                name = f"valid {child.path} present"
                cases.append(
                    CoverageCase(name, mutator.valid_with(child.path)(RandomSource(name)), None)
                )
                name = f"valid {child.path} absent"
                document = mutator.valid_with(node.path)(RandomSource(name))
                for pointer in matching_pointers(document, node.path):
                    document = edited(document, jp.tokens(pointer), _without(member))
                cases.append(CoverageCase(name, document, None))
    return cases


def _holding(mutator: Mutator, path: str, value: JSON, name: str) -> JSON:
    """A valid document with ``value`` at a place matching ``path``: one drawn that way where
    a few tries find one (writing the value in could repeat an item of a unique array)."""
    generate = mutator.valid_with(path)
    for attempt in range(100):
        document = generate(RandomSource(f"{name}:{attempt}"))
        places = matching_pointers(document, path)
        if any(jp.resolve(document, p) == value for p in places):
            return document
    return edited(document, jp.tokens(places[0]), _constant(value))


def _constant(value: JSON) -> Callable[[JSON], JSON]:
    return lambda _: value


def _without(member: str) -> Callable[[JSON], JSON]:
    return lambda obj: {k: v for k, v in obj.items() if k != member}
